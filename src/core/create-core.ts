/**
 * createCore: the one composition root (DESIGN.md §1). Electron main, the CLI and `cloudtop serve`
 * all call it with their own adapters (settings store, secret store, logger, notifier) and get the
 * same behaviour: a provider runtime per configured account, a scheduler, a snapshot store, the
 * watches engine and credential handling that never lets a secret out.
 */
import {
  CloudtopError,
  DEFAULT_PROFILE,
  PROVIDER_IDS,
  WatchInputSchema,
  toErrorInfo,
  type AlertEvent,
  type CredentialStatus,
  type ProviderId,
  type ProviderInfo,
  type ProviderStatus,
  type Snapshot,
  type SnapshotDiff,
  type Watch,
  type WatchInput,
} from '../shared/model';
import { SettingsPatchSchema, type Settings, type SettingsPatch } from '../shared/settings/schema';
import type { SettingsView, TestResult } from '../shared/ipc/contract';
import { realClock, type Clock } from './collector/clock';
import { ProviderRuntime } from './collector/provider-runner';
import { Scheduler } from './collector/scheduler';
import { SnapshotStore } from './snapshot/store';
import { silentLogger, type Logger } from './log/types';
import { providerRegistry } from './providers/registry';
import type { AnyProviderDescriptor } from './providers/types';
import type { SecretStore } from './secrets/types';
import { deleteCredentials, resolveCredentials, saveCredentials } from './secrets/credentials';
import type { SettingsStore } from './settings/types';
import type { CloudtopConfig } from './config/schema';
import { evaluateWatches, initialWatchState, type WatchEngineState } from './watches/engine';
import { readPersistedAlerts, type AlertPersistence } from './watches/alert-store';
import type { History } from './history';
import { withTypicalStay } from './history/alert-line';
import type { Core, Notifier } from './types';
import { ChannelHub } from './notify/hub';

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

interface AccountEntry {
  key: string;
  descriptor: AnyProviderDescriptor;
  account: string;
  runtime?: ProviderRuntime;
  /** Status when there is no runtime (unconfigured, disabled, credential problem). */
  idleStatus?: ProviderStatus;
}

const keyOf = (provider: ProviderId, account: string): string => `${provider}/${account}`;

export function envBaseUrl(env: Record<string, string | undefined>, id: ProviderId): string | undefined {
  const v = env[`CLOUDTOP_${id.toUpperCase()}_BASE_URL`];
  return v && v.trim() ? v.trim().replace(/\/+$/, '') : undefined;
}

export function createCore(opts: CreateCoreOptions): Core {
  const clock = opts.clock ?? realClock;
  const log = opts.log ?? silentLogger;
  const env = opts.env ?? {};
  const registry = (opts.registry ?? providerRegistry).filter((d) => !opts.only || opts.only.includes(d.id));
  const demo = opts.demo ?? false;
  const historyLimit = opts.historyLimit ?? 200;

  let settings: Settings = opts.settings.load();
  const store = new SnapshotStore(clock, demo);
  const scheduler = new Scheduler({ clock });
  const entries = new Map<string, AccountEntry>();
  const snapshotListeners = new Set<(s: Snapshot, d: SnapshotDiff) => void>();
  const alertListeners = new Set<(e: AlertEvent) => void>();
  const history: AlertEvent[] = [];
  // History: whatever polls records (the recorder writes only what is new and never throws).
  if (opts.history) snapshotListeners.add((s) => opts.history!.record(s));
  let watchState: WatchEngineState = initialWatchState();
  if (opts.alerts) {
    const restored = readPersistedAlerts(opts.alerts.load(), historyLimit);
    watchState = restored.state;
    history.push(...restored.history);
  }
  // Saves are throttled: the state changes on every evaluation, the file need not.
  let lastAlertSave = 0;
  const saveAlerts = (force = false): void => {
    if (!opts.alerts || (!force && clock.now() - lastAlertSave < 30_000)) return;
    lastAlertSave = clock.now();
    opts.alerts.save({ version: 1, state: watchState, history });
  };
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
      list: () => settings.channels,
      save: (list) => saveSettings({ ...settings, channels: list }),
    },
  });
  let started = false;
  let stopped = false;
  let ready: Promise<void> | undefined;

  const isoNow = (): string => new Date(clock.now()).toISOString();
  const configFor = (id: ProviderId) => opts.config?.providers?.[id];

  function providerEnabled(d: AnyProviderDescriptor): boolean {
    const fromConfig = configFor(d.id)?.enabled;
    if (fromConfig !== undefined) return fromConfig;
    return settings.providers[d.id]?.enabled ?? true;
  }

  function accountsFor(d: AnyProviderDescriptor): string[] {
    const set = new Set<string>(settings.providers[d.id]?.profiles ?? [DEFAULT_PROFILE]);
    for (const name of Object.keys(configFor(d.id)?.accounts ?? {})) set.add(name);
    if (set.size === 0) set.add(DEFAULT_PROFILE);
    return [...set];
  }

  /** A base URL changed from the app needs a confirmation that names where the credentials will go. */
  function confirmBaseUrlChange(
    id: ProviderId,
    current: string | undefined,
    next: string | undefined,
    confirmation: string | undefined,
  ): void {
    if (next === undefined || next === current || confirmation === next) return;
    const name = providerRegistry.find((d) => d.id === id)?.displayName ?? id;
    throw new CloudtopError(
      'config',
      `Changing the ${name} base URL sends its credentials to ${new URL(next).origin} from now on; not changed without confirmation`,
      {
        provider: id,
        hint: `To confirm, send the change again with providers.${id}.confirmBaseUrl set to "${next}"`,
      },
    );
  }

  function baseUrlFor(d: AnyProviderDescriptor): string {
    return envBaseUrl(env, d.id) ?? configFor(d.id)?.baseUrl ?? settings.providers[d.id]?.baseUrl ?? d.defaultBaseUrl;
  }

  function pollMsFor(d: AnyProviderDescriptor): number {
    const s = configFor(d.id)?.pollSeconds ?? settings.providers[d.id]?.pollSeconds;
    return s ? s * 1000 : d.defaultPollMs;
  }

  function metricsPollMsFor(d: AnyProviderDescriptor): number {
    return Math.max(settings.metricsPollSeconds * 1000, d.defaultMetricsPollMs ?? 0);
  }

  function idleStatus(
    d: AnyProviderDescriptor,
    account: string,
    state: ProviderStatus['state'],
    error?: ProviderStatus['error'],
  ): ProviderStatus {
    return {
      provider: d.id,
      account,
      displayName: d.displayName,
      kind: d.kind,
      state,
      stale: false,
      offerCount: 0,
      resourceCount: 0,
      ...(error ? { error } : {}),
      ...(demo ? { demo } : {}),
    };
  }

  function publish(diff: SnapshotDiff | null): void {
    if (!diff) return;
    const snap = store.current();
    for (const l of snapshotListeners) safe(() => l(snap, diff));
    runWatches(diff);
  }

  function safe(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      log.error({ err: toErrorInfo(e) }, 'listener failed');
    }
  }

  let previousForWatches: Snapshot | undefined;
  function runWatches(_diff: SnapshotDiff): void {
    const next = store.current();
    const watches = allWatches();
    if (watches.length === 0) {
      previousForWatches = next;
      return;
    }
    const result = evaluateWatches(watchState, {
      watches,
      previous: previousForWatches,
      next,
      // cloudtop.json may set notification defaults; settings changed in the app win for pausedUntil.
      notifications: {
        ...settings.notifications,
        ...opts.config?.notifications,
        pausedUntil: settings.notifications.pausedUntil,
      },
      now: clock.now(),
    });
    previousForWatches = next;
    watchState = result.state;
    saveAlerts(result.events.length > 0);
    // Each alert carries its line of history ("stayed 14 min on average last week").
    const events = withTypicalStay(result.events, opts.history);
    for (const ev of events) {
      history.unshift(ev);
      if (history.length > historyLimit) history.length = historyLimit;
      if (!ev.suppressed) safe(() => opts.notifier?.notify(ev));
      for (const l of alertListeners) safe(() => l(ev));
    }
    if (opts.deliverToChannels) void channels.afterEvaluation(events, watchState, { offers: next.offers, watches });
  }

  function allWatches(): Watch[] {
    const fromConfig = (opts.config?.watches ?? []).map((w, i): Watch => {
      const input = WatchInputSchema.parse(w);
      return { ...input, id: input.id ?? `config-${i + 1}`, createdAt: new Date(0).toISOString() };
    });
    return [...settings.watches, ...fromConfig];
  }

  async function buildEntry(d: AnyProviderDescriptor, account: string): Promise<AccountEntry> {
    const key = keyOf(d.id, account);
    if (!providerEnabled(d)) return { key, descriptor: d, account, idleStatus: idleStatus(d, account, 'disabled') };
    let resolved;
    try {
      resolved = await resolveCredentials(d, account, {
        secrets: opts.secrets,
        config: configFor(d.id)?.accounts?.[account],
      });
    } catch (e) {
      const info = toErrorInfo(e, d.id);
      return { key, descriptor: d, account, idleStatus: idleStatus(d, account, 'error', info) };
    }
    for (const [name, value] of Object.entries(resolved.values ?? {})) {
      const field = d.credentialFields.find((f) => f.name === name);
      if (field?.secret && typeof value === 'string' && value) opts.registerSecret?.(value);
    }
    if (!resolved.values && (!d.anonymousOffers || opts.includeAnonymous === false)) {
      return { key, descriptor: d, account, idleStatus: idleStatus(d, account, 'unconfigured') };
    }
    const runtime = new ProviderRuntime({
      descriptor: d,
      account,
      baseUrl: baseUrlFor(d),
      credentials: resolved.values ?? null,
      options: configFor(d.id)?.options ?? {},
      fetch: opts.fetch,
      clock,
      log: log.child({ provider: d.id, account }),
      pollMs: pollMsFor(d),
      demo,
      parts: opts.parts,
    });
    return { key, descriptor: d, account, runtime };
  }

  function schedule(entry: AccountEntry): void {
    const rt = entry.runtime;
    if (!rt) return;
    scheduler.add(entry.key, pollMsFor(entry.descriptor), async (signal) => {
      const result = await rt.refresh(signal);
      rt.setNextPoll(scheduler.nextRunAt(entry.key));
      publish(
        store.applyProvider(entry.descriptor.id, entry.account, {
          status: rt.status(),
          offers: result.offers,
          resources: result.resources,
        }),
      );
      return !result.error;
    });
    if (entry.descriptor.capabilities.metrics) {
      scheduler.add(`${entry.key}#metrics`, metricsPollMsFor(entry.descriptor), async (signal) => {
        const result = await rt.refreshMetrics(signal);
        publish(
          store.applyProvider(entry.descriptor.id, entry.account, { status: rt.status(), resources: result.resources }),
        );
        return !result.error;
      });
    }
  }

  function unschedule(entry: AccountEntry): void {
    scheduler.remove(entry.key);
    scheduler.remove(`${entry.key}#metrics`);
    entry.runtime?.dispose();
  }

  async function rebuild(provider: ProviderId, account: string): Promise<void> {
    const d = registry.find((x) => x.id === provider);
    if (!d) return;
    const key = keyOf(provider, account);
    const old = entries.get(key);
    if (old) unschedule(old);
    const entry = await buildEntry(d, account);
    entries.set(key, entry);
    publish(
      store.applyProvider(provider, account, {
        status: entry.runtime?.status() ?? entry.idleStatus!,
        offers: entry.runtime ? undefined : [],
        resources: entry.runtime ? undefined : [],
      }),
    );
    if (entry.runtime) {
      schedule(entry);
      if (started) void scheduler.runNow([key]);
    }
  }

  async function init(): Promise<void> {
    await channels.loadSaved();
    const built = await Promise.all(registry.flatMap((d) => accountsFor(d).map((a) => buildEntry(d, a))));
    for (const e of built) {
      entries.set(e.key, e);
      if (e.runtime) schedule(e);
    }
    publish(store.setStatuses(built.map((e) => e.runtime?.status() ?? e.idleStatus!)));
  }

  const whenReady = (): Promise<void> => (ready ??= init());

  function settingsView(): SettingsView {
    return { settings, path: opts.settings.path, issues: opts.settings.issues() };
  }

  function saveSettings(next: Settings): void {
    settings = next;
    opts.settings.save(settings);
  }

  function findDescriptor(provider: ProviderId): AnyProviderDescriptor {
    const d = registry.find((x) => x.id === provider) ?? providerRegistry.find((x) => x.id === provider);
    if (!d) throw new CloudtopError('config', `Unknown provider "${provider}". Known: ${PROVIDER_IDS.join(', ')}`);
    return d;
  }

  function ensureProfile(provider: ProviderId, account: string): void {
    const ps = settings.providers[provider];
    if (ps && !ps.profiles.includes(account)) {
      saveSettings({
        ...settings,
        providers: { ...settings.providers, [provider]: { ...ps, profiles: [...ps.profiles, account] } },
      });
    }
  }

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
      saveAlerts(true);
      for (const e of entries.values()) e.runtime?.dispose();
    },

    async refresh(o = {}) {
      await whenReady();
      const keys: string[] = [];
      for (const e of entries.values()) {
        if (!e.runtime) continue;
        if (o.providers && !o.providers.includes(e.descriptor.id)) continue;
        keys.push(e.key);
        if (o.metrics && e.descriptor.capabilities.metrics) keys.push(`${e.key}#metrics`);
      }
      await scheduler.runNow(keys);
      if (o.metrics) {
        // Metrics read the resources found by the first pass; run them after it.
        await scheduler.runNow(keys.filter((k) => k.endsWith('#metrics')));
      }
      return store.current();
    },

    snapshot: () => store.current(),
    history: opts.history,

    channels,

    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => snapshotListeners.delete(listener);
    },

    onAlert(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },

    suspend: () => scheduler.suspend(),
    resume: () => scheduler.resume(),

    providers(): ProviderInfo[] {
      return registry.map((d) => ({
        id: d.id,
        displayName: d.displayName,
        kind: d.kind,
        capabilities: d.capabilities,
        credentialFields: d.credentialFields,
        rateLimit: {
          documented: d.rateLimit.documented,
          intervalMs: d.rateLimit.intervalMs,
          intervalCap: d.rateLimit.intervalCap,
        },
        defaultPollMs: d.defaultPollMs,
        consoleUrl: d.consoleUrl,
        defaultBaseUrl: d.defaultBaseUrl,
        ...(d.docsUrl ? { docsUrl: d.docsUrl } : {}),
        ...(d.note ? { note: d.note } : {}),
      }));
    },

    async configuredProviders() {
      await whenReady();
      return [...new Set([...entries.values()].filter((e) => e.runtime).map((e) => e.descriptor.id))];
    },

    credentials: {
      async status(provider, account = DEFAULT_PROFILE): Promise<CredentialStatus> {
        const d = findDescriptor(provider);
        const r = await resolveCredentials(d, account, {
          secrets: opts.secrets,
          config: configFor(provider)?.accounts?.[account],
        });
        return r.status;
      },
      async set(provider, account, values) {
        const d = findDescriptor(provider);
        await saveCredentials(d, account, values, opts.secrets);
        for (const f of d.credentialFields) {
          const v = values[f.name];
          if (f.secret && v) opts.registerSecret?.(v);
        }
        ensureProfile(provider, account);
        await whenReady();
        await rebuild(provider, account);
        return core.credentials.status(provider, account);
      },
      async delete(provider, account) {
        const d = findDescriptor(provider);
        await deleteCredentials(d, account, opts.secrets);
        await whenReady();
        await rebuild(provider, account);
        return core.credentials.status(provider, account);
      },
      async test(provider, account, values): Promise<TestResult> {
        const d = findDescriptor(provider);
        try {
          let creds: Record<string, string | undefined> | null;
          if (values) {
            for (const v of Object.values(values)) if (v) opts.registerSecret?.(v);
            const parsed = d.credentialSchema.safeParse(values);
            if (!parsed.success) {
              const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
              throw new CloudtopError('config', `${d.displayName}: missing or invalid credential fields: ${fields}`, {
                provider,
              });
            }
            creds = parsed.data;
          } else {
            const r = await resolveCredentials(d, account, {
              secrets: opts.secrets,
              config: configFor(provider)?.accounts?.[account],
            });
            creds = r.values;
            if (!creds && !d.anonymousOffers) {
              throw new CloudtopError('config', `${d.displayName} has no credentials for account "${account}"`, {
                provider,
                hint: `Run \`cloudtop auth set ${provider}\` or set them in the Providers view`,
              });
            }
          }
          const rt = new ProviderRuntime({
            descriptor: d,
            account,
            baseUrl: baseUrlFor(d),
            credentials: creds,
            options: configFor(provider)?.options ?? {},
            fetch: opts.fetch,
            clock,
            log: log.child({ provider, account, test: true }),
            pollMs: pollMsFor(d),
            demo,
          });
          try {
            const r = await rt.testConnection(AbortSignal.timeout(30_000));
            return { ok: true, detail: r.detail };
          } finally {
            rt.dispose();
          }
        } catch (e) {
          return { ok: false, error: toErrorInfo(e, provider) };
        }
      },
    },

    watches: {
      list: () => allWatches(),
      save(input: WatchInput) {
        const parsed = WatchInputSchema.parse(input);
        const existing = parsed.id ? settings.watches.find((w) => w.id === parsed.id) : undefined;
        const watch: Watch = existing
          ? { ...existing, ...parsed, id: existing.id, createdAt: existing.createdAt }
          : { ...parsed, id: parsed.id ?? crypto.randomUUID(), createdAt: isoNow() };
        const rest = settings.watches.filter((w) => w.id !== watch.id);
        saveSettings({ ...settings, watches: [...rest, watch] });
        return watch;
      },
      delete(id) {
        const before = settings.watches.length;
        saveSettings({ ...settings, watches: settings.watches.filter((w) => w.id !== id) });
        return settings.watches.length < before;
      },
      snooze(id, until) {
        const w = settings.watches.find((x) => x.id === id);
        if (!w) throw new CloudtopError('not_found', `No watch with id "${id}"`);
        const next: Watch = { ...w };
        if (until) next.snoozedUntil = until;
        else delete next.snoozedUntil;
        saveSettings({ ...settings, watches: settings.watches.map((x) => (x.id === id ? next : x)) });
        return next;
      },
      history: () => [...history],
    },

    settings: {
      view: settingsView,
      update(patch: SettingsPatch) {
        const p = SettingsPatchSchema.parse(patch);
        const providers = { ...settings.providers };
        for (const [id, patchEntry] of Object.entries(p.providers ?? {})) {
          const pid = id as ProviderId;
          const { confirmBaseUrl, ...ps } = patchEntry;
          confirmBaseUrlChange(pid, settings.providers[pid]?.baseUrl, ps.baseUrl, confirmBaseUrl);
          providers[pid] = { ...providers[pid], ...ps } as Settings['providers'][ProviderId];
        }
        const next: Settings = {
          ...settings,
          ...(p.theme !== undefined ? { theme: p.theme } : {}),
          ...(p.launchAtLogin !== undefined ? { launchAtLogin: p.launchAtLogin } : {}),
          ...(p.autoUpdate !== undefined ? { autoUpdate: p.autoUpdate } : {}),
          ...(p.metricsPollSeconds !== undefined ? { metricsPollSeconds: p.metricsPollSeconds } : {}),
          notifications: {
            ...settings.notifications,
            ...p.notifications,
            quietHours: { ...settings.notifications.quietHours, ...(p.notifications?.quietHours ?? {}) },
          },
          providers,
          ui: { ...settings.ui, ...(p.ui ?? {}) },
        };
        saveSettings(next);
        // Poll intervals and enabled flags take effect now.
        if (p.providers) {
          for (const id of Object.keys(p.providers) as ProviderId[]) {
            for (const e of [...entries.values()].filter((x) => x.descriptor.id === id)) void rebuild(id, e.account);
          }
        }
        return settingsView();
      },
      pauseNotifications(until) {
        const n = { ...settings.notifications };
        if (until) n.pausedUntil = until;
        else delete n.pausedUntil;
        saveSettings({ ...settings, notifications: n });
        return settingsView();
      },
    },
  };
  return core;
}
