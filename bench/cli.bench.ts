/**
 * CLI figures: `cloudtop status` cold start with nothing configured (target < 400 ms), and the
 * built bundle's size. Runs the real launcher in a child process with an empty CLOUDTOP_HOME.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function run(): Promise<Record<string, number | string>> {
  if (!fs.existsSync('out/cli/cloudtop.mjs')) return { note: 'out/cli missing: run npm run build:cli first' };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-bench-'));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, CLOUDTOP_HOME: home, NO_COLOR: '1' };
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bin/cloudtop.js', 'status'], { env, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) return { error: `status exited ${r.status}: ${r.stderr.slice(0, 200)}` };
  }
  const nodeAlone: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeAlone.push(performance.now() - t0);
  }
  fs.rmSync(home, { recursive: true, force: true });
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    'status cold start, nothing configured (ms, median of 7)': med(times),
    'bare node startup (ms, median of 5)': med(nodeAlone),
    'bundle size (KB)': fs.statSync('out/cli/cloudtop.mjs').size / 1024,
  };
}
