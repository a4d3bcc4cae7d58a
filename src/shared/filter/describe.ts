/**
 * A filter in a few words, for notification titles, the tray and the watch list:
 * `H100, ≥2 GPUs, ≤ $2.50/GPU-h`. Keep it short: macOS truncates a notification body at 256 bytes.
 */
import { formatPerGpuHour } from '../format';
import type { OfferFilter } from '../model';

const PROVIDER_NAMES: Record<string, string> = {
  vastai: 'Vast.ai',
  runpod: 'RunPod',
  lambda: 'Lambda',
  oci: 'OCI',
  cloudflare: 'Cloudflare',
  neon: 'Neon',
  digitalocean: 'DigitalOcean',
  linode: 'Linode',
  hetzner: 'Hetzner Cloud',
  azure: 'Azure',
  gcp: 'Google Cloud',
  aws: 'AWS',
};

const money = (v: number): string => `$${v.toFixed(2)}`;

function list(xs: readonly string[], max = 3): string {
  return xs.length <= max ? xs.join('/') : `${xs.slice(0, max).join('/')} +${xs.length - max}`;
}

export function describeFilter(filter: OfferFilter): string {
  const parts: string[] = [];
  parts.push(filter.gpu?.length ? list(filter.gpu) : 'any GPU');
  const { minCount, maxCount } = filter;
  if (minCount !== undefined && maxCount !== undefined) {
    parts.push(minCount === maxCount ? `${minCount} GPU${minCount === 1 ? '' : 's'}` : `${minCount}–${maxCount} GPUs`);
  } else if (minCount !== undefined && minCount > 1) parts.push(`≥${minCount} GPUs`);
  else if (maxCount !== undefined) parts.push(`≤${maxCount} GPU${maxCount === 1 ? '' : 's'}`);
  if (filter.maxPricePerGpuHour !== undefined) parts.push(`≤ ${formatPerGpuHour(filter.maxPricePerGpuHour)}`);
  if (filter.maxPricePerHour !== undefined) parts.push(`≤ ${money(filter.maxPricePerHour)}/h`);
  if (filter.minVramGb !== undefined) parts.push(`≥${filter.minVramGb} GB VRAM`);
  if (filter.providers?.length) parts.push(`on ${list(filter.providers.map((p) => PROVIDER_NAMES[p] ?? p))}`);
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
