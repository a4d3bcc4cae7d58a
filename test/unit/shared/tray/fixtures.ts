/** Snapshots and watches for tray tests, with offers built through the real GPU normaliser. */
import { makeOffer, type OfferSpec } from '../filter/make-offer';
import type { ProviderStatus, Snapshot, Watch } from '../../../../src/shared/model';
import { defaultSettings, type Settings } from '../../../../src/shared/settings/schema';

export const NOW = Date.parse('2026-03-10T12:00:00.000Z');

export function provider(p: Partial<ProviderStatus> & Pick<ProviderStatus, 'provider'>): ProviderStatus {
  return {
    account: 'default',
    displayName: {
      vastai: 'Vast.ai',
      runpod: 'RunPod',
      lambda: 'Lambda',
      oci: 'Oracle Cloud',
      cloudflare: 'Cloudflare',
      neon: 'Neon',
      azure: 'Azure',
      gcp: 'Google Cloud',
      digitalocean: 'DigitalOcean',
      linode: 'Linode',
      hetzner: 'Hetzner',
      aws: 'AWS',
    }[p.provider],
    kind: p.provider === 'cloudflare' || p.provider === 'neon' || p.provider === 'oci' ? 'cloud' : 'gpu-market',
    state: 'ok',
    stale: false,
    offerCount: 0,
    resourceCount: 0,
    lastSuccess: new Date(NOW - 90_000).toISOString(),
    ...p,
  };
}

export function snapshot(
  offers: OfferSpec[] = [],
  providers: ProviderStatus[] = [provider({ provider: 'vastai' }), provider({ provider: 'runpod' })],
): Snapshot {
  return {
    version: 7,
    takenAt: new Date(NOW - 60_000).toISOString(),
    providers,
    offers: offers.map((o) => makeOffer(o)),
    resources: [],
    demo: false,
  };
}

export function watch(w: Partial<Watch> & { filter: Watch['filter'] }): Watch {
  return {
    id: w.id ?? `w-${Math.random().toString(36).slice(2, 8)}`,
    name: w.name ?? 'watch',
    enabled: w.enabled ?? true,
    notify: { onAppear: true, onPriceDrop: true, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...w,
  };
}

export function settings(patch: Partial<Settings['notifications']> = {}): Settings {
  const s = defaultSettings();
  return { ...s, notifications: { ...s.notifications, ...patch } };
}
