import { describe, expect, it } from 'vitest';
import { CloudtopError, GpuOfferSchema, ResourceSchema } from '../../../../../src/shared/model';
import {
  availabilityState,
  catalogToOffers,
  countryOfDataCenter,
  describeProblem,
  ListGpuTypesSchema,
  ListPodsSchema,
  parseBody,
  podState,
  podsToResources,
  spotPricesFromGraphql,
  type CatalogSlice,
} from '../../../../../src/core/providers/runpod/parse';
import { loadSpec } from '../../../../helpers/openapi';

const spec = loadSpec('runpod/openapi-v2.json');
type Example = { value: unknown };
const paths = spec.doc.paths as Record<
  string,
  Record<string, { responses: Record<string, { content: Record<string, { examples: Record<string, Example> }> }> }>
>;
/** The official examples from the spec, so the parser is tested against RunPod's own payloads. */
const catalogExample =
  paths['/v2/catalog/gpus']!.get!.responses['200']!.content['application/json']!.examples.gpus!.value;
const podsExample = paths['/v2/pods']!.get!.responses['200']!.content['application/json']!.examples.pods!.value;

const fetchedAt = '2026-08-20T10:00:00.000Z';

function slice(body: unknown, tier: 'secure' | 'community' = 'secure', count = 1): CatalogSlice {
  return { tier, count, body: parseBody(ListGpuTypesSchema, body, 'GPU catalog') };
}

function gpu(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'NVIDIA H100 80GB HBM3',
    name: 'H100 SXM',
    pool: 'ADA_80_PRO',
    manufacturer: 'NVIDIA',
    memory: 80,
    secure: true,
    community: true,
    price: { secure: 2.69, community: 2.39 },
    maxCount: { secure: 8, community: 8 },
    availability: 'HIGH',
    dataCenters: [
      { id: 'US-KS-2', name: 'US Kansas 2', availability: 'HIGH' },
      { id: 'EU-RO-1', name: 'Europe Romania 1', availability: 'LOW' },
    ],
    ...over,
  };
}

describe('catalogToOffers', () => {
  it('maps the spec example (RTX 4090, US-KS-2, HIGH) to one valid on-demand offer per cloud', () => {
    const offers = catalogToOffers([slice(catalogExample, 'secure'), slice(catalogExample, 'community')], {
      fetchedAt,
      account: 'default',
    });
    expect(offers).toHaveLength(2);
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
    const secure = offers.find((o) => o.cloud === 'secure')!;
    expect(secure).toMatchObject({
      provider: 'runpod',
      account: 'default',
      gpu: { rawName: 'RTX 4090', vendor: 'nvidia', vramGb: 24, count: 1 },
      price: { perHour: 0.44, perGpuHour: 0.44, currency: 'USD', billing: 'on-demand' },
      availability: { state: 'available', detail: 'HIGH' },
      region: { id: 'US-KS-2', name: 'US Kansas 2', country: 'US' },
      instanceType: 'NVIDIA GeForce RTX 4090',
      fetchedAt,
    });
    expect(offers.find((o) => o.cloud === 'community')!.price.perGpuHour).toBe(0.31);
  });

  it('makes one offer per data center with its own stock level, and multiplies the price by the count', () => {
    const offers = catalogToOffers([slice({ gpus: [gpu()] }, 'secure', 8)], { fetchedAt });
    expect(offers.map((o) => [o.region.id, o.availability.state, o.gpu.count, o.price.perHour])).toEqual([
      ['US-KS-2', 'available', 8, 21.52],
      ['EU-RO-1', 'low', 8, 21.52],
    ]);
    expect(new Set(offers.map((o) => o.id)).size).toBe(2);
    expect(offers[1]!.region.country).toBe('RO');
  });

  it('keeps a GPU that is sold out everywhere (dataCenters omitted) as one "any" offer in state none', () => {
    const body = { gpus: [gpu({ availability: 'NONE', dataCenters: undefined })] };
    const offers = catalogToOffers([slice(body)], { fetchedAt });
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ region: { id: 'any' }, availability: { state: 'none', detail: 'NONE' } });
    expect(offers[0]!.region.country).toBeUndefined();
  });

  it('skips tiers the GPU is not offered in, zero prices and counts above maxCount', () => {
    const offers = catalogToOffers(
      [
        slice({ gpus: [gpu({ secure: false })] }, 'secure'),
        slice({ gpus: [gpu({ price: { secure: 2.69, community: 0 } })] }, 'community'),
        slice({ gpus: [gpu({ maxCount: { secure: 4, community: 4 } })] }, 'secure', 8),
      ],
      { fetchedAt },
    );
    expect(offers).toEqual([]);
  });

  it('adds interruptible offers where a spot price is known, on the same stock', () => {
    const spot = new Map([['NVIDIA H100 80GB HBM3', { secure: 1.75 }]]);
    const offers = catalogToOffers([slice({ gpus: [gpu()] }, 'secure', 2), slice({ gpus: [gpu()] }, 'community', 1)], {
      fetchedAt,
      spot,
    });
    const spotOffers = offers.filter((o) => o.price.billing === 'interruptible');
    expect(spotOffers.map((o) => [o.region.id, o.price.perGpuHour, o.price.perHour, o.cloud])).toEqual([
      ['US-KS-2', 1.75, 3.5, 'secure'],
      ['EU-RO-1', 1.75, 3.5, 'secure'],
    ]);
    expect(spotOffers[1]!.availability).toEqual({ state: 'low', detail: 'LOW (on-demand stock)' });
    expect(offers.filter((o) => o.cloud === 'community').every((o) => o.price.billing === 'on-demand')).toBe(true);
  });

  it('tolerates extra fields and unknown enum values (future RunPod additions)', () => {
    const body = {
      gpus: [
        gpu({
          manufacturer: 'INTEL',
          availability: 'VERY_HIGH',
          shinyNewField: { a: 1 },
          dataCenters: [{ id: 'US-TX-3', name: 'US Texas 3', availability: 'ABUNDANT', extra: true }],
        }),
      ],
      nextThing: 1,
    };
    const [o] = catalogToOffers([slice(body)], { fetchedAt });
    expect(o!.gpu.vendor).toBe('intel');
    expect(o!.availability.state).toBe('unknown');
  });

  it('takes the vendor from the manufacturer (AMD) rather than guessing from the name', () => {
    const [o] = catalogToOffers(
      [slice({ gpus: [gpu({ id: 'AMD Instinct MI300X OAM', name: 'MI300X', manufacturer: 'AMD', memory: 192 })] })],
      { fetchedAt },
    );
    expect(o!.gpu).toMatchObject({ vendor: 'amd', vramGb: 192, rawName: 'MI300X' });
  });
});

describe('parseBody', () => {
  it('names the offending field in a bad_response', () => {
    const bad = { gpus: [gpu(), gpu({ price: { secure: 'cheap', community: 1 } })] };
    let err: unknown;
    try {
      parseBody(ListGpuTypesSchema, bad, 'GPU catalog');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudtopError);
    expect((err as CloudtopError).code).toBe('bad_response');
    expect((err as CloudtopError).message).toContain('gpus[1].price.secure');
    expect((err as CloudtopError).provider).toBe('runpod');
  });

  it('rejects a body without the gpus array', () => {
    expect(() => parseBody(ListGpuTypesSchema, { data: [] }, 'GPU catalog')).toThrow(/field gpus/);
    expect(() => parseBody(ListGpuTypesSchema, [], 'GPU catalog')).toThrow(/\(root\)/);
  });
});

describe('availabilityState / countryOfDataCenter / podState', () => {
  it.each([
    ['HIGH', 'available'],
    ['MEDIUM', 'available'],
    ['LOW', 'low'],
    ['NONE', 'none'],
    ['high', 'available'],
    [undefined, 'unknown'],
    ['SOMETHING_NEW', 'unknown'],
  ] as const)('%s → %s', (level, state) => expect(availabilityState(level)).toBe(state));

  it.each([
    ['US-KS-2', 'US'],
    ['US-DE-1', 'US'], // Delaware, not Germany
    ['CA-MTL-1', 'CA'],
    ['EU-RO-1', 'RO'],
    ['EUR-IS-1', 'IS'],
    ['AP-JP-1', 'JP'],
    ['OC-AU-1', 'AU'],
    ['SEA-SG-1', 'SG'],
    ['EU-MIDDLE-1', undefined],
    ['weird', undefined],
  ] as const)('data center %s → country %s', (id, country) => expect(countryOfDataCenter(id)).toBe(country));

  it.each([
    ['RUNNING', 'running'],
    ['PROVISIONING', 'starting'],
    ['STARTING', 'starting'],
    ['EXITED', 'stopped'],
    ['TERMINATED', 'stopped'],
    ['ERROR', 'error'],
    ['MIGRATING', 'unknown'],
  ] as const)('pod %s → %s', (status, state) => expect(podState(status)).toBe(state));
});

describe('podsToResources', () => {
  it('maps the spec example pod and never copies env or ssh details', () => {
    const body = parseBody(ListPodsSchema, podsExample, 'pod list');
    const [r] = podsToResources(body, { fetchedAt, now: Date.parse(fetchedAt), account: 'default' });
    expect(ResourceSchema.safeParse(r).success).toBe(true);
    expect(r).toMatchObject({
      id: 'runpod:7h9k2m4n6p',
      kind: 'pod',
      name: 'pytorch-training',
      region: 'US-KS-2',
      state: 'running',
      stateRaw: 'RUNNING',
      meta: {
        costPerHour: 0.44,
        gpu: 'NVIDIA GeForce RTX 4090',
        gpuCount: 1,
        cloud: 'secure',
        uptimeSeconds: 3600,
        cudaVersion: '12.8',
      },
    });
    const text = JSON.stringify(r);
    expect(text).not.toContain('llama-3'); // env value
    expect(text).not.toContain('ssh ');
    expect(text).not.toContain('195.26.233.3');
  });

  it('handles CPU pods, stopped pods and cluster members', () => {
    const body = parseBody(
      ListPodsSchema,
      {
        pods: [
          {
            id: 'c1',
            name: '',
            status: 'RUNNING',
            cost: 0.06,
            cpu: { id: 'cpu5c', vcpuCount: 4, memory: 8 },
            dataCenterId: null,
            runtime: { cpu: { util: 12 } },
          },
          {
            id: 'g2',
            name: 'stopped',
            status: 'EXITED',
            cost: 0,
            gpu: { id: 'NVIDIA A40' },
            runtime: null,
            cluster: { id: 'cl1', rank: 0 },
          },
        ],
      },
      'pod list',
    );
    const [cpu, stopped] = podsToResources(body, { fetchedAt, now: 1 });
    expect(cpu).toMatchObject({ name: 'c1', state: 'running', meta: { cpu: 'cpu5c', vcpus: 4, ramGb: 8 } });
    expect(cpu!.region).toBeUndefined();
    expect(cpu!.metrics).toEqual([
      { name: 'cpu_utilization', label: 'CPU utilisation', unit: 'percent', points: [[1, 12]] },
    ]);
    expect(stopped).toMatchObject({ state: 'stopped', meta: { gpuCount: 1, costPerHour: 0, cluster: 'cl1' } });
  });
});

describe('describeProblem', () => {
  it('reads RFC 9457 bodies', () => {
    expect(describeProblem(401, { title: 'Unauthorized', status: 401, detail: 'missing bearer token' })).toBe(
      'Unauthorized: missing bearer token',
    );
    expect(
      describeProblem(422, {
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'Request validation failed.',
        errors: ['count: must be >= 1'],
      }),
    ).toBe('Unprocessable Entity: Request validation failed. (count: must be >= 1)');
    expect(describeProblem(500, '<html>oops</html>')).toBeUndefined();
    expect(describeProblem(500, {})).toBeUndefined();
  });
});

describe('spotPricesFromGraphql', () => {
  it('keeps positive spot prices per tier', () => {
    const m = spotPricesFromGraphql({
      data: {
        gpuTypes: [
          { id: 'A', secureSpotPrice: 1.2, communitySpotPrice: null },
          { id: 'B', secureSpotPrice: 0, communitySpotPrice: 0.4 },
        ],
      },
    });
    expect(m.get('A')).toEqual({ secure: 1.2 });
    expect(m.get('B')).toEqual({ community: 0.4 });
  });

  it('turns GraphQL errors (HTTP 200) into bad_response', () => {
    expect(() => spotPricesFromGraphql({ data: null, errors: [{ message: 'Cannot query field "x"' }] })).toThrow(
      /GraphQL returned an error: Cannot query field/,
    );
    expect(() => spotPricesFromGraphql({ data: { gpuTypes: [{ secureSpotPrice: 1 }] } })).toThrow(
      /data.gpuTypes\[0\].id/,
    );
  });
});
