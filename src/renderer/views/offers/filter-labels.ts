import type { OfferFilter } from '../../../shared/model';

/**
 * The filter form's field labels, by filter key: the form (FilterFields) and the empty view's
 * hints (NearMisses) name a condition alike. Its own small module: the form is a lazy chunk.
 */
export const FILTER_LABELS = {
  gpu: 'GPU',
  minCount: 'Min GPUs',
  maxCount: 'Max GPUs',
  maxPricePerGpuHour: 'Max $/GPU-h',
  maxPricePerHour: 'Max $/h (whole offer)',
  minVramGb: 'Min VRAM per GPU (GB)',
  providers: 'Provider',
  regions: 'Region or country',
  billing: 'Billing',
  cloud: 'Cloud',
  availability: 'Availability',
  minReliability: 'Min reliability (%)',
  verified: 'Verified hosts only',
  search: 'Search',
} as const satisfies Record<keyof OfferFilter, string>;
