import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyticsBucketName,
  analyticsIssue,
  bucketResource,
  classifyGraphqlErrors,
  parseR2Operations,
  parseR2Page,
  parseR2Storage,
  parseWorkersAnalytics,
  workerResource,
} from '../../../../../src/core/providers/cloudflare/parse';
import { CloudtopError, ResourceSchema } from '../../../../../src/shared/model';
import { SPECS_DIR } from '../../../../helpers/openapi';

const sample = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(SPECS_DIR, 'cloudflare/samples', name), 'utf8')) as unknown;
const acct = { id: '023e105f4ecef8ad9ca31a8372d0c353', name: 'Acme' };

function thrown(fn: () => unknown): CloudtopError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CloudtopError);
    return e as CloudtopError;
  }
  throw new Error('expected a throw');
}

describe('R2 list', () => {
  it('reads {buckets} and the cursor; a missing cursor ends the list', () => {
    const body = {
      success: true,
      errors: [],
      messages: [],
      result: { buckets: [{ name: 'logs', creation_date: '2024-01-01T00:00:00Z', location: 'ENAM' }] },
      result_info: { cursor: 'abc', per_page: 20 },
    };
    expect(parseR2Page(body)).toEqual({ buckets: body.result.buckets, cursor: 'abc' });
    expect(parseR2Page({ ...body, result_info: { per_page: 20 } }).cursor).toBeUndefined();
    expect(parseR2Page({ ...body, result_info: { cursor: '', per_page: 20 } }).cursor).toBeUndefined();
  });

  it('names the field when the shape is wrong, including the stale array shape', () => {
    const e = thrown(() =>
      parseR2Page({ success: true, errors: [], messages: [], result: { buckets: [{ name: 7 }] } }),
    );
    expect(e.code).toBe('bad_response');
    expect(e.message).toContain('"result.buckets[0].name"');
    const stale = thrown(() => parseR2Page({ success: true, errors: [], messages: [], result: [{ name: 'a' }] }));
    expect(stale.message).toContain('"result"');
  });
});

describe('resources', () => {
  it('builds valid Worker and bucket resources, lower-casing the live upper-case location', () => {
    const w = workerResource(
      acct,
      { id: 'api', usage_model: 'standard', handlers: ['fetch', 'scheduled'] },
      'default',
      0,
    );
    expect(ResourceSchema.parse(w)).toMatchObject({
      kind: 'worker',
      meta: { handlers: 'fetch,scheduled', usageModel: 'standard' },
    });
    const b = bucketResource(acct, { name: 'eu-logs', location: 'WEUR', jurisdiction: 'eu' }, 'default', 0);
    expect(b.region).toBe('weur');
    expect(b.consoleUrl).toContain('/r2/eu/buckets/eu-logs');
    expect(ResourceSchema.safeParse(b).success).toBe(true);
  });

  it('maps jurisdictional buckets to their analytics name', () => {
    expect(analyticsBucketName({ name: 'x', jurisdiction: 'eu' })).toBe('eu_x');
    expect(analyticsBucketName({ name: 'x', jurisdiction: 'default' })).toBe('x');
    expect(analyticsBucketName({ name: 'x' })).toBe('x');
  });
});

describe('GraphQL analytics', () => {
  it('parses the official Workers response sample (per-second datetime rows, µs → ms)', () => {
    const r = parseWorkersAnalytics(sample('graphql-workersInvocationsAdaptive.response.json'));
    if (!('series' in r)) throw new Error('expected series');
    const s = r.series.get('worker-subrequest-test-client')!;
    const byName = Object.fromEntries(s.map((x) => [x.name, x]));
    expect(byName.requests!.points).toEqual([
      [Date.parse('2020-05-04T18:10:34Z'), 1],
      [Date.parse('2020-05-04T18:10:35Z'), 1],
      [Date.parse('2020-05-04T18:10:49Z'), 4],
    ]);
    expect(byName.cpu_time_p99!.points[2]![1]).toBeCloseTo(0.26119, 6);
    expect(byName.cpu_time_p50!.unit).toBe('ms');
  });

  it('adds amounts and keeps the worst quantile when rows share a bucket (grouped by status too)', () => {
    const row = (status: string, requests: number, errors: number, p99: number) => ({
      sum: { requests, errors, subrequests: 0 },
      quantiles: { cpuTimeP50: 1000, cpuTimeP99: p99 },
      dimensions: { datetimeFiveMinutes: '2026-01-01T00:05:00Z', scriptName: 'a', status },
    });
    const r = parseWorkersAnalytics({
      data: {
        viewer: {
          accounts: [
            { workersInvocationsAdaptive: [row('success', 10, 0, 2000), row('scriptThrewException', 2, 2, 9000)] },
          ],
        },
      },
      errors: null,
    });
    if (!('series' in r)) throw new Error('expected series');
    const byName = Object.fromEntries(r.series.get('a')!.map((x) => [x.name, x.points]));
    expect(byName.requests).toEqual([[Date.parse('2026-01-01T00:05:00Z'), 12]]);
    expect(byName.errors![0]![1]).toBe(2);
    expect(byName.cpu_time_p99![0]![1]).toBe(9);
  });

  it('tolerates null quantiles (no invocations measured) by leaving the point out', () => {
    const r = parseWorkersAnalytics({
      data: {
        viewer: {
          accounts: [
            {
              workersInvocationsAdaptive: [
                {
                  sum: { requests: 0, errors: 0, subrequests: 0 },
                  quantiles: { cpuTimeP50: null, cpuTimeP99: null },
                  dimensions: { datetimeFiveMinutes: '2026-01-01T00:00:00Z', scriptName: 'a' },
                },
              ],
            },
          ],
        },
      },
      errors: null,
    });
    if (!('series' in r)) throw new Error('expected series');
    expect(r.series.get('a')!.find((s) => s.name === 'cpu_time_p50')).toBeUndefined();
  });

  it('reads R2 operations and storage rows', () => {
    const ops = parseR2Operations({
      data: {
        viewer: {
          accounts: [
            {
              r2OperationsAdaptiveGroups: [
                { sum: { requests: 5 }, dimensions: { datetimeHour: '2026-01-01T01:00:00Z', bucketName: 'b' } },
              ],
            },
          ],
        },
      },
      errors: null,
    });
    expect('series' in ops && ops.series.get('b')![0]).toMatchObject({
      name: 'operations',
      unit: 'operations',
      points: [[Date.parse('2026-01-01T01:00:00Z'), 5]],
    });
    const st = parseR2Storage({
      data: {
        viewer: {
          accounts: [
            {
              r2StorageAdaptiveGroups: [
                {
                  max: { objectCount: 3, payloadSize: 100, metadataSize: 9, uploadCount: 0 },
                  dimensions: { datetime: '2026-01-01T02:00:00Z', bucketName: 'b' },
                },
              ],
            },
          ],
        },
      },
      errors: null,
    });
    if (!('series' in st)) throw new Error('expected series');
    expect(st.series.get('b')!.map((s) => [s.name, s.unit, s.points[0]![1]])).toEqual([
      ['storage_bytes', 'bytes', 100],
      ['metadata_bytes', 'bytes', 9],
      ['objects', 'objects', 3],
    ]);
  });

  it('classifies errors: missing permission, dataset not in plan, rate limit, other', () => {
    const ts = { timestamp: '2026-01-01T00:00:00Z' };
    expect(
      classifyGraphqlErrors([{ message: 'not authorized for that account', extensions: { code: 'authz', ...ts } }])
        .kind,
    ).toBe('permission');
    expect(
      classifyGraphqlErrors([
        { message: "account 'x' does not have access to the path", extensions: { code: 'authz', ...ts } },
      ]).kind,
    ).toBe('plan');
    expect(classifyGraphqlErrors([{ message: 'rate limiter budget depleted, try again after 5 minutes' }]).kind).toBe(
      'rate_limited',
    );
    expect(classifyGraphqlErrors([{ message: 'internal error' }]).kind).toBe('other');
  });

  it('treats "cannot request data older than…" (the docs\' error example) as a permanent range limit', () => {
    // specs/cloudflare/samples/graphql-error.response.json, copied from the GraphQL Analytics docs' errors page.
    const official = sample('graphql-error.response.json') as { errors: { message: string }[] };
    expect(classifyGraphqlErrors(official.errors).kind).toBe('range');
    expect(parseWorkersAnalytics(official)).toEqual({
      problem: { kind: 'range', message: 'cannot request data older than 2678400s' },
    });
    const issue = analyticsIssue(classifyGraphqlErrors(official.errors), 'Workers metrics');
    expect(issue).toMatchObject({ retryable: false });
    expect(issue.code).not.toBe('upstream');
    expect(issue.message).toMatch(/^Workers metrics: outside the time range .*older than 2678400s/);
    expect(analyticsIssue({ kind: 'permission', message: '' }, 'Workers metrics')).toMatchObject({
      code: 'forbidden',
      message: 'Workers metrics: needs Account Analytics Read',
      retryable: false,
    });
  });

  it('rejects a body with neither data nor errors, and bad timestamps', () => {
    expect(thrown(() => parseWorkersAnalytics({ data: null, errors: null })).code).toBe('bad_response');
    const bad = {
      data: {
        viewer: {
          accounts: [
            {
              workersInvocationsAdaptive: [
                { sum: { requests: 1 }, dimensions: { datetimeFiveMinutes: 'yesterday', scriptName: 'a' } },
              ],
            },
          ],
        },
      },
      errors: null,
    };
    expect(thrown(() => parseWorkersAnalytics(bad)).message).toMatch(/invalid datetime/);
    expect(
      thrown(() =>
        parseWorkersAnalytics({
          data: { viewer: { accounts: [{ workersInvocationsAdaptive: [{ dimensions: {} }] }] } },
        }),
      ).message,
    ).toContain('workersInvocationsAdaptive[0].dimensions.scriptName');
  });
});
