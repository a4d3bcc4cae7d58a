/**
 * One HTTP delivery: the channel's rate limit, a timeout per attempt, and the collector's one retry
 * policy (src/core/collector/retry.ts: full jitter, at most 3 retries, 429/5xx/network only, never
 * earlier than Retry-After asks). Messages name the channel by its label, never its URL.
 */
import { CloudtopError, isCloudtopError } from '../../shared/model';
import type { Clock } from '../collector/clock';
import type { Limiter } from '../collector/limiter';
import { cleanDetail } from '../collector/redact';
import { isNetworkError, isRetryableStatus, parseRetryAfter, withRetry, type RetryPolicy } from '../collector/retry';
import type { Logger } from '../log/types';
import type { SendOutcome } from './types';

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpDeliveryOptions {
  fetch: typeof fetch;
  clock: Clock;
  limiter: Limiter;
  /** Per attempt. */
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  /** The channel's redacted label, for messages. */
  label: string;
  /** Strings to cut out of anything the service answers before it reaches a message. */
  secrets: readonly string[];
  signal?: AbortSignal;
  log?: Logger;
  /** A wait the service states in its 429 body (Discord `retry_after`, Telegram `parameters.retry_after`), ms. */
  retryAfterFromBody?: (body: unknown) => number | undefined;
  /** Reads a 2xx answer into the delivery log's detail. */
  describeOk?: (status: number, body: string) => string | undefined;
}

/** Retries for a notification: quicker than a poll's, and never longer than a minute in all. */
const CHANNEL_RETRY_POLICY: Partial<RetryPolicy> = {
  retries: 3,
  baseMs: 500,
  capMs: 10_000,
  maxRetryTimeMs: 60_000,
};

const MAX_BODY = 4096;

async function readBody(res: Response): Promise<string> {
  try {
    const text = await res.text();
    return text.length > MAX_BODY ? text.slice(0, MAX_BODY) : text;
  } catch {
    return '';
  }
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function httpError(status: number, label: string, detail: string | undefined, retryAfterMs?: number): CloudtopError {
  const d = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403 || status === 404) {
    return new CloudtopError(
      status === 404 ? 'not_found' : 'auth',
      `${label} refused the message (HTTP ${status})${d}`,
      {
        status,
        hint: 'Check the channel address or token; a deleted or revoked webhook answers this way',
      },
    );
  }
  if (status === 429) {
    return new CloudtopError('rate_limited', `${label} is rate limiting (HTTP 429)${d}`, {
      status,
      retryAfterMs,
      hint: 'cloudtop waits as asked and retries; fewer alerts (longer cooldown) avoid this',
    });
  }
  return new CloudtopError('upstream', `${label} answered HTTP ${status}${d}`, {
    status,
    retryAfterMs,
    retryable: isRetryableStatus(status),
  });
}

/** Sends `build(attempt)` until it is accepted or the retry policy gives up. */
export async function sendHttp(
  build: (attempt: number) => HttpRequestSpec,
  o: HttpDeliveryOptions,
): Promise<SendOutcome> {
  let attempts = 0;
  return withRetry(
    (attempt) =>
      o.limiter.schedule(
        async () => {
          attempts = attempt;
          const req = build(attempt);
          const timeout = AbortSignal.timeout(o.timeoutMs);
          const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
          let res: Response;
          try {
            res = await o.fetch(req.url, {
              method: 'POST',
              headers: req.headers,
              body: req.body,
              signal,
              redirect: 'error',
            });
          } catch (e) {
            if (o.signal?.aborted) throw new CloudtopError('cancelled', `${o.label}: delivery cancelled`);
            if (timeout.aborted) {
              throw new CloudtopError(
                'timeout',
                `${o.label} did not answer within ${Math.round(o.timeoutMs / 100) / 10} s`,
                {
                  retryable: true,
                },
              );
            }
            if (isNetworkError(e)) {
              const code = (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
              throw new CloudtopError('network', `${o.label} could not be reached${code ? ` (${code})` : ''}`, {
                retryable: true,
              });
            }
            throw new CloudtopError('network', `${o.label}: the request failed`, { retryable: false });
          }
          const text = await readBody(res);
          if (res.ok) {
            return { status: res.status, detail: o.describeOk?.(res.status, text) ?? `HTTP ${res.status}` };
          }
          const retryAfterMs =
            parseRetryAfter(res.headers, o.clock.now()) ??
            (res.status === 429 ? o.retryAfterFromBody?.(jsonOrUndefined(text)) : undefined);
          throw httpError(res.status, o.label, cleanDetail(text, o.secrets, 200), retryAfterMs);
        },
        { signal: o.signal },
      ),
    {
      clock: o.clock,
      signal: o.signal,
      policy: { ...CHANNEL_RETRY_POLICY, ...o.retry },
      onRetry: ({ attempt, error, delayMs }) =>
        o.log?.warn(
          { channel: o.label, attempt, delayMs, code: isCloudtopError(error) ? error.code : undefined },
          'channel delivery failed, retrying',
        ),
    },
  ).then((out) => ({ ...out, attempts }));
}
