/**
 * Contract tests: the real Vast.ai client (descriptor.create over the collector's HttpClient)
 * against the Vast.ai simulator on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { vastaiProvider } from '../../src/core/providers/vastai';
import { buildVastQuery } from '../../src/core/providers/vastai/query';
import { startVastSim, VAST_SIM_SCOPED_KEY, type VastRunningSim } from '../../src/sim/vastai';
import { GpuOfferSchema, ResourceSchema } from '../../src/shared/model';
import { caught } from './harness';
import { connectProvider, type ConnectOptions } from '../helpers/real-provider-client';

let sim: VastRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(scenario = 'default'): Promise<VastRunningSim> {
  sim = await startVastSim({ scenario, seed: 42 });
  return sim;
}

function connect(s: VastRunningSim, o: Partial<ConnectOptions> = {}) {
  return connectProvider(vastaiProvider, { baseUrl: s.baseUrl, credentials: { apiKey: s.apiKey }, ...o });
}

const signal = (): AbortSignal => new AbortController().signal;
const searches = (s: VastRunningSim): number =>
  s.http.requests.filter((r) => r.path.startsWith('/api/v0/bundles')).length;

describe('Vast.ai offers', () => {
  it('searches anonymously with the real query format and gets the filtered, ordered market', async () => {
    const s = await start();
    const { client, http } = connect(s, { credentials: null, options: { searchCacheMs: 0 } });
    const offers = await client.fetchOffers!(signal());

    expect(http.stats().requests).toBe(1);
    const req = s.http.requests[0]!;
    expect(req).toMatchObject({ method: 'POST', path: '/api/v0/bundles/', status: 200 });
    expect(req.headers.authorization).toBeUndefined();

    // What the sim's market holds under the default filters, cheapest first.
    const expected = s.scenario.offers.filter(
      (o) => o.verification === 'verified' && o.rentable && !o.rented && o.external === false,
    );
    expect(offers).toHaveLength(expected.length);
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
    const prices = offers.map((o) => o.price.perHour);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect(offers.every((o) => o.quality.verified === true && o.availability.state === 'available')).toBe(true);
  });

  it('filters reliability with the documented key and prices the CLI default storage, as `vastai search offers`', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: null, options: { searchCacheMs: 0, minReliability: 0.97 } });
    const offers = await client.fetchOffers!(signal());
    const body = s.http.requests[0]!.json as Record<string, unknown>;
    expect(body.reliability).toEqual({ gte: 0.97 });
    expect(body.allocated_storage).toBe(5);
    const byId = new Map(s.scenario.offers.map((o) => [String(o.id), o]));
    expect(offers.length).toBeGreaterThan(0);
    for (const o of offers) {
      const row = byId.get(o.nativeId)!;
      expect(row.reliability).toBeGreaterThanOrEqual(0.97);
      // dph_total = dph_base + 5 GB × storage_cost / 720, what the official CLI shows.
      expect(o.price.perHour).toBeCloseTo(row.dph_base + (5 * row.storage_cost) / 720, 5);
    }
  });

  it('translates the filter options; the server applies them (GPU names with spaces, counts, price, countries)', async () => {
    const s = await start();
    s.scenario.addOffer({
      gpu_name: 'H100 SXM',
      num_gpus: 8,
      geolocation: 'Texas, US',
      verification: 'verified',
      dph_base: 18,
    });
    s.scenario.addOffer({
      gpu_name: 'H100 SXM',
      num_gpus: 1,
      geolocation: 'Texas, US',
      verification: 'verified',
      dph_base: 2.1,
    });
    s.scenario.addOffer({
      gpu_name: 'H100 SXM',
      num_gpus: 8,
      geolocation: 'Quebec, CA',
      verification: 'verified',
      dph_base: 17,
    });
    s.scenario.addOffer({
      gpu_name: 'H100 SXM',
      num_gpus: 8,
      geolocation: 'Oregon, US',
      verification: 'verified',
      dph_base: 40,
    });
    const options = { gpuNames: ['H100_SXM'], minGpus: 4, maxPricePerHour: 25, countries: ['US'], searchCacheMs: 0 };
    const { client } = connect(s, { options });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);
    for (const o of offers) {
      expect(o.gpu.rawName).toBe('H100 SXM');
      expect(o.gpu.model).toBe('H100-SXM');
      expect(o.gpu.count).toBeGreaterThanOrEqual(4);
      expect(o.price.perHour).toBeLessThanOrEqual(25);
      expect(o.region.country).toBe('US');
      expect(o.price.perGpuHour).toBeCloseTo(o.price.perHour / o.gpu.count, 5);
    }
    expect(offers.some((o) => o.price.perHour > 17)).toBe(true);
  });

  it('adds a bid search for interruptible offers (2 requests), priced at the minimum bid', async () => {
    const s = await start();
    const { client, http } = connect(s, { options: { billing: ['on-demand', 'interruptible'], searchCacheMs: 0 } });
    const offers = await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(2);
    const onDemand = offers.filter((o) => o.price.billing === 'on-demand');
    const bids = offers.filter((o) => o.price.billing === 'interruptible');
    expect(bids.length).toBe(onDemand.length);
    const byNative = new Map(onDemand.map((o) => [o.nativeId, o]));
    for (const b of bids) {
      expect(b.id).toBe(`vastai:${b.nativeId}:bid`);
      expect(b.price.perHour).toBeLessThan(byNative.get(b.nativeId)!.price.perHour);
    }
  });

  it('reuses a search for 12 s by default, so refreshes cannot exceed half the 10/min limit', async () => {
    const s = await start();
    const { client } = connect(s);
    await client.fetchOffers!(signal());
    await client.fetchOffers!(signal());
    await client.fetchOffers!(signal());
    expect(searches(s)).toBe(1);
  });

  it('sees prices move and offers appear between refreshes', async () => {
    const s = await start();
    const { client } = connect(s, { options: { searchCacheMs: 0 } });
    const before = await client.fetchOffers!(signal());
    const first = before[0]!;
    s.scenario.setPrice(Number(first.nativeId), 0.01);
    const added = s.scenario.addOffer({ gpu_name: 'B200', num_gpus: 8, verification: 'verified', dph_base: 30 });
    s.scenario.removeOffer(Number(before[1]!.nativeId));
    const after = await client.fetchOffers!(signal());
    expect(after.find((o) => o.nativeId === first.nativeId)!.price.perHour).toBeLessThan(first.price.perHour);
    expect(after.some((o) => o.nativeId === String(added.id))).toBe(true);
    expect(after.some((o) => o.nativeId === before[1]!.nativeId)).toBe(false);
  });
});

describe('Vast.ai instances', () => {
  it('pages with after_token/next_token to the end (60 instances = 3 requests)', async () => {
    const s = await start('many-instances');
    const { client, http } = connect(s);
    const resources = await client.fetchResources!(signal());
    expect(resources).toHaveLength(60);
    expect(new Set(resources.map((r) => r.id)).size).toBe(60);
    expect(resources.map((r) => r.id)).toEqual(s.scenario.instances.map((i) => `vastai:${i.id}`));
    expect(http.stats().requests).toBe(3);
    const pages = s.http.requests.filter((r) => r.path === '/api/v1/instances/');
    expect(pages[0]!.query).not.toContain('after_token');
    expect(pages[1]!.query).toContain('after_token=');
    expect(pages.every((r) => r.headers.authorization === `Bearer ${s.apiKey}`)).toBe(true);
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
  });

  it('without a key: no resources, no error, no request', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: null });
    expect(await client.fetchResources!(signal())).toEqual([]);
    expect(s.http.requests).toHaveLength(0);
  });

  it('a refresh costs 2 requests with a key (1 search + 1 instances page)', async () => {
    const s = await start();
    const { client, http } = connect(s);
    await client.fetchOffers!(signal());
    await client.fetchResources!(signal());
    expect(http.stats().requests).toBe(2);
  });
});

describe('Vast.ai errors', () => {
  const KEY_MESSAGE =
    'Vast.ai rejected the API key: create one at https://cloud.vast.ai/manage-keys/ and run `cloudtop auth set vastai`';

  it('a rejected key on instances (401) gives one clear message', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: { apiKey: 'wrong-key' } });
    const e = await caught(client.fetchResources!(signal()));
    expect(e.code).toBe('auth');
    expect(e.provider).toBe('vastai');
    expect(e.message).toBe(KEY_MESSAGE);
    expect(e.message).not.toContain('wrong-key');
  });

  it('a rejected key on search (the spec\'s 404 "Invalid user key") is an auth error too', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: { apiKey: 'wrong-key' } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toBe(KEY_MESSAGE);
  });

  it('a scoped key without instance_read is forbidden, with the permission named', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: { apiKey: VAST_SIM_SCOPED_KEY } });
    expect(await client.fetchOffers!(signal())).not.toHaveLength(0);
    const e = await caught(client.fetchResources!(signal()));
    expect(e.code).toBe('forbidden');
    expect(e.message).toBe(KEY_MESSAGE);
    expect(e.hint).toContain('instance_read');
  });

  it('when anonymous search is refused, says a key is needed', async () => {
    const s = await start('no-anonymous');
    const { client } = connect(s, { credentials: null });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('Vast.ai needs an API key for offer search');
    expect(e.message).toContain('cloudtop auth set vastai');
  });

  it('429 without Retry-After: backs off and recovers', async () => {
    const s = await start();
    s.scenario.tooManyRequests(2, '/api/v0/bundles');
    const { client, http } = connect(s, { options: { searchCacheMs: 0 } });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);
    expect(http.stats().retries).toBe(2);
    expect(s.http.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('429 that does not stop: rate_limited after the retry budget, no tight loop', async () => {
    const s = await start();
    s.scenario.tooManyRequests(20, '/api/v0/bundles');
    const { client } = connect(s, { options: { searchCacheMs: 0 } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('rate_limited');
    expect(e.message).toContain('Vast.ai');
    // 1 attempt + 3 retries.
    expect(s.http.requests).toHaveLength(4);
  });

  it('malformed JSON is bad_response', async () => {
    const s = await start();
    s.http.control.failNext({
      status: 200,
      body: '{"offers": [{"id": 1,',
      headers: { 'content-type': 'application/json' },
    });
    const { client } = connect(s, { options: { searchCacheMs: 0 } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.provider).toBe('vastai');
  });

  it("a schema-violating body (the spec example's `offers` object) is bad_response naming the field", async () => {
    const s = await start();
    s.http.control.failNext({ status: 200, body: { offers: { id: 12345678, gpu_name: 'RTX 4090' } } });
    const { client } = connect(s, { options: { searchCacheMs: 0 } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/Vast\.ai.*offers/);
  });

  it('a bad instances page stops paging with bad_response', async () => {
    const s = await start('many-instances');
    s.http.control.failNext({
      status: 200,
      body: { success: true, next_token: null, instances: [{ id: 'x' }] },
      pathIncludes: '/instances',
    });
    const { client } = connect(s);
    const e = await caught(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toContain('instances[0].id');
  });

  it('a hung request times out and the retry recovers', async () => {
    const s = await start();
    s.http.control.hangNext(1);
    const { client } = connect(s, { timeoutMs: 300, options: { searchCacheMs: 0 } });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);
  });

  it('a server that never answers ends in a timeout error', async () => {
    const s = await start();
    s.http.control.hangNext(10);
    const { client } = connect(s, { timeoutMs: 200, retry: { retries: 1 }, options: { searchCacheMs: 0 } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('Vast.ai');
  });

  it('invalid options are a config error before any request', async () => {
    const s = await start();
    const { client } = connect(s, { options: { gpus: ['H100'] } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('config');
    expect(s.http.requests).toHaveLength(0);
  });
});

describe('Vast.ai testConnection', () => {
  it('with a key: proves it on the instances endpoint', async () => {
    const s = await start();
    const { client } = connect(s);
    await expect(client.testConnection(signal())).resolves.toMatchObject({
      ok: true,
      detail: expect.stringContaining('accepted the API key'),
    });
    expect(s.http.requests[0]!.query).toContain('limit=1');
  });

  it('without a key: proves anonymous search works', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: null });
    await expect(client.testConnection(signal())).resolves.toMatchObject({
      ok: true,
      detail: expect.stringContaining('Anonymous offer search works'),
    });
  });
});

describe('Vast.ai descriptor', () => {
  it('stays at or under half of the documented limits', () => {
    const d = vastaiProvider;
    // instances: 1 request/s documented → ≤ 0.5/s
    expect(d.rateLimit.intervalCap / (d.rateLimit.intervalMs / 1000)).toBeLessThanOrEqual(0.5);
    expect(d.rateLimit.documented).toMatch(/10 requests\/min/);
    expect(d.defaultBaseUrl).toBe('https://console.vast.ai');
    expect(d.anonymousOffers).toBe(true);
    expect(buildVastQuery().type).toBe('on-demand');
  });
});
