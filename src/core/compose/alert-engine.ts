/**
 * Watches → alerts: evaluates every watch (settings and cloudtop.json) against each new snapshot,
 * keeps the engine state and the alert history (persisted, throttled), and hands each event to the
 * notifier, the alert listeners and, for long-running faces, the alert channels.
 */
import { WatchInputSchema, type AlertEvent, type Snapshot, type Watch } from '../../shared/model';
import type { Clock } from '../collector/clock';
import type { CloudtopConfig } from '../config/schema';
import type { Logger } from '../log/types';
import type { History } from '../history';
import { withTypicalStay } from '../history/alert-line';
import type { ChannelHub } from '../notify/hub';
import type { Notifier } from '../types';
import { readPersistedAlerts, type AlertPersistence } from '../watches/alert-store';
import { evaluateWatches, initialWatchState, type WatchEngineState } from '../watches/engine';
import type { SettingsCell } from './settings-cell';
import { safely } from './snapshot-hub';

/** Saves are throttled: the state changes on every evaluation, the file need not. */
const SAVE_EVERY_MS = 30_000;

interface AlertEngineOptions {
  clock: Clock;
  log: Logger;
  settings: SettingsCell;
  config?: CloudtopConfig;
  notifier?: Notifier;
  persistence?: AlertPersistence;
  historyLimit: number;
  channels: ChannelHub;
  deliverToChannels: boolean;
  /** Where each alert's line of history comes from ("stayed 14 min on average last week"). */
  history?: History;
}

export function createAlertEngine(o: AlertEngineOptions) {
  const { clock, settings } = o;
  const listeners = new Set<(e: AlertEvent) => void>();
  const history: AlertEvent[] = [];
  let state: WatchEngineState = initialWatchState();
  if (o.persistence) {
    const restored = readPersistedAlerts(o.persistence.load(), o.historyLimit);
    state = restored.state;
    history.push(...restored.history);
  }
  let lastSave = 0;
  const save = (force: boolean): void => {
    if (!o.persistence || (!force && clock.now() - lastSave < SAVE_EVERY_MS)) return;
    lastSave = clock.now();
    o.persistence.save({ version: 1, state, history });
  };

  function watches(): Watch[] {
    const fromConfig = (o.config?.watches ?? []).map((w, i): Watch => {
      const input = WatchInputSchema.parse(w);
      return { ...input, id: input.id ?? `config-${i + 1}`, createdAt: new Date(0).toISOString() };
    });
    return [...settings.get().watches, ...fromConfig];
  }

  let previous: Snapshot | undefined;
  function evaluate(next: Snapshot): void {
    const list = watches();
    if (list.length === 0) {
      previous = next;
      return;
    }
    const current = settings.get();
    const result = evaluateWatches(state, {
      watches: list,
      previous,
      next,
      // cloudtop.json may set notification defaults; settings changed in the app win for pausedUntil.
      notifications: {
        ...current.notifications,
        ...o.config?.notifications,
        pausedUntil: current.notifications.pausedUntil,
      },
      now: clock.now(),
    });
    previous = next;
    state = result.state;
    save(result.events.length > 0);
    const events = withTypicalStay(result.events, o.history);
    for (const ev of events) {
      history.unshift(ev);
      if (history.length > o.historyLimit) history.length = o.historyLimit;
      if (!ev.suppressed) safely(o.log, () => o.notifier?.notify(ev));
      for (const l of listeners) safely(o.log, () => l(ev));
    }
    if (o.deliverToChannels) void o.channels.afterEvaluation(events, state, { offers: next.offers, watches: list });
  }

  return {
    watches,
    evaluate,
    history: () => [...history],
    onAlert(listener: (e: AlertEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Writes the state now (quitting). */
    flush: () => save(true),
  };
}
