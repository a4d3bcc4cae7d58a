/**
 * `cloudtop serve`: the renderer in a browser. Plain node:http for the built files, `ws` for the
 * contract, prom-client for /metrics. Loopback by default; a random token guards every request
 * except /healthz; Host and Origin are checked so other sites cannot reach it (DNS rebinding,
 * cross-site WebSocket).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { Core } from '../../core/types';
import { silentLogger, type Logger } from '../../core/log/types';
import type { AppInfo } from '../../shared/ipc/contract';
import { CloudtopError } from '../../shared/model';
import { SECURITY_HEADERS } from './headers';
import { createMetrics } from './metrics';
import {
  allowedAuthorities,
  hostAllowed,
  hostForUrl,
  isLoopback,
  newToken,
  originAllowed,
  presentedToken,
  sameToken,
  tokenCookie,
} from './security';
import { lookupStatic, openStatic } from './static';
import { createHub } from './ws';
import { createRestApi, type RestApiOptions } from './rest';

interface ServerOptions {
  core: Core;
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random 32-byte token otherwise. */
  token?: string;
  demo?: boolean;
  /** The built renderer (electron-vite's out/renderer). */
  staticDir?: string;
  version: string;
  log?: Logger;
  /** Where the core keeps credentials, shown by the Providers view. */
  secretStorage?: AppInfo['secretStorage'];
  /** Ping interval for dead-socket detection. */
  heartbeatMs?: number;
  /** REST API limits (tests); defaults otherwise. */
  rest?: Pick<RestApiOptions, 'rateLimit' | 'maxEventClients' | 'heartbeatMs'>;
  /**
   * More Host names to accept besides this machine's own (a container's service name that
   * Prometheus scrapes, `cloudtop:8080`). Without a port the bound port is implied.
   */
  extraHosts?: readonly string[];
}

export interface RunningServer {
  /** Open this: it carries the token. */
  url: string;
  origin: string;
  host: string;
  port: number;
  token: string;
  /** Set when bound to a non-loopback interface. */
  warning?: string;
  close(): Promise<void>;
}

/** Finds out/renderer next to the package, wherever this file ended up after bundling. */
export function defaultStaticDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = resolve(dir, 'out/renderer');
    if (existsSync(resolve(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  return resolve(process.cwd(), 'out/renderer');
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { core } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const staticDir = resolve(opts.staticDir ?? defaultStaticDir());
  const log = (opts.log ?? silentLogger).child({ component: 'server' });
  let port = opts.port ?? 0;
  let allowed = new Set<string>();

  const appInfo = (): AppInfo => ({
    version: opts.version,
    mode: 'browser',
    demo: opts.demo ?? core.snapshot().demo,
    secretStorage: opts.secretStorage ?? 'keychain',
    platform: process.platform,
  });

  // The closures read `hub` only when called (scrapes, settings changes), after it exists.
  const metrics = createMetrics(
    () => core.snapshot(),
    () => hub.size(),
    () => core.channels.list(),
  );
  const hub = createHub(
    { core, appInfo, onSettingsChanged: (view) => hub.broadcast('settings.changed', view) },
    metrics,
    log,
  );

  const rest = createRestApi({
    core,
    token,
    version: opts.version,
    record: (route, status) => metrics.httpRequest(route, status),
    ...(opts.rest ?? {}),
  });

  const finish = (
    res: ServerResponse,
    route: string,
    status: number,
    body: string,
    type = 'text/plain; charset=utf-8',
  ) => {
    metrics.httpRequest(route, status);
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req, allowed)) return finish(res, 'rejected', 403, 'Forbidden: unexpected Host header\n');
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, allowed))
      return finish(res, 'rejected', 403, 'Forbidden: cross-origin request\n');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return finish(res, 'rejected', 400, 'Bad request\n');
    }
    // The REST API (rest/): JSON answers and errors, its own method check, token and rate limit.
    if (url.pathname === '/api' || url.pathname.startsWith('/api/'))
      return rest.handle(req, res, url, presentedToken(req, url, port).token);
    if (req.method !== 'GET' && req.method !== 'HEAD') return finish(res, 'rejected', 405, 'Method not allowed\n');
    if (url.pathname === '/healthz') return finish(res, 'healthz', 200, '{"status":"ok"}\n', 'application/json');

    const presented = presentedToken(req, url, port);
    if (!presented.token)
      return finish(
        res,
        'unauthorized',
        401,
        'Unauthorized: open the URL printed by `cloudtop serve` (it carries the token)\n',
      );
    if (!sameToken(presented.token, token)) return finish(res, 'unauthorized', 403, 'Forbidden: wrong token\n');

    if (url.pathname === '/metrics') {
      const body = await metrics.registry.metrics();
      return finish(res, 'metrics', 200, body, metrics.registry.contentType);
    }

    const found = await lookupStatic(staticDir, url.pathname);
    if (!found.ok) {
      const missingBuild = url.pathname === '/' && found.status === 404;
      return finish(
        res,
        'static',
        missingBuild ? 503 : found.status,
        missingBuild ? 'The window is not built: run `npm run build` first\n' : 'Not found\n',
      );
    }
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'Content-Type': found.file.type,
      'Content-Length': String(found.file.size),
      'Cache-Control': found.file.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    };
    // First visit with ?token=…: from now on the HttpOnly cookie carries it (assets, reloads, socket).
    if (presented.source === 'query') headers['Set-Cookie'] = tokenCookie(port, token);
    metrics.httpRequest('static', 200);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    openStatic(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error({ err: String(e) }, 'request failed');
      if (!res.headersSent) finish(res, 'error', 500, 'Internal error\n');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, text: string) => {
      metrics.httpRequest('ws', status);
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return refuse(400, 'Bad Request');
    }
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!hostAllowed(req, allowed)) return refuse(403, 'Forbidden');
    if (!originAllowed(req.headers.origin, allowed)) return refuse(403, 'Forbidden');
    const presented = presentedToken(req, url, port);
    if (!presented.token) return refuse(401, 'Unauthorized');
    if (!sameToken(presented.token, token)) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      metrics.httpRequest('ws', 101);
      hub.attach(ws, { preview: url.searchParams.get('first') === 'preview' });
    });
  });

  const offSnapshot = core.onSnapshot((snapshot, diff) => {
    metrics.observeSnapshot(snapshot);
    hub.pushSnapshot(snapshot, diff);
  });
  const offAlert = core.onAlert((event) => hub.broadcast('alert', event));

  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (e) {
    // Nothing may keep the process alive or listening to the core after a failed start.
    offSnapshot();
    offAlert();
    wss.close();
    throw listenError(e, host, port);
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  allowed = allowedAuthorities(host, port);
  for (const h of opts.extraHosts ?? []) allowed.add((/:\d+$/.test(h) ? h : `${h}:${port}`).toLowerCase());

  // The first page then gets its snapshot without waiting for validation and serialisation.
  setImmediate(() => hub.warm(core.snapshot()));

  const heartbeat = setInterval(() => hub.heartbeat(), opts.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : hostForUrl(host);
  const origin = `http://${urlHost}:${port}`;
  const warning = isLoopback(host)
    ? undefined
    : `cloudtop serve is listening on ${host}, not only on this machine: anyone who can reach port ${port} and learns the token sees your data. Use --host 127.0.0.1 unless you mean it.`;
  if (warning) log.warn({ host, port }, warning);
  log.info({ host, port }, 'serving');

  return {
    url: `${origin}/?token=${token}`,
    origin,
    host,
    port,
    token,
    warning,
    async close() {
      clearInterval(heartbeat);
      offSnapshot();
      offAlert();
      rest.close();
      hub.closeAll();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/**
 * Why the server could not start, in words for the command line (code `config`, exit 2): a host
 * that does not resolve or is not on this machine, a port in use or reserved.
 */
function listenError(e: unknown, host: string, port: number): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const where = port === 0 ? host : `${host}:${port}`;
  const why: Record<string, [string, string]> = {
    EADDRINUSE: [`port ${port} is already in use`, 'Pick another --port, or leave it out to use a free one.'],
    EACCES: [`not allowed to listen on ${where}`, 'Ports below 1024 need privileges; use a higher --port.'],
    EADDRNOTAVAIL: [
      `${host} is not an address of this machine`,
      'Use --host 127.0.0.1 (default), 0.0.0.0, or one of this machine’s own addresses.',
    ],
    ENOTFOUND: [`the host name "${host}" does not resolve`, 'Use --host 127.0.0.1 (default) or an IP address.'],
    EAI_AGAIN: [
      `the host name "${host}" could not be resolved now`,
      'Use --host 127.0.0.1 (default) or an IP address.',
    ],
    EAI_FAIL: [`the host name "${host}" does not resolve`, 'Use --host 127.0.0.1 (default) or an IP address.'],
  };
  const hit = code ? why[code] : undefined;
  if (!hit) return e instanceof Error ? e : new Error(String(e));
  return new CloudtopError('config', `Cannot serve on ${where}: ${hit[0]}`, { hint: hit[1] });
}
