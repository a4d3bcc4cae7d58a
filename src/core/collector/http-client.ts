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
import { isCloudtopError, type CloudtopError } from '../../shared/model';
import type { Logger } from '../log/types';
import { silentLogger } from '../log/types';
import { badPayload, describeIssues } from '../providers/kit/payload';
import { DEFAULT_MAX_RESPONSE_BYTES, readCappedText } from './body';
import { callCacheKey, requestCacheKey, type ResponseCache } from './cache';
import { cachedFlights } from './cached-flight';
import type { Clock } from './clock';
import type { CallOptions, HttpClient, HttpRequest, HttpResponse, RequestStats } from './http';
import { httpErrors } from './http-errors';
import type { Limiter } from './limiter';
import { rateLimitGate } from './rate-limit-gate';
import { cleanDetail, scrubError, secretsOf } from './redact';
import { buildUrl, isAbsolute, tryJson } from './request-url';
import { DEFAULT_RETRY_POLICY, classifyHttpStatus, withRetry, type RetryPolicy } from './retry';
import { callContext, sdkFetch, type CallContext } from './sdk-fetch';
import { anySignal, deadline } from './signals';

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

const DEFAULT_TIMEOUT_MS = 15_000;

export function createHttpClient(o: HttpClientOptions): CollectorHttpClient {
  const { provider, account, limiter, clock, cache } = o;
  const name = o.displayName ?? provider;
  const fetchImpl: typeof fetch = o.fetch ?? ((...args) => globalThis.fetch(...args));
  const log = o.log ?? silentLogger;
  const defaultTimeoutMs = o.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...o.retry };
  const lifetime = o.signal;
  const owner = {};
  const stats = { requests: 0, retries: 0, errors: 0, cacheHits: 0, staleServed: 0 };
  const maxBytes = o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const secretValues = (o.secrets ?? []).filter((v) => v.length >= 6);
  const errors = httpErrors({ provider, name, maxBytes, lifetime });
  const gate = rateLimitGate({
    provider,
    name,
    limiter,
    clock,
    log,
    blockOn429Ms: o.blockOn429Ms,
    maxBlockWaitMs: o.maxBlockWaitMs ?? policy.maxRetryTimeMs,
  });
  const flights = cachedFlights(cache, stats);
  const staleNote = (label: string) => (code: string) =>
    log.warn({ call: label, code }, `${name}: serving the last good answer for ${label}`);
  let last: CloudtopError | undefined;

  /** Limiter + retry around one attempt function; the final error is scrubbed and recorded. */
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
          gate.failIfBlockedTooLong(what, startedAt);
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
      const err = scrubError(errors.final(e, what, callerSignal), secretValues);
      stats.errors++;
      last = err;
      log.warn({ call: what, code: err.code, status: err.status }, err.message);
      throw err;
    } finally {
      linked.dispose();
    }
  }

  /** One fetch of a plain JSON API: status → error, body → JSON → schema. */
  async function attemptRequest<T>(
    req: HttpRequest<T>,
    url: URL,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
    secrets: string[],
  ): Promise<HttpResponse<T>> {
    const path = url.pathname;
    const ms = req.timeoutMs ?? defaultTimeoutMs;
    stats.requests++;
    const t0 = clock.now();
    const dl = deadline(clock, ms, [req.signal, lifetime]);
    try {
      let res: Response;
      let text: string;
      try {
        res = await Promise.race([fetchImpl(url, { ...init, signal: dl.signal }), dl.done]);
        text = await Promise.race([readCappedText(res, maxBytes), dl.done]);
      } catch (e) {
        throw errors.transport(e, dl, ms, path, url.host, req.signal);
      }
      log.debug({ call: req.name ?? path, method: init.method, status: res.status, ms: clock.now() - t0 }, 'request');
      if (!res.ok) {
        const retryAfterMs = gate.noteResponse(res.status, res.headers);
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
        if (!parsed.ok) throw errors.notJson(path, res.status);
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
      throw errors.invalidUrl();
    }
    if (isAbsolute(req.path) && url.origin !== new URL(o.baseUrl).origin) throw errors.otherHost(url.pathname);
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers, ...req.headers };
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const secrets = secretsOf({ ...o.headers, ...req.headers }, url);
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
    return flights.run(key, { ttlMs: req.cacheTtlMs, staleOnError: req.staleOnError, onStale: staleNote(label) }, () =>
      run(label, req.idempotent ?? method === 'GET', req.signal, () =>
        attemptRequest(req, url, { method, headers, body }, secrets),
      ),
    );
  }

  async function call<T>(label: string, fn: (signal: AbortSignal) => Promise<T>, opts: CallOptions = {}): Promise<T> {
    const key =
      cache && opts.cacheKey !== undefined && opts.cacheTtlMs && opts.cacheTtlMs > 0
        ? callCacheKey(provider, account, label, opts.cacheKey)
        : undefined;
    const ms = opts.timeoutMs ?? defaultTimeoutMs;
    const attempt = async (): Promise<T> => {
      stats.requests++;
      const t0 = clock.now();
      const dl = deadline(clock, ms, [opts.signal, lifetime]);
      const ctx: CallContext = { owner, slotFree: true, signal: dl.signal, deadlines: [] };
      try {
        const out = await Promise.race([callContext.run(ctx, () => fn(dl.signal)), dl.done]);
        log.debug({ call: label, ms: clock.now() - t0 }, 'call');
        return out;
      } catch (e) {
        if (dl.timedOut()) throw errors.timeout(label, ms);
        if (opts.signal?.aborted || lifetime?.aborted) throw errors.cancelledOrTimeout(label, opts.signal);
        const err = errors.sdk(e, label, new URL(o.baseUrl).host, opts.mapError);
        if (!isCloudtopError(e) && err.code === 'upstream')
          log.debug({ call: label, errorName: e instanceof Error ? e.name : typeof e }, 'unmapped SDK error');
        throw gate.noteError(err);
      } finally {
        dl.cancel();
        for (const d of ctx.deadlines) d.cancel();
      }
    };
    return flights.run(
      key,
      { ttlMs: opts.cacheTtlMs, staleOnError: opts.staleOnError, onStale: staleNote(label) },
      () => run(label, opts.idempotent ?? true, opts.signal, attempt),
    );
  }

  return {
    limiter,
    request,
    async json<T>(req: HttpRequest<T>): Promise<T> {
      return (await request(req)).body;
    },
    call,
    fetch: sdkFetch({
      owner,
      provider,
      name,
      fetchImpl,
      limiter,
      clock,
      timeoutMs: defaultTimeoutMs,
      maxBytes,
      lifetime,
      gate,
      errors,
      stats,
      checkResponse: o.checkResponse,
    }),
    stats: () => ({ ...stats }),
    lastError: () => last,
  };
}
