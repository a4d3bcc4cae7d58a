/**
 * Wires the pure decisions of security.ts to Electron: every WebContents (app.on('web-contents-created'))
 * gets navigation, window.open and <webview> denied; the default session allows only notifications
 * and cancels any request to the network or the file system (the page loads from app:// and talks to
 * main only through the preload; provider traffic is made by the core in main, not by Chromium).
 */
import type { Session, WebContents } from 'electron';
import { navigationDecision, permissionAllowed, windowOpenDecision, type AppOrigins } from './security';

interface HardeningOptions {
  hosts: () => ReadonlySet<string>;
  openExternal: (url: string) => Promise<boolean>;
  origins: AppOrigins;
}

export function hardenWebContents(wc: WebContents, o: HardeningOptions): void {
  wc.on('will-navigate', (event, url) => {
    event.preventDefault();
    const d = navigationDecision(url, o.hosts());
    if (d.openExternally) void o.openExternal(d.openExternally);
  });
  wc.setWindowOpenHandler(({ url }) => {
    const d = windowOpenDecision(url, o.hosts());
    if (d.openExternally) void o.openExternal(d.openExternally);
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
}

const BLOCKED_PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:', 'file:', 'ftp:']);

/** Pure: may the page's session fetch this URL? Only app:// (and the dev server in development). */
export function requestAllowed(url: string, origins: AppOrigins): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!BLOCKED_PROTOCOLS.has(u.protocol)) return true;
  if (origins.devOrigin) {
    try {
      const dev = new URL(origins.devOrigin);
      // The dev server also serves its HMR WebSocket on the same host and port.
      if (u.host === dev.host && (u.protocol === dev.protocol || u.protocol === 'ws:')) return true;
    } catch {
      return false;
    }
  }
  return false;
}

export function hardenSession(ses: Session, origins: AppOrigins): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl, origins));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin, origins),
  );
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !requestAllowed(details.url, origins) });
  });
}
