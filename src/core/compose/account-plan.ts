/**
 * What each configured account of a provider runs with, decided from cloudtop.json, settings, the
 * environment and the descriptor's defaults (cloudtop.json wins over settings, the environment wins
 * for base URLs through the one validated `resolveBaseUrl`).
 */
import { DEFAULT_PROFILE, type ProviderStatus } from '../../shared/model';
import type { Settings } from '../../shared/settings/schema';
import { resolveBaseUrl } from '../config/base-url';
import type { CloudtopConfig } from '../config/schema';
import type { AnyProviderDescriptor } from '../providers/types';

interface AccountPlanSources {
  settings: () => Settings;
  config?: CloudtopConfig;
  env: Record<string, string | undefined>;
}

export interface AccountPlan {
  enabled(d: AnyProviderDescriptor): boolean;
  accounts(d: AnyProviderDescriptor): string[];
  /** Throws a `config` CloudtopError for a malformed `CLOUDTOP_<ID>_BASE_URL`. */
  baseUrl(d: AnyProviderDescriptor): string;
  pollMs(d: AnyProviderDescriptor): number;
  metricsPollMs(d: AnyProviderDescriptor): number;
  options(d: AnyProviderDescriptor): Record<string, unknown>;
  accountConfig(d: AnyProviderDescriptor, account: string): Record<string, string> | undefined;
}

export function accountPlan({ settings, config, env }: AccountPlanSources): AccountPlan {
  const configFor = (d: AnyProviderDescriptor) => config?.providers?.[d.id];
  return {
    enabled(d) {
      return configFor(d)?.enabled ?? settings().providers[d.id]?.enabled ?? true;
    },
    accounts(d) {
      const set = new Set<string>(settings().providers[d.id]?.profiles ?? [DEFAULT_PROFILE]);
      for (const name of Object.keys(configFor(d)?.accounts ?? {})) set.add(name);
      if (set.size === 0) set.add(DEFAULT_PROFILE);
      return [...set];
    },
    baseUrl: (d) => resolveBaseUrl(d.id, d.defaultBaseUrl, { env, config, settings: settings() }).url,
    pollMs(d) {
      const s = configFor(d)?.pollSeconds ?? settings().providers[d.id]?.pollSeconds;
      return s ? s * 1000 : d.defaultPollMs;
    },
    metricsPollMs: (d) => Math.max(settings().metricsPollSeconds * 1000, d.defaultMetricsPollMs ?? 0),
    options: (d) => configFor(d)?.options ?? {},
    accountConfig: (d, account) => configFor(d)?.accounts?.[account],
  };
}

/** The status of an account that has no runtime (unconfigured, disabled, credential problem). */
export function idleStatus(
  d: AnyProviderDescriptor,
  account: string,
  state: ProviderStatus['state'],
  { demo, error }: { demo: boolean; error?: ProviderStatus['error'] },
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
