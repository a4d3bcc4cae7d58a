/** GPU queries that name nothing the catalogue knows, and the nearest spellings offered instead. */
import { describe, expect, it } from 'vitest';
import { gpuQueryHints, unknownGpuQuery } from '../../../../src/shared/gpu';

const gpu = (family: string) => ({ gpu: { family, vendor: 'nvidia' as const, model: family } });

describe('unknownGpuQuery', () => {
  it.each([
    'H100',
    'h100 sxm',
    'H100-SXM',
    'A100-80GB',
    '4090',
    'rtx 4090',
    'L40s',
    'A6000',
    'nvidia',
    '=H200',
    'MI300X',
  ])('%s is known', (q) => expect(unknownGpuQuery(q)).toBeUndefined());

  it.each([
    ['H1OO', ['H100']],
    ['H200X', ['H200', 'B200', 'GH200']],
    ['MI300', ['MI300A', 'MI300X', 'MI100']],
    ['H10', ['A10', 'H100', 'H20']],
    ['XYZ', []],
  ])('%s is unknown; nearest %j', (q, nearest) => {
    const u = unknownGpuQuery(q)!;
    expect(u.query).toBe(q);
    expect(new Set(u.nearest)).toEqual(new Set(nearest));
    expect(u.nearest.length).toBeLessThanOrEqual(3);
  });

  it('nearest first: one edit before two', () => {
    // H1O0 is one edit from H100 (two from H10…); B2000 one from B200, two from B100 and B300.
    expect(unknownGpuQuery('H1O0')!.nearest[0]).toBe('H100');
    expect(unknownGpuQuery('B2000')!.nearest[0]).toBe('B200');
    // Two digits swapped is one edit: RTX-4090 before the RTX-4060 and RTX-3090 two edits away.
    expect(unknownGpuQuery('RTX-4900')!.nearest[0]).toBe('RTX-4090');
  });
});

describe('gpuQueryHints', () => {
  it('hints only for unknown names that no offer has', () => {
    expect(gpuQueryHints(['H100', 'H1OO'], [gpu('H100')])).toEqual([
      '--gpu H1OO: not a GPU cloudtop knows; it matches only offers of a GPU named exactly that. Did you mean H100?',
    ]);
    // A GPU newer than the catalogue, on offer under that name: nothing to say.
    expect(gpuQueryHints(['B400'], [gpu('B400')])).toEqual([]);
    expect(gpuQueryHints(undefined, [])).toEqual([]);
  });

  it('says nothing of a near spelling when there is none', () => {
    expect(gpuQueryHints(['XYZ'], [])).toEqual([
      '--gpu XYZ: not a GPU cloudtop knows; it matches only offers of a GPU named exactly that.',
    ]);
  });
});
