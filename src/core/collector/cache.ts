/**
 * Response cache (docs/design.md §6): lru-cache with a TTL per entry, keyed by provider, account,
 * method, path, query and a hash of the body. Expired entries are kept (until LRU eviction) as the
 * "last good value" a caller may fall back to when a fresh call fails.
 *
 * lru-cache reads `performance.now()` captured at import and caches "now" for `ttlResolution` ms
 * with a real timer; both are replaced here (`perf` from the Clock, `ttlResolution: 0`) so a fake
 * clock drives expiry exactly. An entry expires when strictly more than its TTL has passed.
 */
import { LRUCache } from 'lru-cache';
import type { Clock } from './clock';
import type { QueryValue } from './http';

export interface ResponseCacheOptions {
  clock: Clock;
  /** Entries kept (fresh or stale). Default 500. */
  max?: number;
}

export class ResponseCache {
  private readonly lru: LRUCache<string, { value: unknown }>;

  constructor(opts: ResponseCacheOptions) {
    const { clock } = opts;
    // lru-cache reads a start time of 0 as "no TTL": count from 1 at construction.
    const origin = clock.now();
    this.lru = new LRUCache<string, { value: unknown }>({
      max: opts.max ?? 500,
      ttlResolution: 0,
      perf: { now: () => Math.max(1, clock.now() - origin + 1) },
      allowStale: false,
      // A stale read must not delete the entry: it is the fallback value.
      noDeleteOnStaleGet: true,
      ttlAutopurge: false,
    });
  }

  /** A fresh value, or undefined when absent or expired. */
  get<T>(key: string): T | undefined {
    return this.lru.get(key)?.value as T | undefined;
  }

  /** The last stored value even when its TTL has passed (stale-if-error). */
  getStale<T>(key: string): T | undefined {
    return this.lru.peek(key, { allowStale: true })?.value as T | undefined;
  }

  has(key: string): boolean {
    return this.lru.has(key);
  }

  set(key: string, value: unknown, ttlMs: number): void {
    this.lru.set(key, { value }, { ttl: Math.max(1, Math.floor(ttlMs)) });
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }
}

/** Stable text for a query: keys sorted, undefined/null dropped, arrays kept in order. */
export function canonicalQuery(query: Record<string, QueryValue> | URLSearchParams | undefined): string {
  if (!query) return '';
  const pairs: Array<[string, string]> = [];
  if (query instanceof URLSearchParams) {
    for (const [k, v] of query) pairs.push([k, v]);
  } else {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) for (const x of v) pairs.push([k, String(x)]);
      else pairs.push([k, String(v)]);
    }
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** JSON with sorted object keys, so equal bodies hash equally. */
function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const obj = v as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
    .join(',')}}`;
}

export function bodyHash(body: unknown): string {
  if (body === undefined) return '-';
  // node:crypto is loaded when first used (process.getBuiltinModule), not by every CLI start (~8 ms).
  return process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(stableJson(body))
    .digest('base64url')
    .slice(0, 22);
}

interface RequestKeyParts {
  provider: string;
  account: string;
  method: string;
  path: string;
  query?: Record<string, QueryValue> | URLSearchParams;
  body?: unknown;
}

/** Cache key for an HTTP request. The body is hashed so no request body is ever kept as a key. */
export function requestCacheKey(p: RequestKeyParts): string {
  return [
    'http',
    p.provider,
    p.account,
    p.method.toUpperCase(),
    p.path,
    canonicalQuery(p.query),
    bodyHash(p.body),
  ].join('\u0000');
}

/** Cache key for an SDK call. */
export function callCacheKey(provider: string, account: string, name: string, key: string): string {
  return ['call', provider, account, name, key].join('\u0000');
}
