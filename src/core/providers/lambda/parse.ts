/**
 * Lambda Cloud payloads → cloudtop model. Pure: no I/O, no clock.
 *
 * `GET /api/v1/instance-types` answers `{data: {<type name>: {instance_type, regions_with_capacity_available}}}`
 * (a map, not an array). One offer per type × region with capacity; a type with no region is sold
 * out, which is an availability state: one offer with region `any` and availability `none`, so a
 * watch sees capacity appear (docs/providers/lambda.md).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { offerGpu, offerPrice, round, badPayload, describeIssues, stateMap } from '../kit';
import { type GpuOffer, type Resource } from '../../../shared/model';

export const LAMBDA_CONSOLE_URL = 'https://cloud.lambda.ai/instances';

const RegionSchema = lazySchema(() => z.looseObject({ name: z.string().min(1), description: z.string().nullish() }));

export const LambdaInstanceTypeSchema = lazySchema(() =>
  z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    gpu_description: z.string(),
    price_cents_per_hour: z.number().int().nonnegative(),
    specs: z.looseObject({
      vcpus: z.number().nonnegative().nullish(),
      memory_gib: z.number().nonnegative().nullish(),
      storage_gib: z.number().nonnegative().nullish(),
      gpus: z.number().int().nonnegative(),
    }),
  }),
);
export type LambdaInstanceType = z.infer<typeof LambdaInstanceTypeSchema>;

export const LambdaInstanceTypesResponseSchema = lazySchema(() =>
  z.looseObject({
    data: z.record(
      z.string(),
      z.looseObject({
        instance_type: LambdaInstanceTypeSchema,
        regions_with_capacity_available: z.array(RegionSchema),
      }),
    ),
  }),
);

export const LambdaInstanceSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    name: z.string().nullish(),
    hostname: z.string().nullish(),
    ip: z.string().nullish(),
    // An open string: Lambda adds statuses over time; unknown ones map to `unknown`.
    status: z.string(),
    region: RegionSchema,
    instance_type: LambdaInstanceTypeSchema,
  }),
);
export type LambdaInstance = z.infer<typeof LambdaInstanceSchema>;

export const LambdaInstancesResponseSchema = lazySchema(() => z.looseObject({ data: z.array(z.unknown()) }));

/** Validates `value` (found at `at` in the body) or throws the kit's bad_response naming the field. */
function validate<T>(schema: z.ZodType<T>, value: unknown, where: string, at: PropertyKey[] = []): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ ...i, path: [...at, ...i.path] }));
  throw badPayload({ provider: 'lambda', displayName: 'Lambda', what: where }, describeIssues(issues));
}

/** Country per region code (LSPEC8 PublicRegionCode); unknown codes fall back to the description. */
const REGION_COUNTRY: Record<string, string> = {
  'europe-central-1': 'DE',
  'asia-south-1': 'IN',
  'australia-east-1': 'AU',
  'me-west-1': 'IL',
  'asia-northeast-1': 'JP',
  'asia-northeast-2': 'JP',
};

const COUNTRY_WORDS: Record<string, string> = {
  usa: 'US',
  'united states': 'US',
  germany: 'DE',
  india: 'IN',
  australia: 'AU',
  israel: 'IL',
  japan: 'JP',
  canada: 'CA',
  'united kingdom': 'GB',
  uk: 'GB',
  sweden: 'SE',
  netherlands: 'NL',
  france: 'FR',
};

export function lambdaRegionCountry(code: string, description?: string | null): string | undefined {
  if (code.startsWith('us-')) return 'US';
  const known = REGION_COUNTRY[code];
  if (known) return known;
  const last = description?.split(',').pop()?.trim().toLowerCase();
  return last ? COUNTRY_WORDS[last] : undefined;
}

export interface GpuDescription {
  name: string;
  vramGb?: number;
  /** Form factor as stated: "SXM5", "PCIe", "SXM4", "SXM6". */
  formFactor?: string;
}

/** "H100 (80 GB SXM5)" → {name: "H100", vramGb: 80, formFactor: "SXM5"}; "Tesla V100 (16 GB)". */
export function parseGpuDescription(desc: string): GpuDescription {
  const m = /^\s*(.+?)\s*\(\s*(\d+(?:\.\d+)?)\s*(?:GB|GiB)\s*([^)]*?)\s*\)\s*$/i.exec(desc);
  if (!m) return { name: desc.trim() };
  const out: GpuDescription = { name: m[1]!, vramGb: Number(m[2]) };
  if (m[3]) out.formFactor = m[3];
  return out;
}

export interface LambdaParseContext {
  account?: string;
  fetchedAt: string;
}

function baseOffer(
  t: LambdaInstanceType,
  ctx: LambdaParseContext,
): Omit<GpuOffer, 'id' | 'nativeId' | 'availability' | 'region'> {
  const desc = parseGpuDescription(t.gpu_description);
  const perHour = round(t.price_cents_per_hour / 100, 4);
  const count = t.specs.gpus;
  const offer: Omit<GpuOffer, 'id' | 'nativeId' | 'availability' | 'region'> = {
    provider: 'lambda',
    // The whole description goes to the normaliser so the form factor (SXM5, PCIe) is not lost.
    gpu: offerGpu({ provider: 'lambda', rawName: t.gpu_description, count, vramGb: desc.vramGb }),
    price: offerPrice(perHour, count),
    // Lambda runs its own data centres.
    cloud: 'secure',
    // GiB as Lambda states them (the model's GB fields are display sizes; no unit juggling).
    specs: {
      ...(typeof t.specs.vcpus === 'number' ? { vcpus: t.specs.vcpus } : {}),
      ...(typeof t.specs.memory_gib === 'number' ? { ramGb: t.specs.memory_gib } : {}),
      ...(typeof t.specs.storage_gib === 'number' ? { diskGb: t.specs.storage_gib } : {}),
    },
    quality: {},
    fetchedAt: ctx.fetchedAt,
    consoleUrl: LAMBDA_CONSOLE_URL,
    instanceType: t.name,
  };
  if (ctx.account) offer.account = ctx.account;
  return offer;
}

/** Offers from a validated instance-types body. CPU-only types (`gpus: 0`) are not GPU offers. */
export function parseLambdaInstanceTypes(
  body: unknown,
  ctx: LambdaParseContext,
  where = 'GET /api/v1/instance-types',
): GpuOffer[] {
  const parsed = validate(LambdaInstanceTypesResponseSchema, body, where);
  const offers: GpuOffer[] = [];
  for (const [key, item] of Object.entries(parsed.data)) {
    const t = item.instance_type;
    if (t.specs.gpus <= 0) continue;
    const base = baseOffer(t, ctx);
    const name = t.name || key;
    const regions = item.regions_with_capacity_available;
    if (regions.length === 0) {
      offers.push({
        ...base,
        id: `lambda:${name}:any`,
        nativeId: `${name}:any`,
        availability: { state: 'none', detail: 'sold out in every region' },
        region: { id: 'any', name: 'Any region' },
      });
      continue;
    }
    for (const r of regions) {
      const country = lambdaRegionCountry(r.name, r.description);
      offers.push({
        ...base,
        id: `lambda:${name}:${r.name}`,
        nativeId: `${name}:${r.name}`,
        availability: { state: 'available' },
        region: { id: r.name, ...(r.description ? { name: r.description } : {}), ...(country ? { country } : {}) },
      });
    }
  }
  return offers;
}

export const lambdaInstanceState = stateMap({
  running: ['active'],
  starting: ['booting'],
  error: ['unhealthy'],
  stopping: ['terminating'],
  stopped: ['terminated', 'preempted'],
});

export function lambdaInstanceToModel(i: LambdaInstance, ctx: LambdaParseContext): Resource {
  const t = i.instance_type;
  const meta: Resource['meta'] = {
    instanceType: t.name,
    gpu: t.gpu_description,
    gpus: t.specs.gpus,
    pricePerHour: round(t.price_cents_per_hour / 100, 4),
  };
  if (i.ip) meta.ip = i.ip;
  if (i.hostname) meta.hostname = i.hostname;
  const r: Resource = {
    id: `lambda:${i.id}`,
    provider: 'lambda',
    kind: 'gpu-instance',
    name: i.name?.trim() || i.hostname || i.id,
    region: i.region.name,
    state: lambdaInstanceState(i.status),
    stateRaw: i.status,
    meta,
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: LAMBDA_CONSOLE_URL,
  };
  if (ctx.account) r.account = ctx.account;
  return r;
}

export function parseLambdaInstances(
  body: unknown,
  ctx: LambdaParseContext,
  where = 'GET /api/v1/instances',
): Resource[] {
  const parsed = validate(LambdaInstancesResponseSchema, body, where);
  return parsed.data.map((row, i) =>
    lambdaInstanceToModel(validate(LambdaInstanceSchema, row, where, ['data', i]), ctx),
  );
}
