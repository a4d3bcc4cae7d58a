/**
 * The browser side of the contract over a WebSocket: every client frame gets exactly one `result`
 * frame (malformed ones included, with id -1 when no id could be read), and the server pushes the
 * snapshot on connect, then diffs, or the full snapshot when the diff is large or the client fell
 * behind (slow socket, missed version).
 *
 * A socket opened with `first=preview` (the page's) gets the snapshot preview on connect instead
 * (shared/snapshot/preview.ts: what its first paint needs, a few KB) and no pushes until it sends
 * a `subscribe` frame; then the full snapshot, and diffs from there, as above.
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../../core/log/types';
import {
  WsClientFrameSchema,
  eventChannels,
  type EventChannel,
  type EventPayload,
  type Result,
  type WsServerFrame,
} from '../../shared/ipc/contract';
import type { Snapshot, SnapshotDiff } from '../../shared/model';
import { PACKED_OFFERS_ENCODING, packSnapshot } from '../../shared/snapshot/wire';
import { SnapshotPreviewSchema, previewOf } from '../../shared/snapshot/preview';
import { dispatch, invalidRequest, type HandlerContext } from './handlers';
import type { ServerMetrics } from './metrics';

/** Past this much unsent data a client is "behind": skip pushes, send one full snapshot later. */
const MAX_BUFFERED = 8 * 1024 * 1024;
/** Concurrent requests per socket; more are answered with rate_limited instead of queueing. */
const MAX_IN_FLIGHT = 32;

interface Session {
  ws: WebSocket;
  /** Snapshot version this client has (null: needs a full snapshot). */
  version: number | null;
  /** Gets pushes (snapshot, diffs); a socket that asked for the preview first waits for `subscribe`. */
  subscribed: boolean;
  inFlight: number;
  alive: boolean;
}

interface Hub {
  /** `preview`: the socket asked for the snapshot preview first (`/ws?first=preview`). */
  attach(ws: WebSocket, opts?: { preview?: boolean }): void;
  /** Prepares the preview and full-snapshot frames ahead of the first page (startup, idle time). */
  warm(snapshot: Snapshot): void;
  pushSnapshot(snapshot: Snapshot, diff: SnapshotDiff): void;
  broadcast(channel: EventChannel, payload: unknown): void;
  size(): number;
  /** Pings every client; closes the ones that did not answer the previous ping. */
  heartbeat(): void;
  closeAll(): void;
}

export function createHub(ctx: HandlerContext, metrics: ServerMetrics, log: Logger): Hub {
  const sessions = new Set<Session>();

  const send = (s: Session, data: string | undefined) => {
    if (data === undefined || s.ws.readyState !== s.ws.OPEN) return false;
    s.ws.send(data);
    return true;
  };
  const frame = (f: WsServerFrame) => JSON.stringify(f);
  /** Pushes are validated like responses: only contract-shaped data (never a stray field) leaves. */
  const validated = <C extends EventChannel>(channel: C, payload: unknown): EventPayload<C> | undefined => {
    const parsed = eventChannels[channel].safeParse(payload);
    if (!parsed.success) log.error({ channel }, 'core produced an event outside the contract; not sent');
    return parsed.data as EventPayload<C> | undefined;
  };
  const event = (channel: EventChannel, payload: unknown): string | undefined => {
    const data = validated(channel, payload);
    return data === undefined ? undefined : frame({ type: 'event', channel, payload: data });
  };
  /**
   * The full snapshot goes out with its offers packed (shared/snapshot/wire.ts): about a quarter
   * of the bytes, and far less for the page to parse and collect. Packing comes after validation, so what
   * the page unpacks is what the contract allowed. Diffs and snapshot.get answers stay plain.
   */
  const packedSnapshotFrame = (snapshot: Snapshot): string | undefined => {
    const data = validated('snapshot', snapshot);
    if (data === undefined) return undefined;
    try {
      return frame({
        type: 'event',
        channel: 'snapshot',
        payload: packSnapshot(data),
        encoding: PACKED_OFFERS_ENCODING,
      });
    } catch (e) {
      log.error({ err: String(e) }, 'could not pack the snapshot; not sent');
      return undefined;
    }
  };

  // Validating, packing and serialising 10,000 offers costs ~100 ms: do it once per snapshot
  // version, for every page that connects or falls behind.
  let fullCache: { version: number; data: string | undefined } | undefined;
  const fullFrame = (snapshot: Snapshot): string | undefined => {
    if (fullCache?.version !== snapshot.version)
      fullCache = { version: snapshot.version, data: packedSnapshotFrame(snapshot) };
    return fullCache.data;
  };

  // The preview: ~10 ms to group 10,000 offers twice, once per snapshot version as well.
  let previewCache: { version: number; data: string | undefined } | undefined;
  const previewFrame = (snapshot: Snapshot): string | undefined => {
    if (previewCache?.version !== snapshot.version) {
      const parsed = SnapshotPreviewSchema.safeParse(previewOf(snapshot));
      if (!parsed.success)
        log.error({ channel: 'preview' }, 'core produced a snapshot preview outside the contract; not sent');
      previewCache = {
        version: snapshot.version,
        data: parsed.success ? frame({ type: 'preview', payload: parsed.data }) : undefined,
      };
    }
    return previewCache.data;
  };

  /** `subscribe`: the full snapshot now (answered after it), pushes from then on. */
  const subscribe = (s: Session, id: number) => {
    metrics.wsRequest('subscribe');
    const snap = ctx.core.snapshot();
    if (!send(s, fullFrame(snap))) {
      return reply(
        s,
        id,
        {
          ok: false,
          error: {
            code: 'bad_response',
            message: 'The core produced a snapshot outside the contract',
            retryable: true,
          },
        },
        'subscribe',
      );
    }
    s.version = snap.version;
    s.subscribed = true;
    reply(s, id, { ok: true, value: { version: snap.version } }, 'subscribe');
  };

  const reply = (s: Session, id: number, result: Result<unknown>, channel: string) => {
    if (!result.ok) metrics.wsError(channel, result.error.code);
    send(s, frame({ type: 'result', id, result }));
  };

  const onMessage = async (s: Session, raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    if (isBinary)
      return reply(
        s,
        -1,
        { ok: false, error: invalidRequest('Binary frames are not part of the contract') },
        'invalid',
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString());
    } catch {
      return reply(s, -1, { ok: false, error: invalidRequest('Frame is not JSON') }, 'invalid');
    }
    const f = WsClientFrameSchema.safeParse(parsed);
    if (!f.success) {
      const id = (parsed as { id?: unknown } | null)?.id;
      const safeId = typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : -1;
      return reply(
        s,
        safeId,
        { ok: false, error: invalidRequest('Frame is not an invoke frame of the contract') },
        'invalid',
      );
    }
    if (f.data.type === 'subscribe') return subscribe(s, f.data.id);
    const { id, channel, payload } = f.data;
    metrics.wsRequest(channel);
    if (s.inFlight >= MAX_IN_FLIGHT) {
      return reply(
        s,
        id,
        {
          ok: false,
          error: { code: 'rate_limited', message: 'Too many requests in flight on this connection', retryable: true },
        },
        channel,
      );
    }
    s.inFlight++;
    try {
      const result = await dispatch(channel, payload, ctx);
      // A client that asked for the snapshot now has this version: diffs can follow.
      if (channel === 'snapshot.get' && result.ok) s.version = (result.value as Snapshot).version;
      reply(s, id, result, channel);
    } finally {
      s.inFlight--;
    }
  };

  return {
    attach(ws, opts = {}) {
      const s: Session = { ws, version: null, subscribed: !opts.preview, inFlight: 0, alive: true };
      sessions.add(s);
      ws.on('message', (data, isBinary) => {
        onMessage(s, data, isBinary).catch((e: unknown) => log.error({ err: String(e) }, 'ws handler failed'));
      });
      ws.on('pong', () => (s.alive = true));
      ws.on('close', () => sessions.delete(s));
      ws.on('error', () => sessions.delete(s));
      const snap = ctx.core.snapshot();
      if (opts.preview) send(s, previewFrame(snap));
      else if (send(s, fullFrame(snap))) s.version = snap.version;
    },

    pushSnapshot(snapshot, diff) {
      // Serialise each shape at most once per change, whatever the number of clients.
      let small: string | undefined | null = null;
      const changed =
        diff.offers.added.length +
        diff.offers.updated.length +
        diff.offers.removed.length +
        diff.resources.added.length +
        diff.resources.updated.length +
        diff.resources.removed.length;
      const diffIsSmall = changed <= Math.max(50, (snapshot.offers.length + snapshot.resources.length) / 4);
      for (const s of sessions) {
        if (!s.subscribed) continue;
        if (s.ws.bufferedAmount > MAX_BUFFERED) {
          s.version = null;
          continue;
        }
        if (diffIsSmall && s.version === diff.fromVersion) {
          if (small === null) small = event('snapshot.diff', diff);
          if (send(s, small)) s.version = diff.toVersion;
        } else {
          if (send(s, fullFrame(snapshot))) s.version = snapshot.version;
        }
      }
    },

    broadcast(channel, payload) {
      const data = event(channel, payload);
      for (const s of sessions) send(s, data);
    },

    warm(snapshot) {
      previewFrame(snapshot);
      fullFrame(snapshot);
    },

    size: () => sessions.size,

    heartbeat() {
      for (const s of sessions) {
        if (!s.alive) {
          s.ws.terminate();
          sessions.delete(s);
          continue;
        }
        s.alive = false;
        s.ws.ping();
      }
    },

    closeAll() {
      for (const s of sessions) s.ws.close(1001, 'server shutting down');
      sessions.clear();
    },
  };
}
