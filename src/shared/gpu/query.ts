/**
 * Loose GPU queries for filters: a family name matches every variant, stated form or memory narrows.
 *
 *  `h100`, `H100`          → every H100 (SXM, PCIe, NVL, unknown form)
 *  `H100-SXM`, `h100 sxm5` → SXM only (an H100 whose form the provider did not state does not match)
 *  `A100-80GB`             → 80 GB A100s of any form; `A100-80GB-PCIE` → just those
 *  `4090`, `RTX 4090`, `rtx4090` → RTX-4090, but not RTX-4090D (a different, cut-down chip) and
 *                            `3080` does not match RTX-3080-TI: Ti/SUPER/D are different products
 *  `A10`                   → A10 only (never A100 or A10G)
 *  `RTX 6000`              → Quadro RTX 6000 only (not RTX 6000 Ada, not RTX PRO 6000)
 *  `nvidia`, `amd`, `intel` → every GPU of that vendor
 *  `=H200`                 → exactly the canonical model H200 (not H200-NVL): what "show this group" wants,
 *                            since a bare family key like `H200` or `A100` is also a family query
 * Queries go through the same reader as provider names, so any canonical key is also a valid query.
 */
import type { GpuInfo, GpuVendor } from '../model';
import { type GpuForm, catalogByFamily } from './catalog';
import { analyseGpuName, normalizeGpu } from './normalize';

export interface GpuQuery {
  raw: string;
  /** Vendor-only query (`nvidia`). */
  vendor?: GpuVendor;
  /** Exact canonical model (`=H200`). */
  model?: string;
  family?: string;
  form?: GpuForm;
  memGb?: number;
}

export type GpuLike = Pick<GpuInfo, 'family' | 'vendor'> & Partial<Pick<GpuInfo, 'model' | 'variant' | 'vramGb'>>;

const VENDORS: Record<string, GpuVendor> = { nvidia: 'nvidia', amd: 'amd', intel: 'intel' };

export function parseGpuQuery(query: string): GpuQuery {
  const raw = query.trim();
  const vendor = VENDORS[raw.toLowerCase()];
  if (vendor) return { raw, vendor };
  if (raw.startsWith('=')) return { raw, model: normalizeGpu(raw.slice(1)).model };
  const a = analyseGpuName(raw);
  const q: GpuQuery = { raw, family: a.family };
  if (a.form) q.form = a.form;
  // Only a size the user typed narrows the query; catalog defaults would not change what matches.
  if (a.memStated && a.memGb !== undefined) q.memGb = a.memGb;
  return q;
}

const cache = new Map<string, GpuQuery>();
const CACHE_MAX = 512;

function cachedQuery(query: string): GpuQuery {
  let q = cache.get(query);
  if (!q) {
    if (cache.size >= CACHE_MAX) cache.clear();
    q = parseGpuQuery(query);
    cache.set(query, q);
  }
  return q;
}

export function matchesGpuQuery(query: string | GpuQuery, gpu: GpuLike): boolean {
  const q = typeof query === 'string' ? cachedQuery(query) : query;
  if (q.vendor) return gpu.vendor === q.vendor;
  if (q.model) return gpu.model === q.model;
  if (!q.family || gpu.family !== q.family) return false;
  if (q.form) {
    const form = gpu.variant ?? catalogByFamily(gpu.family)?.defaultForm;
    if (form !== q.form) return false;
  }
  if (q.memGb !== undefined) {
    if (gpu.vramGb === undefined) return false;
    if (Math.abs(gpu.vramGb - q.memGb) / q.memGb > 0.07) return false;
  }
  return true;
}
