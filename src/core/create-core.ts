/**
 * createCore: the one composition root (docs/design.md §1). Electron main, the CLI and `cloudtop serve`
 * all call it with their own adapters (settings store, secret store, logger, notifier) and get the
 * same behaviour: a provider runtime per configured account, a scheduler, a snapshot store, the
 * watches engine and credential handling that never lets a secret out.
 */
import type { ProviderId } from '../shared/model';
import { realClock, type Clock } from './collector/clock';
import { Scheduler } from './collector/scheduler';
import { silentLogger, type Logger } from './log/types';
import { providerRegistry } from './providers/registry';
import type { AnyProviderDescriptor } from './providers/types';
import type { SecretStore } from './secrets/types';
import type { SettingsStore } from './settings/types';
import type { CloudtopConfig } from './config/schema';
import type { AlertPersistence } from './watches/alert-store';
import type { History } from './history';
import { retentionFromSettings } from './history/retention';
import type { Core, Notifier } from './types';
import { ChannelHub } from './notify/hub';
import { accountPlan } from './compose/account-plan';
import { Accounts } from './compose/accounts';
import { createAlertEngine } from './compose/alert-engine';
import { credentialsApi } from './compose/credentials-api';
import { providerInfo } from './compose/provider-info';
import { settingsApi, watchesApi } from './compose/settings-api';
import { settingsCell } from './compose/settings-cell';
import { SnapshotHub } from './compose/snapshot-hub';

export interface CreateCoreOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Parsed cloudtop.json (accounts, base URLs, options, extra watches). */
  config?: CloudtopConfig;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  log?: Logger;
  fetch?: typeof fetch;
  registry?: AnyProviderDescriptor[];
  notifier?: Notifier;
  /** Running against simulators: shown as "Demo data" everywhere. */
  demo?: boolean;
  /** Restrict to these providers (CLI `--provider`). */
  only?: ProviderId[];
  /** Which parts each refresh fetches (a CLI command needs only one). Default: both. */
  parts?: ReadonlyArray<'offers' | 'resources'>;
  /** Poll providers that work without credentials (Vast.ai offers). Default true. */
  includeAnonymous?: boolean;
  /** Called with every secret value core loads, so the logger can redact it. */
  registerSecret?: (value: string) => void;
  /** Where credentials are written: the OS keychain, or memory for this session only. */
  secretStorage?: 'keychain' | 'session';
  /** Maximum alert events kept for the history view. */
  historyLimit?: number;
  /** Where the watches state and alert history survive restarts (desktop app, serve). */
  alerts?: AlertPersistence;
  /** Deliver alerts to the channels watches name (long-running faces: desktop, serve; not one-shot CLI commands). */
  deliverToChannels?: boolean;
  /** Availability / price history (src/core/history): records every snapshot, read by every face. */
  history?: History;
}

export function createCore(opts: CreateCoreOptions): Core {
  const clock = opts.clock ?? realClock;
  const log = opts.log ?? silentLogger;
  const env = opts.env ?? {};
  const registry = (opts.registry ?? providerRegistry).filter((d) => !opts.only || opts.only.includes(d.id));
  const demo = opts.demo ?? false;

  const settings = settingsCell(opts.settings);
  const plan = accountPlan({ settings: settings.get, config: opts.config, env });
  const hub = new SnapshotHub(clock, demo, log);
  const scheduler = new Scheduler({ clock });
  // History: whatever polls records (the recorder writes only what is new and never throws), and
  // keeps what the settings' `history` section says.
  if (opts.history) {
    opts.history.setRetention(retentionFromSettings(settings.get().history));
    hub.listen((s) => opts.history!.record(s));
  }
  const channels = new ChannelHub({
    clock,
    log: log.child({ part: 'notify' }),
    env,
    fetch: opts.fetch,
    registerSecret: opts.registerSecret,
    config: opts.config?.channels,
    providerNames: Object.fromEntries(registry.map((d) => [d.id, d.displayName])),
    saved: {
      secrets: opts.secrets,
      list: () => settings.get().channels,
      save: (list) => settings.save({ ...settings.get(), channels: list }),
    },
  });
  const alerts = createAlertEngine({
    clock,
    log,
    settings,
    config: opts.config,
    notifier: opts.notifier,
    persistence: opts.alerts,
    historyLimit: opts.historyLimit ?? 200,
    channels,
    deliverToChannels: opts.deliverToChannels ?? false,
    history: opts.history,
  });
  hub.afterPublish = (next) => alerts.evaluate(next);

  let started = false;
  let stopped = false;
  const runtimes = { plan, fetch: opts.fetch, clock, log, demo };
  const accounts = new Accounts({
    ...runtimes,
    parts: opts.parts,
    registry,
    secrets: opts.secrets,
    registerSecret: opts.registerSecret,
    includeAnonymous: opts.includeAnonymous,
    scheduler,
    hub,
    started: () => started,
  });
  let ready: Promise<void> | undefined;
  const whenReady = (): Promise<void> => (ready ??= channels.loadSaved().then(() => accounts.init()));

  const core: Core = {
    start() {
      if (started || stopped) return;
      started = true;
      void whenReady().then(() => {
        if (!stopped) scheduler.start();
      });
    },

    async stop() {
      stopped = true;
      await scheduler.stop();
      channels.stop();
      alerts.flush();
      accounts.dispose();
    },

    async refresh(o = {}) {
      await whenReady();
      // A provider whose data is fresh and whose rate limit would make this refresh wait keeps its
      // data (accounts.ts): a refresh takes as long as the slowest provider that has news.
      await scheduler.runNow(accounts.pollKeys(o));
      // Metrics read the resources found by the polls; run them after.
      if (o.metrics) await scheduler.runNow(accounts.metricsKeys(o));
      return hub.store.current();
    },

    snapshot: () => hub.store.current(),
    history: opts.history,
    channels,
    onSnapshot: (listener) => hub.listen(listener),
    onAlert: (listener) => alerts.onAlert(listener),
    suspend: () => scheduler.suspend(),
    resume: () => scheduler.resume(),
    providers: () => registry.map(providerInfo),

    async configuredProviders() {
      await whenReady();
      return accounts.configuredProviders();
    },

    credentials: credentialsApi({
      ...runtimes,
      registry,
      secrets: opts.secrets,
      registerSecret: opts.registerSecret,
      ensureProfile(provider: ProviderId, account: string) {
        const current = settings.get();
        const ps = current.providers[provider];
        if (ps && !ps.profiles.includes(account)) {
          settings.save({
            ...current,
            providers: { ...current.providers, [provider]: { ...ps, profiles: [...ps.profiles, account] } },
          });
        }
      },
      rebuild: async (provider, account) => {
        await whenReady();
        await accounts.rebuild(provider, account);
      },
    }),

    watches: watchesApi({
      cell: settings,
      list: alerts.watches,
      history: alerts.history,
      now: () => new Date(clock.now()).toISOString(),
    }),

    // Poll intervals, enabled flags and history retention take effect now.
    settings: settingsApi(settings, {
      providersChanged: (ids) => ids.forEach((id) => accounts.rebuildProvider(id)),
      historyChanged: (h) => opts.history?.setRetention(retentionFromSettings(h)),
    }),
  };
  return core;
}
