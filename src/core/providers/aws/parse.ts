/**
 * AWS payloads → the cloudtop model. Pure and zod-validated (only what we use is required).
 * Shapes from the official service models (botocore `service-2.json`; trimmed copies in
 * test/fixtures/specs/aws): EC2 Query XML (`reservationSet/item/instancesSet/item`, `nextToken`;
 * parsed to objects where a list is `{item: X | X[]}` or '' when empty), CloudWatch GetMetricData
 * (JSON 1.0), Price List GetProducts (JSON 1.1, `PriceList` of JSON strings) and Service Quotas
 * GetServiceQuota (JSON 1.1).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import type { GpuOffer, MetricSeries, OfferQuota, Resource, ResourceState } from '../../../shared/model';
import { normalizeGpu } from '../../../shared/gpu/normalize';

import { CONSOLE_URL, DEFAULT_GPU_FAMILIES, DISPLAY_NAME, PROVIDER } from './descriptor';
import { countOf } from '../../../shared/format';

export { CONSOLE_URL, DEFAULT_GPU_FAMILIES, DISPLAY_NAME, PROVIDER };

// ---------------------------------------------------------------------------------------------
// EC2 Query XML helpers

/** An EC2 XML list (`<xSet><item>…</item></xSet>`): absent, empty, one item or many → array. */
export function xmlSet<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => {
    if (v === undefined || v === null || v === '') return [];
    if (typeof v !== 'object' || Array.isArray(v)) return v;
    const inner = (v as { item?: unknown }).item;
    if (inner === undefined || inner === '') return [];
    return Array.isArray(inner) ? inner : [inner];
  }, z.array(item));
}
const num = lazySchema(() => z.coerce.number());
const optNum = lazySchema(() =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number().optional()),
);
/** `<nextToken/>` is '' on the last page. */
const nextToken = lazySchema(() =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().optional()),
);

const TagSchema = lazySchema(() => z.object({ key: z.string(), value: z.union([z.string(), z.number()]).optional() }));

export const InstanceSchema = lazySchema(() =>
  z.object({
    instanceId: z.string().min(1),
    instanceType: z.string().min(1),
    instanceState: z.object({ code: optNum, name: z.string() }),
    placement: z.object({ availabilityZone: z.string().optional(), availabilityZoneId: z.string().optional() }),
    launchTime: z.string().optional(),
    instanceLifecycle: z.string().optional(),
    tagSet: xmlSet(TagSchema).optional(),
  }),
);
export type Ec2Instance = z.infer<typeof InstanceSchema>;

export const DescribeInstancesSchema = lazySchema(() =>
  z.object({
    DescribeInstancesResponse: z.object({
      reservationSet: xmlSet(z.object({ instancesSet: xmlSet(InstanceSchema) })),
      nextToken,
    }),
  }),
);

const GpuDeviceSchema = lazySchema(() =>
  z.object({
    name: z.string().min(1),
    manufacturer: z.string().optional(),
    count: num,
    memoryInfo: z.object({ sizeInMiB: optNum }).optional(),
  }),
);
export const InstanceTypeInfoSchema = lazySchema(() =>
  z.object({
    instanceType: z.string().min(1),
    vCpuInfo: z.object({ defaultVCpus: num }).optional(),
    memoryInfo: z.object({ sizeInMiB: optNum }).optional(),
    gpuInfo: z.object({ gpus: xmlSet(GpuDeviceSchema), totalGpuMemoryInMiB: optNum }).optional(),
  }),
);
export type InstanceTypeInfo = z.infer<typeof InstanceTypeInfoSchema>;
export const DescribeInstanceTypesSchema = lazySchema(() =>
  z.object({
    DescribeInstanceTypesResponse: z.object({ instanceTypeSet: xmlSet(InstanceTypeInfoSchema), nextToken }),
  }),
);

export const DescribeInstanceTypeOfferingsSchema = lazySchema(() =>
  z.object({
    DescribeInstanceTypeOfferingsResponse: z.object({
      instanceTypeOfferingSet: xmlSet(
        z.object({ instanceType: z.string(), locationType: z.string().optional(), location: z.string() }),
      ),
      nextToken,
    }),
  }),
);

export const DescribeAvailabilityZonesSchema = lazySchema(() =>
  z.object({
    DescribeAvailabilityZonesResponse: z.object({
      availabilityZoneInfo: xmlSet(
        z.object({
          zoneName: z.string(),
          // Older answers (and the model's own example) carry no zone id.
          zoneId: z.string().optional(),
          regionName: z.string().optional(),
          zoneState: z.string().optional(),
        }),
      ),
    }),
  }),
);

export const DescribeRegionsSchema = lazySchema(() =>
  z.object({
    DescribeRegionsResponse: z.object({
      regionInfo: xmlSet(z.object({ regionName: z.string(), optInStatus: z.string().optional() })),
    }),
  }),
);

export const SpotPriceSchema = lazySchema(() =>
  z.object({
    availabilityZone: z.string(),
    instanceType: z.string(),
    productDescription: z.string().optional(),
    spotPrice: num,
    timestamp: z.string(),
  }),
);
export type SpotPrice = z.infer<typeof SpotPriceSchema>;
export const DescribeSpotPriceHistorySchema = lazySchema(() =>
  z.object({
    DescribeSpotPriceHistoryResponse: z.object({ spotPriceHistorySet: xmlSet(SpotPriceSchema), nextToken }),
  }),
);

export const SpotPlacementScoreSchema = lazySchema(() =>
  z.object({
    region: z.string(),
    availabilityZoneId: z.string().optional(),
    score: num,
  }),
);
export const GetSpotPlacementScoresSchema = lazySchema(() =>
  z.object({
    GetSpotPlacementScoresResponse: z.object({ spotPlacementScoreSet: xmlSet(SpotPlacementScoreSchema), nextToken }),
  }),
);

export const CapacityBlockOfferingSchema = lazySchema(() =>
  z.object({
    capacityBlockOfferingId: z.string().min(1),
    instanceType: z.string(),
    availabilityZone: z.string(),
    instanceCount: num,
    startDate: z.string(),
    endDate: z.string(),
    capacityBlockDurationHours: num,
    upfrontFee: num,
    currencyCode: z.string().optional(),
  }),
);
export type CapacityBlockOffering = z.infer<typeof CapacityBlockOfferingSchema>;
export const DescribeCapacityBlockOfferingsSchema = lazySchema(() =>
  z.object({
    DescribeCapacityBlockOfferingsResponse: z.object({
      capacityBlockOfferingSet: xmlSet(CapacityBlockOfferingSchema),
      nextToken,
    }),
  }),
);

/** EC2 error body: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`. */
export function ec2Error(body: unknown): { code?: string; message?: string } | undefined {
  const errors = (body as { Response?: { Errors?: { Error?: unknown } } } | undefined)?.Response?.Errors?.Error;
  const first = (Array.isArray(errors) ? errors[0] : errors) as { Code?: unknown; Message?: unknown } | undefined;
  if (!first) return undefined;
  return {
    ...(typeof first.Code === 'string' ? { code: first.Code } : {}),
    ...(typeof first.Message === 'string' ? { message: first.Message } : {}),
  };
}

/** JSON-protocol error body `{"__type": "ns#Code", "message"|"Message": "…"}`. */
export function jsonError(body: unknown): { code?: string; message?: string } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { __type?: unknown; message?: unknown; Message?: unknown; code?: unknown };
  const type = typeof b.__type === 'string' ? b.__type : typeof b.code === 'string' ? b.code : undefined;
  const message = typeof b.message === 'string' ? b.message : typeof b.Message === 'string' ? b.Message : undefined;
  if (!type && !message) return undefined;
  return { ...(type ? { code: type.slice(type.lastIndexOf('#') + 1) } : {}), ...(message ? { message } : {}) };
}

// ---------------------------------------------------------------------------------------------
// JSON services

export const GetMetricDataSchema = lazySchema(() =>
  z.object({
    MetricDataResults: z
      .array(
        z.object({
          Id: z.string(),
          Timestamps: z.array(z.union([z.number(), z.string()])).optional(),
          Values: z.array(z.number()).optional(),
          StatusCode: z.string().optional(),
        }),
      )
      .optional(),
    NextToken: z.string().optional(),
  }),
);
export type GetMetricData = z.infer<typeof GetMetricDataSchema>;

export const GetProductsSchema = lazySchema(() =>
  z.object({
    FormatVersion: z.string().optional(),
    PriceList: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
    NextToken: z.string().optional(),
  }),
);

/** One Price List product (a JSON string in `PriceList`). */
export const PriceListProductSchema = lazySchema(() =>
  z.object({
    product: z.object({
      attributes: z.object({
        instanceType: z.string(),
        regionCode: z.string().optional(),
        location: z.string().optional(),
      }),
    }),
    terms: z.object({
      OnDemand: z
        .record(
          z.string(),
          z.object({
            priceDimensions: z.record(
              z.string(),
              z.object({ unit: z.string().optional(), pricePerUnit: z.record(z.string(), z.string()) }),
            ),
          }),
        )
        .optional(),
    }),
  }),
);
export type PriceListProduct = z.infer<typeof PriceListProductSchema>;

export const GetServiceQuotaSchema = lazySchema(() =>
  z.object({
    Quota: z.object({
      QuotaCode: z.string(),
      QuotaName: z.string().optional(),
      Value: z.number().nonnegative(),
      Unit: z.string().optional(),
    }),
  }),
);

// ---------------------------------------------------------------------------------------------
// GPU families, quotas

/** The Service Quotas codes (vCPUs per region) that bound GPU instances, by family letter. */
export const QUOTA_CODES = {
  P: { 'on-demand': 'L-417A185B', spot: 'L-7212CCBC' },
  G: { 'on-demand': 'L-DB2E81BA', spot: 'L-3819A6DF' },
} as const;
export type QuotaFamily = keyof typeof QUOTA_CODES;

/** `p5.48xlarge` → `P`; `g6e.xlarge` → `G` (the "G and VT" quota); others have no GPU quota here. */
export function quotaFamily(instanceType: string): QuotaFamily | undefined {
  const c = instanceType.charAt(0).toLowerCase();
  return c === 'p' ? 'P' : c === 'g' || c === 'v' ? 'G' : undefined;
}

export interface RegionQuota {
  code: string;
  name?: string;
  limit: number;
  /** vCPUs of running instances of the family this account has in the region (what counts against it). */
  used: number;
}

export function offerQuota(
  q: RegionQuota | undefined,
  vcpus: number | undefined,
  region: string,
): OfferQuota | undefined {
  if (!q) return undefined;
  const out: OfferQuota = {
    limit: q.limit,
    used: q.used,
    unit: 'vCPUs',
    name: q.name ? `${q.name} (${q.code})` : q.code,
  };
  if (vcpus !== undefined && q.limit - q.used < vcpus) {
    out.reason =
      q.limit === 0
        ? `quota ${q.code} in ${region} is 0 vCPUs: request an increase in Service Quotas`
        : `quota ${q.code} in ${region}: ${Math.max(0, q.limit - q.used)} of ${q.limit} vCPUs free, ${vcpus} needed`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Prices

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Hourly USD on-demand price per instance type from GetProducts items (already filtered to a region). */
export function onDemandPrices(items: readonly PriceListProduct[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of items) {
    for (const term of Object.values(p.terms.OnDemand ?? {})) {
      for (const dim of Object.values(term.priceDimensions)) {
        if (dim.unit && !/^hrs?$/i.test(dim.unit)) continue;
        const usd = Number(dim.pricePerUnit.USD);
        if (!Number.isFinite(usd) || usd <= 0) continue;
        const prev = out.get(p.product.attributes.instanceType);
        if (prev === undefined || usd < prev) out.set(p.product.attributes.instanceType, usd);
      }
    }
  }
  return out;
}

/** Latest spot price per `type|az` (DescribeSpotPriceHistory returns history, newest wins). */
export function latestSpotPrices(rows: readonly SpotPrice[]): Map<string, { price: number; at: string }> {
  const out = new Map<string, { price: number; at: string }>();
  for (const r of rows) {
    const key = `${r.instanceType}|${r.availabilityZone}`;
    const prev = out.get(key);
    if (!prev || Date.parse(r.timestamp) > Date.parse(prev.at)) out.set(key, { price: r.spotPrice, at: r.timestamp });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Offers

/**
 * Spot placement score (1–10: how likely a Spot request for one instance in that zone succeeds) →
 * availability. The one capacity signal EC2 gives; without it a spot offer is only `listed`.
 */
export function scoreAvailability(score: number | undefined): GpuOffer['availability'] {
  if (score === undefined)
    return { state: 'listed', detail: 'offered in this zone; no Spot placement score, capacity unknown' };
  const detail = `Spot placement score ${score}/10`;
  if (score >= 7) return { state: 'available', detail: `${detail}: a Spot request is likely to succeed` };
  if (score >= 3) return { state: 'low', detail: `${detail}: a Spot request may not succeed` };
  return { state: 'none', detail: `${detail}: a Spot request is unlikely to succeed` };
}

export interface GpuTypeFacts {
  instanceType: string;
  gpuName: string;
  manufacturer?: string;
  gpuCount: number;
  vramGb?: number;
  vcpus?: number;
  ramGb?: number;
}

export function gpuTypeFacts(info: InstanceTypeInfo): GpuTypeFacts | undefined {
  const gpus = info.gpuInfo?.gpus ?? [];
  const first = gpus[0];
  if (!first) return undefined;
  const count = gpus.reduce((n, g) => n + g.count, 0);
  const mib = first.memoryInfo?.sizeInMiB;
  return {
    instanceType: info.instanceType,
    gpuName: first.name,
    ...(first.manufacturer ? { manufacturer: first.manufacturer } : {}),
    gpuCount: count,
    ...(mib ? { vramGb: Math.round(mib / 1024) } : {}),
    ...(info.vCpuInfo ? { vcpus: info.vCpuInfo.defaultVCpus } : {}),
    ...(info.memoryInfo?.sizeInMiB ? { ramGb: Math.round(info.memoryInfo.sizeInMiB / 1024) } : {}),
  };
}

export interface RegionOfferContext {
  region: string;
  account?: string;
  fetchedAt: string;
  types: Map<string, GpuTypeFacts>;
  /** `type` → AZ names offering it. */
  offerings: Map<string, string[]>;
  /** AZ name → AZ id (`us-east-1a` → `use1-az6`): scores are keyed by id. */
  zoneIds: Map<string, string>;
  onDemand: Map<string, number>;
  spot: Map<string, { price: number; at: string }>;
  /** `type|azId` → score; undefined when scores were not read. */
  scores?: Map<string, number>;
  quotas?: Map<string, RegionQuota>;
  blocks: readonly CapacityBlockOffering[];
}

/**
 * EC2 reports the usable memory (an L4 is 22,888 MiB, an L40S 46,068): when the normaliser knows the
 * card's nominal size and it is within 10 % of that, the nominal size wins (`L4`, not `L4-22GB`);
 * the reported size only decides between variants (A100 40 GB / 80 GB).
 */
function normalized(f: GpuTypeFacts) {
  // The P families carry SXM boards (p4d/p4de: A100 SXM, p5: H100 SXM, p5e/p5en: H200 SXM); EC2 says only "H100".
  const name = /^p\d/.test(f.instanceType) && /^(A100|H100|H200)$/.test(f.gpuName) ? `${f.gpuName} SXM` : f.gpuName;
  const plain = normalizeGpu(name, { provider: PROVIDER });
  if (!f.vramGb || (plain.vramGb && Math.abs(plain.vramGb - f.vramGb) <= plain.vramGb * 0.1)) return plain;
  return normalizeGpu(name, { provider: PROVIDER, vramGb: f.vramGb });
}

function gpuOf(f: GpuTypeFacts): GpuOffer['gpu'] {
  const norm = normalized(f);
  const vram = norm.vramGb ?? f.vramGb;
  return {
    model: norm.model,
    family: norm.family,
    rawName: [f.manufacturer, f.gpuName].filter(Boolean).join(' '),
    vendor: norm.vendor,
    ...(norm.variant ? { variant: norm.variant } : {}),
    ...(vram !== undefined ? { vramGb: vram } : {}),
    count: f.gpuCount,
  };
}

// The global console host (the window opens only allow-listed hosts exactly; AWS redirects to the region).
const launchUrl = (region: string, type: string): string =>
  `${CONSOLE_URL}/ec2/home?region=${region}#LaunchInstances:instanceType=${encodeURIComponent(type)}`;

/**
 * One offer per instance type × AZ × billing (on-demand: the region's list price, `listed` — a price
 * list is not capacity; spot: the AZ's latest spot price, availability from the Spot placement
 * score), plus one per Capacity Block offering (`available`: EC2 offers exactly that capacity).
 */
export function parseRegionOffers(ctx: RegionOfferContext): GpuOffer[] {
  const out: GpuOffer[] = [];
  const base = { provider: PROVIDER, fetchedAt: ctx.fetchedAt, ...(ctx.account ? { account: ctx.account } : {}) };
  const push = (
    f: GpuTypeFacts,
    az: string,
    nativeId: string,
    perHour: number,
    billing: GpuOffer['price']['billing'],
    availability: GpuOffer['availability'],
    quota?: OfferQuota,
  ): void => {
    const offer: GpuOffer = {
      ...base,
      id: `${PROVIDER}:${nativeId}`,
      nativeId,
      gpu: gpuOf(f),
      price: { perHour: round(perHour, 6), perGpuHour: round(perHour / f.gpuCount, 6), currency: 'USD', billing },
      cloud: 'secure',
      availability,
      region: { id: az, name: ctx.region },
      specs: { ...(f.vcpus ? { vcpus: f.vcpus } : {}), ...(f.ramGb ? { ramGb: f.ramGb } : {}) },
      quality: {},
      consoleUrl: launchUrl(ctx.region, f.instanceType),
      instanceType: f.instanceType,
    };
    if (quota) offer.quota = quota;
    out.push(offer);
  };
  for (const [type, zones] of ctx.offerings) {
    const f = ctx.types.get(type);
    if (!f) continue;
    const family = quotaFamily(type);
    const quotaOf = (billing: 'on-demand' | 'spot') =>
      family ? offerQuota(ctx.quotas?.get(QUOTA_CODES[family][billing]), f.vcpus, ctx.region) : undefined;
    for (const az of [...zones].sort()) {
      const od = ctx.onDemand.get(type);
      if (od !== undefined)
        push(
          f,
          az,
          `${type}:${az}:on-demand`,
          od,
          'on-demand',
          {
            state: 'listed',
            detail: `offered in ${az} at the list price; EC2 reports no on-demand capacity until you launch`,
          },
          quotaOf('on-demand'),
        );
      const spot = ctx.spot.get(`${type}|${az}`);
      if (spot) {
        const zoneId = ctx.zoneIds.get(az);
        const score = ctx.scores && zoneId ? ctx.scores.get(`${type}|${zoneId}`) : undefined;
        push(f, az, `${type}:${az}:spot`, spot.price, 'spot', scoreAvailability(score), quotaOf('spot'));
      }
    }
  }
  for (const b of ctx.blocks) {
    const f = ctx.types.get(b.instanceType);
    if (!f || b.capacityBlockDurationHours <= 0 || b.instanceCount <= 0) continue;
    const perInstanceHour = b.upfrontFee / b.capacityBlockDurationHours / b.instanceCount;
    push(
      f,
      b.availabilityZone,
      `${b.instanceType}:${b.availabilityZone}:block:${b.capacityBlockOfferingId}`,
      perInstanceHour,
      'reserved',
      {
        state: 'available',
        count: b.instanceCount,
        detail: `Capacity Block ${b.startDate} → ${b.endDate} (${b.capacityBlockDurationHours} h, ${countOf(b.instanceCount, 'instance')}, upfront ${b.upfrontFee} ${b.currencyCode ?? 'USD'})`,
      },
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Instances and metrics

export function instanceState(name: string): ResourceState {
  switch (name) {
    case 'running':
      return 'running';
    case 'pending':
      return 'starting';
    case 'stopping':
    case 'shutting-down':
      return 'stopping';
    case 'stopped':
    case 'terminated':
      return 'stopped';
    default:
      return 'unknown';
  }
}

export const instanceResourceId = (region: string, id: string): string => `${PROVIDER}:${region}/${id}`;

export function instanceResource(
  inst: Ec2Instance,
  region: string,
  facts: GpuTypeFacts | undefined,
  ctx: { account?: string; fetchedAt: string },
): Resource {
  const name = inst.tagSet?.find((t) => t.key === 'Name')?.value;
  const az = inst.placement.availabilityZone;
  const r: Resource = {
    id: instanceResourceId(region, inst.instanceId),
    provider: PROVIDER,
    kind: facts ? 'gpu-instance' : 'instance',
    name: name !== undefined && String(name) !== '' ? String(name) : inst.instanceId,
    region: az ?? region,
    state: instanceState(inst.instanceState.name),
    stateRaw: inst.instanceState.name,
    meta: {
      region,
      instanceId: inst.instanceId,
      instanceType: inst.instanceType,
      ...(az ? { availabilityZone: az } : {}),
      ...(inst.instanceLifecycle ? { lifecycle: inst.instanceLifecycle } : {}),
      ...(facts ? { gpus: facts.gpuCount, gpu: facts.gpuName } : {}),
      ...(facts?.vcpus ? { vcpus: facts.vcpus } : {}),
    },
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: `${CONSOLE_URL}/ec2/home?region=${region}#InstanceDetails:instanceId=${encodeURIComponent(inst.instanceId)}`,
  };
  if (ctx.account) r.account = ctx.account;
  return r;
}

/** The CloudWatch metrics read per instance (AWS/EC2, 5-minute periods: basic monitoring). */
export const EC2_METRICS = [
  {
    key: 'cpu',
    metricName: 'CPUUtilization',
    stat: 'Average',
    name: 'cpu_utilization',
    label: 'CPU',
    unit: 'percent',
    perSecond: false,
  },
  {
    key: 'nin',
    metricName: 'NetworkIn',
    stat: 'Sum',
    name: 'network_in',
    label: 'Net in',
    unit: 'bytes/s',
    perSecond: true,
  },
  {
    key: 'nout',
    metricName: 'NetworkOut',
    stat: 'Sum',
    name: 'network_out',
    label: 'Net out',
    unit: 'bytes/s',
    perSecond: true,
  },
] as const;

/** JSON 1.0 timestamps are epoch seconds (numbers); tolerate ISO strings. */
function epochMs(t: number | string): number {
  return typeof t === 'number' ? t * 1000 : Date.parse(t);
}

/** GetMetricData results (ids `i<n>_<key>`) → series per query index. */
export function metricSeriesByIndex(
  results: GetMetricData['MetricDataResults'],
  periodSeconds: number,
): Map<number, MetricSeries[]> {
  const out = new Map<number, MetricSeries[]>();
  const acc = new Map<string, Map<number, number>>();
  for (const r of results ?? []) {
    const points = acc.get(r.Id) ?? new Map<number, number>();
    const ts = r.Timestamps ?? [];
    const vs = r.Values ?? [];
    for (let i = 0; i < Math.min(ts.length, vs.length); i++) {
      const t = epochMs(ts[i]!);
      const v = vs[i]!;
      if (Number.isFinite(t) && Number.isFinite(v)) points.set(t, v);
    }
    acc.set(r.Id, points);
  }
  for (const [id, points] of acc) {
    const m = /^i(\d+)_(\w+)$/.exec(id);
    const spec = m ? EC2_METRICS.find((s) => s.key === m[2]) : undefined;
    if (!m || !spec) continue;
    const idx = Number(m[1]);
    const scale = spec.perSecond ? 1 / periodSeconds : 1;
    const series: MetricSeries = {
      name: spec.name,
      label: spec.label,
      unit: spec.unit,
      stepMs: periodSeconds * 1000,
      points: [...points]
        .map(([t, v]): [number, number] => [t, Math.max(0, round(v * scale, 4))])
        .map(([t, v]): [number, number] => [t, spec.unit === 'percent' ? Math.min(100, v) : v])
        .sort((a, b) => a[0] - b[0]),
    };
    out.set(idx, [...(out.get(idx) ?? []), series]);
  }
  return out;
}
