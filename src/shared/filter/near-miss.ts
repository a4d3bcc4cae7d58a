/**
 * Why a filter matches nothing: the conditions that, each dropped on its own, would let offers
 * through — "without --max-price: 103 offers, the cheapest $1.45/GPU-h". An empty answer is a dead
 * end; this turns it into the next question. Faces word the condition (a CLI flag, a form label).
 */
import type { GpuOffer, OfferFilter } from '../model';
import { filterOffers } from './match';

export interface NearMiss {
  /** The condition that, dropped, lets `count` offers through. */
  key: keyof OfferFilter;
  count: number;
  /** The cheapest of them per GPU-hour. */
  cheapest: GpuOffer;
}

/**
 * The near misses of a filter that matches none of `offers`, most offers first; empty when it
 * matches some. The GPU and the search text are what is wanted, not a constraint on it: dropping
 * them would answer another question, so they are never dropped.
 */
export function nearMisses(offers: readonly GpuOffer[], filter: OfferFilter, max = 3): NearMiss[] {
  const keys = (Object.keys(filter) as (keyof OfferFilter)[]).filter(
    (k) => filter[k] !== undefined && k !== 'gpu' && k !== 'search',
  );
  if (keys.length === 0 || filterOffers(offers, filter).length > 0) return [];
  const misses: NearMiss[] = [];
  for (const key of keys) {
    const rest = { ...filter };
    delete rest[key];
    const through = filterOffers(offers, rest);
    if (through.length === 0) continue;
    let cheapest = through[0]!;
    for (const o of through) if (o.price.perGpuHour < cheapest.price.perGpuHour) cheapest = o;
    misses.push({ key, count: through.length, cheapest });
  }
  return misses.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, max);
}
