/**
 * createCore keeps the watches state and alert history across restarts, so an offer that is still
 * on the market does not notify again after the app restarts.
 */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src/core/create-core';
import { MemorySecretStore } from '../../../src/core/secrets/memory-store';
import { InMemorySettingsStore } from '../../../src/core/settings/memory-store';
import type { AlertPersistence, PersistedAlerts } from '../../../src/core/watches/alert-store';
import { startSimulators } from '../../../src/sim/launch';
import type { AlertEvent } from '../../../src/shared/model';
import type { History } from '../../../src/core/history';
import { buildNotification } from '../../../src/shared/notify/text';

class MemoryAlerts implements AlertPersistence {
  data: unknown;
  load(): unknown {
    return this.data;
  }
  save(d: PersistedAlerts): void {
    this.data = JSON.parse(JSON.stringify(d));
  }
}

describe('createCore alerts across restarts', () => {
  it('fires once, restarts, and does not fire again for the same offer', async () => {
    const fleet = await startSimulators({ providers: ['lambda'] });
    try {
      const settings = new InMemorySettingsStore({});
      const secrets = new MemorySecretStore([
        { provider: 'lambda', profile: 'default', field: 'apiKey', value: fleet.credentials.lambda!.apiKey! },
      ]);
      const alerts = new MemoryAlerts();
      const notified: AlertEvent[] = [];
      const make = () =>
        createCore({
          settings,
          secrets,
          env: fleet.env,
          only: ['lambda'],
          alerts,
          notifier: { notify: (e) => notified.push(e) },
        });

      const first = make();
      first.watches.save({
        name: 'any lambda GPU',
        enabled: true,
        filter: { providers: ['lambda'] },
        notify: { onAppear: true, onPriceDrop: false, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
      });
      await first.refresh();
      await first.stop();
      const firstCount = notified.length;
      expect(firstCount).toBeGreaterThan(0);
      expect(first.watches.history().length).toBe(firstCount);

      const second = make();
      await second.refresh();
      expect(notified.length).toBe(firstCount);
      expect(second.watches.history().length).toBe(firstCount);
      await second.stop();
    } finally {
      await fleet.close();
    }
  });
});

describe('createCore alerts carry their line of history', () => {
  it('the notifier, listeners and the alert history get the typical stay of each offer kind', async () => {
    const fleet = await startSimulators({ providers: ['lambda'] });
    try {
      const asked: Array<{ provider?: string; model: string; count?: number }> = [];
      const history: History = {
        file: ':memory:',
        record: () => undefined,
        setRetention: () => undefined,
        close: () => undefined,
        report: () => {
          throw new Error('not used');
        },
        lastSeen: () => new Map(),
        trends: () => ({ recording: true, at: 0, trends: [] }),
        hourlyCheapest: () => new Map(),
        typicalStay: (q, windowMs) => {
          asked.push(q);
          expect(windowMs).toBe(7 * 24 * 3_600_000);
          return { meanMs: 14 * 60_000, episodes: 9 };
        },
      };
      const notified: AlertEvent[] = [];
      const core = createCore({
        settings: new InMemorySettingsStore({}),
        secrets: new MemorySecretStore([
          { provider: 'lambda', profile: 'default', field: 'apiKey', value: fleet.credentials.lambda!.apiKey! },
        ]),
        env: fleet.env,
        only: ['lambda'],
        history,
        notifier: { notify: (e) => notified.push(e) },
      });
      const heard: AlertEvent[] = [];
      core.onAlert((e) => heard.push(e));
      core.watches.save({
        name: 'any lambda GPU',
        enabled: true,
        filter: { providers: ['lambda'] },
        notify: { onAppear: true, onPriceDrop: false, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
      });
      await core.refresh();
      await core.stop();
      expect(notified.length).toBeGreaterThan(0);
      const first = notified[0]!.offers[0]!;
      expect(first.typicalStay).toEqual({ meanMs: 14 * 60_000, episodes: 9 });
      expect(asked).toContainEqual({ provider: 'lambda', model: first.model, count: first.count });
      expect(heard[0]!.offers[0]!.typicalStay).toEqual(first.typicalStay);
      expect(core.watches.history()[0]!.offers[0]!.typicalStay).toEqual(first.typicalStay);
      expect(buildNotification(notified[0]!).body).toContain('stayed 14 min on average last week (9 times)');
    } finally {
      await fleet.close();
    }
  });
});
