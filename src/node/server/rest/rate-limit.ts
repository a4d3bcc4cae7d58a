/**
 * Requests per token: a token bucket (burst `capacity`, refilled at `perMinute`). A script that
 * polls in a tight loop gets 429 with Retry-After instead of keeping the core busy; the page's own
 * WebSocket is not counted. Keys are SHA-256 digests, so the map never holds a token.
 */
import { createHash } from 'node:crypto';

export interface RateLimitOptions {
  /** Sustained requests per minute per token. */
  perMinute: number;
  /** Requests allowed at once before the rate applies. */
  capacity: number;
  now?: () => number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perMinute: 120, capacity: 60 };

export interface RateLimiter {
  /** Takes one request; `retryAfterMs` is set when the token must wait. */
  take(token: string): { ok: true } | { ok: false; retryAfterMs: number };
}

export function createRateLimiter(o: RateLimitOptions = DEFAULT_RATE_LIMIT): RateLimiter {
  const now = o.now ?? Date.now;
  const perMs = o.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(token) {
      const key = createHash('sha256').update(token).digest('base64url');
      const t = now();
      const b = buckets.get(key) ?? { tokens: o.capacity, at: t };
      b.tokens = Math.min(o.capacity, b.tokens + (t - b.at) * perMs);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / perMs) };
    },
  };
}
