/**
 * GPU name normalisation (issue #7). PLACEHOLDER SIGNATURE: the real table-driven implementation
 * replaces the body; providers call `normalizeGpu` and must not depend on anything else here.
 */
import type { GpuVendor } from '../model';

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

export function normalizeGpu(rawName: string, hints: NormalizeHints = {}): NormalizedGpu {
  const model = rawName.trim().toUpperCase().replace(/^NVIDIA\s+/, '').replace(/\s+/g, '-');
  return { model, family: model, vendor: 'nvidia', vramGb: hints.vramGb };
}
