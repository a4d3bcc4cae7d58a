/**
 * Who may talk to `cloudtop serve`: a random token (query once, then an HttpOnly cookie, or a bearer
 * header for Prometheus), and a Host/Origin allow-list so a DNS-rebinding page or a cross-site
 * WebSocket cannot reach the loopback server even if it guesses the port.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** `host` as it appears in a Host header / URL authority (IPv6 in brackets). */
export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** The `host:port` authorities this server answers to. */
export function allowedAuthorities(boundHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (isWildcard(boundHost)) {
    // Bound to every interface: accept each local address, but still no arbitrary DNS names.
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(hostForUrl(a.address.split('%')[0]!));
    }
  } else {
    names.add(hostForUrl(boundHost));
  }
  return new Set([...names].map((n) => `${n.toLowerCase()}:${port}`));
}

export function hostAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && allowed.has(host.toLowerCase());
}

/** Origin must be one of our own http origins; browsers always send it on WebSocket upgrades. */
export function originAllowed(origin: string | undefined, allowed: Set<string>): boolean {
  if (!origin) return false;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && allowed.has(u.host.toLowerCase()) && u.pathname === '/';
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

/** Cookies are shared across ports of one host: the port in the name keeps two servers apart. */
function cookieName(port: number): string {
  return `cloudtop_token_${port}`;
}

type TokenSource = 'query' | 'cookie' | 'header';

/** Finds the token in the query, the cookie or an `Authorization: Bearer` header. */
export function presentedToken(req: IncomingMessage, url: URL, port: number): { token?: string; source?: TokenSource } {
  const q = url.searchParams.get('token');
  if (q) return { token: q, source: 'query' };
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth))
    return { token: auth.replace(/^Bearer\s+/i, ''), source: 'header' };
  const c = parseCookies(req.headers.cookie).get(cookieName(port));
  if (c) return { token: c, source: 'cookie' };
  return {};
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
