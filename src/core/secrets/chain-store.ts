import { isCloudtopError, type CloudtopError, type ProviderId } from '../../shared/model';
import { MemorySecretStore } from './memory-store';
import { secretAccount, type LocatedSecret, type SecretEntry, type SecretRef, type SecretStore } from './types';

interface ChainSecretStoreOptions {
  env: SecretStore;
  keychain: SecretStore;
  /**
   * When the keychain is unavailable, keep written secrets in memory for this session instead of
   * failing. Only with the user's explicit consent (`--session-only`, a UI choice): the secret is
   * lost at exit, and the caller must say so.
   */
  sessionFallback?: boolean;
  /** Called once, the first time a write falls back to memory, with the keychain's error. */
  onSessionFallback?: (reason: CloudtopError) => void;
}

type SecretPersistence = 'keychain' | 'session';

function isUnavailable(e: unknown): e is CloudtopError {
  return isCloudtopError(e) && e.code === 'keychain_unavailable';
}

/**
 * Resolution: environment, then keychain, then (when the keychain is unavailable) session memory.
 * Writes go to the keychain; to memory only with `sessionFallback`, after which `sessionOnly` is true
 * and `persistence` is 'session'. Without the fallback an unreachable keychain is a
 * `keychain_unavailable` error: never a silent plaintext file.
 */
export class ChainSecretStore implements SecretStore {
  readonly kind = 'chain' as const;
  readonly session = new MemorySecretStore();
  private readonly env: SecretStore;
  private readonly keychain: SecretStore;
  private readonly sessionFallback: boolean;
  private readonly onSessionFallback?: (reason: CloudtopError) => void;
  private fellBack = false;
  /** The last keychain error seen by any call (shown by `cloudtop status`). */
  lastKeychainError: CloudtopError | null = null;

  constructor(opts: ChainSecretStoreOptions) {
    this.env = opts.env;
    this.keychain = opts.keychain;
    this.sessionFallback = opts.sessionFallback ?? false;
    this.onSessionFallback = opts.onSessionFallback;
  }

  /** True once a secret was written to memory because the keychain was unavailable. */
  get sessionOnly(): boolean {
    return this.fellBack;
  }

  /** Where the next write goes, as far as we know. */
  get persistence(): SecretPersistence {
    return this.fellBack ? 'session' : 'keychain';
  }

  async locate(ref: SecretRef): Promise<LocatedSecret | undefined> {
    const fromEnv = await this.env.get(ref);
    if (fromEnv !== undefined) return { value: fromEnv, source: 'env' };
    // A secret saved this session (fallback) wins over an unreachable or older keychain value.
    const fromSession = await this.session.get(ref);
    if (fromSession !== undefined) return { value: fromSession, source: 'session' };
    try {
      const fromKeychain = await this.keychain.get(ref);
      return fromKeychain === undefined ? undefined : { value: fromKeychain, source: 'keychain' };
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      this.lastKeychainError = e;
      if (this.sessionFallback) return undefined;
      throw e;
    }
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    return (await this.locate(ref))?.value;
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    if (!this.fellBack) {
      try {
        await this.keychain.set(ref, value);
        return;
      } catch (e) {
        if (!isUnavailable(e) || !this.sessionFallback) throw e;
        this.lastKeychainError = e;
        this.fellBack = true;
        this.onSessionFallback?.(e);
      }
    }
    await this.session.set(ref, value);
  }

  async delete(ref: SecretRef): Promise<boolean> {
    const inSession = await this.session.delete(ref);
    let inKeychain = false;
    try {
      inKeychain = await this.keychain.delete(ref);
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      this.lastKeychainError = e;
      if (!this.sessionFallback && !inSession) throw e;
    }
    return inSession || inKeychain;
  }

  /** One entry per secret, from the source that wins resolution. */
  async list(provider?: ProviderId): Promise<SecretEntry[]> {
    const sources: SecretEntry[][] = [await this.env.list(provider), await this.session.list(provider)];
    try {
      sources.push(await this.keychain.list(provider));
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      this.lastKeychainError = e;
      if (!this.sessionFallback) throw e;
    }
    const seen = new Map<string, SecretEntry>();
    for (const entry of sources.flat()) {
      const key = secretAccount(entry);
      if (!seen.has(key)) seen.set(key, entry);
    }
    return [...seen.values()].sort((a, b) => secretAccount(a).localeCompare(secretAccount(b)));
  }
}
