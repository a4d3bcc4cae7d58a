/**
 * settings.json, one implementation for every face: the CLI writes it through `conf`
 * (src/node/settings/conf-store.ts), the desktop app through `electron-store` (src/main/settings-store.ts),
 * so the app and the CLI share the same file, schema, migrations and damage handling. The face only
 * opens the backing store; it runs with no schema and no migrations of its own (docs/reliability.md D1–D3),
 * `clearInvalidConfig: false` and mode 0600, and is used for atomic writes only. The file is read and
 * repaired here with src/core/settings/parse.ts, which never throws.
 *
 * A file that cannot be used as is (truncated or binary JSON, empty, wrong shape, invalid values) is
 * first copied byte for byte to `settings.json.corrupt-<timestamp>` (never overwriting an earlier
 * backup), then replaced by what could be kept plus defaults, and reported through issues(). A file
 * from an older version is migrated and the original kept as `settings.json.v<N>-<timestamp>`. A
 * damaged file that cannot be backed up is left untouched and nothing is saved (no silent wipe, no
 * crash loop).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CloudtopError } from '../../shared/model';
import { SettingsSchema, defaultSettings, type Settings } from '../../shared/settings/schema';
import { parseSettings } from './parse';
import type { SettingsLoadIssue, SettingsStore } from './types';

export const SETTINGS_FILE_NAME = 'settings.json';
/** A temp file of an atomic settings write older than this was left by a killed process. */
const STALE_TEMP_MS = 60_000;
/** The name conf / electron-store take (`configName` / `name`) to use SETTINGS_FILE_NAME. */
export const SETTINGS_CONFIG_NAME = path.basename(SETTINGS_FILE_NAME, '.json');

/** The part of conf / electron-store we write through (atomic write, file mode). */
export interface SettingsBackend {
  store: Record<string, unknown>;
}

interface FileSettingsStoreOptions {
  /** Folder of settings.json. */
  cwd: string;
  /** Opens the backing store for `cwd` (created 0700 first); called on the first write. */
  open: (cwd: string) => SettingsBackend;
  /** Clock for backup names (tests). */
  now?: () => Date;
  /** When given, a save whose JSON contains a registered secret is refused (B1). */
  containsSecret?: (text: string) => boolean;
}

export class FileSettingsStore implements SettingsStore {
  readonly path: string;
  private readonly cwd: string;
  private readonly now: () => Date;
  private readonly containsSecret?: (text: string) => boolean;
  private readonly open: (cwd: string) => SettingsBackend;
  private backend: SettingsBackend | null = null;
  private lastIssues: SettingsLoadIssue[] = [];
  /** Set when a damaged file could not be backed up: we then never overwrite it. */
  private readOnlyReason: string | null = null;

  constructor(opts: FileSettingsStoreOptions) {
    this.cwd = opts.cwd;
    this.path = path.join(this.cwd, SETTINGS_FILE_NAME);
    this.now = opts.now ?? (() => new Date());
    this.containsSecret = opts.containsSecret;
    this.open = opts.open;
  }

  issues(): SettingsLoadIssue[] {
    return [...this.lastIssues];
  }

  load(): Settings {
    this.lastIssues = [];
    this.readOnlyReason = null;
    this.removeStaleTempFiles();
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
    if (!json.ok) {
      return this.replace(bytes, 'corrupt', `settings file is not valid JSON (${json.reason})`, defaultSettings());
    }
    const parsed = parseSettings(json.value);
    const damaged = parsed.issues.filter((i) => i.kind === 'corrupt' || i.kind === 'invalid');
    if (damaged.length > 0) {
      const settings = this.replace(bytes, damaged[0]!.kind, 'settings file had invalid parts', parsed.settings);
      this.lastIssues.push(...parsed.issues);
      return settings;
    }
    if (parsed.changed) {
      const migrated = parsed.issues.find((i) => i.kind === 'migrated');
      const from = isObject(json.value) && typeof json.value.schemaVersion === 'number' ? json.value.schemaVersion : 0;
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

  /**
   * The atomic write (conf / electron-store through `atomically`) goes to `settings.json.tmp-<stamp>`
   * and renames it over the file; a process killed in between (kill -9, power loss) leaves the temp
   * file behind for ever. Those older than STALE_TEMP_MS are removed on load: a write in progress
   * by the app or another CLI run takes milliseconds, so a younger one is left alone.
   */
  private removeStaleTempFiles(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.cwd);
    } catch {
      return;
    }
    const prefix = `${SETTINGS_FILE_NAME}.tmp-`;
    const cutoff = this.now().getTime() - STALE_TEMP_MS;
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const file = path.join(this.cwd, name);
      try {
        const st = fs.lstatSync(file);
        if (st.isFile() && st.mtimeMs < cutoff) fs.rmSync(file, { force: true });
      } catch {
        // Gone already or not ours to remove: nothing to do.
      }
    }
  }

  /** Backs up the original bytes, writes `settings`, records the issue. Returns `settings`. */
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
    // conf's and electron-store's constructors read the file and throw on the damaged copy
    // (clearInvalidConfig false): remove it first — its bytes are safe in the backup — then write
    // through the backing store.
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
