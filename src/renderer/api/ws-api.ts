/**
 * Browser mode: the CloudtopApi over a WebSocket to `cloudtop serve`. Frames are validated both
 * ways with the contract's schemas; requests carry ids; the socket reconnects with capped,
 * jittered backoff; snapshot diffs are applied locally (SnapshotFollower) so listeners always
 * see a full snapshot.
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
import {
  PACKED_OFFERS_ENCODING,
  unpackSnapshot,
  type ColumnValues,
  type UnpackSnapshotResult,
} from '../../shared/snapshot/wire';
import { ParsedFrame, mark, socketUrlFor } from './early-socket';
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
]);

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
  channel: InvokeChannel;
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
    if (this.closedByUser) return Promise.reject(apiError('cancelled', 'The connection was closed'));
    const id = this.nextId++;
    const frame: WsClientFrame = { type: 'invoke', id, channel, payload: parsed.data };
    return new Promise<InvokeResponse<C>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(apiError('timeout', `No answer from cloudtop serve for ${channel}`, true));
      }, this.opts.requestTimeoutMs);
      const p: Pending = {
        channel,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer,
        frame: JSON.stringify(frame),
      };
      this.pending.set(id, p);
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
      // The server pushes a full snapshot on connect; forget what we had (we may have missed diffs).
      this.follower.reset();
      this.setState('open');
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
    let json: unknown;
    let big: boolean;
    let pre: ParsedFrame['unpacked'];
    if (data instanceof ParsedFrame) {
      pre = data.unpacked;
      // Parsed by the early socket while the app was loading; validated here like any other frame.
      json = data.json;
      big = true;
    } else {
      if (typeof data !== 'string') return;
      big = data.length > 100_000;
      if (big) mark('cloudtop:frame-received');
      try {
        json = JSON.parse(data);
      } catch {
        return;
      }
      if (big) mark('cloudtop:frame-parsed');
    }
    const frame = ServerFrameSchema.safeParse(json);
    if (!frame.success) return;
    const f = frame.data;
    if (f.type === 'result') {
      const p = this.pending.get(f.id);
      if (!p) return;
      this.pending.delete(f.id);
      clearTimeout(p.timer);
      const result =
        p.channel === 'snapshot.get'
          ? parseSnapshotResult(f.result)
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
      // Unpacked ahead by the early socket when it is this very payload of a snapshot event.
      const ahead = pre?.from === f.payload && f.channel === 'snapshot' && f.encoding === PACKED_OFFERS_ENCODING;
      const unpacked = ahead ? pre!.result : unpack(f.channel, f.encoding, f.payload);
      if (!unpacked.ok) {
        console.warn(`cloudtop: dropped a ${f.channel} event outside the contract (${unpacked.reason})`);
        return;
      }
      body = unpacked.payload;
      columns = unpacked.columns;
      if (big && !ahead) mark('cloudtop:frame-unpacked');
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
