/**
 * OCI GPU list prices. OCI has no price API reachable with API-key auth (the public estimator
 * endpoints in reference/providers/oci.md need network access cloudtop does not assume), so this is
 * a small table.
 *
 * SOURCE: Oracle's public price list, https://www.oracle.com/cloud/price-list/ (Compute → GPU),
 * pay-as-you-go, USD per GPU per hour, as recalled when this file was written (2026, no network in
 * the build environment: NOT re-verified). Rows marked `confidence: 'low'` are the ones most likely
 * to have moved. Users override any row with `providers.oci.options.prices`
 * (`{"BM.GPU.H100.8": 9.5}` = USD per GPU-hour, or a family key like `"H100"`).
 * Shapes that match no row and no override get no offer (logged), rather than a made-up price.
 */

export interface OciPriceRow {
  /** Matches the shape name. */
  shape: RegExp;
  /** GPU name used when the shape has no gpuDescription, and the family key for overrides. */
  gpu: string;
  /** VRAM per GPU (helps normalisation tell A100 40 GB from 80 GB). */
  vramGb: number;
  perGpuHour: number;
  confidence: 'list' | 'low';
}

export const OCI_GPU_PRICES: readonly OciPriceRow[] = [
  { shape: /^BM\.GPU\.H100\.8$/, gpu: 'H100', vramGb: 80, perGpuHour: 10.0, confidence: 'list' },
  { shape: /^BM\.GPU\.H200\.8$/, gpu: 'H200', vramGb: 141, perGpuHour: 10.0, confidence: 'low' },
  { shape: /^BM\.GPU\.A100-v2\.8$/, gpu: 'A100 80GB', vramGb: 80, perGpuHour: 4.0, confidence: 'list' },
  { shape: /^BM\.GPU4\.8$/, gpu: 'A100 40GB', vramGb: 40, perGpuHour: 3.05, confidence: 'list' },
  { shape: /^BM\.GPU\.L40S(-NC)?\.4$/, gpu: 'L40S', vramGb: 48, perGpuHour: 3.5, confidence: 'low' },
  { shape: /^(VM|BM)\.GPU\.A10\.\d+$/, gpu: 'A10', vramGb: 24, perGpuHour: 2.0, confidence: 'list' },
  { shape: /^(VM|BM)\.GPU3\.\d+$/, gpu: 'V100', vramGb: 16, perGpuHour: 2.95, confidence: 'list' },
  { shape: /^(VM|BM)\.GPU2\.\d+$/, gpu: 'P100', vramGb: 16, perGpuHour: 1.275, confidence: 'list' },
  { shape: /^BM\.GPU\.MI300X\.8$/, gpu: 'MI300X', vramGb: 192, perGpuHour: 6.0, confidence: 'low' },
];

export type OciPriceOverrides = Record<string, number>;

export interface OciPrice {
  perGpuHour: number;
  row?: OciPriceRow;
  source: 'override' | 'table';
}

/** Price for a shape: an override by shape name, then by family key, then the table. */
export function priceForShape(shape: string, overrides: OciPriceOverrides = {}): OciPrice | undefined {
  const row = OCI_GPU_PRICES.find((r) => r.shape.test(shape));
  const byShape = overrides[shape];
  if (byShape !== undefined) return { perGpuHour: byShape, row, source: 'override' };
  const byFamily = row ? overrides[row.gpu] : undefined;
  if (byFamily !== undefined) return { perGpuHour: byFamily, row, source: 'override' };
  return row ? { perGpuHour: row.perGpuHour, row, source: 'table' } : undefined;
}
