/**
 * Contract tests: the real Lambda client (descriptor.create over the collector's HttpClient)
 * against the Lambda simulator on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaProvider } from '../../src/core/providers/lambda';
import { LAMBDA_SIM_INACTIVE_KEY, startLambdaSim, type LambdaRunningSim } from '../../src/sim/lambda';
import { GpuOfferSchema, ResourceSchema } from '../../src/shared/model';
import { caught } from './harness';
import { connectProvider, type ConnectOptions } from '../helpers/real-provider-client';

let sim: LambdaRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(scenario = 'default'): Promise<LambdaRunningSim> {
  sim = await startLambdaSim({ scenario, seed: 5 });
  // The 1 request/s limit is tested on its own; here it would only slow retries.
  sim.scenario.limiter.enabled = false;
  return sim;
}

function connect(s: LambdaRunningSim, o: Partial<ConnectOptions> = {}) {
  return connectProvider(lambdaProvider, { baseUrl: s.baseUrl, credentials: { apiKey: s.apiKey }, ...o });
}

const signal = (): AbortSignal => new AbortController().signal;

describe('Lambda offers', () => {
  it('one offer per type × region with capacity, sold-out types as availability none (1 request)', async () => {
    const s = await start();
    const { client, http } = connect(s);
    const offers = await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(1);
    expect(s.http.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/instance-types', status: 200 });
    expect(s.http.requests[0]!.headers.authorization).toBe(`Bearer ${s.apiKey}`);

    const gpuTypes = s.scenario.types.filter((t) => t.specs.gpus > 0);
    const expectedAvailable = gpuTypes.reduce((n, t) => n + (s.scenario.capacity.get(t.name)?.length ?? 0), 0);
    const expectedNone = gpuTypes.filter((t) => (s.scenario.capacity.get(t.name) ?? []).length === 0).length;
    expect(offers.filter((o) => o.availability.state === 'available')).toHaveLength(expectedAvailable);
    expect(offers.filter((o) => o.availability.state === 'none')).toHaveLength(expectedNone);
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
  });

  it('a watch can see capacity appear: the `any`/none offer gives way to per-region offers', async () => {
    const s = await start('sold-out');
    const { client } = connect(s);
    const before = await client.fetchOffers!(signal());
    expect(before.every((o) => o.availability.state === 'none' && o.region.id === 'any')).toBe(true);
    expect(before.find((o) => o.id === 'lambda:gpu_8x_h100_sxm5:any')).toBeDefined();

    s.scenario.setCapacity('gpu_8x_h100_sxm5', ['us-south-2', 'europe-central-1']);
    const after = await client.fetchOffers!(signal());
    const h100 = after.filter((o) => o.instanceType === 'gpu_8x_h100_sxm5');
    expect(h100.map((o) => [o.id, o.availability.state, o.region.country])).toEqual([
      ['lambda:gpu_8x_h100_sxm5:us-south-2', 'available', 'US'],
      ['lambda:gpu_8x_h100_sxm5:europe-central-1', 'available', 'DE'],
    ]);
    expect(h100[0]).toMatchObject({
      gpu: { model: 'H100-SXM', count: 8, vramGb: 80 },
      price: { perHour: 23.92, perGpuHour: 2.99 },
    });
  });

  it('follows price changes', async () => {
    const s = await start();
    const { client } = connect(s);
    s.scenario.setPrice('gpu_1x_a10', 86);
    const offers = await client.fetchOffers!(signal());
    expect(offers.filter((o) => o.instanceType === 'gpu_1x_a10').every((o) => o.price.perHour === 0.86)).toBe(true);
  });

  it('hideSoldOut leaves sold-out types out', async () => {
    const s = await start();
    const { client } = connect(s, { options: { hideSoldOut: true } });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((o) => o.availability.state === 'available')).toBe(true);
  });
});

describe('Lambda instances', () => {
  it('lists instances as gpu-instance resources; a refresh costs 2 requests', async () => {
    const s = await start();
    s.scenario.setInstances(5);
    const { client, http } = connect(s);
    await client.fetchOffers!(signal());
    const resources = await client.fetchResources!(signal());
    expect(http.stats().requests).toBe(2);
    expect(resources).toHaveLength(5);
    expect(resources.map((r) => r.state)).toEqual(['running', 'running', 'starting', 'error', 'stopping']);
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
    // Jupyter tokens are secrets: never in the model.
    const tokens = s.scenario.instances.map((i) => i.jupyter_token).filter(Boolean) as string[];
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(JSON.stringify(resources)).not.toContain(t);
  });

  it('testConnection proves the key', async () => {
    const s = await start();
    const { client } = connect(s);
    await expect(client.testConnection(signal())).resolves.toEqual({
      ok: true,
      detail: 'Lambda accepted the API key (3 instances)',
    });
  });
});

describe('Lambda errors', () => {
  it('a rejected key: one clear message naming Lambda and what to do', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: { apiKey: 'secret_wrong_key' } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('auth');
    expect(e.provider).toBe('lambda');
    expect(e.message).toBe(
      'Lambda rejected the API key: create one at https://cloud.lambda.ai/api-keys and run `cloudtop auth set lambda`',
    );
    expect(e.message).not.toContain('secret_wrong_key');
  });

  it('no key: says one is needed and sends nothing', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: null });
    const e = await caught(client.fetchResources!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('Lambda needs an API key');
    expect(s.http.requests).toHaveLength(0);
  });

  it('an inactive account is forbidden, with what to fix', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: { apiKey: LAMBDA_SIM_INACTIVE_KEY } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/inactive.*payment method/);
  });

  it('429: backs off and recovers', async () => {
    const s = await start();
    s.scenario.tooManyRequests(2);
    const { client, http } = connect(s);
    expect((await client.fetchOffers!(signal())).length).toBeGreaterThan(0);
    expect(http.stats().retries).toBe(2);
    expect(s.http.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('429 that does not stop: rate_limited after the retry budget', async () => {
    const s = await start();
    s.scenario.tooManyRequests(10);
    const { client } = connect(s);
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('rate_limited');
    expect(e.message).toContain('Lambda');
    expect(s.http.requests).toHaveLength(4);
  });

  it('a provider/ 503 error envelope is upstream with Lambda’s own words', async () => {
    const s = await start();
    const body = {
      error: {
        code: 'provider/internal-unavailable',
        message: 'Provider unavailable',
        suggestion: 'Try again shortly',
      },
    };
    s.http.control.failNext({ status: 503, body }, 10);
    const { client } = connect(s, { retry: { retries: 1 } });
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('upstream');
    expect(e.message).toContain('Provider unavailable');
    expect(e.message).toContain('provider/internal-unavailable');
  });

  it('malformed JSON is bad_response', async () => {
    const s = await start();
    s.http.control.failNext({ status: 200, body: '{"data": {', headers: { 'content-type': 'application/json' } });
    const { client } = connect(s);
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.provider).toBe('lambda');
  });

  it('a schema-violating body is bad_response naming the field', async () => {
    const s = await start();
    s.http.control.failNext({ status: 200, body: { data: [{ name: 'gpu_1x_a10' }] } });
    const { client } = connect(s);
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/Lambda.*\/api\/v1\/instance-types.*data/);

    s.http.control.failNext({ status: 200, body: { data: [{ id: 'abc', status: 'active' }] } });
    const e2 = await caught(client.fetchResources!(signal()));
    expect(e2.message).toContain('data[0].region');
  });

  it('a hung request times out and the retry recovers; one that never answers is a timeout', async () => {
    const s = await start();
    s.http.control.hangNext(1);
    const { client } = connect(s, { timeoutMs: 300 });
    expect((await client.fetchOffers!(signal())).length).toBeGreaterThan(0);
    s.http.control.hangNext(10);
    const fast = connect(s, { timeoutMs: 200, retry: { retries: 1 } });
    const e = await caught(fast.client.fetchOffers!(signal()));
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('Lambda');
  });
});

describe('Lambda descriptor', () => {
  it('stays at or under half of the documented 1 request/s', () => {
    const r = lambdaProvider.rateLimit;
    expect(r.intervalCap / (r.intervalMs / 1000)).toBeLessThanOrEqual(0.5);
    expect(r.documented).toMatch(/1 request\/s/);
    expect(lambdaProvider.defaultBaseUrl).toBe('https://cloud.lambda.ai');
    expect(lambdaProvider.anonymousOffers).toBe(false);
  });
});
