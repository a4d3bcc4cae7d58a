/**
 * The `electron` module for vitest (vitest.config.ts aliases `electron` here): the real package tries
 * to download its binary when required from plain Node (docs/toolchain.md). Every API src/main, src/preload
 * and electron-store touch is here, recording what was called so tests can assert behaviour, with
 * knobs (`mock.*`) to drive events: app ready, second instance, power events, window close, IPC
 * from any frame. `resetElectronMock()` between tests restores a fresh world.
 *
 * It has named exports and a default export (electron-store does `import electron from 'electron'`).
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

/** Event object Electron passes to cancellable events. */
export interface MockEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export function mockEvent<T extends object>(extra: T = {} as T): MockEvent & T {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
    ...extra,
  };
  return e as MockEvent & T;
}

// ───────────────────────────── nativeImage ─────────────────────────────

export class NativeImage {
  private template = false;
  constructor(
    readonly source: string,
    private readonly size = { width: 16, height: 16 },
  ) {}
  isEmpty(): boolean {
    return this.source === '';
  }
  setTemplateImage(v: boolean): void {
    this.template = v;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  getSize() {
    return { ...this.size };
  }
  resize(o: { width?: number; height?: number }): NativeImage {
    return new NativeImage(this.source, { width: o.width ?? this.size.width, height: o.height ?? this.size.height });
  }
  toPNG(): Buffer {
    return Buffer.alloc(0);
  }
}

export const nativeImage = {
  createFromPath: (p: string) => new NativeImage(p),
  createEmpty: () => new NativeImage(''),
  createFromBuffer: (_b: Buffer) => new NativeImage('buffer'),
  createFromDataURL: (_u: string) => new NativeImage('dataurl'),
};

// ───────────────────────────── session / protocol ─────────────────────────────

type PermissionRequestHandler = (
  wc: unknown,
  permission: string,
  cb: (granted: boolean) => void,
  details: unknown,
) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;

export class MockProtocol {
  privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  handlers = new Map<string, (req: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before app ready');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (req: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`scheme ${scheme} already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
}

export class MockSession extends EventEmitter {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  readonly protocol = new MockProtocol();
  headersReceived: unknown = null;
  beforeRequest: ((details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | null = null;
  readonly webRequest = {
    onHeadersReceived: (fn: unknown) => {
      this.headersReceived = fn;
    },
    onBeforeRequest: (fn: MockSession['beforeRequest']) => {
      this.beforeRequest = fn;
    },
  };
  setPermissionRequestHandler(h: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = h;
  }
  setSpellCheckerEnabled(_v: boolean): void {}
  setDevicePermissionHandler(_h: unknown): void {}
}

// ───────────────────────────── webContents / BrowserWindow ─────────────────────────────

let nextWebContentsId = 1;
const allWebContents: MockWebContents[] = [];

export interface SentMessage {
  channel: string;
  args: unknown[];
}

export class MockWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  url = '';
  sent: SentMessage[] = [];
  destroyed = false;
  windowOpenHandler:
    | ((details: { url: string; frameName?: string; disposition?: string }) => { action: string })
    | null = null;
  readonly session: MockSession;
  readonly mainFrame: { url: string; parent: null; routingId: number };
  constructor(session: MockSession = electronSession.defaultSession) {
    super();
    this.session = session;
    this.mainFrame = { url: '', parent: null, routingId: 1 };
    allWebContents.push(this);
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(h: MockWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = h;
  }
  async loadURL(url: string): Promise<void> {
    this.url = url;
    this.mainFrame.url = url;
    this.emit('did-finish-load');
  }
  async loadFile(file: string): Promise<void> {
    await this.loadURL(`file://${file}`);
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isLoading(): boolean {
    return false;
  }
  openDevTools(): void {}
  focus(): void {}
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export const webContents = {
  getAllWebContents: () => allWebContents.filter((w) => !w.destroyed),
  fromId: (id: number) => allWebContents.find((w) => w.id === id && !w.destroyed),
};

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const allWindows: BrowserWindow[] = [];

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return allWindows.filter((w) => !w.destroyed);
  }
  static fromWebContents(wc: MockWebContents): BrowserWindow | null {
    return allWindows.find((w) => w.webContents === wc) ?? null;
  }
  static getFocusedWindow(): BrowserWindow | null {
    return allWindows.find((w) => w.focused && !w.destroyed) ?? null;
  }

  readonly options: Record<string, unknown>;
  readonly webContents: MockWebContents;
  visible: boolean;
  focused = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  bounds: Rect;
  /** Calls in order: show, hide, focus, restore… */
  calls: string[] = [];

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    this.webContents = new MockWebContents();
    this.visible = options.show !== false;
    this.bounds = {
      x: (options.x as number) ?? 0,
      y: (options.y as number) ?? 0,
      width: (options.width as number) ?? 800,
      height: (options.height as number) ?? 600,
    };
    allWindows.push(this);
    mock.windowsCreated++;
    // Like Electron: every new WebContents is announced on the app.
    app.emit('web-contents-created', mockEvent(), this.webContents);
  }
  get webPreferences(): Record<string, unknown> {
    return (this.options.webPreferences as Record<string, unknown>) ?? {};
  }
  async loadURL(url: string): Promise<void> {
    this.calls.push(`loadURL ${url}`);
    await this.webContents.loadURL(url);
    this.emit('ready-to-show');
  }
  async loadFile(file: string): Promise<void> {
    this.calls.push(`loadFile ${file}`);
    await this.webContents.loadFile(file);
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
    this.emit('show');
  }
  showInactive(): void {
    this.show();
  }
  hide(): void {
    this.calls.push('hide');
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.calls.push('focus');
    this.focused = true;
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isFullScreen(): boolean {
    return false;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  setBounds(b: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...b };
    this.emit('resize');
  }
  setMenuBarVisibility(_v: boolean): void {}
  removeMenu(): void {}
  /** Like a click on the close button: 'close' may be prevented; otherwise the window goes away. */
  close(): void {
    const e = mockEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
  }
}

// ───────────────────────────── Menu / Tray ─────────────────────────────

export interface MenuItemOptions {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: (...args: unknown[]) => void;
  submenu?: MenuItemOptions[] | Menu;
  [k: string]: unknown;
}

export class MenuItem {
  constructor(readonly options: MenuItemOptions) {}
}

export class Menu {
  static builds = 0;
  static applicationMenu: Menu | null = null;
  static buildFromTemplate(template: MenuItemOptions[]): Menu {
    Menu.builds++;
    return new Menu(template);
  }
  static setApplicationMenu(m: Menu | null): void {
    Menu.applicationMenu = m;
  }
  static getApplicationMenu(): Menu | null {
    return Menu.applicationMenu;
  }
  constructor(readonly items: MenuItemOptions[] = []) {}
  append(item: MenuItem): void {
    this.items.push(item.options);
  }
  popup(): void {}
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: NativeImage | string;
  tooltip = '';
  title = '';
  contextMenu: Menu | null = null;
  contextMenuSets = 0;
  imageSets = 0;
  tooltipSets = 0;
  destroyed = false;
  constructor(image: NativeImage | string) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: NativeImage | string): void {
    this.image = image;
    this.imageSets++;
  }
  setToolTip(t: string): void {
    this.tooltip = t;
    this.tooltipSets++;
  }
  setTitle(t: string): void {
    this.title = t;
  }
  setContextMenu(m: Menu | null): void {
    this.contextMenu = m;
    this.contextMenuSets++;
  }
  popUpContextMenu(): void {}
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

// ───────────────────────────── Notification ─────────────────────────────

export class Notification extends EventEmitter {
  static supported = true;
  static instances: Notification[] = [];
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  closed = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    Notification.instances.push(this);
  }
  get title(): string {
    return String(this.options.title ?? '');
  }
  get body(): string {
    return String(this.options.body ?? '');
  }
  show(): void {
    this.shown = true;
    this.emit('show');
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
  /** Test helper: the user clicks it. */
  click(): void {
    this.emit('click', mockEvent());
  }
}

// ───────────────────────────── IPC ─────────────────────────────

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class MockIpcMain extends EventEmitter {
  handlers = new Map<string, Handler>();
  handle(channel: string, fn: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  handleOnce(channel: string, fn: Handler): void {
    this.handle(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: what ipcRenderer.invoke would do, with a hand-made event (any sender/frame). */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
}
export const ipcMain = new MockIpcMain();

class MockIpcRenderer extends EventEmitter {
  invocations: Array<{ channel: string; args: unknown[] }> = [];
  sentMessages: Array<{ channel: string; args: unknown[] }> = [];
  /** What `invoke` resolves with; tests replace it. */
  invokeImpl: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: null });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.invokeImpl(channel, ...args);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sentMessages.push({ channel, args });
  }
  sendSync(channel: string, ...args: unknown[]): unknown {
    this.sentMessages.push({ channel, args });
    return undefined;
  }
  /** Test helper: main pushes an event; listeners get (IpcRendererEvent, ...args). */
  push(channel: string, ...args: unknown[]): void {
    const event = { sender: this, senderId: 0, ports: [] };
    this.emit(channel, event, ...args);
  }
}
export const ipcRenderer = new MockIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed.set(key, api);
  },
  exposeInIsolatedWorld(_worldId: number, key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

// ───────────────────────────── app ─────────────────────────────

class MockDock {
  hidden = false;
  hide(): void {
    this.hidden = true;
  }
  show(): Promise<void> {
    this.hidden = false;
    return Promise.resolve();
  }
  setIcon(_i: unknown): void {}
  setBadge(_b: string): void {}
}

class MockApp extends EventEmitter {
  ready = false;
  private readyResolvers: Array<() => void> = [];
  isPackaged = false;
  name = 'cloudtop';
  version = '0.1.0';
  paths: Record<string, string> = {};
  loginItemSettings: Record<string, unknown> = { openAtLogin: false, wasOpenedAtLogin: false };
  loginItemCalls: Array<Record<string, unknown>> = [];
  sandboxEnabled = false;
  sandboxEnabledBeforeReady = false;
  singleInstanceLock = true;
  quitCalls = 0;
  exitCode: number | null = null;
  appUserModelId: string | null = null;
  readonly commandLine = { switches: [] as string[], appendSwitch: (s: string) => this.commandLine.switches.push(s) };
  dock: MockDock | undefined = new MockDock();

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyResolvers.push(resolve));
  }
  isReady(): boolean {
    return this.ready;
  }
  /** Test helper: fire 'ready'. */
  makeReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.emit('ready');
    for (const r of this.readyResolvers.splice(0)) r();
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  releaseSingleInstanceLock(): void {}
  hasSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
    this.sandboxEnabledBeforeReady = !this.ready;
  }
  /**
   * Like Electron: before-quit, then every window is closed (a window that prevents 'close' cancels
   * the quit), then will-quit (may be prevented), then quit.
   */
  quit(): void {
    this.quitCalls++;
    const bq = mockEvent();
    this.emit('before-quit', bq);
    if (bq.defaultPrevented) return;
    for (const w of BrowserWindow.getAllWindows()) {
      w.close();
      if (!w.destroyed) return;
    }
    const wq = mockEvent();
    this.emit('will-quit', wq);
    if (wq.defaultPrevented) return;
    this.emit('quit', mockEvent(), 0);
    mock.quitted = true;
  }
  exit(code = 0): void {
    this.exitCode = code;
    mock.quitted = true;
  }
  relaunch(): void {}
  focus(): void {}
  getPath(name: string): string {
    const p = this.paths[name];
    if (p) return p;
    if (name === 'userData') return path.join(os.tmpdir(), 'cloudtop-electron-mock', 'userData');
    return path.join(os.tmpdir(), 'cloudtop-electron-mock', name);
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value;
  }
  getVersion(): string {
    return this.version;
  }
  getName(): string {
    return this.name;
  }
  setName(n: string): void {
    this.name = n;
  }
  getAppPath(): string {
    return process.cwd();
  }
  getLocale(): string {
    return 'en-US';
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setLoginItemSettings(s: Record<string, unknown>): void {
    this.loginItemCalls.push(s);
    this.loginItemSettings = { ...this.loginItemSettings, ...s };
  }
  getLoginItemSettings(): Record<string, unknown> {
    return { ...this.loginItemSettings };
  }
  setAboutPanelOptions(_o: unknown): void {}
}
export const app = new MockApp();

// ───────────────────────────── the rest ─────────────────────────────

export const powerMonitor = new EventEmitter();

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
  async openPath(_p: string): Promise<string> {
    return '';
  },
  showItemInFolder(_p: string): void {},
};

const defaultSession = new MockSession();
const electronSession = {
  defaultSession,
  fromPartition: (_p: string) => new MockSession(),
};
export { electronSession as session };

export const protocol = defaultSession.protocol;

class MockNativeTheme extends EventEmitter {
  shouldUseDarkColors = false;
  shouldUseHighContrastColors = false;
  themeSource: 'system' | 'light' | 'dark' = 'system';
}
export const nativeTheme = new MockNativeTheme();

export interface MockDisplay {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
}
const defaultDisplays = (): MockDisplay[] => [
  {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 25, width: 1920, height: 1055 },
    scaleFactor: 1,
  },
];
export const screen = Object.assign(new EventEmitter(), {
  displays: defaultDisplays(),
  getAllDisplays(): MockDisplay[] {
    return screen.displays;
  },
  getPrimaryDisplay(): MockDisplay {
    return screen.displays[0]!;
  },
  getDisplayMatching(_r: Rect): MockDisplay {
    return screen.displays[0]!;
  },
  getCursorScreenPoint() {
    return { x: 0, y: 0 };
  },
});

export const dialog = {
  shown: [] as Array<Record<string, unknown>>,
  errorBoxes: [] as Array<{ title: string; content: string }>,
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const opts = (args.length > 1 ? args[1] : args[0]) as Record<string, unknown>;
    dialog.shown.push(opts);
    return { response: 0, checkboxChecked: false };
  },
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content });
  },
};

export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (s: string) => Buffer.from(s),
  decryptString: (b: Buffer) => b.toString(),
};

export const net = {
  fetch: (input: string | Request, init?: RequestInit) => fetch(input, init),
};

export const crashReporter = { start: (_o: unknown) => {} };

/** Knobs and counters shared by the whole mock. */
export const mock = {
  windowsCreated: 0,
  quitted: false,
};

/** Back to a fresh world: call in beforeEach. */
export function resetElectronMock(): void {
  for (const w of allWindows.splice(0)) w.removeAllListeners();
  allWebContents.splice(0);
  Tray.instances = [];
  Menu.builds = 0;
  Menu.applicationMenu = null;
  Notification.instances = [];
  Notification.supported = true;
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations = [];
  ipcRenderer.sentMessages = [];
  ipcRenderer.invokeImpl = async () => ({ ok: true, value: null });
  contextBridge.exposed.clear();
  app.removeAllListeners();
  app.ready = false;
  app.isPackaged = false;
  app.paths = {};
  app.loginItemSettings = { openAtLogin: false, wasOpenedAtLogin: false };
  app.loginItemCalls = [];
  app.sandboxEnabled = false;
  app.sandboxEnabledBeforeReady = false;
  app.singleInstanceLock = true;
  app.quitCalls = 0;
  app.exitCode = null;
  app.appUserModelId = null;
  app.commandLine.switches = [];
  app.dock = new MockDock();
  powerMonitor.removeAllListeners();
  shell.opened = [];
  defaultSession.removeAllListeners();
  defaultSession.permissionRequestHandler = null;
  defaultSession.permissionCheckHandler = null;
  defaultSession.headersReceived = null;
  defaultSession.beforeRequest = null;
  defaultSession.protocol.privileged = [];
  defaultSession.protocol.handlers.clear();
  nativeTheme.removeAllListeners();
  nativeTheme.shouldUseDarkColors = false;
  nativeTheme.themeSource = 'system';
  screen.displays = defaultDisplays();
  dialog.shown = [];
  dialog.errorBoxes = [];
  mock.windowsCreated = 0;
  mock.quitted = false;
}

const electron = {
  app,
  BrowserWindow,
  Menu,
  MenuItem,
  Tray,
  Notification,
  ipcMain,
  ipcRenderer,
  contextBridge,
  powerMonitor,
  shell,
  session: electronSession,
  protocol,
  nativeImage,
  nativeTheme,
  screen,
  dialog,
  safeStorage,
  net,
  webContents,
  crashReporter,
};
export default electron;
