import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOciSim } from './src/sim/oci';
import { secretEnvName } from './src/core/secrets/types';
const sim = await startOciSim({});
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-home-'));
const env: Record<string, string> = { ...process.env as Record<string, string>, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), CLOUDTOP_FROM_SOURCE: '1', CLOUDTOP_OCI_BASE_URL: sim.baseUrl };
for (const [f, v] of Object.entries(sim.credentials)) env[secretEnvName({ provider: 'oci', profile: 'default', field: f })] = v;
console.log(Object.keys(env).filter((k) => k.startsWith('CLOUDTOP_OCI')));
for (const args of [['offers', '--provider', 'oci'], ['resources', '--provider', 'oci', '--output', 'json']]) {
  const r = spawnSync('node', ['bin/cloudtop.js', ...args], { env, encoding: 'utf8', timeout: 120000 });
  console.log('$ cloudtop', args.join(' '), '→ exit', r.status);
  console.log(r.stdout.slice(0, 2500));
  console.log(r.stderr.slice(0, 1500));
}
await sim.close();
fs.rmSync(home, { recursive: true, force: true });
