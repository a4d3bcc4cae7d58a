/** Test offers built through the real normaliser, the way providers build them. */
import { normalizeGpu } from '../../../../src/shared/gpu/normalize';
import type { GpuOffer, ProviderId } from '../../../../src/shared/model';

export interface OfferSpec {
  id?: string;
  provider?: ProviderId;
  gpu?: string;
  vramGb?: number;
  count?: number;
  perGpuHour?: number;
  billing?: GpuOffer['price']['billing'];
  cloud?: GpuOffer['cloud'];
  state?: GpuOffer['availability']['state'];
  region?: string;
  country?: string;
  regionName?: string;
  reliability?: number;
  verified?: boolean;
  instanceType?: string;
}

let seq = 0;

export function makeOffer(s: OfferSpec = {}): GpuOffer {
  const provider = s.provider ?? 'vastai';
  const nativeId = s.id ?? `n${++seq}`;
  const rawName = s.gpu ?? 'H100 SXM';
  const n = normalizeGpu(rawName, { vramGb: s.vramGb, provider });
  const count = s.count ?? 1;
  const perGpuHour = s.perGpuHour ?? 2;
  const offer: GpuOffer = {
    id: `${provider}:${nativeId}`,
    provider,
    nativeId,
    gpu: { ...n, rawName, count },
    price: { perHour: perGpuHour * count, perGpuHour, currency: 'USD', billing: s.billing ?? 'on-demand' },
    availability: { state: s.state ?? 'available' },
    region: { id: s.region ?? 'us-east-1' },
    specs: {},
    quality: {},
    fetchedAt: '2026-01-01T00:00:00.000Z',
  };
  if (s.cloud) offer.cloud = s.cloud;
  if (s.country) offer.region.country = s.country;
  if (s.regionName) offer.region.name = s.regionName;
  if (s.reliability !== undefined) offer.quality.reliability = s.reliability;
  if (s.verified !== undefined) offer.quality.verified = s.verified;
  if (s.instanceType) offer.instanceType = s.instanceType;
  return offer;
}
