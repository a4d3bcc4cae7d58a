/**
 * OCI GPU list prices: Oracle's public price-list API first (price-list.ts, no credentials), this
 * table when the list cannot be read or lacks a shape, and the user's overrides above both.
 *
 * SOURCE of the table: Oracle's public price list, https://www.oracle.com/cloud/price-list/
 * (Compute → GPU), pay-as-you-go, USD per GPU per hour, as recalled when this file was written
 * (2026, NOT re-verified). Rows marked `confidence: 'low'` are the ones most likely to have moved.
 * Part numbers are the price-list API's `partNumber` for the shape's "GPU Per Hour" part, where a
 * public observation of the live API names it (B200, GB200, B300, GB300, 2026-09). Users override
 * any row with `providers.oci.options.prices` (`{"BM.GPU.H100.8": 9.5}` = USD per GPU-hour, or a
 * family key like `"H100"`). Shapes that match nothing are logged by name, never given a made-up price.
 */

interface OciPriceRow {
  /** Matches the shape name. */
  shape: RegExp;
  /** GPU name used when the shape has no gpuDescription, and the family key for overrides. */
  gpu: string;
  /** VRAM per GPU (helps normalisation tell A100 40 GB from 80 GB). */
  vramGb: number;
  perGpuHour: number;
  confidence: 'list' | 'low';
  /** The price list's part number for this shape's GPU-hour, when known. */
  partNumber?: string;
  /**
   * The GPU as the price list's display names spell it ("OCI - Compute - GPU - H100" → "H100"),
   * used when the part number is not known. Omitted where one name covers several parts.
   */
  listName?: string;
}

const OCI_GPU_PRICES: readonly OciPriceRow[] = [
  { shape: /^BM\.GPU\.H100\.8$/, gpu: 'H100', vramGb: 80, perGpuHour: 10.0, confidence: 'list', listName: 'H100' },
  { shape: /^BM\.GPU\.H200\.8$/, gpu: 'H200', vramGb: 141, perGpuHour: 10.0, confidence: 'low', listName: 'H200' },
  // Blackwell: part numbers and rates as observed on the live price-list API in 2026-09.
  { shape: /^BM\.GPU\.B200\.8$/, gpu: 'B200', vramGb: 180, perGpuHour: 14.0, confidence: 'low', partNumber: 'B110978' },
  {
    shape: /^BM\.GPU\.GB200\.4$/,
    gpu: 'GB200',
    vramGb: 192,
    perGpuHour: 16.0,
    confidence: 'low',
    partNumber: 'B110979',
  },
  { shape: /^BM\.GPU\.B300\.8$/, gpu: 'B300', vramGb: 262, perGpuHour: 15.0, confidence: 'low', partNumber: 'B112237' },
  {
    shape: /^BM\.GPU\.GB300\.4$/,
    gpu: 'GB300',
    vramGb: 278,
    perGpuHour: 18.0,
    confidence: 'low',
    partNumber: 'B112140',
  },
  { shape: /^BM\.GPU\.A100-v2\.8$/, gpu: 'A100 80GB', vramGb: 80, perGpuHour: 4.0, confidence: 'list' },
  { shape: /^BM\.GPU4\.8$/, gpu: 'A100 40GB', vramGb: 40, perGpuHour: 3.05, confidence: 'list' },
  { shape: /^BM\.GPU\.L40S(-NC)?\.4$/, gpu: 'L40S', vramGb: 48, perGpuHour: 3.5, confidence: 'low', listName: 'L40S' },
  { shape: /^(VM|BM)\.GPU\.A10\.\d+$/, gpu: 'A10', vramGb: 24, perGpuHour: 2.0, confidence: 'list', listName: 'A10' },
  { shape: /^(VM|BM)\.GPU3\.\d+$/, gpu: 'V100', vramGb: 16, perGpuHour: 2.95, confidence: 'list' },
  { shape: /^(VM|BM)\.GPU2\.\d+$/, gpu: 'P100', vramGb: 16, perGpuHour: 1.275, confidence: 'list' },
  { shape: /^BM\.GPU\.MI300X\.8$/, gpu: 'MI300X', vramGb: 192, perGpuHour: 6.0, confidence: 'low', listName: 'MI300X' },
];

export type OciPriceOverrides = Record<string, number>;

interface OciPrice {
  perGpuHour: number;
  row?: OciPriceRow;
  source: 'override' | 'price-list' | 'table';
}

/** One "GPU Per Hour" part of Oracle's price list, in USD pay-as-you-go. */
export interface OciListPrice {
  partNumber: string;
  displayName: string;
  perGpuHour: number;
}

/** The GPU name at the end of a price-list display name: "OCI - Compute - GPU - H100" → "H100". */
export function listGpuName(displayName: string): string {
  return (displayName.split(' - ').at(-1) ?? '').trim().toUpperCase();
}

/** The price list's part for a table row: by part number, else the only part named like the GPU. */
function listPriceFor(row: OciPriceRow, list: readonly OciListPrice[]): OciListPrice | undefined {
  if (row.partNumber) return list.find((p) => p.partNumber === row.partNumber);
  if (!row.listName) return undefined;
  const named = list.filter((p) => listGpuName(p.displayName) === row.listName!.toUpperCase());
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Price for a shape: an override by shape name, then by family key, then Oracle's price list,
 * then the table.
 */
export function priceForShape(
  shape: string,
  overrides: OciPriceOverrides = {},
  list: readonly OciListPrice[] = [],
): OciPrice | undefined {
  const row = OCI_GPU_PRICES.find((r) => r.shape.test(shape));
  const byShape = overrides[shape];
  if (byShape !== undefined) return { perGpuHour: byShape, row, source: 'override' };
  const byFamily = row ? overrides[row.gpu] : undefined;
  if (byFamily !== undefined) return { perGpuHour: byFamily, row, source: 'override' };
  if (!row) return undefined;
  const listed = listPriceFor(row, list);
  if (listed) return { perGpuHour: listed.perGpuHour, row, source: 'price-list' };
  return { perGpuHour: row.perGpuHour, row, source: 'table' };
}
