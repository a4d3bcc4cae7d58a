/**
 * Electron hardening decisions as pure functions (docs/reliability.md §7 A3–A5, G2): which URLs count as
 * our own page, which links may leave the app, what navigation, window.open and permission requests
 * get. main/hardening.ts wires them to Electron; tests call them directly with hostile input.
 *
 * Every decision parses with `new URL` and compares parsed parts exactly: `startsWith` can be fooled
 * (`https://dash.cloudflare.com.evil.tld`, `https://dash.cloudflare.com@evil.tld`).
 */

/** The window's own origin: a privileged custom protocol serving out/renderer (checklist item 18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cloudtop';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const MAX_URL_LENGTH = 2048;

function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Where our page may come from: `app://cloudtop/…`, or — in development only, when electron-vite
 * serves the renderer — exactly the dev server's origin.
 */
export interface AppOrigins {
  devOrigin?: string;
}

export function isAppUrl(raw: unknown, origins: AppOrigins = {}): boolean {
  const u = parseUrl(raw);
  if (!u) return false;
  // `app:` is not a WHATWG special scheme, so URL.origin is "null": compare scheme and host.
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password && !u.port) return true;
  if (origins.devOrigin) {
    const dev = parseUrl(origins.devOrigin);
    return !!dev && u.origin !== 'null' && u.origin === dev.origin;
  }
  return false;
}

/** Hosts of https URLs (provider consoles and docs). Anything else is dropped. */
export function allowedHostsFrom(urls: Iterable<string | undefined>): Set<string> {
  const hosts = new Set<string>();
  for (const raw of urls) {
    const u = parseUrl(raw);
    if (u && u.protocol === 'https:' && !u.username && !u.password && !u.port) hosts.add(u.hostname);
  }
  return hosts;
}

/**
 * The only URLs `shell.openExternal` may receive: https, no credentials, default port, a host on the
 * allowlist exactly (no subdomains, no trailing dot). Returns the normalised URL or null.
 */
export function allowedExternalUrl(raw: unknown, hosts: ReadonlySet<string>): string | null {
  const u = parseUrl(raw);
  if (!u) return null;
  if (u.protocol !== 'https:') return null;
  if (u.username || u.password || u.port) return null;
  if (!hosts.has(u.hostname)) return null;
  return u.href;
}

type NavigationDecision = { allow: false; openExternally?: string };

/** The window never navigates away from the app page; an allow-listed console link opens in the browser. */
export function navigationDecision(url: unknown, hosts: ReadonlySet<string>): NavigationDecision {
  const external = allowedExternalUrl(url, hosts);
  return external ? { allow: false, openExternally: external } : { allow: false };
}

/** `window.open` and target=_blank never create a window; the same allowlist decides on the browser. */
export function windowOpenDecision(
  url: unknown,
  hosts: ReadonlySet<string>,
): { action: 'deny'; openExternally?: string } {
  const external = allowedExternalUrl(url, hosts);
  return external ? { action: 'deny', openExternally: external } : { action: 'deny' };
}

/** The one permission the window may have: notifications, and only for our own page. */
export function permissionAllowed(permission: string, requestingUrl: unknown, origins: AppOrigins = {}): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl, origins);
}

/**
 * CSP sent as a header with every app:// response. It is stricter than the renderer's meta tag (which
 * also has to allow browser mode's WebSocket): in the desktop app the page talks to main only
 * through the preload bridge, so it may connect nowhere. Both policies apply; the stricter wins.
 * style-src needs 'unsafe-inline' for Mantine's runtime style tags (styles cannot run code).
 */
export const DESKTOP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
