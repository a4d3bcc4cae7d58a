/**
 * Contract tests: the real DigitalOcean client (descriptor.create over the collector's HttpClient)
 * against the DigitalOcean simulator on loopback, plus the official examples from the vendored spec
 * (test/fixtures/specs/digitalocean/openapi-subset.json, digitalocean/openapi @ 7c1300c) fed to the parsers.
 */
import { describe, expect, it } from 'vitest';
import { digitaloceanProvider } from '../../src/core/providers/digitalocean';
import { nextPageOf } from '../../src/core/providers/digitalocean/client';
import {
  parseDoBandwidth,
  parseDoCpu,
  parseDoDroplets,
  parseDoSizes,
} from '../../src/core/providers/digitalocean/parse';
import { DO_SIM_NO_MONITORING_TOKEN, startDigitalOceanSim, type DoRunningSim } from '../../src/sim/digitalocean';
import { GpuOfferSchema, ResourceSchema } from '../../src/shared/model';
import { loadSpec } from '../helpers/openapi';
import { parseProviderOptions } from '../../src/core/providers/kit';
import { caught, signal, simHarness } from './harness';

const { start, connect } = simHarness({
  descriptor: digitaloceanProvider,
  startSim: startDigitalOceanSim,
  seed: 5,
  credentials: (s: DoRunningSim) => ({ token: s.token }),
});

const ctx = { fetchedAt: '2026-01-01T00:00:00.000Z' };

describe('DigitalOcean official examples (spec x-examples)', () => {
  const spec = loadSpec('digitalocean/openapi-subset.json');
  const example = (path: string, name?: string): unknown => {
    const c = (spec.doc.paths[path] as { get: { responses: Record<string, { content: Record<string, unknown> }> } }).get
      .responses['200']!.content['application/json'] as {
      example?: unknown;
      examples?: Record<string, { value: unknown }>;
      schema?: { example?: unknown };
    };
    // The sizes response keeps its example on the schema; the others have named examples.
    return name ? c.examples![name]!.value : (c.example ?? c.schema?.example);
  };

  it('the "GPU Droplets" example is a gpu-instance with its GPU; "All Droplets" are instances', () => {
    const [gpu] = parseDoDroplets([example('/v2/droplets', 'GPU Droplets')], ctx);
    expect(gpu).toMatchObject({
      id: 'digitalocean:448543583',
      kind: 'gpu-instance',
      state: 'running',
      region: 'tor1',
      meta: { size: 'gpu-h100x1-80gb', gpus: 1, gpu: 'nvidia_h100', ip: '192.241.165.154' },
    });
    const all = parseDoDroplets([example('/v2/droplets', 'All Droplets')], ctx);
    expect(all.map((r) => r.kind)).toEqual(['instance', 'instance', 'instance']);
    for (const r of [gpu!, ...all]) expect(ResourceSchema.safeParse(r).success).toBe(true);
  });

  it('the sizes example (a CPU size) gives no GPU offer; its links.pages.next names page 2', () => {
    const body = example('/v2/sizes');
    expect(parseDoSizes([body], ctx)).toEqual([]);
    expect(nextPageOf(body)).toBe(2);
  });

  it('the CPU example: utilisation from deltas of cumulative seconds per mode', () => {
    const cpu = parseDoCpu(example('/v2/monitoring/metrics/droplet/cpu', 'CPU'))!;
    expect(cpu.unit).toBe('percent');
    expect(cpu.points).toHaveLength(2);
    // Between the first two samples: idle +119.74 s of +119.96 s in all modes → 0.18 % busy.
    expect(cpu.points[0]![0]).toBe(1635387000_000);
    expect(cpu.points[0]![1]).toBeCloseTo(0.18, 2);
    expect(cpu.stepMs).toBe(120_000);
  });

  it('the bandwidth example: Mbps → bytes/s', () => {
    const s = parseDoBandwidth(
      example('/v2/monitoring/metrics/droplet/bandwidth', 'Inbound Public Bandwidth'),
      'network_in',
    )!;
    expect(s.unit).toBe('bytes/s');
    expect(s.points[0]).toEqual([1634052360_000, Math.round(0.016600450090265357 * 125_000 * 10) / 10]);
  });
});

describe('DigitalOcean offers', () => {
  it('one available offer per GPU size × region; CPU sizes are left out', async () => {
    const s = await start();
    const { client, http } = connect(s);
    const offers = await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(1);
    expect(s.http.requests[0]).toMatchObject({ path: '/v2/sizes', query: '?page=1&per_page=200', status: 200 });
    const expected = s.scenario.sizes.filter((x) => x.gpu_info).reduce((n, x) => n + x.regions.length, 0);
    expect(offers).toHaveLength(expected);
    expect(offers.every((o) => o.availability.state === 'available')).toBe(true);
    const h100 = offers.find((o) => o.id === 'digitalocean:gpu-h100x8-640gb:tor1')!;
    expect(h100).toMatchObject({
      gpu: { family: 'H100', count: 8, vramGb: 80, vendor: 'nvidia', rawName: 'nvidia_h100' },
      price: { perHour: 23.92, perGpuHour: 2.99, billing: 'on-demand' },
      region: { id: 'tor1', country: 'CA' },
      specs: { vcpus: 160, ramGb: 1920, diskGb: 2046 },
      instanceType: 'gpu-h100x8-640gb',
    });
    expect(offers.find((o) => o.instanceType === 'gpu-mi300x1-192gb')?.gpu).toMatchObject({
      vendor: 'amd',
      family: 'MI300X',
    });
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
  });

  it('available: false is availability none (one offer, region any); hideUnavailable drops it', async () => {
    const s = await start();
    s.scenario.setAvailable('gpu-h100x8-640gb', false);
    const { client } = connect(s);
    const offers = await client.fetchOffers!(signal());
    const h100 = offers.filter((o) => o.instanceType === 'gpu-h100x8-640gb');
    expect(h100.map((o) => [o.id, o.availability.state])).toEqual([['digitalocean:gpu-h100x8-640gb:any', 'none']]);
    const hidden = await connect(s, { options: { hideUnavailable: true } }).client.fetchOffers!(signal());
    expect(hidden.some((o) => o.instanceType === 'gpu-h100x8-640gb')).toBe(false);
  });

  it('follows region and price changes', async () => {
    const s = await start();
    s.scenario.setRegions('gpu-l40sx1-48gb', ['ams3']);
    s.scenario.setPrice('gpu-l40sx1-48gb', 1.49);
    const offers = await connect(s).client.fetchOffers!(signal());
    expect(
      offers.filter((o) => o.instanceType === 'gpu-l40sx1-48gb').map((o) => [o.region.id, o.price.perHour]),
    ).toEqual([['ams3', 1.49]]);
  });
});

describe('DigitalOcean droplets and metrics', () => {
  it('lists droplets across pages to the end (links.pages.next)', async () => {
    const s = await start('many-droplets');
    const { client, http } = connect(s);
    const resources = await client.fetchResources!(signal());
    expect(resources).toHaveLength(450);
    expect(http.stats().requests).toBe(3);
    expect(s.http.requests.map((r) => r.query)).toEqual([
      '?page=1&per_page=200',
      '?page=2&per_page=200',
      '?page=3&per_page=200',
    ]);
    expect(new Set(resources.map((r) => r.id)).size).toBe(450);
  });

  it('droplet states and kinds; metrics for running droplets only: CPU %, network in/out', async () => {
    const s = await start();
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    expect(resources.map((r) => [r.kind, r.state, r.stateRaw])).toEqual([
      ['gpu-instance', 'running', 'active'],
      ['instance', 'running', 'active'],
      ['instance', 'stopped', 'off'],
      ['instance', 'starting', 'new'],
    ]);
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
    const before = s.http.requests.length;
    const metrics = await client.fetchMetrics!(resources, signal());
    expect(s.http.requests.length - before).toBe(6);
    expect([...metrics.keys()]).toEqual([resources[0]!.id, resources[1]!.id]);
    for (const series of metrics.values()) {
      expect(series.map((m) => [m.name, m.unit])).toEqual([
        ['cpu_utilization', 'percent'],
        ['network_in', 'bytes/s'],
        ['network_out', 'bytes/s'],
      ]);
      const cpu = series[0]!;
      expect(cpu.points.length).toBeGreaterThan(20);
      for (const [, v] of cpu.points) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
    }
    const cpuCall = s.http.requests.find((r) => r.path.endsWith('/cpu'))!;
    expect(cpuCall.query).toMatch(/^\?host_id=\d+&start=\d+&end=\d+$/);
  });

  it('testConnection reads the account', async () => {
    const s = await start();
    await expect(connect(s).client.testConnection(signal())).resolves.toEqual({
      ok: true,
      detail: 'DigitalOcean accepted the API token for sammy@digitalocean.com',
    });
  });
});

describe('DigitalOcean errors', () => {
  it('a rejected token: one clear message naming DigitalOcean and what to do, no token in it', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: { token: 'dop_v1_wrongwrongwrong' } });
    const e = await caught(client.fetchResources!(signal()));
    expect(e.code).toBe('auth');
    expect(e.provider).toBe('digitalocean');
    expect(e.message).toBe(
      'DigitalOcean rejected the API token: create one at https://cloud.digitalocean.com/account/api/tokens and run `cloudtop auth set digitalocean`',
    );
    expect(JSON.stringify(e)).not.toContain('dop_v1_wrongwrongwrong');
  });

  it('no token: says one is needed and sends nothing', async () => {
    const s = await start();
    const e = await caught(connect(s, { credentials: null }).client.fetchOffers!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('DigitalOcean needs an API token');
    expect(s.http.requests).toHaveLength(0);
  });

  it('a token without monitoring:read: forbidden naming the scope', async () => {
    const s = await start();
    const { client } = connect(s, { credentials: { token: DO_SIM_NO_MONITORING_TOKEN } });
    const resources = await client.fetchResources!(signal());
    const e = await caught(client.fetchMetrics!(resources, signal()));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('monitoring:read');
  });

  it('429 with retry-after (burst): backs off and recovers', async () => {
    const s = await start();
    s.scenario.tooManyRequests(2, 0);
    const { client, http } = connect(s);
    expect((await client.fetchOffers!(signal())).length).toBeGreaterThan(0);
    expect(http.stats().retries).toBe(2);
    expect(s.http.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('the simulator enforces its per-minute limit with retry-after and rate-limit headers', async () => {
    const s = await start();
    s.scenario.limits.perMinute = 2;
    const get = () => fetch(`${s.baseUrl}/v2/account`, { headers: { Authorization: `Bearer ${s.token}` } });
    const a = await get();
    expect(a.headers.get('ratelimit-limit')).toBe('5000');
    expect(a.headers.get('ratelimit-remaining')).toBe('4999');
    expect(Number(a.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    await get();
    const c = await get();
    expect(c.status).toBe(429);
    expect(Number(c.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await c.json()).toMatchObject({ id: 'too_many_requests' });
  });

  it('malformed JSON and schema-violating bodies are bad_response naming the field', async () => {
    const s = await start();
    s.http.control.failNext({ status: 200, body: '{"sizes": [', headers: { 'content-type': 'application/json' } });
    const { client } = connect(s);
    const e = await caught(client.fetchOffers!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.provider).toBe('digitalocean');

    s.http.control.failNext({
      status: 200,
      body: { droplets: [{ id: 1, name: 'x', status: 'active' }], links: {}, meta: { total: 1 } },
    });
    const e2 = await caught(client.fetchResources!(signal()));
    expect(e2.code).toBe('bad_response');
    expect(e2.message).toMatch(/DigitalOcean.*\/v2\/droplets.*droplets\[0\]\.memory/);
  });

  it('a 500 with DigitalOcean’s envelope is upstream with its words', async () => {
    const s = await start();
    s.http.control.failNext({ status: 500, body: { id: 'server_error', message: 'Unexpected server-side error' } }, 10);
    const e = await caught(connect(s, { retry: { retries: 1 } }).client.fetchOffers!(signal()));
    expect(e.code).toBe('upstream');
    expect(e.message).toContain('Unexpected server-side error');
  });

  it('a hung request times out', async () => {
    const s = await start();
    s.http.control.hangNext(10);
    const e = await caught(connect(s, { timeoutMs: 200, retry: { retries: 1 } }).client.fetchOffers!(signal()));
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('DigitalOcean');
  });
});

describe('DigitalOcean descriptor', () => {
  it('stays at or under half of the documented 5,000/hour and 250/minute', () => {
    const r = digitaloceanProvider.rateLimit;
    expect(r.intervalCap / (r.intervalMs / 3_600_000)).toBeLessThanOrEqual(2500);
    expect(r.burst!.intervalCap / (r.burst!.intervalMs / 60_000)).toBeLessThanOrEqual(125);
    expect(digitaloceanProvider.defaultBaseUrl).toBe('https://api.digitalocean.com');
  });
});

describe('DigitalOcean on the provider kit', () => {
  it('discover() offers the token the DigitalOcean CLI reads from DIGITALOCEAN_ACCESS_TOKEN, showing only its end', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';
    const [c, ...more] = digitaloceanProvider.discover!({ DIGITALOCEAN_ACCESS_TOKEN: ` ${token}\n` });
    expect(more).toEqual([]);
    expect(c).toMatchObject({ provider: 'digitalocean', fields: { token }, hints: { token: '…a9b0' } });
    expect(c!.source).toContain('DIGITALOCEAN_ACCESS_TOKEN');
    expect(digitaloceanProvider.discover!({ DIGITALOCEAN_ACCESS_TOKEN: 'short' })).toEqual([]);
    expect(digitaloceanProvider.discover!({})).toEqual([]);
  });

  it('options are checked by the descriptor schema: a bad one is a config error naming it', () => {
    expect(() => parseProviderOptions(digitaloceanProvider, { hideUnavailable: 'yes' })).toThrow(
      expect.objectContaining({
        code: 'config',
        message: expect.stringContaining('providers.digitalocean.options.hideUnavailable'),
      }),
    );
    expect(digitaloceanProvider.response?.maxBytes).toBeGreaterThan(0);
  });
});
