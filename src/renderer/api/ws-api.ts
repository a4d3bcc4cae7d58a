/**
 * Browser mode: the CloudtopApi over a WebSocket to `cloudtop serve`. Frames are validated both
 * ways with the contract's schemas; requests carry ids; the socket reconnects with capped,
 * jittered backoff; snapshot diffs are applied locally (SnapshotFollower) so listeners always
 * see a full snapshot.
 *
 * The socket asks for the snapshot preview first (socketUrlFor): the server sends it on connect
 * (onPreview) and pushes nothing else until subscribe() — called by the page once it has painted
 * from the preview, and sent again after each reconnect from then on.
 */
import * as z from 'zod';
import {
  CloudtopApiError,
  EVENT_CHANNELS,
  eventChannels,
  invokeChannels,
  resultSchema,
  type CloudtopApi,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type Result,
  type WsClientFrame,
} from '../../shared/ipc/contract';
import type { Snapshot, SnapshotDiff } from '../../shared/model';
import { safeParseSnapshot, safeParseSnapshotDiff, safeParseUnpackedSnapshot } from '../../shared/snapshot/validate';
import { SnapshotPreviewSchema, type SnapshotPreview } from '../../shared/snapshot/preview';
import {
  PACKED_OFFERS_ENCODING,
  unpackSnapshot,
  type ColumnValues,
  type UnpackSnapshotResult,
} from '../../shared/snapshot/wire';
import { mark, socketUrlFor } from './early-socket';
import { apiError } from './errors';
import { Emitter } from './emitter';
import { SnapshotFollower } from './snapshot-follower';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({
    type: z.literal('event'),
    channel: z.enum(EVENT_CHANNELS as [EventChannel, ...EventChannel[]]),
    payload: z.unknown(),
    /** How the payload was encoded for the trip (see unpack below); absent: plain contract data. */
    encoding: z.string().optional(),
  }),
  z.object({ type: z.literal('preview'), payload: z.unknown() }),
]);

/** The answer to a `subscribe` frame: the version of the snapshot it pushed. */
const SubscribedResultSchema = resultSchema(z.object({ version: z.number() }));

/** Minimal WebSocket surface used here (the DOM one in the page, a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsApiOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Per-request timeout; refresh can take as long as the slowest provider. */
  requestTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
}

interface Pending {
  channel: InvokeChannel | 'subscribe';
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Serialised frame, kept until sent (requests made while disconnected wait for the socket). */
  frame?: string;
}

const OPEN = 1;

export class WebSocketApi implements CloudtopApi {
  private socket: SocketLike | undefined;
  private state: ConnectionState = 'connecting';
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private closedByUser = false;
  /** subscribe() was called: every new connection subscribes again. */
  private subscribed = false;
  private opened = false;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new Emitter();
  private readonly follower: SnapshotFollower;
  private readonly opts: Required<Omit<WsApiOptions, 'url'>> & { url: string };

  constructor(options: WsApiOptions) {
    this.opts = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      requestTimeoutMs: 60_000,
      backoffBaseMs: 500,
      backoffMaxMs: 15_000,
      random: Math.random,
      ...options,
    };
    this.follower = new SnapshotFollower(
      (s) => this.events.emit('snapshot', s),
      (d) => this.events.emit('snapshot.diff', d),
      () => this.invoke('snapshot.get', {}),
    );
    this.connect();
  }

  get connection(): ConnectionState {
    return this.state;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    return this.events.on('$connection', listener as (p: unknown) => void);
  }

  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>> {
    const parsed = invokeChannels[channel].request.safeParse(request ?? {});
    if (!parsed.success) return Promise.reject(apiError('config', `Invalid request for ${channel}`));
    return this.request(channel, (id) => ({ type: 'invoke', id, channel, payload: parsed.data })) as Promise<
      InvokeResponse<C>
    >;
  }

  /** The snapshot preview the server sends when a socket opens (before any full snapshot). */
  onPreview(listener: (preview: SnapshotPreview) => void): () => void {
    return this.events.on('$preview', listener as (p: unknown) => void);
  }

  /**
   * Starts the snapshot pushes: the full snapshot arrives as a `snapshot` event (before this
   * resolves), then diffs. From now on every reconnect subscribes again by itself.
   */
  subscribe(): Promise<void> {
    this.subscribed = true;
    return this.request('subscribe', (id) => ({ type: 'subscribe', id })).then(() => undefined);
  }

  private request(channel: Pending['channel'], frameFor: (id: number) => WsClientFrame): Promise<unknown> {
    if (this.closedByUser) return Promise.reject(apiError('cancelled', 'The connection was closed'));
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(apiError('timeout', `No answer from cloudtop serve for ${channel}`, true));
      }, this.opts.requestTimeoutMs);
      this.pending.set(id, { channel, resolve, reject, timer, frame: JSON.stringify(frameFor(id)) });
      this.flush();
    });
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.events.on(event, listener as (p: unknown) => void);
  }

  close(): void {
    this.closedByUser = true;
    clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'page closed');
    this.fail(apiError('cancelled', 'The connection was closed'));
    this.setState('closed');
  }

  private setState(s: ConnectionState): void {
    if (this.state === s) return;
    this.state = s;
    this.events.emit('$connection', s);
  }

  private connect(): void {
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      mark('cloudtop:ws-open');
      this.attempt = 0;
      // A new connection starts from a full snapshot; forget what we had (we may have missed diffs).
      this.follower.reset();
      this.setState('open');
      // A reconnect subscribes again (unless a subscribe made while disconnected is about to go out).
      const reconnect = this.opened;
      this.opened = true;
      if (reconnect && this.subscribed && ![...this.pending.values()].some((p) => p.channel === 'subscribe'))
        void this.subscribe().catch(() => undefined);
      this.flush();
    };
    socket.onmessage = (ev) => this.onFrame(ev.data);
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      // Requests already sent cannot be answered by a new connection.
      for (const [id, p] of this.pending) {
        if (p.frame === undefined) {
          clearTimeout(p.timer);
          this.pending.delete(id);
          p.reject(apiError('network', 'Lost the connection to cloudtop serve', true));
        }
      }
      if (!this.closedByUser) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.setState('reconnecting');
    // Full jitter: uniform(0, min(max, base·2^n)), at least 100 ms.
    const ceiling = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** this.attempt++);
    const delay = Math.max(100, Math.round(this.opts.random() * ceiling));
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private flush(): void {
    const s = this.socket;
    if (!s || s.readyState !== OPEN) return;
    for (const p of this.pending.values()) {
      if (p.frame === undefined) continue;
      s.send(p.frame);
      p.frame = undefined;
    }
  }

  private fail(err: CloudtopApiError): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    const big = data.length > 100_000;
    if (big) mark('cloudtop:frame-received');
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    if (big) mark('cloudtop:frame-parsed');
    const frame = ServerFrameSchema.safeParse(json);
    if (!frame.success) return;
    const f = frame.data;
    if (f.type === 'preview') {
      const preview = SnapshotPreviewSchema.safeParse(f.payload);
      if (!preview.success) console.warn('cloudtop: dropped a snapshot preview outside the contract');
      else this.events.emit('$preview', preview.data);
      return;
    }
    if (f.type === 'result') {
      const p = this.pending.get(f.id);
      if (!p) return;
      this.pending.delete(f.id);
      clearTimeout(p.timer);
      const result =
        p.channel === 'snapshot.get'
          ? parseSnapshotResult(f.result)
          : p.channel === 'subscribe'
            ? SubscribedResultSchema.safeParse(f.result)
            : resultSchema(invokeChannels[p.channel].response).safeParse(f.result);
      if (!result.success) {
        p.reject(apiError('bad_response', `cloudtop serve answered ${p.channel} with data outside the contract`));
      } else if (!result.data.ok) {
        p.reject(new CloudtopApiError(result.data.error));
      } else {
        if (p.channel === 'snapshot.get') this.follower.full(result.data.value as Snapshot);
        p.resolve(result.data.value);
      }
      return;
    }
    let body = f.payload;
    let columns: ColumnValues | undefined;
    if (f.encoding !== undefined) {
      const unpacked = unpack(f.channel, f.encoding, f.payload);
      if (!unpacked.ok) {
        console.warn(`cloudtop: dropped a ${f.channel} event outside the contract (${unpacked.reason})`);
        return;
      }
      body = unpacked.payload;
      columns = unpacked.columns;
      if (big) mark('cloudtop:frame-unpacked');
    }
    // The snapshot (10,000 offers) has fast paths with the same outcome (shared/snapshot/validate.ts):
    // packed offers are judged column by column, plain ones offer by offer.
    const payload =
      f.channel === 'snapshot'
        ? columns
          ? safeParseUnpackedSnapshot(body, columns)
          : safeParseSnapshot(body)
        : f.channel === 'snapshot.diff'
          ? safeParseSnapshotDiff(body)
          : eventChannels[f.channel].safeParse(body);
    if (big) mark('cloudtop:frame-validated');
    if (!payload.success) {
      console.warn(`cloudtop: dropped a ${f.channel} event outside the contract`);
      return;
    }
    if (f.channel === 'snapshot') this.follower.full(payload.data as Snapshot);
    else if (f.channel === 'snapshot.diff') this.follower.diff(payload.data as SnapshotDiff);
    else this.events.emit(f.channel, payload.data);
  }
}

export { socketUrlFor };

/**
 * Undoes a transport encoding. Only the full snapshot is ever encoded (packed offers); the result
 * is still to be validated like a plain payload.
 */
function unpack(channel: EventChannel, encoding: string, payload: unknown): UnpackSnapshotResult {
  if (channel !== 'snapshot' || encoding !== PACKED_OFFERS_ENCODING)
    return { ok: false, reason: `unknown encoding "${encoding.slice(0, 40)}" for ${channel}` };
  return unpackSnapshot(payload);
}

const SnapshotErrorResultSchema = resultSchema(z.never());

/** `resultSchema(SnapshotSchema)`, with the snapshot's fast path. */
function parseSnapshotResult(result: unknown): { success: true; data: Result<Snapshot> } | { success: false } {
  if ((result as { ok?: unknown } | null)?.ok === true) {
    const s = safeParseSnapshot((result as { value?: unknown }).value);
    return s.success ? { success: true, data: { ok: true, value: s.data } } : { success: false };
  }
  const e = SnapshotErrorResultSchema.safeParse(result);
  return e.success ? { success: true, data: e.data as Result<Snapshot> } : { success: false };
}
