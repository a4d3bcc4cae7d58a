/**
 * One entry per (provider, account): resolves its credentials, builds its ProviderRuntime (or an idle
 * status saying why there is none), schedules its polls and publishes each result to the snapshot.
 * Rebuilt one at a time when credentials or provider settings change.
 */
import { toErrorInfo, type ProviderId, type ProviderStatus } from '../../shared/model';
import type { Clock } from '../collector/clock';
import { ProviderRuntime } from '../collector/provider-runner';
import type { Scheduler } from '../collector/scheduler';
import type { Logger } from '../log/types';
import type { AnyProviderDescriptor } from '../providers/types';
import { resolveCredentials } from '../secrets/credentials';
import type { SecretStore } from '../secrets/types';
import { idleStatus, type AccountPlan } from './account-plan';
import type { SnapshotHub } from './snapshot-hub';

interface AccountEntry {
  key: string;
  descriptor: AnyProviderDescriptor;
  account: string;
  runtime?: ProviderRuntime;
  /** Status when there is no runtime (unconfigured, disabled, credential problem). */
  idleStatus?: ProviderStatus;
}

export interface RuntimeFactoryOptions {
  plan: AccountPlan;
  fetch?: typeof fetch;
  clock: Clock;
  log: Logger;
  demo: boolean;
  parts?: ReadonlyArray<'offers' | 'resources'>;
}

/** A ProviderRuntime for one account as the plan says (base URL, options, poll interval). */
export function runtimeFor(
  o: RuntimeFactoryOptions,
  d: AnyProviderDescriptor,
  account: string,
  credentials: Record<string, string | undefined> | null,
  logFields: Record<string, unknown> = {},
): ProviderRuntime {
  return new ProviderRuntime({
    descriptor: d,
    account,
    baseUrl: o.plan.baseUrl(d),
    credentials,
    options: o.plan.options(d),
    fetch: o.fetch,
    clock: o.clock,
    log: o.log.child({ provider: d.id, account, ...logFields }),
    pollMs: o.plan.pollMs(d),
    demo: o.demo,
    ...(o.parts ? { parts: o.parts } : {}),
  });
}

interface AccountsOptions extends RuntimeFactoryOptions {
  registry: readonly AnyProviderDescriptor[];
  secrets: SecretStore;
  registerSecret?: (value: string) => void;
  includeAnonymous?: boolean;
  scheduler: Scheduler;
  hub: SnapshotHub;
  /** True once the scheduler started: a rebuilt account polls at once. */
  started: () => boolean;
}

const keyOf = (provider: ProviderId, account: string): string => `${provider}/${account}`;
const metricsKey = (key: string): string => `${key}#metrics`;

export class Accounts {
  private readonly entries = new Map<string, AccountEntry>();

  constructor(private readonly o: AccountsOptions) {}

  /** Builds and schedules every account of every provider, and publishes their first statuses. */
  async init(): Promise<void> {
    const { registry, plan, hub } = this.o;
    const built = await Promise.all(registry.flatMap((d) => plan.accounts(d).map((a) => this.build(d, a))));
    for (const e of built) {
      this.entries.set(e.key, e);
      if (e.runtime) this.schedule(e);
    }
    hub.publish(hub.store.setStatuses(built.map((e) => e.runtime?.status() ?? e.idleStatus!)));
  }

  async rebuild(provider: ProviderId, account: string): Promise<void> {
    const d = this.o.registry.find((x) => x.id === provider);
    if (!d) return;
    const key = keyOf(provider, account);
    const old = this.entries.get(key);
    if (old) this.unschedule(old);
    const entry = await this.build(d, account);
    this.entries.set(key, entry);
    this.o.hub.publish(
      this.o.hub.store.applyProvider(provider, account, {
        status: entry.runtime?.status() ?? entry.idleStatus!,
        offers: entry.runtime ? undefined : [],
        resources: entry.runtime ? undefined : [],
      }),
    );
    if (entry.runtime) {
      this.schedule(entry);
      if (this.o.started()) void this.o.scheduler.runNow([key]);
    }
  }

  /** Rebuilds every account of a provider (its settings changed). */
  rebuildProvider(provider: ProviderId): void {
    for (const e of [...this.entries.values()].filter((x) => x.descriptor.id === provider))
      void this.rebuild(provider, e.account);
  }

  /**
   * Scheduler keys an on-demand refresh runs: each account's poll, except where the data held is
   * fresh and a poll now would wait for the rate limit (ProviderRuntime.keepsPollOnDemand).
   */
  pollKeys(o: { providers?: ProviderId[] }): string[] {
    return this.onDemand(o, (e) => (e.runtime!.keepsPollOnDemand(this.o.plan.pollMs(e.descriptor)) ? [] : [e.key]));
  }

  /** The metrics passes of the same refresh: asked after its polls, which find what they measure. */
  metricsKeys(o: { providers?: ProviderId[] }): string[] {
    return this.onDemand(o, (e) =>
      e.descriptor.capabilities.metrics && !e.runtime!.keepsMetricsOnDemand(this.o.plan.metricsPollMs(e.descriptor))
        ? [metricsKey(e.key)]
        : [],
    );
  }

  private onDemand(o: { providers?: ProviderId[] }, keys: (e: AccountEntry) => string[]): string[] {
    return [...this.entries.values()]
      .filter((e) => e.runtime && (!o.providers || o.providers.includes(e.descriptor.id)))
      .flatMap(keys);
  }

  configuredProviders(): ProviderId[] {
    return [...new Set([...this.entries.values()].filter((e) => e.runtime).map((e) => e.descriptor.id))];
  }

  dispose(): void {
    for (const e of this.entries.values()) e.runtime?.dispose();
  }

  private async build(d: AnyProviderDescriptor, account: string): Promise<AccountEntry> {
    const { plan, demo } = this.o;
    const key = keyOf(d.id, account);
    const idle = (state: ProviderStatus['state'], error?: ProviderStatus['error']): AccountEntry => ({
      key,
      descriptor: d,
      account,
      idleStatus: idleStatus(d, account, state, { demo, error }),
    });
    if (!plan.enabled(d)) return idle('disabled');
    let resolved;
    try {
      // A malformed base URL in the environment is a config error for this account, shown in its status.
      plan.baseUrl(d);
      resolved = await resolveCredentials(d, account, {
        secrets: this.o.secrets,
        config: plan.accountConfig(d, account),
      });
    } catch (e) {
      return idle('error', toErrorInfo(e, d.id));
    }
    for (const [name, value] of Object.entries(resolved.values ?? {})) {
      const field = d.credentialFields.find((f) => f.name === name);
      if (field?.secret && typeof value === 'string' && value) this.o.registerSecret?.(value);
    }
    if (!resolved.values && (!d.anonymousOffers || this.o.includeAnonymous === false)) return idle('unconfigured');
    return { key, descriptor: d, account, runtime: runtimeFor(this.o, d, account, resolved.values ?? null) };
  }

  private schedule(entry: AccountEntry): void {
    const rt = entry.runtime;
    if (!rt) return;
    const { scheduler, hub, plan } = this.o;
    const d = entry.descriptor;
    // Whether a metrics pass has had this account's resources to measure yet. At start the metrics pass
    // runs beside the first poll, before any resource is known, and measures nothing; without this
    // the first metrics came one metrics interval (5 min) after launch.
    let measured = false;
    scheduler.add(entry.key, plan.pollMs(d), async (signal) => {
      const result = await rt.refresh(signal);
      rt.setNextPoll(scheduler.nextRunAt(entry.key));
      hub.publish(
        hub.store.applyProvider(d.id, entry.account, {
          status: rt.status(),
          offers: result.offers,
          resources: result.resources,
        }),
      );
      // Only once polling has started (the app, serve, top): the CLI's own refreshes (`offers`, -w,
      // watch) ask for metrics themselves or not at all, and a run aborted by stop() starts nothing.
      if (d.capabilities.metrics && !measured && result.resources.length > 0 && this.o.started() && !signal.aborted)
        void scheduler.runNow([metricsKey(entry.key)]);
      return !result.error;
    });
    if (d.capabilities.metrics) {
      scheduler.add(metricsKey(entry.key), plan.metricsPollMs(d), async (signal) => {
        const result = await rt.refreshMetrics(signal);
        hub.publish(hub.store.applyProvider(d.id, entry.account, { status: rt.status(), resources: result.resources }));
        // Once it had resources to measure, failed or not: a failing pass keeps its own backoff.
        if (result.resources.length > 0) measured = true;
        return !result.error;
      });
    }
  }

  private unschedule(entry: AccountEntry): void {
    this.o.scheduler.remove(entry.key);
    this.o.scheduler.remove(metricsKey(entry.key));
    entry.runtime?.dispose();
  }
}
