/**
 * OS keychain secrets for the desktop app, through keytar, exactly as the CLI stores them
 * (src/node/secrets/keytar-store.ts): service `cloudtop`, account `<provider>/<profile>/<field>`,
 * so the app, the CLI and the server read the same entries. Main may not import src/node
 * (DESIGN.md §2), hence this twin. keytar is loaded on first use from app.asar.unpacked (electron-builder
 * `asarUnpack`); any failure to load it or reach the keychain (no D-Bus, no Secret Service, locked
 * collection) is a `keychain_unavailable` CloudtopError — never a crash, never a plaintext file.
 */
import { createRequire } from 'node:module';
import { CloudtopError, PROVIDER_IDS, type ProviderId } from '../shared/model';
import {
  secretAccount,
  type LocatedSecret,
  type SecretEntry,
  type SecretRef,
  type SecretStore,
} from '../core/secrets/types';

export const KEYCHAIN_SERVICE = 'cloudtop';

export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeychainOptions {
  load?: () => KeytarModule;
  service?: string;
  platform?: NodeJS.Platform;
  timeoutMs?: number;
}

function defaultLoad(): KeytarModule {
  const require = createRequire(import.meta.url);
  return require('keytar') as KeytarModule;
}

export function keychainHint(platform: NodeJS.Platform, reason: string): string {
  const env = 'or set credentials as environment variables (CLOUDTOP_<ID>_<FIELD>, e.g. CLOUDTOP_VASTAI_API_KEY)';
  if (platform === 'darwin') return `Unlock the login keychain (Keychain Access), ${env}.`;
  if (platform === 'win32') return `Check that Windows Credential Manager is available, ${env}.`;
  if (/locked/i.test(reason))
    return `Unlock your keyring (GNOME Keyring / KWallet, e.g. by logging in to the desktop), ${env}.`;
  if (/keytar|native module|cannot find module|NODE_MODULE_VERSION|invalid ELF/i.test(reason)) {
    return `The keychain module (keytar) could not be loaded; reinstall cloudtop, ${env}.`;
  }
  return `Install and unlock a Secret Service (gnome-keyring or KWallet) in your desktop session, ${env}.`;
}

export function toKeychainError(e: unknown, platform: NodeJS.Platform, action: string): CloudtopError {
  const raw = e instanceof Error ? e.message : String(e);
  // libsecret messages describe the bus, not our data; the first line is enough.
  const reason = raw.split('\n')[0]!.slice(0, 200);
  return new CloudtopError('keychain_unavailable', `No keychain available (${action}): ${reason}`, {
    hint: keychainHint(platform, reason),
    cause: e,
  });
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly load: () => KeytarModule;
  private readonly service: string;
  private readonly platform: NodeJS.Platform;
  private readonly timeoutMs: number;
  private module: KeytarModule | null = null;
  private loadError: CloudtopError | null = null;

  constructor(opts: KeychainOptions = {}) {
    this.load = opts.load ?? defaultLoad;
    this.service = opts.service ?? KEYCHAIN_SERVICE;
    this.platform = opts.platform ?? process.platform;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  private keytar(): KeytarModule {
    if (this.module) return this.module;
    if (this.loadError) throw this.loadError;
    try {
      const m = this.load();
      if (!m || typeof m.getPassword !== 'function') throw new Error('keytar module has no getPassword()');
      this.module = m;
      return m;
    } catch (e) {
      this.loadError = toKeychainError(e, this.platform, 'loading keytar');
      throw this.loadError;
    }
  }

  private async call<T>(action: string, fn: (k: KeytarModule) => Promise<T>): Promise<T> {
    const k = this.keytar();
    let timer: NodeJS.Timeout | undefined;
    // A D-Bus activation that never answers must not hang the window's credential form.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the keychain did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref?.();
    });
    try {
      return await Promise.race([fn(k), timeout]);
    } catch (e) {
      throw toKeychainError(e, this.platform, action);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    const v = await this.call('reading', (k) => k.getPassword(this.service, secretAccount(ref)));
    return v ?? undefined;
  }

  async locate(ref: SecretRef): Promise<LocatedSecret | undefined> {
    const value = await this.get(ref);
    return value === undefined ? undefined : { value, source: 'keychain' };
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    await this.call('saving', (k) => k.setPassword(this.service, secretAccount(ref), value));
  }

  async delete(ref: SecretRef): Promise<boolean> {
    return this.call('deleting', (k) => k.deletePassword(this.service, secretAccount(ref)));
  }

  async list(provider?: ProviderId): Promise<SecretEntry[]> {
    const creds = await this.call('listing', (k) => k.findCredentials(this.service));
    const out: SecretEntry[] = [];
    for (const { account } of creds) {
      const parts = account.split('/');
      if (parts.length !== 3) continue;
      const [id, profile, field] = parts as [string, string, string];
      if (!(PROVIDER_IDS as readonly string[]).includes(id)) continue;
      if (provider && id !== provider) continue;
      out.push({ provider: id as ProviderId, profile, field, source: 'keychain' });
    }
    return out.sort((a, b) => secretAccount(a).localeCompare(secretAccount(b)));
  }
}

export interface KeychainProbe {
  available: boolean;
  reason?: string;
  hint?: string;
}

/** One harmless read: is there a keychain we can use? */
export async function probeKeychain(store: SecretStore): Promise<KeychainProbe> {
  try {
    await store.get({ provider: 'vastai', profile: '__probe__', field: 'probe' });
    return { available: true };
  } catch (e) {
    if (e instanceof CloudtopError) return { available: false, reason: e.message, hint: e.hint };
    return { available: false, reason: 'unknown keychain error' };
  }
}
