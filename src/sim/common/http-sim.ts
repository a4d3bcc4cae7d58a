/**
 * Shared plumbing for provider simulators: a loopback HTTP server with a request log and a
 * scenario control surface (latency, injected errors, hangs, 429 bursts). Each simulator in
 * src/sim/<id>/ supplies a router that speaks its provider's real API shape.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
  method: string;
  /** Path without query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Raw body text ('' when none). */
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as is (use for malformed bodies). */
  body?: unknown;
}

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  query: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, when there was one (tests check what a client sent). */
  json?: unknown;
}

export interface InjectedFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Only requests whose path matches. */
  pathIncludes?: string;
}

/** Scenario controls every simulator has. Provider-specific data controls live on each simulator. */
export class SimControl {
  latencyMs: number | [number, number] = 0;
  private failures: InjectedFailure[] = [];
  private hangs = 0;
  /** When set, every request answers with this (until cleared): a provider-wide outage. */
  outage: InjectedFailure | undefined;

  /** The next `count` matching requests fail with this response. */
  failNext(failure: InjectedFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }
  /** The next `count` requests never answer (until the server closes). */
  hangNext(count = 1): void {
    this.hangs += count;
  }
  reset(): void {
    this.latencyMs = 0;
    this.failures = [];
    this.hangs = 0;
    this.outage = undefined;
  }
  /** @internal */
  takeFailure(path: string): InjectedFailure | undefined {
    if (this.outage) return this.outage;
    const i = this.failures.findIndex((f) => !f.pathIncludes || path.includes(f.pathIncludes));
    if (i < 0) return undefined;
    return this.failures.splice(i, 1)[0];
  }
  /** @internal */
  takeHang(): boolean {
    if (this.hangs <= 0) return false;
    this.hangs--;
    return true;
  }
  /** @internal */
  delay(): number {
    const l = this.latencyMs;
    return Array.isArray(l) ? l[0] + Math.random() * (l[1] - l[0]) : l;
  }
}

export interface HttpSim {
  readonly url: string;
  readonly port: number;
  readonly control: SimControl;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type SimRouter = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface HttpSimOptions {
  port?: number;
  host?: string;
  /** Keep at most this many request records (demo mode runs for hours). */
  maxRecords?: number;
}

export function startHttpSim(router: SimRouter, opts: HttpSimOptions = {}): Promise<HttpSim> {
  const control = new SimControl();
  const requests: RecordedRequest[] = [];
  const maxRecords = opts.maxRecords ?? 10_000;
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://sim.local');
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        if (text) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        const record = (status: number): void => {
          requests.push({
            at: Date.now(),
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.search,
            status,
            headers: req.headers,
            ...(json !== undefined ? { json } : {}),
          });
          if (requests.length > maxRecords) requests.splice(0, requests.length - maxRecords);
        };
        if (control.takeHang()) {
          hanging.add(res);
          record(0);
          return;
        }
        const wait = control.delay();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        let out: SimResponse;
        const failure = control.takeFailure(url.pathname);
        if (failure) out = failure;
        else {
          try {
            out = await router({
              method: req.method ?? 'GET',
              path: url.pathname,
              query: url.searchParams,
              headers: req.headers,
              text,
              json,
            });
          } catch (e) {
            out = { status: 500, body: { error: 'simulator error', detail: String(e) } };
          }
        }
        record(out.status);
        send(res, out);
      })();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        control,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const r of hanging) r.destroy();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export function send(res: http.ServerResponse, out: SimResponse): void {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload = '';
  if (out.body !== undefined) {
    if (typeof out.body === 'string') payload = out.body;
    else {
      payload = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  res.writeHead(out.status, headers);
  res.end(payload);
}

/** Bearer token from an Authorization header, or undefined. */
export function bearer(req: SimRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1];
}

/** A tiny seeded PRNG so churn is reproducible in tests (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
