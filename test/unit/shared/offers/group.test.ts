import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groupByModel } from '../../../../src/shared/offers/group';
import type { GpuOffer } from '../../../../src/shared/model';
import { makeOffer } from '../filter/make-offer';

describe('groupByModel', () => {
  const offers: GpuOffer[] = [
    makeOffer({ id: 'v1', gpu: 'H100 SXM', perGpuHour: 2.4, region: 'US-TX', country: 'US' }),
    makeOffer({ id: 'v2', gpu: 'H100 SXM', perGpuHour: 1.9, state: 'none' }),
    makeOffer({
      id: 'r1',
      gpu: 'NVIDIA H100 80GB HBM3',
      provider: 'runpod',
      perGpuHour: 2.1,
      state: 'low',
      region: 'EU-RO-1',
    }),
    makeOffer({ id: 'l1', gpu: 'H100 (80 GB PCIe)', provider: 'lambda', perGpuHour: 2.0, region: 'us-east-1' }),
    makeOffer({ id: 'l2', gpu: 'RTX 6000 (24 GB)', provider: 'lambda', perGpuHour: 0.5, state: 'none' }),
    makeOffer({ id: 'v3', gpu: 'RTX 4090', perGpuHour: 0.35, count: 4, billing: 'interruptible' }),
  ];
  const groups = groupByModel(offers);
  const byModel = new Map(groups.map((g) => [g.model, g]));

  it('makes one group per canonical model: Vast and RunPod H100 SXM together, PCIe apart', () => {
    expect(groups.map((g) => g.model)).toEqual(['RTX-4090', 'H100-PCIE', 'H100-SXM', 'QUADRO-RTX-6000']);
    expect(byModel.get('H100-SXM')?.offerCount).toBe(3);
    expect(byModel.get('H100-SXM')?.providers).toEqual(['runpod', 'vastai']);
  });

  it('picks the cheapest offer one can rent, and says where', () => {
    const h = byModel.get('H100-SXM');
    // v2 is cheaper but sold out: not "cheapest available".
    expect(h?.cheapest).toMatchObject({
      offerId: 'runpod:r1',
      provider: 'runpod',
      regionId: 'EU-RO-1',
      perGpuHour: 2.1,
    });
    expect(h?.cheapest?.state).toBe('low');
    expect(h?.cheapestAny.offerId).toBe('vastai:v2');
    expect(h?.availability).toEqual({ available: 1, low: 1, none: 1, unknown: 0, listed: 0 });
    expect(h?.availableCount).toBe(2);
    expect(h?.vramGb).toBe(80);
    expect(h?.family).toBe('H100');
  });

  it('a sold-out model has no cheapest and sorts after rentable ones', () => {
    const q = byModel.get('QUADRO-RTX-6000');
    expect(q?.cheapest).toBeUndefined();
    expect(q?.cheapestAny.perGpuHour).toBe(0.5);
    expect(groups.at(-1)?.model).toBe('QUADRO-RTX-6000');
  });

  it('carries billing and count so the UI can say "spot" or "4×"', () => {
    expect(byModel.get('RTX-4090')?.cheapest).toMatchObject({ billing: 'interruptible', count: 4, perHour: 1.4 });
  });

  it('counts every offer exactly once (property)', () => {
    const names = ['H100 SXM', 'H100 PCIE', 'RTX 4090', 'A100 SXM4', 'MI300X'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gpu: fc.constantFrom(...names),
            p: fc.double({ min: 0.1, max: 5, noNaN: true }),
            s: fc.constantFrom('available', 'low', 'none', 'unknown') as fc.Arbitrary<
              GpuOffer['availability']['state']
            >,
          }),
          { maxLength: 40 },
        ),
        (rows) => {
          const list = rows.map((r) => makeOffer({ gpu: r.gpu, perGpuHour: r.p, state: r.s }));
          const gs = groupByModel(list);
          expect(gs.reduce((n, g) => n + g.offerCount, 0)).toBe(list.length);
          for (const g of gs) {
            const mine = list.filter((o) => o.gpu.model === g.model);
            const rentable = mine.filter((o) => o.availability.state === 'available' || o.availability.state === 'low');
            expect(g.cheapestAny.perGpuHour).toBe(Math.min(...mine.map((o) => o.price.perGpuHour)));
            if (rentable.length)
              expect(g.cheapest?.perGpuHour).toBe(Math.min(...rentable.map((o) => o.price.perGpuHour)));
            else expect(g.cheapest).toBeUndefined();
          }
        },
      ),
    );
  });
});
