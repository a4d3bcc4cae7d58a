import { describe, expect, it } from 'vitest';
import { mapNeonError } from '../../../../../src/core/providers/neon/client';
import { parseRetryAfter } from '../../../../../src/core/providers/kit';

const retryAfterMs = (h: Record<string, string>, now: number) => parseRetryAfter(h, now);
import { discover } from '../../../../../src/core/providers/neon/discover';
import {
  ConsumptionV2Schema,
  EndpointsSchema,
  branchState,
  consumptionIssue,
  consumptionSeries,
  effectiveSuspendTimeout,
  endpointResource,
  endpointState,
  projectState,
  validate,
  type Endpoint,
  type ProjectListItem,
} from '../../../../../src/core/providers/neon/parse';
import { CloudtopError, ResourceSchema } from '../../../../../src/shared/model';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const project: ProjectListItem = {
  id: 'spring-example-302709',
  name: 'spring',
  region_id: 'aws-us-east-2',
  pg_version: 17,
  created_at: '2025-01-01T00:00:00Z',
};
// The spec's own Endpoint example (current_state init → pending active).
const specEndpoint = {
  host: 'ep-silent-smoke-806639.us-east-2.aws.neon.tech',
  id: 'ep-silent-smoke-806639',
  name: 'My cool compute',
  project_id: 'spring-example-302709',
  branch_id: 'br-wispy-meadow-118737',
  autoscaling_limit_min_cu: 1,
  autoscaling_limit_max_cu: 1,
  region_id: 'aws-us-east-2',
  type: 'read_write',
  current_state: 'init',
  pending_state: 'active',
  settings: { pg_settings: {} },
  pooler_enabled: false,
  pooler_mode: 'transaction',
  disabled: false,
  passwordless_access: true,
  creation_source: 'console',
  created_at: '2022-12-03T15:37:07Z',
  updated_at: '2022-12-03T15:37:07Z',
  proxy_host: 'us-east-2.aws.neon.tech',
  suspend_timeout_seconds: 0,
  provisioner: 'k8s-neonvm',
};

describe('states', () => {
  it('maps compute, branch and project states', () => {
    expect(endpointState('active')).toBe('running');
    expect(endpointState('idle')).toBe('idle');
    expect(endpointState('init')).toBe('starting');
    expect(endpointState('something-new')).toBe('unknown');
    expect(branchState('ready')).toBe('running');
    expect(branchState('archived')).toBe('stopped');
    expect(branchState('resetting')).toBe('starting');
    const ep = (current_state: string) => ({ ...specEndpoint, current_state }) as Endpoint;
    expect(projectState([ep('idle'), ep('active')])).toEqual({ state: 'running', raw: 'active' });
    expect(projectState([ep('idle')])).toEqual({ state: 'idle', raw: 'idle' });
    expect(projectState([])).toEqual({ state: 'idle', raw: 'no computes' });
  });

  it('reads the suspend timeout the way Neon defines it (0 = default 300 s, -1 = never)', () => {
    expect(effectiveSuspendTimeout(0)).toBe(300);
    expect(effectiveSuspendTimeout(-1)).toBe('never');
    expect(effectiveSuspendTimeout(3600)).toBe(3600);
  });
});

describe('endpoint resource', () => {
  it('builds a valid resource from the spec example, with pending state and autoscaling', () => {
    const e = validate(EndpointsSchema, { endpoints: [specEndpoint] }, 'compute endpoint list').endpoints[0]!;
    const r = ResourceSchema.parse(endpointResource(project, e, 'main', 'default', NOW));
    expect(r).toMatchObject({
      id: 'neon:endpoint:spring-example-302709/ep-silent-smoke-806639',
      kind: 'compute-endpoint',
      name: 'My cool compute',
      state: 'starting',
      stateRaw: 'init → active',
      parentId: 'neon:branch:spring-example-302709/br-wispy-meadow-118737',
      meta: { autoscaling: '1 CU', suspendTimeout: '300 s', suspendTimeoutSeconds: 300, branch: 'main' },
    });
    // The compute host is connection material the UI does not need; it stays out of the model.
    expect(JSON.stringify(r)).not.toContain(specEndpoint.host);
  });

  it('names the offending field', () => {
    const bad = { endpoints: [{ ...specEndpoint, autoscaling_limit_max_cu: 'big' }] };
    expect(() => validate(EndpointsSchema, bad, 'compute endpoint list')).toThrow(
      /"endpoints\[0\]\.autoscaling_limit_max_cu"/,
    );
  });
});

describe('consumption', () => {
  it('turns v2 periods into hourly series per project, ignoring unknown metrics', () => {
    const body = validate(
      ConsumptionV2Schema,
      {
        projects: [
          {
            project_id: 'p1',
            periods: [
              {
                period_id: '79ec829f-1828-4006-ac82-9f1828a0067d',
                period_plan: 'scale',
                period_start: '2024-03-01T00:00:00Z',
                consumption: [
                  {
                    timeframe_start: '2024-03-22T01:00:00Z',
                    timeframe_end: '2024-03-22T02:00:00Z',
                    metrics: [{ metric_name: 'compute_unit_seconds', value: 50 }],
                  },
                  {
                    timeframe_start: '2024-03-22T00:00:00Z',
                    timeframe_end: '2024-03-22T01:00:00Z',
                    metrics: [
                      { metric_name: 'compute_unit_seconds', value: 100 },
                      { metric_name: 'public_network_transfer_bytes', value: 2048 },
                      { metric_name: 'brand_new_metric', value: 1 },
                    ],
                  },
                ],
              },
            ],
          },
        ],
        pagination: { cursor: 'p1' },
      },
      'consumption history',
    );
    const s = consumptionSeries(body, 3_600_000).get('p1')!;
    expect(s.map((x) => [x.name, x.unit])).toEqual([
      ['compute_unit_seconds', 'cu-seconds'],
      ['network_transfer', 'bytes/h'],
    ]);
    expect(s[0]!.points).toEqual([
      [Date.parse('2024-03-22T00:00:00Z'), 100],
      [Date.parse('2024-03-22T01:00:00Z'), 50],
    ]);
  });

  it('words a plan gate as "not available on this plan"', () => {
    const i = consumptionIssue(
      new CloudtopError('forbidden', 'Neon denied consumption.projects (403)', { status: 403 }),
    );
    expect(i).toMatchObject({
      code: 'forbidden',
      message: 'Consumption history: not available on this plan',
      status: 403,
      retryable: false,
    });
    expect(consumptionIssue(new CloudtopError('rate_limited', 'slow down')).message).toBe(
      'Consumption history: slow down',
    );
  });
});

describe('mapNeonError', () => {
  const axiosError = (
    status: number | undefined,
    data: unknown,
    headers: Record<string, string> = {},
    code?: string,
  ) => ({
    isAxiosError: true,
    code,
    message: 'Request failed',
    response: status === undefined ? undefined : { status, data, headers: new Map(Object.entries(headers)) },
  });
  const map = (e: unknown) => mapNeonError('projects.list', NOW)(e) as CloudtopError;

  it("maps statuses, reading Neon's GeneralError message and Retry-After", () => {
    expect(map(axiosError(401, { code: '', message: 'authentication required' }))).toMatchObject({
      code: 'auth',
      status: 401,
    });
    expect(map(axiosError(403, { code: '', message: 'no' })).code).toBe('forbidden');
    expect(map(axiosError(404, {})).code).toBe('not_found');
    expect(map(axiosError(429, { code: '', message: 'slow' }, { 'retry-after': '7' }))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 7000,
    });
    expect(map(axiosError(429, {})).retryAfterMs).toBeUndefined();
    expect(map(axiosError(423, {}))).toMatchObject({ code: 'upstream', retryable: true });
    expect(map(axiosError(503, {}))).toMatchObject({ code: 'upstream', retryable: true });
    expect(map(axiosError(400, { message: 'bad limit' }))).toMatchObject({ code: 'upstream', retryable: false });
    expect(map(axiosError(400, { message: 'bad limit' })).message).toContain('bad limit');
  });

  it('maps transport failures', () => {
    expect(map(axiosError(undefined, undefined, {}, 'ERR_NETWORK')).code).toBe('network');
    expect(map(axiosError(undefined, undefined, {}, 'ERR_CANCELED')).code).toBe('cancelled');
    expect(map(axiosError(undefined, undefined, {}, 'ECONNABORTED')).code).toBe('timeout');
    expect(map(new SyntaxError('bad json')).code).toBe('bad_response');
    const inner = new CloudtopError('timeout', 'collector timeout');
    expect(map({ ...axiosError(undefined, undefined), cause: inner })).toBe(inner);
  });

  it('parses Retry-After as seconds or an HTTP date, clamped to an hour', () => {
    expect(retryAfterMs({ 'retry-after': '2' }, NOW)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': '86400' }, NOW)).toBe(3_600_000);
    expect(retryAfterMs({}, NOW)).toBeUndefined();
  });
});

describe('discover', () => {
  const key = 'napi_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn';
  it('offers NEON_API_KEY (and NEON_ORG_ID) with a non-revealing hint', () => {
    expect(discover({ NEON_API_KEY: key, NEON_ORG_ID: 'org-cool-name-12345678' })).toEqual([
      {
        provider: 'neon',
        source: 'environment variables NEON_API_KEY, NEON_ORG_ID',
        fields: { apiKey: key, orgId: 'org-cool-name-12345678' },
        hints: { apiKey: '…klmn', orgId: 'org-cool-name-12345678' },
      },
    ]);
  });
  it('offers nothing for an absent or malformed key', () => {
    expect(discover({})).toEqual([]);
    expect(discover({ NEON_API_KEY: '  ' })).toEqual([]);
    expect(discover({ NEON_API_KEY: 'short' })).toEqual([]);
    expect(discover({ NEON_API_KEY: key, NEON_ORG_ID: 'Not An Org' })[0]!.fields).toEqual({ apiKey: key });
  });
});
