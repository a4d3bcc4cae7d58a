import { describe, expect, it } from 'vitest';
import {
  countryFromGeolocation,
  parseVastInstancesPage,
  parseVastOffers,
  vastInstanceState,
  vramGbFromMb,
} from '../../../../../src/core/providers/vastai/parse';
import { CloudtopError, GpuOfferSchema, ResourceSchema } from '../../../../../src/shared/model';

const fetchedAt = '2026-10-01T12:00:00.000Z';

/** An 8× H100 SXM row as /bundles/ returns it (fields and units from the spec example and offer.py). */
const h100Row = {
  id: 24311705,
  ask_contract_id: 24311705,
  bundle_id: 922931705,
  bundled_results: null,
  bw_nvlink: 450,
  compute_cap: 900,
  cpu_arch: 'amd64',
  cpu_cores: 208,
  cpu_cores_effective: 192,
  cpu_ghz: 3.1,
  cpu_name: 'Intel Xeon Platinum 8480+',
  cpu_ram: 2063731,
  cuda_max_good: 12.8,
  direct_port_count: 100,
  disk_space: 1843.2,
  dlperf: 415.2,
  dph_base: 17.6,
  dph_total: 17.6194,
  driver_version: '570.86.10',
  driver_vers: 570086010,
  external: null,
  geolocation: 'Texas, US',
  gpu_arch: 'nvidia',
  gpu_name: 'H100 SXM',
  gpu_ram: 81559,
  gpu_total_ram: 652472,
  hosting_type: 1,
  is_bid: false,
  machine_id: 33198,
  min_bid: 8.4,
  num_gpus: 8,
  reliability: 0.9978,
  reliability2: 0.9981,
  rentable: true,
  rented: false,
  score: 21.4,
  storage_cost: 0.2,
  verification: 'verified',
  search: {
    gpuCostPerHour: 17.6,
    diskHour: 0.0194,
    totalHour: 17.6194,
    discountTotalHour: 0,
    discountedTotalPerHour: 17.6194,
  },
  time_remaining: '',
  // A field Vast might add tomorrow: must not break parsing.
  brand_new_field: { nested: true },
};

const row4090 = {
  ...h100Row,
  id: 19877023,
  gpu_name: 'RTX 4090',
  gpu_ram: 24564,
  num_gpus: 2,
  dph_total: 0.7348,
  geolocation: 'Sweden, SE',
  hosting_type: 0,
  verification: 'unverified',
  reliability2: null,
  reliability: 0.962,
  cpu_cores_effective: 32,
  cpu_ram: 128000,
  disk_space: 512,
};

describe('parseVastOffers', () => {
  const ctx = { fetchedAt, billing: 'on-demand' as const, account: 'default' };

  it('maps a realistic offer: per-offer and per-GPU price, GPU, region, quality, specs', () => {
    const { offers, skipped } = parseVastOffers({ offers: [h100Row, row4090] }, ctx);
    expect(skipped).toBe(0);
    const [h100, rtx] = offers;
    expect(h100).toMatchObject({
      id: 'vastai:24311705',
      nativeId: '24311705',
      provider: 'vastai',
      account: 'default',
      gpu: { model: 'H100-SXM', family: 'H100', rawName: 'H100 SXM', vendor: 'nvidia', vramGb: 80, count: 8 },
      price: { perHour: 17.6194, currency: 'USD', billing: 'on-demand' },
      availability: { state: 'available' },
      region: { id: 'US', country: 'US', name: 'Texas, US' },
      cloud: 'secure',
      quality: { reliability: 0.9981, verified: true },
      specs: { vcpus: 192, diskGb: 1843.2 },
      fetchedAt,
      consoleUrl: 'https://cloud.vast.ai/create/',
    });
    // dph_total is the whole offer: $/GPU-h = dph_total / num_gpus.
    expect(h100!.price.perGpuHour).toBeCloseTo(17.6194 / 8, 6);
    expect(h100!.specs.ramGb).toBeCloseTo(2015.4, 1);
    expect(rtx).toMatchObject({
      gpu: { model: 'RTX-4090', vramGb: 24, count: 2 },
      region: { id: 'SE', country: 'SE' },
      cloud: 'community',
      // reliability2 missing: falls back to reliability.
      quality: { reliability: 0.962, verified: false },
    });
    expect(rtx!.price.perGpuHour).toBeCloseTo(0.3674, 6);
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
  });

  it('marks interruptible (bid) offers and keeps their ids apart from on-demand ones', () => {
    const { offers } = parseVastOffers(
      { offers: [{ ...h100Row, is_bid: true, dph_total: 8.42 }] },
      { ...ctx, billing: 'interruptible' },
    );
    expect(offers[0]).toMatchObject({ id: 'vastai:24311705:bid', price: { billing: 'interruptible', perHour: 8.42 } });
  });

  it('reports unrentable rows as availability none', () => {
    const { offers } = parseVastOffers({ offers: [{ ...h100Row, rentable: false }] }, ctx);
    expect(offers[0]!.availability).toEqual({ state: 'none', detail: 'not rentable' });
  });

  it('keeps rented rows available: `rented` means the caller already rents on that machine', () => {
    // search_offers.yaml: "When set to true, include offers where the calling user already has rented GPUs."
    const { offers } = parseVastOffers({ offers: [{ ...h100Row, rented: true }] }, ctx);
    expect(offers[0]!.availability).toEqual({ state: 'available', detail: 'you already rent here' });
  });

  it('rejects a body whose envelope is wrong with bad_response naming provider and field', () => {
    // The spec's own example shows `offers` as an object; the real API sends an array.
    const bad = () => parseVastOffers({ offers: { id: 1 } }, ctx);
    expect(bad).toThrow(CloudtopError);
    try {
      bad();
    } catch (e) {
      const err = e as CloudtopError;
      expect(err.code).toBe('bad_response');
      expect(err.provider).toBe('vastai');
      expect(err.message).toMatch(/Vast\.ai/);
      expect(err.message).toMatch(/offers/);
    }
  });

  it('skips a malformed row but fails when every row is malformed, naming the field', () => {
    const one = parseVastOffers({ offers: [h100Row, { ...row4090, dph_total: 'cheap' }] }, ctx);
    expect(one.offers).toHaveLength(1);
    expect(one.skipped).toBe(1);
    expect(one.firstProblem).toMatch(/offers\[1\]\.dph_total/);
    expect(() => parseVastOffers({ offers: [{ ...h100Row, num_gpus: undefined }] }, ctx)).toThrow(
      /offers\[0\]\.num_gpus/,
    );
  });

  it('accepts an empty market', () => {
    expect(parseVastOffers({ offers: [] }, ctx).offers).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads the country code from free-form geolocation', () => {
    expect(countryFromGeolocation('Texas, US')).toBe('US');
    expect(countryFromGeolocation('Atlantis, AT')).toBe('AT');
    expect(countryFromGeolocation('SE')).toBe('SE');
    expect(countryFromGeolocation('Somewhere')).toBeUndefined();
    expect(countryFromGeolocation(null)).toBeUndefined();
  });

  it('turns Vast MiB into marketed GB', () => {
    expect(vramGbFromMb(81559)).toBe(80);
    expect(vramGbFromMb(24564)).toBe(24);
    expect(vramGbFromMb(49140)).toBe(48);
    expect(vramGbFromMb(40960)).toBe(40);
    expect(vramGbFromMb(0)).toBeUndefined();
  });

  it('maps instance states, null = provisioning', () => {
    expect(vastInstanceState('running')).toBe('running');
    expect(vastInstanceState(null)).toBe('starting');
    expect(vastInstanceState('loading')).toBe('starting');
    expect(vastInstanceState('exited')).toBe('stopped');
    expect(vastInstanceState('offline')).toBe('error');
    expect(vastInstanceState('something-new')).toBe('unknown');
  });
});

describe('parseVastInstancesPage', () => {
  const page = {
    success: true,
    instances_found: 1,
    total_instances: 1,
    label_counts: { 'ML Training Job 2025': 1 },
    next_token: 'eyJ2YWx1ZXMiOiB7ImlkIjogMzEyfX0=',
    instances: [
      {
        id: 312,
        actual_status: 'running',
        intended_status: 'running',
        label: 'ML Training Job 2025',
        gpu_name: 'RTX 4090',
        num_gpus: 1,
        dph_total: 0.8021,
        geolocation: 'California, United States',
        country_code: null,
        machine_id: 12,
        image_uuid: 'nvidia/cuda:11.0.3-devel-ubuntu18.04',
        jupyter_token: 'df77e27085bd4b3bd5d9024bdefb9e6df614b27adb0689e9d8f066fce5e01f0c',
        ssh_host: 'ssh123.vast.ai',
        ssh_port: 10600,
        extra_env: [['DOG', 'CAT']],
      },
    ],
  };

  it('maps instances to gpu-instance resources and never copies the jupyter token', () => {
    const { resources, nextToken } = parseVastInstancesPage(page, { fetchedAt, account: 'work' });
    expect(nextToken).toBe(page.next_token);
    expect(resources[0]).toMatchObject({
      id: 'vastai:312',
      kind: 'gpu-instance',
      name: 'ML Training Job 2025',
      state: 'running',
      stateRaw: 'running',
      account: 'work',
      meta: { gpu: 'RTX 4090', gpus: 1, pricePerHour: 0.8021, ssh: 'ssh123.vast.ai:10600' },
    });
    expect(JSON.stringify(resources)).not.toContain('df77e270');
    expect(ResourceSchema.safeParse(resources[0]).success).toBe(true);
  });

  it('bad_response when the page shape is wrong', () => {
    expect(() => parseVastInstancesPage({ instances: 'none' }, { fetchedAt })).toThrow(/instances/);
    expect(() => parseVastInstancesPage({ instances: [{ id: '312' }] }, { fetchedAt })).toThrow(/instances\[0\]\.id/);
  });
});
