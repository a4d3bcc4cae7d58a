/**
 * GPU name normalisation (issue #7): one canonical key per distinct GPU, whatever the provider calls it.
 *
 * Key scheme: FAMILY[-<mem>GB][-FORM], upper case, words joined by `-`.
 *  - FAMILY is the product (`H100`, `A100`, `RTX-4090`, `RTX-A6000`, `RTX-6000-ADA`, `QUADRO-RTX-6000`,
 *    `RTX-PRO-6000`, `MI300X`, `T4`). Ti/SUPER/D are part of the family: different chips.
 *  - <mem>GB only when the family (in that form) is sold in several sizes (`A100-80GB`, `V100-16GB`,
 *    `GH200-96GB`) or the size is not one the catalog knows (`RTX-4090-48GB`).
 *  - FORM (SXM, PCIE, NVL, OAM, SFF, FHHL, MAXQ, SERVER, WS) when stated or implied, unless it is the form
 *    the bare family name already means (`H200` is SXM, so `H200 SXM` → `H200`, but `H200-NVL`).
 *  Examples: H100-SXM, H100-PCIE, H100-NVL, H100-80GB (form unknown), A100-80GB-SXM, A100-40GB-PCIE, B200.
 * Memory follows NVIDIA's device order reversed on purpose: `A100-80GB` is a prefix of every 80 GB A100 key,
 * so keys sort by family, then memory. Unknown names keep their words (`IMAGINARY-RTX-9999`); the raw name
 * always travels beside the key in GpuInfo.rawName. normalizeGpu(key).model === key for every key.
 */
import type { GpuVendor } from '../model';
import { type GpuCatalogEntry, type GpuForm, catalogByFamily, formsWithMemory, memoryOptions } from './catalog';
import { parseGpuName } from './parse';

export interface NormalizedGpu {
  /** Canonical key keeping family, memory and form factor: `H100-SXM`, `A100-80GB`, `RTX-4090`. */
  model: string;
  /** Family for loose matching: `H100`, `A100`, `RTX-4090`. */
  family: string;
  vendor: GpuVendor;
  variant?: string;
  /** VRAM per GPU in GB when known (from the name or the hint). */
  vramGb?: number;
}

export interface NormalizeHints {
  /** VRAM per GPU in GB as the provider reports it (used to fill/disambiguate memory size). */
  vramGb?: number;
  /** Provider id, for provider-specific spellings. */
  provider?: string;
}

/** Relative tolerance for snapping a reported size to a catalog size (gpuhunt uses 7 %). */
const SNAP_TOLERANCE = 0.07;

function snapMemory(gb: number, options: number[]): number {
  let best: number | undefined;
  let bestErr = Infinity;
  for (const o of options) {
    const err = Math.abs(gb - o) / o;
    if (err < bestErr) {
      best = o;
      bestErr = err;
    }
  }
  return best !== undefined && bestErr <= SNAP_TOLERANCE ? best : Math.round(gb);
}

function validGb(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** OCI shapes: `BM.GPU.H100.8`, `BM.GPU4.8`, `VM.GPU.A10.1`, `BM.GPU.A100-v2.8`. All their HGX parts are SXM. */
const OCI_SHAPE = /^(?:BM|VM)\.GPU(\d*)\.(?:([A-Z0-9-]+)\.)?(\d+)$/i;
const OCI_GENERATIONS: Record<string, string> = {
  '2': 'P100 16GB PCIe',
  '3': 'V100 16GB SXM2',
  '4': 'A100 40GB SXM4',
};

function ociShapeModel(raw: string): string | undefined {
  const m = OCI_SHAPE.exec(raw.trim());
  if (!m) return undefined;
  const [, gen = '', model] = m;
  if (model) return model.toUpperCase() === 'A100-V2' ? 'A100 80GB SXM4' : model.replace(/-NC$/i, '');
  return OCI_GENERATIONS[gen];
}

/** OCI sells H100, A100 and V100 only in HGX (SXM) shapes. */
const OCI_SXM_FAMILIES = new Set(['H100', 'A100', 'V100']);

/** Bare "RTX 6000": Quadro (24 GB), Ada (48 GB) or PRO Blackwell (96 GB): the nearest memory size decides. */
function pickBareRtx(digits: string, memGb: number): GpuCatalogEntry | undefined {
  let best: GpuCatalogEntry | undefined;
  let bestErr = Infinity;
  for (const family of [`QUADRO-RTX-${digits}`, `RTX-${digits}-ADA`, `RTX-PRO-${digits}`]) {
    const entry = catalogByFamily(family);
    for (const o of entry?.memoryGb ?? []) {
      const err = Math.abs(Math.log(memGb / o));
      if (err < bestErr) {
        best = entry;
        bestErr = err;
      }
    }
  }
  return best;
}

export interface GpuAnalysis {
  family: string;
  entry?: GpuCatalogEntry;
  vendor: GpuVendor;
  form?: GpuForm;
  /** Memory stated in the name, or hinted, snapped to the catalog. */
  memGb?: number;
  /** True when memGb came from the name itself (not the hint). */
  memStated: boolean;
}

/** What the name (plus hints) says, before defaults. Shared with query parsing. */
export function analyseGpuName(rawName: string, hints: NormalizeHints = {}): GpuAnalysis {
  const shapeModel = ociShapeModel(rawName);
  const provider = shapeModel ? 'oci' : hints.provider?.toLowerCase();
  const p = parseGpuName(shapeModel ?? rawName);
  const statedGb = validGb(p.memGb);
  const hintGb = validGb(hints.vramGb);
  let { family, entry } = p;
  let vendor = p.vendor;
  const sizeGb = statedGb ?? hintGb;
  if (p.bareRtx && sizeGb !== undefined) {
    const picked = pickBareRtx(p.bareRtx, sizeGb);
    if (picked) {
      entry = picked;
      family = picked.family;
      vendor = picked.vendor;
    }
  }
  let form = p.form;
  let memGb = sizeGb !== undefined && entry ? snapMemory(sizeGb, memoryOptions(entry, form)) : sizeGb;
  if (memGb !== undefined && !entry) memGb = Math.round(memGb);
  if (memGb !== undefined && memGb < 1) memGb = undefined; // a rounding artefact, not a GPU
  if (!form && entry) {
    if (provider === 'oci' && OCI_SXM_FAMILIES.has(family)) form = 'SXM';
    // nvidia-smi calls the SXM5 part "H100 80GB HBM3"; the PCIe card is HBM2e, the NVL has 94 GB.
    else if (family === 'H100' && p.memType?.startsWith('HBM3') && memGb === 80) form = 'SXM';
    else if (memGb !== undefined && !entry.defaultForm) {
      const forms = formsWithMemory(entry, memGb);
      if (forms.length === 1) form = forms[0];
    }
  }
  return { family, entry, vendor, form, memGb, memStated: statedGb !== undefined };
}

/**
 * Providers send a handful of distinct names per 10,000 offers, so results are memoised by
 * (name, hints). Bounded: cleared wholesale when full, which costs one re-parse per name.
 */
const memo = new Map<string, NormalizedGpu>();
const MEMO_MAX = 4096;

export function normalizeGpu(rawName: string, hints: NormalizeHints = {}): NormalizedGpu {
  const key = `${hints.provider ?? ''}\u0001${hints.vramGb ?? ''}\u0001${rawName}`;
  const hit = memo.get(key);
  if (hit) return { ...hit };
  const out = computeNormalized(rawName, hints);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, out);
  return { ...out };
}

function computeNormalized(rawName: string, hints: NormalizeHints): NormalizedGpu {
  const a = analyseGpuName(rawName, hints);
  const options = a.entry ? memoryOptions(a.entry, a.form) : [];
  const memInKey = a.memGb !== undefined && (a.entry ? options.length > 1 || !options.includes(a.memGb) : a.memStated);
  const formInKey = a.form !== undefined && a.form !== a.entry?.defaultForm;
  const model = [a.family, memInKey ? `${a.memGb}GB` : '', formInKey ? a.form : ''].filter(Boolean).join('-');
  const vramGb = a.memGb ?? (options.length === 1 ? options[0] : undefined);
  const out: NormalizedGpu = { model, family: a.family, vendor: a.vendor };
  if (a.form) out.variant = a.form;
  if (vramGb !== undefined) out.vramGb = vramGb;
  return out;
}
