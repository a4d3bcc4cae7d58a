export { realClock, sleepWith, type Clock, type TimerHandle } from './clock';
export { FakeClock } from './fake-clock';
export type { CallOptions, HttpClient, HttpMethod, HttpRequest, HttpResponse, QueryValue, RequestStats } from './http';
export { Limiter, type LimiterOptions, type LimiterUsage } from './limiter';
export {
  DEFAULT_RETRY_POLICY,
  MAX_SERVER_DELAY_MS,
  classifyHttpStatus,
  fullJitterDelay,
  isNetworkError,
  isRetryable,
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
  retryDelay,
  withRetry,
  type ClassifyOptions,
  type RetryInfo,
  type RetryPolicy,
  type WithRetryOptions,
} from './retry';
export {
  ResponseCache,
  bodyHash,
  callCacheKey,
  canonicalQuery,
  requestCacheKey,
  type ResponseCacheOptions,
} from './cache';
export { createHttpClient, type CollectorHttpClient, type HttpClientOptions } from './http-client';
export { Scheduler, type ScheduledRun, type SchedulerOptions } from './scheduler';
export {
  ProviderRuntime,
  type MetricsResult,
  type ProviderRuntimeOptions,
  type RefreshResult,
} from './provider-runner';
export { anySignal, deadline, makeAbortError, makeTimeoutError, type Deadline } from './signals';
export { cleanDetail, redact, secretsOf } from './redact';
