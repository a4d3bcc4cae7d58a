import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeGpu, type NormalizeHints } from '../../../../src/shared/gpu/normalize';
import { GPU_CATALOG } from '../../../../src/shared/gpu/catalog';

interface Row {
  raw: string;
  hints?: NormalizeHints;
  model: string;
  family?: string;
  vendor?: string;
  variant?: string | null;
  vramGb?: number | null;
}

// Real names as providers send them. Sources: Vast gpu_name (search_offers/openapi examples and the
// names docs/anchors.md quotes), RunPod gpuTypeId enum + displayName (test/fixtures/specs/runpod), Lambda
// gpu_description (test/fixtures/specs/lambda), OCI shapes + gpuDescription (docs/providers/oci.md),
// docs/anchors.md §6.3 worked examples (K8s GFD label, GCP accelerator type).
const vast = (raw: string, vramGb: number | undefined, model: string, extra: Partial<Row> = {}): Row => ({
  raw,
  hints: { provider: 'vastai', vramGb },
  model,
  ...extra,
});
const runpod = (raw: string, model: string, extra: Partial<Row> = {}): Row => ({
  raw,
  hints: { provider: 'runpod' },
  model,
  ...extra,
});
const lambda = (raw: string, model: string, extra: Partial<Row> = {}): Row => ({
  raw,
  hints: { provider: 'lambda' },
  model,
  ...extra,
});
const oci = (raw: string, model: string, extra: Partial<Row> = {}): Row => ({
  raw,
  hints: { provider: 'oci' },
  model,
  ...extra,
});

const TABLE: Row[] = [
  // Vast.ai gpu_name, gpu_ram converted to GB (MiB / 1024, as reported: not round numbers)
  vast('RTX 4090', 23.99, 'RTX-4090', { family: 'RTX-4090', vendor: 'nvidia', vramGb: 24, variant: null }),
  vast('RTX_4090', 23.99, 'RTX-4090'),
  vast('H100 SXM', 79.65, 'H100-SXM', { family: 'H100', variant: 'SXM', vramGb: 80 }),
  vast('H100 PCIE', 79.65, 'H100-PCIE', { family: 'H100', variant: 'PCIE', vramGb: 80 }),
  vast('H100 NVL', 93.58, 'H100-NVL', { family: 'H100', variant: 'NVL', vramGb: 94 }),
  vast('A100 SXM4', 79.65, 'A100-80GB-SXM', { family: 'A100', variant: 'SXM', vramGb: 80 }),
  vast('A100 SXM4', 39.59, 'A100-40GB-SXM', { vramGb: 40 }),
  vast('A100 PCIE', 39.59, 'A100-40GB-PCIE', { variant: 'PCIE' }),
  vast('A100 PCIE', 79.65, 'A100-80GB-PCIE'),
  vast('A100X', 79.65, 'A100X'),
  vast('RTX A6000', 47.99, 'RTX-A6000', { family: 'RTX-A6000', vramGb: 48 }),
  vast('RTX A5000', 23.99, 'RTX-A5000'),
  vast('RTX A4000', 15.99, 'RTX-A4000'),
  vast('RTX 6000Ada', 47.99, 'RTX-6000-ADA', { family: 'RTX-6000-ADA', vramGb: 48 }),
  vast('RTX 5000Ada', 31.99, 'RTX-5000-ADA'),
  vast('Q RTX 8000', 47.99, 'QUADRO-RTX-8000', { family: 'QUADRO-RTX-8000', vendor: 'nvidia' }),
  vast('Q RTX 6000', 23.99, 'QUADRO-RTX-6000'),
  vast('Tesla V100', 15.99, 'V100-16GB', { family: 'V100', vramGb: 16, variant: null }),
  vast('Tesla V100', 31.99, 'V100-32GB'),
  vast('Tesla T4', 15.0, 'T4', { family: 'T4', vramGb: 16 }),
  vast('Tesla P40', 23.9, 'P40'),
  vast('RTX 3090', 23.99, 'RTX-3090'),
  vast('RTX 3060', 11.99, 'RTX-3060-12GB', { family: 'RTX-3060', vramGb: 12 }),
  vast('RTX 3080 Ti', 11.99, 'RTX-3080-TI', { family: 'RTX-3080-TI' }),
  vast('RTX 4070S Ti', 15.99, 'RTX-4070-TI-SUPER'),
  vast('RTX 4080S', 15.99, 'RTX-4080-SUPER'),
  vast('RTX 4090D', 23.99, 'RTX-4090D', { family: 'RTX-4090D' }),
  vast('RTX 5090', 31.84, 'RTX-5090', { vramGb: 32 }),
  vast('RTX PRO 6000 WS', 95.59, 'RTX-PRO-6000-WS', { family: 'RTX-PRO-6000', variant: 'WS' }),
  vast('RTX PRO 6000 S', 95.59, 'RTX-PRO-6000-SERVER', { variant: 'SERVER' }),
  vast('GTX 1080 Ti', 10.9, 'GTX-1080-TI'),
  vast('Titan RTX', 23.9, 'TITAN-RTX'),
  vast('L40S', 44.99, 'L40S', { vramGb: 48 }),
  vast('H200', 140.4, 'H200', { vramGb: 141 }),
  vast('H200 NVL', 140.4, 'H200-NVL', { family: 'H200', variant: 'NVL' }),
  vast('GH200 SXM', 95.0, 'GH200-96GB', { family: 'GH200' }),
  vast('B200', 179.1, 'B200'),
  vast('RTX 4090', 47.99, 'RTX-4090-48GB', { family: 'RTX-4090', vramGb: 48 }), // modded 48 GB boards exist
  vast('Imaginary RTX 9999', 12, 'IMAGINARY-RTX-9999', { vendor: 'nvidia', vramGb: 12 }), // Vast spec example

  // RunPod gpuTypeId (and displayName where it differs)
  runpod('NVIDIA H100 80GB HBM3', 'H100-SXM', { variant: 'SXM', vramGb: 80 }), // nvidia-smi name of the SXM5 part
  runpod('H100 SXM', 'H100-SXM'),
  runpod('NVIDIA H100 PCIe', 'H100-PCIE'),
  runpod('H100 PCIe', 'H100-PCIE'),
  runpod('NVIDIA H100 NVL', 'H100-NVL', { vramGb: 94 }),
  runpod('NVIDIA H200', 'H200'),
  runpod('NVIDIA H200 NVL', 'H200-NVL'),
  runpod('NVIDIA B200', 'B200', { vramGb: 180 }),
  runpod('NVIDIA A100 80GB PCIe', 'A100-80GB-PCIE', { variant: 'PCIE', vramGb: 80 }),
  runpod('NVIDIA A100-SXM4-80GB', 'A100-80GB-SXM'),
  runpod('NVIDIA A100-SXM4-40GB', 'A100-40GB-SXM'),
  runpod('NVIDIA GeForce RTX 4090', 'RTX-4090'),
  runpod('NVIDIA GeForce RTX 5090', 'RTX-5090'),
  runpod('NVIDIA GeForce RTX 4080 SUPER', 'RTX-4080-SUPER'),
  runpod('NVIDIA GeForce RTX 4070 Ti', 'RTX-4070-TI'),
  runpod('NVIDIA GeForce RTX 3080 Ti', 'RTX-3080-TI'),
  runpod('NVIDIA GeForce RTX 3080TI', 'RTX-3080-TI'),
  runpod('NVIDIA GeForce RTX 3090 Ti', 'RTX-3090-TI'),
  runpod('NVIDIA RTX A6000', 'RTX-A6000'),
  runpod('NVIDIA  RTX A4500', 'RTX-A4500'),
  runpod('NVIDIA RTX A2000', 'RTX-A2000', { vramGb: null }), // sold with 6 and 12 GB
  runpod('NVIDIA RTX 6000 Ada Generation', 'RTX-6000-ADA'),
  runpod('RTX 6000 Ada', 'RTX-6000-ADA'),
  runpod('NVIDIA RTX 5000 Ada Generation', 'RTX-5000-ADA'),
  runpod('NVIDIA A5000 Ada', 'RTX-5000-ADA'),
  runpod('NVIDIA RTX 4000 Ada Generation', 'RTX-4000-ADA', { variant: null }),
  runpod('NVIDIA RTX 4000 SFF Ada Generation', 'RTX-4000-ADA-SFF', { family: 'RTX-4000-ADA', variant: 'SFF' }),
  runpod('NVIDIA RTX 2000 Ada Generation', 'RTX-2000-ADA'),
  runpod('NVIDIA RTX PRO 6000 Blackwell Workstation Edition', 'RTX-PRO-6000-WS'),
  runpod('NVIDIA RTX PRO 6000 Blackwell Server Edition', 'RTX-PRO-6000-SERVER'),
  runpod('NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition', 'RTX-PRO-6000-MAXQ', { variant: 'MAXQ' }),
  runpod('NVIDIA L40S', 'L40S'),
  runpod('NVIDIA L40', 'L40'),
  runpod('NVIDIA L4', 'L4'),
  runpod('NVIDIA A40', 'A40'),
  runpod('NVIDIA A30', 'A30'),
  runpod('NVIDIA RTX A30', 'A30'),
  runpod('AMD Instinct MI300X OAM', 'MI300X', { family: 'MI300X', vendor: 'amd', variant: 'OAM', vramGb: 192 }),
  runpod('Tesla V100-PCIE-16GB', 'V100-16GB-PCIE'),
  runpod('Tesla V100-PCIE-32GB', 'V100-32GB-PCIE'),
  runpod('Tesla V100-SXM2-16GB', 'V100-16GB-SXM'),
  runpod('Tesla V100-SXM2-32GB', 'V100-32GB-SXM'),
  runpod('Tesla V100-FHHL-16GB', 'V100-FHHL', { variant: 'FHHL', vramGb: 16 }),
  runpod('Tesla T4', 'T4'),

  // Lambda gpu_description
  lambda('H100 (80 GB SXM5)', 'H100-SXM'),
  lambda('H100 (80 GB PCIe)', 'H100-PCIE'),
  lambda('A100 (40 GB PCIe)', 'A100-40GB-PCIE'),
  lambda('A100 (40 GB SXM4)', 'A100-40GB-SXM'),
  lambda('A100 (80 GB SXM4)', 'A100-80GB-SXM'),
  lambda('GH200 (96 GB)', 'GH200-96GB', { vramGb: 96 }),
  lambda('B200 (180 GB SXM6)', 'B200', { variant: 'SXM' }),
  lambda('A10 (24 GB PCIe)', 'A10', { family: 'A10' }),
  lambda('A6000 (48 GB)', 'RTX-A6000'),
  lambda('RTX 6000 (24 GB)', 'QUADRO-RTX-6000', { family: 'QUADRO-RTX-6000' }), // Quadro, not Ada
  lambda('Tesla V100 (16 GB)', 'V100-16GB'),
  lambda('Example GPU (40 GB SXM4)', 'EXAMPLE-40GB-SXM', { vendor: 'other', vramGb: 40 }),

  // OCI shapes and gpuDescription
  oci('BM.GPU.H100.8', 'H100-SXM'),
  oci('NVIDIA® H100 80GB Tensor Core', 'H100-SXM'),
  oci('BM.GPU.H200.8', 'H200'),
  oci('BM.GPU.B200.8', 'B200'),
  oci('BM.GPU.MI300X.8', 'MI300X', { vendor: 'amd' }),
  oci('BM.GPU4.8', 'A100-40GB-SXM'),
  oci('BM.GPU.A100-v2.8', 'A100-80GB-SXM'),
  oci('NVIDIA A100-SXM4-40GB', 'A100-40GB-SXM'),
  oci('BM.GPU3.8', 'V100-16GB-SXM'),
  oci('VM.GPU2.1', 'P100-16GB-PCIE'),
  oci('VM.GPU.A10.1', 'A10'),
  oci('BM.GPU.L40S-NC.4', 'L40S'),
  oci('NVIDIA A10', 'A10'),

  // docs/anchors.md worked examples from other sources
  { raw: 'NVIDIA-H100-80GB-HBM3', model: 'H100-SXM' },
  { raw: 'nvidia-h100-80gb', model: 'H100-80GB', variant: null, vramGb: 80 }, // GCP: form not stated
  { raw: 'nvidia-tesla-a100', model: 'A100', vramGb: null },
  { raw: 'H100NVL', model: 'H100-NVL' }, // gpuhunt's canonical spelling
  { raw: 'RTX4090', model: 'RTX-4090' },
  { raw: 'A6000', model: 'RTX-A6000' },
  { raw: 'RTX6000Ada', model: 'RTX-6000-ADA' },
  { raw: 'QRTX8000', model: 'QUADRO-RTX-8000' },
  { raw: 'RTX6000-Ada', model: 'RTX-6000-ADA' }, // SkyPilot
  { raw: 'A100-80GB-SXM', model: 'A100-80GB-SXM' },
  { raw: 'Intel Gaudi 2', model: 'GAUDI2', vendor: 'intel' },
  { raw: '', model: 'UNKNOWN', vendor: 'other' },
];

describe('normalizeGpu: real names from every provider', () => {
  it('has at least 60 rows', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE.map((r) => [r.raw, r] as const))('%j', (_raw, row) => {
    const g = normalizeGpu(row.raw, row.hints);
    expect(g.model).toBe(row.model);
    if (row.family !== undefined) expect(g.family).toBe(row.family);
    if (row.vendor !== undefined) expect(g.vendor).toBe(row.vendor);
    if (row.variant !== undefined) expect(g.variant).toBe(row.variant ?? undefined);
    if (row.vramGb !== undefined) expect(g.vramGb).toBe(row.vramGb ?? undefined);
    // The key is a fixed point: normalising it again gives itself.
    expect(normalizeGpu(g.model).model).toBe(g.model);
  });

  it('keeps different GPUs apart', () => {
    const distinct: [string, NormalizeHints?][] = [
      ['RTX 6000 (24 GB)'],
      ['NVIDIA RTX 6000 Ada Generation'],
      ['NVIDIA RTX PRO 6000 Blackwell Workstation Edition'],
      ['A100 (40 GB SXM4)'],
      ['A100 (80 GB SXM4)'],
      ['A100 (40 GB PCIe)'],
      ['NVIDIA A100 80GB PCIe'],
      ['H100 SXM'],
      ['H100 PCIE'],
      ['H100 NVL'],
      ['RTX A6000'],
      ['A10'],
      ['A10G'],
      ['A100 PCIE'],
      ['RTX 4090'],
      ['RTX 4090D'],
      ['RTX 3080'],
      ['RTX 3080 Ti'],
      ['V100-SXM2-16GB'],
      ['V100-SXM2-32GB'],
      ['RTX 4000 Ada'],
      ['RTX 4000 SFF Ada'],
      ['L40'],
      ['L40S'],
      ['L4'],
      ['H200'],
      ['H200 NVL'],
      ['GH200'],
    ];
    const keys = distinct.map(([n, h]) => normalizeGpu(n, h).model);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses the VRAM hint to tell a bare "RTX 6000" apart', () => {
    expect(normalizeGpu('RTX 6000').model).toBe('QUADRO-RTX-6000');
    expect(normalizeGpu('RTX 6000', { vramGb: 24 }).model).toBe('QUADRO-RTX-6000');
    expect(normalizeGpu('RTX 6000', { vramGb: 48 }).model).toBe('RTX-6000-ADA');
    expect(normalizeGpu('RTX 6000', { vramGb: 96 }).model).toBe('RTX-PRO-6000');
    // Stated Quadro wins over a misleading hint.
    expect(normalizeGpu('Quadro RTX 6000', { vramGb: 48 }).model).toBe('QUADRO-RTX-6000-48GB');
  });

  it('fills VRAM from the name, then the hint, then a single-size catalog default only', () => {
    expect(normalizeGpu('A100 (40 GB PCIe)', { vramGb: 80 }).vramGb).toBe(40);
    expect(normalizeGpu('A100 PCIE', { vramGb: 80 }).vramGb).toBe(80);
    expect(normalizeGpu('A100 PCIE').vramGb).toBeUndefined();
    expect(normalizeGpu('L40S').vramGb).toBe(48);
    expect(normalizeGpu('Imaginary 7', { vramGb: 10.2 }).vramGb).toBe(10);
    expect(normalizeGpu('Imaginary 7').vramGb).toBeUndefined();
  });

  it('detects the vendor', () => {
    expect(normalizeGpu('AMD Instinct MI300X OAM').vendor).toBe('amd');
    expect(normalizeGpu('MI250X').vendor).toBe('amd');
    expect(normalizeGpu('Radeon RX 7900 XTX').model).toBe('RX-7900-XTX');
    expect(normalizeGpu('Intel Data Center GPU Max 1550').model).toBe('MAX-1550');
    expect(normalizeGpu('Intel Data Center GPU Max 1550').vendor).toBe('intel');
    expect(normalizeGpu('NVIDIA Something New').vendor).toBe('nvidia');
    expect(normalizeGpu('Mystery Accelerator 9').vendor).toBe('other');
  });

  it('keeps unknown names readable', () => {
    const g = normalizeGpu('Mystery Accelerator X9 (32 GB)');
    expect(g.model).toBe('MYSTERY-X9-32GB');
    expect(g.family).toBe('MYSTERY-X9');
  });

  it('normalises every catalog family to itself', () => {
    for (const entry of GPU_CATALOG) {
      const g = normalizeGpu(entry.family);
      expect(g.family, entry.family).toBe(entry.family);
      expect(g.vendor, entry.family).toBe(entry.vendor);
    }
  });
});

describe('normalizeGpu properties', () => {
  const known = TABLE.map((r) => r.raw);
  // Words the reader gives meaning to, shuffled: where idempotence bugs hide (a stray "GB" after
  // "16", a "PCI" and an "E" that meet once the words between them are gone).
  const word = fc.constantFrom(
    ...['RTX', 'GTX', 'A', 'Q', 'QUADRO', 'PRO', 'ADA', 'SXM', 'SXM4', 'PCIE', 'PCI', 'E', 'NVL', 'NVL72', 'OAM'],
    ...['SFF', 'MAX', 'WS', 'S', 'TI', 'SUPER', 'D', '80GB', '16', 'GB', 'GIB', 'G', '4090', '6000', 'A100'],
    ...['H100', '8X', 'HBM3', 'NVIDIA', 'AMD', 'MI300X', 'X', 'SERVER', 'WORKSTATION', 'BM.GPU.', '.8'],
  );
  const nameArb = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.array(word, { maxLength: 8 }).map((ws) => ws.join(' ')),
    fc.array(word, { maxLength: 6 }).map((ws) => ws.join('')),
    fc.constantFrom(...known),
    fc
      .tuple(fc.constantFrom(...known), fc.constantFrom(' ', '-', '_', '  ', ''), fc.string({ maxLength: 6 }))
      .map(([a, sep, b]) => `${a}${sep}${b}`),
    fc.constantFrom(...known).map((s) => s.toLowerCase()),
  );
  const hintsArb = fc.record(
    {
      vramGb: fc.oneof(fc.double({ min: 0, max: 300, noNaN: true }), fc.constantFrom(24, 40, 48, 80, 94, 96, 141)),
      provider: fc.constantFrom('vastai', 'runpod', 'lambda', 'oci'),
    },
    { requiredKeys: [] },
  );

  it('keys are never empty, are stable and idempotent', () => {
    fc.assert(
      fc.property(nameArb, hintsArb, (name, hints) => {
        const a = normalizeGpu(name, hints);
        expect(a.model.length).toBeGreaterThan(0);
        expect(a.family.length).toBeGreaterThan(0);
        expect(a.model).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)*$/);
        expect(a.model.startsWith(a.family)).toBe(true);
        expect(normalizeGpu(name, hints)).toEqual(a);
        expect(normalizeGpu(a.model).model).toBe(a.model);
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it('case, separators and vendor prefixes do not change the key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TABLE.filter((r) => !r.raw.includes('.'))), (row) => {
        const base = normalizeGpu(row.raw, row.hints).model;
        expect(normalizeGpu(row.raw.toLowerCase(), row.hints).model).toBe(base);
        expect(normalizeGpu(row.raw.replace(/ /g, '_'), row.hints).model).toBe(base);
        expect(normalizeGpu(`  ${row.raw}  `, row.hints).model).toBe(base);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
