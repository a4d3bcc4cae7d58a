import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  describeFilter,
  filterOffers,
  matchOffer,
  prepareSearch,
  searchNarrows,
  sortOffers,
} from '../../../../src/shared/filter';
import { type GpuOffer, type OfferFilter, OfferFilterSchema } from '../../../../src/shared/model';
import { makeOffer } from './make-offer';
import { providerNamesFrom } from '../../../../src/shared/format';
import { providerRegistry } from '../../../../src/core/providers/registry';

const NAMES = providerNamesFrom(providerRegistry);

const base = makeOffer({ gpu: 'H100 SXM', count: 2, perGpuHour: 2.5, region: 'US-TX', country: 'US' });

type Case = [name: string, filter: OfferFilter, offer: GpuOffer, expected: boolean];

const CASES: Case[] = [
  ['empty filter matches everything', {}, base, true],
  ['gpu family', { gpu: ['h100'] }, base, true],
  ['gpu other family', { gpu: ['A100'] }, base, false],
  ['gpu any of several', { gpu: ['A100', 'H100-SXM'] }, base, true],
  ['gpu form mismatch', { gpu: ['H100-PCIE'] }, base, false],
  ['gpu empty list constrains nothing', { gpu: [] }, base, true],
  ['minCount met', { minCount: 2 }, base, true],
  ['minCount not met', { minCount: 4 }, base, false],
  ['maxCount met', { maxCount: 2 }, base, true],
  ['maxCount exceeded', { maxCount: 1 }, base, false],
  ['max $/GPU-h at the boundary', { maxPricePerGpuHour: 2.5 }, base, true],
  ['max $/GPU-h below', { maxPricePerGpuHour: 2.49 }, base, false],
  ['max $/h (whole offer: 2 × 2.5)', { maxPricePerHour: 5 }, base, true],
  ['max $/h below', { maxPricePerHour: 4.99 }, base, false],
  ['min VRAM met', { minVramGb: 80 }, base, true],
  ['min VRAM not met', { minVramGb: 81 }, base, false],
  ['min VRAM with unknown VRAM', { minVramGb: 1 }, makeOffer({ gpu: 'Mystery 9' }), false],
  ['provider in list', { providers: ['vastai', 'runpod'] }, base, true],
  ['provider not in list', { providers: ['lambda'] }, base, false],
  ['region by id, any case', { regions: ['us-tx'] }, base, true],
  ['region by country, any case', { regions: ['us'] }, base, true],
  ['region by other country', { regions: ['DE', 'fr'] }, base, false],
  ['billing', { billing: ['on-demand'] }, base, true],
  ['billing mismatch', { billing: ['spot', 'interruptible'] }, base, false],
  ['cloud community', { cloud: ['community'] }, makeOffer({ cloud: 'community' }), true],
  ['cloud secure vs community offer', { cloud: ['secure'] }, makeOffer({ cloud: 'community' }), false],
  ['no tier counts as secure', { cloud: ['secure'] }, makeOffer({ provider: 'lambda' }), true],
  ['no tier is not community', { cloud: ['community'] }, makeOffer({ provider: 'lambda' }), false],
  ['min reliability met', { minReliability: 0.98 }, makeOffer({ reliability: 0.99 }), true],
  ['min reliability not met', { minReliability: 0.98 }, makeOffer({ reliability: 0.9 }), false],
  ['min reliability: unscored offers pass', { minReliability: 0.98 }, makeOffer({ provider: 'lambda' }), true],
  ['verified wanted, verified', { verified: true }, makeOffer({ verified: true }), true],
  ['verified wanted, unverified', { verified: true }, makeOffer({ verified: false }), false],
  ['verified wanted, not reported', { verified: true }, makeOffer({ provider: 'lambda' }), true],
  ['unverified only', { verified: false }, makeOffer({ verified: true }), false],
  ['unverified only, unverified', { verified: false }, makeOffer({ verified: false }), true],
  ['availability kept', { availability: ['available', 'low'] }, makeOffer({ state: 'low' }), true],
  ['availability dropped', { availability: ['available', 'low'] }, makeOffer({ state: 'none' }), false],
  ['availability absent keeps sold-out', {}, makeOffer({ state: 'none' }), true],
  ['search model', { search: 'h100-sxm' }, base, true],
  ['search raw name words', { search: 'H100 sxm' }, base, true],
  ['search provider + region', { search: 'vastai us-tx' }, base, true],
  ['search all words must match', { search: 'h100 lambda' }, base, false],
  ['search region name', { search: 'texas' }, makeOffer({ regionName: 'Austin, Texas' }), true],
  ['search blank', { search: '   ' }, base, true],
  [
    'all fields together',
    {
      gpu: ['H100'],
      minCount: 2,
      maxCount: 8,
      maxPricePerGpuHour: 3,
      maxPricePerHour: 6,
      minVramGb: 80,
      providers: ['vastai'],
      regions: ['US'],
      billing: ['on-demand'],
      cloud: ['secure'],
      minReliability: 0.5,
      verified: true,
      availability: ['available'],
      search: 'sxm',
    },
    base,
    true,
  ],
];

describe('matchOffer', () => {
  it.each(CASES)('%s', (_name, filter, offer, expected) => {
    expect(OfferFilterSchema.safeParse(filter).success).toBe(true);
    expect(matchOffer(filter, offer)).toBe(expected);
  });

  it('filterOffers agrees with matchOffer offer by offer', () => {
    const offers = [
      base,
      makeOffer({ gpu: 'A100 PCIE', vramGb: 80, perGpuHour: 1.2 }),
      makeOffer({ gpu: 'RTX 4090', perGpuHour: 0.4, count: 8 }),
      makeOffer({ gpu: 'H100 NVL', state: 'none' }),
    ];
    fc.assert(
      fc.property(
        fc.record(
          {
            gpu: fc.array(fc.constantFrom('H100', 'A100-80GB', '4090', 'H100-NVL', 'L40S'), { maxLength: 2 }),
            minCount: fc.integer({ min: 1, max: 8 }),
            maxPricePerGpuHour: fc.double({ min: 0, max: 4, noNaN: true }),
            availability: fc.subarray(['available', 'low', 'none', 'unknown'] as const),
          },
          { requiredKeys: [] },
        ),
        (filter) => {
          const kept = filterOffers(offers, filter);
          expect(kept).toEqual(offers.filter((o) => matchOffer(filter, o)));
        },
      ),
    );
  });
});

describe('searchNarrows', () => {
  it('is true when typing on can only drop offers', () => {
    expect(searchNarrows('', 'h')).toBe(true);
    expect(searchNarrows(undefined, 'h100')).toBe(true);
    expect(searchNarrows('h', 'h1')).toBe(true);
    expect(searchNarrows('H100', 'h100-sxm')).toBe(true);
    expect(searchNarrows('h100 us', 'us  h100-s')).toBe(true);
    expect(searchNarrows('h100', 'h100 de')).toBe(true);
  });

  it('is false when the new search could match offers the old one did not', () => {
    expect(searchNarrows('h1', 'h')).toBe(false);
    expect(searchNarrows('h100', '')).toBe(false);
    expect(searchNarrows('h100', 'a100')).toBe(false);
    expect(searchNarrows('h100 de', 'h100')).toBe(false);
  });

  it('filtering the previous result then gives what filtering everything gives (property)', () => {
    const offers = [
      makeOffer({ gpu: 'H100 SXM', region: 'US-TX', country: 'US' }),
      makeOffer({ gpu: 'H100 PCIe', region: 'eu-de-1', country: 'DE', provider: 'runpod' }),
      makeOffer({
        gpu: 'A100 80GB',
        region: 'us-east',
        country: 'US',
        provider: 'lambda',
        instanceType: 'gpu_1x_a100',
      }),
      makeOffer({ gpu: 'RTX 4090', region: 'CA', country: 'CA', regionName: 'Quebec' }),
      makeOffer({ gpu: 'H200', provider: 'oci', region: 'us-ashburn-1' }),
    ];
    prepareSearch(offers);
    const word = fc.stringMatching(/^[a-z0-9 -]{0,6}$/);
    fc.assert(
      fc.property(word, word, (prev, next) => {
        if (!searchNarrows(prev, next)) return;
        const before = filterOffers(offers, { search: prev });
        expect(filterOffers(before, { search: next })).toEqual(filterOffers(offers, { search: next }));
      }),
      { numRuns: 2000 },
    );
  });

  it('an array with or without prepared search texts, and the results filtered from it, filter as matchOffer does (property)', () => {
    // prepareSearch aligns texts with the array by position, filterOffers aligns an unprepared one
    // when it is searched, and hands its result aligned texts of its own: a result filtered again
    // must still pair every offer with its text.
    const offers = [
      base,
      makeOffer({ gpu: 'H100 PCIe', region: 'eu-de-1', country: 'DE', provider: 'runpod', perGpuHour: 1.9 }),
      makeOffer({ gpu: 'A100 80GB', provider: 'lambda', instanceType: 'gpu_1x_a100', perGpuHour: 1.1 }),
      makeOffer({ gpu: 'RTX 4090', count: 8, perGpuHour: 0.4, regionName: 'Quebec' }),
      makeOffer({ gpu: 'H200', provider: 'oci', region: 'us-ashburn-1', state: 'none' }),
      makeOffer({ gpu: 'H100 NVL', count: 4, perGpuHour: 3.2 }),
    ];
    const filterArb = fc.record(
      {
        search: fc.constantFrom('h', 'h100', 'us', 'a100 lambda', 'x', '4090 quebec', 'sxm', ' '),
        // Thresholds that keep some offers and drop others, so later filters see a thinned list.
        minCount: fc.constantFrom(1, 2, 4),
        maxPricePerGpuHour: fc.constantFrom(1.5, 2, 3),
        availability: fc.subarray(['available', 'low', 'none', 'unknown'] as const),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(filterArb, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (chain, sorted, prepared) => {
          // A fresh array each run (the texts are cached per array), sometimes in another order.
          let list = sorted ? sortOffers(offers, { key: 'perGpuHour', dir: 'asc' }) : [...offers];
          if (prepared) prepareSearch(list);
          for (const filter of chain) {
            const expected = list.filter((o) => matchOffer(filter, o));
            list = filterOffers(list, filter);
            expect(list).toEqual(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('sortOffers', () => {
  const a = makeOffer({ id: 'a', gpu: 'RTX 4090', count: 1, perGpuHour: 0.5, reliability: 0.9 });
  const b = makeOffer({ id: 'b', gpu: 'H100 SXM', count: 8, perGpuHour: 2.0, reliability: 0.99, provider: 'runpod' });
  const c = makeOffer({ id: 'c', gpu: 'A100 PCIE', count: 2, perGpuHour: 1.0, provider: 'lambda' }); // no VRAM, no reliability
  const d = makeOffer({ id: 'd', gpu: 'H100 PCIE', count: 1, perGpuHour: 2.0, reliability: 0.95 });
  const offers = [a, b, c, d];
  const ids = (xs: GpuOffer[]) => xs.map((o) => o.nativeId);

  it('by $/GPU-h, stable on ties', () => {
    expect(ids(sortOffers(offers, { key: 'perGpuHour' }))).toEqual(['a', 'c', 'b', 'd']);
    expect(ids(sortOffers(offers, { key: 'perGpuHour', dir: 'desc' }))).toEqual(['b', 'd', 'c', 'a']);
  });

  it('by $/h (whole offer)', () => {
    expect(ids(sortOffers(offers, { key: 'perHour' }))).toEqual(['a', 'c', 'd', 'b']);
  });

  it('by $/VRAM-GB-h, offers without VRAM last in both directions', () => {
    // a: 0.5/24 = 0.0208, b: 2/80 = 0.025, d: 2/80 = 0.025, c: unknown
    expect(ids(sortOffers(offers, { key: 'perVramGbHour' }))).toEqual(['a', 'b', 'd', 'c']);
    expect(ids(sortOffers(offers, { key: 'perVramGbHour', dir: 'desc' }))).toEqual(['b', 'd', 'a', 'c']);
  });

  it('by gpu model, ties cheapest first', () => {
    const e = makeOffer({ id: 'e', gpu: 'H100 SXM', perGpuHour: 1.5 });
    expect(ids(sortOffers([...offers, e], { key: 'gpu' }))).toEqual(['c', 'd', 'e', 'b', 'a']);
  });

  it('by provider and by reliability (unknown last)', () => {
    expect(ids(sortOffers(offers, { key: 'provider' }))).toEqual(['c', 'b', 'a', 'd']);
    expect(ids(sortOffers(offers, { key: 'reliability', dir: 'desc' }))).toEqual(['b', 'd', 'a', 'c']);
    expect(ids(sortOffers(offers, { key: 'reliability' }))).toEqual(['a', 'd', 'b', 'c']);
  });

  it('does not modify its input and is a permutation of it', () => {
    const before = ids(offers);
    const sorted = sortOffers(offers, { key: 'perHour', dir: 'desc' });
    expect(ids(offers)).toEqual(before);
    expect(ids(sorted).sort()).toEqual([...before].sort());
  });

  it('orders any list (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.double({ min: 0, max: 10, noNaN: true }), n: fc.integer({ min: 1, max: 8 }) }), {
          maxLength: 30,
        }),
        (rows) => {
          const list = rows.map((r, i) => makeOffer({ id: `x${i}`, perGpuHour: r.p, count: r.n }));
          const sorted = sortOffers(list, { key: 'perHour' });
          for (let i = 1; i < sorted.length; i++) {
            const prev = sorted[i - 1] as GpuOffer;
            const cur = sorted[i] as GpuOffer;
            expect(prev.price.perHour).toBeLessThanOrEqual(cur.price.perHour);
            if (prev.price.perHour === cur.price.perHour) {
              expect(list.indexOf(prev)).toBeLessThan(list.indexOf(cur));
            }
          }
        },
      ),
    );
  });
});

describe('describeFilter', () => {
  it.each<[OfferFilter, string]>([
    [{}, 'any GPU'],
    [{ gpu: ['H100'], minCount: 2, maxPricePerGpuHour: 2.5 }, 'H100, ≥2 GPUs, ≤ $2.50/GPU·h'],
    [{ gpu: ['A100-80GB', '4090'], minCount: 8, maxCount: 8 }, 'A100-80GB/4090, 8 GPUs'],
    [{ gpu: ['H100'], minCount: 1, maxCount: 4 }, 'H100, 1–4 GPUs'],
    [{ maxCount: 1, maxPricePerHour: 20 }, 'any GPU, ≤1 GPU, ≤ $20.00/h'],
    [
      { providers: ['vastai', 'runpod'], regions: ['US'], billing: ['spot'], cloud: ['secure'], verified: true },
      'any GPU, on Vast.ai/RunPod, in US, spot, secure cloud, verified',
    ],
    [{ minVramGb: 80, minReliability: 0.985, search: ' texas ' }, 'any GPU, ≥80 GB VRAM, reliability ≥98.5%, "texas"'],
    [{ gpu: ['A', 'B', 'C', 'D', 'E'] }, 'A/B/C +2'],
  ])('%j → %s', (filter, text) => {
    expect(describeFilter(filter, NAMES)).toBe(text);
  });

  it('names providers from the descriptors it is given, the id otherwise', () => {
    expect(describeFilter({ providers: ['vastai', 'runpod'] }, { runpod: 'RunPod' })).toBe('any GPU, on vastai/RunPod');
    expect(describeFilter({ providers: ['hetzner'] }, providerNamesFrom(providerRegistry))).toBe(
      'any GPU, on Hetzner Cloud',
    );
  });

  it('stays short enough for a notification', () => {
    const filter: OfferFilter = {
      gpu: ['H100-SXM', 'H200', 'B200', 'MI300X', 'A100-80GB'],
      minCount: 8,
      maxPricePerGpuHour: 3.25,
      providers: ['vastai', 'runpod', 'lambda', 'oci'],
      regions: ['US', 'DE', 'FR', 'GB', 'NL'],
      billing: ['on-demand', 'spot'],
      minReliability: 0.99,
      verified: true,
    };
    expect(new TextEncoder().encode(describeFilter(filter)).length).toBeLessThan(200);
  });
});
