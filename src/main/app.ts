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
import { Notification, app, dialog, ipcMain, powerMonitor, protocol, session } from 'electron';
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
import type { TrayAction } from '../shared/tray';
import { createExternalOpener } from './external';
import { hardenSession, hardenWebContents } from './hardening';
import { EventPusher } from './ipc/events';
import { createHandlers, registerHandlers } from './ipc/handlers';
import { TrustedSenders } from './ipc/sender';
import { appUpdates, loginItemSync } from './app-system';
import { appTray } from './app-tray';
import { windowHost } from './app-window';
import { startedHidden } from './login-item';
import { NotificationRouter, type NotificationCtor } from './notifications';
import { mainPaths, type MainPaths } from './paths';
import { wirePower } from './power';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { createDesktopSecrets, type DesktopSecrets } from './secrets';
import { APP_SCHEME, allowedHostsFrom, type AppOrigins } from './security';
import { ElectronSettingsStore } from './settings-store';
import { realTimers, type TimerLike, type TrayController } from './tray';
import { loadElectronUpdater, type UpdaterLike } from './updater';

const APP_USER_MODEL_ID = 'dev.cloudtop.app';

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

interface DesktopApp {
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
    const pusher = new EventPusher(() => {
      const w = windows.window();
      return w && !w.isDestroyed() ? [w.webContents] : [];
    }, log);

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
      onClick: (offerId) => windows.reveal(offerId),
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
    const windows = windowHost({
      paths,
      platform: deps.platform,
      senders,
      pusher,
      core: () => core,
      isQuitting: () => quitting,
      devUrl,
    });
    const settingsChanged = (view: SettingsView) => {
      loginItem.sync(view.settings.launchAtLogin);
      void updates.sync();
      tray.render();
      pusher.send('settings.changed', view);
    };
    const { tray, trayAction, setRefreshing } = appTray({
      core,
      log,
      platform: deps.platform,
      iconDir: paths.trayIconDir,
      timers: deps.timers,
      reveal: windows.reveal,
      settingsChanged,
      quit: () => app.quit(),
      cleanups,
    });

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
      onRefresh: setRefreshing,
    });
    cleanups.push(registerHandlers(ipcMain, handlers, { senders, log }));

    // ── power, login item, updates ──
    cleanups.push(wirePower(powerMonitor, core, (state) => log.info({ state }, 'power')));
    const loginItem = loginItemSync({ core, platform: deps.platform, env: deps.env, log });
    const updates = appUpdates({
      core,
      load: deps.loadUpdater,
      env: deps.env,
      devServer: !!devUrl,
      timers: deps.timers,
      log,
      onDownloaded: (version) =>
        notifications.notice('cloudtop update ready', `Version ${version} installs when you quit cloudtop.`),
    });
    cleanups.push(() => updates.stop());

    runtime = {
      core,
      paths,
      secrets,
      senders,
      tray,
      notifications,
      pusher,
      window: windows.window,
      reveal: windows.reveal,
      trayAction,
      settingsChanged,
      appInfo,
    };

    windows.open(!startedHidden(deps.argv, deps.platform, app));
    tray.render();
    core.start();
    void updates.sync();
    log.info(
      { version: app.getVersion(), secretStorage: secrets.storage(), packaged: app.isPackaged },
      'desktop started',
    );
    return runtime;
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
