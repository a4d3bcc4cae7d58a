/**
 * CLI figures: `cloudtop status` cold start with nothing configured, against `node -e 0` on the same
 * Node, in paired runs (one of each, alternating, so a busy machine slows both alike); the ratio of the
 * medians is the figure to watch (target ≤ 3×). Also the bundle's size. Runs the real launcher in a
 * child process with an empty CLOUDTOP_HOME; the compile cache is warmed by one unmeasured run first, as
 * it is for a user from their second run on.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function run(): Promise<Record<string, number | string>> {
  if (!fs.existsSync('out/cli/cloudtop.mjs')) return { note: 'out/cli missing: run npm run build:cli first' };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-bench-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    CLOUDTOP_HOME: home,
    NO_COLOR: '1',
    NODE_COMPILE_CACHE: path.join(home, 'compile-cache'),
  };
  const time = (args: string[]): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 200)}`);
    return ms;
  };
  const cold = time(['bin/cloudtop.js', 'status']); // fills the compile cache
  const status: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 9; i++) {
    status.push(time(['bin/cloudtop.js', 'status']));
    bare.push(time(['-e', '0']));
  }
  fs.rmSync(home, { recursive: true, force: true });
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    [`node version`]: process.version,
    'status, first run (empty compile cache) (ms)': cold,
    'status, nothing configured (ms, median of 9)': med(status),
    'node -e 0 (ms, median of 9, paired)': med(bare),
    'status / bare node (ratio, target ≤ 3)': med(status) / med(bare),
    'bundle size (KB)': fs.statSync('out/cli/cloudtop.mjs').size / 1024,
  };
}
