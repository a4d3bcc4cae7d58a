/** When a filter matches nothing: which one condition, dropped, would let offers through. */
import { describe, expect, it } from 'vitest';
import { nearMisses } from '../../../../src/shared/filter';
import { makeOffer } from './make-offer';

const offers = [
  makeOffer({ gpu: 'H100 SXM', count: 8, perGpuHour: 2.4, region: 'us-east-1' }),
  makeOffer({ gpu: 'H100 SXM', count: 1, perGpuHour: 1.9, region: 'eu-de' }),
  makeOffer({ gpu: 'H100 SXM', count: 8, perGpuHour: 1.5, region: 'eu-de', state: 'none' }),
  makeOffer({ gpu: 'RTX 4090', count: 1, perGpuHour: 0.3, region: 'eu-de' }),
];

describe('nearMisses', () => {
  it('names each condition that alone rules everything out, most offers first, with the cheapest', () => {
    const misses = nearMisses(offers, {
      gpu: ['H100'],
      maxPricePerGpuHour: 2,
      minCount: 8,
      availability: ['available', 'low'],
    });
    expect(misses.map((m) => [m.key, m.count, m.cheapest.price.perGpuHour])).toEqual([
      // Without the price cap: the 8× at $2.40. Without "available": the sold-out 8× at $1.50.
      // Without the count: the 1× at $1.90.
      ['availability', 1, 1.5],
      ['maxPricePerGpuHour', 1, 2.4],
      ['minCount', 1, 1.9],
    ]);
  });

  it('never drops the GPU or the search text: that would answer another question', () => {
    expect(nearMisses(offers, { gpu: ['A100'] })).toEqual([]);
    expect(nearMisses(offers, { search: 'nowhere', gpu: ['H100'] })).toEqual([]);
  });

  it('is empty when the filter matches something, or when no single condition is to blame', () => {
    expect(nearMisses(offers, { gpu: ['H100'] })).toEqual([]);
    expect(nearMisses(offers, { gpu: ['RTX 4090'], minCount: 8, regions: ['us-east-1'] })).toEqual([]);
    expect(nearMisses([], { maxPricePerGpuHour: 1 })).toEqual([]);
  });

  it('keeps to the most helpful few', () => {
    const filter = { gpu: ['H100'], minCount: 8, maxPricePerGpuHour: 2, availability: ['available' as const] };
    expect(nearMisses(offers, filter).map((m) => m.key)).toEqual(['availability', 'maxPricePerGpuHour', 'minCount']);
    expect(nearMisses(offers, filter, 1).map((m) => m.key)).toEqual(['availability']);
  });
});
