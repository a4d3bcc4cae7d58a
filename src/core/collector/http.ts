import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface HttpRequest<T = unknown> {
  method?: HttpMethod;
  /** Path appended to the provider's base URL (`/api/v0/bundles/`). An absolute http(s) URL is used as is (pagination links). */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Response body schema; a mismatch becomes a `bad_response` error naming the path. */
  schema?: z.ZodType<T>;
  /** Cache the parsed body for this long (key: provider, account, method, path, query, body). */
  cacheTtlMs?: number;
  /** Retry allowed? Default: true for GET, false otherwise (a POST search can opt in). */
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Provider-specific reading of an error body (RFC 9457 `detail`, Cloudflare `errors[]`), used to
   * build a clear message. Must not return secret material.
   */
  describeError?: (status: number, body: unknown) => string | undefined;
  /** Label for logs/metrics instead of the path (`offers.search`). */
  name?: string;
  /**
   * With `cacheTtlMs`: when the call finally fails with a transient error, answer with the last
   * good (expired) cached value instead; counted in `stats().staleServed`.
   */
  staleOnError?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Cache key parts; when set with cacheTtlMs the result is cached. */
  cacheKey?: string;
  cacheTtlMs?: number;
  /**
   * Maps whatever the SDK threw into a CloudtopError (with status, retryAfterMs). Errors that are
   * already CloudtopErrors pass through.
   */
  mapError?: (e: unknown) => Error;
  /** As HttpRequest.staleOnError (needs cacheKey + cacheTtlMs). */
  staleOnError?: boolean;
}

export interface RequestStats {
  requests: number;
  retries: number;
  errors: number;
  cacheHits: number;
  /** Answers served from an expired cache entry after a failure (`staleOnError`). */
  staleServed?: number;
}

/**
 * The provider-facing HTTP client: every call passes the provider's limiter, the retry policy,
 * a timeout and (optionally) the cache. Errors are CloudtopErrors.
 */
export interface HttpClient {
  request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>>;
  /** Shorthand for `request(req).body`. */
  json<T>(req: HttpRequest<T>): Promise<T>;
  /** Runs an SDK call under the same limiter, retry policy, timeout and cache. */
  call<T>(name: string, fn: (signal: AbortSignal) => Promise<T>, opts?: CallOptions): Promise<T>;
  /** A `fetch` bound to the limiter/timeout (for SDKs that accept a custom fetch, with their retries off). */
  fetch: typeof fetch;
  stats(): RequestStats;
}
