/** Shared helpers for the server tests: a temp static dir, raw HTTP requests and a WS client. */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../../src/node/server';
import { unpackSnapshot } from '../../../../src/shared/snapshot/wire';
import type { FakeCore } from '../../../helpers/fake-core';

export const OUTSIDE_SECRET = 'OUTSIDE-FILE-CONTENT-7f3a';

/** out/renderer look-alike, with a secret file next to it and a symlink pointing out of it. */
export function makeStaticDir(): string {
  const base = mkdtempSync(join(tmpdir(), 'cloudtop-static-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><title>cloudtop</title><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), OUTSIDE_SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  return root;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with an exact path and headers (no URL normalisation on the client side). */
export function raw(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

export interface Frame {
  type: string;
  id?: number;
  channel?: string;
  payload?: unknown;
  /** `packed-offers` on the full snapshot the server pushes (src/shared/snapshot/wire.ts). */
  encoding?: string;
  result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** An event's payload as the page reads it: a packed snapshot unpacked (not validated). */
export function payloadOf(f: Frame): unknown {
  if (f.encoding === undefined) return f.payload;
  const r = unpackSnapshot(f.payload);
  if (!r.ok) throw new Error(r.reason);
  return r.payload;
}

export class Client {
  readonly frames: Frame[] = [];
  readonly rawFrames: string[] = [];
  private waiters: { pred: (f: Frame) => boolean; ok: (f: Frame) => void }[] = [];
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.rawFrames.push(text);
      const f = JSON.parse(text) as Frame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(f)) return true;
        w.ok(f);
        return false;
      });
    });
  }

  static connect(
    port: number,
    opts: { token?: string; origin?: string; host?: string; cookie?: string; query?: string } = {},
  ): Promise<Client> {
    const params = [opts.token === undefined ? '' : `token=${opts.token}`, opts.query ?? ''].filter(Boolean);
    const q = params.length ? `?${params.join('&')}` : '';
    const headers: Record<string, string> = { host: opts.host ?? `127.0.0.1:${port}` };
    if (opts.origin !== undefined) headers.origin = opts.origin;
    if (opts.cookie) headers.cookie = opts.cookie;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${q}`, { headers });
    return new Promise((ok, fail) => {
      const c = new Client(ws);
      ws.once('open', () => ok(c));
      ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', fail);
    });
  }

  /** Resolves with the first frame (from index `from` on) that matches. */
  wait(pred: (f: Frame) => boolean, timeoutMs = 5000, from = 0): Promise<Frame> {
    const found = this.frames.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error('timed out waiting for a frame')), timeoutMs);
      this.waiters.push({
        pred,
        ok: (f) => {
          clearTimeout(t);
          ok(f);
        },
      });
    });
  }

  async invoke(channel: string, payload: unknown = {}): Promise<NonNullable<Frame['result']>> {
    const id = this.nextId++;
    const from = this.frames.length;
    this.ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    const f = await this.wait((x) => x.type === 'result' && x.id === id, 5000, from);
    return f.result!;
  }

  /** The `subscribe` frame (a socket opened with first=preview): its result. */
  async subscribe(): Promise<NonNullable<Frame['result']>> {
    const id = this.nextId++;
    const from = this.frames.length;
    this.ws.send(JSON.stringify({ type: 'subscribe', id }));
    const f = await this.wait((x) => x.type === 'result' && x.id === id, 5000, from);
    return f.result!;
  }

  close(): Promise<void> {
    return new Promise((ok) => {
      if (this.ws.readyState === WebSocket.CLOSED) return ok();
      this.ws.once('close', () => ok());
      this.ws.close();
    });
  }
}

/** A value as it comes out of JSON (what a page parses from a frame). */
export const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * A server over `core` for the whole test file (started before its tests, closed after them with
 * every client it connected), and `connect`, a same-origin client with the token plus `query`.
 */
export function serverForFile(core: FakeCore): { connect: (query?: string) => Promise<Client> } {
  let server: RunningServer;
  const clients: Client[] = [];
  beforeAll(async () => {
    server = await startServer({ core, staticDir: makeStaticDir(), version: '0.0.0-test' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });
  return {
    connect: async (query) => {
      const c = await Client.connect(server.port, {
        token: server.token,
        origin: `http://127.0.0.1:${server.port}`,
        query,
      });
      clients.push(c);
      return c;
    },
  };
}
