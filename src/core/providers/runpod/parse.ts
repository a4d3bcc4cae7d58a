/**
 * Pure RunPod payload → model mapping (REST v2 catalog and pods, plus the GraphQL spot prices v2 lacks).
 * Schemas check what we use and let everything else through: extra fields and enum values RunPod
 * adds later must not break parsing; a missing or mistyped field we rely on is a `bad_response`
 * that names the field.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import {
  CloudtopError,
  type AvailabilityState,
  type Billing,
  type CloudTier,
  type GpuOffer,
  type GpuVendor,
  type MetricSeries,
  type Resource,
  type ResourceState,
} from '../../../shared/model';
import { normalizeGpu } from '../../../shared/gpu/normalize';

export const PROVIDER = 'runpod' as const;
export const DEPLOY_URL = 'https://www.runpod.io/console/deploy';
export const PODS_URL = 'https://www.runpod.io/console/pods';

// ---------------------------------------------------------------------------------------------
// Schemas (openapi-v2.json components: GpuType, DataCenterAvailability, Pod, ErrorResponse)

const DataCenterAvailabilitySchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    availability: z.string(),
  }),
);

export const GpuTypeSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    name: z.string().min(1),
    manufacturer: z.string(),
    memory: z.number().nonnegative(),
    secure: z.boolean(),
    community: z.boolean(),
    price: z.looseObject({ secure: z.number(), community: z.number(), serverless: z.number().optional() }),
    maxCount: z.looseObject({ secure: z.number().int(), community: z.number().int() }),
    availability: z.string().optional(),
    dataCenters: z.array(DataCenterAvailabilitySchema).optional(),
  }),
);
export type GpuType = z.infer<typeof GpuTypeSchema>;

export const ListGpuTypesSchema = lazySchema(() => z.looseObject({ gpus: z.array(GpuTypeSchema) }));
export type ListGpuTypes = z.infer<typeof ListGpuTypesSchema>;

const UtilSchema = lazySchema(() => z.looseObject({ util: z.number().optional() }).nullish());

export const PodSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    name: z.string(),
    status: z.string(),
    cost: z.number(),
    cloud: z.string().optional(),
    dataCenterId: z.string().nullish(),
    gpu: z.looseObject({ id: z.string(), count: z.number().int().positive().optional() }).optional(),
    cpu: z
      .looseObject({ id: z.string().optional(), vcpuCount: z.number().optional(), memory: z.number().optional() })
      .optional(),
    image: z.string().optional(),
    cudaVersion: z.string().nullish(),
    locked: z.boolean().optional(),
    createdAt: z.string().optional(),
    startedAt: z.string().nullish(),
    cluster: z.looseObject({ id: z.string(), rank: z.number().nullish(), role: z.string().optional() }).optional(),
    runtime: z
      .looseObject({
        uptime: z.number().optional(),
        gpus: z.array(z.looseObject({ util: z.number().optional(), memoryUtil: z.number().optional() })).optional(),
        cpu: UtilSchema,
        memory: UtilSchema,
      })
      .nullish(),
  }),
);
export type Pod = z.infer<typeof PodSchema>;

export const ListPodsSchema = lazySchema(() => z.looseObject({ pods: z.array(PodSchema) }));
export type ListPods = z.infer<typeof ListPodsSchema>;

/** RFC 9457 problem details as RunPod sends them. */
export const ProblemSchema = lazySchema(() =>
  z.looseObject({
    title: z.string().optional(),
    status: z.number().optional(),
    detail: z.string().optional(),
    errors: z.array(z.string()).optional(),
  }),
);

/** GraphQL `gpuTypes { id securePrice communityPrice secureSpotPrice communitySpotPrice }`. */
export const SpotPricesSchema = lazySchema(() =>
  z.looseObject({
    data: z
      .looseObject({
        gpuTypes: z
          .array(
            z.looseObject({
              id: z.string().min(1),
              secureSpotPrice: z.number().nullish(),
              communitySpotPrice: z.number().nullish(),
            }),
          )
          .nullish(),
      })
      .nullish(),
    errors: z.array(z.looseObject({ message: z.string().optional() })).optional(),
  }),
);

// ---------------------------------------------------------------------------------------------
// Validation helper

/** Validates `body` and throws a `bad_response` naming the first offending field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue && issue.path.length > 0 ? formatPath(issue.path) : '(root)';
  throw new CloudtopError(
    'bad_response',
    `RunPod returned an unexpected ${what}: field ${field}: ${issue?.message ?? 'invalid'}`,
    {
      provider: PROVIDER,
      hint: 'The RunPod API may have changed; update cloudtop, or report it if you are on the latest version',
    },
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/** Short, secret-free text from a problem+json body: "Bad Request: product is required (include: …)". */
export function describeProblem(_status: number, body: unknown): string | undefined {
  const r = ProblemSchema.safeParse(body);
  if (!r.success) return undefined;
  const { title, detail, errors } = r.data;
  const parts = [title, detail].filter((s): s is string => !!s && s.trim().length > 0);
  if (parts.length === 0) return undefined;
  let text = parts.length === 2 && parts[0]!.toLowerCase() === parts[1]!.toLowerCase() ? parts[0]! : parts.join(': ');
  if (errors && errors.length > 0) text += ` (${errors.slice(0, 3).join('; ')})`;
  return clip(text, 300);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// ---------------------------------------------------------------------------------------------
// Offers

export function availabilityState(level: string | undefined): AvailabilityState {
  switch (level?.toUpperCase()) {
    case 'HIGH':
    case 'MEDIUM':
      return 'available';
    case 'LOW':
      return 'low';
    case 'NONE':
      return 'none';
    default:
      // Unknown future levels and a missing field (availability not included) say nothing reliable.
      return 'unknown';
  }
}

function vendorOf(manufacturer: string): GpuVendor | undefined {
  switch (manufacturer.toUpperCase()) {
    case 'NVIDIA':
      return 'nvidia';
    case 'AMD':
      return 'amd';
    case 'INTEL':
      return 'intel';
    default:
      return undefined;
  }
}

/**
 * Country from a RunPod data-center id. The v2 API gives no country (DataCenter has only a continent),
 * but the ids follow `<CC>-<state/city>-<n>` (US-KS-2, CA-MTL-1) or `<continent>-<CC>-<n>` (EU-RO-1,
 * EUR-IS-1, AP-JP-1, OC-AU-1). Unknown shapes give no country rather than a wrong one.
 */
const CONTINENT_PREFIXES = new Set(['EU', 'EUR', 'AP', 'APAC', 'OC', 'SEA', 'ASIA', 'SA', 'AF', 'ME', 'NA', 'LATAM']);
export function countryOfDataCenter(id: string): string | undefined {
  const parts = id.toUpperCase().split('-');
  if (parts.length < 2) return undefined;
  const [first, second] = parts as [string, string];
  if (CONTINENT_PREFIXES.has(first)) return /^[A-Z]{2}$/.test(second) ? second : undefined;
  return /^[A-Z]{2}$/.test(first) ? first : undefined;
}

export interface CatalogSlice {
  tier: CloudTier;
  /** GPU count the availability refers to (`count` query parameter). */
  count: number;
  body: ListGpuTypes;
}

export interface SpotPrice {
  secure?: number;
  community?: number;
}

export interface OfferBuildOptions {
  account?: string;
  fetchedAt: string;
  /** Spot (interruptible) $/GPU-h per GPU type id, from GraphQL; empty when unknown. */
  spot?: ReadonlyMap<string, SpotPrice>;
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * One offer per (GPU type, cloud tier, data center — or `any` when RunPod lists none —, GPU count,
 * billing). The catalog lists per-data-center stock only where the configuration is offered and drops
 * `dataCenters` entirely when it is unavailable everywhere: that becomes one `any` offer in state
 * `none`, so a sold-out GPU stays visible as sold out instead of vanishing.
 */
export function catalogToOffers(slices: readonly CatalogSlice[], opts: OfferBuildOptions): GpuOffer[] {
  const offers: GpuOffer[] = [];
  for (const { tier, count, body } of slices) {
    for (const gpu of body.gpus) {
      if (!gpu[tier]) continue; // not offered in this cloud
      const perGpu = gpu.price[tier];
      // A zero list price means "no price", not "free": such rows would top every cheapest-first view.
      if (!(perGpu > 0)) continue;
      if (gpu.maxCount[tier] > 0 && count > gpu.maxCount[tier]) continue;
      const norm = normalizeGpu(gpu.name, { vramGb: gpu.memory || undefined, provider: PROVIDER });
      const gpuInfo = {
        model: norm.model,
        family: norm.family,
        rawName: gpu.name,
        vendor: vendorOf(gpu.manufacturer) ?? norm.vendor,
        ...(norm.variant ? { variant: norm.variant } : {}),
        ...(gpu.memory > 0 ? { vramGb: gpu.memory } : norm.vramGb !== undefined ? { vramGb: norm.vramGb } : {}),
        count,
      };
      const places =
        gpu.dataCenters && gpu.dataCenters.length > 0
          ? gpu.dataCenters.map((dc) => ({ id: dc.id, name: dc.name, level: dc.availability }))
          : [{ id: 'any', name: undefined, level: gpu.availability }];
      const spot = opts.spot?.get(gpu.id)?.[tier];
      const billings: [Billing, number][] = [['on-demand', perGpu]];
      if (spot !== undefined && spot > 0) billings.push(['interruptible', spot]);
      for (const place of places) {
        const country = place.id === 'any' ? undefined : countryOfDataCenter(place.id);
        for (const [billing, price] of billings) {
          const nativeId = `${gpu.id}@${place.id}/${tier}/${count}x/${billing}`;
          offers.push({
            id: `${PROVIDER}:${nativeId}`,
            provider: PROVIDER,
            ...(opts.account ? { account: opts.account } : {}),
            nativeId,
            gpu: gpuInfo,
            price: { perHour: round6(price * count), perGpuHour: round6(price), currency: 'USD', billing },
            cloud: tier,
            availability: {
              state: availabilityState(place.level),
              // Spot capacity is the same machines; RunPod publishes no separate spot stock.
              ...(place.level
                ? { detail: billing === 'interruptible' ? `${place.level} (on-demand stock)` : place.level }
                : {}),
            },
            region: {
              id: place.id,
              ...(place.name ? { name: place.name } : {}),
              ...(country ? { country } : {}),
            },
            specs: {},
            quality: {},
            fetchedAt: opts.fetchedAt,
            consoleUrl: DEPLOY_URL,
            instanceType: gpu.id,
          });
        }
      }
    }
  }
  return offers;
}

/** GraphQL spot prices → map; a GraphQL `errors` array becomes a bad_response naming the message. */
export function spotPricesFromGraphql(body: unknown): Map<string, SpotPrice> {
  const parsed = parseBody(SpotPricesSchema, body, 'GraphQL gpuTypes response');
  if (parsed.errors && parsed.errors.length > 0) {
    throw new CloudtopError(
      'bad_response',
      `RunPod GraphQL returned an error: ${clip(parsed.errors[0]?.message ?? 'unknown error', 200)}`,
      {
        provider: PROVIDER,
      },
    );
  }
  const out = new Map<string, SpotPrice>();
  for (const t of parsed.data?.gpuTypes ?? []) {
    const p: SpotPrice = {};
    if (typeof t.secureSpotPrice === 'number' && t.secureSpotPrice > 0) p.secure = t.secureSpotPrice;
    if (typeof t.communitySpotPrice === 'number' && t.communitySpotPrice > 0) p.community = t.communitySpotPrice;
    out.set(t.id, p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resources

export function podState(status: string): ResourceState {
  switch (status.toUpperCase()) {
    case 'RUNNING':
      return 'running';
    case 'PROVISIONING':
    case 'STARTING':
      return 'starting';
    case 'EXITED':
    case 'TERMINATED':
      return 'stopped';
    case 'ERROR':
      return 'error';
    default:
      return 'unknown';
  }
}

export interface ResourceBuildOptions {
  account?: string;
  fetchedAt: string;
  now: number;
}

/**
 * Pods → Resources. Only display facts go into `meta`: never `env` (user secrets live there), never
 * SSH commands or registry ids.
 */
export function podsToResources(body: ListPods, opts: ResourceBuildOptions): Resource[] {
  return body.pods.map((pod) => {
    const meta: Resource['meta'] = {
      costPerHour: round6(pod.cost),
      status: pod.status,
    };
    if (pod.gpu) {
      meta.gpu = pod.gpu.id;
      meta.gpuCount = pod.gpu.count ?? 1;
    }
    if (pod.cpu) {
      if (pod.cpu.id) meta.cpu = pod.cpu.id;
      if (pod.cpu.vcpuCount !== undefined) meta.vcpus = pod.cpu.vcpuCount;
      if (pod.cpu.memory !== undefined) meta.ramGb = pod.cpu.memory;
    }
    if (pod.cloud) meta.cloud = pod.cloud.toLowerCase();
    if (pod.image) meta.image = clip(pod.image, 120);
    if (pod.cudaVersion) meta.cudaVersion = pod.cudaVersion;
    if (pod.runtime?.uptime !== undefined) meta.uptimeSeconds = pod.runtime.uptime;
    if (pod.locked !== undefined) meta.locked = pod.locked;
    if (pod.createdAt) meta.createdAt = pod.createdAt;
    if (pod.startedAt) meta.startedAt = pod.startedAt;
    if (pod.cluster) meta.cluster = pod.cluster.id;

    const metrics: MetricSeries[] = [];
    const rt = pod.runtime;
    const gpuUtils = (rt?.gpus ?? []).map((g) => g.util).filter((v): v is number => typeof v === 'number');
    if (gpuUtils.length > 0) {
      const avg = gpuUtils.reduce((a, b) => a + b, 0) / gpuUtils.length;
      metrics.push({
        name: 'gpu_utilization',
        label: 'GPU utilisation',
        unit: 'percent',
        points: [[opts.now, round6(avg)]],
      });
    }
    if (typeof rt?.cpu?.util === 'number')
      metrics.push({
        name: 'cpu_utilization',
        label: 'CPU utilisation',
        unit: 'percent',
        points: [[opts.now, rt.cpu.util]],
      });
    if (typeof rt?.memory?.util === 'number')
      metrics.push({
        name: 'memory_utilization',
        label: 'Memory utilisation',
        unit: 'percent',
        points: [[opts.now, rt.memory.util]],
      });

    return {
      id: `${PROVIDER}:${pod.id}`,
      provider: PROVIDER,
      ...(opts.account ? { account: opts.account } : {}),
      kind: 'pod',
      name: pod.name || pod.id,
      ...(pod.dataCenterId ? { region: pod.dataCenterId } : {}),
      state: podState(pod.status),
      stateRaw: pod.status,
      meta,
      metrics,
      issues: [],
      fetchedAt: opts.fetchedAt,
      consoleUrl: PODS_URL,
    } satisfies Resource;
  });
}
