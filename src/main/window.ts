/**
 * The one window factory (docs/reliability.md A1): a literal webPreferences with every hardening flag
 * spelled out, so Electronegativity and a reader see them at the call site. The window hides on close
 * (cloudtop lives in the tray) and remembers its bounds in window-state.json next to settings.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow } from 'electron';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface SavedWindowState extends Rect {
  maximized?: boolean;
}

export const DEFAULT_SIZE = { width: 1180, height: 780 };
export const MIN_SIZE = { width: 720, height: 480 };

interface MainWindowOptions {
  preload: string;
  bounds?: Partial<Rect>;
  show: boolean;
  icon?: string;
  backgroundColor?: string;
  /** Only in development (not packaged). */
  devTools?: boolean;
}

export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  return new BrowserWindow({
    ...DEFAULT_SIZE,
    ...o.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'cloudtop',
    icon: o.icon,
    backgroundColor: o.backgroundColor,
    autoHideMenuBar: true,
    webPreferences: {
      preload: o.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click would open links in a new window; window.open is denied anyway (AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: o.devTools === true,
    },
  });
}

/**
 * Saved bounds → bounds to open with. A window saved on a monitor that is gone, or mostly off
 * screen, is centred on the primary work area instead of opening where nobody can reach it.
 */
export function sanitizeBounds(saved: unknown, workAreas: readonly Rect[]): Partial<Rect> {
  const primary = workAreas[0];
  const fit = (w: number, h: number) => ({
    width: Math.max(MIN_SIZE.width, Math.min(w, primary?.width ?? w)),
    height: Math.max(MIN_SIZE.height, Math.min(h, primary?.height ?? h)),
  });
  if (!isRect(saved))
    return primary ? centred(primary, fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height)) : { ...DEFAULT_SIZE };
  const size = fit(saved.width, saved.height);
  const rect = { x: Math.round(saved.x), y: Math.round(saved.y), ...size };
  // Visible enough: at least 100×50 px of the title-bar area lies on some display.
  const visible = workAreas.some(
    (a) => overlap(rect, a).width >= 100 && overlap({ ...rect, height: 50 }, a).height >= 50,
  );
  if (visible) return rect;
  return primary ? centred(primary, size) : size;
}

function centred(area: Rect, size: { width: number; height: number }): Rect {
  return {
    x: Math.round(area.x + (area.width - size.width) / 2),
    y: Math.round(area.y + (area.height - size.height) / 2),
    ...size,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function isRect(v: unknown): v is SavedWindowState {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every(
    (k) => typeof r[k] === 'number' && Number.isFinite(r[k] as number) && Math.abs(r[k] as number) < 100_000,
  );
}

/** window-state.json: tiny, rewritten atomically (tmp + rename), mode 0600; a bad file means defaults. */
export class WindowStateFile {
  constructor(readonly file: string) {}

  load(): SavedWindowState | undefined {
    try {
      const v = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      if (!isRect(v)) return undefined;
      return { x: v.x, y: v.y, width: v.width, height: v.height, maximized: v.maximized === true };
    } catch {
      return undefined;
    }
  }

  save(state: SavedWindowState): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch {
      // Losing the window position is not worth an error dialog.
    }
  }
}

interface WindowLike {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  isDestroyed(): boolean;
}

export function revealWindow(win: WindowLike): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/**
 * Hides instead of closing unless the app is quitting, and saves the bounds on hide/close (debounced
 * while moving and resizing).
 */
export function manageWindow(
  win: BrowserWindow,
  opts: { isQuitting: () => boolean; state?: WindowStateFile; debounceMs?: number },
): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (!opts.state || win.isDestroyed()) return;
    const b = win.getNormalBounds();
    opts.state.save({ ...b, maximized: win.isMaximized() });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, opts.debounceMs ?? 500);
    timer.unref?.();
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', (e) => {
    clearTimeout(timer);
    save();
    if (!opts.isQuitting()) {
      e.preventDefault();
      win.hide();
    }
  });
}
