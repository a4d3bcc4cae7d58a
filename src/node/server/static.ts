/**
 * Serves the built renderer and nothing else: only regular files under `root`, after decoding,
 * normalising and resolving symlinks, so `..`, encoded slashes and links out of the folder all fail.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticFile {
  path: string;
  size: number;
  type: string;
  /** Vite's hashed assets never change; index.html must always be fetched fresh. */
  immutable: boolean;
}

type StaticLookup = { ok: true; file: StaticFile } | { ok: false; status: 400 | 403 | 404 };

/** Maps a URL pathname to a file under `root`, or says why not. */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  if (
    decoded.split('/').some((seg) => seg === '..' || (seg.startsWith('.') && seg.length > 1 && seg !== '.well-known'))
  ) {
    return { ok: false, status: 403 };
  }
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const candidate = resolve(base, rel);
  if (candidate !== base && !candidate.startsWith(base + sep)) return { ok: false, status: 403 };
  try {
    const [real, realBase] = await Promise.all([realpath(candidate), realpath(base)]);
    if (!real.startsWith(realBase + sep)) return { ok: false, status: 403 };
    const st = await stat(real);
    if (!st.isFile()) return { ok: false, status: 404 };
    const ext = extname(real).toLowerCase();
    return {
      ok: true,
      file: {
        path: real,
        size: st.size,
        type: TYPES[ext] ?? 'application/octet-stream',
        immutable: rel.startsWith('assets/'),
      },
    };
  } catch {
    return { ok: false, status: 404 };
  }
}

export function openStatic(file: StaticFile) {
  return createReadStream(file.path);
}
