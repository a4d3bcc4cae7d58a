/**
 * Picks the transport: the preload bridge when the page runs inside the desktop app, otherwise a
 * WebSocket back to the `cloudtop serve` that served the page (the one the entry script opened
 * early, when there is one).
 */
import type { CloudtopApi } from '../../shared/ipc/contract';
import type { PreloadBridge } from '../../shared/ipc/bridge';
import type { ConnectionSource, PreviewSource } from '../state/store';
import type { EarlySocket } from './early-socket';
import { IpcApi } from './ipc-api';
import { WebSocketApi, socketUrlFor, type SocketLike } from './ws-api';

type Host = Window & { cloudtop?: PreloadBridge };

export function createApi(
  win: Host,
  early?: EarlySocket,
): { api: CloudtopApi; connection?: ConnectionSource; preview?: PreviewSource } {
  if (win.cloudtop) return { api: new IpcApi(win.cloudtop) };
  const ws = new WebSocketApi({
    url: socketUrlFor(win.location),
    // The first connection is the early socket if it is still good; reconnects open new ones.
    createSocket: (url) => (early?.available ? early.adopt() : (new WebSocket(url) as unknown as SocketLike)),
  });
  // The token now lives in the HttpOnly cookie too: keep it out of history, bookmarks and screenshots.
  // Once the page is idle: replaceState costs ~15 ms of main thread on the way to the first paint.
  const forgetToken = () => {
    const url = new URL(win.location.href);
    if (!url.searchParams.has('token')) return;
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
  };
  if (typeof win.requestIdleCallback === 'function') win.requestIdleCallback(forgetToken, { timeout: 1000 });
  else setTimeout(forgetToken, 500);
  const connection: ConnectionSource = {
    get connection() {
      return ws.connection;
    },
    onConnection: (l) => ws.onConnection(l),
  };
  // `cloudtop serve` sends the snapshot preview as soon as the socket opens; the rest on subscribe.
  return { api: ws, connection, preview: ws };
}
