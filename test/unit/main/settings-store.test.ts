/**
 * The desktop settings store's own wiring, through the real electron-store (inlined by vitest so its
 * `import electron from 'electron'` gets the mock). The shared reading, repair, backup and migration
 * rules are tested through both faces in test/unit/core/settings/file-settings-store.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { app, ipcMain, resetElectronMock } from '../../mocks/electron';
import { ELECTRON_STORE_IPC_CHANNEL, ElectronSettingsStore, openElectronStore } from '../../../src/main/settings-store';
import { ConfSettingsStore } from '../../../src/node/settings/conf-store';
import { defaultSettings } from '../../../src/shared/settings/schema';
import { useTmpDirs } from '../../helpers/tmp-dirs';

const tmp = useTmpDirs('ct-estore-');
beforeEach(() => {
  resetElectronMock();
  app.paths.userData = tmp();
});

const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('ElectronSettingsStore (electron-store)', () => {
  it('electron-store is configured as docs/reliability.md D1 asks, and its renderer channel is closed', () => {
    const dir = tmp();
    const store = openElectronStore(dir) as unknown as { path: string };
    expect(store.path).toBe(path.join(dir, 'settings.json'));
    // electron-store registers a raw ipcMain listener that bypasses secureHandle: we remove it.
    expect(ipcMain.listenerCount(ELECTRON_STORE_IPC_CHANNEL)).toBe(0);
    (store as unknown as { store: Record<string, unknown> }).store = { a: 1 };
    expect(mode(store.path)).toBe(0o600);
  });

  it('the app and the CLI share one file: each reads what the other wrote', () => {
    const dir = tmp();
    const desktop = new ElectronSettingsStore({ cwd: dir });
    desktop.load();
    desktop.save({ ...defaultSettings(), theme: 'light', autoUpdate: false });
    const cli = new ConfSettingsStore({ cwd: dir });
    expect(cli.load()).toMatchObject({ theme: 'light', autoUpdate: false });
    expect(cli.issues()).toEqual([]);
    cli.save({ ...cli.load(), metricsPollSeconds: 600 });
    expect(new ElectronSettingsStore({ cwd: dir }).load()).toMatchObject({ theme: 'light', metricsPollSeconds: 600 });
  });

  it('writes through an injected backend when given one', () => {
    const dir = tmp();
    const opened: string[] = [];
    const backend = { store: {} as Record<string, unknown> };
    const store = new ElectronSettingsStore({
      cwd: dir,
      open: (cwd) => {
        opened.push(cwd);
        return backend;
      },
    });
    const s = { ...defaultSettings(), theme: 'dark' as const };
    store.save(s);
    expect(opened).toEqual([dir]);
    expect(backend.store).toEqual(s);
    expect(fs.existsSync(store.path)).toBe(false);
  });
});
