/**
 * Offer-search options (`providers.vastai.options` in cloudtop.json) and their translation into
 * the body of `POST /api/v0/bundles/`: `{"verified":{"eq":true},"rentable":{"eq":true},
 * "external":{"eq":false},"gpu_name":{"in":["H100 SXM"]},"num_gpus":{"gte":1},"dph_total":{"lte":…},
 * "reliability":{"gte":…},"geolocation":{"in":[…]},"order":[["dph_total","asc"]],"type":"on-demand","limit":…,
 * "allocated_storage":5}`.
 *
 * Field names follow the API docs (search_offers.yaml) and what the official CLI sends (vast-cli
 * `search__offers`): the filter key is `reliability`; `reliability2` is only a response field.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { parseProviderOptions } from '../kit/options';

/** `vastai search offers --storage` default (vast-cli), GB. */
export const VAST_CLI_DEFAULT_STORAGE_GB = 5;

const country = lazySchema(() => z.string().regex(/^[A-Za-z]{2}$/, 'two-letter country code (US, DE…)'));
const orderKey = lazySchema(() => z.tuple([z.string().regex(/^[a-z_0-9]+$/), z.enum(['asc', 'desc'])]));

export const VastOptionsSchema = lazySchema(() =>
  z
    .object({
      /** Vast GPU names, e.g. "H100 SXM", "RTX 4090" (the CLI spelling "H100_SXM" is accepted). */
      gpuNames: z.array(z.string().min(1)).optional(),
      minGpus: z.number().int().positive().optional(),
      maxGpus: z.number().int().positive().optional(),
      /** Upper bound on the whole offer's $/h (`dph_total`). */
      maxPricePerHour: z.number().positive().optional(),
      /** Upper bound on $/GPU-h; the API has no such column, so it is applied after the search. */
      maxPricePerGpuHour: z.number().positive().optional(),
      minReliability: z.number().min(0).max(1).optional(),
      /** true: verified hosts only (default); false: unverified only; 'any': both. */
      verified: z.union([z.boolean(), z.literal('any')]).default(true),
      /** Two-letter country codes (`geolocation in`). */
      countries: z.array(country).optional(),
      excludeCountries: z.array(country).optional(),
      /** Minimum VRAM per GPU in GB (the API filters `gpu_ram` in MB). */
      minGpuRamGb: z.number().positive().optional(),
      order: z
        .array(orderKey)
        .min(1)
        .default([['dph_total', 'asc']]),
      /** Offers per search. Without a GPU filter, cheap consumer cards fill the list first. */
      limit: z.number().int().positive().max(10_000).default(1000),
      /** `interruptible` adds a second search with `type: "bid"` (priced at the minimum bid). */
      billing: z
        .array(z.enum(['on-demand', 'interruptible']))
        .min(1)
        .default(['on-demand']),
      /**
       * Disk (GB) the API includes in `dph_total`. Defaults to what the official CLI sends
       * (`vastai search offers --storage`, default 5.0), so our prices match the ones users see there;
       * without it the server prices 8 GB (its documented default).
       */
      allocatedStorageGb: z.number().nonnegative().default(VAST_CLI_DEFAULT_STORAGE_GB),
      /** Include offers from external marketplaces (default false, as the CLI). */
      external: z.boolean().default(false),
      /**
       * Reuse a search answer for this long. /bundles/ allows 10 requests/min per IP; 12 s keeps us at
       * half of that however often refreshes come. Lower it only against a simulator.
       */
      searchCacheMs: z.number().int().nonnegative().default(12_000),
    })
    .strict(),
);
export type VastOptions = z.infer<typeof VastOptionsSchema>;
export type VastOptionsInput = z.input<typeof VastOptionsSchema>;

export function parseVastOptions(raw: Record<string, unknown> | undefined): VastOptions {
  return parseProviderOptions({ id: 'vastai', displayName: 'Vast.ai', optionsSchema: VastOptionsSchema }, raw);
}

/** "H100_SXM" (CLI spelling) → "H100 SXM" (wire spelling); the API answers 0 offers for underscores. */
export function vastGpuName(name: string): string {
  return name.trim().replace(/_/g, ' ').replace(/\s+/g, ' ');
}

export type VastQuery = Record<string, unknown>;

/** Builds the `/bundles/` body for one offer type. */
export function buildVastQuery(
  input: VastOptionsInput | VastOptions = {},
  billing: 'on-demand' | 'interruptible' = 'on-demand',
): VastQuery {
  const f = VastOptionsSchema.parse(input);
  const q: VastQuery = {};
  if (f.verified !== 'any') q.verified = { eq: f.verified };
  else q.verified = { in: [true, false] };
  q.rentable = { eq: true };
  q.external = { eq: f.external };
  if (f.gpuNames?.length) q.gpu_name = { in: [...new Set(f.gpuNames.map(vastGpuName))] };
  const gpus: Record<string, number> = { gte: f.minGpus ?? 1 };
  if (f.maxGpus !== undefined) gpus.lte = f.maxGpus;
  q.num_gpus = gpus;
  if (f.maxPricePerHour !== undefined) q.dph_total = { lte: f.maxPricePerHour };
  if (f.minReliability !== undefined) q.reliability = { gte: f.minReliability };
  // gpu_ram is MB on the wire; the CLI multiplies GB by 1000, which keeps 80 GB cards (81559) in.
  if (f.minGpuRamGb !== undefined) q.gpu_ram = { gte: f.minGpuRamGb * 1000 };
  const geo: Record<string, string[]> = {};
  if (f.countries?.length) geo.in = f.countries.map((c) => c.toUpperCase());
  if (f.excludeCountries?.length) geo.notin = f.excludeCountries.map((c) => c.toUpperCase());
  if (Object.keys(geo).length) q.geolocation = geo;
  q.order = f.order.map(([k, d]) => [k, d]);
  q.type = billing === 'interruptible' ? 'bid' : 'on-demand';
  q.limit = f.limit;
  q.allocated_storage = f.allocatedStorageGb;
  return q;
}
