/**
 * The Cloudflare simulator against Cloudflare's own documents: the 2024 OpenAPI subset, the current
 * common envelopes and the official GraphQL samples (test/fixtures/specs/cloudflare, SOURCES.md).
 * Where the vendored spec is known to be stale the test says so and checks the current shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkersAnalytics } from '../../src/core/providers/cloudflare/parse';
import { startCloudflareSim, type CloudflareRunningSim } from '../../src/sim/cloudflare';
import { SPECS_DIR, assertValid, componentValidator, loadSpec, responseValidator } from '../helpers/openapi';

const subset = loadSpec('cloudflare/openapi-subset-2024-08-06.json');
const common = loadSpec('cloudflare/common-envelopes.yaml');
const sample = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(SPECS_DIR, 'cloudflare/samples', name), 'utf8')) as unknown;

/** Valid except at paths matching `stale` (fields where the 2024 document lags the live API). */
function assertValidExcept(validate: ValidateFunction, body: unknown, stale: RegExp, label: string): void {
  if (validate(body)) return;
  const real = (validate.errors ?? []).filter((e) => !stale.test(e.instancePath));
  if (real.length > 0) assertValid(validate, body, label);
}

/** Same keys, recursively, as an official sample (values may differ). */
function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, shapeOf((v as Record<string, unknown>)[k])]),
    );
  return v === null ? null : typeof v;
}

describe('Cloudflare simulator vs the official documents', () => {
  let sim: CloudflareRunningSim;
  let accountId: string;
  const get = async (
    p: string,
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown; headers: Headers }> => {
    const res = await fetch(`${sim.baseUrl}${p}`, {
      headers: { authorization: `Bearer ${token ?? sim.tokens.full}`, ...headers },
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
  const gql = async (body: unknown, token?: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${sim.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token ?? sim.tokens.full}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    sim = await startCloudflareSim({ seed: 21 });
    accountId = sim.scenario.accounts[0]!.id;
    sim.scenario.addBuckets(accountId, 30);
  });
  afterAll(() => sim.close());

  it('GET /accounts matches accounts-list-accounts and the current collection envelope', async () => {
    const r = await get('/accounts?page=1&per_page=5');
    expect(r.status).toBe(200);
    assertValid(responseValidator(subset, 'get', '/accounts', 200), r.body, 'GET /accounts');
    assertValid(componentValidator(common, 'api-response-collection'), r.body, 'GET /accounts (common envelope)');
    for (const a of (r.body as { result: unknown[] }).result)
      assertValid(componentValidator(subset, 'iam_account'), a, 'account');
    expect(r.headers.get('ratelimit')).toMatch(/^"default";r=\d+;t=\d+$/);
  });

  it('GET /user/tokens/verify matches the spec and the official sample', async () => {
    const r = await get('/user/tokens/verify');
    assertValid(responseValidator(subset, 'get', '/user/tokens/verify', 200), r.body, 'GET /user/tokens/verify');
    expect(shapeOf(r.body)).toEqual(shapeOf(sample('user-tokens-verify.response.json')));
  });

  it('GET /workers/scripts matches worker-script-list-workers (usage_model "standard" is newer than the 2024 enum)', async () => {
    const r = await get(`/accounts/${accountId}/workers/scripts`);
    assertValidExcept(
      responseValidator(subset, 'get', '/accounts/{account_id}/workers/scripts', 200),
      r.body,
      /^\/result\/\d+\/usage_model$/,
      'GET workers/scripts',
    );
  });

  it('GET /r2/buckets has the current {buckets} shape; the 2024 spec (array) is stale', async () => {
    const first = await get(`/accounts/${accountId}/r2/buckets?per_page=20`);
    const body = first.body as { result: { buckets: unknown[] }; result_info: { cursor?: string; per_page: number } };
    // Known-stale: the vendored document still declares `result` as an array of buckets.
    expect(responseValidator(subset, 'get', '/accounts/{account_id}/r2/buckets', 200)(body)).toBe(false);
    assertValid(componentValidator(subset, 'r2_v4_response_list'), body, 'R2 list envelope');
    assertValid(componentValidator(subset, 'r2_result_info'), body.result_info, 'R2 result_info');
    const bucket = componentValidator(subset, 'r2_bucket');
    // `oc` (Oceania) is a location newer than the 2024 enum.
    for (const b of body.result.buckets) assertValidExcept(bucket, b, /^\/location$/, 'R2 bucket');
    expect(body.result.buckets).toHaveLength(20);
    expect(body.result_info.cursor).toMatch(/^1-/);
    const last = await get(
      `/accounts/${accountId}/r2/buckets?per_page=20&cursor=${encodeURIComponent(body.result_info.cursor!)}`,
    );
    const lastBody = last.body as typeof body;
    const inDefault = sim.scenario.accounts[0]!.buckets.filter((b) => b.jurisdiction === 'default');
    expect(lastBody.result.buckets.length).toBe(inDefault.length - 20);
    expect(lastBody.result_info.cursor).toBeUndefined();
  });

  it('GET /r2/buckets lists one jurisdiction per call, chosen by the cf-r2-jurisdiction header', async () => {
    // cf-oas `r2-list-buckets`: optional header `cf-r2-jurisdiction: default | eu | fedramp`; without it
    // only default-jurisdiction buckets are listed.
    const acct = sim.scenario.accounts[0]!;
    sim.scenario.addBuckets(acct.id, 3);
    acct.buckets.at(-1)!.jurisdiction = 'eu';
    acct.buckets.at(-2)!.jurisdiction = 'fedramp';
    const names = async (headers: Record<string, string>) => {
      const r = await get(`/accounts/${accountId}/r2/buckets?per_page=1000`, undefined, headers);
      expect(r.status).toBe(200);
      return (r.body as { result: { buckets: { name: string }[] } }).result.buckets.map((b) => b.name).sort();
    };
    const of = (j: string) =>
      acct.buckets
        .filter((b) => b.jurisdiction === j)
        .map((b) => b.name)
        .sort();
    expect(await names({})).toEqual(of('default'));
    expect(await names({ 'cf-r2-jurisdiction': 'default' })).toEqual(of('default'));
    expect(await names({ 'cf-r2-jurisdiction': 'eu' })).toEqual(of('eu'));
    expect(await names({ 'cf-r2-jurisdiction': 'fedramp' })).toEqual(of('fedramp'));
    expect(of('eu').length).toBeGreaterThan(0);
    const bad = await get(`/accounts/${accountId}/r2/buckets`, undefined, { 'cf-r2-jurisdiction': 'mars' });
    expect(bad.status).toBe(400);
  });

  it('failures use the failure envelope (401/403/404; 429 uses the community-reported code 971, below the documented minimum)', async () => {
    const failure = componentValidator(common, 'api-response-common-failure');
    const bad = await get('/user/tokens/verify', 'not-a-real-token-000000000000000000000');
    expect(bad.status).toBe(401);
    assertValid(failure, bad.body, '401 verify');
    const forbidden = await get(`/accounts/${accountId}/workers/scripts`, sim.tokens.disabled);
    expect(forbidden.status).toBe(403);
    assertValid(failure, forbidden.body, '403');
    assertValid(
      responseValidator(subset, 'get', '/accounts/{account_id}/r2/buckets', 403),
      (await get(`/accounts/${accountId}/r2/buckets`, sim.tokens.disabled)).body,
      'R2 4XX',
    );
    const missing = await get('/accounts/ffffffffffffffffffffffffffffffff/workers/scripts');
    expect(missing.status).toBe(404);
    assertValid(failure, missing.body, '404');

    const limited = await startCloudflareSim({ seed: 2 });
    try {
      limited.scenario.budget.limit = 0;
      const res = await fetch(`${limited.baseUrl}/accounts`, {
        headers: { authorization: `Bearer ${limited.tokens.full}` },
      });
      expect(res.status).toBe(429);
      const b = await res.json();
      assertValidExcept(failure, b, /^\/errors\/0\/code$/, '429');
    } finally {
      await limited.close();
    }
  });

  it('answers the official Workers analytics request in the official response shape', async () => {
    const req = sample('graphql-workersInvocationsAdaptive.request.json') as {
      query: string;
      variables: Record<string, string>;
    };
    const end = Date.now() - 60_000;
    const script = sim.scenario.accounts[0]!.workers[0]!.id;
    const r = await gql({
      query: req.query,
      variables: {
        accountTag: accountId,
        datetimeStart: new Date(end - 600_000).toISOString(),
        datetimeEnd: new Date(end).toISOString(),
        scriptName: script,
      },
    });
    expect(r.status).toBe(200);
    expect(shapeOf(r.body)).toEqual(shapeOf(sample('graphql-workersInvocationsAdaptive.response.json')));
    const parsed = parseWorkersAnalytics(r.body);
    expect('series' in parsed && [...parsed.series.keys()]).toEqual([script]);
  });

  it('answers both official R2 example queries', async () => {
    const reqs = sample('graphql-r2.requests.json') as Record<'operations' | 'storage', { query: string }>;
    const vars = {
      accountTag: accountId,
      startDate: new Date(Date.now() - 86_400_000).toISOString(),
      endDate: new Date().toISOString(),
    };
    const ops = (await gql({ query: reqs.operations.query, variables: vars })).body as {
      data: {
        viewer: {
          accounts: {
            r2OperationsAdaptiveGroups: { sum: { requests: number }; dimensions: { actionType: string } }[];
          }[];
        };
      };
      errors: null;
    };
    expect(ops.errors).toBeNull();
    const rows = ops.data.viewer.accounts[0]!.r2OperationsAdaptiveGroups;
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!).sort()).toEqual(['dimensions', 'sum']);
    expect(Object.keys(rows[0]!.dimensions)).toEqual(['actionType']);
    const storage = (await gql({ query: reqs.storage.query, variables: vars })).body as {
      data: {
        viewer: {
          accounts: { r2StorageAdaptiveGroups: { max: Record<string, number>; dimensions: { datetime: string } }[] }[];
        };
      };
    };
    const srows = storage.data.viewer.accounts[0]!.r2StorageAdaptiveGroups;
    expect(Object.keys(srows[0]!.max).sort()).toEqual(['metadataSize', 'objectCount', 'payloadSize', 'uploadCount']);
    // orderBy: [datetime_DESC]
    expect(srows[0]!.dimensions.datetime >= srows[srows.length - 1]!.dimensions.datetime).toBe(true);
  });

  it('gives a token without Account Analytics Read the GraphQL error shape of the official sample', async () => {
    const req = sample('graphql-workersInvocationsAdaptive.request.json') as { query: string };
    const r = await gql({ query: req.query, variables: { accountTag: accountId } }, sim.tokens.noAnalytics);
    expect(r.status).toBe(200);
    const official = sample('graphql-error.response.json') as { errors: { extensions: Record<string, unknown> }[] };
    const body = r.body as { data: null; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(Object.keys(body).sort()).toEqual(Object.keys(official).sort());
    expect(Object.keys(body.errors[0]!).sort()).toEqual(['extensions', 'message', 'path']);
    expect(body.errors[0]!.extensions).toHaveProperty('timestamp');
    expect(body.errors[0]!.message).toBe('not authorized for that account');
  });

  it('refuses windows older than 31 days like the official error sample', async () => {
    const req = sample('graphql-workersInvocationsAdaptive.request.json') as { query: string };
    const old = Date.now() - 40 * 86_400_000;
    const r = await gql({
      query: req.query,
      variables: {
        accountTag: accountId,
        datetimeStart: new Date(old).toISOString(),
        datetimeEnd: new Date(old + 3_600_000).toISOString(),
      },
    });
    expect((r.body as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'cannot request data older than 2678400s',
    );
  });

  it('moves the metrics on tick() (demo churn), deterministically for a seed', async () => {
    const query = `query { viewer { accounts(filter: {accountTag: "${accountId}"}) { workersInvocationsAdaptive(limit: 10000, filter: {datetime_geq: "${new Date(Date.now() - 3_600_000).toISOString()}", datetime_leq: "${new Date(Date.now() - 60_000).toISOString()}"}) { sum { requests } dimensions { scriptName } } } } }`;
    type Rows = { data: { viewer: { accounts: { workersInvocationsAdaptive: { sum: { requests: number } }[] }[] } } };
    const total = async (): Promise<number> =>
      ((await gql({ query })).body as Rows).data.viewer.accounts[0]!.workersInvocationsAdaptive.reduce(
        (a, r) => a + r.sum.requests,
        0,
      );
    const before = await total();
    expect(await total()).toBe(before);
    for (let i = 0; i < 5; i++) sim.tick();
    expect(await total()).not.toBe(before);
  });
});
