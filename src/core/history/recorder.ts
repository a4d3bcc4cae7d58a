/**
 * Turns snapshots into history writes. A provider is recorded when its `lastSuccess` moved (one
 * write per real poll, whatever the number of snapshot changes in between), from all its offers
 * at once so kinds that vanished are seen as gone. A failing provider is not recorded at all:
 * stale data must not extend episodes, and silence ends them (RetentionOptions.gapMs). Metric
 * points are written when resources carry points newer than the last ones written.
 */
import type { GpuOffer, ProviderId, Snapshot } from '../../shared/model';
import { HOUR_MS } from '../../shared/history/schema';
import { toErrorInfo } from '../../shared/model/errors';
import type { Logger } from '../log/types';
import { isAvailableState, type HistoryStore, type MetricBatch, type SeriesObservation } from './store';

const STATE_RANK: Record<string, number> = { available: 3, low: 2, none: 1 };
const rank = (s: string): number => STATE_RANK[s] ?? 0;

/** Folds one provider's offers into one observation per offer kind. */
export function observeOffers(offers: readonly GpuOffer[]): SeriesObservation[] {
  const out = new Map<string, SeriesObservation & { availPrice?: number }>();
  for (const o of offers) {
    const key = `${o.gpu.model}|${o.gpu.count}|${o.region.id}|${o.price.billing}|${o.cloud ?? ''}`;
    const avail = isAvailableState(o.availability.state);
    const price = o.price.perGpuHour;
    let obs = out.get(key);
    if (!obs) {
      obs = {
        provider: o.provider,
        model: o.gpu.model,
        family: o.gpu.family,
        vendor: o.gpu.vendor,
        ...(o.gpu.variant ? { variant: o.gpu.variant } : {}),
        ...(o.gpu.vramGb !== undefined ? { vramGb: o.gpu.vramGb } : {}),
        count: o.gpu.count,
        region: o.region.id,
        billing: o.price.billing,
        ...(o.cloud ? { cloud: o.cloud } : {}),
        state: o.availability.state,
        offers: 0,
      };
      out.set(key, obs);
    }
    obs.offers++;
    if (rank(o.availability.state) > rank(obs.state)) obs.state = o.availability.state;
    if (Number.isFinite(price)) {
      if (obs.perGpuHour === undefined || price < obs.perGpuHour) obs.perGpuHour = price;
      if (avail && (obs.availPrice === undefined || price < obs.availPrice)) obs.availPrice = price;
    }
  }
  return [...out.values()].map(({ availPrice, ...obs }) =>
    availPrice !== undefined ? { ...obs, perGpuHour: availPrice } : obs,
  );
}

interface HistoryRecorderOptions {
  log?: Logger;
  /** For retention runs; defaults to Date.now. */
  now?: () => number;
  /** How often retention runs. Default hourly. */
  pruneEveryMs?: number;
  /**
   * What this face polls: a face that fetches only resources must not record "every offer gone".
   * Default both.
   */
  parts?: ReadonlyArray<'offers' | 'resources'>;
}

export class HistoryRecorder {
  private readonly recorded = new Map<ProviderId, string>();
  private readonly metricsSeen = new Map<string, number>();
  private readonly offerProviders = new Set<ProviderId>();
  private lastPrune = -Infinity;
  private failures = 0;

  constructor(
    private readonly store: HistoryStore,
    private readonly o: HistoryRecorderOptions = {},
  ) {}

  /** Runs retention with the next snapshot recorded, not at the next hourly run (its settings changed). */
  pruneSoon(): void {
    this.lastPrune = -Infinity;
  }

  /** Records what is new in `snapshot`. Never throws: history must not break polling. */
  record(snapshot: Snapshot): void {
    try {
      const parts = this.o.parts ?? ['offers', 'resources'];
      if (parts.includes('offers')) this.recordOffers(snapshot);
      if (parts.includes('resources')) this.recordMetrics(snapshot);
      const now = (this.o.now ?? Date.now)();
      if (now - this.lastPrune >= (this.o.pruneEveryMs ?? HOUR_MS)) {
        this.lastPrune = now;
        this.store.prune(now);
      }
      this.failures = 0;
    } catch (e) {
      // Logged once per run of failures (a locked or full disk would otherwise log every poll).
      if (this.failures++ === 0)
        this.o.log?.warn({ err: toErrorInfo(e), file: this.store.file }, 'history: write failed');
    }
  }

  private recordOffers(snapshot: Snapshot): void {
    const polled = new Map<ProviderId, string>();
    for (const o of snapshot.offers) this.offerProviders.add(o.provider);
    for (const p of snapshot.providers) {
      // Clouds without offers (Cloudflare, Neon) have nothing to record here.
      if (p.kind !== 'gpu-market' && !this.offerProviders.has(p.provider)) continue;
      if (!p.lastSuccess || p.state === 'error') continue;
      const prev = polled.get(p.provider);
      if (!prev || p.lastSuccess > prev) polled.set(p.provider, p.lastSuccess);
    }
    for (const [provider, at] of polled) {
      if (this.recorded.get(provider) === at) continue;
      const offers = snapshot.offers.filter((o) => o.provider === provider);
      this.store.recordPoll(provider, Date.parse(at), observeOffers(offers));
      this.recorded.set(provider, at);
    }
  }

  private recordMetrics(snapshot: Snapshot): void {
    const batches: MetricBatch[] = [];
    for (const r of snapshot.resources) {
      for (const m of r.metrics ?? []) {
        const key = `${r.id}\u0000${m.name}`;
        const last = m.points.length > 0 ? m.points[m.points.length - 1]![0] : undefined;
        if (last === undefined || this.metricsSeen.get(key) === last) continue;
        const since = this.metricsSeen.get(key) ?? -Infinity;
        batches.push({ resource: r.id, name: m.name, unit: m.unit, points: m.points.filter(([t]) => t > since) });
        this.metricsSeen.set(key, last);
      }
    }
    this.store.recordMetrics(batches);
  }
}
