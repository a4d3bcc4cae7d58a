import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  lambdaInstanceState,
  lambdaRegionCountry,
  parseGpuDescription,
  parseLambdaInstances,
  parseLambdaInstanceTypes,
} from '../../../../../src/core/providers/lambda/parse';
import { CloudtopError, GpuOfferSchema, ResourceSchema } from '../../../../../src/shared/model';

const fixture = (name: string): unknown =>
  JSON.parse(fs.readFileSync(new URL(`../../../../fixtures/specs/lambda/${name}`, import.meta.url), 'utf8'));
const fetchedAt = '2026-10-01T12:00:00.000Z';

describe('parseLambdaInstanceTypes (20-type capture, 10 with capacity)', () => {
  const offers = parseLambdaInstanceTypes(fixture('sample-instance-types-response.thirdparty.json'), {
    fetchedAt,
    account: 'default',
  });

  it('emits one offer per type × region with capacity, and one `none` offer per sold-out GPU type', () => {
    const available = offers.filter((o) => o.availability.state === 'available');
    const soldOut = offers.filter((o) => o.availability.state === 'none');
    // Capacity in the capture: 2+3+2+2+2+1+3+2+3+7 regions over 10 types (one is the CPU type: none).
    expect(available).toHaveLength(27);
    // 9 GPU types have no region; the CPU-only type (gpus: 0) is not a GPU offer at all.
    expect(soldOut).toHaveLength(9);
    expect(soldOut.every((o) => o.region.id === 'any')).toBe(true);
    expect(offers.some((o) => o.instanceType === 'cpu_4x_general')).toBe(false);
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
  });

  it('maps price cents → $/h for the whole instance and $/GPU-h', () => {
    const h100x8 = offers.find((o) => o.id === 'lambda:gpu_8x_h100_sxm5:us-west-3');
    expect(h100x8).toMatchObject({
      provider: 'lambda',
      nativeId: 'gpu_8x_h100_sxm5:us-west-3',
      instanceType: 'gpu_8x_h100_sxm5',
      gpu: { model: 'H100-SXM', family: 'H100', rawName: 'H100 (80 GB SXM5)', vramGb: 80, count: 8 },
      price: { perHour: 23.92, perGpuHour: 2.99, billing: 'on-demand', currency: 'USD' },
      region: { id: 'us-west-3', name: 'Utah, USA', country: 'US' },
      specs: { vcpus: 208, ramGb: 1800, diskGb: 22528 },
      availability: { state: 'available' },
      cloud: 'secure',
      account: 'default',
    });
  });

  it('keeps form factor and memory apart (PCIe vs SXM, 40 vs 80 GB)', () => {
    const model = (type: string): string | undefined => offers.find((o) => o.instanceType === type)?.gpu.model;
    expect(model('gpu_1x_h100_pcie')).toBe('H100-PCIE');
    expect(model('gpu_1x_h100_sxm5')).toBe('H100-SXM');
    expect(model('gpu_8x_a100_80gb_sxm4')).not.toBe(model('gpu_1x_a100_sxm4'));
    expect(offers.find((o) => o.instanceType === 'gpu_1x_a100_sxm4')!.gpu.vramGb).toBe(40);
  });

  it('sold-out types say so instead of disappearing', () => {
    const gh200 = offers.find((o) => o.instanceType === 'gpu_1x_gh200');
    expect(gh200).toMatchObject({
      id: 'lambda:gpu_1x_gh200:any',
      availability: { state: 'none' },
      region: { id: 'any' },
      price: { perHour: 1.49 },
    });
  });

  it('names the field when the body violates the schema', () => {
    const bad = {
      data: {
        gpu_1x_a10: {
          instance_type: {
            name: 'gpu_1x_a10',
            description: 'x',
            gpu_description: 'A10 (24 GB PCIe)',
            price_cents_per_hour: '75',
            specs: { gpus: 1 },
          },
          regions_with_capacity_available: [],
        },
      },
    };
    try {
      parseLambdaInstanceTypes(bad, { fetchedAt });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CloudtopError);
      expect((e as CloudtopError).code).toBe('bad_response');
      expect((e as CloudtopError).provider).toBe('lambda');
      expect((e as CloudtopError).message).toContain('data.gpu_1x_a10.instance_type.price_cents_per_hour');
    }
    // data is a map keyed by name, not an array.
    expect(() => parseLambdaInstanceTypes({ data: [] }, { fetchedAt })).toThrow(/data/);
  });
});

describe('helpers', () => {
  it('parses gpu_description', () => {
    expect(parseGpuDescription('H100 (80 GB SXM5)')).toEqual({ name: 'H100', vramGb: 80, formFactor: 'SXM5' });
    expect(parseGpuDescription('Tesla V100 (16 GB)')).toEqual({ name: 'Tesla V100', vramGb: 16 });
    expect(parseGpuDescription('B200 (180 GB SXM6)')).toEqual({ name: 'B200', vramGb: 180, formFactor: 'SXM6' });
    expect(parseGpuDescription('Example GPU')).toEqual({ name: 'Example GPU' });
  });

  it('maps regions to countries, open-ended', () => {
    expect(lambdaRegionCountry('us-south-2')).toBe('US');
    expect(lambdaRegionCountry('europe-central-1', 'Germany')).toBe('DE');
    expect(lambdaRegionCountry('asia-northeast-2', 'Tokyo, Japan')).toBe('JP');
    expect(lambdaRegionCountry('eu-north-9', 'Stockholm, Sweden')).toBe('SE');
    expect(lambdaRegionCountry('mars-1', 'Olympus Mons')).toBeUndefined();
  });

  it('maps instance statuses, unknown ones tolerated', () => {
    expect(lambdaInstanceState('active')).toBe('running');
    expect(lambdaInstanceState('booting')).toBe('starting');
    expect(lambdaInstanceState('unhealthy')).toBe('error');
    expect(lambdaInstanceState('terminating')).toBe('stopping');
    expect(lambdaInstanceState('preempted')).toBe('stopped');
    expect(lambdaInstanceState('hibernating')).toBe('unknown');
  });
});

describe('parseLambdaInstances', () => {
  it('maps the instances capture and never copies the jupyter token', () => {
    const resources = parseLambdaInstances(fixture('sample-instances-response.thirdparty.json'), { fetchedAt });
    expect(resources.length).toBeGreaterThan(0);
    expect(resources[0]).toMatchObject({
      id: 'lambda:0920582c7ff041399e34823a0be62549',
      kind: 'gpu-instance',
      name: 'My Instance',
      region: 'us-west-1',
      state: 'starting',
      stateRaw: 'booting',
      meta: { instanceType: 'gpu_8x_h100_sxm5gdr', gpus: 8, pricePerHour: 35.92 },
    });
    expect(JSON.stringify(resources)).not.toContain('03b7d30d9d3e4d8fa41657bc0d478c1b');
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
  });
});
