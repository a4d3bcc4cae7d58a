import { describe, expect, it } from 'vitest';
import { mapOciError } from '../../../../../src/core/providers/oci/errors';
import { parseRetryAfter as parseHeaders } from '../../../../../src/core/providers/kit';

/** The one Retry-After parser, fed the header value OCI's SDK hands us. */
const parseRetryAfter = (v: string | null, now: number) =>
  v === null ? undefined : parseHeaders({ 'retry-after': v }, now);
import { CloudtopError } from '../../../../../src/shared/model';

const oci = (statusCode: number, serviceCode: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('Authorization failed or requested resource not found.'), {
    statusCode,
    serviceCode,
    opcRequestId: 'REQ1/SRV',
    ...extra,
  });

function map(e: unknown, operation: Parameters<typeof mapOciError>[1]['operation'] = 'ListInstances'): CloudtopError {
  const out = mapOciError(e, { operation, compartment: 'ocid1.compartment.oc1..c' }, 1_000_000);
  expect(out).toBeInstanceOf(CloudtopError);
  return out as CloudtopError;
}

describe('mapOciError', () => {
  it('401 → auth with what to check', () => {
    const e = map(oci(401, 'NotAuthenticated'));
    expect(e).toMatchObject({ code: 'auth', status: 401, retryable: false, provider: 'oci' });
    expect(e.message).toContain('opc-request-id REQ1/SRV');
    expect(e.hint).toMatch(/tenancy, user and fingerprint/);
    expect(e.hint).toMatch(/public key/);
  });

  it('404 NotAuthorizedOrNotFound → forbidden naming the policy per operation', () => {
    expect(map(oci(404, 'NotAuthorizedOrNotFound')).hint).toContain('inspect instances');
    expect(map(oci(404, 'NotAuthorizedOrNotFound'), 'SummarizeMetricsData').hint).toContain('read metrics');
    expect(map(oci(404, 'NotAuthorizedOrNotFound'), 'CreateComputeCapacityReport').hint).toContain(
      'compute-capacity-reports',
    );
    expect(map(oci(404, 'NotAuthorizedOrNotFound')).code).toBe('forbidden');
    expect(map(oci(404, 'NotFound')).code).toBe('not_found');
  });

  it('429 → rate_limited with retry-after in ms (seconds or HTTP date)', () => {
    expect(map(oci(429, 'TooManyRequests', { retryAfter: '3' }))).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 3000,
    });
    expect(map(oci(429, 'TooManyRequests', { retryAfter: new Date(1_005_000).toUTCString() })).retryAfterMs).toBe(5000);
    expect(map(oci(429, 'TooManyRequests')).retryAfterMs).toBeUndefined();
  });

  it('5xx → retryable upstream; 400 → config; 409 → retryable', () => {
    expect(map(oci(503, 'ServiceUnavailable'))).toMatchObject({ code: 'upstream', retryable: true });
    expect(map(oci(400, 'InvalidParameter'))).toMatchObject({ code: 'config', retryable: false });
    expect(map(oci(409, 'IncorrectState'))).toMatchObject({ code: 'upstream', retryable: true });
  });

  it('client-side failures', () => {
    expect(map(new SyntaxError('Unexpected end of JSON input')).code).toBe('bad_response');
    expect(map(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toMatchObject({
      code: 'network',
    });
    expect(map(Object.assign(new Error('t'), { name: 'TimeoutError' })).code).toBe('timeout');
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(mapOciError(abort, { operation: 'ListShapes' })).toBe(abort);
    expect(map('weird').code).toBe('upstream');
  });

  it('passes CloudtopErrors through and keeps OCI text short', () => {
    const ce = new CloudtopError('config', 'x');
    expect(mapOciError(ce, { operation: 'ListShapes' })).toBe(ce);
    const long = map(Object.assign(oci(500, 'InternalError'), { message: 'y'.repeat(1000) }));
    expect(long.message.length).toBeLessThan(400);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and dates, ignores junk', () => {
    expect(parseRetryAfter('1.5', 0)).toBe(1500);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
