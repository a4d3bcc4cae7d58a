/**
 * The one main window of the desktop app: created from the saved bounds (kept on screen), trusted
 * as an IPC sender while it lives, handed the current snapshot whenever its page loads, and asked to
 * show an offer once the page is ready (a notification click can come before that).
 */
import type { BrowserWindow } from 'electron';
import { app, nativeTheme, screen } from 'electron';
import type { Core } from '../core/types';
import type { EventPusher } from './ipc/events';
import type { TrustedSenders } from './ipc/sender';
import type { MainPaths } from './paths';
import { APP_ENTRY_URL } from './security';
import { WindowStateFile, createMainWindow, manageWindow, revealWindow, sanitizeBounds } from './window';

interface WindowHostOptions {
  paths: MainPaths;
  platform: NodeJS.Platform;
  senders: TrustedSenders;
  pusher: EventPusher;
  core: () => Core;
  isQuitting: () => boolean;
  /** electron-vite's dev server, for an unpackaged app. */
  devUrl?: string;
}

export function windowHost(o: WindowHostOptions) {
  const { paths, senders, pusher } = o;
  const state = new WindowStateFile(paths.windowStateFile);
  let win: BrowserWindow | null = null;
  let pageReady = false;
  let pendingOffer: string | undefined;

  const create = (show: boolean): BrowserWindow => {
    const saved = state.load();
    const w = createMainWindow({
      preload: paths.preloadFile,
      bounds: sanitizeBounds(
        saved,
        screen.getAllDisplays().map((d) => d.workArea),
      ),
      show,
      icon: o.platform === 'linux' ? paths.appIcon : undefined,
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
      pusher.send('snapshot', o.core().snapshot());
      if (pendingOffer) {
        pusher.send('focus.offer', { offerId: pendingOffer });
        pendingOffer = undefined;
      }
    });
    manageWindow(w, { isQuitting: o.isQuitting, state });
    w.once('ready-to-show', () => {
      if (show) revealWindow(w);
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    pageReady = false;
    win = w;
    void w.loadURL(o.devUrl ?? APP_ENTRY_URL);
    return w;
  };

  return {
    window: (): BrowserWindow | null => win,
    /** Creates the window; shown at once unless the app started hidden. */
    open: (show: boolean): void => void create(show),
    /** Shows the window (creating it if needed), optionally on an offer. */
    reveal(offerId?: string): void {
      if (!win || win.isDestroyed()) win = create(true);
      else revealWindow(win);
      if (offerId) {
        if (pageReady) pusher.send('focus.offer', { offerId });
        else pendingOffer = offerId;
      }
    },
  };
}
