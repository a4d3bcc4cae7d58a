import type { Settings } from '../../shared/settings/schema';

/** Problems met while loading settings, reported to the user (never swallowed). */
export interface SettingsLoadIssue {
  kind: 'corrupt' | 'invalid' | 'migrated' | 'unwritable';
  message: string;
  /** Where the unreadable file was preserved. */
  backupPath?: string;
}

/**
 * Persistent settings. Node uses `conf`, Electron main `electron-store`; both use the same file
 * name, schema and migrations so the app and CLI share settings.
 */
export interface SettingsStore {
  readonly path: string;
  load(): Settings;
  save(settings: Settings): void;
  /** Issues found by the last load (corrupt file backed up, migration applied…). */
  issues(): SettingsLoadIssue[];
}
