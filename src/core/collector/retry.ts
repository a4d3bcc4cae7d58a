/**
 * The one retry policy (docs/design.md §6, docs/reliability.md C2/C3): p-retry with explicit options, full
 * jitter, server-supplied delays honoured, a retry-time budget, and a fixed classification of
 * what may be retried. All sleeping goes through the Clock.
 */
import pRetry from 'p-retry';
import { CloudtopError, isCloudtopError } from '../../shared/model';
import type { Clock } from './clock';

export interface RetryPolicy {
  /** Retries after the first attempt (≤ 3). */
  retries: number;
  /** Full-jitter base and cap: delay n ∈ [0, min(capMs, baseMs·2^n)). */
  baseMs: number;
  capMs: number;
  /** No retry starts once this much time has passed since the first attempt (≤ 60 s per poll). */
  maxRetryTimeMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retries: 3,
  baseMs: 1000,
  capMs: 30_000,
  maxRetryTimeMs: 60_000,
});

/** Server-supplied delays above this are treated as this (docs/reliability.md C2). */
export const MAX_SERVER_DELAY_MS = 3600_000;

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : rec[key];
  return Array.isArray(v) ? v[0] : v;
}

const clamp = (ms: number): number => Math.min(MAX_SERVER_DELAY_MS, Math.max(0, ms));

// IMF-fixdate, RFC 850 and asctime all start with a day name and carry hh:mm:ss.
const HTTP_DATE = /^[A-Za-z]{3,9},? +[\dA-Za-z -]+\d{2}:\d{2}:\d{2}( +[A-Za-z]+| +\d{4})?$/;

/**
 * How long the server asked us to wait, in ms: `retry-after-ms`, then `Retry-After` as
 * delta-seconds or HTTP-date. Values above 1 h are clamped to 1 h; invalid values count as
 * absent (undefined); a date in the past gives 0.
 */
export function parseRetryAfter(headers: HeaderSource, nowMs: number): number | undefined {
  const ms = header(headers, 'retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return clamp(Number(ms));
  const ra = header(headers, 'retry-after')?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return clamp(Number(ra) * 1000);
  if (HTTP_DATE.test(ra)) {
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return clamp(at - nowMs);
  }
  return undefined;
}

/**
 * Reset hint from rate-limit headers sent with a 429 when there is no Retry-After: the IETF
 * draft `RateLimit: "default";r=0;t=30` (Cloudflare, RunPod) or `RateLimit-Reset: 30`. DigitalOcean
 * and Hetzner send `RateLimit-Reset` as a Unix time instead; a value past 10⁹ is read as one (with
 * `nowMs`), so it does not turn into an hour-long pause.
 */
export function parseRateLimitReset(headers: HeaderSource, nowMs?: number): number | undefined {
  const rl = header(headers, 'ratelimit');
  const t = rl ? /(?:^|[;,\s])t=(\d+(?:\.\d+)?)/.exec(rl) : null;
  if (t) return clamp(Number(t[1]) * 1000);
  const reset = header(headers, 'ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const n = Number(reset);
    if (n > 1e9 && nowMs !== undefined) return clamp(n * 1000 - nowMs);
    return clamp(n * 1000);
  }
  return undefined;
}

/** Statuses worth another attempt: 408, 409, 423, 429 and 5xx except 501. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 409 || status === 423 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** A transport failure (no HTTP answer): undici's `fetch failed`, socket errors, DNS. */
export function isNetworkError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = errorCode(e) ?? errorCode((e as { cause?: unknown }).cause);
  if (code && NETWORK_CODES.has(code)) return true;
  if (e instanceof TypeError) {
    const m = e.message;
    return (
      m === 'fetch failed' ||
      m === 'Failed to fetch' ||
      m === 'NetworkError when attempting to fetch resource.' ||
      m === 'Load failed' ||
      m === 'terminated'
    );
  }
  return false;
}

/**
 * May this failure be retried? CloudtopErrors carry the decision (`retryable`), except that a
 * cancellation never is; raw errors: network failures yes, HTTP-like errors by status, else no.
 */
export function isRetryable(e: unknown): boolean {
  if (isCloudtopError(e)) return e.code !== 'cancelled' && e.retryable;
  if (e instanceof Error && e.name === 'AbortError') return false;
  if (isNetworkError(e)) return true;
  const status = typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined;
  if (typeof status === 'number') return isRetryableStatus(status);
  return false;
}

export interface ClassifyOptions {
  /** Name used in the message ("Vast.ai"); defaults to the provider id. */
  displayName?: string;
  /** What was called (path or SDK call name, never a query string). */
  what?: string;
  retryAfterMs?: number;
}

function envPrefix(provider: string): string {
  return /^[a-z0-9]+$/.test(provider) ? `CLOUDTOP_${provider.toUpperCase()}_` : 'CLOUDTOP_<PROVIDER>_';
}

/**
 * Turns an HTTP error status into a CloudtopError whose message says what happened, where, and
 * what to do. `message` is the provider's own explanation (already secret-free), appended as is.
 */
export function classifyHttpStatus(
  status: number,
  provider: string,
  message?: string,
  opts: ClassifyOptions = {},
): CloudtopError {
  const name = opts.displayName ?? provider;
  const where = opts.what ? ` for ${opts.what}` : '';
  const detail = message ? `: ${message}` : '';
  const base = { provider, status, retryAfterMs: opts.retryAfterMs };
  const env = envPrefix(provider);
  if (status === 401) {
    return new CloudtopError('auth', `${name} rejected the credentials (HTTP 401)${where}${detail}`, {
      ...base,
      hint: `Check the ${name} API key in Providers → ${name}, \`cloudtop auth set ${provider}\` or the ${env}* environment variables`,
    });
  }
  if (status === 403) {
    return new CloudtopError('forbidden', `${name} refused access (HTTP 403)${where}${detail}`, {
      ...base,
      hint: `The ${name} credentials are valid but lack a permission this call needs; grant it or use another token`,
    });
  }
  if (status === 404) {
    return new CloudtopError('not_found', `${name} found nothing at this address (HTTP 404)${where}${detail}`, {
      ...base,
      hint: `Check the account/resource ids and the base URL (${env}BASE_URL or settings)`,
    });
  }
  if (status === 408) {
    return new CloudtopError('timeout', `${name} timed out handling the request (HTTP 408)${where}${detail}`, {
      ...base,
      hint: 'Usually temporary; cloudtop retries automatically',
    });
  }
  if (status === 429) {
    const wait = opts.retryAfterMs !== undefined ? `; it asked to wait ${formatWait(opts.retryAfterMs)}` : '';
    return new CloudtopError('rate_limited', `${name} is rate limiting cloudtop (HTTP 429)${where}${detail}${wait}`, {
      ...base,
      hint: `cloudtop pauses all ${name} calls as asked and resumes by itself; a longer poll interval avoids this`,
    });
  }
  if (status >= 500 && status <= 599) {
    return new CloudtopError('upstream', `${name} had a server error (HTTP ${status})${where}${detail}`, {
      ...base,
      retryable: status !== 501,
      hint:
        status === 501
          ? `${name} does not support this call; please report it`
          : `Usually temporary; cloudtop retries automatically`,
    });
  }
  return new CloudtopError('upstream', `${name} rejected the request (HTTP ${status})${where}${detail}`, {
    ...base,
    retryable: isRetryableStatus(status),
    hint: 'This looks like a cloudtop bug or an API change; please report it with the log file',
  });
}

/** "45 s", "5 min": a server-supplied wait as the user reads it. */
export function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  return `${Math.round(s / 60)} min`;
}

/** Full jitter (AWS): uniform(0, min(cap, base·2^n)) for the n-th retry (n from 0). */
export function fullJitterDelay(
  n: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>,
  random: () => number = Math.random,
): number {
  const expo = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, n));
  return Math.floor(random() * expo);
}

/** The delay before retry n: full jitter, but never earlier than the server asked. */
export function retryDelay(
  n: number,
  error: unknown,
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>,
  random: () => number = Math.random,
): number {
  const jitter = fullJitterDelay(n, policy, random);
  const asked = isCloudtopError(error) ? error.retryAfterMs : undefined;
  return asked !== undefined ? Math.max(jitter, asked) : jitter;
}

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  error: unknown;
  delayMs: number;
}

export interface WithRetryOptions {
  clock: Clock;
  signal?: AbortSignal;
  policy?: Partial<RetryPolicy>;
  random?: () => number;
  /** Called before each retry sleep (logging, stats). */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * Runs `fn` with the retry policy. p-retry's own delay is disabled (`minTimeout`/`maxTimeout` 0,
 * and its `maxRetryTime` unused because it reads `performance.now()`); the delay happens in
 * `onFailedAttempt` on the Clock, guarded so it never runs after the last attempt or for an error
 * that will not be retried.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: WithRetryOptions): Promise<T> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.policy };
  const { clock, signal } = opts;
  const random = opts.random ?? Math.random;
  const start = clock.now();
  return pRetry(fn, {
    retries: Math.max(0, Math.floor(policy.retries)),
    factor: 1,
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    signal,
    onFailedAttempt: async (ctx) => {
      if (ctx.retriesLeft <= 0) return; // p-retry rethrows the error itself
      if (!isRetryable(ctx.error)) throw ctx.error;
      const delayMs = retryDelay(ctx.retriesConsumed, ctx.error, policy, random);
      if (clock.now() - start + delayMs > policy.maxRetryTimeMs) throw ctx.error;
      opts.onRetry?.({ attempt: ctx.attemptNumber, error: ctx.error, delayMs });
      await clock.sleep(delayMs, signal);
    },
  });
}
