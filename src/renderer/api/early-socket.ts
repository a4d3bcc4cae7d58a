/**
 * Browser mode's socket, opened from the page's tiny entry script before React, Mantine and the
 * app are loaded: `cloudtop serve` pushes the full snapshot (5 MB with 10,000 offers) the moment
 * the socket opens, so it travels while the app's code loads.
 *
 * Big frames that arrive before the app has taken the socket over are parsed (JSON) on arrival,
 * while the main thread would otherwise wait for the app's code.
 *
 * Tried and dropped (UI bench, 2-core machine): a dedicated worker owning the socket (it competes
 * with the main thread for the cores, and structured-cloning 10,000 parsed offers back costs more
 * than parsing them here: ~60 ms slower), and holding the app back until the snapshot is in, so
 * the transfer has the main thread to itself (no faster: the app's start-up then comes after it).
 *
 * WebSocketApi adopts the early socket as its first connection and sees every event in order, as
 * if it had opened the socket itself. Nothing here validates: frames are checked against the
 * contract by WebSocketApi as before.
 */
import { PACKED_OFFERS_ENCODING, unpackSnapshot, type UnpackSnapshotResult } from '../../shared/snapshot/wire';
import type { SocketLike } from './ws-api';

/**
 * The text of a frame that arrived while the app was loading, already run through JSON.parse, and
 * for the packed snapshot its offers already unpacked (`unpacked`, for exactly `unpacked.from`, the
 * frame's payload): still to be validated, like any frame.
 */
export class ParsedFrame {
  constructor(
    readonly json: unknown,
    readonly unpacked?: { from: unknown; result: UnpackSnapshotResult },
  ) {}
}

type Kind = 'open' | 'message' | 'close' | 'error';

/** Frames this large are worth parsing ahead (the snapshot; not the small results). */
const PARSE_AHEAD_CHARS = 100_000;

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
    socket.onmessage = (e) => this.dispatch('message', { data: this.live ? e.data : ahead(e.data) });
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

/**
 * A big text frame that arrived while the app was loading: parse it now, the main thread is idle
 * (the app's code is still compiling). The packed snapshot is unpacked too (wire.ts needs no zod,
 * so it is part of this entry script); validating waits for the app.
 */
function ahead(data: unknown): unknown {
  if (typeof data !== 'string' || data.length < PARSE_AHEAD_CHARS) return data;
  mark('cloudtop:frame-received');
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return data;
  }
  mark('cloudtop:frame-parsed');
  const f = json as { type?: unknown; channel?: unknown; encoding?: unknown; payload?: unknown } | null;
  if (f?.type !== 'event' || f.channel !== 'snapshot' || f.encoding !== PACKED_OFFERS_ENCODING)
    return new ParsedFrame(json);
  const result = unpackSnapshot(f.payload);
  mark('cloudtop:frame-unpacked');
  return new ParsedFrame(json, { from: f.payload, result });
}

/** Timeline marks for the UI bench (cheap; visible in the browser's performance panel). */
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

/** The socket URL for the page `cloudtop serve` handed out: same origin, token from the page URL. */
export function socketUrlFor(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
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
