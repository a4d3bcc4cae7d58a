/**
 * A filled in-memory history store for the FakeCore (e2e specs and the UI bench): every given GPU
 * model at a few providers, polled every `stepMin` minutes for `days` days, coming and going on a
 * per-model rhythm with prices drifting day to day — so the Offers rows have a sparkline, a "last
 * seen" and a "usually stays", through the real store, queries and `history.trends` channel.
 */
import { HistoryStore, historyFromStore, observeOffers, type History } from '../../../src/core/history';
import type { GpuOffer, ProviderId } from '../../../src/shared/model';
import { makeOffer, type FakeCore } from '../../helpers/fake-core';

export interface SeedHistoryOptions {
  now: number;
  models: readonly string[];
  providers?: readonly ProviderId[];
  days?: number;
  stepMin?: number;
}

const MIN = 60_000;

export function seedHistory(o: SeedHistoryOptions): History {
  const store = HistoryStore.open(':memory:');
  const providers = o.providers ?? ['runpod', 'vastai', 'lambda'];
  const step = (o.stepMin ?? 10) * MIN;
  const start = o.now - (o.days ?? 14) * 24 * 60 * MIN;
  let id = 1;
  const kinds = providers.flatMap((provider, p) =>
    o.models.map((model, m) => ({
      provider,
      model,
      base: 1 + ((m * 7 + p * 3) % 10) / 4,
      phase: (m * 5 + p * 11) % 24,
      id: id++,
    })),
  );
  for (let t = start, n = 0; t <= o.now; t += step, n++) {
    const hour = new Date(t).getUTCHours();
    const day = Math.floor((t - start) / (24 * 60 * MIN));
    for (const provider of providers) {
      const offers: GpuOffer[] = [];
      for (const k of kinds) {
        if (k.provider !== provider) continue;
        // Up for a few hours a day from its phase on; the last model of the list is gone at the end.
        const up = (hour - k.phase + 24) % 24 < 3 && !(k.model === o.models.at(-1) && t > o.now - 6 * 60 * MIN);
        const base = makeOffer(k.id, { provider, model: k.model, count: 1, perGpuHour: k.base, region: 'us' });
        offers.push({
          ...base,
          region: { id: 'us' },
          price: { ...base.price, perGpuHour: k.base * (1 + 0.08 * Math.sin(day / 2 + k.id)), billing: 'on-demand' },
          availability: { state: up ? 'available' : 'none' },
        });
      }
      store.recordPoll(provider, t, observeOffers(offers));
    }
  }
  return historyFromStore(store, { now: () => o.now });
}

/**
 * Gives `core` a seeded history of every GPU model it offers and returns those models, sorted by
 * name: the last of them is the one seedHistory has gone away at the end.
 */
export function seedCoreHistory(core: FakeCore, o: Omit<SeedHistoryOptions, 'models' | 'now'> = {}): string[] {
  const models = [...new Set(core.snapshot().offers.map((offer) => offer.gpu.model))].sort();
  core.history = seedHistory({ ...o, now: Date.now(), models });
  return models;
}
