/**
 * Pure OCI payload → model code. Inputs are what the SDK returns (REST JSON keys, dates as strings);
 * everything is zod-validated, and fields OCI may add later are kept out of the model, not rejected.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import type { Availability, GpuOffer, MetricSeries, Resource, ResourceState } from '../../../shared/model';
import { normalizeGpu } from '../../../shared/gpu/normalize';
import { priceForShape, type OciListPrice, type OciPriceOverrides } from './prices';

const str = lazySchema(() => z.string());
const optNum = lazySchema(() => z.number().nullish());
const optStr = lazySchema(() => z.string().nullish());
/** The SDK leaves dates as the ISO strings the service sent; accept a Date too. */
const dateLike = lazySchema(() =>
  z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString() : d)),
);

export const OciInstanceSchema = lazySchema(() =>
  z.looseObject({
    id: str.min(1),
    displayName: optStr,
    compartmentId: str,
    availabilityDomain: str,
    faultDomain: optStr,
    region: str,
    shape: str,
    lifecycleState: str,
    timeCreated: dateLike,
    shapeConfig: z
      .looseObject({ ocpus: optNum, memoryInGBs: optNum, gpus: optNum, gpuDescription: optStr, vcpus: optNum })
      .nullish(),
  }),
);
export type OciInstance = z.infer<typeof OciInstanceSchema>;

export const OciShapeSchema = lazySchema(() =>
  z.looseObject({
    shape: str.min(1),
    processorDescription: optStr,
    ocpus: optNum,
    memoryInGBs: optNum,
    gpus: optNum,
    gpuDescription: optStr,
    localDisksTotalSizeInGBs: optNum,
    isFlexible: z.boolean().nullish(),
  }),
);
export type OciShape = z.infer<typeof OciShapeSchema>;

export const OciShapeAvailabilitySchema = lazySchema(() =>
  z.looseObject({
    instanceShape: optStr,
    faultDomain: optStr,
    availableCount: optNum,
    /** Documented: AVAILABLE | OUT_OF_HOST_CAPACITY | HARDWARE_NOT_SUPPORTED; others are seen in the wild. */
    availabilityStatus: optStr,
  }),
);
export type OciShapeAvailability = z.infer<typeof OciShapeAvailabilitySchema>;

export const OciCapacityReportSchema = lazySchema(() =>
  z.looseObject({
    compartmentId: str,
    availabilityDomain: str,
    shapeAvailabilities: z.array(OciShapeAvailabilitySchema),
    timeCreated: dateLike,
  }),
);
export type OciCapacityReport = z.infer<typeof OciCapacityReportSchema>;

export const OciMetricDataSchema = lazySchema(() =>
  z.looseObject({
    namespace: str,
    compartmentId: str,
    name: str,
    dimensions: z.record(z.string(), z.string()),
    aggregatedDatapoints: z.array(z.looseObject({ timestamp: dateLike, value: z.number() })),
  }),
);
export type OciMetricData = z.infer<typeof OciMetricDataSchema>;

export const OciAvailabilityDomainSchema = lazySchema(() =>
  z.looseObject({ name: str.min(1), id: optStr, compartmentId: optStr }),
);

// ---------------------------------------------------------------------------------------------
// Instances

const LIFECYCLE: Record<string, ResourceState> = {
  RUNNING: 'running',
  PROVISIONING: 'starting',
  STARTING: 'starting',
  MOVING: 'starting',
  STOPPING: 'stopping',
  TERMINATING: 'stopping',
  STOPPED: 'stopped',
  TERMINATED: 'stopped',
  // The instance is shut down while a custom image is taken.
  CREATING_IMAGE: 'stopped',
};

export function mapLifecycle(state: string): ResourceState {
  return LIFECYCLE[state] ?? 'unknown';
}

/** Terminated instances stay listed for a while after deletion; they are not resources any more. */
export function isListedInstance(i: OciInstance): boolean {
  return i.lifecycleState !== 'TERMINATED';
}

export function isGpuShapeName(shape: string): boolean {
  return /(^|\.)GPU/i.test(shape);
}

export function ociConsoleUrl(kind: 'instance' | 'create', region: string, id?: string): string {
  const r = encodeURIComponent(region);
  return kind === 'instance' && id
    ? `https://cloud.oracle.com/compute/instances/${encodeURIComponent(id)}?region=${r}`
    : `https://cloud.oracle.com/compute/instances/create?region=${r}`;
}

/** Instance.region is `iad`/`phx` for Ashburn/Phoenix and the full identifier elsewhere. */
export function normalizeInstanceRegion(region: string): string {
  return region === 'iad' ? 'us-ashburn-1' : region === 'phx' ? 'us-phoenix-1' : region;
}

export function instanceToResource(i: OciInstance, o: { account: string; fetchedAt: string }): Resource {
  const gpus = i.shapeConfig?.gpus ?? 0;
  const gpu = gpus > 0 || isGpuShapeName(i.shape);
  const region = normalizeInstanceRegion(i.region);
  const meta: Resource['meta'] = {
    shape: i.shape,
    availabilityDomain: i.availabilityDomain,
    compartmentId: i.compartmentId,
    timeCreated: i.timeCreated,
  };
  if (i.faultDomain) meta.faultDomain = i.faultDomain;
  if (i.shapeConfig?.ocpus != null) meta.ocpus = i.shapeConfig.ocpus;
  if (i.shapeConfig?.vcpus != null) meta.vcpus = i.shapeConfig.vcpus;
  if (i.shapeConfig?.memoryInGBs != null) meta.memoryGb = i.shapeConfig.memoryInGBs;
  if (gpus > 0) meta.gpus = gpus;
  if (i.shapeConfig?.gpuDescription) meta.gpuDescription = i.shapeConfig.gpuDescription;
  return {
    id: `oci:${i.id}`,
    provider: 'oci',
    account: o.account,
    kind: gpu ? 'gpu-instance' : 'instance',
    name: i.displayName || i.id,
    region,
    state: mapLifecycle(i.lifecycleState),
    stateRaw: i.lifecycleState,
    meta,
    metrics: [],
    issues: [],
    fetchedAt: o.fetchedAt,
    consoleUrl: ociConsoleUrl('instance', region, i.id),
  };
}

/** The OCID behind a cloudtop resource id. */
export function ocidOf(resourceId: string): string {
  return resourceId.startsWith('oci:') ? resourceId.slice(4) : resourceId;
}

// ---------------------------------------------------------------------------------------------
// Capacity and offers

export function capacityToAvailability(a: OciShapeAvailability | undefined): Availability {
  const status = a?.availabilityStatus ?? undefined;
  if (!status)
    return { state: 'unknown', detail: a ? 'no availabilityStatus in capacity report' : 'no capacity report' };
  const count = typeof a?.availableCount === 'number' && a.availableCount >= 0 ? a.availableCount : undefined;
  switch (status) {
    case 'AVAILABLE':
      // OCI can say AVAILABLE with a count of 0 when the count is not computed; trust the status.
      return count !== undefined && count > 0
        ? { state: 'available', count, detail: status }
        : { state: 'available', detail: status };
    case 'OUT_OF_HOST_CAPACITY':
    case 'HARDWARE_NOT_SUPPORTED':
      return { state: 'none', count: 0, detail: status };
    default:
      return { state: 'unknown', detail: status };
  }
}

export function isGpuShape(s: OciShape): boolean {
  return (s.gpus ?? 0) > 0;
}

/** `Uocm:US-ASHBURN-AD-1` → `AD-1`. */
export function shortAd(ad: string): string {
  return /AD-\d+$/i.exec(ad)?.[0]?.toUpperCase() ?? ad;
}

const REGION_COUNTRY: Record<string, string> = {
  'us-ashburn-1': 'US',
  'us-phoenix-1': 'US',
  'us-sanjose-1': 'US',
  'us-chicago-1': 'US',
  'us-saltlake-2': 'US',
  'ca-toronto-1': 'CA',
  'ca-montreal-1': 'CA',
  'mx-queretaro-1': 'MX',
  'mx-monterrey-1': 'MX',
  'sa-saopaulo-1': 'BR',
  'sa-vinhedo-1': 'BR',
  'sa-santiago-1': 'CL',
  'sa-valparaiso-1': 'CL',
  'sa-bogota-1': 'CO',
  'uk-london-1': 'GB',
  'uk-cardiff-1': 'GB',
  'eu-frankfurt-1': 'DE',
  'eu-amsterdam-1': 'NL',
  'eu-zurich-1': 'CH',
  'eu-madrid-1': 'ES',
  'eu-marseille-1': 'FR',
  'eu-paris-1': 'FR',
  'eu-milan-1': 'IT',
  'eu-stockholm-1': 'SE',
  'eu-jovanovac-1': 'RS',
  'il-jerusalem-1': 'IL',
  'me-jeddah-1': 'SA',
  'me-riyadh-1': 'SA',
  'me-dubai-1': 'AE',
  'me-abudhabi-1': 'AE',
  'af-johannesburg-1': 'ZA',
  'ap-tokyo-1': 'JP',
  'ap-osaka-1': 'JP',
  'ap-seoul-1': 'KR',
  'ap-chuncheon-1': 'KR',
  'ap-mumbai-1': 'IN',
  'ap-hyderabad-1': 'IN',
  'ap-sydney-1': 'AU',
  'ap-melbourne-1': 'AU',
  'ap-singapore-1': 'SG',
  'ap-singapore-2': 'SG',
  'ap-batam-1': 'ID',
};

export function regionCountry(region: string): string | undefined {
  return REGION_COUNTRY[region];
}

/** x86 OCPU = 2 vCPUs, Arm OCPU = 1 vCPU (Oracle's pricing notes). */
function vcpusOf(s: OciShape): number | undefined {
  if (s.ocpus == null) return undefined;
  return /ampere|arm|grace|neoverse/i.test(s.processorDescription ?? '') ? s.ocpus : s.ocpus * 2;
}

export interface OfferContext {
  account: string;
  region: string;
  availabilityDomain: string;
  fetchedAt: string;
  prices?: OciPriceOverrides;
  /** GPU parts from Oracle's price list (may be empty: the table then prices the shape). */
  listPrices?: readonly OciListPrice[];
}

export type OfferResult = { offer: GpuOffer } | { skipped: 'not-gpu' | 'no-price'; shape: string };

export function shapeToOffer(s: OciShape, capacity: OciShapeAvailability | undefined, o: OfferContext): OfferResult {
  const count = s.gpus ?? 0;
  if (count <= 0) return { skipped: 'not-gpu', shape: s.shape };
  const price = priceForShape(s.shape, o.prices, o.listPrices);
  if (!price) return { skipped: 'no-price', shape: s.shape };
  const rawName = s.gpuDescription?.trim() || price.row?.gpu || s.shape;
  // "NVIDIA® H100" → "NVIDIA H100": trademark signs are not part of the model name.
  const norm = normalizeGpu(
    rawName
      .replace(/[®™]/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
    { vramGb: price.row?.vramGb, provider: 'oci' },
  );
  const nativeId = `${o.region}/${o.availabilityDomain}/${s.shape}`;
  const perHour = round4(price.perGpuHour * count);
  const offer: GpuOffer = {
    id: `oci:${nativeId}`,
    provider: 'oci',
    account: o.account,
    nativeId,
    gpu: {
      model: norm.model,
      family: norm.family,
      rawName,
      vendor: norm.vendor,
      ...(norm.variant ? { variant: norm.variant } : {}),
      ...((norm.vramGb ?? price.row?.vramGb) ? { vramGb: norm.vramGb ?? price.row?.vramGb } : {}),
      count,
    },
    price: { perHour, perGpuHour: round4(price.perGpuHour), currency: 'USD', billing: 'on-demand' },
    availability: capacityToAvailability(capacity),
    region: {
      id: o.region,
      name: `${o.region} ${shortAd(o.availabilityDomain)}`,
      ...(regionCountry(o.region) ? { country: regionCountry(o.region) } : {}),
    },
    specs: {
      ...(vcpusOf(s) !== undefined ? { vcpus: vcpusOf(s) } : {}),
      ...(s.memoryInGBs != null ? { ramGb: s.memoryInGBs } : {}),
      ...(s.localDisksTotalSizeInGBs != null ? { diskGb: s.localDisksTotalSizeInGBs } : {}),
    },
    quality: {},
    fetchedAt: o.fetchedAt,
    consoleUrl: ociConsoleUrl('create', o.region),
    instanceType: s.shape,
  };
  return { offer };
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

// ---------------------------------------------------------------------------------------------
// Metrics

export interface OciMetricDef {
  namespace: string;
  /** OCI metric name. */
  metric: string;
  /** cloudtop series name. */
  name: string;
  label: string;
  unit: string;
  /** Only GPU instances report it; a missing namespace is normal. */
  gpuOnly?: boolean;
}

export const OCI_METRICS: readonly OciMetricDef[] = [
  { namespace: 'oci_computeagent', metric: 'CpuUtilization', name: 'cpu_utilization', label: 'CPU', unit: 'percent' },
  {
    namespace: 'oci_computeagent',
    metric: 'MemoryUtilization',
    name: 'memory_utilization',
    label: 'Memory',
    unit: 'percent',
  },
  // HPC/GPU monitoring plugin namespace; one stream per GPU, averaged per instance below. Oracle
  // documents its dimensions as component, timestamp and version: no instance id, so streams can
  // only be matched when an instance dimension happens to be present; otherwise "not reported".
  {
    namespace: 'gpu_infrastructure_health',
    metric: 'GpuUtilization',
    name: 'gpu_utilization',
    label: 'GPU',
    unit: 'percent',
    gpuOnly: true,
  },
];

/** Above this many instances the query asks for the whole compartment and filters locally. */
export const MQL_MAX_IDS = 20;

/**
 * `CpuUtilization[1m]{resourceId = "<ocid>"}.mean()`; several ids use MQL fuzzy matching
 * (`=~ "a|b"`), many ids none (one call per metric per compartment either way).
 */
export function buildMql(metric: string, ocids: readonly string[], interval = '1m'): string {
  const safe = ocids.filter((id) => /^[A-Za-z0-9._:-]+$/.test(id));
  let filter = '';
  if (safe.length === 1) filter = `{resourceId = "${safe[0]}"}`;
  else if (safe.length > 1 && safe.length <= MQL_MAX_IDS) filter = `{resourceId =~ "${safe.join('|')}"}`;
  return `${metric}[${interval}]${filter}.mean()`;
}

/**
 * MetricData streams → one series per instance OCID. Several streams for one instance (one per GPU)
 * are averaged per timestamp; streams for instances we were not asked about are dropped.
 */
/** What a GPU instance shows when no GPU stream could be matched to it (instead of an empty chart). */
export function notReportedSeries(def: OciMetricDef): MetricSeries {
  return { name: def.name, label: def.label, unit: def.unit, points: [], note: 'not reported' };
}

export function metricDataToSeries(
  data: readonly OciMetricData[],
  def: OciMetricDef,
  wanted: ReadonlySet<string>,
  stepMs = 60_000,
): Map<string, MetricSeries> {
  const acc = new Map<string, Map<number, { sum: number; n: number }>>();
  for (const d of data) {
    const id = d.dimensions.resourceId ?? d.dimensions.resourceID ?? d.dimensions.instanceId;
    if (!id || !wanted.has(id)) continue;
    let byT = acc.get(id);
    if (!byT) acc.set(id, (byT = new Map()));
    for (const p of d.aggregatedDatapoints) {
      const t = Date.parse(p.timestamp);
      if (Number.isNaN(t) || !Number.isFinite(p.value)) continue;
      const cell = byT.get(t) ?? { sum: 0, n: 0 };
      cell.sum += p.value;
      cell.n += 1;
      byT.set(t, cell);
    }
  }
  const out = new Map<string, MetricSeries>();
  for (const [id, byT] of acc) {
    const points = [...byT.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([t, c]) => [t, round4(c.sum / c.n)] as [number, number]);
    if (points.length) out.set(id, { name: def.name, label: def.label, unit: def.unit, points, stepMs });
  }
  return out;
}
