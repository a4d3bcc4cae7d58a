/**
 * OCI service errors → CloudtopError with messages that say what to fix. OCI answers 404
 * NotAuthorizedOrNotFound both for "does not exist" and "no policy allows it", so the hint names the
 * policy the operation needs.
 */
import { CloudtopError } from '../../../shared/model';
import { parseRetryAfter } from '../kit';
import type { OciErrorLike } from './sdk';

export type OciOperation =
  | 'ListInstances'
  | 'ListShapes'
  | 'ListAvailabilityDomains'
  | 'CreateComputeCapacityReport'
  | 'SummarizeMetricsData';

/** The IAM policy statement each operation needs (group name is the user's to fill in). */
const OCI_POLICY_HINTS: Record<OciOperation, string> = {
  ListInstances: 'Allow group <your-group> to inspect instances in compartment <compartment>',
  ListShapes: 'Allow group <your-group> to inspect instance-family in compartment <compartment>',
  ListAvailabilityDomains: 'Allow group <your-group> to inspect compartments in tenancy',
  CreateComputeCapacityReport:
    'Allow group <your-group> to manage compute-capacity-reports in tenancy (capacity reports use the root compartment)',
  SummarizeMetricsData: 'Allow group <your-group> to read metrics in compartment <compartment>',
};

interface OciErrorContext {
  operation: OciOperation;
  /** Compartment OCID the call used (OCIDs are identifiers, not secrets). */
  compartment?: string;
}

function isOciError(e: unknown): e is OciErrorLike {
  return typeof e === 'object' && e !== null && typeof (e as { statusCode?: unknown }).statusCode === 'number';
}

const provider = 'oci';

/** OCI's own error text is a short sentence without request data; cap its length anyway. */
function ociText(e: OciErrorLike): string {
  const code = e.serviceCode && e.serviceCode !== 'None' ? e.serviceCode : undefined;
  const msg = (e.message || '').replace(/\s+/g, ' ').slice(0, 200);
  return [code, msg].filter(Boolean).join(': ');
}

function requestIdNote(e: OciErrorLike): string {
  return e.opcRequestId ? ` (opc-request-id ${e.opcRequestId})` : '';
}

export function mapOciError(e: unknown, ctx: OciErrorContext, now: number = Date.now()): Error {
  if (e instanceof CloudtopError) return e;
  const where = `OCI ${ctx.operation}${ctx.compartment ? ` in ${ctx.compartment}` : ''}`;
  if (isOciError(e)) {
    const status = e.statusCode;
    const code = e.serviceCode ?? '';
    const tail = `${requestIdNote(e)}`;
    if (status === 401 || code === 'NotAuthenticated') {
      return new CloudtopError('auth', `${where} was not authenticated (401 ${code || 'NotAuthenticated'})${tail}`, {
        provider,
        status,
        hint: 'Check tenancy, user and fingerprint, and that the public key of this private key is uploaded to the user (Identity → Users → API keys). Also check the computer clock: OCI rejects signatures more than 5 minutes off.',
        cause: e,
      });
    }
    if (status === 404 && code === 'NotAuthorizedOrNotFound') {
      return new CloudtopError(
        'forbidden',
        `${where}: not authorized or not found (404 NotAuthorizedOrNotFound)${tail}`,
        {
          provider,
          status,
          hint: `Check the compartment OCID, and that a policy grants it: ${OCI_POLICY_HINTS[ctx.operation]}`,
          cause: e,
        },
      );
    }
    if (status === 403) {
      return new CloudtopError('forbidden', `${where} was refused (403 ${ociText(e)})${tail}`, {
        provider,
        status,
        hint: `A policy is missing: ${OCI_POLICY_HINTS[ctx.operation]}`,
        cause: e,
      });
    }
    if (status === 404) {
      return new CloudtopError('not_found', `${where}: not found (404 ${ociText(e)})${tail}`, {
        provider,
        status,
        cause: e,
      });
    }
    if (status === 429) {
      return new CloudtopError(
        'rate_limited',
        `${where} was rate limited by OCI (429 ${code || 'TooManyRequests'})${tail}`,
        {
          provider,
          status,
          retryAfterMs: e.retryAfter ? parseRetryAfter({ 'retry-after': e.retryAfter }, now) : undefined,
          hint: 'cloudtop backs off and retries; lower the poll frequency if this persists.',
          cause: e,
        },
      );
    }
    if (status === 400) {
      return new CloudtopError('config', `${where} was rejected (400 ${ociText(e)})${tail}`, {
        provider,
        status,
        hint: 'Check the region, compartment and availability domain settings of this OCI account.',
        cause: e,
      });
    }
    if (status === 409) {
      return new CloudtopError('upstream', `${where} conflicted (409 ${ociText(e)})${tail}`, {
        provider,
        status,
        retryable: true,
        cause: e,
      });
    }
    if (status >= 500) {
      return new CloudtopError('upstream', `${where} failed on OCI's side (${status} ${ociText(e)})${tail}`, {
        provider,
        status,
        cause: e,
      });
    }
    if (status > 0) {
      return new CloudtopError('upstream', `${where} failed (${status} ${ociText(e)})${tail}`, {
        provider,
        status,
        retryable: false,
        cause: e,
      });
    }
    return new CloudtopError('network', `${where} failed before a response`, { provider, cause: e });
  }
  if (e instanceof Error) {
    if (e.name === 'AbortError') return e; // the collector knows whether it timed out or was cancelled
    if (e.name === 'TimeoutError') return new CloudtopError('timeout', `${where} timed out`, { provider, cause: e });
    if (e instanceof SyntaxError) {
      return new CloudtopError('bad_response', `${where} returned a body that is not JSON`, { provider, cause: e });
    }
    if (e.name === 'ZodError') {
      return new CloudtopError('bad_response', `${where} returned an unexpected data shape`, { provider, cause: e });
    }
    const code = (e as { cause?: { code?: unknown } }).cause?.code;
    if (e instanceof TypeError && /fetch failed/i.test(e.message)) {
      return new CloudtopError('network', `${where} could not connect${typeof code === 'string' ? ` (${code})` : ''}`, {
        provider,
        hint: 'Check the network and the region (or the base URL override).',
        cause: e,
      });
    }
  }
  return new CloudtopError('upstream', `${where} failed unexpectedly`, { provider, cause: e });
}
