import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { wirePower } from '../../../src/main/power';
import { HIDDEN_ARG, applyLoginItem, autostartEntry, autostartFile, startedHidden } from '../../../src/main/login-item';
import { UpdateController, updatePolicy, type UpdaterLike } from '../../../src/main/updater';
import { mainPaths } from '../../../src/main/paths';
import type { TimerLike } from '../../../src/main/tray';

describe('power events', () => {
  it('suspend stops polling, resume refreshes once, duplicates are ignored', () => {
    const pm = new EventEmitter();
    const calls: string[] = [];
    const off = wirePower(pm as never, { suspend: () => calls.push('suspend'), resume: () => calls.push('resume') });
    pm.emit('resume'); // resume without suspend: nothing to catch up
    pm.emit('suspend');
    pm.emit('suspend');
    pm.emit('resume');
    pm.emit('resume');
    expect(calls).toEqual(['suspend', 'resume']);
    off();
    pm.emit('suspend');
    expect(calls).toHaveLength(2);
    expect(pm.listenerCount('suspend') + pm.listenerCount('resume')).toBe(0);
  });
});

describe('launch at login', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('macOS/Windows: the login item API, started hidden', () => {
    const calls: unknown[] = [];
    const api = {
      setLoginItemSettings: (s: unknown) => calls.push(s),
      getLoginItemSettings: () => ({ wasOpenedAtLogin: true }),
    };
    applyLoginItem(true, { platform: 'win32', api, env: {}, execPath: 'C:\\cloudtop.exe' });
    applyLoginItem(false, { platform: 'darwin', api, env: {}, execPath: '/Applications/cloudtop.app' });
    expect(calls).toEqual([
      { openAtLogin: true, args: [HIDDEN_ARG] },
      { openAtLogin: false, args: [] },
    ]);
    expect(startedHidden(['cloudtop', HIDDEN_ARG], 'win32', api)).toBe(true);
    expect(startedHidden(['cloudtop'], 'darwin', api)).toBe(true);
    expect(startedHidden(['cloudtop'], 'win32', api)).toBe(false);
  });

  it('Linux: an XDG autostart entry (the AppImage path when run from one), removed when turned off', () => {
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-xdg-'));
    dirs.push(xdg);
    const env = { XDG_CONFIG_HOME: xdg, APPIMAGE: '/home/me/Apps/cloudtop "beta".AppImage' };
    const api = {
      setLoginItemSettings: () => {
        throw new Error('not on linux');
      },
      getLoginItemSettings: () => ({}),
    };
    applyLoginItem(true, { platform: 'linux', api, env, execPath: '/tmp/.mount_x/cloudtop' });
    const file = autostartFile(env);
    expect(file).toBe(path.join(xdg, 'autostart', 'cloudtop.desktop'));
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('Exec="/home/me/Apps/cloudtop \\"beta\\".AppImage" --hidden');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    applyLoginItem(false, { platform: 'linux', api, env, execPath: '' });
    expect(fs.existsSync(file)).toBe(false);
    expect(autostartEntry('/opt/cloudtop/cloudtop')).toContain('Exec="/opt/cloudtop/cloudtop" --hidden');
  });
});

class Timers implements TimerLike {
  t = 0;
  q: Array<{ at: number; fn: () => void; id: number }> = [];
  n = 0;
  setTimeout(fn: () => void, ms: number) {
    this.q.push({ at: this.t + ms, fn, id: ++this.n });
    return this.n;
  }
  clearTimeout(id: unknown) {
    this.q = this.q.filter((x) => x.id !== id);
  }
  now() {
    return this.t;
  }
}

function fakeUpdater() {
  const em = new EventEmitter();
  const calls: string[] = [];
  const u: UpdaterLike & { emit: (e: string, ...a: unknown[]) => void; calls: string[] } = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: true,
    disableWebInstaller: false,
    on: (e, l) => em.on(e, l),
    emit: (e, ...a) => em.emit(e, ...a),
    calls,
    checkForUpdates: async () => {
      calls.push('check');
      return null;
    },
    downloadUpdate: async () => {
      calls.push('download');
      return [];
    },
  };
  return u;
}

describe('auto-update', () => {
  it('policy: only packaged, not in development, not when turned off', () => {
    const base = { packaged: true, devServer: false, env: {}, autoUpdate: true };
    expect(updatePolicy(base)).toEqual({ enabled: true });
    expect(updatePolicy({ ...base, packaged: false })).toMatchObject({ enabled: false, reason: 'not packaged' });
    expect(updatePolicy({ ...base, devServer: true })).toMatchObject({ enabled: false });
    expect(updatePolicy({ ...base, autoUpdate: false })).toMatchObject({
      enabled: false,
      reason: 'turned off in settings',
    });
    expect(updatePolicy({ ...base, env: { CLOUDTOP_DISABLE_UPDATES: '1' } })).toMatchObject({ enabled: false });
  });

  it('configures electron-updater safely: no auto download, no downgrade, no prerelease, install on quit', async () => {
    const u = fakeUpdater();
    const c = new UpdateController({
      load: async () => u,
      policy: () => ({ enabled: true }),
      userDownloads: () => 0,
      timers: new Timers(),
    });
    await c.sync();
    expect(u).toMatchObject({
      autoDownload: false,
      allowDowngrade: false,
      allowPrerelease: false,
      autoInstallOnAppQuit: true,
      disableWebInstaller: true,
    });
    expect(u.calls).toEqual(['check']);
  });

  it('never downloads while a download the user started is running; starts when it is done', async () => {
    const u = fakeUpdater();
    let downloads = 1;
    const c = new UpdateController({
      load: async () => u,
      policy: () => ({ enabled: true }),
      userDownloads: () => downloads,
      timers: new Timers(),
    });
    await c.sync();
    u.emit('update-available', { version: '1.2.3' });
    await Promise.resolve();
    expect(u.calls).toEqual(['check']);
    expect(c.deferred).toBe(true);
    downloads = 0;
    c.userDownloadDone();
    await Promise.resolve();
    expect(u.calls).toEqual(['check', 'download']);
    expect(c.state).toBe('downloading');
  });

  it('opting out (disabled policy) never loads electron-updater; turning it off later stops checks', async () => {
    let loads = 0;
    let enabled = false;
    const timers = new Timers();
    const u = fakeUpdater();
    const c = new UpdateController({
      load: async () => (loads++, u),
      policy: () => (enabled ? { enabled: true } : { enabled: false, reason: 'off' }),
      userDownloads: () => 0,
      timers,
    });
    await c.sync();
    expect(loads).toBe(0);
    enabled = true;
    await c.sync();
    expect(loads).toBe(1);
    expect(timers.q).toHaveLength(1); // the next periodic check
    enabled = false;
    await c.sync();
    expect(timers.q).toHaveLength(0);
    u.emit('update-available', { version: '9' });
    await Promise.resolve();
    expect(u.calls).toEqual(['check']);
  });

  it('a downloaded update is announced once', async () => {
    const u = fakeUpdater();
    const got: string[] = [];
    const c = new UpdateController({
      load: async () => u,
      policy: () => ({ enabled: true }),
      userDownloads: () => 0,
      timers: new Timers(),
      onDownloaded: (v) => got.push(v),
    });
    await c.sync();
    u.emit('update-downloaded', { version: '1.4.0' });
    expect(got).toEqual(['1.4.0']);
    await c.check();
    expect(u.calls).toEqual(['check']); // no re-check once downloaded
  });
});

describe('paths', () => {
  it('settings where the CLI reads them: CLOUDTOP_HOME, else userData; preload is the CJS build', () => {
    const p = mainPaths({
      env: {},
      userData: '/home/u/.config/cloudtop',
      logs: '/home/u/.config/cloudtop/logs',
      mainDir: '/app/out/main',
      packaged: false,
    });
    expect(p.settingsDir).toBe('/home/u/.config/cloudtop');
    expect(p.preloadFile).toBe('/app/out/preload/index.cjs');
    expect(p.rendererDir).toBe('/app/out/renderer');
    expect(p.trayIconDir).toBe('/app/resources/tray');
    const home = mainPaths({
      env: { CLOUDTOP_HOME: '/tmp/ct' },
      userData: '/x',
      logs: '/x/logs',
      mainDir: '/app/out/main',
      packaged: true,
      resourcesPath: '/opt/cloudtop/resources',
    });
    expect(home.settingsDir).toBe('/tmp/ct');
    expect(home.logFile).toBe('/tmp/ct/logs/cloudtop-desktop.log');
    expect(home.trayIconDir).toBe('/opt/cloudtop/resources/tray');
  });

  it('every tray icon the app can ask for exists in resources/', () => {
    const dir = path.resolve(__dirname, '../../../resources/tray');
    for (const state of ['ok', 'available', 'error', 'stale'])
      for (const f of [
        `${state}Template.png`,
        `${state}Template@2x.png`,
        `${state}-light.png`,
        `${state}-light@2x.png`,
        `${state}-dark.png`,
        `${state}-dark@2x.png`,
      ]) {
        const bytes = fs.readFileSync(path.join(dir, f));
        expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      }
    expect(fs.existsSync(path.resolve(__dirname, '../../../resources/icon.png'))).toBe(true);
  });
});
