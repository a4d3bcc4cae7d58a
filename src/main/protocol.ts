/**
 * `app://cloudtop/…` serves the built renderer (out/renderer) instead of `file://` (checklist 18,
 * docs/reliability.md A6): a file:// page gets extra privileges and can read any local file it can name.
 * The resolver maps a URL to a file strictly inside the renderer folder; anything else — another
 * host, `..` in any encoding, backslashes, NUL, a directory — is a 404. Every response carries the
 * desktop CSP as a header.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, DESKTOP_CSP } from './security';

/** Registered before `ready`: standard + secure gives the page a real origin, fetch and CORS behave. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * URL → absolute file path inside `root`, or null. `root` must be absolute. Pure: no file access.
 */
export function resolveAppPath(root: string, rawUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password || u.port) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  // Any dot-dot segment, whatever it decoded from, is refused outright rather than normalised away.
  if (rel.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  if (rel === '' || rel === '/') rel = '/index.html';
  if (rel.endsWith('/')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${rel}`);
  if (!full.startsWith(base + path.sep)) return null;
  return full;
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-security-policy': DESKTOP_CSP,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** The protocol.handle handler: GET/HEAD only, files only, CSP on every response. */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const base = path.resolve(root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    const file = resolveAppPath(base, request.url);
    if (!file) return notFound();
    try {
      // Symlinks could point outside the folder: compare the real path too.
      const real = await fs.realpath(file);
      const realBase = await fs.realpath(base);
      if (!real.startsWith(realBase + path.sep)) return notFound();
      const stat = await fs.stat(real);
      if (!stat.isFile()) return notFound();
      const body = request.method === 'HEAD' ? null : await fs.readFile(real);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': mimeType(real),
          'content-security-policy': DESKTOP_CSP,
          'x-content-type-options': 'nosniff',
          'cross-origin-opener-policy': 'same-origin',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return notFound();
    }
  };
}
