/**
 * OCI SDK plumbing: makes the official SDK quiet, retry-free and abortable so the collector's one
 * policy (limiter, retry, timeout) rules, and so nothing is printed to the console.
 *
 * Three things the SDK does not let a client configure are handled here:
 *  1. `GenericRetrier.makeServiceCall` prints `console.warn` on every failed call, even with retries
 *     off, and turns network errors into plain objects. Clients created here carry a marker in
 *     their retry configuration; for those (and only those) the call is one attempt, silent, and
 *     the error is the SDK's own `OciError` plus the `retry-after` header the SDK ignores.
 *  2. The SDK takes no AbortSignal. Our `HttpClient` for the SDK signs with the SDK's own signer and
 *     sends with `fetch`, using the signal of the cloudtop call that is running (AsyncLocalStorage).
 *  3. `LOG.logger` is process-wide: when unset we install one that forwards SDK debug lines to the
 *     logger of the running call, and drops them outside a call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as common from 'oci-common';
import type { Logger } from '../../log/types';

interface CallScope {
  signal?: AbortSignal;
  log: Logger;
}

const scope = new AsyncLocalStorage<CallScope>();

/** Runs `fn` (which makes SDK calls) with this signal and logger. */
export function inCallScope<T>(s: CallScope, fn: () => Promise<T>): Promise<T> {
  return scope.run(s, fn);
}

const QUIET_MARK = 'cloudtopQuietSingleAttempt';

/** One attempt, no SDK retries (the collector retries), no console output. */
export const quietRetryConfiguration: common.RetryConfiguration = {
  ...common.NoRetryConfigurationDetails,
  [QUIET_MARK]: true,
} as common.RetryConfiguration;

/** The OciError the SDK builds, plus what we need from the response. */
export interface OciErrorLike {
  statusCode: number;
  serviceCode?: string;
  message: string;
  opcRequestId?: string | null;
  operationName?: string;
  /** Raw `retry-after` header, when the service sent one. */
  retryAfter?: string | null;
}

type MakeServiceCall = (
  this: { retryConfiguration: Record<string, unknown> },
  httpClient: common.HttpClient,
  request: common.HttpRequest,
  targetService: string,
  operationName: string,
  apiReferenceLink: string,
  excludeBody?: boolean,
) => Promise<Response>;

const INSTALLED = Symbol.for('cloudtop.oci.quietRetrier');

/** Idempotent; affects only calls whose retry configuration carries our marker. */
export function installQuietSdk(): void {
  const proto = common.GenericRetrier.prototype as unknown as { makeServiceCall: MakeServiceCall; [INSTALLED]?: true };
  if (!proto[INSTALLED]) {
    const original = proto.makeServiceCall;
    proto.makeServiceCall = function (...args) {
      if (!this.retryConfiguration?.[QUIET_MARK]) return original.apply(this, args);
      return singleQuietAttempt(...args);
    };
    proto[INSTALLED] = true;
  }
  if (!common.LOG.logger) common.LOG.logger = scopedSdkLogger;
}

async function singleQuietAttempt(
  httpClient: common.HttpClient,
  request: common.HttpRequest,
  targetService: string,
  operationName: string,
  apiReferenceLink: string,
  excludeBody?: boolean,
): Promise<Response> {
  const timestamp = new Date().toISOString();
  const endpoint = `${request.method} ${request.uri}`;
  const response = await httpClient.send(
    request,
    excludeBody,
    targetService,
    operationName,
    timestamp,
    endpoint,
    apiReferenceLink,
  );
  if (response.status >= 200 && response.status <= 299) return response;
  const body: unknown = await common.handleErrorBody(response);
  const err = common.handleErrorResponse(
    response,
    body,
    targetService,
    operationName,
    timestamp,
    endpoint,
    apiReferenceLink,
  );
  (err as unknown as OciErrorLike).retryAfter = response.headers.get('retry-after');
  throw err;
}

function forward(level: 'debug' | 'warn') {
  return (message?: unknown): void => {
    const s = scope.getStore();
    // Only the SDK's own text lines (operation names, endpoints, latencies); objects are dropped
    // because they may be requests with headers.
    if (s && typeof message === 'string') s.log[level]({ sdk: 'oci' }, message);
  };
}

const scopedSdkLogger: typeof common.LOG.logger = {
  level: 'debug',
  trace: forward('debug'),
  debug: forward('debug'),
  info: forward('debug'),
  warn: forward('warn'),
  error: forward('warn'),
};

/**
 * The SDK's transport: signs with the SDK's signer (so a broken signer fails against the simulator)
 * and sends with fetch under the running call's AbortSignal.
 */
export class AbortableSignedHttpClient implements common.HttpClient {
  constructor(
    private readonly signer: common.RequestSigner,
    /** The collector's bound fetch: it also sees 429s (and their retry-after) for the whole account. */
    private readonly fetchImpl: typeof fetch = (...a) => globalThis.fetch(...a),
  ) {}

  async send(req: common.HttpRequest, forceExcludeBody = false): Promise<Response> {
    const body = typeof req.body === 'string' && req.body.length > 0 ? req.body : undefined;
    if (req.body !== undefined && body === undefined && req.body !== '') {
      // Only JSON (string) bodies are produced by the calls cloudtop makes.
      throw new TypeError('Unsupported OCI request body type');
    }
    await this.signer.signHttpRequest(
      { method: req.method, headers: req.headers, uri: req.uri, body: forceExcludeBody ? undefined : body },
      forceExcludeBody,
    );
    return this.fetchImpl(req.uri, {
      method: req.method,
      headers: req.headers,
      body,
      signal: scope.getStore()?.signal,
    });
  }
}
