/**
 * The one SDK-error → CloudtopError mapper. Each SDK throws its own error classes; a provider says
 * only how to read one (`read`: status, headers, the provider's own explanation) and, optionally,
 * which answers need a provider-specific message (`special`). Everything else — HTTP statuses,
 * Retry-After, transport failures, cancellation, unparseable bodies — is mapped here, in the same
 * wording as the plain-request path (`classifyHttpStatus`).
 */
import { CloudtopError } from '../../../shared/model';
import { classifyHttpStatus, isNetworkError, parseRetryAfter } from '../../collector/retry';

export interface SdkFailure {
  /** HTTP status, when the SDK got an answer. */
  status?: number;
  /** Response headers (Headers, AxiosHeaders or a plain record). */
  headers?: unknown;
  /** The provider's own explanation, short; secrets are scrubbed centrally later. */
  detail?: string;
  /** The SDK says the call was cancelled / timed out (its own flags or classes). */
  cancelled?: boolean;
  timedOut?: boolean;
  /** A transport failure without an answer (the SDK's connection error). */
  network?: boolean;
  /** The error that caused this one (our fetch may have thrown a CloudtopError inside the SDK). */
  cause?: unknown;
}

export interface SdkErrorMapperOptions {
  provider: string;
  displayName: string;
  /** The call's name, for messages ("r2.buckets.list"). */
  what: string;
  nowMs: number;
  /** Reads an SDK error; undefined when `e` is not one of the SDK's. */
  read(e: unknown): SdkFailure | undefined;
  /** Provider-specific messages (auth codes sent with 400, the permission a 403 lacks). */
  special?(f: SdkFailure & { status: number }, e: unknown): CloudtopError | undefined;
  /** Hint for network failures. */
  networkHint?: string;
  /** A provider-specific hint for a status the generic wording covers (Cloudflare's 5-minute 429 block). */
  hintFor?(status: number): string | undefined;
}

type HeaderRecord = Headers | Record<string, string | string[] | undefined>;

function asHeaders(h: unknown): HeaderRecord | undefined {
  if (!h || typeof h !== 'object') return undefined;
  return h as HeaderRecord;
}

export function sdkErrorMapper(o: SdkErrorMapperOptions): (e: unknown) => Error {
  const { provider, displayName: name, what } = o;
  const cancelled = (): CloudtopError => new CloudtopError('cancelled', `${name}: ${what} was cancelled`, { provider });
  const network = (): CloudtopError =>
    new CloudtopError('network', `${name}: could not reach the API for ${what}`, {
      provider,
      hint: o.networkHint ?? `Check the network connection, any proxy, and the ${name} base URL`,
    });
  return (e: unknown): Error => {
    if (e instanceof CloudtopError) return e;
    const f = o.read(e);
    if (f) {
      if (f.cause instanceof CloudtopError) return f.cause;
      if (typeof f.status === 'number' && f.status >= 400) {
        const status = f.status;
        const special = o.special?.({ ...f, status }, e);
        if (special) return special;
        const headers = asHeaders(f.headers);
        const err = classifyHttpStatus(status, provider, f.detail, {
          displayName: name,
          what,
          retryAfterMs: headers ? parseRetryAfter(headers, o.nowMs) : undefined,
        });
        const hint = o.hintFor?.(status);
        return hint === undefined
          ? err
          : new CloudtopError(err.code, err.message, {
              provider,
              status,
              hint,
              retryable: err.retryable,
              retryAfterMs: err.retryAfterMs,
            });
      }
      if (f.cancelled) return cancelled();
      if (f.timedOut) return new CloudtopError('timeout', `${name}: ${what} timed out`, { provider });
      if (f.network) return network();
    }
    if (isNetworkError(e)) return network();
    if (e instanceof SyntaxError)
      return new CloudtopError('bad_response', `${name}: ${what} answered with a body that is not valid JSON`, {
        provider,
        hint: `${name} may be having an outage, or the base URL points at something else (a proxy or login page)`,
      });
    if (e instanceof Error && (e.name === 'AbortError' || e.name === 'CanceledError')) return cancelled();
    // No `cause` and no message: an unknown error may quote request details.
    const kind = e instanceof Error ? e.name : typeof e;
    return new CloudtopError('upstream', `${name}: ${what} failed unexpectedly (${kind})`, {
      provider,
      retryable: false,
    });
  };
}
