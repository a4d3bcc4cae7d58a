import { describe, expect, it } from 'vitest';
import {
  buildMql,
  capacityToAvailability,
  instanceToResource,
  mapLifecycle,
  metricDataToSeries,
  MQL_MAX_IDS,
  normalizeInstanceRegion,
  OCI_METRICS,
  OciInstanceSchema,
  shapeToOffer,
  shortAd,
  type OciMetricData,
  type OciShape,
} from '../../../../../src/core/providers/oci/parse';
import { listGpuName, priceForShape } from '../../../../../src/core/providers/oci/prices';
import { OciPriceListSchema, parseGpuListPrices } from '../../../../../src/core/providers/oci/price-list';
import priceListSample from '../../../../fixtures/oci/price-list.sample.json';
import { GpuOfferSchema, ResourceSchema } from '../../../../../src/shared/model';

const fetchedAt = '2026-01-02T03:04:05.000Z';

describe('instances', () => {
  const raw = {
    id: 'ocid1.instance.oc1.iad.abc',
    displayName: 'gpu-box',
    compartmentId: 'ocid1.tenancy.oc1..t',
    availabilityDomain: 'Uocm:US-ASHBURN-AD-2',
    faultDomain: 'FAULT-DOMAIN-1',
    region: 'iad',
    shape: 'VM.GPU.A10.1',
    lifecycleState: 'PROVISIONING',
    timeCreated: '2025-12-01T00:00:00.000Z',
    shapeConfig: { ocpus: 15, memoryInGBs: 240, gpus: 1, gpuDescription: 'NVIDIA® A10', vcpus: 30 },
    someFutureField: { x: 1 },
  };

  it('maps an instance into a valid Resource', () => {
    const r = instanceToResource(OciInstanceSchema.parse(raw), { account: 'work', fetchedAt });
    expect(ResourceSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({
      id: 'oci:ocid1.instance.oc1.iad.abc',
      kind: 'gpu-instance',
      name: 'gpu-box',
      region: 'us-ashburn-1',
      state: 'starting',
      stateRaw: 'PROVISIONING',
      meta: {
        shape: 'VM.GPU.A10.1',
        gpus: 1,
        vcpus: 30,
        memoryGb: 240,
        availabilityDomain: 'Uocm:US-ASHBURN-AD-2',
        faultDomain: 'FAULT-DOMAIN-1',
      },
    });
    expect(r.consoleUrl).toBe(
      'https://cloud.oracle.com/compute/instances/ocid1.instance.oc1.iad.abc?region=us-ashburn-1',
    );
  });

  it('a CPU shape without a name is an instance named by its OCID', () => {
    const r = instanceToResource(
      OciInstanceSchema.parse({
        ...raw,
        displayName: null,
        shape: 'VM.Standard.E4.Flex',
        shapeConfig: { ocpus: 2, gpus: 0 },
      }),
      { account: 'a', fetchedAt },
    );
    expect(r.kind).toBe('instance');
    expect(r.name).toBe(raw.id);
  });

  it('maps every documented lifecycle state and tolerates new ones', () => {
    expect(
      [
        'MOVING',
        'PROVISIONING',
        'RUNNING',
        'STARTING',
        'STOPPING',
        'STOPPED',
        'CREATING_IMAGE',
        'TERMINATING',
        'TERMINATED',
        'HIBERNATING',
      ].map(mapLifecycle),
    ).toEqual([
      'starting',
      'starting',
      'running',
      'starting',
      'stopping',
      'stopped',
      'stopped',
      'stopping',
      'stopped',
      'unknown',
    ]);
  });

  it('normalises the short region keys of Instance.region', () => {
    expect(['iad', 'phx', 'eu-frankfurt-1'].map(normalizeInstanceRegion)).toEqual([
      'us-ashburn-1',
      'us-phoenix-1',
      'eu-frankfurt-1',
    ]);
  });

  it('rejects an instance without its required fields', () => {
    expect(OciInstanceSchema.safeParse({ id: 'x', lifecycleState: 'RUNNING' }).success).toBe(false);
  });
});

describe('capacity → availability', () => {
  it('maps the documented statuses and keeps unknown ones as unknown', () => {
    expect(capacityToAvailability({ availabilityStatus: 'AVAILABLE', availableCount: 3 })).toEqual({
      state: 'available',
      count: 3,
      detail: 'AVAILABLE',
    });
    expect(capacityToAvailability({ availabilityStatus: 'AVAILABLE', availableCount: 0 })).toEqual({
      state: 'available',
      detail: 'AVAILABLE',
    });
    expect(capacityToAvailability({ availabilityStatus: 'OUT_OF_HOST_CAPACITY', availableCount: 0 })).toEqual({
      state: 'none',
      count: 0,
      detail: 'OUT_OF_HOST_CAPACITY',
    });
    expect(capacityToAvailability({ availabilityStatus: 'HARDWARE_NOT_SUPPORTED' })).toEqual({
      state: 'none',
      count: 0,
      detail: 'HARDWARE_NOT_SUPPORTED',
    });
    expect(capacityToAvailability({ availabilityStatus: 'CONSTRAINT_ERROR' })).toEqual({
      state: 'unknown',
      detail: 'CONSTRAINT_ERROR',
    });
    expect(capacityToAvailability({})).toMatchObject({ state: 'unknown' });
    expect(capacityToAvailability(undefined)).toEqual({ state: 'unknown', detail: 'no capacity report' });
  });
});

describe('shapes → offers', () => {
  const h100: OciShape = {
    shape: 'BM.GPU.H100.8',
    processorDescription: 'Intel Xeon',
    ocpus: 112,
    memoryInGBs: 2048,
    gpus: 8,
    gpuDescription: 'NVIDIA® H100',
    localDisksTotalSizeInGBs: 61440,
  };
  const ctx = { account: 'work', region: 'eu-frankfurt-1', availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-2', fetchedAt };

  it('builds a valid GpuOffer with the table price and x86 vCPUs', () => {
    const r = shapeToOffer(h100, { availabilityStatus: 'AVAILABLE', availableCount: 1 }, ctx);
    if (!('offer' in r)) throw new Error('no offer');
    expect(GpuOfferSchema.parse(r.offer)).toBeTruthy();
    expect(r.offer).toMatchObject({
      id: 'oci:eu-frankfurt-1/Uocm:EU-FRANKFURT-1-AD-2/BM.GPU.H100.8',
      instanceType: 'BM.GPU.H100.8',
      price: { perHour: 80, perGpuHour: 10, billing: 'on-demand', currency: 'USD' },
      availability: { state: 'available', count: 1 },
      region: { id: 'eu-frankfurt-1', name: 'eu-frankfurt-1 AD-2', country: 'DE' },
      specs: { vcpus: 224, ramGb: 2048, diskGb: 61440 },
      gpu: { rawName: 'NVIDIA® H100', count: 8, vramGb: 80 },
    });
  });

  it('counts one vCPU per OCPU on Arm', () => {
    const r = shapeToOffer({ ...h100, processorDescription: '3.1 GHz NVIDIA Grace' }, undefined, ctx);
    expect('offer' in r && r.offer.specs.vcpus).toBe(112);
  });

  it('skips shapes without GPUs and GPU shapes without a known price', () => {
    expect(shapeToOffer({ shape: 'VM.Standard.E4.Flex', gpus: 0 }, undefined, ctx)).toEqual({
      skipped: 'not-gpu',
      shape: 'VM.Standard.E4.Flex',
    });
    expect(shapeToOffer({ shape: 'BM.GPU.NEW.8', gpus: 8 }, undefined, ctx)).toEqual({
      skipped: 'no-price',
      shape: 'BM.GPU.NEW.8',
    });
    const priced = shapeToOffer({ shape: 'BM.GPU.NEW.8', gpus: 8, gpuDescription: 'NVIDIA® X1' }, undefined, {
      ...ctx,
      prices: { 'BM.GPU.NEW.8': 5 },
    });
    expect('offer' in priced && priced.offer.price.perHour).toBe(40);
  });

  it('prices by shape override, family override, then table', () => {
    expect(priceForShape('BM.GPU4.8')).toMatchObject({ perGpuHour: 3.05, source: 'table' });
    expect(priceForShape('BM.GPU4.8', { 'A100 40GB': 2.5 })).toMatchObject({ perGpuHour: 2.5, source: 'override' });
    expect(priceForShape('BM.GPU4.8', { 'A100 40GB': 2.5, 'BM.GPU4.8': 2 })).toMatchObject({ perGpuHour: 2 });
    expect(priceForShape('VM.GPU.A10.2')?.row?.gpu).toBe('A10');
    expect(priceForShape('BM.GPU.UNKNOWN.8')).toBeUndefined();
  });

  it("reads Oracle's price list: GPU-hour parts in USD pay-as-you-go, by part number or GPU name", () => {
    // Shape of a live answer of GET https://apexapps.oracle.com/pls/apex/cetools/api/v1/products/
    // (test/fixtures/oci/price-list.sample.json; source noted there).
    const list = parseGpuListPrices(OciPriceListSchema.parse(priceListSample));
    expect(list.map((p) => p.partNumber).sort()).toEqual(['B110978', 'B110979', 'B98415']);
    expect(priceForShape('BM.GPU.B200.8', {}, list)).toMatchObject({ perGpuHour: 14, source: 'price-list' });
    expect(priceForShape('BM.GPU.GB200.4', {}, list)).toMatchObject({ perGpuHour: 16, source: 'price-list' });
    expect(priceForShape('BM.GPU.H100.8', {}, list)).toMatchObject({ perGpuHour: 9.5, source: 'price-list' });
    // Not in the list: the table; an override still wins over the list.
    expect(priceForShape('BM.GPU4.8', {}, list)).toMatchObject({ source: 'table' });
    expect(priceForShape('BM.GPU.H100.8', { H100: 7 }, list)).toMatchObject({ perGpuHour: 7, source: 'override' });
    // "B200" must not pick up the GB200 part (names compare whole).
    expect(listGpuName('OCI - Compute - GPU - GB200')).toBe('GB200');
  });

  it('B200 and GB200 shapes are priced even without the price list (table fallback)', () => {
    const b200 = shapeToOffer({ shape: 'BM.GPU.B200.8', gpus: 8, gpuDescription: 'NVIDIA® B200' }, undefined, ctx);
    expect('offer' in b200 && b200.offer.price.perGpuHour).toBe(14);
    const gb200 = shapeToOffer({ shape: 'BM.GPU.GB200.4', gpus: 4, gpuDescription: 'NVIDIA® GB200' }, undefined, ctx);
    expect('offer' in gb200 && gb200.offer.price.perHour).toBe(64);
  });

  it('shortens AD names', () => {
    expect(shortAd('Uocm:PHX-AD-3')).toBe('AD-3');
    expect(shortAd('weird')).toBe('weird');
  });
});

describe('metrics', () => {
  it('builds MQL for one, some and many instances', () => {
    expect(buildMql('CpuUtilization', ['ocid1.instance.oc1.iad.a'])).toBe(
      'CpuUtilization[1m]{resourceId = "ocid1.instance.oc1.iad.a"}.mean()',
    );
    expect(buildMql('CpuUtilization', ['a', 'b'])).toBe('CpuUtilization[1m]{resourceId =~ "a|b"}.mean()');
    const many = Array.from({ length: MQL_MAX_IDS + 1 }, (_, i) => `id${i}`);
    expect(buildMql('MemoryUtilization', many, '5m')).toBe('MemoryUtilization[5m].mean()');
    // Nothing that could break out of the quoted value reaches the query.
    expect(buildMql('CpuUtilization', ['a"}.max() || x'])).toBe('CpuUtilization[1m].mean()');
  });

  const d = (id: string, pts: Array<[string, number]>, extra: Record<string, string> = {}): OciMetricData => ({
    namespace: 'gpu_infrastructure_health',
    compartmentId: 'c',
    name: 'GpuUtilization',
    dimensions: { resourceId: id, ...extra },
    aggregatedDatapoints: pts.map(([timestamp, value]) => ({ timestamp, value })),
  });

  it('averages several streams of one instance per timestamp and drops unrequested instances', () => {
    const gpuDef = OCI_METRICS.find((m) => m.name === 'gpu_utilization')!;
    const out = metricDataToSeries(
      [
        d(
          'a',
          [
            ['2026-01-01T00:01:00.000Z', 10],
            ['2026-01-01T00:00:00.000Z', 20],
          ],
          { gpuIndex: '0' },
        ),
        d('a', [['2026-01-01T00:00:00.000Z', 40]], { gpuIndex: '1' }),
        d('zzz', [['2026-01-01T00:00:00.000Z', 99]]),
      ],
      gpuDef,
      new Set(['a']),
    );
    expect([...out.keys()]).toEqual(['a']);
    expect(out.get('a')).toEqual({
      name: 'gpu_utilization',
      label: 'GPU',
      unit: 'percent',
      stepMs: 60_000,
      points: [
        [Date.parse('2026-01-01T00:00:00.000Z'), 30],
        [Date.parse('2026-01-01T00:01:00.000Z'), 10],
      ],
    });
  });

  it('an instance without datapoints gets no series', () => {
    expect(metricDataToSeries([d('a', [])], OCI_METRICS[0]!, new Set(['a'])).size).toBe(0);
  });
});
