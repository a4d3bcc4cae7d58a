import { CloudtopError, PROVIDER_IDS, ProfileNameSchema, type ProviderId } from '../../shared/model';
import { findProvider } from '../providers/registry';
import { secretEnvName, type LocatedSecret, type SecretEntry, type SecretRef, type SecretStore } from './types';

type Env = Record<string, string | undefined>;

/** Names after `CLOUDTOP_<ID>_` that are settings, not credentials. */
const RESERVED_SUFFIXES = new Set(['BASE_URL']);

interface EnvSecretStoreOptions {
  /** Credential field names per provider, to tell `CLOUDTOP_<ID>_<PROFILE>_<FIELD>` apart from a
   * default-profile field when listing. Default: the registered descriptors' fields. */
  fieldsOf?: (provider: ProviderId) => readonly string[] | undefined;
}

/**
 * Read-only secrets from environment variables: `CLOUDTOP_<ID>_<FIELD>` for the default profile,
 * `CLOUDTOP_<ID>_<PROFILE>_<FIELD>` for others (see secretEnvName). An empty variable counts as unset,
 * as CI systems export missing secrets as "".
 */
export class EnvSecretStore implements SecretStore {
  readonly kind = 'env' as const;

  constructor(
    private readonly env: Env = process.env,
    private readonly opts: EnvSecretStoreOptions = {},
  ) {}

  async get(ref: SecretRef): Promise<string | undefined> {
    const value = this.env[secretEnvName(ref)];
    return value === undefined || value === '' ? undefined : value;
  }

  async locate(ref: SecretRef): Promise<LocatedSecret | undefined> {
    const value = await this.get(ref);
    return value === undefined ? undefined : { value, source: 'env' };
  }

  async set(ref: SecretRef, _value?: string): Promise<void> {
    const name = secretEnvName(ref);
    throw new CloudtopError(
      'config',
      `${name} is read from the environment; set it in the environment, or unset it there to store it in the keychain`,
      {
        provider: ref.provider,
        hint: `Environment variables are read-only for cloudtop. Change ${name} where it is exported (shell profile, CI secrets).`,
      },
    );
  }

  async delete(ref: SecretRef): Promise<boolean> {
    const name = secretEnvName(ref);
    if (this.env[name] === undefined || this.env[name] === '') return false;
    throw new CloudtopError(
      'config',
      `${ref.provider}/${ref.profile}/${ref.field} is set in the environment (${name}); unset it there`,
      {
        provider: ref.provider,
        hint: `Remove ${name} from your shell profile or CI secrets.`,
      },
    );
  }

  async list(provider?: ProviderId): Promise<SecretEntry[]> {
    const out: SecretEntry[] = [];
    for (const id of provider ? [provider] : PROVIDER_IDS) {
      const prefix = `CLOUDTOP_${id.toUpperCase()}_`;
      for (const [name, value] of Object.entries(this.env)) {
        if (!name.startsWith(prefix) || value === undefined || value === '') continue;
        const ref = this.parse(id, name.slice(prefix.length));
        if (ref) out.push({ ...ref, source: 'env' });
      }
    }
    return out.sort((a, b) =>
      `${a.provider}/${a.profile}/${a.field}`.localeCompare(`${b.provider}/${b.profile}/${b.field}`),
    );
  }

  private parse(provider: ProviderId, rest: string): SecretRef | undefined {
    if (RESERVED_SUFFIXES.has(rest)) return undefined;
    const fields = (this.opts.fieldsOf ?? registryFields)(provider);
    if (!fields) {
      // Without the field list, every name is read as a default-profile field.
      return { provider, profile: 'default', field: snakeToCamel(rest) };
    }
    // Longest field first: `PRIVATE_KEY` must not be read as profile "private" + field `KEY`.
    const snake = fields
      .map((field) => ({
        field,
        env: secretEnvName({ provider, profile: 'default', field }).slice(`CLOUDTOP_${provider.toUpperCase()}_`.length),
      }))
      .sort((a, b) => b.env.length - a.env.length);
    for (const { field, env } of snake) {
      if (rest === env) return { provider, profile: 'default', field };
    }
    for (const { field, env } of snake) {
      if (rest.endsWith(`_${env}`)) {
        const profile = rest.slice(0, -(env.length + 1)).toLowerCase();
        if (ProfileNameSchema.safeParse(profile).success) return { provider, profile, field };
      }
    }
    return undefined;
  }
}

function registryFields(provider: ProviderId): readonly string[] | undefined {
  return findProvider(provider)?.credentialFields.map((f) => f.name);
}

function snakeToCamel(s: string): string {
  return s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
