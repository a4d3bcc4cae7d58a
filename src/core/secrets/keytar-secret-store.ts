/**
 * Secrets in the OS keychain through keytar: service `cloudtop`, account `<provider>/<profile>/<field>`,
 * one implementation for the CLI, the server and the desktop app, so all of them read the same entries.
 * keytar is loaded on first use (in the packaged app from app.asar.unpacked, electron-builder
 * `asarUnpack`); any failure to load it or to reach the keychain (no D-Bus, no Secret Service, locked
 * collection) is a `keychain_unavailable` CloudtopError — never a crash, never a plaintext file.
 */
import { createRequire } from 'node:module';
import { CloudtopError, PROVIDER_IDS, type ProviderId } from '../../shared/model';
import { secretAccount, type LocatedSecret, type SecretEntry, type SecretRef, type SecretStore } from './types';

export const KEYCHAIN_SERVICE = 'cloudtop';

/** The part of keytar we use. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Who reads the hints: a terminal user (`cli`, the default) or a user of the desktop app's window. */
export type KeychainHintFace = 'cli' | 'desktop';

export interface KeytarStoreOptions {
  /** Loads the native module; injected by tests. Default: `require('keytar')`, on first use. */
  load?: () => KeytarModule;
  service?: string;
  platform?: NodeJS.Platform;
  /** A call that takes longer is reported as unavailable (a D-Bus activation that never answers). */
  timeoutMs?: number;
  /** Wording of the hints (see keychainHint). Default `cli`. */
  face?: KeychainHintFace;
  /**
   * Answer reads that come together from one listing of the service (`findCredentials`) instead of
   * one keychain call per field: a command resolving every provider's credentials at start asks the
   * keychain once, not ~25 times. A listing is reused for READ_BATCH_MS; writes and deletes through
   * this store update it. Off by default (the desktop app reads one field at a time).
   */
  batchReads?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** How long one listing answers reads (batchReads): the burst of a start, not changes made elsewhere later. */
export const READ_BATCH_MS = 2_000;

function defaultLoad(): KeytarModule {
  // Lazy: a missing or unbuilt native module must be an error we can explain, not an import crash.
  const require = createRequire(import.meta.url);
  return require('keytar') as KeytarModule;
}

/** What the user can do, per platform. Never mentions secret values. */
export function keychainHint(platform: NodeJS.Platform, reason: string, face: KeychainHintFace = 'cli'): string {
  const env = 'or set credentials as environment variables (CLOUDTOP_<ID>_<FIELD>, e.g. CLOUDTOP_VASTAI_API_KEY)';
  if (platform === 'darwin') return `Unlock the login keychain (Keychain Access), ${env}.`;
  if (platform === 'win32') return `Check that Windows Credential Manager is available, ${env}.`;
  if (/locked/i.test(reason))
    return `Unlock your keyring (GNOME Keyring / KWallet, e.g. by logging in to the desktop), ${env}.`;
  if (/keytar|native module|cannot find module|NODE_MODULE_VERSION|invalid ELF/i.test(reason)) {
    return face === 'desktop'
      ? `The keychain module (keytar) could not be loaded; reinstall cloudtop, ${env}.`
      : `The keychain module (keytar) is not installed or not built for this Node version; reinstall cloudtop, ${env}.`;
  }
  return face === 'desktop'
    ? `Install and unlock a Secret Service (gnome-keyring or KWallet) in your desktop session, ${env}.`
    : `Install and unlock a Secret Service (gnome-keyring: apt-get install gnome-keyring; or KWallet) in a desktop session, ${env}.`;
}

/** Turns any keytar/libsecret failure into a keychain_unavailable error with a short reason. */
export function toKeychainError(
  e: unknown,
  platform: NodeJS.Platform,
  action: string,
  face: KeychainHintFace = 'cli',
): CloudtopError {
  const raw = e instanceof Error ? e.message : String(e);
  // libsecret messages are about the bus, not about our data; keep the first line only.
  const reason = raw.split('\n')[0]!.slice(0, 200);
  return new CloudtopError('keychain_unavailable', `No keychain available (${action}): ${reason}`, {
    hint: keychainHint(platform, reason, face),
    cause: e,
  });
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly load: () => KeytarModule;
  private readonly service: string;
  private readonly platform: NodeJS.Platform;
  private readonly timeoutMs: number;
  private readonly face: KeychainHintFace;
  private module: KeytarModule | null = null;
  private loadError: CloudtopError | null = null;
  private readonly batchReads: boolean;
  private listing: { at: number; entries: Promise<Map<string, string>> } | undefined;

  constructor(opts: KeytarStoreOptions = {}) {
    this.load = opts.load ?? defaultLoad;
    this.service = opts.service ?? KEYCHAIN_SERVICE;
    this.platform = opts.platform ?? process.platform;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.face = opts.face ?? 'cli';
    this.batchReads = opts.batchReads ?? false;
  }

  private keytar(): KeytarModule {
    if (this.module) return this.module;
    // A module that failed to load will not load later in this process.
    if (this.loadError) throw this.loadError;
    try {
      const m = this.load();
      if (!m || typeof m.getPassword !== 'function') throw new Error('keytar module has no getPassword()');
      this.module = m;
      return m;
    } catch (e) {
      this.loadError = toKeychainError(e, this.platform, 'loading keytar', this.face);
      throw this.loadError;
    }
  }

  private async call<T>(action: string, fn: (k: KeytarModule) => Promise<T>): Promise<T> {
    const k = this.keytar();
    let timer: NodeJS.Timeout | undefined;
    // A D-Bus activation that never answers must not hang a command or the window's credential form.
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
      throw toKeychainError(e, this.platform, action, this.face);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    if (this.batchReads) return (await this.readAll()).get(secretAccount(ref));
    const v = await this.call('reading', (k) => k.getPassword(this.service, secretAccount(ref)));
    return v ?? undefined;
  }

  /** One listing for the reads of a burst (batchReads); a failure answers them all the same way. */
  private readAll(): Promise<Map<string, string>> {
    const now = Date.now();
    if (!this.listing || now - this.listing.at > READ_BATCH_MS) {
      const entries = this.call('reading', (k) => k.findCredentials(this.service)).then(
        (creds) => new Map(creds.map((c) => [c.account, c.password])),
      );
      this.listing = { at: now, entries };
    }
    return this.listing.entries;
  }

  async locate(ref: SecretRef): Promise<LocatedSecret | undefined> {
    const value = await this.get(ref);
    return value === undefined ? undefined : { value, source: 'keychain' };
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    await this.call('saving', (k) => k.setPassword(this.service, secretAccount(ref), value));
    this.listing = undefined;
  }

  async delete(ref: SecretRef): Promise<boolean> {
    const deleted = await this.call('deleting', (k) => k.deletePassword(this.service, secretAccount(ref)));
    this.listing = undefined;
    return deleted;
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
  /** Why not, in words for the user (no secrets). */
  reason?: string;
  hint?: string;
}

/** Checks that the keychain can be reached, with one harmless read. */
export async function probeKeychain(store: SecretStore = new KeytarSecretStore()): Promise<KeychainProbe> {
  try {
    await store.get({ provider: 'vastai', profile: '__probe__', field: 'probe' });
    return { available: true };
  } catch (e) {
    if (e instanceof CloudtopError) return { available: false, reason: e.message, hint: e.hint };
    return { available: false, reason: 'unknown keychain error' };
  }
}
