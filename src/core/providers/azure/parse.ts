/**
 * Azure payloads → the cloudtop model. Pure and zod-validated: only the fields we use are required,
 * extra fields and new enum values are tolerated. Shapes: ARM list envelopes (`value[]` +
 * `nextLink`), Retail Prices (`Items[]` + `NextPageLink`), Resource SKUs, compute usages, Azure
 * Monitor metrics (`value[].timeseries[].data[]`). Samples: test/fixtures/specs/azure/.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import type { GpuOffer, MetricSeries, OfferQuota, Resource, ResourceState } from '../../../shared/model';
import { normalizeGpu } from '../../../shared/gpu/normalize';
import { round } from '../kit';
import { PROVIDER, DISPLAY_NAME, PORTAL_URL } from './descriptor';

export { PROVIDER, DISPLAY_NAME, PORTAL_URL };

// ---------------------------------------------------------------------------------------------
// Schemas

export const TokenResponseSchema = lazySchema(() =>
  z.object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.union([z.number(), z.string()]).optional(),
  }),
);

/** `{"error": "invalid_client", "error_description": "AADSTS7000215: …"}` (Entra token endpoint). */
export function describeTokenError(_status: number, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { error?: unknown; error_description?: unknown };
  // The first line of the description carries the AADSTS code and the reason; trace ids follow.
  const desc = typeof b.error_description === 'string' ? b.error_description.split(/\r?\n/)[0] : undefined;
  const code = typeof b.error === 'string' ? b.error : undefined;
  return [code, desc].filter(Boolean).join(': ') || undefined;
}

/** ARM error body `{"error": {"code", "message"}}`. */
export function describeArmError(_status: number, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const e = (body as { error?: unknown }).error;
  if (!e || typeof e !== 'object') return undefined;
  const { code, message } = e as { code?: unknown; message?: unknown };
  const parts = [typeof code === 'string' ? code : undefined, typeof message === 'string' ? message : undefined];
  return parts.filter(Boolean).join(': ') || undefined;
}

/** The ARM error code from an error body (`AuthorizationFailed`). */
export function armErrorCode(body: unknown): string | undefined {
  const e = body && typeof body === 'object' ? (body as { error?: { code?: unknown } }).error : undefined;
  return typeof e?.code === 'string' ? e.code : undefined;
}

const armList = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), nextLink: z.string().nullish() });

export const SubscriptionSchema = lazySchema(() =>
  z.object({
    subscriptionId: z.string().min(1),
    displayName: z.string().optional(),
    state: z.string().optional(),
  }),
);
export type Subscription = z.infer<typeof SubscriptionSchema>;
export const SubscriptionListSchema = armList(SubscriptionSchema);

const InstanceViewStatusSchema = lazySchema(() => z.object({ code: z.string(), displayStatus: z.string().optional() }));

export const VirtualMachineSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    name: z.string(),
    location: z.string(),
    properties: z.object({
      vmId: z.string().optional(),
      hardwareProfile: z.object({ vmSize: z.string() }).optional(),
      provisioningState: z.string().optional(),
      instanceView: z.object({ statuses: z.array(InstanceViewStatusSchema).optional() }).optional(),
      timeCreated: z.string().optional(),
    }),
  }),
);
export type VirtualMachine = z.infer<typeof VirtualMachineSchema>;
export const VirtualMachineListSchema = armList(VirtualMachineSchema);

const SkuCapabilitySchema = lazySchema(() => z.object({ name: z.string(), value: z.string() }));
const SkuRestrictionSchema = lazySchema(() =>
  z.object({
    type: z.string().optional(),
    values: z.array(z.string()).optional(),
    reasonCode: z.string().optional(),
    restrictionInfo: z
      .object({ locations: z.array(z.string()).optional(), zones: z.array(z.string()).optional() })
      .optional(),
  }),
);
export const ResourceSkuSchema = lazySchema(() =>
  z.object({
    resourceType: z.string(),
    name: z.string(),
    family: z.string().optional(),
    locations: z.array(z.string()).optional(),
    capabilities: z.array(SkuCapabilitySchema).optional(),
    restrictions: z.array(SkuRestrictionSchema).optional(),
  }),
);
export type ResourceSku = z.infer<typeof ResourceSkuSchema>;
export const ResourceSkuListSchema = armList(ResourceSkuSchema);

export const UsageSchema = lazySchema(() =>
  z.object({
    currentValue: z.number(),
    limit: z.number(),
    unit: z.string().optional(),
    name: z.object({ value: z.string(), localizedValue: z.string().optional() }),
  }),
);
export type Usage = z.infer<typeof UsageSchema>;
export const UsageListSchema = armList(UsageSchema);

export const RetailPriceItemSchema = lazySchema(() =>
  z.object({
    currencyCode: z.string(),
    retailPrice: z.number().nonnegative(),
    unitPrice: z.number().optional(),
    armRegionName: z.string(),
    location: z.string().optional(),
    meterName: z.string().optional(),
    skuName: z.string().optional(),
    productName: z.string().optional(),
    serviceName: z.string().optional(),
    unitOfMeasure: z.string(),
    type: z.string().optional(),
    armSkuName: z.string(),
  }),
);
export type RetailPriceItem = z.infer<typeof RetailPriceItemSchema>;
export const RetailPricesPageSchema = lazySchema(() =>
  z.object({
    Items: z.array(RetailPriceItemSchema),
    NextPageLink: z.string().nullish(),
  }),
);

const MetricValueSchema = lazySchema(() =>
  z.object({
    timeStamp: z.string(),
    average: z.number().nullish(),
    total: z.number().nullish(),
    maximum: z.number().nullish(),
  }),
);
export const MetricsResponseSchema = lazySchema(() =>
  z.object({
    value: z.array(
      z.object({
        name: z.object({ value: z.string(), localizedValue: z.string().optional() }),
        unit: z.string().optional(),
        timeseries: z.array(z.object({ data: z.array(MetricValueSchema).optional() })).optional(),
        errorCode: z.string().optional(),
      }),
    ),
  }),
);
export type MetricsResponse = z.infer<typeof MetricsResponseSchema>;

// ---------------------------------------------------------------------------------------------
// GPU VM sizes

export interface GpuSize {
  /** What the normaliser is given: Azure's docs name per size series. */
  gpuName: string;
  vramGb: number;
  count: number;
}

/**
 * N-series sizes with whole GPUs, from the Azure VM size docs (NC/ND/NV series pages). Fractional
 * GPU sizes (NVadsA10 v5 below 36 vCPUs, NVv4) are not GPU offers in our sense and are skipped.
 */
const GPU_SIZES: { re: RegExp; gpuName: string; vramGb: number; count: (m: RegExpExecArray) => number }[] = [
  { re: /^Standard_ND96isr_H200_v5$/i, gpuName: 'H200 SXM', vramGb: 141, count: () => 8 },
  { re: /^Standard_ND96isr_H100_v5$/i, gpuName: 'H100 SXM', vramGb: 80, count: () => 8 },
  {
    re: /^Standard_NCC?(40|80)adi?s_H100_v5$/i,
    gpuName: 'H100 NVL',
    vramGb: 94,
    count: (m) => (m[1] === '80' ? 2 : 1),
  },
  { re: /^Standard_ND96isr_MI300X_v5$/i, gpuName: 'MI300X', vramGb: 192, count: () => 8 },
  { re: /^Standard_ND96amsr_A100_v4$/i, gpuName: 'A100 SXM 80GB', vramGb: 80, count: () => 8 },
  { re: /^Standard_ND96asr_v4$/i, gpuName: 'A100 SXM 40GB', vramGb: 40, count: () => 8 },
  {
    re: /^Standard_NC(24|48|96)ads_A100_v4$/i,
    gpuName: 'A100 PCIe 80GB',
    vramGb: 80,
    count: (m) => ({ '24': 1, '48': 2, '96': 4 })[m[1]!]!,
  },
  { re: /^Standard_NC(4|8|16|64)as_T4_v3$/i, gpuName: 'Tesla T4', vramGb: 16, count: (m) => (m[1] === '64' ? 4 : 1) },
  { re: /^Standard_NC(6|12|24)s_v3$/i, gpuName: 'Tesla V100', vramGb: 16, count: (m) => Number(m[1]) / 6 },
  { re: /^Standard_NV(36|72)ads_A10_v5$/i, gpuName: 'A10', vramGb: 24, count: (m) => (m[1] === '72' ? 2 : 1) },
];

export function gpuSizeOf(armSkuName: string): GpuSize | undefined {
  for (const s of GPU_SIZES) {
    const m = s.re.exec(armSkuName);
    if (m) return { gpuName: s.gpuName, vramGb: s.vramGb, count: s.count(m) };
  }
  return undefined;
}

/** Every whole-GPU N-series size the table above knows, by its ARM name. */
export const GPU_SIZE_NAMES: readonly string[] = [
  'Standard_ND96isr_H200_v5',
  'Standard_ND96isr_H100_v5',
  'Standard_NC40ads_H100_v5',
  'Standard_NC80adis_H100_v5',
  'Standard_NCC40ads_H100_v5',
  'Standard_ND96isr_MI300X_v5',
  'Standard_ND96amsr_A100_v4',
  'Standard_ND96asr_v4',
  'Standard_NC24ads_A100_v4',
  'Standard_NC48ads_A100_v4',
  'Standard_NC96ads_A100_v4',
  'Standard_NC4as_T4_v3',
  'Standard_NC8as_T4_v3',
  'Standard_NC16as_T4_v3',
  'Standard_NC64as_T4_v3',
  'Standard_NC6s_v3',
  'Standard_NC12s_v3',
  'Standard_NC24s_v3',
  'Standard_NV36ads_A10_v5',
  'Standard_NV72ads_A10_v5',
];

/**
 * The Retail Prices `$filter`: consumption (pay-as-you-go and spot) prices of the N-series sizes
 * above. Only `eq`, `and`, `or` — the operators the docs show; values are case-sensitive since
 * 2023-01-01-preview, so the names are spelled as Azure does.
 */
export const GPU_PRICES_FILTER =
  "serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and (" +
  GPU_SIZE_NAMES.map((n) => `armSkuName eq '${n}'`).join(' or ') +
  ')';

/** Spot and Low Priority meters carry the word in the meter/SKU name; Windows in the product name. */
function billingOf(item: RetailPriceItem): 'on-demand' | 'spot' | undefined {
  const words = `${item.meterName ?? ''} ${item.skuName ?? ''}`;
  if (/low priority/i.test(words)) return undefined; // retired Batch/VMSS tier
  if (/\bspot\b/i.test(words)) return 'spot';
  return 'on-demand';
}

/** What we know about a size in a region from Resource SKUs (capabilities and restrictions). */
export interface SkuFacts {
  family?: string;
  vcpus?: number;
  ramGb?: number;
  gpus?: number;
  /** Why the subscription cannot use the size here (`NotAvailableForSubscription`). */
  restricted?: string;
}

/** Resource SKUs → facts per `size|region` (lower-case). */
export function skuFacts(skus: readonly ResourceSku[]): Map<string, SkuFacts> {
  const out = new Map<string, SkuFacts>();
  for (const s of skus) {
    if (s.resourceType !== 'virtualMachines') continue;
    const cap = new Map((s.capabilities ?? []).map((c) => [c.name, c.value]));
    const num = (k: string): number | undefined => {
      const v = Number(cap.get(k));
      return cap.has(k) && Number.isFinite(v) ? v : undefined;
    };
    for (const loc of s.locations ?? []) {
      const facts: SkuFacts = {};
      if (s.family) facts.family = s.family;
      const vcpus = num('vCPUs');
      const ram = num('MemoryGB');
      const gpus = num('GPUs');
      if (vcpus !== undefined) facts.vcpus = vcpus;
      if (ram !== undefined) facts.ramGb = ram;
      if (gpus !== undefined) facts.gpus = gpus;
      for (const r of s.restrictions ?? []) {
        // A Location restriction lists the locations in `values`; a Zone restriction only some zones.
        if (r.type === 'Location' && (r.values ?? r.restrictionInfo?.locations ?? []).some((v) => sameRegion(v, loc)))
          facts.restricted = r.reasonCode ?? 'restricted';
      }
      out.set(`${s.name.toLowerCase()}|${normRegion(loc)}`, facts);
    }
  }
  return out;
}

const normRegion = (r: string): string => r.toLowerCase().replace(/\s+/g, '');
const sameRegion = (a: string, b: string): boolean => normRegion(a) === normRegion(b);

/** Quota per region: usage by name (`standardNCADSA100v4Family`, `lowPriorityCores`, `cores`). */
export type RegionUsages = Map<string, Usage>;

/**
 * The vCPU quota that gates a size: its family quota for on-demand, the regional Spot/low-priority
 * vCPU quota for spot (Azure counts spot against `lowPriorityCores`).
 */
export function quotaFor(
  billing: 'on-demand' | 'spot',
  facts: SkuFacts | undefined,
  usages: RegionUsages | undefined,
  region: string,
): OfferQuota | undefined {
  if (!usages) return undefined;
  const key = billing === 'spot' ? 'lowPriorityCores' : facts?.family;
  if (!key) return undefined;
  const u = [...usages.values()].find((x) => x.name.value.toLowerCase() === key.toLowerCase());
  if (!u) return undefined;
  const q: OfferQuota = { limit: u.limit, used: u.currentValue, unit: 'vCPUs', name: u.name.value };
  const need = facts?.vcpus ?? 1;
  if (u.limit - u.currentValue < need) {
    q.reason =
      u.limit === 0
        ? `quota ${u.name.value} in ${region} is 0 vCPUs`
        : `quota ${u.name.value} in ${region}: ${u.limit - u.currentValue} of ${u.limit} vCPUs free, ${need} needed`;
  }
  return q;
}

export interface AzureOfferContext {
  account?: string;
  fetchedAt: string;
  /** Facts per `size|region`, when Resource SKUs could be read for the subscription. */
  skus?: Map<string, SkuFacts>;
  /** Usages per region, when compute usages could be read. */
  usages?: Map<string, RegionUsages>;
  subscriptionId?: string;
}

/**
 * Retail Prices items → offers: one per size, region and billing (on-demand / spot), Linux prices.
 * Availability is `listed`: the price list says the size is sold in the region, not that capacity
 * is free. A Resource SKUs restriction makes it `none` with the reason; quota is attached.
 */
export function parseAzureOffers(items: readonly RetailPriceItem[], ctx: AzureOfferContext): GpuOffer[] {
  const best = new Map<string, { item: RetailPriceItem; billing: 'on-demand' | 'spot'; size: GpuSize }>();
  for (const item of items) {
    if (item.type && item.type !== 'Consumption') continue;
    // Windows meters ("… Series Windows", abbreviated "… Srs Win") include the licence.
    if (/\bwin(dows)?\b/i.test(item.productName ?? '')) continue;
    if (!/hour/i.test(item.unitOfMeasure) || item.retailPrice <= 0) continue;
    const size = gpuSizeOf(item.armSkuName);
    const billing = billingOf(item);
    if (!size || !billing) continue;
    const key = `${item.armSkuName}|${item.armRegionName}|${billing}`;
    const prev = best.get(key);
    // Several meters can exist per size (older/newer effective dates): keep the lowest hourly price.
    if (!prev || item.retailPrice < prev.item.retailPrice) best.set(key, { item, billing, size });
  }
  const offers: GpuOffer[] = [];
  for (const { item, billing, size } of best.values()) {
    const region = item.armRegionName;
    const facts = ctx.skus?.get(`${item.armSkuName.toLowerCase()}|${normRegion(region)}`);
    if (ctx.skus && !facts) continue; // the subscription's SKU list does not have the size here at all
    const count = facts?.gpus && facts.gpus > 0 ? facts.gpus : size.count;
    const norm = normalizeGpu(size.gpuName, { vramGb: size.vramGb, provider: PROVIDER });
    const perHour = round(item.retailPrice, 4);
    const nativeId = `${item.armSkuName}:${region}:${billing}`;
    const offer: GpuOffer = {
      id: `${PROVIDER}:${nativeId}`,
      provider: PROVIDER,
      nativeId,
      gpu: {
        model: norm.model,
        family: norm.family,
        rawName: item.armSkuName,
        vendor: norm.vendor,
        ...(norm.variant ? { variant: norm.variant } : {}),
        vramGb: norm.vramGb ?? size.vramGb,
        count,
      },
      price: { perHour, perGpuHour: round(perHour / count, 6), currency: item.currencyCode || 'USD', billing },
      cloud: 'secure',
      availability: facts?.restricted
        ? { state: 'none', detail: `not offered to this subscription here (${facts.restricted})` }
        : { state: 'listed', detail: 'in the Azure price list; capacity unknown until you deploy' },
      region: { id: region, ...(item.location ? { name: item.location } : {}) },
      specs: {
        ...(facts?.vcpus !== undefined ? { vcpus: facts.vcpus } : {}),
        ...(facts?.ramGb !== undefined ? { ramGb: facts.ramGb } : {}),
      },
      quality: {},
      fetchedAt: ctx.fetchedAt,
      consoleUrl: `${PORTAL_URL}/#create/Microsoft.VirtualMachine`,
      instanceType: item.armSkuName,
    };
    if (ctx.account) offer.account = ctx.account;
    const quota = quotaFor(billing, facts, ctx.usages?.get(normRegion(region)), region);
    if (quota) offer.quota = quota;
    offers.push(offer);
  }
  return offers;
}

// ---------------------------------------------------------------------------------------------
// VMs and metrics

/** `PowerState/running` → running, …; provisioning failures → error. */
export function vmState(vm: VirtualMachine): { state: ResourceState; raw?: string } {
  const statuses = vm.properties.instanceView?.statuses ?? [];
  const power = statuses.find((s) => s.code.startsWith('PowerState/'))?.code.slice('PowerState/'.length);
  if (vm.properties.provisioningState === 'Failed') return { state: 'error', raw: 'Failed' };
  switch (power) {
    case 'running':
      return { state: 'running', raw: power };
    case 'starting':
      return { state: 'starting', raw: power };
    case 'stopping':
    case 'deallocating':
      return { state: 'stopping', raw: power };
    case 'stopped':
    case 'deallocated':
      return { state: 'stopped', raw: power };
    default:
      return { state: 'unknown', ...(power ? { raw: power } : {}) };
  }
}

export function resourceIdOf(armId: string): string {
  return `${PROVIDER}:${armId.toLowerCase()}`;
}

export function vmResource(
  vm: VirtualMachine,
  sub: Subscription,
  ctx: { account?: string; fetchedAt: string },
): Resource {
  const size = vm.properties.hardwareProfile?.vmSize;
  const gpu = size ? gpuSizeOf(size) : undefined;
  const { state, raw } = vmState(vm);
  const rg = /\/resourceGroups\/([^/]+)\//i.exec(vm.id)?.[1];
  const r: Resource = {
    id: resourceIdOf(vm.id),
    provider: PROVIDER,
    kind: gpu ? 'gpu-instance' : 'instance',
    name: vm.name,
    region: vm.location,
    state,
    ...(raw ? { stateRaw: raw } : {}),
    meta: {
      armId: vm.id,
      subscription: sub.displayName ?? sub.subscriptionId,
      subscriptionId: sub.subscriptionId,
      ...(rg ? { resourceGroup: rg } : {}),
      ...(size ? { size } : {}),
      ...(gpu ? { gpus: gpu.count, gpu: gpu.gpuName } : {}),
    },
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: `${PORTAL_URL}/#@/resource${vm.id}/overview`,
  };
  if (ctx.account) r.account = ctx.account;
  return r;
}

/** Azure Monitor metric names we ask for, and how each becomes a series. */
export const VM_METRICS: {
  azure: string;
  name: string;
  label: string;
  unit: string;
  aggregation: 'average' | 'total';
}[] = [
  { azure: 'Percentage CPU', name: 'cpu_utilization', label: 'CPU', unit: 'percent', aggregation: 'average' },
  { azure: 'Network In Total', name: 'network_in', label: 'Net in', unit: 'bytes', aggregation: 'total' },
  { azure: 'Network Out Total', name: 'network_out', label: 'Net out', unit: 'bytes', aggregation: 'total' },
  { azure: 'Disk Read Bytes', name: 'disk_read', label: 'Disk read', unit: 'bytes', aggregation: 'total' },
  { azure: 'Disk Write Bytes', name: 'disk_write', label: 'Disk write', unit: 'bytes', aggregation: 'total' },
];

export function metricSeries(body: MetricsResponse, stepMs: number): MetricSeries[] {
  const out: MetricSeries[] = [];
  for (const m of body.value) {
    const spec = VM_METRICS.find((s) => s.azure === m.name.value);
    if (!spec || (m.errorCode && m.errorCode !== 'Success')) continue;
    const points: [number, number][] = [];
    for (const ts of m.timeseries ?? []) {
      for (const d of ts.data ?? []) {
        const v = d[spec.aggregation];
        const t = Date.parse(d.timeStamp);
        if (typeof v === 'number' && Number.isFinite(t)) points.push([t, v]);
      }
    }
    points.sort((a, b) => a[0] - b[0]);
    out.push({ name: spec.name, label: spec.label, unit: spec.unit, points, stepMs });
  }
  return out;
}
