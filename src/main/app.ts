/**
 * The desktop composition root (mirrors src/node/bootstrap.ts for Electron): builds the core with the
 * Electron adapters — electron-store settings, keychain secrets (session memory when there is no
 * keychain), native notifications — and wires the window, tray, IPC, power events, login item and
 * updates to it. Lifecycle only: every decision lives in a pure module next to this one or in
 * core/shared, where it is tested without Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import { Notification, app, dialog, ipcMain, nativeTheme, powerMonitor, protocol, screen, session } from 'electron';
import { createCore as realCreateCore, type CreateCoreOptions } from '../core/create-core';
import { openLogSink } from '../core/log/file-sink';
import { createLogger, type LineSink } from '../core/log/logger';
import { SecretRedactor } from '../core/log/redact';
import { KeytarSecretStore } from '../core/secrets/keytar-secret-store';
import type { SecretStore } from '../core/secrets/types';
import type { SettingsStore } from '../core/settings/types';
import type { Core } from '../core/types';
import { ALERTS_FILE_NAME, JsonFileAlertStore } from '../core/watches/alert-file';
import { HISTORY_FILE_NAME, openHistory as realOpenHistory, type History } from '../core/history';
import type { Logger } from '../core/log/types';
import type { AppInfo, SettingsView } from '../shared/ipc/contract';
import { buildTrayMenu, pauseUntil, type TrayAction } from '../shared/tray';
import { createExternalOpener } from './external';
import { hardenSession, hardenWebContents } from './hardening';
import { EventPusher } from './ipc/events';
import { createHandlers, registerHandlers } from './ipc/handlers';
import { TrustedSenders } from './ipc/sender';
import { applyLoginItem, startedHidden } from './login-item';
import { NotificationRouter, type NotificationCtor } from './notifications';
import { mainPaths, type MainPaths } from './paths';
import { wirePower } from './power';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { createDesktopSecrets, type DesktopSecrets } from './secrets';
import { APP_ENTRY_URL, APP_SCHEME, allowedHostsFrom, type AppOrigins } from './security';
import { ElectronSettingsStore } from './settings-store';
import { TrayController, realTimers, trayIconVariant, type TimerLike } from './tray';
import { createNativeTray } from './tray-native';
import { UpdateController, loadElectronUpdater, updatePolicy, type UpdaterLike } from './updater';
import { WindowStateFile, createMainWindow, manageWindow, revealWindow, sanitizeBounds } from './window';

export const APP_USER_MODEL_ID = 'dev.cloudtop.app';

export interface DesktopDeps {
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  platform: NodeJS.Platform;
  /** Folder of the built main bundle (out/main). */
  mainDir: string;
  createCore: (o: CreateCoreOptions) => Core;
  keychain: () => SecretStore;
  openSettings: (cwd: string, containsSecret: (text: string) => boolean) => SettingsStore;
  loadUpdater: () => Promise<UpdaterLike>;
  timers: TimerLike;
  logSink: (file: string) => LineSink & { close?(): void };
  /** How long quitting waits for the core to stop before leaving anyway. */
  stopTimeoutMs: number;
  /** The history file (src/core/history); undefined when it cannot be opened (the app runs on). */
  openHistory: (file: string, log: Logger) => History | undefined;
}

export interface DesktopRuntime {
  core: Core;
  paths: MainPaths;
  secrets: DesktopSecrets;
  senders: TrustedSenders;
  tray: TrayController;
  notifications: NotificationRouter;
  pusher: EventPusher;
  window(): BrowserWindow | null;
  /** Shows the window (creating it if needed), optionally on an offer. */
  reveal(offerId?: string): void;
  trayAction(action: TrayAction): void;
  settingsChanged(view: SettingsView): void;
  appInfo(): AppInfo;
}

export interface DesktopApp {
  /** False when another instance holds the lock: this one quits at once. */
  primary: boolean;
  ready: Promise<DesktopRuntime | null>;
  /** Resolves once quitting finished (core stopped). */
  stopped: Promise<void>;
}

/** out/main, even if the bundler ever moves this code into out/main/chunks. */
function bundleDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(here) === 'chunks' ? path.dirname(here) : here;
}

function defaultDeps(): DesktopDeps {
  return {
    env: process.env,
    argv: process.argv,
    platform: process.platform,
    mainDir: bundleDir(),
    createCore: realCreateCore,
    keychain: () => new KeytarSecretStore({ face: 'desktop' }),
    openSettings: (cwd, containsSecret) => new ElectronSettingsStore({ cwd, containsSecret }),
    loadUpdater: loadElectronUpdater,
    timers: realTimers,
    // The same rotating file as the CLI and serve (5 MB, 3 kept).
    logSink: openLogSink,
    stopTimeoutMs: 5000,
    openHistory: (file, log) => {
      try {
        return realOpenHistory({ file, log, onNotice: (m) => log.warn({}, m) });
      } catch (e) {
        log.warn({ err: e instanceof Error ? e.message : String(e) }, 'history: cannot open the file; not recording');
        return undefined;
      }
    },
  };
}

export function startDesktop(overrides: Partial<DesktopDeps> = {}): DesktopApp {
  const deps: DesktopDeps = { ...defaultDeps(), ...overrides };

  // One cloudtop per user: a second launch shows the first one's window and leaves.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { primary: false, ready: Promise.resolve(null), stopped: Promise.resolve() };
  }

  // Before `ready`: sandbox every renderer, and give app:// a real, secure origin.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (deps.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  // electron-vite dev serves the renderer over http; only an unpackaged app may load it.
  const devUrl = !app.isPackaged ? deps.env.ELECTRON_RENDERER_URL : undefined;
  const origins: AppOrigins = devUrl ? { devOrigin: devUrl } : {};
  let hosts: ReadonlySet<string> = new Set();
  const openExternal = createExternalOpener(() => hosts);

  let runtime: DesktopRuntime | null = null;
  let quitting = false;
  let stopping: Promise<void> | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  const cleanups: Array<() => void> = [];
  let history: History | undefined;

  app.on('web-contents-created', (_e, wc) => hardenWebContents(wc, { hosts: () => hosts, openExternal, origins }));
  app.on('second-instance', () => runtime?.reveal());
  app.on('activate', () => runtime?.reveal());
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => {});
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (stopping === null) {
      event.preventDefault();
      stopping = shutdown().finally(() => {
        resolveStopped();
        app.quit();
      });
    }
  });

  async function shutdown(): Promise<void> {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        c();
      } catch {
        // keep going: quitting must finish
      }
    }
    if (!runtime) return;
    let timer: unknown;
    await Promise.race([
      runtime.core.stop().catch(() => undefined),
      new Promise<void>((r) => {
        timer = deps.timers.setTimeout(r, deps.stopTimeoutMs);
      }),
    ]);
    deps.timers.clearTimeout(timer);
    history?.close();
  }

  async function onReady(): Promise<DesktopRuntime> {
    const paths = mainPaths({
      env: deps.env,
      userData: app.getPath('userData'),
      logs: app.getPath('logs'),
      mainDir: deps.mainDir,
      resourcesPath: process.resourcesPath,
      packaged: app.isPackaged,
    });
    const redactor = new SecretRedactor();
    const sink = deps.logSink(paths.logFile);
    cleanups.push(() => sink.close?.());
    const log = createLogger({
      destination: sink,
      redactor,
      level: deps.env.CLOUDTOP_LOG_LEVEL === 'debug' ? 'debug' : 'info',
      base: { face: 'desktop' },
    });

    const senders = new TrustedSenders(origins);
    let win: BrowserWindow | null = null;
    let pageReady = false;
    let pendingOffer: string | undefined;
    const pusher = new EventPusher(() => (win && !win.isDestroyed() ? [win.webContents] : []), log);

    const secrets = await createDesktopSecrets({
      env: deps.env,
      keychain: deps.keychain(),
      onSessionFallback: (notice) => {
        log.warn({}, 'no keychain: credentials kept for this session only');
        // Only called on a save from the window, long after `notifications` exists.
        notifications.notice('Credentials kept for this session only', notice);
      },
    });
    if (!secrets.probe.available) log.warn({ reason: secrets.probe.reason }, 'no keychain available');

    const settings = deps.openSettings(paths.settingsDir, (t) => redactor.containsSecret(t));
    const notifications: NotificationRouter = new NotificationRouter({
      Notification: Notification as unknown as NotificationCtor,
      providerNames: () => Object.fromEntries(core.providers().map((p) => [p.id, p.displayName])),
      onClick: (offerId) => runtimeRef.reveal(offerId),
      icon: paths.appIcon,
      log,
    });
    history = deps.openHistory(path.join(paths.settingsDir, HISTORY_FILE_NAME), log.child({ part: 'history' }));
    const core = deps.createCore({
      history,
      settings,
      secrets: secrets.store,
      env: deps.env,
      log,
      notifier: notifications,
      registerSecret: (v) => redactor.register(v),
      secretStorage: secrets.storage(),
      alerts: new JsonFileAlertStore(path.join(paths.settingsDir, ALERTS_FILE_NAME)),
      deliverToChannels: true,
    });
    for (const issue of settings.issues())
      log.warn({ kind: issue.kind, backupPath: issue.backupPath }, `settings: ${issue.message}`);
    hosts = allowedHostsFrom(core.providers().flatMap((p) => [p.consoleUrl, p.docsUrl]));

    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
    hardenSession(session.defaultSession, origins);

    const appInfo = (): AppInfo => ({
      version: app.getVersion(),
      mode: 'desktop',
      demo: false,
      secretStorage: secrets.storage(),
      platform: deps.platform,
    });

    // ── window ──
    const windowState = new WindowStateFile(paths.windowStateFile);
    const createWindow = (show: boolean): BrowserWindow => {
      const saved = windowState.load();
      const w = createMainWindow({
        preload: paths.preloadFile,
        bounds: sanitizeBounds(
          saved,
          screen.getAllDisplays().map((d) => d.workArea),
        ),
        show,
        icon: deps.platform === 'linux' ? paths.appIcon : undefined,
        backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
        devTools: !app.isPackaged,
      });
      if (saved?.maximized) w.maximize();
      const id = w.webContents.id;
      senders.add(id);
      w.webContents.on('destroyed', () => senders.delete(id));
      w.webContents.on('did-start-loading', () => {
        pageReady = false;
      });
      w.webContents.on('did-finish-load', () => {
        pageReady = true;
        // The renderer subscribed before load finished; hand it the current state and any offer to show.
        pusher.send('snapshot', core.snapshot());
        if (pendingOffer) {
          pusher.send('focus.offer', { offerId: pendingOffer });
          pendingOffer = undefined;
        }
      });
      manageWindow(w, { isQuitting: () => quitting, state: windowState });
      w.once('ready-to-show', () => {
        if (show) revealWindow(w);
      });
      w.on('closed', () => {
        if (win === w) win = null;
      });
      pageReady = false;
      win = w;
      void w.loadURL(devUrl ?? APP_ENTRY_URL);
      return w;
    };

    const reveal = (offerId?: string) => {
      if (!win || win.isDestroyed()) win = createWindow(true);
      else revealWindow(win);
      if (offerId) {
        if (pageReady) pusher.send('focus.offer', { offerId });
        else pendingOffer = offerId;
      }
    };

    // ── tray ──
    let refreshing = false;
    const runRefresh = async () => {
      if (refreshing) return;
      refreshing = true;
      tray.render();
      try {
        await core.refresh();
      } catch (e) {
        log.warn({ error: (e as Error).message }, 'refresh failed');
      } finally {
        refreshing = false;
        tray.render();
      }
    };
    const settingsChanged = (view: SettingsView) => {
      // Only a change of this one setting touches the OS login items (or the Linux autostart file).
      if (view.settings.launchAtLogin !== loginItemEnabled) applyLoginItemSafe(view.settings.launchAtLogin);
      void updates.sync();
      tray.render();
      pusher.send('settings.changed', view);
    };
    const trayAction = (a: TrayAction) => {
      switch (a.type) {
        case 'open':
          return reveal();
        case 'focus-offer':
          return reveal(a.offerId);
        case 'refresh':
          return void runRefresh();
        case 'pause':
          return settingsChanged(core.settings.pauseNotifications(pauseUntil(a.span, deps.timers.now())));
        case 'resume':
          return settingsChanged(core.settings.pauseNotifications(null));
        case 'quit':
          return app.quit();
      }
    };
    const variant = () => trayIconVariant(deps.platform, nativeTheme.shouldUseDarkColors);
    const native = createNativeTray({
      iconDir: paths.trayIconDir,
      platform: deps.platform,
      variant: variant(),
      onAction: trayAction,
      onClick: () => reveal(),
    });
    cleanups.push(() => native.tray.destroy());
    const tray = new TrayController({
      view: native.view,
      variant,
      timers: deps.timers,
      model: (now) =>
        buildTrayMenu(core.snapshot(), core.watches.list(), core.settings.view().settings, now, { refreshing }),
    });
    cleanups.push(() => tray.dispose());
    const onTheme = () => tray.invalidate();
    nativeTheme.on('updated', onTheme);
    cleanups.push(() => nativeTheme.removeListener('updated', onTheme));
    // "x min ago" labels age without a snapshot; the deep-equal check makes an unchanged tick free.
    const tick = () => {
      tray.invalidate();
      tickTimer = deps.timers.setTimeout(tick, 30_000);
    };
    let tickTimer = deps.timers.setTimeout(tick, 30_000);
    cleanups.push(() => deps.timers.clearTimeout(tickTimer));

    // ── core → faces ──
    cleanups.push(
      core.onSnapshot((_snap, diff) => {
        pusher.send('snapshot.diff', diff);
        tray.invalidate();
      }),
    );
    cleanups.push(core.onAlert((ev) => pusher.send('alert', ev)));

    // ── IPC ──
    const handlers = createHandlers({
      core,
      appInfo,
      openExternal,
      onSettingsChanged: settingsChanged,
      onRefresh: (running) => {
        refreshing = running;
        tray.invalidate();
      },
    });
    cleanups.push(registerHandlers(ipcMain, handlers, { senders, log }));

    // ── power, login item, updates ──
    cleanups.push(wirePower(powerMonitor, core, (state) => log.info({ state }, 'power')));
    function applyLoginItemSafe(enabled: boolean): void {
      loginItemEnabled = enabled;
      try {
        applyLoginItem(enabled, { platform: deps.platform, api: app, env: deps.env, execPath: process.execPath });
      } catch (e) {
        log.warn({ error: (e as Error).message }, 'launch at login could not be changed');
      }
    }
    const startSettings = core.settings.view().settings;
    let loginItemEnabled = startSettings.launchAtLogin;
    // Only touch the OS login items when the user turned it on (or off after having it on).
    if (startSettings.launchAtLogin || app.getLoginItemSettings().openAtLogin)
      applyLoginItemSafe(startSettings.launchAtLogin);

    let userDownloads = 0;
    const updates = new UpdateController({
      load: deps.loadUpdater,
      policy: () =>
        updatePolicy({
          packaged: app.isPackaged,
          devServer: !!devUrl,
          env: deps.env,
          autoUpdate: core.settings.view().settings.autoUpdate,
        }),
      userDownloads: () => userDownloads,
      timers: deps.timers,
      log,
      onDownloaded: (version) =>
        notifications.notice('cloudtop update ready', `Version ${version} installs when you quit cloudtop.`),
    });
    session.defaultSession.on('will-download', (_e, item) => {
      userDownloads++;
      item.once('done', () => {
        userDownloads--;
        updates.userDownloadDone();
      });
    });
    cleanups.push(() => updates.stop());

    const runtimeRef: DesktopRuntime = {
      core,
      paths,
      secrets,
      senders,
      tray,
      notifications,
      pusher,
      window: () => win,
      reveal,
      trayAction,
      settingsChanged,
      appInfo,
    };
    runtime = runtimeRef;

    win = createWindow(!startedHidden(deps.argv, deps.platform, app));
    tray.render();
    core.start();
    void updates.sync();
    log.info(
      { version: app.getVersion(), secretStorage: secrets.storage(), packaged: app.isPackaged },
      'desktop started',
    );
    return runtimeRef;
  }

  const ready = app
    .whenReady()
    .then(onReady)
    .catch((e: unknown) => {
      // Nothing can work without the core: say why and leave instead of a tray that does nothing.
      const msg = e instanceof Error ? e.message : String(e);
      dialog.showErrorBox('cloudtop could not start', msg.slice(0, 1000));
      app.exit(1);
      return null;
    });

  return { primary: true, ready, stopped };
}
