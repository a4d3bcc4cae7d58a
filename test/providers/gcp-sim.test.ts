/**
 * The Google Cloud simulator against trimmed schemas from Google's API discovery documents
 * (test/fixtures/specs/gcp/discovery-subset.json: compute v1, monitoring v3, cloudbilling v1,
 * cloudresourcemanager v1; sources in SOURCES.md). Error bodies follow the documented
 * `{error: {code, message, status, errors[]}}` shape (google.rpc / JSON error format).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGcpSim, type GcpRunningSim } from '../../src/sim/gcp';
import { assertValid, loadSpec } from '../helpers/openapi';
import { parseCredentialsJson, tokenRequest } from '../../src/core/providers/gcp/auth';

const spec = loadSpec('gcp/discovery-subset.json');
// Discovery formats: RFC 3339 timestamps and protobuf durations ("300s").
spec.ajv.addFormat('google-datetime', (x: string) => /^\d{4}-\d{2}-\d{2}T/.test(x) && !Number.isNaN(Date.parse(x)));
spec.ajv.addFormat('google-duration', /^-?\d+(\.\d+)?s$/);
const v = (name: string) => spec.ajv.compile({ $ref: `${spec.id}#/definitions/${name}` });

/** The documented JSON error shape (https://cloud.google.com/apis/design/errors#http_mapping). */
const errorShape = spec.ajv.compile({
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'status'],
      properties: {
        code: { type: 'integer' },
        message: { type: 'string' },
        status: { type: 'string' },
        errors: { type: 'array', items: { type: 'object', properties: { reason: { type: 'string' } } } },
      },
    },
  },
});

let sim: GcpRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function accessToken(s: GcpRunningSim): Promise<string> {
  const req = tokenRequest(parseCredentialsJson(s.serviceAccountJson), undefined, Date.now());
  const res = await fetch(req.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(req.form).toString(),
  });
  const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
  expect(body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
  return body.access_token;
}

async function get(url: string, token?: string) {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, body: (await res.json()) as unknown, retryAfter: res.headers.get('retry-after') };
}

async function allPages(url: string, token: string, def: string): Promise<number> {
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const u = new URL(url);
    if (pageToken) u.searchParams.set('pageToken', pageToken);
    const page = await get(u.toString(), token);
    assertValid(v(def), page.body, `${def} page ${pages}`);
    pageToken = (page.body as { nextPageToken?: string }).nextPageToken || undefined;
    pages++;
  } while (pageToken && pages < 100);
  return pages;
}

describe('Google Cloud simulator responses match the discovery schemas', () => {
  it('projects, aggregated instances and accelerator types, regions, SKUs, time series', async () => {
    const s = (sim = await startGcpSim({ seed: 1 }));
    const t = await accessToken(s);
    const c = `${s.baseUrl}/compute/v1/projects/acme-ml-prod`;
    assertValid(
      v('cloudresourcemanager.v1.ListProjectsResponse'),
      (await get(`${s.baseUrl}/v1/projects`, t)).body,
      'projects',
    );
    expect(await allPages(`${c}/aggregated/instances`, t, 'compute.v1.InstanceAggregatedList')).toBeGreaterThan(1);
    expect(
      await allPages(`${c}/aggregated/acceleratorTypes`, t, 'compute.v1.AcceleratorTypeAggregatedList'),
    ).toBeGreaterThan(1);
    expect(await allPages(`${c}/regions`, t, 'compute.v1.RegionList')).toBeGreaterThan(1);
    expect(
      await allPages(`${s.baseUrl}/v1/services/6F81-5844-456A/skus`, t, 'cloudbilling.v1.ListSkusResponse'),
    ).toBeGreaterThan(1);
    const end = new Date();
    const q = new URLSearchParams({
      filter: 'metric.type = "compute.googleapis.com/instance/cpu/utilization" AND resource.type = "gce_instance"',
      'interval.startTime': new Date(end.getTime() - 3600_000).toISOString(),
      'interval.endTime': end.toISOString(),
      'aggregation.alignmentPeriod': '300s',
      'aggregation.perSeriesAligner': 'ALIGN_MEAN',
    });
    const ts = await get(`${s.baseUrl}/v3/projects/acme-ml-prod/timeSeries?${q.toString()}`, t);
    assertValid(v('monitoring.v3.ListTimeSeriesResponse'), ts.body, 'time series');
  });

  it('every demo tick still validates', async () => {
    const s = (sim = await startGcpSim({ seed: 2 }));
    const t = await accessToken(s);
    for (let i = 0; i < 5; i++) {
      s.tick();
      await allPages(
        `${s.baseUrl}/compute/v1/projects/acme-ml-prod/aggregated/instances`,
        t,
        'compute.v1.InstanceAggregatedList',
      );
    }
  });

  it('errors: 401, 403 naming the permission, 403 rateLimitExceeded, 429 with Retry-After, 404', async () => {
    const s = (sim = await startGcpSim({ scenario: 'no-viewer' }));
    const url = `${s.baseUrl}/compute/v1/projects/acme-ml-prod/aggregated/instances`;
    const unauth = await get(url, 'ya29.bogus');
    expect(unauth.status).toBe(401);
    assertValid(errorShape, unauth.body, '401');
    const t = await accessToken(s);
    const denied = await get(url, t);
    expect(denied.status).toBe(403);
    assertValid(errorShape, denied.body, '403');
    expect(JSON.stringify(denied.body)).toContain("Required 'compute.instances.list' permission");
    s.scenario.rateLimit403(1);
    const limited = await get(url, t);
    expect((limited.body as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe(
      'rateLimitExceeded',
    );
    s.scenario.throttle(1, 4);
    const throttled = await get(url, t);
    expect(throttled.status).toBe(429);
    expect(throttled.retryAfter).toBe('4');
    assertValid(errorShape, throttled.body, '429');
    const missing = await get(`${s.baseUrl}/compute/v1/projects/nope/regions`, t);
    expect(missing.status).toBe(404);
    assertValid(errorShape, missing.body, '404');
  });
});
