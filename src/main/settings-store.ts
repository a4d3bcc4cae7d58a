/**
 * settings.json for the desktop app through electron-store: core's FileSettingsStore (the same file,
 * schema, migrations and damage handling as the CLI's conf store, so the app and the CLI share
 * settings) with electron-store as the backing store. electron-store is used only here, in main
 * (docs/reliability.md D1), with `clearInvalidConfig: false` and mode 0600, and without its own
 * `schema`/`migrations` (D3). Issues found on load are shown in the window.
 */
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import { FileSettingsStore, SETTINGS_CONFIG_NAME, type SettingsBackend } from '../core/settings/file-settings-store';

interface ElectronSettingsStoreOptions {
  /** Folder of settings.json (Electron's userData, or CLOUDTOP_HOME). */
  cwd: string;
  now?: () => Date;
  /** Refuses to save settings whose JSON contains a registered secret (B1). */
  containsSecret?: (text: string) => boolean;
  /** Opens the backend; tests may inject another. Default: electron-store. */
  open?: (cwd: string) => SettingsBackend;
}

export const ELECTRON_STORE_IPC_CHANNEL = 'electron-store-get-data';

export function openElectronStore(cwd: string): SettingsBackend {
  const store = new ElectronStore<Record<string, unknown>>({
    name: SETTINGS_CONFIG_NAME,
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

export class ElectronSettingsStore extends FileSettingsStore {
  constructor(opts: ElectronSettingsStoreOptions) {
    super({ ...opts, open: opts.open ?? openElectronStore });
  }
}
