/**
 * CLI cold start (issue #12): `cloudtop status` with nothing configured and `cloudtop --version`,
 * against `node -e 0` on the same Node, in paired runs (one of each per round, so a busy machine slows
 * all three alike); the ratios of the medians are the figures to watch, status ≤ 3× bare Node.
 *
 * Runs the real launcher in child processes with an empty CLOUDTOP_HOME and XDG dirs. The compile
 * cache (module.enableCompileCache in bin/cloudtop.js) lives in a folder of its own that persists
 * across the runs, is filled by one unmeasured run, and is then checked: the bench says whether every
 * module came from it (`NODE_DEBUG_NATIVE=COMPILE_CACHE`), as it does for a user from their second run
 * on. Also what each command loads (files, bytes of bundle) and the entry bundle's size.
 *
 *   npm run bench -- cli                      25 rounds
 *   CLOUDTOP_BENCH_ROUNDS=51 npm run bench -- cli
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPathOf } from '../test/helpers/cli-start-path';

const TARGET = 3;

export async function run(): Promise<Record<string, number | string>> {
  if (!fs.existsSync('out/cli/meta.json')) return { note: 'out/cli missing: run npm run build:cli first' };
  const rounds = Math.max(5, Number(process.env.CLOUDTOP_BENCH_ROUNDS ?? 25));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-bench-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    CLOUDTOP_HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
    NO_COLOR: '1',
    NODE_COMPILE_CACHE: path.join(home, 'compile-cache'),
  };
  const spawn = (args: string[], extra: Record<string, string> = {}) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { env: { ...env, ...extra }, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
    return { ms, stderr: r.stderr };
  };
  const status = ['bin/cloudtop.js', 'status'];
  const version = ['bin/cloudtop.js', '--version'];
  try {
    const cold = spawn(status).ms; // fills the compile cache
    spawn(version);
    const cache = compileCacheState(spawn(status, { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' }).stderr);

    const times = { status: [] as number[], version: [] as number[], bare: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      times.status.push(spawn(status).ms);
      times.version.push(spawn(version).ms);
      times.bare.push(spawn(['-e', '0']).ms);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const bare = med(times.bare);
    const ratio = med(times.status) / bare;

    const loads = (args: string[]) => {
      const p = startPathOf(args.slice(1), env);
      const kb = p.bundleFiles.reduce((n, f) => n + f.bytes, 0) / 1024;
      return `${p.bundleFiles.length} files, ${kb.toFixed(0)} KB of bundle${p.unbundled.length > 1 ? ` + ${p.unbundled.slice(1).join(', ')}` : ''}`;
    };
    return {
      'node version': process.version,
      'compile cache': cache,
      [`rounds (paired: status, --version, node -e 0)`]: rounds,
      'status, first run (empty compile cache) (ms)': cold,
      'status, nothing configured (ms, median)': med(times.status),
      '--version (ms, median)': med(times.version),
      'node -e 0 (ms, median)': bare,
      'status / bare node (ratio)': ratio,
      '--version / bare node (ratio)': med(times.version) / bare,
      [`status cold start ≤ ${TARGET}× bare node`]: ratio <= TARGET ? 'PASS' : 'FAIL',
      'status loads': loads(status),
      '--version loads': loads(version),
      'entry bundle out/cli/cloudtop.mjs (KB)': fs.statSync('out/cli/cloudtop.mjs').size / 1024,
      'whole CLI bundle, all chunks (KB)': bundleKb(),
    };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** "warm (N modules from the cache)" when every module of a run was accepted from the cache. */
function compileCacheState(debug: string): string {
  const accepted = (debug.match(/was accepted/g) ?? []).length;
  const missed = (debug.match(/was not initialized|was rejected/g) ?? []).length;
  if (accepted === 0) return 'NOT USED (no module was read from the compile cache)';
  return missed === 0
    ? `warm (${accepted} modules from the cache)`
    : `partly warm (${accepted} hits, ${missed} misses)`;
}

function bundleKb(): number {
  const meta = JSON.parse(fs.readFileSync('out/cli/meta.json', 'utf8')) as {
    outputs: Record<string, { bytes: number }>;
  };
  return (
    Object.entries(meta.outputs)
      .filter(([f]) => f.endsWith('.mjs'))
      .reduce((n, [, o]) => n + o.bytes, 0) / 1024
  );
}
