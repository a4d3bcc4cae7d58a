/**
 * Offer ordering. Stable (ties keep input order), missing values always last whatever the direction
 * (an offer without VRAM has no $/VRAM-GB-h; one without a reliability score is not "least reliable").
 * Non-price keys break ties by $/GPU-h ascending, so "sort by GPU" still shows the cheapest first.
 */
import type { GpuOffer, OfferSortKey } from '../model';

export interface SortSpec {
  key: OfferSortKey;
  dir?: 'asc' | 'desc';
}

/** $/GPU-h divided by VRAM per GPU: what a GB of GPU memory costs per hour. */
export function pricePerVramGbHour(o: GpuOffer): number | undefined {
  const v = o.gpu.vramGb;
  return v !== undefined && v > 0 ? o.price.perGpuHour / v : undefined;
}

function keyOf(o: GpuOffer, key: OfferSortKey): number | string | undefined {
  switch (key) {
    case 'perGpuHour':
      return o.price.perGpuHour;
    case 'perHour':
      return o.price.perHour;
    case 'perVramGbHour':
      return pricePerVramGbHour(o);
    case 'gpu':
      return o.gpu.model;
    case 'provider':
      return o.provider;
    case 'reliability':
      return o.quality.reliability;
  }
}

function cmp(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortOffers(offers: readonly GpuOffer[], sort: SortSpec): GpuOffer[] {
  const sign = sort.dir === 'desc' ? -1 : 1;
  const tieByPrice = sort.key !== 'perGpuHour' && sort.key !== 'perHour' && sort.key !== 'perVramGbHour';
  const rows = offers.map((o, i) => ({ o, i, k: keyOf(o, sort.key), p: o.price.perGpuHour }));
  rows.sort((a, b) => {
    if (a.k === undefined || b.k === undefined) {
      if (a.k !== b.k) return a.k === undefined ? 1 : -1;
    } else {
      const c = cmp(a.k, b.k);
      if (c !== 0) return sign * c;
    }
    if (tieByPrice && a.p !== b.p) return a.p - b.p;
    return a.i - b.i;
  });
  return rows.map((r) => r.o);
}
