import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { CloudtopError } from '../../shared/model';
import { SettingsSchema, defaultSettings, type Settings } from '../../shared/settings/schema';
import type { SecretRedactor } from '../../core/log/redact';
import { parseSettings } from '../../core/settings/parse';
import type { SettingsLoadIssue, SettingsStore } from '../../core/settings/types';
import { SETTINGS_FILE_NAME, cloudtopPaths } from '../paths';

export interface ConfSettingsStoreOptions {
  /** Folder of settings.json (default: cloudtopPaths().settingsDir, i.e. Electron's userData). */
  cwd?: string;
  /** Clock for backup names (tests). */
  now?: () => Date;
  /** When given, a save whose JSON contains a registered secret is refused (B1). */
  redactor?: SecretRedactor;
}

const CONFIG_NAME = path.basename(SETTINGS_FILE_NAME, '.json');

/**
 * settings.json through `conf` (atomic writes, mode 0600), read and repaired by our own code:
 * conf runs with no schema and no migrations (reliability.md D1–D3) and clearInvalidConfig false.
 *
 * A file that cannot be used as is (truncated or binary JSON, empty, wrong shape, invalid values) is
 * first copied byte for byte to `settings.json.corrupt-<timestamp>` (never overwriting an earlier
 * backup), then replaced by what could be kept plus defaults, and reported through issues(). A file
 * from an older version is migrated and the original kept as `settings.json.v<N>-<timestamp>`.
 */
export class ConfSettingsStore implements SettingsStore {
  readonly path: string;
  private readonly cwd: string;
  private readonly now: () => Date;
  private readonly redactor?: SecretRedactor;
  private conf: Conf<Record<string, unknown>> | null = null;
  private lastIssues: SettingsLoadIssue[] = [];
  /** Set when a damaged file could not be backed up: we then never overwrite it. */
  private readOnlyReason: string | null = null;

  constructor(opts: ConfSettingsStoreOptions = {}) {
    this.cwd = opts.cwd ?? cloudtopPaths().settingsDir;
    this.path = path.join(this.cwd, SETTINGS_FILE_NAME);
    this.now = opts.now ?? (() => new Date());
    this.redactor = opts.redactor;
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
    if (this.redactor?.containsSecret(JSON.stringify(r.data))) {
      throw new CloudtopError('config', 'Refusing to save settings that contain a credential value', {
        hint: 'Credentials belong in the keychain or environment variables, never in settings.json.',
      });
    }
    this.write(r.data);
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
    // conf's constructor reads the file and would throw on the damaged copy: remove it first (the
    // bytes are safe in the backup), then write through conf.
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
      this.store().store = settings as unknown as Record<string, unknown>;
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

  private store(): Conf<Record<string, unknown>> {
    if (!this.conf) {
      fs.mkdirSync(this.cwd, { recursive: true, mode: 0o700 });
      this.conf = new Conf<Record<string, unknown>>({
        projectName: 'cloudtop',
        projectSuffix: '',
        cwd: this.cwd,
        configName: CONFIG_NAME,
        configFileMode: 0o600,
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
      });
    }
    return this.conf;
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
