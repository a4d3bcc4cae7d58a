/**
 * The RunPod simulator against the official REST v2 spec (test/fixtures/specs/runpod/openapi-v2.json)
 * and the documented GraphQL examples, so it cannot drift from the real API.
 *
 * Where the spec is vague, the simulator's reading (documented in src/sim/runpod):
 * - 400 vs 422: the spec names 400 for wrong combinations (product without include, both CUDA filters)
 *   and 422 for malformed countryCodes/CUDA values; for an unknown `include`/`product`/`cloud` enum
 *   value and a malformed `count` it names none. We answer 400 for enum/combination errors, 422 for
 *   malformed values.
 * - `dataCenters` "lists only the data centers that offer this GPU in the requested configuration";
 *   we list every data center that has this type in the tier, including ones at NONE for that count,
 *   and omit the array when all are NONE (as the spec says).
 * - The 401 response declares no RateLimit headers and is not counted (there is no user to count).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { assertValid, loadSpec, responseValidator, SPECS_DIR } from '../helpers/openapi';
import { RUNPOD_SIM_KEY, startRunpodSim, type RunpodSim } from '../../src/sim/runpod';
import { parseQuery } from '../../src/sim/runpod/graphql';

const spec = loadSpec('runpod/openapi-v2.json');
const PROBLEM = 'application/problem+json';
const RATELIMIT_RE = /^"[a-z]+";r=\d+;t=\d+(, "[a-z]+";r=\d+;t=\d+)*$/;
const POLICY_RE = /^"[a-z]+";q=\d+;w=\d+(, "[a-z]+";q=\d+;w=\d+)*$/;

let sim: RunpodSim;
afterEach(async () => {
  await sim?.close();
});

interface Got {
  status: number;
  headers: Headers;
  body: unknown;
}

async function get(p: string, key: string | null = RUNPOD_SIM_KEY, method = 'GET'): Promise<Got> {
  const res = await fetch(`${sim.baseUrl}${p}`, { method, headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

function expectValid(got: Got, method: string, template: string, label: string): void {
  const contentType = got.status >= 400 ? PROBLEM : 'application/json';
  expect(got.headers.get('content-type')).toBe(contentType);
  assertValid(responseValidator(spec, method, template, got.status, contentType), got.body, `${label} (${got.status})`);
}

function expectRateHeaders(got: Got): void {
  expect(got.headers.get('ratelimit')).toMatch(RATELIMIT_RE);
  expect(got.headers.get('ratelimit-policy')).toMatch(POLICY_RE);
}

const CATALOG_QUERIES = [
  '',
  '?include=AVAILABILITY&product=POD',
  '?include=AVAILABILITY&product=POD&cloud=SECURE&count=1',
  '?include=AVAILABILITY&product=POD&cloud=COMMUNITY&count=1',
  '?include=AVAILABILITY&product=POD&cloud=SECURE&count=8',
  '?include=AVAILABILITY&product=POD,SERVERLESS&cloud=COMMUNITY&count=4',
  '?include=AVAILABILITY&product=POD&countryCodes=US,RO',
  '?include=AVAILABILITY&product=POD&cudaVersions=12.8,12.6',
  '?include=AVAILABILITY&product=CLUSTER&minCudaVersion=12',
];

describe.each([
  ['default', false],
  ['demo', true],
])('%s scenario responses match openapi-v2.json', (_name, demo) => {
  beforeEach(async () => {
    sim = await startRunpodSim({ demo, seed: 7 });
  });

  it('GET /v2/catalog/gpus with every parameter combination, also after churn', async () => {
    for (let round = 0; round < 3; round++) {
      for (const q of CATALOG_QUERIES) {
        const got = await get(`/v2/catalog/gpus${q}`);
        expect(got.status).toBe(200);
        expectValid(got, 'get', '/v2/catalog/gpus', `catalog${q}`);
        expectRateHeaders(got);
      }
      sim.tick();
    }
  });

  it('GET /v2/catalog/gpus/{id} (200 and 404)', async () => {
    const found = await get(
      `/v2/catalog/gpus/${encodeURIComponent('NVIDIA H100 80GB HBM3')}?include=AVAILABILITY&product=POD&count=2`,
    );
    expectValid(found, 'get', '/v2/catalog/gpus/{id}', 'one gpu');
    expect((found.body as { name: string }).name).toBe('H100 SXM');
    const missing = await get('/v2/catalog/gpus/NVIDIA%20GeForce%20GTX%20480');
    expect(missing.status).toBe(404);
    expectValid(missing, 'get', '/v2/catalog/gpus/{id}', 'missing gpu');
  });

  it('GET /v2/pods, /v2/pods/{id}, /v2/catalog/datacenters', async () => {
    const pods = await get('/v2/pods');
    expectValid(pods, 'get', '/v2/pods', 'pods');
    expect((pods.body as { pods: unknown[] }).pods.length).toBeGreaterThan(0);
    const id = (pods.body as { pods: { id: string }[] }).pods[0]!.id;
    expectValid(await get(`/v2/pods/${id}`), 'get', '/v2/pods/{id}', 'pod');
    expectValid(await get('/v2/pods/nope'), 'get', '/v2/pods/{id}', 'missing pod');
    expectValid(await get('/v2/pods?includeClusterPods=true'), 'get', '/v2/pods', 'pods+clusters');
    expectValid(
      await get('/v2/catalog/datacenters?include=GPU_AVAILABILITY'),
      'get',
      '/v2/catalog/datacenters',
      'datacenters',
    );
    expectValid(await get('/v2/catalog/datacenters/EU-RO-1'), 'get', '/v2/catalog/datacenters/{id}', 'datacenter');
  });
});

describe('errors are RFC 9457 problem+json as the spec declares', () => {
  beforeEach(async () => {
    sim = await startRunpodSim();
  });

  it('401 without or with a wrong bearer token, with no rate-limit headers', async () => {
    for (const key of [null, 'rpa_WRONG']) {
      const got = await get('/v2/catalog/gpus', key);
      expect(got.status).toBe(401);
      expectValid(got, 'get', '/v2/catalog/gpus', 'unauthorized');
      expect(got.headers.get('ratelimit')).toBeNull();
    }
    expect((await get('/v2/pods', null)).body).toEqual({
      title: 'Unauthorized',
      status: 401,
      detail: 'missing bearer token',
    });
  });

  it('403 for a key without access to pods', async () => {
    sim.scenario.addKey('rpa_CATALOG_ONLY', { deny: ['/v2/pods'] });
    const got = await get('/v2/pods', 'rpa_CATALOG_ONLY');
    expect(got.status).toBe(403);
    expectValid(got, 'get', '/v2/pods', 'forbidden');
    expectRateHeaders(got);
    expect((await get('/v2/catalog/gpus', 'rpa_CATALOG_ONLY')).status).toBe(200);
  });

  it.each([
    ['?include=FOO&product=POD', 400, /FOO/],
    ['?include=AVAILABILITY,AVAILABILITY&product=POD', 400, /at most one/],
    ['?include=AVAILABILITY', 400, /product is required/],
    ['?product=POD', 400, /valid only with include/],
    ['?count=2', 400, /valid only with include/],
    ['?include=AVAILABILITY&product=GPU', 400, /unsupported product/],
    ['?include=AVAILABILITY&product=POD&cloud=PRIVATE', 400, /unsupported cloud/],
    ['?include=AVAILABILITY&product=POD&cudaVersions=12.8&minCudaVersion=12', 400, /mutually exclusive/],
    ['?include=AVAILABILITY&product=POD&count=0', 422, /validation failed/],
    ['?include=AVAILABILITY&product=POD&countryCodes=fr', 422, /validation failed/],
    ['?include=AVAILABILITY&product=POD&cudaVersions=12', 422, /validation failed/],
  ])('GET /v2/catalog/gpus%s → %i', async (q, status, detail) => {
    const got = await get(`/v2/catalog/gpus${q}`);
    expect(got.status).toBe(status);
    expectValid(got, 'get', '/v2/catalog/gpus', q);
    expect((got.body as { detail: string }).detail).toMatch(detail);
    expectRateHeaders(got);
  });

  it('405 with Allow for a method the path does not take, 404 for unknown paths', async () => {
    const got = await get('/v2/catalog/gpus', RUNPOD_SIM_KEY, 'DELETE');
    expect(got.status).toBe(405);
    expect(got.headers.get('allow')).toBe('GET');
    expect(got.headers.get('content-type')).toBe(PROBLEM);
    expect((await get('/v2/nothing-here')).status).toBe(404);
  });

  it('429 with Retry-After and RateLimit headers once a window is used up; the window then resets', async () => {
    sim.scenario.setRateLimitPolicy([
      { name: 'minute', quota: 3, windowSec: 60 },
      { name: 'hour', quota: 100, windowSec: 3600 },
    ]);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++)
      remaining.push((await get('/v2/catalog/gpus')).headers.get('ratelimit')!.split(',')[0]!);
    expect(remaining.map((r) => /r=(\d+)/.exec(r)![1])).toEqual(['2', '1', '0']);
    const limited = await get('/v2/catalog/gpus');
    expect(limited.status).toBe(429);
    expectValid(limited, 'get', '/v2/catalog/gpus', 'too many');
    expect(limited.body).toMatchObject({
      title: 'Too Many Requests',
      status: 429,
      detail: 'rate limit exceeded for the minute window',
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expectRateHeaders(limited);
    expect(limited.headers.get('ratelimit-policy')).toBe('"minute";q=3;w=60, "hour";q=100;w=3600');
    // Rejected requests do not consume quota: the hour window still shows 97 left.
    expect(limited.headers.get('ratelimit')).toMatch(/"hour";r=97;/);
  });
});

describe('catalog semantics', () => {
  beforeEach(async () => {
    sim = await startRunpodSim();
  });

  type Gpu = {
    id: string;
    availability?: string;
    dataCenters?: { id: string; availability: string }[];
    cudaVersions?: unknown[];
  };
  const gpus = async (q: string): Promise<Gpu[]> => ((await get(`/v2/catalog/gpus${q}`)).body as { gpus: Gpu[] }).gpus;
  const A = '?include=AVAILABILITY&product=POD';

  it('omits availability fields unless include=AVAILABILITY', async () => {
    for (const g of await gpus('')) {
      expect(g.availability).toBeUndefined();
      expect(g.dataCenters).toBeUndefined();
    }
  });

  it('availability depends on count: one free H100 in EU-RO-1 shows NONE there for 8x', async () => {
    const one = (await gpus(`${A}&count=1`)).find((g) => g.id === 'NVIDIA H100 80GB HBM3')!;
    const eight = (await gpus(`${A}&count=8`)).find((g) => g.id === 'NVIDIA H100 80GB HBM3')!;
    expect(one.dataCenters).toEqual([
      { id: 'EU-RO-1', name: 'Europe Romania 1', availability: 'LOW' },
      { id: 'US-KS-2', name: 'US Kansas 2', availability: 'HIGH' },
    ]);
    expect(eight.dataCenters!.find((d) => d.id === 'EU-RO-1')!.availability).toBe('NONE');
  });

  it('drops dataCenters when sold out everywhere, keeps the type with NONE; AMD has no cudaVersions', async () => {
    const list = await gpus(A);
    const a100 = list.find((g) => g.id === 'NVIDIA A100 80GB PCIe')!;
    expect(a100.availability).toBe('NONE');
    expect(a100).not.toHaveProperty('dataCenters');
    expect(list.find((g) => g.id === 'AMD Instinct MI300X OAM')).not.toHaveProperty('cudaVersions');
  });

  it('countryCodes narrows data centers and drops types with none there', async () => {
    const list = await gpus(`${A}&countryCodes=RO`);
    expect(list.map((g) => g.id)).toEqual(['NVIDIA H100 80GB HBM3']);
    expect(list[0]!.dataCenters!.map((d) => d.id)).toEqual(['EU-RO-1']);
  });

  it('scenario API: add/remove types, stock and prices show up on the next request', async () => {
    sim.scenario.addGpuType({ id: 'NVIDIA B200', name: 'B200', memory: 180, price: { secure: 5.99, community: 0 } });
    sim.scenario.setStock('NVIDIA B200', 'SECURE', 'US-CA-2', 'HIGH');
    sim.scenario.movePrices(1.1, 'NVIDIA B200');
    const b200 = (await get(`/v2/catalog/gpus${A}`)).body as {
      gpus: { id: string; price: { secure: number }; availability: string }[];
    };
    expect(b200.gpus.find((g) => g.id === 'NVIDIA B200')).toMatchObject({
      price: { secure: 6.59 },
      availability: 'HIGH',
    });
    sim.scenario.removeGpuType('NVIDIA B200');
    expect((await gpus(A)).some((g) => g.id === 'NVIDIA B200')).toBe(false);
  });

  it('demo churn is seeded: the same seed gives the same catalogue after ticks', async () => {
    const snapshot = async (seed: number): Promise<string> => {
      const s = await startRunpodSim({ scenario: 'demo', seed });
      for (let i = 0; i < 5; i++) s.tick();
      const res = await fetch(`${s.baseUrl}/v2/catalog/gpus${A}`, {
        headers: { authorization: `Bearer ${RUNPOD_SIM_KEY}` },
      });
      const text = await res.text();
      await s.close();
      return text;
    };
    const [a, b, c] = [await snapshot(3), await snapshot(3), await snapshot(4)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const before = await gpus(A);
    sim.scenario.loadDemo();
    const demoBefore = JSON.stringify(await gpus(A));
    for (let i = 0; i < 5; i++) sim.tick();
    expect(JSON.stringify(await gpus(A))).not.toBe(demoBefore);
    expect(before.length).toBeLessThan(JSON.parse(demoBefore).length);
  });
});

describe('GraphQL answers the documented example queries with the documented shapes', () => {
  beforeEach(async () => {
    sim = await startRunpodSim({ scenario: 'demo' });
  });

  type Example = { query: string; responses: Record<string, { data: Record<string, unknown> }> };
  const examples = (
    JSON.parse(fs.readFileSync(path.join(SPECS_DIR, 'runpod/graphql-examples.json'), 'utf8')) as { examples: Example[] }
  ).examples.filter((e) => /gpuTypes/.test(e.query) && !e.query.trimStart().startsWith('mutation'));

  /** Key structure of a JSON value (arrays by their first element). */
  function shape(v: unknown): unknown {
    if (Array.isArray(v)) return v.length > 0 ? [shape(v[0])] : [];
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .map(([k, x]) => [k, shape(x)])
          .sort(),
      );
    return typeof v;
  }

  it.each(examples.map((e) => [e.query.replace(/\s+/g, ' ').slice(0, 60), e] as const))('%s…', async (_label, ex) => {
    const res = await fetch(`${sim.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${RUNPOD_SIM_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: ex.query }),
    });
    expect(res.status).toBe(200);
    const got = (await res.json()) as { data: Record<string, unknown>; errors?: unknown };
    expect(got.errors).toBeUndefined();
    for (const expected of Object.values(ex.responses)) expect(shape(got.data)).toEqual(shape(expected.data));
  });

  it('accepts ?api_key= like the docs, answers 401 for a bad key and 200+errors for bad fields', async () => {
    const post = (url: string, query: string, auth?: string): Promise<Response> =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ query }),
      });
    const q = '{ gpuTypes { id secureSpotPrice communitySpotPrice } }';
    expect((await post(`${sim.baseUrl}/graphql?api_key=${RUNPOD_SIM_KEY}`, q)).status).toBe(200);
    expect((await post(`${sim.baseUrl}/graphql`, q, 'Bearer nope')).status).toBe(401);
    const bad = await post(`${sim.baseUrl}/graphql`, '{ gpuTypes { id bogus } }', `Bearer ${RUNPOD_SIM_KEY}`);
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({
      data: null,
      errors: [{ message: 'Cannot query field "bogus" on type "GpuType".' }],
    });
  });

  it('parses queries with names, arguments, comments and nested input objects', () => {
    expect(
      parseQuery(
        'query Q { gpuTypes(input: { ids: ["a", "b"], x: 1.5 }) { id # comment\n lowestPrice(input: {gpuCount: 2, secureCloud: true}) { stockStatus } } }',
      ),
    ).toEqual([
      {
        name: 'gpuTypes',
        args: { input: { ids: ['a', 'b'], x: 1.5 } },
        selections: [
          { name: 'id', args: {}, selections: [] },
          {
            name: 'lowestPrice',
            args: { input: { gpuCount: 2, secureCloud: true } },
            selections: [{ name: 'stockStatus', args: {}, selections: [] }],
          },
        ],
      },
    ]);
    expect(() => parseQuery('{ gpuTypes { id }')).toThrow(/unexpected end/);
  });
});
