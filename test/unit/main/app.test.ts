/**
 * The desktop composition root end to end against the electron mock and the fake core: what a user
 * does (launch twice, close the window, sleep the laptop, click a notification, pause from the tray,
 * quit) and what the app must guarantee while doing it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrowserWindow,
  Menu,
  MockWebContents,
  Notification,
  Tray,
  app,
  ipcMain,
  mock,
  mockEvent,
  nativeTheme,
  powerMonitor,
  protocol,
  resetElectronMock,
  session,
  shell,
  type MenuItemOptions,
} from '../../mocks/electron';
import { startDesktop, type DesktopDeps, type DesktopRuntime } from '../../../src/main/app';
import { ipcEventName, ipcInvokeName } from '../../../src/main/ipc/channels';
import { FORBIDDEN } from '../../../src/main/ipc/secure-handle';
import type { TimerLike } from '../../../src/main/tray';
import type { CreateCoreOptions } from '../../../src/core/create-core';
import { KeytarSecretStore, type KeytarModule } from '../../../src/core/secrets/keytar-secret-store';
import { InMemorySettingsStore } from '../../../src/core/settings/memory-store';
import { INVOKE_CHANNELS } from '../../../src/shared/ipc/contract';
import type { AlertEvent } from '../../../src/shared/model';
import { FakeCore } from '../../helpers/fake-core';

class Timers implements TimerLike {
  t = Date.parse('2026-03-10T12:00:00.000Z');
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
  advance(ms: number) {
    this.t += ms;
    for (;;) {
      const due = this.q.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.q = this.q.filter((x) => x !== due);
      due.fn();
    }
  }
}

const PLANTED = 'pl4nted-app-secret-31337';

function workingKeytar(): KeytarModule {
  const data = new Map<string, string>();
  return {
    getPassword: async (_s, a) => data.get(a) ?? null,
    setPassword: async (_s, a, p) => void data.set(a, p),
    deletePassword: async (_s, a) => data.delete(a),
    findCredentials: async () => [...data].map(([account, password]) => ({ account, password })),
  };
}

interface Started {
  rt: DesktopRuntime;
  core: FakeCore;
  coreOpts: CreateCoreOptions;
  timers: Timers;
  logs: string[];
  updaterLoads: number;
  stopped: Promise<void>;
}

let tmp: string;
beforeEach(() => {
  resetElectronMock();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-app-'));
  app.paths.userData = path.join(tmp, 'userData');
  app.paths.logs = path.join(tmp, 'logs');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function start(over: Partial<DesktopDeps> = {}): Promise<Started> {
  const core = new FakeCore({ offers: 30 });
  let coreOpts!: CreateCoreOptions;
  const timers = new Timers();
  const logs: string[] = [];
  let updaterLoads = 0;
  const d = startDesktop({
    env: {},
    argv: ['electron', '.'],
    platform: 'linux',
    mainDir: path.join(tmp, 'out', 'main'),
    createCore: (o) => {
      coreOpts = o;
      return core;
    },
    keychain: () => new KeytarSecretStore({ face: 'desktop', load: workingKeytar }),
    openSettings: () => new InMemorySettingsStore({}),
    loadUpdater: async () => {
      updaterLoads++;
      throw new Error('no updater in tests');
    },
    timers,
    logSink: () => ({ write: (l: string) => void logs.push(l) }),
    stopTimeoutMs: 5000,
    ...over,
  });
  expect(d.primary).toBe(true);
  app.makeReady();
  const rt = await d.ready;
  expect(rt).not.toBeNull();
  return {
    rt: rt!,
    core,
    coreOpts,
    timers,
    logs,
    get updaterLoads() {
      return updaterLoads;
    },
    stopped: d.stopped,
  };
}

const win = () => BrowserWindow.getAllWindows()[0]!;
const sent = (channel: string) => win().webContents.sent.filter((m) => m.channel === channel);
const trustedEvent = () => ({
  sender: { id: win().webContents.id },
  senderFrame: { url: 'app://cloudtop/index.html', parent: null },
});

function alert(e: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: 'evt_9',
    watchId: 'w1',
    watchName: 'H100',
    kind: 'appeared',
    at: '2026-03-10T12:00:00.000Z',
    suppressed: false,
    offers: [
      {
        offerId: 'vastai:77',
        provider: 'vastai',
        model: 'H100-SXM',
        count: 1,
        perGpuHour: 2.2,
        perHour: 2.2,
        region: 'us',
      },
    ],
    ...e,
  };
}

describe('startup', () => {
  it('a second instance quits at once and leaves the first one alone', async () => {
    app.singleInstanceLock = false;
    const d = startDesktop({
      createCore: () => {
        throw new Error('must not build a core');
      },
    });
    expect(d.primary).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(await d.ready).toBeNull();
    expect(mock.windowsCreated).toBe(0);
  });

  it('before ready: sandbox for every renderer and a privileged app:// scheme', async () => {
    await start();
    expect(app.sandboxEnabled).toBe(true);
    expect(app.sandboxEnabledBeforeReady).toBe(true);
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
  });

  it('after ready: the core with the desktop adapters, the page from app://, every channel guarded, a tray', async () => {
    const { coreOpts, core } = await start();
    expect(coreOpts.secretStorage).toBe('keychain');
    expect(coreOpts.notifier).toBeDefined();
    expect(coreOpts.demo).toBeUndefined();
    // Watches state and alert history survive restarts, next to settings.json (same file as `serve`).
    coreOpts.alerts!.save({ version: 1, state: { keys: {} } as never, history: [] });
    const alertsFile = path.join(app.paths.userData!, 'alerts.json');
    expect(fs.statSync(alertsFile).mode & 0o777).toBe(0o600);
    expect(coreOpts.alerts!.load()).toMatchObject({ version: 1, history: [] });
    expect(core.started).toBe(true);
    expect(protocol.handlers.has('app')).toBe(true);
    expect(win().calls).toContain('loadURL app://cloudtop/index.html');
    expect(win().webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: path.join(tmp, 'out', 'preload', 'index.cjs'),
    });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKE_CHANNELS.map(ipcInvokeName).sort());
    expect(Tray.instances).toHaveLength(1);
    expect(Tray.instances[0]!.tooltip).toMatch(/^cloudtop: /);
    expect(Tray.instances[0]!.contextMenuSets).toBe(1);
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(session.defaultSession.permissionCheckHandler).not.toBeNull();
    // The page got the current snapshot once loaded.
    expect(sent(ipcEventName('snapshot'))).toHaveLength(1);
  });

  it('started by the login item (--hidden): the window stays hidden', async () => {
    await start({ argv: ['cloudtop', '--hidden'] });
    expect(win().visible).toBe(false);
    expect(win().calls).not.toContain('show');
  });

  it('not packaged: electron-updater is never loaded', async () => {
    const s = await start();
    expect(s.updaterLoads).toBe(0);
  });
});

describe('window and single instance', () => {
  it('closing hides the window; a second launch brings it back', async () => {
    await start();
    const w = win();
    expect(w.visible).toBe(true);
    w.close();
    expect(w.destroyed).toBe(false);
    expect(w.visible).toBe(false);
    expect(mock.quitted).toBe(false);
    app.emit('second-instance', mockEvent(), ['cloudtop'], '/');
    expect(w.visible).toBe(true);
    expect(w.calls.slice(-2)).toEqual(['show', 'focus']);
  });
});

describe('IPC from the window', () => {
  it('our window’s main frame gets answers; other senders are refused', async () => {
    await start();
    const info = await ipcMain.invoke(ipcInvokeName('app.info'), trustedEvent(), {});
    expect(info).toEqual({
      ok: true,
      value: { version: '0.1.0', mode: 'desktop', demo: false, secretStorage: 'keychain', platform: 'linux' },
    });
    const stranger = new MockWebContents();
    const refused = await ipcMain.invoke(
      ipcInvokeName('app.info'),
      { sender: { id: stranger.id }, senderFrame: { url: 'app://cloudtop/index.html', parent: null } },
      {},
    );
    expect(refused).toEqual({ ok: false, error: FORBIDDEN });
  });

  it('a destroyed window is no longer trusted', async () => {
    await start();
    const ev = trustedEvent();
    app.emit('before-quit', mockEvent()); // let it really close
    win().close();
    expect(await ipcMain.invoke(ipcInvokeName('app.info'), ev, {})).toEqual({ ok: false, error: FORBIDDEN });
  });

  it('credentials saved from the window never come back in a reply or the log', async () => {
    const { logs } = await start();
    const set = await ipcMain.invoke(ipcInvokeName('credentials.set'), trustedEvent(), {
      provider: 'vastai',
      account: 'default',
      values: { apiKey: PLANTED },
    });
    expect(set).toMatchObject({ ok: true });
    for (const c of INVOKE_CHANNELS) {
      const r = await ipcMain.invoke(
        ipcInvokeName(c),
        trustedEvent(),
        c === 'credentials.status' || c === 'credentials.test' ? { provider: 'vastai' } : {},
      );
      expect(JSON.stringify(r), c).not.toContain(PLANTED);
    }
    expect(logs.join('')).not.toContain(PLANTED);
  });

  it('launch at login from Settings reaches the OS login item (macOS)', async () => {
    await start({ platform: 'darwin' });
    await ipcMain.invoke(ipcInvokeName('settings.update'), trustedEvent(), { theme: 'dark' });
    expect(app.loginItemCalls).toEqual([]); // other settings never touch the OS login items
    const r = await ipcMain.invoke(ipcInvokeName('settings.update'), trustedEvent(), { launchAtLogin: true });
    expect(r).toMatchObject({ ok: true });
    expect(app.loginItemCalls.at(-1)).toEqual({ openAtLogin: true, args: ['--hidden'] });
    expect(sent(ipcEventName('settings.changed'))).toHaveLength(2);
  });

  it('openExternal from the page opens allow-listed console links only', async () => {
    await start();
    expect(
      await ipcMain.invoke(ipcInvokeName('app.openExternal'), trustedEvent(), { url: 'https://cloud.vast.ai/create/' }),
    ).toEqual({ ok: true, value: { opened: true } });
    expect(
      await ipcMain.invoke(ipcInvokeName('app.openExternal'), trustedEvent(), {
        url: 'https://cloud.vast.ai.evil.tld/',
      }),
    ).toEqual({ ok: true, value: { opened: false } });
    expect(shell.opened).toEqual(['https://cloud.vast.ai/create/']);
  });
});

describe('hardening wired to every WebContents and the session', () => {
  it('navigation, window.open and <webview> are denied; console links go to the browser', async () => {
    await start();
    const wc = win().webContents;
    const nav = mockEvent();
    wc.emit('will-navigate', nav, 'https://evil.tld/');
    expect(nav.defaultPrevented).toBe(true);
    const nav2 = mockEvent();
    wc.emit('will-navigate', nav2, 'https://dash.cloudflare.com/x');
    expect(nav2.defaultPrevented).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://evil.tld/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'https://console.neon.tech/app' })).toEqual({ action: 'deny' });
    const wv = mockEvent();
    wc.emit('will-attach-webview', wv, {}, {});
    expect(wv.defaultPrevented).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(shell.opened).toEqual(['https://dash.cloudflare.com/x', 'https://console.neon.tech/app']);
    expect(BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('permissions: notifications for our page only; page requests to the network are cancelled', async () => {
    await start();
    const ses = session.defaultSession;
    const ask = (perm: string, url: string) => {
      let granted: boolean | undefined;
      ses.permissionRequestHandler!(win().webContents, perm, (g) => (granted = g), { requestingUrl: url });
      return granted;
    };
    expect(ask('notifications', 'app://cloudtop/index.html')).toBe(true);
    expect(ask('media', 'app://cloudtop/index.html')).toBe(false);
    expect(ask('geolocation', 'app://cloudtop/index.html')).toBe(false);
    expect(ask('notifications', 'https://evil.tld/')).toBe(false);
    expect(ses.permissionCheckHandler!(null, 'notifications', 'app://cloudtop', {})).toBe(true);
    expect(ses.permissionCheckHandler!(null, 'clipboard-read', 'app://cloudtop', {})).toBe(false);
    let cancel: boolean | undefined;
    ses.beforeRequest!({ url: 'https://tracker.example/x.js' }, (r) => (cancel = r.cancel));
    expect(cancel).toBe(true);
    ses.beforeRequest!({ url: 'app://cloudtop/assets/index.js' }, (r) => (cancel = r.cancel));
    expect(cancel).toBe(false);
  });
});

describe('core → window, tray and notifications', () => {
  it('snapshots are pushed as diffs; the tray menu is rebuilt only when what it shows changed', async () => {
    const { core, timers } = await start();
    const tray = Tray.instances[0]!;
    const menusBefore = tray.contextMenuSets;
    for (let i = 0; i < 50; i++) core.update((s) => s); // new versions, same content
    expect(sent(ipcEventName('snapshot.diff'))).toHaveLength(50);
    timers.advance(1000);
    expect(tray.contextMenuSets).toBe(menusBefore);
    core.failProvider('runpod', { code: 'auth', message: 'RunPod rejected the API key (401)', retryable: false });
    timers.advance(1000);
    expect(tray.contextMenuSets).toBe(menusBefore + 1);
    expect(tray.tooltip).toContain('1 provider failing');
    const items = (tray.contextMenu as unknown as { items: MenuItemOptions[] }).items.map((i) => i.label);
    expect(items).toContain('RunPod: error: RunPod rejected the API key (401)');
  });

  it('an alert becomes a native notification; a click opens the window on the offer', async () => {
    const { coreOpts, core } = await start({ argv: ['cloudtop', '--hidden'] });
    core.onAlert(() => {});
    coreOpts.notifier!.notify(alert());
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]!.title).toBe('H100-SXM available: $2.20/GPU·h');
    expect(win().visible).toBe(false);
    Notification.instances[0]!.click();
    expect(win().visible).toBe(true);
    expect(sent(ipcEventName('focus.offer')).map((m) => m.args[0])).toEqual([{ offerId: 'vastai:77' }]);
  });

  it('a suppressed alert (quiet hours, pause, cap) shows nothing but still reaches the window history', async () => {
    const { coreOpts, core } = await start();
    coreOpts.notifier!.notify(alert({ suppressed: true, suppressedReason: 'quiet-hours' }));
    expect(Notification.instances).toHaveLength(0);
    core.emitAlert(alert({ suppressed: true, suppressedReason: 'quiet-hours' }));
    expect(sent(ipcEventName('alert'))).toHaveLength(1);
  });

  it('tray actions: pause 1 h, resume, refresh now, open on an offer, quit', async () => {
    const { rt, core, timers } = await start();
    rt.trayAction({ type: 'pause', span: '1h' });
    expect(core.settings.view().settings.notifications.pausedUntil).toBe(new Date(timers.t + 3_600_000).toISOString());
    expect(sent(ipcEventName('settings.changed'))).toHaveLength(1);
    const labels = (Tray.instances[0]!.contextMenu as unknown as { items: MenuItemOptions[] }).items.map(
      (i) => i.label,
    );
    expect(labels.some((l) => l?.startsWith('Notifications paused until'))).toBe(true);
    rt.trayAction({ type: 'resume' });
    expect(core.settings.view().settings.notifications.pausedUntil).toBeUndefined();
    rt.trayAction({ type: 'refresh' });
    await new Promise((r) => setImmediate(r));
    expect(core.calls).toContain('refresh:');
    win().hide();
    rt.trayAction({ type: 'focus-offer', offerId: 'vastai:1' });
    expect(win().visible).toBe(true);
    expect(sent(ipcEventName('focus.offer')).at(-1)!.args[0]).toEqual({ offerId: 'vastai:1' });
  });

  it('the tray icon follows the theme (light glyph on a dark panel)', async () => {
    const { timers } = await start();
    const tray = Tray.instances[0]!;
    expect((tray.image as unknown as { source: string }).source).toMatch(/ok-light\.png$/);
    nativeTheme.shouldUseDarkColors = true;
    nativeTheme.emit('updated');
    timers.advance(1000);
    expect((tray.image as unknown as { source: string }).source).toMatch(/ok-dark\.png$/);
    expect(Menu.builds).toBe(1); // the menu did not change
  });
});

describe('power and quit', () => {
  it('suspend pauses polling, resume refreshes once', async () => {
    const { core } = await start();
    const suspend = vi.spyOn(core, 'suspend');
    const resume = vi.spyOn(core, 'resume');
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    powerMonitor.emit('resume');
    expect(suspend).toHaveBeenCalledTimes(1);
    expect(resume).toHaveBeenCalledTimes(1);
  });

  it('quit waits for the core to stop, then really quits; the tray and IPC are gone', async () => {
    const { core, stopped } = await start();
    let release!: () => void;
    const stop = vi.spyOn(core, 'stop').mockImplementation(() => new Promise<void>((r) => (release = r)));
    const w = win();
    app.quit();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(mock.quitted).toBe(false); // will-quit was held for the core
    expect(w.destroyed).toBe(true); // quitting closes instead of hiding
    release();
    await stopped;
    expect(mock.quitted).toBe(true);
    expect(Tray.instances[0]!.destroyed).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('a core that never stops does not keep the app alive', async () => {
    const { core, stopped, timers } = await start();
    vi.spyOn(core, 'stop').mockImplementation(() => new Promise<void>(() => {}));
    app.quit();
    await Promise.resolve();
    timers.advance(5000);
    await stopped;
    expect(mock.quitted).toBe(true);
  });
});

describe('no keychain', () => {
  it('session-only storage, shown to the window, a one-time notice on the first save, nothing on disk', async () => {
    const { coreOpts, rt } = await start({
      keychain: () =>
        new KeytarSecretStore({
          face: 'desktop',
          load: () => {
            throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
          },
          platform: 'linux',
        }),
    });
    expect(coreOpts.secretStorage).toBe('session');
    const info = await ipcMain.invoke(ipcInvokeName('app.info'), trustedEvent(), {});
    expect(info).toMatchObject({ ok: true, value: { secretStorage: 'session' } });
    await rt.secrets.store.set({ provider: 'vastai', profile: 'default', field: 'apiKey' }, PLANTED);
    await rt.secrets.store.set({ provider: 'runpod', profile: 'default', field: 'apiKey' }, PLANTED);
    const notices = Notification.instances.filter((n) => n.title === 'Credentials kept for this session only');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toMatch(/never written to disk/);
    const files = fs
      .readdirSync(tmp, { recursive: true })
      .map(String)
      .filter((f) => fs.statSync(path.join(tmp, f)).isFile());
    for (const f of files) expect(fs.readFileSync(path.join(tmp, f), 'utf8'), f).not.toContain(PLANTED);
  });
});
