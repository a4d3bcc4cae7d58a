import type { GpuOffer, ProviderId, ProviderStatus, Resource } from '../../../../src/shared/model';

export const ISO0 = '2025-01-01T00:00:00.000Z';

export function makeOffer(n: number, over: Partial<GpuOffer> = {}, provider: ProviderId = 'vastai'): GpuOffer {
  const count = 1 + (n % 8);
  const perGpu = 0.2 + (n % 97) / 10;
  return {
    id: `${provider}:${n}`,
    provider,
    nativeId: String(n),
    gpu: {
      model: n % 2 ? 'H100-SXM' : 'RTX-4090',
      family: n % 2 ? 'H100' : 'RTX-4090',
      rawName: n % 2 ? 'H100 SXM5 80GB' : 'RTX 4090',
      vendor: 'nvidia',
      vramGb: n % 2 ? 80 : 24,
      count,
    },
    price: {
      perHour: perGpu * count,
      perGpuHour: perGpu,
      currency: 'USD',
      billing: n % 3 ? 'on-demand' : 'interruptible',
    },
    availability: { state: 'available', count: n % 5 },
    region: { id: `region-${n % 20}`, country: 'US' },
    specs: { vcpus: 8 * count, ramGb: 32 * count, diskGb: 200 },
    quality: { reliability: 0.99, verified: n % 2 === 0 },
    fetchedAt: ISO0,
    consoleUrl: `https://cloud.vast.ai/create/?offer=${n}`,
    ...over,
  };
}

export function makeResource(n: number, over: Partial<Resource> = {}, provider: ProviderId = 'cloudflare'): Resource {
  return {
    id: `${provider}:res-${n}`,
    provider,
    kind: 'worker',
    name: `worker-${n}`,
    state: 'running',
    meta: { routes: n },
    metrics: [],
    issues: [],
    fetchedAt: ISO0,
    ...over,
  };
}

export function makeStatus(
  provider: ProviderId,
  account = 'default',
  over: Partial<ProviderStatus> = {},
): ProviderStatus {
  return {
    provider,
    account,
    displayName: provider,
    kind: 'gpu-market',
    state: 'ok',
    stale: false,
    offerCount: 0,
    resourceCount: 0,
    ...over,
  };
}
