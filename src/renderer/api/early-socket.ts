/**
 * Browser mode's socket, opened from the page's tiny entry script before React, Mantine and the
 * app are loaded: `cloudtop serve` pushes the snapshot preview (what the first paint needs) the
 * moment the socket opens, so it travels while the app's code loads. The full snapshot (5 MB with
 * 10,000 offers) comes when the app subscribes, after its first paint.
 *
 * Tried and dropped (UI bench, 2-core machine): a dedicated worker owning the socket (it competes
 * with the main thread for the cores, and structured-cloning 10,000 parsed offers back costs more
 * than parsing them here: ~60 ms slower); holding the app back until the full snapshot is in, so
 * the transfer has the main thread to itself (no faster: the app's start-up then comes after it);
 * and, while the full snapshot was pushed on connect, parsing and unpacking it here on arrival,
 * while the app's code compiled (the preview left nothing to parse ahead).
 *
 * WebSocketApi adopts the early socket as its first connection and sees every event in order, as
 * if it had opened the socket itself. Nothing here validates: frames are checked against the
 * contract by WebSocketApi as before.
 */
import type { SocketLike } from './ws-api';

type Kind = 'open' | 'message' | 'close' | 'error';

/** Holds a socket's events until WebSocketApi adopts it, then replays them in order. */
export class EarlySocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;

  private queue: [Kind, unknown][] = [];
  private live = false;
  private adopted = false;
  private closed = false;
  /** The state the adopter has been told about (it must not send before it has seen `open`). */
  private seen = 0;
  private settle: () => void = () => undefined;
  private readonly settled = new Promise<void>((ok) => (this.settle = ok));

  constructor(private readonly socket: SocketLike) {
    socket.onopen = (e) => this.dispatch('open', e);
    socket.onclose = (e) => {
      this.closed = true;
      this.dispatch('close', e);
    };
    socket.onerror = (e) => this.dispatch('error', e);
    socket.onmessage = (e) => this.dispatch('message', { data: e.data });
  }

  get readyState(): number {
    return this.seen;
  }

  /** Usable as a first connection: not adopted yet and not closed already. */
  get available(): boolean {
    return !this.adopted && !this.closed;
  }

  send(data: string): void {
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.queue = [];
    this.socket.close(code, reason);
  }

  /**
   * Hands the socket over. The adopter sets its handlers right after this returns; what arrived
   * before is replayed in a microtask, once the code that adopted the socket (WebSocketApi, then
   * the store that subscribes to it) has run to the end.
   */
  adopt(): this {
    this.adopted = true;
    queueMicrotask(() => {
      this.live = true;
      for (const [kind, ev] of this.queue.splice(0)) this.fire(kind, ev);
    });
    return this;
  }

  /**
   * Resolves once the socket has opened (or failed), or after `maxWaitMs`. The entry script waits
   * for this before it starts the app: the handshake needs the main thread for a moment, and the
   * app's ~100 ms of module evaluation would otherwise hold it back, and the snapshot behind it.
   */
  whenSettled(maxWaitMs: number): Promise<void> {
    return new Promise((ok) => {
      const timer = setTimeout(ok, maxWaitMs);
      void this.settled.then(() => {
        clearTimeout(timer);
        ok();
      });
    });
  }

  private dispatch(kind: Kind, ev: unknown): void {
    if (kind !== 'message') this.settle();
    if (this.live) this.fire(kind, ev);
    else this.queue.push([kind, ev]);
  }

  private fire(kind: Kind, ev: unknown): void {
    if (kind === 'open') this.seen = 1;
    if (kind === 'close') this.seen = 3;
    if (kind === 'open') this.onopen?.(ev);
    else if (kind === 'close') this.onclose?.(ev);
    else if (kind === 'error') this.onerror?.(ev);
    else this.onmessage?.(ev as { data: unknown });
  }
}

/** Timeline marks for the UI bench (cheap; visible in the browser's performance panel). */
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

/**
 * The socket URL for the page `cloudtop serve` handed out: same origin, token from the page URL,
 * and `first=preview`: the server sends the snapshot preview on connect, not the full snapshot
 * (the page subscribes once it has painted; see WebSocketApi.subscribe).
 */
export function socketUrlFor(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?${token ? `token=${encodeURIComponent(token)}&` : ''}first=preview`;
}

/** Browser mode only (the desktop app talks to main over the preload bridge). */
export function openEarlySocket(win: Window & { cloudtop?: unknown }): EarlySocket | undefined {
  if (win.cloudtop || typeof WebSocket === 'undefined') return undefined;
  try {
    return new EarlySocket(new WebSocket(socketUrlFor(win.location)) as unknown as SocketLike);
  } catch {
    return undefined;
  }
}
