/**
 * The parts of offers and resources every provider builds the same way: the normalised `gpu` from the
 * provider's own name for it, the price per hour and per GPU-hour with one rounding rule, and the
 * mapping of a provider's statuses to ResourceState.
 */
import { normalizeGpu } from '../../../shared/gpu/normalize';
import type { GpuOffer, ResourceState } from '../../../shared/model';

/** Rounds to `digits` decimals (prices, sizes, percentages). */
export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export interface OfferGpuInput {
  provider: string;
  /** The provider's name, kept as `rawName`. */
  rawName: string;
  count: number;
  /** What the normaliser reads, when not `rawName` itself (a cleaned-up name). */
  name?: string;
  /** VRAM per GPU as the provider reports it; the catalogue's figure wins. */
  vramGb?: number;
}

export function offerGpu({ provider, rawName, count, name, vramGb: reported }: OfferGpuInput): GpuOffer['gpu'] {
  const norm = normalizeGpu(name ?? rawName, { vramGb: reported, provider });
  const vramGb = norm.vramGb ?? reported;
  return {
    model: norm.model,
    family: norm.family,
    rawName,
    vendor: norm.vendor,
    ...(norm.variant ? { variant: norm.variant } : {}),
    ...(vramGb !== undefined ? { vramGb } : {}),
    count,
  };
}

/** `perHour` for the whole offer; per GPU-hour is derived (6 decimals) so the two always agree. */
export function offerPrice(
  perHour: number,
  count: number,
  billing: GpuOffer['price']['billing'] = 'on-demand',
  currency = 'USD',
): GpuOffer['price'] {
  return { perHour, perGpuHour: round(perHour / count, 6), currency, billing };
}

/**
 * A provider's resource statuses → ResourceState, written as the provider's words per state; a
 * status not listed (a new one) is `unknown`, never an error.
 */
export function stateMap(words: Partial<Record<ResourceState, readonly string[]>>): (status: string) => ResourceState {
  const table = new Map<string, ResourceState>();
  for (const [state, list] of Object.entries(words)) for (const w of list ?? []) table.set(w, state as ResourceState);
  return (status) => table.get(status) ?? 'unknown';
}
