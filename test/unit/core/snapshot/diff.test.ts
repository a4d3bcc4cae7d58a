import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffEntities, diffSnapshots, sameOffer } from '../../../../src/core/snapshot/diff';
import { deepEqual } from '../../../../src/core/snapshot/equal';
import { applyDiff, isDiffApplicable } from '../../../../src/shared/snapshot/apply-diff';
import { SnapshotDiffSchema, type Snapshot } from '../../../../src/shared/model';
import { ISO0, makeOffer, makeResource, makeStatus } from './fixtures';

const snap = (version: number, over: Partial<Snapshot> = {}): Snapshot => ({
  version,
  takenAt: ISO0,
  providers: [],
  offers: [],
  resources: [],
  demo: false,
  ...over,
});

describe('deepEqual', () => {
  it('compares structure, treats undefined keys as missing', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: null }, { a: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});

describe('diffSnapshots', () => {
  it('finds added, updated and removed offers and resources by id', () => {
    const a = snap(1, { offers: [makeOffer(1), makeOffer(2), makeOffer(3)], resources: [makeResource(1)] });
    const b = snap(2, {
      offers: [
        makeOffer(1),
        makeOffer(2, { price: { perHour: 9, perGpuHour: 3, currency: 'USD', billing: 'spot' } }),
        makeOffer(4),
      ],
      resources: [makeResource(1, { state: 'stopped' }), makeResource(2)],
      providers: [makeStatus('vastai')],
    });
    const d = diffSnapshots(a, b);
    expect(d.fromVersion).toBe(1);
    expect(d.toVersion).toBe(2);
    expect(d.offers.added.map((o) => o.id)).toEqual(['vastai:4']);
    expect(d.offers.updated.map((o) => o.id)).toEqual(['vastai:2']);
    expect(d.offers.removed).toEqual(['vastai:3']);
    expect(d.resources.updated.map((r) => r.id)).toEqual(['cloudflare:res-1']);
    expect(d.resources.added.map((r) => r.id)).toEqual(['cloudflare:res-2']);
    expect(d.providers).toEqual(b.providers);
    expect(() => SnapshotDiffSchema.parse(d)).not.toThrow();
  });

  it('an offer that differs only in fetchedAt is not updated', () => {
    const a = makeOffer(1);
    const b = { ...makeOffer(1), fetchedAt: '2025-01-01T00:05:00.000Z' };
    expect(sameOffer(a, b)).toBe(true);
    expect(diffEntities([a], [b], sameOffer)).toEqual({ added: [], updated: [], removed: [] });
    const c = { ...b, availability: { state: 'none' as const } };
    expect(diffEntities([a], [c], sameOffer).updated).toEqual([c]);
  });

  it('fresh objects with equal content are not updated (no reference equality needed)', () => {
    const prev = Array.from({ length: 100 }, (_, i) => makeOffer(i));
    const next = Array.from({ length: 100 }, (_, i) => structuredClone(makeOffer(i)));
    expect(diffEntities(prev, next, sameOffer)).toEqual({ added: [], updated: [], removed: [] });
  });
});

describe('applyDiff', () => {
  it('applies a diff to the snapshot it came from; refuses a gap', () => {
    const a = snap(3, { offers: [makeOffer(1), makeOffer(2)] });
    const b = snap(4, {
      offers: [makeOffer(2, { availability: { state: 'low' } }), makeOffer(5)],
      providers: [makeStatus('vastai')],
    });
    const d = diffSnapshots(a, b);
    const applied = applyDiff(a, d);
    expect(applied).toEqual(b);
    expect(a.offers.map((o) => o.id)).toEqual(['vastai:1', 'vastai:2']); // input untouched
    expect(isDiffApplicable(snap(2), d)).toBe(false);
    expect(applyDiff(snap(2), d)).toBeNull();
  });

  it('property: applyDiff(a, diff(a, b)) has b’s entities (up to order and fetchedAt-only changes)', () => {
    const offerArb = fc.record({
      n: fc.integer({ min: 0, max: 40 }),
      price: fc.integer({ min: 0, max: 3 }),
      avail: fc.constantFrom('available', 'low', 'none') as fc.Arbitrary<'available' | 'low' | 'none'>,
      minute: fc.integer({ min: 0, max: 2 }),
    });
    const listArb = fc.uniqueArray(offerArb, { selector: (o) => o.n, maxLength: 30 }).map((xs) =>
      xs.map((x) =>
        makeOffer(x.n, {
          price: { perHour: x.price, perGpuHour: x.price, currency: 'USD', billing: 'on-demand' },
          availability: { state: x.avail },
          fetchedAt: `2025-01-01T00:0${x.minute}:00.000Z`,
        }),
      ),
    );
    fc.assert(
      fc.property(listArb, listArb, (xs, ys) => {
        const a = snap(1, { offers: xs });
        const b = snap(2, { offers: ys });
        const applied = applyDiff(a, diffSnapshots(a, b))!;
        const strip = (s: Snapshot) =>
          s.offers.map(({ fetchedAt: _f, ...rest }) => rest).sort((p, q) => (p.id < q.id ? -1 : 1));
        expect(strip(applied)).toEqual(strip(b));
        expect(applied.version).toBe(2);
      }),
      { seed: 20250101, numRuns: 300 },
    );
  });
});
