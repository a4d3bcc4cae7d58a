import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CliContext } from '../context';
import { EXIT, UsageError } from '../io';
import { defaultStaticDir, startServer } from '../../server';
import { isLoopback } from '../../server/security';
import { extraHostsFromEnv, serveTokenFromEnv } from '../serve-token';

/**
 * `cloudtop serve`: the desktop window served to a browser on 127.0.0.1 with a token, WebSocket
 * push and Prometheus /metrics. `--demo` runs it over churning simulators.
 */
export async function serveCommand(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const host = typeof o.host === 'string' ? o.host : '127.0.0.1';
  const port = o.port === undefined ? 0 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: "${String(o.port)}" is not a port number`);
  const staticDir = defaultStaticDir();
  if (!fs.existsSync(path.join(staticDir, 'index.html')))
    throw new UsageError('the window is not built yet: run `npm run build` first');
  const demo = o.demo === true;
  const fixed = serveTokenFromEnv(ctx.io.env);
  if (!isLoopback(host) && !fixed.token) {
    throw new UsageError(
      `--host ${host}: listening beyond this machine needs a fixed token: set CLOUDTOP_SERVE_TOKEN or CLOUDTOP_SERVE_TOKEN_FILE`,
    );
  }
  const extraHosts = extraHostsFromEnv(ctx.io.env);
  const handle = await ctx.openCore({
    includeAnonymous: true,
    providers: ctx.opts.providers,
    demo,
    persistAlerts: true,
    sessionFallback: true,
    history: 'record',
  });
  for (const n of handle.notices) ctx.io.stderr.write(ctx.style.yellow(`! ${n}\n`));
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      core: handle.core,
      host,
      port,
      demo,
      staticDir,
      version: ctx.version,
      secretStorage: handle.secretStorage,
      ...(fixed.token ? { token: fixed.token } : {}),
      extraHosts,
    });
  } catch (e) {
    // A host that does not resolve or a port in use is a CloudtopError (exit 2 with the reason).
    await handle.close();
    throw e;
  }
  if (server.warning) ctx.io.stderr.write(ctx.style.yellow(`! ${server.warning}\n`));
  handle.core.start();
  // A token set by the operator is not printed (container logs are collected and shared).
  const shown = fixed.token ? `${server.origin}/ (token from ${fixed.source})` : server.url;
  ctx.io.stdout.write(`cloudtop ${demo ? 'demo ' : ''}is serving at ${shown}\n`);
  ctx.io.stderr.write(ctx.style.dim('Open the URL above (it carries the access token). Ctrl+C to stop.\n'));
  if (o.open) {
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    const child = spawn(opener, [server.url], { stdio: 'ignore', detached: true });
    child.on('error', () => ctx.io.stderr.write(`Could not start ${opener}; open the URL by hand.\n`));
    child.unref();
  }
  await ctx.io.interrupted;
  ctx.io.stderr.write(ctx.style.dim('Stopping…\n'));
  await server.close();
  await handle.close();
  return EXIT.ok;
}
