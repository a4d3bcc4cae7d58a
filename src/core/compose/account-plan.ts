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

export type AccountPlan = ReturnType<typeof accountPlan>;

export function accountPlan(sources: {
  settings: () => Settings;
  config?: CloudtopConfig;
  env: Record<string, string | undefined>;
}) {
  const { settings, config, env } = sources;
  type D = AnyProviderDescriptor;
  const configFor = (d: D) => config?.providers?.[d.id];
  return {
    enabled(d: D): boolean {
      return configFor(d)?.enabled ?? settings().providers[d.id]?.enabled ?? true;
    },
    accounts(d: D): string[] {
      const set = new Set<string>(settings().providers[d.id]?.profiles ?? [DEFAULT_PROFILE]);
      for (const name of Object.keys(configFor(d)?.accounts ?? {})) set.add(name);
      if (set.size === 0) set.add(DEFAULT_PROFILE);
      return [...set];
    },
    /** Throws a `config` CloudtopError for a malformed `CLOUDTOP_<ID>_BASE_URL`. */
    baseUrl: (d: D): string => resolveBaseUrl(d.id, d.defaultBaseUrl, { env, config, settings: settings() }).url,
    pollMs(d: D): number {
      const s = configFor(d)?.pollSeconds ?? settings().providers[d.id]?.pollSeconds;
      return s ? s * 1000 : d.defaultPollMs;
    },
    metricsPollMs: (d: D): number => Math.max(settings().metricsPollSeconds * 1000, d.defaultMetricsPollMs ?? 0),
    options: (d: D): Record<string, unknown> => configFor(d)?.options ?? {},
    accountConfig: (d: D, account: string) => configFor(d)?.accounts?.[account],
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
