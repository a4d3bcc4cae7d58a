import { createRequire } from 'node:module';
import type ConfClass from 'conf';
import type { SecretRedactor } from '../../core/log/redact';
import { FileSettingsStore, SETTINGS_CONFIG_NAME, type SettingsBackend } from '../../core/settings/file-settings-store';
import { cloudtopPaths } from '../paths';

interface ConfSettingsStoreOptions {
  /** Folder of settings.json (default: cloudtopPaths().settingsDir, i.e. Electron's userData). */
  cwd?: string;
  /** Clock for backup names (tests). */
  now?: () => Date;
  /** When given, a save whose JSON contains a registered secret is refused (B1). */
  redactor?: SecretRedactor;
}

/** conf as the backing store: atomic writes, mode 0600, no schema, no migrations, clearInvalidConfig false. */
export function openConf(cwd: string): SettingsBackend {
  // conf (and ajv under it) is loaded here, on the first save, not at start: evaluating it costs every
  // CLI command tens of ms while most never write settings. It is synchronous ESM, which Node >= 22.12
  // can require(); `open` is synchronous, so a dynamic import() would not do.
  const Conf = loadConf();
  return new Conf<Record<string, unknown>>({
    projectName: 'cloudtop',
    projectSuffix: '',
    cwd,
    configName: SETTINGS_CONFIG_NAME,
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
  });
}

let confClass: typeof ConfClass | undefined;
function loadConf(): typeof ConfClass {
  confClass ??= (createRequire(import.meta.url)('conf') as { default: typeof ConfClass }).default;
  return confClass;
}

/**
 * The CLI's and the server's settings.json through `conf`, in the platform's settings folder
 * (src/node/paths.ts). Reading, repair, backups and migrations are core's FileSettingsStore, shared
 * with the desktop app's electron-store face.
 */
export class ConfSettingsStore extends FileSettingsStore {
  constructor(opts: ConfSettingsStoreOptions = {}) {
    const redactor = opts.redactor;
    super({
      cwd: opts.cwd ?? cloudtopPaths().settingsDir,
      now: opts.now,
      containsSecret: redactor ? (text) => redactor.containsSecret(text) : undefined,
      open: openConf,
    });
  }
}
