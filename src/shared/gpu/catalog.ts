/**
 * Known GPUs: family key, vendor, memory sizes per form factor, the form a bare name implies.
 *
 * The catalog only has to know what changes a key: which families come in several memory sizes
 * or form factors (so the key must say which), and which spelling means which family. Names not
 * listed here still normalise (see parse.ts); they just get no default VRAM.
 */
import type { GpuVendor } from '../model';

/**
 * Form factors and editions kept in keys. SXM covers SXM2..SXM6 (the generation follows from the
 * family); MAXQ/SERVER/WS are the RTX PRO 6000 Blackwell editions; FHHL/SFF are distinct boards.
 */
export const GPU_FORMS = ['SXM', 'PCIE', 'NVL', 'OAM', 'SFF', 'FHHL', 'MAXQ', 'SERVER', 'WS'] as const;
export type GpuForm = (typeof GPU_FORMS)[number];

export interface GpuCatalogEntry {
  /** Canonical family key: upper case, words joined by `-`. */
  family: string;
  vendor: GpuVendor;
  /** Every memory size (GB per GPU) sold under this family, any form. */
  memoryGb: number[];
  /** Memory per form when it differs from `memoryGb` (H100 NVL has 94 GB, SXM/PCIe 80 GB). */
  memoryByForm?: Partial<Record<GpuForm, number[]>>;
  /** The form a bare family name means (`H200` = SXM); a stated default form is left out of the key. */
  defaultForm?: GpuForm;
  /** Extra compact spellings (A-Z0-9 only) that name this family. The compact family key always does. */
  aliases?: string[];
}

const nv = (family: string, memoryGb: number[], extra: Partial<GpuCatalogEntry> = {}): GpuCatalogEntry => ({
  family,
  vendor: 'nvidia',
  memoryGb,
  ...extra,
});
const amd = (family: string, memoryGb: number[], extra: Partial<GpuCatalogEntry> = {}): GpuCatalogEntry => ({
  family,
  vendor: 'amd',
  memoryGb,
  ...extra,
});
const intel = (family: string, memoryGb: number[], extra: Partial<GpuCatalogEntry> = {}): GpuCatalogEntry => ({
  family,
  vendor: 'intel',
  memoryGb,
  ...extra,
});

const pcie = { defaultForm: 'PCIE' as const };

export const GPU_CATALOG: readonly GpuCatalogEntry[] = [
  // NVIDIA data centre, Blackwell / Hopper
  nv('GB300', [288], { defaultForm: 'SXM' }),
  nv('GB200', [186], { defaultForm: 'SXM' }),
  nv('B300', [288], { defaultForm: 'SXM' }),
  nv('B200', [180], { defaultForm: 'SXM' }),
  nv('B100', [192], { defaultForm: 'SXM' }),
  nv('GH200', [96, 144], { defaultForm: 'SXM' }),
  nv('H200', [141], { defaultForm: 'SXM', memoryByForm: { SXM: [141], NVL: [141] } }),
  // No default form: a bare "H100" may be SXM, PCIe or NVL, so the key must not pretend to know.
  nv('H100', [80, 94], { memoryByForm: { SXM: [80], PCIE: [80], NVL: [94] } }),
  nv('H800', [80], { memoryByForm: { SXM: [80], PCIE: [80] } }),
  nv('H20', [96], { defaultForm: 'SXM' }),
  // Ampere
  nv('A100', [40, 80], { memoryByForm: { SXM: [40, 80], PCIE: [40, 80] } }),
  nv('A800', [40, 80], { memoryByForm: { SXM: [80], PCIE: [40, 80] } }),
  nv('A40', [48], pcie),
  nv('A30', [24], pcie),
  nv('A16', [16], pcie),
  nv('A10G', [24], pcie),
  nv('A10', [24], pcie),
  nv('A2', [16], pcie),
  // Ada / Turing / Volta / Pascal data centre
  nv('L40S', [48], pcie),
  nv('L40', [48], pcie),
  nv('L20', [48], pcie),
  nv('L4', [24], pcie),
  nv('T4', [16], pcie),
  nv('V100S', [32], pcie),
  nv('V100', [16, 32], { memoryByForm: { SXM: [16, 32], PCIE: [16, 32], FHHL: [16] } }),
  nv('P100', [12, 16], { memoryByForm: { SXM: [16], PCIE: [12, 16] } }),
  nv('P40', [24], pcie),
  nv('P4', [8], pcie),
  nv('K80', [12], pcie),
  nv('M60', [8], pcie),
  nv('M40', [12, 24], pcie),
  // Professional (workstation) cards. Three different "RTX 6000"s: Quadro (Turing, 24 GB),
  // Ada (48 GB) and RTX PRO 6000 Blackwell (96 GB). They must never share a key.
  nv('RTX-PRO-6000', [96], { memoryByForm: { WS: [96], SERVER: [96], MAXQ: [96] } }),
  nv('RTX-PRO-5000', [48, 72]),
  nv('RTX-PRO-4500', [32]),
  nv('RTX-PRO-4000', [24]),
  nv('RTX-6000-ADA', [48]),
  nv('RTX-5880-ADA', [48]),
  nv('RTX-5000-ADA', [32]),
  nv('RTX-4500-ADA', [24]),
  nv('RTX-4000-ADA', [20]),
  nv('RTX-2000-ADA', [16]),
  nv('RTX-A6000', [48], { aliases: ['A6000'] }),
  nv('RTX-A5500', [24], { aliases: ['A5500'] }),
  nv('RTX-A5000', [24], { aliases: ['A5000'] }),
  nv('RTX-A4500', [20], { aliases: ['A4500'] }),
  nv('RTX-A4000', [16], { aliases: ['A4000'] }),
  nv('RTX-A2000', [6, 12], { aliases: ['A2000'] }),
  nv('QUADRO-RTX-8000', [48]),
  nv('QUADRO-RTX-6000', [24]),
  nv('QUADRO-RTX-5000', [16]),
  nv('QUADRO-RTX-4000', [8]),
  nv('TITAN-RTX', [24]),
  nv('TITAN-V', [12, 32]),
  nv('TITAN-XP', [12]),
  // GeForce
  nv('RTX-5090', [32]),
  nv('RTX-5080', [16]),
  nv('RTX-5070-TI', [16]),
  nv('RTX-5070', [12]),
  nv('RTX-5060-TI', [8, 16]),
  nv('RTX-4090', [24]),
  nv('RTX-4090D', [24]),
  nv('RTX-4080-SUPER', [16]),
  nv('RTX-4080', [16]),
  nv('RTX-4070-TI-SUPER', [16]),
  nv('RTX-4070-TI', [12]),
  nv('RTX-4070-SUPER', [12]),
  nv('RTX-4070', [12]),
  nv('RTX-4060-TI', [8, 16]),
  nv('RTX-4060', [8]),
  nv('RTX-3090-TI', [24]),
  nv('RTX-3090', [24]),
  nv('RTX-3080-TI', [12]),
  nv('RTX-3080', [10, 12]),
  nv('RTX-3070-TI', [8]),
  nv('RTX-3070', [8]),
  nv('RTX-3060-TI', [8]),
  nv('RTX-3060', [8, 12]),
  nv('RTX-2080-TI', [11]),
  nv('RTX-2080-SUPER', [8]),
  nv('RTX-2080', [8]),
  nv('RTX-2070-SUPER', [8]),
  nv('RTX-2070', [8]),
  nv('RTX-2060-SUPER', [8]),
  nv('RTX-2060', [6, 12]),
  nv('GTX-1080-TI', [11]),
  nv('GTX-1080', [8]),
  nv('GTX-1070-TI', [8]),
  nv('GTX-1070', [8]),
  nv('GTX-1660-TI', [6]),
  nv('GTX-1660-SUPER', [6]),
  // AMD
  amd('MI355X', [288], { defaultForm: 'OAM' }),
  amd('MI350X', [288], { defaultForm: 'OAM' }),
  amd('MI325X', [256], { defaultForm: 'OAM' }),
  amd('MI300X', [192], { defaultForm: 'OAM' }),
  amd('MI300A', [128]),
  amd('MI250X', [128], { defaultForm: 'OAM' }),
  amd('MI250', [128], { defaultForm: 'OAM' }),
  amd('MI210', [64], pcie),
  amd('MI100', [32], pcie),
  amd('RX-7900-XTX', [24]),
  amd('RX-7900-XT', [20]),
  amd('RADEON-PRO-W7900', [48], { aliases: ['PROW7900', 'W7900'] }),
  // Intel
  intel('GAUDI3', [128]),
  intel('GAUDI2', [96]),
  intel('MAX-1550', [128]),
  intel('MAX-1100', [48]),
];

/** Upper-case letters and digits only: the form every spelling is compared in. */
export function compact(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const byFamily = new Map<string, GpuCatalogEntry>();
const byAlias = new Map<string, GpuCatalogEntry>();
for (const entry of GPU_CATALOG) {
  byFamily.set(entry.family, entry);
  for (const alias of [compact(entry.family), ...(entry.aliases ?? [])]) {
    if (byAlias.has(alias)) throw new Error(`GPU catalog: alias ${alias} is used twice`);
    byAlias.set(alias, entry);
  }
}

export function catalogByFamily(family: string): GpuCatalogEntry | undefined {
  return byFamily.get(family);
}

export function catalogByAlias(compactName: string): GpuCatalogEntry | undefined {
  return byAlias.get(compactName);
}

/** Memory sizes possible for a family in a form (all sizes when the form is unknown). */
export function memoryOptions(entry: GpuCatalogEntry, form: GpuForm | undefined): number[] {
  if (form && entry.memoryByForm?.[form]) return entry.memoryByForm[form] ?? entry.memoryGb;
  return entry.memoryGb;
}

/** Forms the catalog knows memory for, used to infer the form from a memory size that only one form has. */
export function formsWithMemory(entry: GpuCatalogEntry, memGb: number): GpuForm[] {
  const byForm = entry.memoryByForm;
  // With fewer than two forms described there is nothing to tell apart.
  if (!byForm || Object.keys(byForm).length < 2) return [];
  return (Object.keys(byForm) as GpuForm[]).filter((f) => byForm[f]?.includes(memGb));
}
