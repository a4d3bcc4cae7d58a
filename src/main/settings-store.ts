/**
 * settings.json for the desktop app through electron-store: the same file, schema, migrations and
 * damage handling as the CLI's conf store (src/node/settings/conf-store.ts), so the app and the CLI
 * share settings. electron-store is used only here, in main (reliability.md D1), with
 * `clearInvalidConfig: false` and mode 0600, and without its own `schema`/`migrations` (D3): the file
 * is read and repaired by src/core/settings/parse, which never throws.
 *
 * A file that cannot be used as is (not JSON, empty, wrong shape, invalid values) is first copied byte
 * for byte to `settings.json.corrupt-<timestamp>` (never overwriting an earlier backup), then replaced
 * by what could be kept plus defaults, and reported through issues() — shown in the window. A damaged
 * file that cannot be backed up is left untouched and nothing is saved (no silent wipe, no crash loop).
 *
 * src/node is out of bounds for main (DESIGN.md §2), hence this twin of ConfSettingsStore; the shared
 * logic (parse, repair, migrations) lives in core and is not duplicated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import { CloudtopError } from '../shared/model';
import { SettingsSchema, defaultSettings, type Settings } from '../shared/settings/schema';
import { parseSettings } from '../core/settings/parse';
import type { SettingsLoadIssue, SettingsStore } from '../core/settings/types';

export const SETTINGS_FILE_NAME = 'settings.json';
const CONFIG_NAME = 'settings';

/** The part of electron-store we write through (atomic write, file mode). */
export interface StoreBackend {
  store: Record<string, unknown>;
}

export interface ElectronSettingsStoreOptions {
  /** Folder of settings.json (Electron's userData, or CLOUDTOP_HOME). */
  cwd: string;
  now?: () => Date;
  /** Refuses to save settings whose JSON contains a registered secret (B1). */
  containsSecret?: (text: string) => boolean;
  /** Opens the backend; tests may inject another. Default: electron-store. */
  open?: (cwd: string) => StoreBackend;
}

export const ELECTRON_STORE_IPC_CHANNEL = 'electron-store-get-data';

export function openElectronStore(cwd: string): StoreBackend {
  const store = new ElectronStore<Record<string, unknown>>({
    name: CONFIG_NAME,
    cwd,
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    // Settings are written whole by us; a file watcher would re-read our own writes.
    watch: false,
  });
  // electron-store answers renderer `sendSync` calls with the userData path on a raw ipcMain
  // channel that bypasses secureHandle. Settings never live in the renderer: close that door.
  ipcMain.removeAllListeners(ELECTRON_STORE_IPC_CHANNEL);
  return store;
}

export class ElectronSettingsStore implements SettingsStore {
  readonly path: string;
  private readonly cwd: string;
  private readonly now: () => Date;
  private readonly containsSecret?: (text: string) => boolean;
  private readonly open: (cwd: string) => StoreBackend;
  private backend: StoreBackend | null = null;
  private lastIssues: SettingsLoadIssue[] = [];
  private readOnlyReason: string | null = null;

  constructor(opts: ElectronSettingsStoreOptions) {
    this.cwd = opts.cwd;
    this.path = path.join(this.cwd, SETTINGS_FILE_NAME);
    this.now = opts.now ?? (() => new Date());
    this.containsSecret = opts.containsSecret;
    this.open = opts.open ?? openElectronStore;
  }

  issues(): SettingsLoadIssue[] {
    return [...this.lastIssues];
  }

  load(): Settings {
    this.lastIssues = [];
    this.readOnlyReason = null;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        this.readOnlyReason = `cannot read ${this.path} (${code ?? 'error'})`;
        this.lastIssues.push({
          kind: 'unwritable',
          message: `${this.readOnlyReason}; defaults are used and nothing is saved`,
        });
      }
      return defaultSettings();
    }

    const json = decodeJson(bytes);
    if (!json.ok)
      return this.replace(bytes, 'corrupt', `settings file is not valid JSON (${json.reason})`, defaultSettings());
    const parsed = parseSettings(json.value);
    const damaged = parsed.issues.filter((i) => i.kind === 'corrupt' || i.kind === 'invalid');
    if (damaged.length > 0) {
      const settings = this.replace(bytes, damaged[0]!.kind, 'settings file had invalid parts', parsed.settings);
      this.lastIssues.push(...parsed.issues);
      return settings;
    }
    if (parsed.changed) {
      const migrated = parsed.issues.find((i) => i.kind === 'migrated');
      const raw = json.value as Record<string, unknown>;
      const from = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 0;
      const backupPath = this.backup(bytes, `v${from}`);
      this.lastIssues.push(...parsed.issues.map((i) => (i === migrated && backupPath ? { ...i, backupPath } : i)));
      if (backupPath) this.write(parsed.settings);
    }
    return parsed.settings;
  }

  save(settings: Settings): void {
    if (this.readOnlyReason) {
      throw new CloudtopError('config', `Settings not saved: ${this.readOnlyReason}`, {
        hint: `Fix or move ${this.path}, then restart cloudtop.`,
      });
    }
    const r = SettingsSchema.safeParse(settings);
    if (!r.success) {
      const first = r.error.issues[0];
      throw new CloudtopError(
        'config',
        `Refusing to save invalid settings: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`,
      );
    }
    if (this.containsSecret?.(JSON.stringify(r.data))) {
      throw new CloudtopError('config', 'Refusing to save settings that contain a credential value', {
        hint: 'Credentials belong in the keychain or environment variables, never in settings.json.',
      });
    }
    this.write(r.data);
  }

  private replace(bytes: Buffer, kind: SettingsLoadIssue['kind'], what: string, settings: Settings): Settings {
    const backupPath = this.backup(bytes, 'corrupt');
    if (!backupPath) {
      this.readOnlyReason = `${this.path} is damaged and could not be backed up`;
      this.lastIssues.push({
        kind: 'unwritable',
        message: `${what}; ${this.readOnlyReason}, so it is left untouched and defaults are used`,
      });
      return settings;
    }
    this.lastIssues.push({
      kind,
      message: `${what}; the original is kept at ${backupPath} and defaults were loaded`,
      backupPath,
    });
    // electron-store's constructor reads the file and throws on the damaged copy (clearInvalidConfig
    // false): remove it first — its bytes are safe in the backup — then write through the store.
    fs.rmSync(this.path, { force: true });
    this.write(settings);
    return settings;
  }

  /** Copies the bytes to `<file>.<label>-<timestamp>[-n]`; never overwrites. Null when impossible. */
  private backup(bytes: Buffer, label: string): string | null {
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const base = `${this.path}.${label}-${stamp}`;
    for (let n = 0; n < 1000; n++) {
      const candidate = n === 0 ? base : `${base}-${n}`;
      try {
        fs.writeFileSync(candidate, bytes, { flag: 'wx', mode: 0o600 });
        return candidate;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
      }
    }
    return null;
  }

  private write(settings: Settings): void {
    try {
      if (!this.backend) {
        fs.mkdirSync(this.cwd, { recursive: true, mode: 0o700 });
        this.backend = this.open(this.cwd);
      }
      this.backend.store = settings as unknown as Record<string, unknown>;
    } catch (e) {
      throw new CloudtopError(
        'config',
        `Cannot write ${this.path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        {
          hint: 'Check that the folder exists and is writable.',
        },
      );
    }
  }
}

type Decoded = { ok: true; value: unknown } | { ok: false; reason: string };

function decodeJson(bytes: Buffer): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  if (text.trim() === '') return { ok: false, reason: 'only whitespace' };
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return { ok: false, reason: 'truncated or malformed JSON' };
  }
}
