/**
 * Issue #16 item 2: retention is configurable. The settings' `history` section (the window's
 * Settings view, settings.json) reaches the history store through createCore, at start and when
 * it changes, and the next recorded snapshot prunes by it.
 */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../../src/core/create-core';
import { HistoryStore, historyFromStore, observeOffers } from '../../../../src/core/history';
import { MemorySecretStore } from '../../../../src/core/secrets/memory-store';
import { InMemorySettingsStore } from '../../../../src/core/settings/memory-store';
import { invokeChannels } from '../../../../src/shared/ipc/contract';
import { DAY_MS } from '../../../../src/shared/history/schema';
import type { Snapshot } from '../../../../src/shared/model';
import { SettingsPatchSchema, SettingsSchema, defaultSettings } from '../../../../src/shared/settings/schema';
import { makeOffer } from '../../../helpers/fake-core';

const NOW = Date.UTC(2026, 5, 1);

/** A store with one poll a day for the last 60 days. */
function filledStore(): HistoryStore {
  const store = HistoryStore.open(':memory:');
  const obs = observeOffers([
    makeOffer(1, { provider: 'runpod', model: 'H100-SXM', count: 1, perGpuHour: 2, region: 'US' }),
  ]);
  for (let d = 60; d >= 1; d--) store.recordPoll('runpod', NOW - d * DAY_MS, obs);
  return store;
}
const oldestHourly = (store: HistoryStore): number =>
  ((store.db.prepare('SELECT min(hour) AS h FROM hourly').get() as { h: number }).h * 3_600_000 - NOW) / DAY_MS;
const emptySnapshot = (): Snapshot => ({
  version: 1,
  takenAt: new Date(NOW).toISOString(),
  providers: [],
  offers: [],
  resources: [],
  demo: false,
});

describe('history retention from the settings', () => {
  it('defaults to raw 7 days, hourly 90 days, 150 MB; the patch checks the bounds', () => {
    expect(defaultSettings().history).toEqual({ rawDays: 7, hourlyDays: 90, maxMB: 150 });
    expect(SettingsSchema.parse({}).history).toEqual(defaultSettings().history);
    for (const bad of [{ rawDays: 0 }, { hourlyDays: 1000 }, { maxMB: 5 }, { hourlyDays: 30.5 }, { keep: 1 }])
      expect(invokeChannels['settings.update'].request.safeParse({ history: bad }).success, JSON.stringify(bad)).toBe(
        false,
      );
    expect(SettingsPatchSchema.parse({ history: { hourlyDays: 30 } })).toEqual({ history: { hourlyDays: 30 } });
  });

  it('createCore gives the store the saved retention at start, and a change at once; the next snapshot prunes by it', async () => {
    const store = filledStore();
    const history = historyFromStore(store, { now: () => NOW });
    const settings = new InMemorySettingsStore({ history: { rawDays: 7, hourlyDays: 45, maxMB: 150 } });
    const core = createCore({ settings, secrets: new MemorySecretStore([]), env: {}, only: ['vastai'], history });
    try {
      expect(store.retention).toMatchObject({ rawDays: 7, hourlyDays: 45, maxBytes: 150 * 1024 * 1024 });
      history.record(emptySnapshot());
      expect(oldestHourly(store)).toBeGreaterThanOrEqual(-45);
      expect(oldestHourly(store)).toBeLessThan(-44);

      core.settings.update({ history: { hourlyDays: 14 } });
      expect(settings.load().history).toEqual({ rawDays: 7, hourlyDays: 14, maxMB: 150 });
      expect(store.retention.hourlyDays).toBe(14);
      // Not at the next hourly run: with the next snapshot.
      history.record(emptySnapshot());
      expect(oldestHourly(store)).toBeGreaterThanOrEqual(-14);

      // Every poll kept longer than the hourly history: refused, saying which way to fix it.
      expect(() => core.settings.update({ history: { rawDays: 20 } })).toThrow(
        /every poll kept 20 days is longer than the hourly history \(14 days\)/,
      );
      expect(settings.load().history.rawDays).toBe(7);
      expect(store.retention.rawDays).toBe(7);
    } finally {
      await core.stop();
      store.close();
    }
  });
});
