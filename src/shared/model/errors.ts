/**
 * Error codes, the error class and its serialisable form. No zod here: this module is on every start
 * path (`cloudtop --version`, `status`), so it stays plain TypeScript; the schemas that validate an
 * ErrorInfo crossing a boundary live in error-schema.ts.
 */

/** The fixed set of error codes every face understands (CLI exit codes, UI hints, metrics labels). */
export const ERROR_CODES = [
  'auth',
  'forbidden',
  'not_found',
  'rate_limited',
  'timeout',
  'network',
  'bad_response',
  'upstream',
  'config',
  'keychain_unavailable',
  'cancelled',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Serialisable error: what crosses IPC, the WebSocket, JSON output and snapshots (ErrorInfoSchema). */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  provider?: string | undefined;
  /** What the user can do about it ("Check the API key in Providers → Vast.ai"). */
  hint?: string | undefined;
  /** HTTP status when the error came from an HTTP response. */
  status?: number | undefined;
}

const RETRYABLE_BY_DEFAULT: Record<ErrorCode, boolean> = {
  auth: false,
  forbidden: false,
  not_found: false,
  rate_limited: true,
  timeout: true,
  network: true,
  bad_response: false,
  upstream: true,
  config: false,
  keychain_unavailable: false,
  cancelled: false,
};

export interface CloudtopErrorOptions {
  provider?: string;
  hint?: string;
  status?: number;
  retryable?: boolean;
  /** Milliseconds the server asked us to wait (Retry-After and friends). */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error class core code throws. Messages must never contain secrets: build them from
 * provider ids, paths and status codes, never from request headers or raw bodies.
 */
export class CloudtopError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly provider?: string;
  readonly hint?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, opts: CloudtopErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CloudtopError';
    this.code = code;
    this.retryable = opts.retryable ?? RETRYABLE_BY_DEFAULT[code];
    this.provider = opts.provider;
    this.hint = opts.hint;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.provider !== undefined) info.provider = this.provider;
    if (this.hint !== undefined) info.hint = this.hint;
    if (this.status !== undefined) info.status = this.status;
    return info;
  }
}

export function isCloudtopError(e: unknown): e is CloudtopError {
  return e instanceof CloudtopError;
}

/** Turns anything thrown into a serialisable ErrorInfo without leaking unknown error text. */
export function toErrorInfo(e: unknown, provider?: string): ErrorInfo {
  if (e instanceof CloudtopError) {
    const info = e.toInfo();
    if (provider && !info.provider) info.provider = provider;
    return info;
  }
  if (e instanceof Error && e.name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled', retryable: false, provider };
  }
  if (e instanceof Error && e.name === 'ZodError') {
    return { code: 'bad_response', message: 'Unexpected data shape', retryable: false, provider };
  }
  return { code: 'upstream', message: 'Unexpected internal error', retryable: true, provider };
}
