import type { ProviderId } from '../../shared/model';

/** Where a secret lives. Account naming in the keychain: `<provider>/<profile>/<field>`. */
export interface SecretRef {
  provider: ProviderId;
  profile: string;
  field: string;
}

export interface SecretEntry extends SecretRef {
  source: 'env' | 'keychain' | 'session';
}

/**
 * A store of secret strings. Implementations: keychain (keytar), environment (read-only), memory
 * (tests, and the visible session-only fallback when no keychain exists). Errors are CloudtopErrors
 * with code `keychain_unavailable` when the backend cannot be reached; never a crash.
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'env' | 'memory' | 'chain';
  get(ref: SecretRef): Promise<string | undefined>;
  set(ref: SecretRef, value: string): Promise<void>;
  delete(ref: SecretRef): Promise<boolean>;
  list(provider?: ProviderId): Promise<SecretEntry[]>;
  /** The value and where it came from (env, keychain, session). Stores that combine several
   * backends implement it so a CredentialStatus can name the source of each field. */
  locate?(ref: SecretRef): Promise<LocatedSecret | undefined>;
}

export interface LocatedSecret {
  value: string;
  source: SecretEntry['source'];
}

export function secretAccount(ref: SecretRef): string {
  return `${ref.provider}/${ref.profile}/${ref.field}`;
}

/** Environment variable for a credential: CLOUDTOP_<ID>_<FIELD> (default profile) or
 * CLOUDTOP_<ID>_<PROFILE>_<FIELD> for other profiles. FIELD is the field name in UPPER_SNAKE. */
export function secretEnvName(ref: SecretRef): string {
  const field = ref.field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  const id = ref.provider.toUpperCase();
  return ref.profile === 'default'
    ? `CLOUDTOP_${id}_${field}`
    : `CLOUDTOP_${id}_${ref.profile.toUpperCase().replace(/-/g, '_')}_${field}`;
}
