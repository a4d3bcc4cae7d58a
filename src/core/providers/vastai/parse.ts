/**
 * Vast.ai payloads → cloudtop model. Pure: no I/O, no clock (the caller passes `fetchedAt`).
 *
 * Units (docs/providers/vastai.md): `dph_total` is $/h for the whole offer (all `num_gpus`), `gpu_ram` and
 * `cpu_ram` are MB (MiB in practice: an H100 reports 81559), `disk_space` is GB, reliability 0..1.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { normalizeGpu } from '../../../shared/gpu/normalize';
import { round, badPayload, describeIssues } from '../kit';
import { CloudtopError, type Billing, type GpuOffer, type Resource, type ResourceState } from '../../../shared/model';

export const VAST_CONSOLE_OFFERS_URL = 'https://cloud.vast.ai/create/';
export const VAST_CONSOLE_INSTANCES_URL = 'https://cloud.vast.ai/instances/';

const num = lazySchema(() => z.number().finite());
const optNum = num.nullish();
const optStr = lazySchema(() => z.string().nullish());
const optBool = lazySchema(() => z.boolean().nullish());

/** One offer row. Loose: Vast adds fields often; only what we map is checked. */
export const VastOfferSchema = lazySchema(() =>
  z.looseObject({
    id: z.number().int(),
    gpu_name: z.string().min(1),
    num_gpus: num.positive(),
    gpu_ram: optNum,
    dph_total: num.nonnegative(),
    dph_base: optNum,
    min_bid: optNum,
    is_bid: optBool,
    reliability: optNum,
    reliability2: optNum,
    verification: optStr,
    verified: optBool,
    rentable: optBool,
    rented: optBool,
    geolocation: optStr,
    hosting_type: optNum,
    cpu_cores: optNum,
    cpu_cores_effective: optNum,
    cpu_ram: optNum,
    disk_space: optNum,
    machine_id: optNum,
  }),
);
export type VastOffer = z.infer<typeof VastOfferSchema>;

export const VastSearchResponseSchema = lazySchema(() => z.looseObject({ offers: z.array(z.unknown()) }));

export const VastInstanceSchema = lazySchema(() =>
  z.looseObject({
    id: z.number().int(),
    actual_status: optStr,
    intended_status: optStr,
    cur_state: optStr,
    label: optStr,
    gpu_name: optStr,
    num_gpus: optNum,
    gpu_ram: optNum,
    dph_total: optNum,
    geolocation: optStr,
    machine_id: optNum,
    image_uuid: optStr,
    status_msg: optStr,
    public_ipaddr: optStr,
    ssh_host: optStr,
    ssh_port: optNum,
    gpu_util: optNum,
    start_date: optNum,
  }),
);
export type VastInstance = z.infer<typeof VastInstanceSchema>;

export const VastInstancesPageSchema = lazySchema(() =>
  z.looseObject({
    success: optBool,
    instances_found: optNum,
    total_instances: optNum,
    next_token: z.string().nullish(),
    instances: z.array(z.unknown()),
  }),
);
export type VastInstancesPage = z.infer<typeof VastInstancesPageSchema>;

/** Validates `value` (found at `at` in the body) or throws the kit's bad_response naming the field. */
function validate<T>(schema: z.ZodType<T>, value: unknown, where: string, at: PropertyKey[] = []): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ ...i, path: [...at, ...i.path] }));
  throw badPayload({ provider: 'vastai', displayName: 'Vast.ai', what: where }, describeIssues(issues));
}

/** Country code from Vast's free-form geolocation ("Texas, US", "Sweden, SE", "US"). */
export function countryFromGeolocation(geo: string | null | undefined): string | undefined {
  if (!geo) return undefined;
  const m = /(?:^|,\s*)([A-Za-z]{2})\s*$/.exec(geo.trim());
  return m ? m[1]!.toUpperCase() : undefined;
}

/** MiB → GB the way GPU marketing counts it (81559 → 80, 24564 → 24, 49140 → 48). */
export function vramGbFromMb(mb: number | null | undefined): number | undefined {
  if (!mb || mb <= 0) return undefined;
  return Math.round(mb / 1024);
}

export interface ParseContext {
  account?: string;
  fetchedAt: string;
  /** What the query asked for: `bid` offers are interruptible. */
  billing: Extract<Billing, 'on-demand' | 'interruptible'>;
}

export function vastOfferToModel(o: VastOffer, ctx: ParseContext): GpuOffer {
  const vram = vramGbFromMb(o.gpu_ram);
  const norm = normalizeGpu(o.gpu_name, { vramGb: vram, provider: 'vastai' });
  const count = o.num_gpus;
  const billing: ParseContext['billing'] =
    ctx.billing === 'interruptible' || o.is_bid === true ? 'interruptible' : 'on-demand';
  const country = countryFromGeolocation(o.geolocation);
  const reliabilityRaw = o.reliability2 ?? o.reliability;
  const reliability = typeof reliabilityRaw === 'number' ? Math.min(1, Math.max(0, reliabilityRaw)) : undefined;
  const verified = o.verified ?? (o.verification ? o.verification === 'verified' : undefined);
  // `rented: true` means the caller already rents GPUs on this machine (search_offers.yaml), not
  // that the offer is taken: it stays available, with a note.
  const unavailable = o.rentable === false;
  const vcpus = o.cpu_cores_effective ?? o.cpu_cores ?? undefined;
  const offer: GpuOffer = {
    // Bid and on-demand rows share the ask id; keep them apart.
    id: `vastai:${o.id}${billing === 'interruptible' ? ':bid' : ''}`,
    provider: 'vastai',
    nativeId: String(o.id),
    gpu: {
      model: norm.model,
      family: norm.family,
      rawName: o.gpu_name,
      vendor: norm.vendor,
      ...(norm.variant ? { variant: norm.variant } : {}),
      ...((norm.vramGb ?? vram) !== undefined ? { vramGb: norm.vramGb ?? vram } : {}),
      count,
    },
    price: {
      perHour: round(o.dph_total, 6),
      perGpuHour: round(o.dph_total / count, 6),
      currency: 'USD',
      billing,
    },
    availability: {
      state: unavailable ? 'none' : 'available',
      ...(unavailable ? { detail: 'not rentable' } : o.rented === true ? { detail: 'you already rent here' } : {}),
    },
    region: {
      id: country ?? 'unknown',
      ...(o.geolocation ? { name: o.geolocation } : {}),
      ...(country ? { country } : {}),
    },
    specs: {
      ...(typeof vcpus === 'number' && vcpus >= 0 ? { vcpus: round(vcpus, 1) } : {}),
      ...(typeof o.cpu_ram === 'number' && o.cpu_ram >= 0 ? { ramGb: round(o.cpu_ram / 1024, 1) } : {}),
      ...(typeof o.disk_space === 'number' && o.disk_space >= 0 ? { diskGb: round(o.disk_space, 1) } : {}),
    },
    quality: {
      ...(reliability !== undefined ? { reliability } : {}),
      ...(typeof verified === 'boolean' ? { verified } : {}),
    },
    fetchedAt: ctx.fetchedAt,
    consoleUrl: VAST_CONSOLE_OFFERS_URL,
  };
  // hosting_type 1 = datacenter ("secure cloud"), 0 = community host (unconfirmed mapping; see docs/providers/vastai.md).
  if (o.hosting_type === 1) offer.cloud = 'secure';
  else if (o.hosting_type === 0) offer.cloud = 'community';
  if (ctx.account) offer.account = ctx.account;
  return offer;
}

export interface ParsedOffers {
  offers: GpuOffer[];
  /** Rows skipped because they did not match the schema (first problem, for the log). */
  skipped: number;
  firstProblem?: string;
}

/**
 * Parses a `/bundles/` body. The envelope must match; single malformed rows are skipped (a market
 * of thousands of hosts has odd rows), but a body where every row is malformed is a bad_response.
 */
export function parseVastOffers(body: unknown, ctx: ParseContext, where = 'POST /api/v0/bundles/'): ParsedOffers {
  const env = validate(VastSearchResponseSchema, body, where);
  const offers: GpuOffer[] = [];
  let skipped = 0;
  let firstProblem: string | undefined;
  env.offers.forEach((row, i) => {
    try {
      offers.push(vastOfferToModel(validate(VastOfferSchema, row, where, ['offers', i]), ctx));
    } catch (e) {
      if (!(e instanceof CloudtopError)) throw e;
      skipped++;
      firstProblem ??= e.message;
    }
  });
  if (env.offers.length > 0 && offers.length === 0 && firstProblem) {
    throw new CloudtopError('bad_response', firstProblem, {
      provider: 'vastai',
      hint: 'The Vast.ai API may have changed; check for a cloudtop update.',
    });
  }
  return { offers, skipped, ...(firstProblem ? { firstProblem } : {}) };
}

export function vastInstanceState(status: string | null | undefined, intended?: string | null): ResourceState {
  switch (status) {
    case 'running':
      return 'running';
    case null:
    case undefined:
    case 'loading':
    case 'created':
    case 'scheduling':
      // null = still provisioning (hello-world.mdx).
      return intended === 'stopped' ? 'stopped' : 'starting';
    case 'exited':
    case 'stopped':
      return 'stopped';
    case 'offline':
      return 'error';
    default:
      return 'unknown';
  }
}

export function vastInstanceToModel(i: VastInstance, ctx: { account?: string; fetchedAt: string }): Resource {
  const country = countryFromGeolocation(i.geolocation);
  const meta: Resource['meta'] = {};
  if (i.gpu_name) meta.gpu = i.gpu_name;
  if (typeof i.num_gpus === 'number') meta.gpus = i.num_gpus;
  if (typeof i.dph_total === 'number') meta.pricePerHour = round(i.dph_total, 4);
  if (typeof i.machine_id === 'number') meta.machineId = i.machine_id;
  if (i.image_uuid) meta.image = i.image_uuid;
  if (i.status_msg) meta.statusMessage = i.status_msg.slice(0, 200);
  if (typeof i.gpu_util === 'number') meta.gpuUtil = i.gpu_util;
  if (i.ssh_host && typeof i.ssh_port === 'number') meta.ssh = `${i.ssh_host}:${i.ssh_port}`;
  const r: Resource = {
    id: `vastai:${i.id}`,
    provider: 'vastai',
    kind: 'gpu-instance',
    name: i.label?.trim() || `Instance ${i.id}`,
    state: vastInstanceState(i.actual_status, i.intended_status),
    stateRaw: i.actual_status ?? 'provisioning',
    meta,
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: VAST_CONSOLE_INSTANCES_URL,
  };
  if (country) r.region = country;
  else if (i.geolocation) r.region = i.geolocation;
  if (ctx.account) r.account = ctx.account;
  return r;
}

export function parseVastInstancesPage(
  body: unknown,
  ctx: { account?: string; fetchedAt: string },
  where = 'GET /api/v1/instances/',
): { resources: Resource[]; nextToken: string | null } {
  const page = validate(VastInstancesPageSchema, body, where);
  const resources = page.instances.map((row, i) =>
    vastInstanceToModel(validate(VastInstanceSchema, row, where, ['instances', i]), ctx),
  );
  return { resources, nextToken: page.next_token ?? null };
}
