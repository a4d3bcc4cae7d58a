/** `cloudtop offers` / `cloudtop watch` filter flags → the shared OfferFilter (validated). */
import {
  BillingSchema,
  CloudTierSchema,
  OfferFilterSchema,
  type OfferFilter,
  type OfferSort,
} from '../../shared/model';
import { UsageError } from './io';

export { addOfferFilterOptions } from './offer-flags';

/**
 * A flag's number, written in plain decimal: `Number()` alone would read `0x10` as 16, `1e9` as a
 * billion and `''` as 0, so a typo would silently filter on something else. `max` bounds what a GPU
 * offer can sensibly have.
 */
export function decimalFlag(
  flag: string,
  v: unknown,
  { int = false, min = 0, max = Infinity } = {},
): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  const pattern = int ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const n = Number(s);
  const what = `${int ? 'a whole number' : 'a decimal number'} ≥ ${min}${Number.isFinite(max) ? ` and ≤ ${max}` : ''}`;
  if (!pattern.test(s) || !Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`${flag}: "${s}" is not ${what}`);
  return n;
}

/** Most GPUs one offer has (the largest markets list 8–72 per machine); guards against typos like 1e9. */
const MAX_GPU_COUNT = 1024;
const MAX_USD = 1_000_000;
const MAX_VRAM_GB = 100_000;

/**
 * Availability states kept when no `--include-unavailable`: offers one can rent, plus `listed`
 * (catalogue, capacity unknown) when asked — `offers` lists them by default, `watch` alerts on them
 * only with `--listed` (docs/design.md §11).
 */
function availabilityFrom(o: Record<string, unknown>, listedByDefault: boolean): OfferFilter['availability'] {
  if (o.includeUnavailable) return undefined;
  const listed = o.listed === undefined ? listedByDefault : o.listed === true;
  return listed ? ['available', 'low', 'listed'] : ['available', 'low'];
}

export function offerFilterFromOptions(o: Record<string, unknown>, { listedByDefault = false } = {}): OfferFilter {
  let reliability: number | undefined;
  if (o.minReliability !== undefined) {
    const raw = String(o.minReliability).trim();
    reliability = raw.endsWith('%')
      ? decimalFlag('--min-reliability', raw.slice(0, -1))! / 100
      : decimalFlag('--min-reliability', raw);
    if (reliability! > 1) throw new UsageError('--min-reliability: use 0..1 or a percentage (e.g. 0.98 or 98%)');
  }
  for (const b of (o.billing as string[] | undefined) ?? []) {
    if (!BillingSchema.safeParse(b).success)
      throw new UsageError(`--billing: "${b}" is not one of ${BillingSchema.options.join(', ')}`);
  }
  for (const c of (o.cloud as string[] | undefined) ?? []) {
    if (!CloudTierSchema.safeParse(c).success)
      throw new UsageError(`--cloud: "${c}" is not one of ${CloudTierSchema.options.join(', ')}`);
  }
  const filter: OfferFilter = {
    gpu: o.gpu as string[] | undefined,
    minCount: decimalFlag('--min-count', o.minCount, { int: true, min: 1, max: MAX_GPU_COUNT }),
    maxCount: decimalFlag('--max-count', o.maxCount, { int: true, min: 1, max: MAX_GPU_COUNT }),
    maxPricePerGpuHour: decimalFlag('--max-price', o.maxPrice, { max: MAX_USD }),
    maxPricePerHour: decimalFlag('--max-total-price', o.maxTotalPrice, { max: MAX_USD }),
    minVramGb: decimalFlag('--min-vram', o.minVram, { max: MAX_VRAM_GB }),
    regions: o.region as string[] | undefined,
    billing: o.billing as OfferFilter['billing'],
    cloud: o.cloud as OfferFilter['cloud'],
    minReliability: reliability,
    verified: o.verified === true ? true : undefined,
    availability: availabilityFrom(o, listedByDefault),
    search: typeof o.search === 'string' ? o.search : undefined,
  };
  for (const k of Object.keys(filter) as (keyof OfferFilter)[]) if (filter[k] === undefined) delete filter[k];
  if (filter.minCount !== undefined && filter.maxCount !== undefined && filter.minCount > filter.maxCount)
    throw new UsageError(
      `--min-count ${filter.minCount} is more than --max-count ${filter.maxCount}: no offer could match`,
    );
  for (const [flag, list] of [
    ['--gpu', o.gpu],
    ['--region', o.region],
    ['--billing', o.billing],
    ['--cloud', o.cloud],
  ] as const) {
    // `--gpu ''` collects to nothing, which would silently mean "any".
    if (Array.isArray(list) && list.length === 0) throw new UsageError(`${flag}: empty value`);
  }
  if (o.search !== undefined && String(o.search).trim() === '') throw new UsageError('--search: empty value');
  const parsed = OfferFilterSchema.safeParse(filter);
  if (!parsed.success)
    throw new UsageError(
      `invalid filter: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

const SORTS: Record<string, OfferSort> = {
  'gpu-hour': { key: 'perGpuHour', dir: 'asc' },
  price: { key: 'perGpuHour', dir: 'asc' },
  hour: { key: 'perHour', dir: 'asc' },
  vram: { key: 'perVramGbHour', dir: 'asc' },
  gpu: { key: 'gpu', dir: 'asc' },
  provider: { key: 'provider', dir: 'asc' },
  reliability: { key: 'reliability', dir: 'desc' },
};

export function parseSort(v: unknown): OfferSort {
  const s = String(v ?? 'gpu-hour');
  const hit = SORTS[s];
  if (!hit) throw new UsageError(`--sort: "${s}" is not one of ${Object.keys(SORTS).join(', ')}`);
  return hit;
}
