/**
 * DigitalOcean payloads → cloudtop model. Pure: no I/O, no clock.
 *
 * Offers: `GET /v2/sizes` lists every Droplet size with `available` ("whether new Droplets can be
 * created with this size") and `regions` ("region slugs where this size is available for Droplet
 * creates"). That is a real signal, so a GPU size gives one `available` offer per listed region, and
 * a size with `available: false` (or no region) one `none` offer for region `any`.
 * Resources: droplets. Metrics: `/v2/monitoring/metrics/droplet/*` answer Prometheus matrices; CPU is
 * cumulative seconds per mode, so utilisation comes from deltas.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { offerGpu, offerPrice, round, stateMap, validatePayload } from '../kit';
import { type GpuOffer, type MetricPoint, type MetricSeries, type Resource } from '../../../shared/model';
import { DO_CONSOLE_URL } from './descriptor';

export { DO_CONSOLE_URL };

/** Who is answering, for the kit's one `bad_response` wording. */
const DO = { provider: 'digitalocean', displayName: 'DigitalOcean' } as const;

const GpuInfoSchema = lazySchema(() =>
  z.looseObject({
    count: z.number().int().nonnegative(),
    model: z.string().min(1),
    vram: z.looseObject({ amount: z.number().nonnegative(), unit: z.string() }).nullish(),
  }),
);

export const DoSizeSchema = lazySchema(() =>
  z.looseObject({
    slug: z.string().min(1),
    memory: z.number().nonnegative(),
    vcpus: z.number().nonnegative(),
    disk: z.number().nonnegative(),
    price_hourly: z.number().nonnegative(),
    regions: z.array(z.string()),
    available: z.boolean(),
    description: z.string().nullish(),
    gpu_info: GpuInfoSchema.nullish(),
  }),
);
export type DoSize = z.infer<typeof DoSizeSchema>;

const SizesPageSchema = lazySchema(() => z.looseObject({ sizes: z.array(DoSizeSchema) }));

export const DoDropletSchema = lazySchema(() =>
  z.looseObject({
    id: z.number().int(),
    name: z.string(),
    memory: z.number().nonnegative(),
    vcpus: z.number().nonnegative(),
    disk: z.number().nonnegative(),
    // Open: new | active | off | archive today; new words map to `unknown`.
    status: z.string(),
    size_slug: z.string(),
    region: z.looseObject({ slug: z.string(), name: z.string().nullish() }),
    size: z.looseObject({ price_hourly: z.number().nullish(), gpu_info: GpuInfoSchema.nullish() }).nullish(),
    networks: z
      .looseObject({
        v4: z.array(z.looseObject({ ip_address: z.string(), type: z.string() })).nullish(),
      })
      .nullish(),
    tags: z.array(z.string()).nullish(),
    created_at: z.string().nullish(),
  }),
);
const DropletsPageSchema = lazySchema(() => z.looseObject({ droplets: z.array(DoDropletSchema) }));
export type DoDroplet = z.infer<typeof DoDropletSchema>;

/** Country per region slug prefix (DigitalOcean's data centre cities). */
const REGION_COUNTRY: Record<string, string> = {
  nyc: 'US',
  sfo: 'US',
  atl: 'US',
  ric: 'US',
  tor: 'CA',
  ams: 'NL',
  lon: 'GB',
  fra: 'DE',
  sgp: 'SG',
  blr: 'IN',
  syd: 'AU',
};

export function doRegionCountry(slug: string): string | undefined {
  return REGION_COUNTRY[slug.replace(/\d+$/, '')];
}

export interface DoParseContext {
  account?: string;
  fetchedAt: string;
}

/** `nvidia_rtx_4000_ada` → `nvidia rtx 4000 ada` (what the GPU normaliser reads). */
export function doGpuName(model: string): string {
  return model.replace(/_/g, ' ').trim();
}

function vramGbOf(v: { amount: number; unit: string } | null | undefined): number | undefined {
  if (!v) return undefined;
  const unit = v.unit.toLowerCase();
  if (unit === 'gib' || unit === 'gb') return v.amount;
  if (unit === 'mib' || unit === 'mb') return round(v.amount / 1024, 1);
  return undefined;
}

function sizeOffers(s: DoSize, ctx: DoParseContext): GpuOffer[] {
  const g = s.gpu_info;
  if (!g || g.count <= 0) return [];
  const base: Omit<GpuOffer, 'id' | 'nativeId' | 'availability' | 'region'> = {
    provider: 'digitalocean',
    gpu: offerGpu({
      provider: 'digitalocean',
      rawName: g.model,
      name: doGpuName(g.model),
      count: g.count,
      vramGb: vramGbOf(g.vram),
    }),
    price: offerPrice(round(s.price_hourly, 5), g.count),
    cloud: 'secure',
    // `memory` is MB, `disk` GB (spec).
    specs: { vcpus: s.vcpus, ramGb: round(s.memory / 1024, 1), diskGb: s.disk },
    quality: {},
    fetchedAt: ctx.fetchedAt,
    consoleUrl: DO_CONSOLE_URL,
    instanceType: s.slug,
  };
  if (ctx.account) base.account = ctx.account;
  if (!s.available || s.regions.length === 0) {
    return [
      {
        ...base,
        id: `digitalocean:${s.slug}:any`,
        nativeId: `${s.slug}:any`,
        availability: {
          state: 'none',
          detail: s.available
            ? 'listed in no region'
            : 'DigitalOcean says new Droplets cannot be created with this size',
        },
        region: { id: 'any', name: 'Any region' },
      },
    ];
  }
  return s.regions.map((r) => {
    const country = doRegionCountry(r);
    return {
      ...base,
      id: `digitalocean:${s.slug}:${r}`,
      nativeId: `${s.slug}:${r}`,
      availability: { state: 'available', detail: 'size available for new Droplets in this region' },
      region: { id: r, ...(country ? { country } : {}) },
    };
  });
}

/** GPU offers from every page of `/v2/sizes`. CPU sizes (no `gpu_info`) are not GPU offers. */
export function parseDoSizes(pages: unknown[], ctx: DoParseContext, where = 'GET /v2/sizes'): GpuOffer[] {
  const offers: GpuOffer[] = [];
  pages.forEach((page, p) => {
    const body = validatePayload(SizesPageSchema, page, { ...DO, what: `${where} (page ${p + 1})` });
    for (const s of body.sizes) offers.push(...sizeOffers(s, ctx));
  });
  return offers;
}

export const doDropletState = stateMap({ running: ['active'], starting: ['new'], stopped: ['off', 'archive'] });

export function doDropletToModel(d: DoDroplet, ctx: DoParseContext): Resource {
  const gpu = d.size?.gpu_info;
  const gpus = gpu && gpu.count > 0 ? gpu.count : 0;
  const meta: Resource['meta'] = {
    size: d.size_slug,
    vcpus: d.vcpus,
    memoryMb: d.memory,
    diskGb: d.disk,
  };
  if (gpus > 0) {
    meta.gpus = gpus;
    meta.gpu = gpu!.model;
  }
  if (typeof d.size?.price_hourly === 'number') meta.pricePerHour = d.size.price_hourly;
  const publicIp = d.networks?.v4?.find((n) => n.type === 'public')?.ip_address;
  if (publicIp) meta.ip = publicIp;
  if (d.tags?.length) meta.tags = d.tags.join(', ');
  const r: Resource = {
    id: `digitalocean:${d.id}`,
    provider: 'digitalocean',
    kind: gpus > 0 ? 'gpu-instance' : 'instance',
    name: d.name || String(d.id),
    region: d.region.slug,
    state: doDropletState(d.status),
    stateRaw: d.status,
    meta,
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: `https://cloud.digitalocean.com/droplets/${d.id}`,
  };
  if (ctx.account) r.account = ctx.account;
  return r;
}

export function parseDoDroplets(pages: unknown[], ctx: DoParseContext, where = 'GET /v2/droplets'): Resource[] {
  const out: Resource[] = [];
  pages.forEach((page, p) => {
    const body = validatePayload(DropletsPageSchema, page, { ...DO, what: `${where} (page ${p + 1})` });
    for (const d of body.droplets) out.push(doDropletToModel(d, ctx));
  });
  return out;
}

// Prometheus-style matrix: values are [unix seconds, "number as string"].
const MatrixSchema = lazySchema(() =>
  z.looseObject({
    status: z.string(),
    data: z.looseObject({
      resultType: z.string(),
      result: z.array(
        z.looseObject({
          metric: z.record(z.string(), z.string()),
          values: z.array(z.tuple([z.number(), z.string()])),
        }),
      ),
    }),
  }),
);

function numeric(v: string): number | undefined {
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * CPU utilisation in percent from cumulative seconds per mode: for each pair of adjacent
 * timestamps, busy share = 1 − Δidle / Δ(all modes). Points where the counters reset (a negative
 * delta, e.g. after a reboot) or nothing moved are skipped, not guessed.
 */
export function parseDoCpu(body: unknown, where = 'GET /v2/monitoring/metrics/droplet/cpu'): MetricSeries | undefined {
  const m = validatePayload(MatrixSchema, body, { ...DO, what: where });
  const byTime = new Map<number, { total: number; idle: number }>();
  for (const series of m.data.result) {
    const idle = series.metric.mode === 'idle';
    for (const [t, raw] of series.values) {
      const v = numeric(raw);
      if (v === undefined) continue;
      const acc = byTime.get(t) ?? { total: 0, idle: 0 };
      acc.total += v;
      if (idle) acc.idle += v;
      byTime.set(t, acc);
    }
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const points: MetricPoint[] = [];
  for (let i = 1; i < times.length; i++) {
    const a = byTime.get(times[i - 1]!)!;
    const b = byTime.get(times[i]!)!;
    const dTotal = b.total - a.total;
    const dIdle = b.idle - a.idle;
    if (dTotal <= 0 || dIdle < 0 || dIdle > dTotal) continue;
    points.push([times[i]! * 1000, round(100 * (1 - dIdle / dTotal), 2)]);
  }
  if (!points.length) return undefined;
  const stepMs = times.length > 1 ? (times[1]! - times[0]!) * 1000 : undefined;
  return { name: 'cpu_utilization', label: 'CPU', unit: 'percent', points, ...(stepMs ? { stepMs } : {}) };
}

/** Bandwidth in Mbps (spec) → bytes/s, the unit every provider's network series uses. */
export function parseDoBandwidth(
  body: unknown,
  name: 'network_in' | 'network_out',
  where = 'GET /v2/monitoring/metrics/droplet/bandwidth',
): MetricSeries | undefined {
  const m = validatePayload(MatrixSchema, body, { ...DO, what: where });
  const points: MetricPoint[] = [];
  for (const series of m.data.result) {
    for (const [t, raw] of series.values) {
      const v = numeric(raw);
      if (v !== undefined && v >= 0) points.push([t * 1000, round((v * 1_000_000) / 8, 1)]);
    }
  }
  if (!points.length) return undefined;
  points.sort((a, b) => a[0] - b[0]);
  return {
    name,
    label: name === 'network_in' ? 'Network in (public)' : 'Network out (public)',
    unit: 'bytes/s',
    points,
  };
}
