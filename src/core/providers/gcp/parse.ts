/**
 * Google Cloud payloads → the cloudtop model. Pure and zod-validated (only what we use is required).
 * Shapes from the discovery documents (compute v1, monitoring v3, cloudbilling v1,
 * cloudresourcemanager v1): aggregated lists `items{scope: {…}}` + `nextPageToken`, regions with
 * `quotas[]`, Billing Catalog SKUs with `pricingInfo`, Monitoring `timeSeries[]`.
 * Samples: test/fixtures/specs/gcp/.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import type { GpuOffer, MetricSeries, OfferQuota, Resource } from '../../../shared/model';
import { normalizeGpu } from '../../../shared/gpu/normalize';
import { round, stateMap } from '../kit';
import { PROVIDER, DISPLAY_NAME, CONSOLE_URL } from './descriptor';

export { PROVIDER, DISPLAY_NAME, CONSOLE_URL };

/** The Compute Engine service in the Cloud Billing Catalog. */
export const COMPUTE_SERVICE_ID = '6F81-5844-456A';

// ---------------------------------------------------------------------------------------------
// Credentials files (ADC authorized_user, service-account key)

export const ServiceAccountKeySchema = lazySchema(() =>
  z.object({
    type: z.literal('service_account'),
    client_email: z.string().min(1),
    private_key: z.string().min(1),
    private_key_id: z.string().optional(),
    project_id: z.string().optional(),
    token_uri: z.string().optional(),
  }),
);
export const AuthorizedUserSchema = lazySchema(() =>
  z.object({
    type: z.literal('authorized_user'),
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    refresh_token: z.string().min(1),
    quota_project_id: z.string().optional(),
  }),
);
export const CredentialsFileSchema = lazySchema(() =>
  z.discriminatedUnion('type', [ServiceAccountKeySchema, AuthorizedUserSchema]),
);
export type CredentialsFile = z.infer<typeof CredentialsFileSchema>;

export const TokenResponseSchema = lazySchema(() =>
  z.object({
    access_token: z.string().min(1),
    expires_in: z.union([z.number(), z.string()]).optional(),
    token_type: z.string().optional(),
  }),
);

/** OAuth error `{"error": "invalid_grant", "error_description": "…"}`. */
export function describeOAuthError(_status: number, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { error?: unknown; error_description?: unknown };
  const parts = [
    typeof b.error === 'string' ? b.error : undefined,
    typeof b.error_description === 'string' ? b.error_description : undefined,
  ];
  return parts.filter(Boolean).join(': ') || undefined;
}

/** Google API error `{"error": {"code", "message", "status", "errors": [{reason}]}}`. */
export function describeGoogleError(_status: number, body: unknown): string | undefined {
  const e = googleError(body);
  if (!e) return undefined;
  return [e.status, e.message].filter(Boolean).join(': ') || undefined;
}

export function googleError(body: unknown): { message?: string; status?: string; reason?: string } | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const e = (body as { error?: unknown }).error;
  if (!e || typeof e !== 'object') return undefined;
  const { message, status, errors } = e as { message?: unknown; status?: unknown; errors?: unknown };
  const reason = Array.isArray(errors) ? (errors[0] as { reason?: unknown } | undefined)?.reason : undefined;
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof status === 'string' ? { status } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// API payloads

export const ProjectListSchema = lazySchema(() =>
  z.object({
    projects: z
      .array(
        z.object({ projectId: z.string().min(1), name: z.string().optional(), lifecycleState: z.string().optional() }),
      )
      .optional(),
    nextPageToken: z.string().optional(),
  }),
);

const Warning = lazySchema(() => z.object({ code: z.string().optional() }).optional());

export const InstanceSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    name: z.string(),
    zone: z.string(),
    machineType: z.string(),
    status: z.string(),
    guestAccelerators: z.array(z.object({ acceleratorType: z.string(), acceleratorCount: z.number() })).optional(),
    scheduling: z.object({ provisioningModel: z.string().optional(), preemptible: z.boolean().optional() }).optional(),
    creationTimestamp: z.string().optional(),
  }),
);
export type Instance = z.infer<typeof InstanceSchema>;
export const InstanceAggregatedListSchema = lazySchema(() =>
  z.object({
    items: z
      .record(z.string(), z.object({ instances: z.array(InstanceSchema).optional(), warning: Warning }))
      .optional(),
    nextPageToken: z.string().optional(),
    unreachables: z.array(z.string()).optional(),
  }),
);

export const AcceleratorTypeSchema = lazySchema(() =>
  z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    zone: z.string(),
    maximumCardsPerInstance: z.number().optional(),
    deprecated: z.object({ state: z.string().optional() }).optional(),
  }),
);
export type AcceleratorType = z.infer<typeof AcceleratorTypeSchema>;
export const AcceleratorTypeAggregatedListSchema = lazySchema(() =>
  z.object({
    items: z
      .record(z.string(), z.object({ acceleratorTypes: z.array(AcceleratorTypeSchema).optional(), warning: Warning }))
      .optional(),
    nextPageToken: z.string().optional(),
  }),
);

export const QuotaSchema = lazySchema(() => z.object({ metric: z.string(), limit: z.number(), usage: z.number() }));
export const RegionListSchema = lazySchema(() =>
  z.object({
    items: z
      .array(z.object({ name: z.string(), status: z.string().optional(), quotas: z.array(QuotaSchema).optional() }))
      .optional(),
    nextPageToken: z.string().optional(),
  }),
);
export type RegionQuotas = Map<string, z.infer<typeof QuotaSchema>>;

const MoneySchema = lazySchema(() =>
  z.object({
    currencyCode: z.string().optional(),
    units: z.union([z.string(), z.number()]).optional(),
    nanos: z.number().optional(),
  }),
);
export const SkuSchema = lazySchema(() =>
  z.object({
    skuId: z.string(),
    description: z.string(),
    category: z.object({
      resourceFamily: z.string().optional(),
      resourceGroup: z.string().optional(),
      usageType: z.string().optional(),
    }),
    serviceRegions: z.array(z.string()).optional(),
    pricingInfo: z
      .array(
        z.object({
          pricingExpression: z.object({
            usageUnit: z.string().optional(),
            tieredRates: z
              .array(z.object({ startUsageAmount: z.number().optional(), unitPrice: MoneySchema }))
              .optional(),
          }),
        }),
      )
      .optional(),
  }),
);
export type Sku = z.infer<typeof SkuSchema>;
export const SkuListSchema = lazySchema(() =>
  z.object({ skus: z.array(SkuSchema).optional(), nextPageToken: z.string().optional() }),
);

export const TimeSeriesListSchema = lazySchema(() =>
  z.object({
    timeSeries: z
      .array(
        z.object({
          metric: z.object({ type: z.string(), labels: z.record(z.string(), z.string()).optional() }),
          resource: z.object({ type: z.string(), labels: z.record(z.string(), z.string()).optional() }),
          points: z
            .array(
              z.object({
                interval: z.object({ endTime: z.string(), startTime: z.string().optional() }),
                value: z.object({
                  doubleValue: z.number().optional(),
                  int64Value: z.union([z.string(), z.number()]).optional(),
                }),
              }),
            )
            .optional(),
        }),
      )
      .optional(),
    nextPageToken: z.string().optional(),
  }),
);
export type TimeSeriesList = z.infer<typeof TimeSeriesListSchema>;

// ---------------------------------------------------------------------------------------------
// Accelerators, prices, quotas

export interface AcceleratorInfo {
  /** What the normaliser is given. */
  gpuName: string;
  vramGb?: number;
  /** Regional quota metric (`NVIDIA_H100_GPUS`); spot quota is `PREEMPTIBLE_` + it. */
  quotaMetric: string;
  /** Words of the Billing Catalog SKU description for this GPU ("H100 80GB"). */
  skuWords: RegExp;
}

/** Accelerator type names (compute v1 `acceleratorTypes[].name`) we know how to price and count. */
const ACCELERATORS: Record<string, AcceleratorInfo> = {
  'nvidia-h200-141gb': { gpuName: 'H200', vramGb: 141, quotaMetric: 'NVIDIA_H200_GPUS', skuWords: /\bH200\b/i },
  'nvidia-h100-mega-80gb': {
    gpuName: 'H100 SXM',
    vramGb: 80,
    quotaMetric: 'NVIDIA_H100_MEGA_GPUS',
    skuWords: /\bH100 80GB Mega\b/i,
  },
  'nvidia-h100-80gb': {
    gpuName: 'H100 SXM',
    vramGb: 80,
    quotaMetric: 'NVIDIA_H100_GPUS',
    skuWords: /\bH100 80GB(?! Mega)\b/i,
  },
  'nvidia-a100-80gb': {
    gpuName: 'A100 SXM 80GB',
    vramGb: 80,
    quotaMetric: 'NVIDIA_A100_80GB_GPUS',
    skuWords: /\bA100 80GB\b/i,
  },
  'nvidia-tesla-a100': {
    gpuName: 'A100 SXM 40GB',
    vramGb: 40,
    quotaMetric: 'NVIDIA_A100_GPUS',
    skuWords: /\bA100(?! 80GB)\b/i,
  },
  'nvidia-l4': { gpuName: 'L4', vramGb: 24, quotaMetric: 'NVIDIA_L4_GPUS', skuWords: /\bL4\b/i },
  'nvidia-tesla-t4': { gpuName: 'Tesla T4', vramGb: 16, quotaMetric: 'NVIDIA_T4_GPUS', skuWords: /\bT4\b/i },
  'nvidia-tesla-v100': { gpuName: 'Tesla V100', vramGb: 16, quotaMetric: 'NVIDIA_V100_GPUS', skuWords: /\bV100\b/i },
  'nvidia-tesla-p100': { gpuName: 'Tesla P100', vramGb: 16, quotaMetric: 'NVIDIA_P100_GPUS', skuWords: /\bP100\b/i },
  'nvidia-tesla-p4': { gpuName: 'Tesla P4', vramGb: 8, quotaMetric: 'NVIDIA_P4_GPUS', skuWords: /\bP4\b/i },
};

export function acceleratorInfo(name: string): AcceleratorInfo | undefined {
  return ACCELERATORS[name];
}

/** Last path segment of a Compute URL (`…/zones/us-central1-a` → `us-central1-a`). */
export const lastSegment = (url: string): string => url.slice(url.lastIndexOf('/') + 1);
/** `us-central1-a` → `us-central1`. */
export const regionOfZone = (zone: string): string => zone.replace(/-[a-z]$/, '');

function unitPrice(sku: Sku): { price: number; currency: string } | undefined {
  const expr = sku.pricingInfo?.[0]?.pricingExpression;
  if (expr?.usageUnit && expr.usageUnit !== 'h') return undefined;
  const rates = expr?.tieredRates ?? [];
  // The first tier from 0 is the list price (later tiers are volume discounts).
  const rate = rates.find((r) => (r.startUsageAmount ?? 0) === 0) ?? rates[0];
  if (!rate) return undefined;
  const units = Number(rate.unitPrice.units ?? 0);
  const price = units + (rate.unitPrice.nanos ?? 0) / 1e9;
  if (!Number.isFinite(price) || price <= 0) return undefined;
  return { price, currency: rate.unitPrice.currencyCode ?? 'USD' };
}

/** GPU prices per `accelerator|region|billing`, per GPU-hour, from Compute Engine SKUs. */
export function gpuPrices(skus: readonly Sku[]): Map<string, { price: number; currency: string }> {
  const out = new Map<string, { price: number; currency: string }>();
  for (const sku of skus) {
    if (sku.category.resourceGroup !== 'GPU') continue;
    const usage = sku.category.usageType;
    const billing = usage === 'OnDemand' ? 'on-demand' : usage === 'Preemptible' ? 'spot' : undefined;
    // Commitments and DWS/calendar reservations are not on-demand prices.
    if (!billing || /commitment|reserv|dws|calendar/i.test(sku.description)) continue;
    const p = unitPrice(sku);
    if (!p) continue;
    for (const [name, info] of Object.entries(ACCELERATORS)) {
      if (!info.skuWords.test(sku.description)) continue;
      for (const region of sku.serviceRegions ?? []) {
        const key = `${name}|${region}|${billing}`;
        const prev = out.get(key);
        if (!prev || p.price < prev.price) out.set(key, p);
      }
      break;
    }
  }
  return out;
}

/** Regions list → quotas per region by metric. */
export function regionQuotas(
  regions: readonly { name: string; quotas?: { metric: string; limit: number; usage: number }[] }[],
): Map<string, RegionQuotas> {
  return new Map(regions.map((r) => [r.name, new Map((r.quotas ?? []).map((q) => [q.metric, q]))]));
}

export function quotaFor(
  info: AcceleratorInfo,
  billing: 'on-demand' | 'spot',
  quotas: RegionQuotas | undefined,
  region: string,
  need: number,
): OfferQuota | undefined {
  if (!quotas) return undefined;
  const metric = billing === 'spot' ? `PREEMPTIBLE_${info.quotaMetric}` : info.quotaMetric;
  const q = quotas.get(metric);
  if (!q) {
    // No such quota in the region means a limit of 0 (Compute lists only quotas a project has).
    return {
      limit: 0,
      used: 0,
      unit: 'GPUs',
      name: metric,
      reason: `no ${metric} quota in ${region}: request one in IAM & Admin → Quotas`,
    };
  }
  const out: OfferQuota = { limit: q.limit, used: q.usage, unit: 'GPUs', name: metric };
  if (q.limit - q.usage < need) {
    out.reason =
      q.limit === 0
        ? `quota ${metric} in ${region} is 0`
        : `quota ${metric} in ${region}: ${q.limit - q.usage} of ${q.limit} GPUs free, ${need} needed`;
  }
  return out;
}

export interface GcpOfferContext {
  account?: string;
  fetchedAt: string;
  project: string;
  prices: Map<string, { price: number; currency: string }>;
  /** Quotas per region; undefined when they could not be read. */
  quotas?: Map<string, RegionQuotas>;
}

/**
 * Accelerator types per zone × price per region → one offer per zone, GPU and billing (1 GPU; GPU
 * price only — the machine type's vCPUs and memory are billed on top). Availability is `listed`:
 * the zone offers the type, nobody said capacity is free. Types without a price are left out.
 */
export function parseGcpOffers(types: readonly AcceleratorType[], ctx: GcpOfferContext): GpuOffer[] {
  const offers: GpuOffer[] = [];
  for (const t of types) {
    const info = acceleratorInfo(t.name);
    if (!info || t.deprecated?.state === 'OBSOLETE' || t.deprecated?.state === 'DELETED') continue;
    const zone = lastSegment(t.zone);
    const region = regionOfZone(zone);
    for (const billing of ['on-demand', 'spot'] as const) {
      const p = ctx.prices.get(`${t.name}|${region}|${billing}`);
      if (!p) continue;
      const norm = normalizeGpu(info.gpuName, { provider: PROVIDER, ...(info.vramGb ? { vramGb: info.vramGb } : {}) });
      const perHour = round(p.price, 6);
      const nativeId = `${t.name}:${zone}:${billing}`;
      const offer: GpuOffer = {
        id: `${PROVIDER}:${nativeId}`,
        provider: PROVIDER,
        nativeId,
        gpu: {
          model: norm.model,
          family: norm.family,
          rawName: t.description ?? t.name,
          vendor: norm.vendor,
          ...(norm.variant ? { variant: norm.variant } : {}),
          ...((norm.vramGb ?? info.vramGb) !== undefined ? { vramGb: norm.vramGb ?? info.vramGb } : {}),
          count: 1,
        },
        price: { perHour, perGpuHour: perHour, currency: p.currency, billing },
        cloud: 'secure',
        availability: {
          state: 'listed',
          detail: `offered in ${zone}${t.maximumCardsPerInstance ? ` (up to ${t.maximumCardsPerInstance} per VM)` : ''}; capacity unknown until you create a VM; GPU price only`,
        },
        region: { id: zone, name: region },
        specs: {},
        quality: {},
        fetchedAt: ctx.fetchedAt,
        consoleUrl: `${CONSOLE_URL}/compute/instancesAdd?project=${encodeURIComponent(ctx.project)}`,
        instanceType: t.name,
      };
      if (ctx.account) offer.account = ctx.account;
      if (ctx.quotas) {
        const q = quotaFor(info, billing, ctx.quotas.get(region), region, 1);
        if (q) offer.quota = q;
      }
      offers.push(offer);
    }
  }
  return offers;
}

// ---------------------------------------------------------------------------------------------
// Instances and metrics

export const instanceState = stateMap({
  running: ['RUNNING'],
  starting: ['PROVISIONING', 'STAGING', 'REPAIRING'],
  stopping: ['STOPPING', 'SUSPENDING'],
  stopped: ['STOPPED', 'SUSPENDED', 'TERMINATED'],
});

export const instanceResourceId = (project: string, id: string): string => `${PROVIDER}:${project}/${id}`;

export function instanceResource(
  inst: Instance,
  project: string,
  ctx: { account?: string; fetchedAt: string },
): Resource {
  const zone = lastSegment(inst.zone);
  const gpus = (inst.guestAccelerators ?? []).reduce((n, a) => n + a.acceleratorCount, 0);
  const machineType = lastSegment(inst.machineType);
  // A2/A3/G2 machine types carry their GPUs without guestAccelerators entries.
  const bundled = /^(a2|a3|a4|g2)-/.test(machineType);
  const gpu = inst.guestAccelerators?.[0] ? lastSegment(inst.guestAccelerators[0].acceleratorType) : undefined;
  const isGpu = gpus > 0 || bundled;
  const r: Resource = {
    id: instanceResourceId(project, inst.id),
    provider: PROVIDER,
    kind: isGpu ? 'gpu-instance' : 'instance',
    name: inst.name,
    region: zone,
    state: instanceState(inst.status),
    stateRaw: inst.status,
    meta: {
      project,
      instanceId: inst.id,
      zone,
      machineType,
      ...(gpus > 0 ? { gpus } : {}),
      ...(gpu ? { gpu } : {}),
      ...(inst.scheduling?.provisioningModel ? { provisioningModel: inst.scheduling.provisioningModel } : {}),
    },
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: `${CONSOLE_URL}/compute/instancesDetail/zones/${zone}/instances/${encodeURIComponent(inst.name)}?project=${encodeURIComponent(project)}`,
  };
  if (ctx.account) r.account = ctx.account;
  return r;
}

/** Cloud Monitoring metric types we read, aligned to 5 minutes. */
export const INSTANCE_METRICS: {
  type: string;
  name: string;
  label: string;
  unit: string;
  aligner: 'ALIGN_MEAN' | 'ALIGN_RATE';
  scale: number;
}[] = [
  // A fraction of the allocated vCPUs (0..1): shown as percent.
  {
    type: 'compute.googleapis.com/instance/cpu/utilization',
    name: 'cpu_utilization',
    label: 'CPU',
    unit: 'percent',
    aligner: 'ALIGN_MEAN',
    scale: 100,
  },
  {
    type: 'compute.googleapis.com/instance/network/received_bytes_count',
    name: 'network_in',
    label: 'Net in',
    unit: 'bytes/s',
    aligner: 'ALIGN_RATE',
    scale: 1,
  },
  {
    type: 'compute.googleapis.com/instance/network/sent_bytes_count',
    name: 'network_out',
    label: 'Net out',
    unit: 'bytes/s',
    aligner: 'ALIGN_RATE',
    scale: 1,
  },
  // Reported only by the Ops Agent inside the VM.
  {
    type: 'agent.googleapis.com/gpu/utilization',
    name: 'gpu_utilization',
    label: 'GPU',
    unit: 'percent',
    aligner: 'ALIGN_MEAN',
    scale: 1,
  },
];

/** Time series of one metric type → series per instance id. */
export function seriesByInstance(
  body: TimeSeriesList,
  spec: (typeof INSTANCE_METRICS)[number],
  stepMs: number,
): Map<string, MetricSeries> {
  const out = new Map<string, MetricSeries>();
  for (const ts of body.timeSeries ?? []) {
    const id = ts.resource.labels?.instance_id;
    if (!id) continue;
    const s = out.get(id) ?? { name: spec.name, label: spec.label, unit: spec.unit, points: [], stepMs };
    for (const p of ts.points ?? []) {
      const t = Date.parse(p.interval.endTime);
      const raw = p.value.doubleValue ?? (p.value.int64Value !== undefined ? Number(p.value.int64Value) : undefined);
      if (Number.isFinite(t) && typeof raw === 'number' && Number.isFinite(raw))
        s.points.push([t, Math.round(raw * spec.scale * 1e4) / 1e4]);
    }
    out.set(id, s);
  }
  for (const s of out.values()) s.points.sort((a, b) => a[0] - b[0]);
  return out;
}
