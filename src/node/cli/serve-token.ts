/**
 * A fixed token for `cloudtop serve` from the environment, for containers and Prometheus:
 * `CLOUDTOP_SERVE_TOKEN`, or `CLOUDTOP_SERVE_TOKEN_FILE` (a Docker/Kubernetes secret file). Without
 * either, serve makes a random token per start and prints it in the URL (the desktop-user case).
 * Listening beyond loopback needs a fixed token: a random one printed to a container's log is a leak.
 */
import fs from 'node:fs';
import { UsageError } from './io';

const MIN_LENGTH = 24;

interface ServeToken {
  token?: string;
  /** Where it came from, for the startup line (never the value). */
  source?: 'CLOUDTOP_SERVE_TOKEN' | 'CLOUDTOP_SERVE_TOKEN_FILE';
}

export function serveTokenFromEnv(env: Record<string, string | undefined>): ServeToken {
  const direct = env.CLOUDTOP_SERVE_TOKEN?.trim();
  const file = env.CLOUDTOP_SERVE_TOKEN_FILE?.trim();
  let token: string | undefined;
  let source: ServeToken['source'];
  if (direct) {
    token = direct;
    source = 'CLOUDTOP_SERVE_TOKEN';
  } else if (file) {
    try {
      token = fs.readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new UsageError(
        `CLOUDTOP_SERVE_TOKEN_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    source = 'CLOUDTOP_SERVE_TOKEN_FILE';
  }
  if (token === undefined) return {};
  if (token.length < MIN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(
      `${source}: the token must be at least ${MIN_LENGTH} printable characters without spaces (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  return { token, source };
}

/** Hosts from `CLOUDTOP_SERVE_ALLOWED_HOSTS` (comma-separated names, optional :port). */
export function extraHostsFromEnv(env: Record<string, string | undefined>): string[] {
  const raw = env.CLOUDTOP_SERVE_ALLOWED_HOSTS ?? '';
  const out: string[] = [];
  for (const h of raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(h)) {
      throw new UsageError(`CLOUDTOP_SERVE_ALLOWED_HOSTS: "${h.slice(0, 60)}" is not a host name (name or name:port)`);
    }
    out.push(h);
  }
  return out;
}
