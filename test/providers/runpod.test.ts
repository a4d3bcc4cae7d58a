/**
 * Contract tests: the real RunPod client (runpodProvider.create over the real collector HttpClient)
 * against the RunPod simulator on loopback.
 *
 * Pagination: REST v2 `GET /v2/catalog/gpus` and `GET /v2/pods` have no paging parameters or links
 * (openapi-v2.json); the whole list comes in one answer. The "to the end" test therefore checks that
 * a large catalogue arrives complete with exactly one request per (cloud, count).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../helpers/fake-clock';
import { runpodProvider } from '../../src/core/providers/runpod';
import { CloudtopError, GpuOfferSchema, ResourceSchema, type GpuOffer } from '../../src/shared/model';
import { RUNPOD_SIM_KEY, startRunpodSim, type RunpodSim } from '../../src/sim/runpod';
import { connectProvider, type ConnectOptions } from '../helpers/real-provider-client';

let sim: RunpodSim;
afterEach(async () => {
  await sim?.close();
});

const signal = (): AbortSignal => new AbortController().signal;
const ONE_REQUEST = { gpuCounts: [1], clouds: ['secure'], spot: false };

function connect(o: Partial<ConnectOptions> = {}): ReturnType<typeof connectProvider> {
  return connectProvider(runpodProvider, { baseUrl: sim.baseUrl, credentials: sim.credentials, ...o });
}

async function failure(p: Promise<unknown>): Promise<CloudtopError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CloudtopError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const find = (
  offers: GpuOffer[],
  gpu: string,
  dc: string,
  tier: string,
  count: number,
  billing = 'on-demand',
): GpuOffer | undefined =>
  offers.find(
    (o) =>
      o.instanceType === gpu &&
      o.region.id === dc &&
      o.cloud === tier &&
      o.gpu.count === count &&
      o.price.billing === billing,
  );

describe('runpod provider against the simulator', () => {
  beforeEach(async () => {
    sim = await startRunpodSim();
  });

  it('fetches per-data-center offers for 1x and 8x, secure and community, with spot prices', async () => {
    const { client, http } = connect();
    const offers = await client.fetchOffers!(signal());
    // 4 catalog requests (2 clouds × 2 counts) + 1 GraphQL spot-price request.
    expect(http.stats().requests).toBe(5);
    expect(sim.http.requests.map((r) => `${r.method} ${r.path}${r.query}`).sort()).toEqual([
      'GET /v2/catalog/gpus?include=AVAILABILITY&product=POD&cloud=COMMUNITY&count=1',
      'GET /v2/catalog/gpus?include=AVAILABILITY&product=POD&cloud=COMMUNITY&count=8',
      'GET /v2/catalog/gpus?include=AVAILABILITY&product=POD&cloud=SECURE&count=1',
      'GET /v2/catalog/gpus?include=AVAILABILITY&product=POD&cloud=SECURE&count=8',
      'POST /graphql',
    ]);
    for (const r of sim.http.requests) expect(r.headers.authorization).toBe(`Bearer ${RUNPOD_SIM_KEY}`);

    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success, o.id).toBe(true);
    expect(new Set(offers.map((o) => o.id)).size).toBe(offers.length);
    expect(offers).toHaveLength(28);

    const H100 = 'NVIDIA H100 80GB HBM3';
    expect(find(offers, H100, 'US-KS-2', 'secure', 1)).toMatchObject({
      gpu: { rawName: 'H100 SXM', vramGb: 80, count: 1, vendor: 'nvidia' },
      price: { perGpuHour: 2.69, perHour: 2.69, billing: 'on-demand' },
      availability: { state: 'available', detail: 'HIGH' },
      region: { id: 'US-KS-2', name: 'US Kansas 2', country: 'US' },
    });
    expect(find(offers, H100, 'US-KS-2', 'secure', 8)!.price).toMatchObject({ perGpuHour: 2.69, perHour: 21.52 });
    expect(find(offers, H100, 'EU-RO-1', 'secure', 1)!.availability.state).toBe('low');
    // One free GPU in EU-RO-1: no 8x there.
    expect(find(offers, H100, 'EU-RO-1', 'secure', 8)!.availability.state).toBe('none');
    // Community 8x is unavailable everywhere: RunPod omits dataCenters, we keep one "any" offer.
    expect(find(offers, H100, 'any', 'community', 8)!.availability.state).toBe('none');
    expect(find(offers, H100, 'US-KS-2', 'secure', 1, 'interruptible')!.price).toMatchObject({
      perGpuHour: 1.75,
      billing: 'interruptible',
    });
    expect(find(offers, 'AMD Instinct MI300X OAM', 'US-TX-3', 'secure', 8)).toMatchObject({
      gpu: { vendor: 'amd', vramGb: 192 },
      availability: { state: 'available' },
    });
    expect(offers.some((o) => o.instanceType === 'AMD Instinct MI300X OAM' && o.cloud === 'community')).toBe(false);
    // A sold-out GPU stays visible as sold out.
    const a100 = offers.filter((o) => o.instanceType === 'NVIDIA A100 80GB PCIe');
    expect(a100.length).toBe(4);
    expect(a100.every((o) => o.availability.state === 'none' && o.region.id === 'any')).toBe(true);
  });

  it('asks GraphQL for spot prices at most every 5 minutes (request count per refresh: 5, then 4)', async () => {
    const clock = new FakeClock(Date.now());
    const { client, http } = connect({ clock });
    await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(5);
    const spotOffers = (await client.fetchOffers!(signal())).filter((o) => o.price.billing === 'interruptible');
    expect(http.stats().requests).toBe(9);
    expect(spotOffers.length).toBeGreaterThan(0); // still served from the last answer
    clock.jump(5 * 60_000);
    await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(14);
    expect(sim.http.requests.filter((r) => r.path === '/graphql')).toHaveLength(2);
  });

  it('uses the minimum of requests when configured for 1x secure only, and 1 request for pods', async () => {
    const { client, http } = connect({ options: ONE_REQUEST });
    const offers = await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(1);
    expect(offers.every((o) => o.cloud === 'secure' && o.gpu.count === 1 && o.price.billing === 'on-demand')).toBe(
      true,
    );
    await client.fetchResources!(signal());
    expect(http.stats().requests).toBe(2);
  });

  it('rejects invalid options with a config error naming the option', () => {
    let err: unknown;
    try {
      connect({ options: { gpuCounts: [0] } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudtopError);
    expect((err as CloudtopError).code).toBe('config');
    expect((err as CloudtopError).message).toContain('gpuCounts.0');
  });

  it('lists pods as resources with state and cost, never their env or ssh details', async () => {
    const { client, http } = connect();
    const resources = await client.fetchResources!(signal());
    expect(http.stats().requests).toBe(1);
    expect(sim.http.requests[0]!.query).toBe('?includeClusterPods=true');
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
    expect(resources.map((r) => [r.id, r.kind, r.state, r.meta.costPerHour])).toEqual([
      ['runpod:h100run01', 'pod', 'running', 2.69],
      ['runpod:rtxexit02', 'pod', 'stopped', 0],
      ['runpod:cpuonly03', 'pod', 'running', 0.06],
    ]);
    expect(resources[0]!.meta).toMatchObject({ gpu: 'NVIDIA H100 80GB HBM3', gpuCount: 1, cloud: 'secure' });
    expect(resources[0]!.region).toBe('US-KS-2');
    expect(JSON.stringify(resources)).not.toContain('sim-secret-never-shown');
    expect(JSON.stringify(resources)).not.toContain('ssh root@');

    sim.scenario.setPodStatus('rtxexit02', 'RUNNING');
    sim.scenario.removePod('cpuonly03');
    const next = await client.fetchResources!(signal());
    expect(next.map((r) => r.state)).toEqual(['running', 'running']);
  });

  it('testConnection proves the key and reports the live quota from RateLimit-Policy', async () => {
    const { client } = connect();
    const r = await client.testConnection(signal());
    expect(r.detail).toBe('API key accepted: 4 GPU types in the RunPod catalog; quota 60/minute, 3000/hour, 50000/day');
  });

  it('follows the catalogue to the end: 150 more GPU types arrive in the same single request per slice', async () => {
    for (let i = 0; i < 150; i++) {
      const id = `NVIDIA Test GPU ${i}`;
      sim.scenario.addGpuType({ id, name: `Test ${i}`, memory: 16, price: { secure: 0.1 + i / 100, community: 0.05 } });
      sim.scenario.setStock(id, 'SECURE', 'EU-SE-1', 'HIGH');
    }
    const { client, http } = connect({ options: ONE_REQUEST });
    const offers = await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(1);
    expect(new Set(offers.map((o) => o.instanceType)).size).toBe(154);
    expect(find(offers, 'NVIDIA Test GPU 149', 'EU-SE-1', 'secure', 1)!.price.perGpuHour).toBe(1.59);
  });

  it('sees scenario changes on the next refresh: price moves, stock flips, types appear and go', async () => {
    const { client } = connect({ options: { gpuCounts: [1], spot: false } });
    const H100 = 'NVIDIA H100 80GB HBM3';
    await client.fetchOffers!(signal());
    sim.scenario.movePrices(0.9, H100);
    sim.scenario.setStock(H100, 'SECURE', 'EU-RO-1', 'HIGH');
    sim.scenario.setStock('NVIDIA A100 80GB PCIe', 'SECURE', 'US-GA-1', 'MEDIUM');
    sim.scenario.removeGpuType('AMD Instinct MI300X OAM');
    const offers = await client.fetchOffers!(signal());
    expect(find(offers, H100, 'EU-RO-1', 'secure', 1)).toMatchObject({
      price: { perGpuHour: 2.42 },
      availability: { state: 'available' },
    });
    expect(find(offers, 'NVIDIA A100 80GB PCIe', 'US-GA-1', 'secure', 1)!.availability.state).toBe('available');
    expect(offers.some((o) => o.instanceType === 'AMD Instinct MI300X OAM')).toBe(false);
  });

  it('reports everything as sold out in the sold-out scenario', async () => {
    await sim.close();
    sim = await startRunpodSim({ scenario: 'sold-out' });
    const { client } = connect();
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((o) => o.availability.state === 'none')).toBe(true);
    expect(new Set(offers.map((o) => o.instanceType))).toEqual(
      new Set(['NVIDIA H100 80GB HBM3', 'NVIDIA GeForce RTX 4090', 'NVIDIA A100 80GB PCIe', 'AMD Instinct MI300X OAM']),
    );
  });
});

describe('demo mode', () => {
  it('serves a realistic catalogue the client parses completely, and churns on tick()', async () => {
    sim = await startRunpodSim({ demo: true, seed: 11 });
    const { client } = connect();
    const before = await client.fetchOffers!(signal());
    for (const o of before) expect(GpuOfferSchema.safeParse(o).success, o.id).toBe(true);
    const raw = new Set(before.map((o) => o.gpu.rawName));
    for (const name of [
      'H100 SXM',
      'H100 PCIe',
      'H100 NVL',
      'H200 SXM',
      'B200',
      'A100 PCIe',
      'A100 SXM',
      'L40S',
      'RTX 4090',
      'RTX 5090',
      'RTX A6000',
      'RTX 6000 Ada',
      'MI300X',
    ])
      expect(raw).toContain(name);
    expect(new Set(before.map((o) => o.availability.state))).toEqual(new Set(['available', 'low', 'none']));
    expect(before.some((o) => o.price.billing === 'interruptible')).toBe(true);

    for (let i = 0; i < 3; i++) sim.tick();
    const after = await client.fetchOffers!(signal());
    const key = (o: GpuOffer): string => `${o.id} ${o.price.perGpuHour} ${o.availability.state}`;
    const changed = after.filter((o) => !before.some((b) => key(b) === key(o)));
    expect(changed.length).toBeGreaterThan(0);
    expect((await client.fetchResources!(signal())).length).toBe(3);
  });
});

describe('auth errors', () => {
  beforeEach(async () => {
    sim = await startRunpodSim();
  });

  it('a wrong key: auth error saying what to do, not retried, key never in the message', async () => {
    const { client } = connect({ credentials: { apiKey: 'rpa_WRONG_KEY_123' }, options: ONE_REQUEST });
    const e = await failure(client.fetchOffers!(signal()));
    expect(e.code).toBe('auth');
    expect(e.provider).toBe('runpod');
    expect(e.status).toBe(401);
    expect(e.message).toBe(
      'RunPod rejected the API key: create one at https://www.runpod.io/console/user/settings and run `cloudtop auth set runpod`',
    );
    expect(e.hint).toContain('CLOUDTOP_RUNPOD_API_KEY');
    expect(`${e.message} ${e.hint}`).not.toContain('rpa_WRONG_KEY_123');
    // 401 is not retried.
    expect(sim.http.requests.map((r) => r.status)).toEqual([401]);
    expect((await failure(client.testConnection(signal()))).code).toBe('auth');
  });

  it('with several slices, the first 401 cancels the rest: at most one request per slice, none repeated', async () => {
    const { client } = connect({ credentials: { apiKey: 'rpa_WRONG_KEY_123' } });
    expect((await failure(client.fetchOffers!(signal()))).code).toBe('auth');
    const seen = sim.http.requests.map((r) => `${r.method} ${r.path}${r.query}`);
    expect(seen.length).toBeLessThanOrEqual(5);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('no key: no offers and no request at all; resources and testConnection say a key is needed', async () => {
    const { client } = connect({ credentials: null });
    expect(await client.fetchOffers!(signal())).toEqual([]);
    const e = await failure(client.fetchResources!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('RunPod needs an API key');
    expect((await failure(client.testConnection(signal()))).message).toContain('cloudtop auth set runpod');
    expect(sim.http.requests).toHaveLength(0);
  });

  it('a key without pod access: offers work, resources fail with forbidden', async () => {
    sim.scenario.addKey('rpa_CATALOG_ONLY', { deny: ['/v2/pods'] });
    const { client } = connect({ credentials: { apiKey: 'rpa_CATALOG_ONLY' } });
    expect((await client.fetchOffers!(signal())).length).toBeGreaterThan(0);
    const e = await failure(client.fetchResources!(signal()));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('no access to your pods');
    expect(e.message).toContain('https://www.runpod.io/console/user/settings');
  });
});

describe('rate limits', () => {
  beforeEach(async () => {
    sim = await startRunpodSim();
  });

  const raw = (p: string): Promise<Response> =>
    fetch(`${sim.baseUrl}${p}`, { headers: { authorization: `Bearer ${RUNPOD_SIM_KEY}` } });

  it('429 with Retry-After: nothing is sent before it, then the refresh succeeds', async () => {
    sim.scenario.setRateLimitPolicy([{ name: 'second', quota: 2, windowSec: 1 }]);
    // Another tool using the same key drains the window.
    await raw('/v2/catalog/gpus');
    await raw('/v2/catalog/gpus');
    const { client, http } = connect({ options: ONE_REQUEST });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);

    const log = sim.http.requests;
    const i429 = log.findIndex((r) => r.status === 429);
    expect(i429).toBe(2);
    const retryAfterMs = 1000; // what the simulator sent (a 1-second window, ceil'd to whole seconds)
    const after = log.slice(i429 + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const r of after) expect(r.at - log[i429]!.at).toBeGreaterThanOrEqual(retryAfterMs);
    expect(after.at(-1)!.status).toBe(200);
    expect(http.stats().retries).toBe(1);
  });

  it('paces from the RateLimit header: a refresh that would run the window dry is not sent', async () => {
    sim.scenario.setRateLimitPolicy([{ name: 'minute', quota: 3, windowSec: 60 }]);
    const { client } = connect({ options: { gpuCounts: [1], spot: false } }); // 2 requests per refresh
    await client.fetchOffers!(signal()); // server now says r=1
    const sent = sim.http.requests.length;
    const e = await failure(client.fetchOffers!(signal()));
    expect(e.code).toBe('rate_limited');
    expect(e.message).toContain('"minute"');
    expect(e.retryAfterMs).toBeGreaterThan(55_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(sim.http.requests.length).toBe(sent);
    expect(sim.http.requests.some((r) => r.status === 429)).toBe(false);
  });

  it('a 429 that reaches the provider keeps it silent for the Retry-After', async () => {
    const clock = new FakeClock(Date.now());
    const { client } = connect({ clock, options: ONE_REQUEST, retry: { retries: 0 } });
    sim.http.control.failNext({
      status: 429,
      headers: { 'content-type': 'application/problem+json', 'Retry-After': '30' },
      body: { title: 'Too Many Requests', status: 429, detail: 'rate limit exceeded for the hour window' },
    });
    const first = await failure(client.fetchOffers!(signal()));
    expect(first).toMatchObject({ code: 'rate_limited', retryAfterMs: 30_000 });
    expect(first.message).toContain('rate limit exceeded for the hour window');
    const second = await failure(client.fetchOffers!(signal()));
    expect(second.code).toBe('rate_limited');
    expect(sim.http.requests).toHaveLength(1);
    clock.jump(30_000);
    expect((await client.fetchOffers!(signal())).length).toBeGreaterThan(0);
    expect(sim.http.requests).toHaveLength(2);
  });
});

describe('bad answers and timeouts', () => {
  beforeEach(async () => {
    sim = await startRunpodSim();
  });
  const CATALOG = '/v2/catalog/gpus';

  it('malformed JSON → bad_response', async () => {
    const { client } = connect({ options: ONE_REQUEST });
    sim.http.control.failNext({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"gpus": [{"id": ',
      pathIncludes: CATALOG,
    });
    const e = await failure(client.fetchOffers!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.provider).toBe('runpod');
  });

  it('schema-violating JSON → bad_response naming the field', async () => {
    const { client } = connect({ options: ONE_REQUEST });
    sim.http.control.failNext({
      status: 200,
      body: { gpus: [{ id: 'NVIDIA X', name: 'X', manufacturer: 'NVIDIA', memory: '80GB' }] },
      pathIncludes: CATALOG,
    });
    const e = await failure(client.fetchOffers!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toContain('gpus[0].memory');
    sim.http.control.failNext({
      status: 200,
      body: { pods: [{ id: 'p1', name: 'x', status: 'RUNNING' }] },
      pathIncludes: '/v2/pods',
    });
    expect((await failure(client.fetchResources!(signal()))).message).toContain('pods[0].cost');
  });

  it('problem+json errors are described from title and detail', async () => {
    const { client } = connect({ options: ONE_REQUEST });
    sim.http.control.failNext({
      status: 400,
      headers: { 'content-type': 'application/problem+json' },
      body: { title: 'Bad Request', status: 400, detail: 'product is valid only with include=AVAILABILITY' },
      pathIncludes: CATALOG,
    });
    const e = await failure(client.fetchOffers!(signal()));
    expect(e.code).toBe('upstream');
    expect(e.message).toContain('Bad Request: product is valid only with include=AVAILABILITY');
  });

  it('a failing GraphQL never costs the on-demand offers', async () => {
    const { client } = connect({ retry: { retries: 0 } });
    sim.http.control.failNext({ status: 502, body: 'bad gateway', pathIncludes: '/graphql' });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBe(18); // 28 minus the 10 interruptible ones
    expect(offers.every((o) => o.price.billing === 'on-demand')).toBe(true);
  });

  it('keeps the last spot prices through a GraphQL error, and stops asking once GraphQL is gone (404)', async () => {
    const clock = new FakeClock(Date.now());
    const { client } = connect({ clock, retry: { retries: 0 } });
    const withSpot = (await client.fetchOffers!(signal())).filter((o) => o.price.billing === 'interruptible').length;
    expect(withSpot).toBe(10);
    clock.jump(5 * 60_000);
    sim.http.control.failNext({ status: 500, body: { errors: [{ message: 'internal' }] }, pathIncludes: '/graphql' });
    expect((await client.fetchOffers!(signal())).filter((o) => o.price.billing === 'interruptible')).toHaveLength(
      withSpot,
    );
    clock.jump(5 * 60_000);
    sim.scenario.graphqlEnabled = false;
    await client.fetchOffers!(signal());
    clock.jump(60 * 60_000);
    const late = await client.fetchOffers!(signal());
    expect(late.some((o) => o.price.billing === 'interruptible')).toBe(false);
    expect(sim.http.requests.filter((r) => r.path === '/graphql')).toHaveLength(3);
  });

  it('a hanging API → timeout', async () => {
    const { client } = connect({ options: ONE_REQUEST, timeoutMs: 200, retry: { retries: 1 } });
    sim.http.control.hangNext(2);
    const e = await failure(client.fetchOffers!(signal()));
    expect(e.code).toBe('timeout');
    expect(e.provider).toBe('runpod');
  });

  it('a server error is retried and then succeeds', async () => {
    const { client, http } = connect({ options: ONE_REQUEST });
    sim.http.control.failNext({
      status: 503,
      headers: { 'content-type': 'application/problem+json' },
      body: { title: 'Service Unavailable', status: 503, detail: 'try again' },
    });
    expect((await client.fetchOffers!(signal())).length).toBeGreaterThan(0);
    expect(http.stats().retries).toBe(1);
  });
});
