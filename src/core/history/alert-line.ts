/**
 * Gives alert events their line of history: each offer of an `appeared` or `price-drop` event gets
 * the typical stay of its kind (model and count at its provider) over the last week, which every
 * face then words with `alertHistoryLine` (src/shared/history/text.ts). Done once, where events are
 * made (the core's watches run, `cloudtop watch`), so desktop, browser, channels and the terminal
 * carry the same figure.
 */
import { TYPICAL_STAY_WINDOW_MS } from '../../shared/history/schema';
import type { AlertEvent } from '../../shared/model';
import type { HistoryReader } from './index';

/** Lookups per call at most (a watch on "any GPU" can list hundreds of offers in one event). */
const MAX_LOOKUPS = 20;

export function withTypicalStay(events: AlertEvent[], history: HistoryReader | undefined): AlertEvent[] {
  if (!history) return events;
  const cache = new Map<string, AlertEvent['offers'][number]['typicalStay'] | null>();
  const stayOf = (o: AlertEvent['offers'][number]) => {
    const key = `${o.provider}|${o.model}|${o.count}`;
    if (!cache.has(key)) {
      if (cache.size >= MAX_LOOKUPS) return undefined;
      let stay;
      try {
        stay = history.typicalStay({ provider: o.provider, model: o.model, count: o.count }, TYPICAL_STAY_WINDOW_MS);
      } catch {
        // History is extra: a locked or broken file must not stop an alert.
        stay = undefined;
      }
      cache.set(key, stay ?? null);
    }
    return cache.get(key) ?? undefined;
  };
  return events.map((e) => {
    if (e.kind === 'disappeared') return e;
    return {
      ...e,
      offers: e.offers.map((o) => {
        const typicalStay = stayOf(o);
        return typicalStay ? { ...o, typicalStay } : o;
      }),
    };
  });
}
