/**
 * Contract tests: the real Linode client (descriptor.create over the collector's HttpClient)
 * against the Linode simulator on loopback, plus payloads from the vendored spec's own examples
 * (test/fixtures/specs/linode/openapi-subset.json: the `/regions/availability` response example,
 * and objects assembled from each schema property's `example`).
 */
import { describe, expect, it } from 'vitest';
import { linodeProvider } from '../../src/core/providers/linode';
import {
  linodeGpuName,
  parseLinodeInstances,
  parseLinodeOffers,
  parseLinodeStats,
} from '../../src/core/providers/linode/parse';
import { LINODE_SIM_NO_SCOPE_TOKEN, startLinodeSim, type LinodeRunningSim } from '../../src/sim/linode';
import { GpuOfferSchema, ResourceSchema } from '../../src/shared/model';
import { loadSpec } from '../helpers/openapi';
import { parseProviderOptions } from '../../src/core/providers/kit';
import { caught, signal, simHarness } from './harness';

const { start, connect } = simHarness({
  descriptor: linodeProvider,
  startSim: startLinodeSim,
  seed: 5,
  credentials: (s: LinodeRunningSim) => ({ token: s.token }),
});

const ctx = { fetchedAt: '2026-01-01T00:00:00.000Z' };

describe('Linode: the spec’s own examples', () => {
  const spec = loadSpec('linode/openapi-subset.json');
  const schemas = (spec.doc as unknown as { components: { schemas: Record<string, SchemaNode> } }).components.schemas;
  interface SchemaNode {
    $ref?: string;
    type?: string;
    example?: unknown;
    properties?: Record<string, SchemaNode>;
    items?: SchemaNode;
  }
  /** An object built from each property's `example` (the spec's x-example files are not vendored). */
  const exampleOf = (node: SchemaNode): unknown => {
    if (node.$ref) return exampleOf(schemas[node.$ref.split('/').pop()!]!);
    if (node.example !== undefined) return node.example;
    if (node.properties) return Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, exampleOf(v)]));
    if (node.type === 'array' && node.items) return [exampleOf(node.items)];
    return undefined;
  };

  it('a Linode assembled from the spec examples parses (g6-standard-1, running, us-east)', () => {
    const [r] = parseLinodeInstances(
      [{ data: [exampleOf({ $ref: '#/components/schemas/Linode' })], page: 1, pages: 1, results: 1 }],
      ctx,
    );
    expect(r).toMatchObject({
      id: 'linode:123',
      kind: 'instance',
      state: 'running',
      region: 'us-east',
      meta: { type: 'g6-standard-1', vcpus: 2 },
    });
    expect(ResourceSchema.safeParse(r).success).toBe(true);
  });

  it('the /regions/availability example marks gpu-rtx6000-1.1 available in us-east', () => {
    const availability = (
      spec.doc.paths['/{apiVersion}/regions/availability'] as {
        get: { responses: { '200': { content: { 'application/json': { example: unknown } } } } };
      }
    ).get.responses['200'].content['application/json'].example;
    const gpuType = {
      ...(exampleOf({ $ref: '#/components/schemas/get_linode_types_200_response_data_inner' }) as object),
      id: 'gpu-rtx6000-1.1',
      class: 'gpu',
      gpus: 1,
      label: 'Dedicated 32GB + RTX6000 GPU x1',
    };
    const region = {
      ...(exampleOf({ $ref: '#/components/schemas/get_regions_200_response_data_inner' }) as object),
      capabilities: ['Linodes', 'GPU Linodes'],
    };
    const offers = parseLinodeOffers(
      { types: [{ data: [gpuType] }], regions: [{ data: [region] }], availability: [availability] },
      ctx,
    );
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      id: 'linode:gpu-rtx6000-1.1:us-east',
      availability: { state: 'available' },
      region: { id: 'us-east', country: 'US', name: 'Newark, NJ, USA' },
      // The type example's own region_prices entry for us-east (0.036) wins over price.hourly (0.03).
      price: { perHour: 0.036 },
      gpu: { family: 'QUADRO-RTX-6000', count: 1 },
    });
  });

  it('stats: flat (spec) and data-wrapped (@linode/api-v4 types) bodies read the same', () => {
    const body = {
      cpu: [
        [1_700_000_000_000, 150],
        [1_700_000_300_000, 50],
      ],
      netv4: { in: [[1_700_000_000_000, 8000]], out: [[1_700_000_000_000, 800]] },
    };
    const flat = parseLinodeStats(body, 2, 0, 'stats');
    expect(parseLinodeStats({ data: body, title: 'x' }, 2, 0, 'stats')).toEqual(flat);
    expect(flat.map((s) => [s.name, s.points])).toEqual([
      [
        'cpu_utilization',
        [
          [1_700_000_000_000, 75],
          [1_700_000_300_000, 25],
        ],
      ],
      ['network_in', [[1_700_000_000_000, 1000]]],
      ['network_out', [[1_700_000_000_000, 100]]],
    ]);
  });

  it('GPU names from plan ids and labels', () => {
    expect(linodeGpuName({ id: 'g1-gpu-rtx6000-2', label: 'Dedicated 64GB + RTX6000 GPU x2' })).toEqual({
      name: 'Quadro RTX 6000',
      vramGb: 24,
    });
    expect(linodeGpuName({ id: 'g2-gpu-rtx4000a1-s', label: 'RTX4000 Ada x1 Small' })).toEqual({
      name: 'RTX 4000 Ada',
      vramGb: 20,
    });
  });
});

describe('Linode offers', () => {
  it('GPU plans × GPU regions: available / none from /regions/availability, listed where it says nothing', async () => {
    const s = await start();
    const { client, http } = connect(s);
    const offers = await client.fetchOffers!(signal());
    expect(http.stats().requests).toBe(3);
    expect(s.http.requests.map((r) => r.path)).toEqual(['/v4/linode/types', '/v4/regions', '/v4/regions/availability']);
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
    const byId = new Map(offers.map((o) => [o.id, o]));
    expect(byId.get('linode:g1-gpu-rtx6000-1:us-east')).toMatchObject({
      availability: { state: 'available' },
      price: { perHour: 1.5, perGpuHour: 1.5 },
      region: { country: 'US' },
      gpu: { model: 'QUADRO-RTX-6000', vramGb: 24, count: 1 },
    });
    expect(byId.get('linode:g1-gpu-rtx6000-4:eu-central')?.availability.state).toBe('none');
    // RTX 6000 plans are not sold in Chicago: the availability rows say so.
    expect(byId.get('linode:g1-gpu-rtx6000-1:us-ord')?.availability.state).toBe('none');
    // Mumbai is left out of /regions/availability: catalogue, not capacity.
    expect(byId.get('linode:g2-gpu-rtx4000a1-s:ap-west')?.availability).toMatchObject({ state: 'listed' });
    expect(byId.get('linode:g2-gpu-rtx4000a4-m:fr-par')).toMatchObject({
      gpu: { family: 'RTX-4000-ADA', count: 4 },
      price: { perGpuHour: 0.74 },
    });
    // Non-GPU regions and standard plans give nothing.
    expect(offers.some((o) => o.region.id === 'eu-west' || o.instanceType === 'g6-standard-2')).toBe(false);
  });

  it('follows sold-out flips and region prices; hideUnavailable drops none', async () => {
    const s = await start();
    s.scenario.setSoldOut('g2-gpu-rtx4000a1-s', 'us-sea', true);
    s.scenario.setRegionPrice('g2-gpu-rtx4000a1-s', 'fr-par', 0.61);
    const offers = await connect(s).client.fetchOffers!(signal());
    const get = (id: string) => offers.find((o) => o.id === id)!;
    expect(get('linode:g2-gpu-rtx4000a1-s:us-sea').availability.state).toBe('none');
    expect(get('linode:g2-gpu-rtx4000a1-s:fr-par').price.perHour).toBe(0.61);
    expect(get('linode:g2-gpu-rtx4000a1-s:us-ord').price.perHour).toBe(0.52);
    const hidden = await connect(s, { options: { hideUnavailable: true } }).client.fetchOffers!(signal());
    expect(hidden.every((o) => o.availability.state !== 'none')).toBe(true);
    expect(hidden.length).toBeGreaterThan(0);
  });
});

describe('Linode instances and stats', () => {
  it('pages to the end with page/pages (1,200 Linodes at 500 a page)', async () => {
    const s = await start('many-linodes');
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    expect(resources).toHaveLength(1200);
    expect(s.http.requests.map((r) => r.query)).toEqual([
      '?page=1&page_size=500',
      '?page=2&page_size=500',
      '?page=3&page_size=500',
    ]);
  });

  it('states, kinds and metrics for running Linodes: CPU share of the machine, IPv4 bytes/s', async () => {
    const s = await start();
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    expect(resources.map((r) => [r.kind, r.state, r.stateRaw])).toEqual([
      ['gpu-instance', 'running', 'running'],
      ['instance', 'running', 'running'],
      ['instance', 'stopped', 'offline'],
      ['instance', 'starting', 'provisioning'],
    ]);
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
    const metrics = await client.fetchMetrics!(resources, signal());
    expect([...metrics.keys()]).toEqual([resources[0]!.id, resources[1]!.id]);
    for (const series of metrics.values()) {
      expect(series.map((m) => m.name)).toEqual(['cpu_utilization', 'network_in', 'network_out']);
      // 60 minutes of 5-minute points.
      expect(series[0]!.points.length).toBeGreaterThanOrEqual(11);
      expect(series[0]!.points.length).toBeLessThanOrEqual(13);
      for (const [, v] of series[0]!.points) expect(v).toBeLessThanOrEqual(100);
    }
  });

  it('testConnection reads the profile', async () => {
    const s = await start();
    await expect(connect(s).client.testConnection(signal())).resolves.toEqual({
      ok: true,
      detail: 'Linode accepted the token for exampleUser',
    });
  });
});

describe('Linode errors', () => {
  it('a rejected token: one clear message naming Linode and what to do', async () => {
    const s = await start();
    const e = await caught(
      connect(s, { credentials: { token: 'linode-wrong-token' } }).client.fetchResources!(signal()),
    );
    expect(e.code).toBe('auth');
    expect(e.message).toBe(
      'Linode rejected the personal access token: create one at https://cloud.linode.com/profile/tokens and run `cloudtop auth set linode`',
    );
    expect(JSON.stringify(e)).not.toContain('linode-wrong-token');
  });

  it('no token: says one is needed and sends nothing', async () => {
    const s = await start();
    const e = await caught(connect(s, { credentials: null }).client.fetchOffers!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('Linode needs a personal access token');
    expect(s.http.requests).toHaveLength(0);
  });

  it('a token without the Linodes scope: forbidden naming the scope', async () => {
    const s = await start();
    const e = await caught(
      connect(s, { credentials: { token: LINODE_SIM_NO_SCOPE_TOKEN } }).client.fetchResources!(signal()),
    );
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('Linodes: Read Only');
  });

  it('429 with Retry-After: backs off and recovers', async () => {
    const s = await start();
    s.scenario.tooManyRequests(2, 0);
    const { client, http } = connect(s);
    expect((await client.fetchResources!(signal())).length).toBe(4);
    expect(http.stats().retries).toBe(2);
  });

  it('the simulator enforces 50 stats requests a minute with X-RateLimit-* and Retry-After', async () => {
    const s = await start();
    s.scenario.limits.statsPerMinute = 1;
    const id = s.scenario.instances[0]!.id;
    const get = () =>
      fetch(`${s.baseUrl}/linode/instances/${id}/stats`, { headers: { Authorization: `Bearer ${s.token}` } });
    const a = await get();
    expect(a.status).toBe(200);
    expect(a.headers.get('x-ratelimit-limit')).toBe('1');
    const b = await get();
    expect(b.status).toBe(429);
    expect(Number(b.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await b.json()).toEqual({ errors: [{ reason: 'Too Many Requests' }] });
  });

  it('malformed JSON and schema-violating bodies are bad_response naming the field', async () => {
    const s = await start();
    s.http.control.failNext({ status: 200, body: '{"data": [', headers: { 'content-type': 'application/json' } });
    const { client } = connect(s);
    const e = await caught(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.provider).toBe('linode');
    s.http.control.failNext({
      status: 200,
      body: { data: [{ id: 1, label: 'x', status: 'running' }], page: 1, pages: 1, results: 1 },
    });
    const e2 = await caught(client.fetchResources!(signal()));
    expect(e2.message).toMatch(/Linode.*\/linode\/instances.*data\[0\]\.region/);
  });

  it('a 500 with Linode’s envelope is upstream with its reason', async () => {
    const s = await start();
    s.http.control.failNext({ status: 500, body: { errors: [{ reason: 'Please try again' }] } }, 10);
    const e = await caught(connect(s, { retry: { retries: 1 } }).client.fetchResources!(signal()));
    expect(e.code).toBe('upstream');
    expect(e.message).toContain('Please try again');
  });

  it('a hung request times out', async () => {
    const s = await start();
    s.http.control.hangNext(10);
    const e = await caught(connect(s, { timeoutMs: 200, retry: { retries: 1 } }).client.fetchResources!(signal()));
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('Linode');
  });
});

describe('Linode descriptor', () => {
  it('stays at or under half of the 50/minute stats limit', () => {
    const r = linodeProvider.rateLimit;
    expect(r.intervalCap / (r.intervalMs / 60_000)).toBeLessThanOrEqual(25);
    expect(linodeProvider.defaultBaseUrl).toBe('https://api.linode.com/v4');
  });
});

describe('Linode on the provider kit', () => {
  it('discover() offers the token the Linode CLI reads from LINODE_CLI_TOKEN, showing only its end', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';
    const [c, ...more] = linodeProvider.discover!({ LINODE_CLI_TOKEN: ` ${token}\n` });
    expect(more).toEqual([]);
    expect(c).toMatchObject({ provider: 'linode', fields: { token }, hints: { token: '…a9b0' } });
    expect(c!.source).toContain('LINODE_CLI_TOKEN');
    expect(linodeProvider.discover!({ LINODE_CLI_TOKEN: 'short' })).toEqual([]);
    expect(linodeProvider.discover!({})).toEqual([]);
  });

  it('options are checked by the descriptor schema: a bad one is a config error naming it', () => {
    expect(() => parseProviderOptions(linodeProvider, { maxMetricsLinodes: 500 })).toThrow(
      expect.objectContaining({
        code: 'config',
        message: expect.stringContaining('providers.linode.options.maxMetricsLinodes'),
      }),
    );
    expect(linodeProvider.response?.maxBytes).toBeGreaterThan(0);
  });
});
