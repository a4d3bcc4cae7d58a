/**
 * The HttpClient (src/core/collector/http.ts) for one provider account: every attempt passes the
 * account's limiter, has its own timeout on the Clock, is retried by the one retry policy, and
 * every failure becomes a CloudtopError whose message names the provider and the path, never a
 * header, a query string or a body.
 *
 * Three ways in:
 * - `request`/`json`: plain fetch-based APIs (Vast.ai, RunPod, Lambda).
 * - `call(name, fn)`: an SDK call (OCI, Neon): limiter slot + timeout + retry around `fn(signal)`.
 * - `fetch`: a fetch bound to the limiter and a timeout, for SDKs that accept a custom fetch
 *   (Cloudflare). It does NOT retry: create the SDK with its own retries off (`maxRetries: 0`)
 *   and wrap each SDK call in `call()`, which retries with our policy. Inside a `call()` the first
 *   request uses the call's limiter slot; further requests (pagination) each take a window slot.
 *   A 429 seen through it blocks the whole account just like `request`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CloudtopError, isCloudtopError } from '../../shared/model';
import type { Logger } from '../log/types';
import { silentLogger } from '../log/types';
import { callCacheKey, requestCacheKey, type ResponseCache } from './cache';
import type { Clock } from './clock';
import type { CallOptions, HttpClient, HttpRequest, HttpResponse, QueryValue, RequestStats } from './http';
import type { Limiter } from './limiter';
import { badPayload, describeIssues } from '../providers/kit/payload';
import { BodyTooLargeError, DEFAULT_MAX_RESPONSE_BYTES, formatBytes, readCappedBytes, readCappedText } from './body';
import { cleanDetail, scrubError, secretsOf } from './redact';
import {
  DEFAULT_RETRY_POLICY,
  classifyHttpStatus,
  formatWait,
  isNetworkError,
  parseRateLimitReset,
  parseRetryAfter,
  withRetry,
  type RetryPolicy,
} from './retry';
import { anySignal, deadline, type Deadline } from './signals';

export interface HttpClientOptions {
  provider: string;
  account: string;
  /** For messages ("Vast.ai"); defaults to the provider id. */
  displayName?: string;
  baseUrl: string;
  fetch?: typeof fetch;
  limiter: Limiter;
  clock: Clock;
  log?: Logger;
  cache?: ResponseCache;
  /** Per-attempt timeout. Default 15 s. */
  defaultTimeoutMs?: number;
  /** After a 429, block the account for at least this long (Cloudflare: 300 s). */
  blockOn429Ms?: number;
  retry?: Partial<RetryPolicy>;
  /** Jitter source (tests). */
  random?: () => number;
  /** Headers on every request (User-Agent); request headers win. */
  headers?: Record<string, string>;
  /** Aborts everything this client does (credentials removed, app quitting). */
  signal?: AbortSignal;
  /**
   * A call that would have to wait longer than this for a provider block to end fails at once with
   * `rate_limited` instead of waiting (no request is sent either way). Default: the retry budget.
   */
  maxBlockWaitMs?: number;
  /** Largest response body read, streamed; past it the call fails with `bad_response`. */
  maxResponseBytes?: number;
  /**
   * Checks a 2xx JSON answer read through `fetch` (SDK transports, whose SDKs accept shapes we must
   * not: Cloudflare's SDK turns a body without its envelope into an empty list). Returns a problem
   * ("at \"success\" (…)") to fail the call with `bad_response`; a 2xx body that is not JSON fails too.
   */
  checkResponse?: (path: string, body: unknown) => string | undefined;
  /** Credential values cut out of every error this client produces (central scrubbing). */
  secrets?: readonly string[];
}

export interface CollectorHttpClient extends HttpClient {
  readonly limiter: Limiter;
  /** The last error a call ended with (including ones answered from a stale cache entry). */
  lastError(): CloudtopError | undefined;
  stats(): Required<RequestStats>;
}

interface CallContext {
  owner: object;
  slotFree: boolean;
  signal: AbortSignal;
  /** Deadlines of `http.fetch` requests made inside the call, released when it ends. */
  deadlines: Deadline[];
}

const callContext = new AsyncLocalStorage<CallContext>();
const utf8 = new TextDecoder();

const DEFAULT_TIMEOUT_MS = 15_000;

function isAbsolute(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> | undefined): URL {
  const url = isAbsolute(path)
    ? new URL(path)
    : new URL(`${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, String(x));
    else url.searchParams.append(k, String(v));
  }
  return url;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function reasonName(signal: AbortSignal | undefined): string | undefined {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r.name : typeof r === 'object' && r !== null ? (r as { name?: string }).name : undefined;
}

export function createHttpClient(o: HttpClientOptions): CollectorHttpClient {
  const { provider, account, limiter, clock, cache } = o;
  const name = o.displayName ?? provider;
  const fetchImpl: typeof fetch = o.fetch ?? ((...args) => globalThis.fetch(...args));
  const log = o.log ?? silentLogger;
  const defaultTimeoutMs = o.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...o.retry };
  const maxBlockWaitMs = o.maxBlockWaitMs ?? policy.maxRetryTimeMs;
  const lifetime = o.signal;
  const owner = {};
  const stats = { requests: 0, retries: 0, errors: 0, cacheHits: 0, staleServed: 0 };
  const inflight = new Map<string, Promise<unknown>>();
  let last: CloudtopError | undefined;

  /** Records a 429/503 answer: blocks the account as long as the provider asked. Returns that wait. */
  function noteRateLimit(status: number, headers: Headers): number | undefined {
    const now = clock.now();
    let asked = parseRetryAfter(headers, now);
    if (status === 429) {
      asked ??= parseRateLimitReset(headers, now);
      const block = Math.max(asked ?? 0, o.blockOn429Ms ?? 0);
      if (block > 0) {
        limiter.blockUntil(now + block);
        log.warn({ call: 'rate-limit', blockMs: block }, `${name} answered 429; pausing all requests for this account`);
        return block;
      }
      return asked;
    }
    if (status === 503 && asked !== undefined && asked > 0) limiter.blockUntil(now + asked);
    return asked;
  }

  function noteRateLimitError(err: CloudtopError): CloudtopError {
    if (err.code !== 'rate_limited') return err;
    const block = Math.max(err.retryAfterMs ?? 0, o.blockOn429Ms ?? 0);
    if (block > 0) limiter.blockUntil(clock.now() + block);
    return err;
  }

  function cancelledOrTimeout(what: string, callerSignal: AbortSignal | undefined): CloudtopError {
    const sig = callerSignal?.aborted ? callerSignal : lifetime?.aborted ? lifetime : callerSignal;
    if (reasonName(sig) === 'TimeoutError') {
      return new CloudtopError('timeout', `${name}: ${what} did not finish in the time allowed`, {
        provider,
        retryable: false,
        hint: `${name} may be slow or unreachable; cloudtop tries again on the next poll`,
      });
    }
    return new CloudtopError('cancelled', `${name}: ${what} was cancelled`, { provider });
  }

  function timeoutError(what: string, ms: number): CloudtopError {
    const secs = ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
    return new CloudtopError('timeout', `${name}: no answer from ${what} within ${secs}`, {
      provider,
      hint: `${name} may be slow or down; cloudtop retries and tries again on the next poll`,
    });
  }

  function networkError(what: string, host: string, e: unknown): CloudtopError {
    const code =
      (e as { code?: unknown })?.code ?? ((e as { cause?: { code?: unknown } })?.cause?.code as unknown) ?? undefined;
    const tag = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : '';
    return new CloudtopError('network', `${name}: could not reach ${host} for ${what}${tag}`, {
      provider,
      hint: `Check the network connection, any proxy, and the ${name} base URL`,
    });
  }

  const maxBytes = o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const secretValues = (o.secrets ?? []).filter((v) => v.length >= 6);

  function tooLargeError(path: string): CloudtopError {
    return new CloudtopError(
      'bad_response',
      `${name}: ${path} answered with a body larger than ${formatBytes(maxBytes)}; cloudtop stopped reading it`,
      {
        provider,
        hint: `${name} never sends this much for one call; the base URL may point at something else (a proxy or another service)`,
      },
    );
  }

  function notJsonError(path: string, status: number): CloudtopError {
    return new CloudtopError(
      'bad_response',
      `${name}: ${path} answered with a body that is not JSON (HTTP ${status})`,
      {
        provider,
        status,
        hint: `${name} may be having an outage, or the base URL points at something else (a proxy or login page)`,
      },
    );
  }

  /** Maps what a single attempt threw (transport level) into a CloudtopError. */
  function transportError(
    e: unknown,
    dl: Deadline,
    ms: number,
    what: string,
    host: string,
    callerSignal?: AbortSignal,
  ): CloudtopError {
    if (dl.timedOut()) return timeoutError(what, ms);
    if (callerSignal?.aborted || lifetime?.aborted) return cancelledOrTimeout(what, callerSignal);
    if (isCloudtopError(e)) return e;
    if (e instanceof BodyTooLargeError) return tooLargeError(what);
    return networkError(what, host, e);
  }

  /** Maps the final failure of a whole call (after retries) and records it. */
  function finalError(e: unknown, what: string, callerSignal: AbortSignal | undefined): CloudtopError {
    if (isCloudtopError(e)) return e;
    if (callerSignal?.aborted || lifetime?.aborted) return cancelledOrTimeout(what, callerSignal);
    if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError'))
      return cancelledOrTimeout(what, callerSignal);
    return new CloudtopError('upstream', `${name}: ${what} failed unexpectedly`, { provider, retryable: false });
  }

  /** A block that outlasts what is left of this call's time budget fails the call at once. */
  function failIfBlockedTooLong(what: string, startedAt: number): void {
    const until = limiter.blockedUntil();
    if (until === undefined) return;
    const wait = until - clock.now();
    if (wait <= maxBlockWaitMs - (clock.now() - startedAt)) return;
    throw new CloudtopError(
      'rate_limited',
      `${name} is rate limiting cloudtop and asked to wait ${formatWait(wait)} more (until ${new Date(until).toISOString()}); ${what} was not sent`,
      {
        provider,
        retryable: false,
        retryAfterMs: wait,
        hint: `cloudtop sends nothing to ${name} until then and resumes by itself; a longer poll interval avoids this`,
      },
    );
  }

  /** Limiter + retry around one attempt function. */
  async function run<T>(
    what: string,
    idempotent: boolean,
    callerSignal: AbortSignal | undefined,
    attempt: () => Promise<T>,
  ): Promise<T> {
    const linked = anySignal([callerSignal, lifetime]);
    const startedAt = clock.now();
    try {
      return await withRetry(
        async (n) => {
          if (n > 1) stats.retries++;
          failIfBlockedTooLong(what, startedAt);
          return limiter.schedule(attempt, { signal: linked.signal });
        },
        {
          clock,
          signal: linked.signal,
          policy: idempotent ? policy : { ...policy, retries: 0 },
          random: o.random,
          onRetry: ({ attempt: n, error, delayMs }) => {
            const err = isCloudtopError(error) ? error : undefined;
            log.warn(
              { call: what, attempt: n, code: err?.code, status: err?.status, delayMs },
              `${name}: retrying ${what}`,
            );
          },
        },
      );
    } catch (e) {
      const err = scrubError(finalError(e, what, callerSignal), secretValues);
      stats.errors++;
      last = err;
      log.warn({ call: what, code: err.code, status: err.status }, err.message);
      throw err;
    } finally {
      linked.dispose();
    }
  }

  async function attemptRequest<T>(
    req: HttpRequest<T>,
    url: URL,
    method: string,
    secrets: string[],
    headers: Record<string, string>,
    bodyText: string | undefined,
  ): Promise<HttpResponse<T>> {
    const path = url.pathname;
    const label = req.name ?? path;
    const ms = req.timeoutMs ?? defaultTimeoutMs;
    stats.requests++;
    const t0 = clock.now();
    const dl = deadline(clock, ms, [req.signal, lifetime]);
    try {
      let res: Response;
      let text: string;
      try {
        res = await Promise.race([fetchImpl(url, { method, headers, body: bodyText, signal: dl.signal }), dl.done]);
        text = await Promise.race([readCappedText(res, maxBytes), dl.done]);
      } catch (e) {
        throw transportError(e, dl, ms, path, url.host, req.signal);
      }
      log.debug({ call: label, method, status: res.status, ms: clock.now() - t0 }, 'request');
      if (!res.ok) {
        const retryAfterMs = noteRateLimit(res.status, res.headers);
        const parsed = text ? tryJson(text) : { ok: true as const, value: undefined };
        let detail: string | undefined;
        try {
          detail = req.describeError?.(res.status, parsed.ok ? parsed.value : text);
        } catch {
          detail = undefined;
        }
        throw classifyHttpStatus(res.status, provider, cleanDetail(detail, secrets), {
          displayName: name,
          what: path,
          retryAfterMs,
        });
      }
      let body: unknown;
      if (res.status !== 204 && text.trim() !== '') {
        const parsed = tryJson(text);
        if (!parsed.ok) throw notJsonError(path, res.status);
        body = parsed.value;
      }
      if (req.schema) {
        const r = req.schema.safeParse(body);
        if (!r.success) {
          throw scrubError(
            badPayload({ provider, displayName: name, what: path, status: res.status }, describeIssues(r.error.issues)),
            secrets,
          );
        }
        body = r.data;
      }
      return { status: res.status, headers: res.headers, body: body as T };
    } finally {
      dl.cancel();
    }
  }

  async function request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = buildUrl(o.baseUrl, req.path, req.query);
    } catch {
      throw new CloudtopError('config', `${name}: the base URL or path does not form a valid URL`, {
        provider,
        hint: `Check the ${name} base URL in settings or CLOUDTOP_${provider.toUpperCase()}_BASE_URL`,
      });
    }
    if (isAbsolute(req.path) && url.origin !== new URL(o.baseUrl).origin) {
      // Pagination links come from the response: never send our credentials to another host.
      throw new CloudtopError('bad_response', `${name}: ${url.pathname} links to another host; not followed`, {
        provider,
      });
    }
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers, ...req.headers };
    const bodyText = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (bodyText !== undefined) headers['content-type'] ??= 'application/json';
    const secrets = secretsOf({ ...o.headers, ...req.headers }, url);
    const idempotent = req.idempotent ?? method === 'GET';
    const label = req.name ?? url.pathname;

    const key =
      cache && req.cacheTtlMs && req.cacheTtlMs > 0
        ? requestCacheKey({
            provider,
            account,
            method,
            path: `${url.origin}${url.pathname}`,
            query: url.searchParams,
            body: req.body,
          })
        : undefined;
    if (key) {
      const hit = cache!.get<HttpResponse<T>>(key);
      if (hit) {
        stats.cacheHits++;
        return hit;
      }
      const pending = inflight.get(key);
      if (pending) return pending as Promise<HttpResponse<T>>;
    }

    const exec = async (): Promise<HttpResponse<T>> => {
      try {
        const res = await run(label, idempotent, req.signal, () =>
          attemptRequest(req, url, method, secrets, headers, bodyText),
        );
        if (key) cache!.set(key, res, req.cacheTtlMs!);
        return res;
      } catch (e) {
        const stale = key && req.staleOnError ? cache!.getStale<HttpResponse<T>>(key) : undefined;
        if (stale && isCloudtopError(e) && (e.retryable || e.code === 'bad_response')) {
          stats.staleServed++;
          log.warn({ call: label, code: e.code }, `${name}: serving the last good answer for ${label}`);
          return stale;
        }
        throw e;
      }
    };
    if (!key) return exec();
    const p = exec().finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  function callError(e: unknown, dl: Deadline, ms: number, label: string, opts: CallOptions): CloudtopError {
    if (dl.timedOut()) return timeoutError(label, ms);
    if (opts.signal?.aborted || lifetime?.aborted) return cancelledOrTimeout(label, opts.signal);
    if (isCloudtopError(e)) return noteRateLimitError(e);
    if (opts.mapError) {
      let mapped: unknown;
      try {
        mapped = opts.mapError(e);
      } catch {
        mapped = undefined;
      }
      if (isCloudtopError(mapped)) return noteRateLimitError(mapped);
    }
    if (isNetworkError(e)) return networkError(label, new URL(o.baseUrl).host, e);
    const status = typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined;
    if (typeof status === 'number' && status >= 400) {
      return noteRateLimitError(classifyHttpStatus(status, provider, undefined, { displayName: name, what: label }));
    }
    // SDK error text can quote request details; keep only its class name.
    const kind = e instanceof Error ? e.name : typeof e;
    log.debug({ call: label, errorName: kind }, 'unmapped SDK error');
    return new CloudtopError('upstream', `${name}: ${label} failed (${kind})`, { provider, retryable: false });
  }

  async function call<T>(label: string, fn: (signal: AbortSignal) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    const key =
      cache && opts.cacheKey !== undefined && opts.cacheTtlMs && opts.cacheTtlMs > 0
        ? callCacheKey(provider, account, label, opts.cacheKey)
        : undefined;
    if (key) {
      if (cache!.has(key)) {
        stats.cacheHits++;
        return cache!.get<T>(key) as T;
      }
      const pending = inflight.get(key);
      if (pending) return pending as Promise<T>;
    }
    const ms = opts.timeoutMs ?? defaultTimeoutMs;
    const exec = async (): Promise<T> => {
      try {
        const value = await run(label, opts.idempotent ?? true, opts.signal, async () => {
          stats.requests++;
          const t0 = clock.now();
          const dl = deadline(clock, ms, [opts.signal, lifetime]);
          const ctx: CallContext = { owner, slotFree: true, signal: dl.signal, deadlines: [] };
          try {
            const out = await Promise.race([callContext.run(ctx, () => fn(dl.signal)), dl.done]);
            log.debug({ call: label, ms: clock.now() - t0 }, 'call');
            return out;
          } catch (e) {
            throw callError(e, dl, ms, label, opts);
          } finally {
            dl.cancel();
            for (const d of ctx.deadlines) d.cancel();
          }
        });
        if (key) cache!.set(key, value, opts.cacheTtlMs!);
        return value;
      } catch (e) {
        const stale = key && opts.staleOnError ? cache!.getStale<T>(key) : undefined;
        if (stale !== undefined && isCloudtopError(e) && (e.retryable || e.code === 'bad_response')) {
          stats.staleServed++;
          log.warn({ call: label, code: e.code }, `${name}: serving the last good answer for ${label}`);
          return stale;
        }
        throw e;
      }
    };
    if (!key) return exec();
    const p = exec().finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  const boundFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const ctx = callContext.getStore();
    const inCall = ctx !== undefined && ctx.owner === owner;
    const initSignal = init?.signal ?? undefined;
    const go = async (): Promise<Response> => {
      const dl = deadline(clock, defaultTimeoutMs, [initSignal, inCall ? ctx.signal : undefined, lifetime]);
      if (inCall) ctx.deadlines.push(dl);
      try {
        const res = await Promise.race([fetchImpl(input, { ...init, signal: dl.signal }), dl.done]);
        noteRateLimit(res.status, res.headers);
        const path = new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname;
        // Read here, under the deadline and the size cap, and hand the SDK a buffered copy.
        let bytes: Uint8Array;
        try {
          bytes = await Promise.race([readCappedBytes(res, maxBytes), dl.done]);
        } catch (e) {
          if (e instanceof BodyTooLargeError) throw tooLargeError(path);
          throw e;
        }
        if (o.checkResponse && res.ok && res.status !== 204) {
          const parsed = tryJson(utf8.decode(bytes));
          if (!parsed.ok) throw notJsonError(path, res.status);
          const problem = o.checkResponse(path, parsed.value);
          if (problem !== undefined)
            throw badPayload({ provider, displayName: name, what: path, status: res.status }, problem);
        }
        const body =
          res.status === 204 || res.status === 304
            ? null
            : (bytes as unknown as ConstructorParameters<typeof Response>[0]);
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        dl.cancel();
      }
    };
    if (inCall && ctx.slotFree) {
      ctx.slotFree = false;
      return go();
    }
    stats.requests++;
    if (inCall) {
      // Already holding a concurrency slot through call(): take only a window slot, or a limiter
      // with concurrency 1 would deadlock on paginated SDK calls.
      await limiter.acquire(ctx.signal);
      return go();
    }
    return limiter.schedule(go, initSignal ? { signal: initSignal } : {});
  };

  return {
    limiter,
    request,
    async json<T>(req: HttpRequest<T>): Promise<T> {
      return (await request(req)).body;
    },
    call,
    fetch: boundFetch as typeof fetch,
    stats: () => ({ ...stats }),
    lastError: () => last,
  };
}
