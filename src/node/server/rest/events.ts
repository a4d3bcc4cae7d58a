/**
 * `GET /api/v1/events`: Server-Sent Events for clients that do not speak the page's WebSocket
 * protocol (curl -N, EventSource, Home Assistant). First `hello` with the current snapshot version,
 * then one `snapshot` event per change (the SnapshotDiff the WebSocket pushes, `id` = its
 * toVersion) and one `alert` event per watch alert. A client that stops reading is dropped rather
 * than buffered without bound.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../../core/types';
import { SECURITY_HEADERS } from '../headers';

interface EventStreamOptions {
  core: Pick<Core, 'snapshot' | 'onSnapshot' | 'onAlert'>;
  /** Open streams at most (each holds a socket). */
  maxClients?: number;
  /** Comment line this often, so proxies and clients see the stream is alive. */
  heartbeatMs?: number;
  /** Drop a client whose unsent data grows past this. */
  maxBufferedBytes?: number;
}

export interface EventStreams {
  /** False when full (the caller answers 429). */
  attach(req: IncomingMessage, res: ServerResponse): boolean;
  size(): number;
  close(): void;
}

export function createEventStreams(o: EventStreamOptions): EventStreams {
  const maxClients = o.maxClients ?? 16;
  const maxBuffered = o.maxBufferedBytes ?? 8 * 1024 * 1024;
  const clients = new Set<ServerResponse>();

  const send = (event: string, data: unknown, id?: number): void => {
    if (clients.size === 0) return;
    const frame = `event: ${event}\n${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
    for (const res of clients) write(res, frame);
  };
  const write = (res: ServerResponse, frame: string): void => {
    if (res.writableLength > maxBuffered) {
      clients.delete(res);
      res.destroy();
      return;
    }
    res.write(frame);
  };

  const offSnapshot = o.core.onSnapshot((_snap, diff) => send('snapshot', diff, diff.toVersion));
  const offAlert = o.core.onAlert((event) => send('alert', event));
  const heartbeat = setInterval(() => {
    for (const res of clients) write(res, ': keep-alive\n\n');
  }, o.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    attach(req, res) {
      if (clients.size >= maxClients) return false;
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      const snap = o.core.snapshot();
      res.write(
        `retry: 5000\nevent: hello\nid: ${snap.version}\ndata: ${JSON.stringify({ version: snap.version, takenAt: snap.takenAt })}\n\n`,
      );
      clients.add(res);
      const drop = () => clients.delete(res);
      req.on('close', drop);
      res.on('close', drop);
      return true;
    },
    size: () => clients.size,
    close() {
      clearInterval(heartbeat);
      offSnapshot();
      offAlert();
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
