import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeGpu, type NormalizeHints } from '../../../../src/shared/gpu/normalize';
import { matchesGpuQuery, parseGpuQuery } from '../../../../src/shared/gpu/query';
import type { GpuInfo } from '../../../../src/shared/model';

const g = (raw: string, hints?: NormalizeHints) => normalizeGpu(raw, hints);

const H100_SXM = g('H100 SXM');
const H100_PCIE = g('NVIDIA H100 PCIe');
const H100_NVL = g('H100 NVL');
const H100_UNKNOWN_FORM = g('nvidia-h100-80gb');
const A100_80_SXM = g('NVIDIA A100-SXM4-80GB');
const A100_80_PCIE = g('NVIDIA A100 80GB PCIe');
const A100_40_PCIE = g('A100 (40 GB PCIe)');
const A100_BARE = g('nvidia-tesla-a100');
const A10 = g('A10 (24 GB PCIe)');
const A10G = g('A10G');
const RTX_4090 = g('NVIDIA GeForce RTX 4090');
const RTX_4090D = g('RTX 4090D');
const QUADRO_6000 = g('RTX 6000 (24 GB)');
const RTX_6000_ADA = g('NVIDIA RTX 6000 Ada Generation');
const RTX_PRO_6000 = g('NVIDIA RTX PRO 6000 Blackwell Server Edition');
const MI300X = g('AMD Instinct MI300X OAM');
const H200 = g('NVIDIA H200');
const H200_NVL = g('NVIDIA H200 NVL');
const RTX_3080 = g('RTX 3080', { vramGb: 10 });
const RTX_3080_TI = g('RTX 3080 Ti');

const ALL = {
  H100_SXM,
  H100_PCIE,
  H100_NVL,
  H100_UNKNOWN_FORM,
  A100_80_SXM,
  A100_80_PCIE,
  A100_40_PCIE,
  A100_BARE,
  A10,
  A10G,
  RTX_4090,
  RTX_4090D,
  QUADRO_6000,
  RTX_6000_ADA,
  RTX_PRO_6000,
  MI300X,
  H200,
  H200_NVL,
  RTX_3080,
  RTX_3080_TI,
};
type Name = keyof typeof ALL;

const CASES: [query: string, matches: Name[]][] = [
  ['h100', ['H100_SXM', 'H100_PCIE', 'H100_NVL', 'H100_UNKNOWN_FORM']],
  ['H100', ['H100_SXM', 'H100_PCIE', 'H100_NVL', 'H100_UNKNOWN_FORM']],
  ['NVIDIA H100', ['H100_SXM', 'H100_PCIE', 'H100_NVL', 'H100_UNKNOWN_FORM']],
  ['H100-SXM', ['H100_SXM']],
  ['h100 sxm5', ['H100_SXM']],
  ['H100-PCIE', ['H100_PCIE']],
  ['h100 pcie', ['H100_PCIE']],
  ['H100NVL', ['H100_NVL']],
  ['H100-80GB', ['H100_SXM', 'H100_PCIE', 'H100_UNKNOWN_FORM']],
  ['A100', ['A100_80_SXM', 'A100_80_PCIE', 'A100_40_PCIE', 'A100_BARE']],
  ['A100-80GB', ['A100_80_SXM', 'A100_80_PCIE']],
  ['a100 80gb', ['A100_80_SXM', 'A100_80_PCIE']],
  ['A100-80GB-SXM', ['A100_80_SXM']],
  ['A100-40GB', ['A100_40_PCIE']],
  ['A100 PCIe', ['A100_80_PCIE', 'A100_40_PCIE']],
  ['A10', ['A10']],
  ['a10g', ['A10G']],
  ['RTX 4090', ['RTX_4090']],
  ['4090', ['RTX_4090']],
  ['rtx4090', ['RTX_4090']],
  ['RTX-4090', ['RTX_4090']],
  ['GeForce RTX 4090', ['RTX_4090']],
  ['4090D', ['RTX_4090D']],
  ['RTX 6000', ['QUADRO_6000']],
  ['Quadro RTX 6000', ['QUADRO_6000']],
  ['RTX 6000 Ada', ['RTX_6000_ADA']],
  ['6000 ada', ['RTX_6000_ADA']],
  ['RTX PRO 6000', ['RTX_PRO_6000']],
  ['RTX-PRO-6000-SERVER', ['RTX_PRO_6000']],
  ['RTX-PRO-6000-WS', []],
  ['MI300X', ['MI300X']],
  ['mi300x', ['MI300X']],
  ['H200', ['H200', 'H200_NVL']],
  ['H200 SXM', ['H200']],
  ['H200-NVL', ['H200_NVL']],
  ['3080', ['RTX_3080']],
  ['3080 Ti', ['RTX_3080_TI']],
  ['amd', ['MI300X']],
  ['=H200', ['H200']],
  ['=h100-sxm', ['H100_SXM']],
  ['=A100', ['A100_BARE']],
  ['=RTX 6000 Ada', ['RTX_6000_ADA']],
  ['B200', []],
  ['nonsense', []],
];

describe('matchesGpuQuery', () => {
  it.each(CASES)('%j', (query, expected) => {
    const matched = (Object.keys(ALL) as Name[]).filter((n) => matchesGpuQuery(query, ALL[n]));
    expect(matched.sort()).toEqual([...expected].sort());
  });

  it('accepts a pre-parsed query and the GpuInfo shape offers carry', () => {
    const q = parseGpuQuery('H100-SXM');
    expect(q).toMatchObject({ family: 'H100', form: 'SXM' });
    const info: GpuInfo = { ...H100_SXM, rawName: 'H100 SXM', count: 8 };
    expect(matchesGpuQuery(q, info)).toBe(true);
  });

  it('every canonical key matches the GPU it came from (keys are valid queries)', () => {
    const names = [
      ...Object.values(ALL).map((x) => x.model),
      'RTX-4000-ADA-SFF',
      'V100-FHHL',
      'GH200-96GB',
      'QUADRO-RTX-8000',
      'IMAGINARY-RTX-9999',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...names), (key) => {
        expect(matchesGpuQuery(key, normalizeGpu(key))).toBe(true);
      }),
    );
    for (const gpu of Object.values(ALL)) expect(matchesGpuQuery(gpu.model, gpu), gpu.model).toBe(true);
  });

  it('a family query matches everything a more specific query of that family matches', () => {
    const specific = ['H100-SXM', 'H100-80GB', 'A100-80GB-PCIE', 'A100-40GB', 'H200-NVL', 'RTX-PRO-6000-MAXQ'];
    for (const q of specific) {
      const fam = parseGpuQuery(q).family as string;
      for (const gpu of Object.values(ALL)) {
        if (matchesGpuQuery(q, gpu)) expect(matchesGpuQuery(fam, gpu), `${q} ⊂ ${fam}`).toBe(true);
      }
    }
  });
});
