/**
 * `core.credentials`: status, save, delete and test of an account's credentials. Every secret value
 * seen is registered for redaction before anything can log it; saving or deleting rebuilds the account.
 */
import { CloudtopError, DEFAULT_PROFILE, PROVIDER_IDS, toErrorInfo, type ProviderId } from '../../shared/model';
import type { TestResult } from '../../shared/ipc/contract';
import { providerRegistry } from '../providers/registry';
import type { AnyProviderDescriptor } from '../providers/types';
import { deleteCredentials, resolveCredentials, saveCredentials } from '../secrets/credentials';
import type { SecretStore } from '../secrets/types';
import type { Core } from '../types';
import { runtimeFor, type RuntimeFactoryOptions } from './accounts';

/** How long a connection test may take. */
const TEST_TIMEOUT_MS = 30_000;

interface CredentialsApiOptions extends RuntimeFactoryOptions {
  registry: readonly AnyProviderDescriptor[];
  secrets: SecretStore;
  registerSecret?: (value: string) => void;
  /** After a save: the account becomes a settings profile. */
  ensureProfile: (provider: ProviderId, account: string) => void;
  /** Waits for the core's first build, then rebuilds the account. */
  rebuild: (provider: ProviderId, account: string) => Promise<void>;
}

export function credentialsApi(o: CredentialsApiOptions): Core['credentials'] {
  function findDescriptor(provider: ProviderId): AnyProviderDescriptor {
    const d = o.registry.find((x) => x.id === provider) ?? providerRegistry.find((x) => x.id === provider);
    if (!d) throw new CloudtopError('config', `Unknown provider "${provider}". Known: ${PROVIDER_IDS.join(', ')}`);
    return d;
  }
  const resolve = (d: AnyProviderDescriptor, account: string) =>
    resolveCredentials(d, account, { secrets: o.secrets, config: o.plan.accountConfig(d, account) });

  /** Values typed in the window, checked against the descriptor before any request. */
  function checkedValues(d: AnyProviderDescriptor, values: Record<string, string>): Record<string, string | undefined> {
    for (const v of Object.values(values)) if (v) o.registerSecret?.(v);
    const parsed = d.credentialSchema.safeParse(values);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      throw new CloudtopError('config', `${d.displayName}: missing or invalid credential fields: ${fields}`, {
        provider: d.id,
      });
    }
    return parsed.data;
  }

  const api: Core['credentials'] = {
    async status(provider, account = DEFAULT_PROFILE) {
      return (await resolve(findDescriptor(provider), account)).status;
    },
    async set(provider, account, values) {
      const d = findDescriptor(provider);
      await saveCredentials(d, account, values, o.secrets);
      for (const f of d.credentialFields) {
        const v = values[f.name];
        if (f.secret && v) o.registerSecret?.(v);
      }
      o.ensureProfile(provider, account);
      await o.rebuild(provider, account);
      return api.status(provider, account);
    },
    async delete(provider, account) {
      const d = findDescriptor(provider);
      await deleteCredentials(d, account, o.secrets);
      await o.rebuild(provider, account);
      return api.status(provider, account);
    },
    async test(provider, account, values): Promise<TestResult> {
      const d = findDescriptor(provider);
      try {
        let creds: Record<string, string | undefined> | null;
        if (values) creds = checkedValues(d, values);
        else {
          creds = (await resolve(d, account)).values;
          if (!creds && !d.anonymousOffers) {
            throw new CloudtopError('config', `${d.displayName} has no credentials for account "${account}"`, {
              provider,
              hint: `Run \`cloudtop auth set ${provider}\` or set them in the Providers view`,
            });
          }
        }
        const rt = runtimeFor({ ...o, parts: undefined }, d, account, creds, { test: true });
        try {
          const r = await rt.testConnection(AbortSignal.timeout(TEST_TIMEOUT_MS));
          return { ok: true, detail: r.detail };
        } finally {
          rt.dispose();
        }
      } catch (e) {
        return { ok: false, error: toErrorInfo(e, provider) };
      }
    },
  };
  return api;
}
