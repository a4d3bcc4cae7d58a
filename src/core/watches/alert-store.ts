/**
 * Persistence of the watches engine's state and the alert history, so a restart neither re-notifies
 * every offer that is still on the market nor forgets the history shown in the Watches view.
 * Faces supply the storage (a JSON file next to the settings); core validates what comes back.
 */
import { AlertEventSchema, type AlertEvent } from '../../shared/model';
import { loadWatchState, type WatchEngineState } from './state';

export interface AlertPersistence {
  load(): unknown;
  save(data: PersistedAlerts): void;
}

export interface PersistedAlerts {
  version: 1;
  state: WatchEngineState;
  history: AlertEvent[];
}

/** Reads persisted alerts; anything unreadable is dropped (worst case: one repeated notification). */
export function readPersistedAlerts(
  raw: unknown,
  historyLimit: number,
): { state: WatchEngineState; history: AlertEvent[] } {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const history: AlertEvent[] = [];
  for (const e of Array.isArray(obj.history) ? obj.history : []) {
    const parsed = AlertEventSchema.safeParse(e);
    if (parsed.success) history.push(parsed.data);
    if (history.length >= historyLimit) break;
  }
  return { state: loadWatchState(obj.state), history };
}
