/**
 * Linode payloads → cloudtop model. Pure: no I/O, no clock.
 *
 * Offers: GPU plans from `/linode/types` (class `gpu`, `gpus`, `price.hourly`, `region_prices`
 * overrides) × regions with the "GPU Linodes" capability from `/regions`. `/regions/availability`
 * ("availability of select premium and GPU plans for select regions") is a real signal: an entry
 * says available → `available`, not available → `none`. A GPU region without an entry for the plan
 * is `listed`: the plan is sold there, capacity unknown. Stats: `cpu` [ms, %] and `netv4` bits/s.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { offerGpu, offerPrice, round, stateMap, validatePayload } from '../kit';
import {
  type Availability,
  type GpuOffer,
  type MetricPoint,
  type MetricSeries,
  type Resource,
} from '../../../shared/model';
import { LINODE_CONSOLE_URL } from './descriptor';

export { LINODE_CONSOLE_URL };

export const LINODE_GPU_CAPABILITY = 'GPU Linodes';

/** Who is answering, for the kit's one `bad_response` wording. */
const LINODE = { provider: 'linode', displayName: 'Linode' } as const;

const PriceSchema = lazySchema(() => z.looseObject({ hourly: z.number().nonnegative().nullish() }));

export const LinodeTypeSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    label: z.string(),
    // Open: nanode | standard | dedicated | premium | gpu | highmem, and new ones.
    class: z.string(),
    gpus: z.number().int().nonnegative(),
    vcpus: z.number().nonnegative(),
    memory: z.number().nonnegative(),
    disk: z.number().nonnegative(),
    price: PriceSchema,
    region_prices: z.array(z.looseObject({ id: z.string(), hourly: z.number().nonnegative().nullish() })).nullish(),
  }),
);
export type LinodeType = z.infer<typeof LinodeTypeSchema>;

export const LinodeRegionSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    label: z.string().nullish(),
    country: z.string().nullish(),
    capabilities: z.array(z.string()),
    status: z.string().nullish(),
  }),
);
export type LinodeRegion = z.infer<typeof LinodeRegionSchema>;

export const LinodeAvailabilitySchema = lazySchema(() =>
  z.looseObject({
    region: z.string().min(1),
    plan: z.string().min(1),
    available: z.boolean(),
  }),
);

export const LinodeInstanceSchema = lazySchema(() =>
  z.looseObject({
    id: z.number().int(),
    label: z.string(),
    region: z.string(),
    type: z.string().nullish(),
    // Open enum (running, offline, booting, …); new words map to `unknown`.
    status: z.string(),
    ipv4: z.array(z.string()).nullish(),
    specs: z
      .looseObject({
        gpus: z.number().nullish(),
        vcpus: z.number().nullish(),
        memory: z.number().nullish(),
        disk: z.number().nullish(),
      })
      .nullish(),
    tags: z.array(z.string()).nullish(),
  }),
);
export type LinodeInstance = z.infer<typeof LinodeInstanceSchema>;

function rows<T>(pages: unknown[], schema: z.ZodType<T>, where: string): T[] {
  const out: T[] = [];
  pages.forEach((page, p) => {
    // One schema per page: a bad row is named by its path in the page ("data[3].region").
    const body = validatePayload(z.looseObject({ data: z.array(schema) }), page, {
      ...LINODE,
      what: `${where} (page ${p + 1})`,
    });
    out.push(...body.data);
  });
  return out;
}

export interface LinodeParseContext {
  account?: string;
  fetchedAt: string;
}

/**
 * The GPU in a plan. Linode's types name it only in the id and label ("Dedicated 32GB + RTX6000 GPU
 * x1", "RTX4000 Ada x1 Small"); RTX6000 plans are Quadro RTX 6000 (24 GB), RTX4000 Ada 20 GB.
 */
export function linodeGpuName(t: Pick<LinodeType, 'id' | 'label'>): { name: string; vramGb?: number } {
  const key = `${t.id} ${t.label}`.toLowerCase();
  if (/rtx\s?6000/.test(key)) return { name: 'Quadro RTX 6000', vramGb: 24 };
  if (/rtx\s?4000\s?a(da)?|rtx4000a/.test(key)) return { name: 'RTX 4000 Ada', vramGb: 20 };
  const m = /\+?\s*([A-Za-z0-9 ]+?)\s+GPU/i.exec(t.label);
  return { name: (m?.[1] ?? t.label).trim() };
}

function hourlyIn(t: LinodeType, region: string): number | undefined {
  const override = t.region_prices?.find((p) => p.id === region)?.hourly;
  return typeof override === 'number' ? override : (t.price.hourly ?? undefined);
}

/**
 * GPU offers: plan × GPU region. `availability` rows are keyed `region/plan`.
 */
export function parseLinodeOffers(
  input: { types: unknown[]; regions: unknown[]; availability: unknown[] },
  ctx: LinodeParseContext,
): GpuOffer[] {
  const types = rows(input.types, LinodeTypeSchema, 'GET /linode/types').filter((t) => t.class === 'gpu' && t.gpus > 0);
  const regions = rows(input.regions, LinodeRegionSchema, 'GET /regions').filter((r) =>
    r.capabilities.includes(LINODE_GPU_CAPABILITY),
  );
  const known = new Map<string, boolean>();
  for (const a of rows(input.availability, LinodeAvailabilitySchema, 'GET /regions/availability'))
    known.set(`${a.region}/${a.plan}`, a.available);
  const offers: GpuOffer[] = [];
  for (const t of types) {
    const gpu = linodeGpuName(t);
    const gpuPart = offerGpu({
      provider: 'linode',
      rawName: t.label,
      name: gpu.name,
      count: t.gpus,
      vramGb: gpu.vramGb,
    });
    for (const r of regions) {
      const perHour = hourlyIn(t, r.id);
      if (perHour === undefined) continue;
      const said = known.get(`${r.id}/${t.id}`);
      const availability: Availability =
        said === true
          ? { state: 'available', detail: 'Linode reports the plan available in this region' }
          : said === false
            ? { state: 'none', detail: 'Linode reports the plan unavailable in this region' }
            : { state: 'listed', detail: 'plan sold in this region; Linode publishes no availability for it' };
      const country = r.country ? r.country.toUpperCase() : undefined;
      const offer: GpuOffer = {
        id: `linode:${t.id}:${r.id}`,
        provider: 'linode',
        nativeId: `${t.id}:${r.id}`,
        gpu: { ...gpuPart },
        price: offerPrice(round(perHour, 5), t.gpus),
        cloud: 'secure',
        availability,
        region: { id: r.id, ...(r.label ? { name: r.label } : {}), ...(country ? { country } : {}) },
        // memory MB, disk MB (spec).
        specs: { vcpus: t.vcpus, ramGb: round(t.memory / 1024, 1), diskGb: round(t.disk / 1024, 1) },
        quality: {},
        fetchedAt: ctx.fetchedAt,
        consoleUrl: LINODE_CONSOLE_URL,
        instanceType: t.id,
      };
      if (ctx.account) offer.account = ctx.account;
      offers.push(offer);
    }
  }
  return offers;
}

export const linodeState = stateMap({
  running: ['running'],
  starting: ['booting', 'provisioning', 'rebooting', 'migrating', 'rebuilding', 'cloning', 'restoring'],
  stopping: ['shutting_down', 'deleting'],
  stopped: ['offline', 'stopped'],
  error: ['billing_suspension'],
});

export function linodeToModel(l: LinodeInstance, ctx: LinodeParseContext): Resource {
  const gpus = l.specs?.gpus ?? 0;
  const meta: Resource['meta'] = {};
  if (l.type) meta.type = l.type;
  if (typeof l.specs?.vcpus === 'number') meta.vcpus = l.specs.vcpus;
  if (typeof l.specs?.memory === 'number') meta.memoryMb = l.specs.memory;
  if (gpus > 0) meta.gpus = gpus;
  const ip = l.ipv4?.[0];
  if (ip) meta.ip = ip;
  if (l.tags?.length) meta.tags = l.tags.join(', ');
  const r: Resource = {
    id: `linode:${l.id}`,
    provider: 'linode',
    kind: gpus > 0 ? 'gpu-instance' : 'instance',
    name: l.label || String(l.id),
    region: l.region,
    state: linodeState(l.status),
    stateRaw: l.status,
    meta,
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: `https://cloud.linode.com/linodes/${l.id}`,
  };
  if (ctx.account) r.account = ctx.account;
  return r;
}

export function parseLinodeInstances(pages: unknown[], ctx: LinodeParseContext): Resource[] {
  return rows(pages, LinodeInstanceSchema, 'GET /linode/instances').map((l) => linodeToModel(l, ctx));
}

const Series = lazySchema(() => z.array(z.array(z.number())));
const StatsSchema = lazySchema(() =>
  z.looseObject({
    cpu: Series,
    netv4: z.looseObject({ in: Series, out: Series }).nullish(),
  }),
);

/**
 * The spec (4.189) puts `cpu`, `netv4`… at the top level; @linode/api-v4's types and older docs
 * wrap them in `data`. Both are read.
 */
function unwrapStats(body: unknown): unknown {
  if (body && typeof body === 'object' && !('cpu' in body)) {
    const data = (body as { data?: unknown }).data;
    if (data && typeof data === 'object') return data;
  }
  return body;
}

function points(rowsIn: number[][], scale: number, since: number): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const row of rowsIn) {
    const [t, v] = row;
    if (typeof t !== 'number' || typeof v !== 'number' || !Number.isFinite(v) || v < 0 || t < since) continue;
    out.push([t, round(v * scale, 2)]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Stats (past 24 h, 5-minute averages) → CPU % and public IPv4 traffic in bytes/s, from `since` (ms).
 * Linode's CPU is the percentage of one core summed over cores (up to 100 × vCPUs); dividing by
 * `vcpus` gives the share of the whole machine like every other provider's CPU series.
 */
export function parseLinodeStats(
  body: unknown,
  vcpus: number | undefined,
  since: number,
  where: string,
): MetricSeries[] {
  const stats = validatePayload(StatsSchema, unwrapStats(body), { ...LINODE, what: where });
  const out: MetricSeries[] = [];
  const cpu = points(stats.cpu, 1 / Math.max(1, vcpus ?? 1), since).map(([t, v]): MetricPoint => [t, Math.min(100, v)]);
  if (cpu.length) out.push({ name: 'cpu_utilization', label: 'CPU', unit: 'percent', points: cpu, stepMs: 300_000 });
  const rx = points(stats.netv4?.in ?? [], 1 / 8, since);
  if (rx.length)
    out.push({ name: 'network_in', label: 'Network in (IPv4)', unit: 'bytes/s', points: rx, stepMs: 300_000 });
  const tx = points(stats.netv4?.out ?? [], 1 / 8, since);
  if (tx.length)
    out.push({ name: 'network_out', label: 'Network out (IPv4)', unit: 'bytes/s', points: tx, stepMs: 300_000 });
  return out;
}
