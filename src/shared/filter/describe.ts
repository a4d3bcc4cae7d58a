/**
 * A filter in a few words, for notification titles, the tray and the watch list:
 * `H100, ≥2 GPUs, ≤ $2.50/GPU-h`. Keep it short: macOS truncates a notification body at 256 bytes.
 * Provider names come from the descriptors (`providerNamesFrom`); the id is only a fallback.
 */
import { countOf, formatPerGpuHour, providerName, type ProviderNames } from '../format';
import type { OfferFilter } from '../model';

const money = (v: number): string => `$${v.toFixed(2)}`;

function list(xs: readonly string[], max = 3): string {
  return xs.length <= max ? xs.join('/') : `${xs.slice(0, max).join('/')} +${xs.length - max}`;
}

export function describeFilter(filter: OfferFilter, names?: ProviderNames): string {
  const parts: string[] = [];
  parts.push(filter.gpu?.length ? list(filter.gpu) : 'any GPU');
  const { minCount, maxCount } = filter;
  if (minCount !== undefined && maxCount !== undefined) {
    parts.push(minCount === maxCount ? countOf(minCount, 'GPU') : `${minCount}–${maxCount} GPUs`);
  } else if (minCount !== undefined && minCount > 1) parts.push(`≥${minCount} GPUs`);
  else if (maxCount !== undefined) parts.push(`≤${countOf(maxCount, 'GPU')}`);
  if (filter.maxPricePerGpuHour !== undefined) parts.push(`≤ ${formatPerGpuHour(filter.maxPricePerGpuHour)}`);
  if (filter.maxPricePerHour !== undefined) parts.push(`≤ ${money(filter.maxPricePerHour)}/h`);
  if (filter.minVramGb !== undefined) parts.push(`≥${filter.minVramGb} GB VRAM`);
  if (filter.providers?.length) parts.push(`on ${list(filter.providers.map((p) => providerName(names, p)))}`);
  if (filter.regions?.length) parts.push(`in ${list(filter.regions)}`);
  if (filter.billing?.length) parts.push(list(filter.billing));
  if (filter.cloud?.length) parts.push(`${list(filter.cloud)} cloud`);
  if (filter.minReliability !== undefined) parts.push(`reliability ≥${Math.round(filter.minReliability * 1000) / 10}%`);
  if (filter.verified === true) parts.push('verified');
  if (filter.verified === false) parts.push('unverified');
  if (filter.availability?.length) parts.push(list(filter.availability, 4));
  if (filter.search?.trim()) parts.push(`"${filter.search.trim()}"`);
  return parts.join(', ');
}
