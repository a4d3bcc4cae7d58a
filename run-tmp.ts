import { startSimulators } from './src/sim/launch';
import { spawnSync } from 'node:child_process';
const fleet = await startSimulators({ providers: ['cloudflare', 'neon'] });
const env: Record<string, string> = { ...process.env as Record<string,string>, ...fleet.env, CLOUDTOP_FROM_SOURCE: '1', XDG_CONFIG_HOME: '/tmp/cfdbg/xdg', CLOUDTOP_CLOUDFLARE_API_TOKEN: fleet.credentials.cloudflare!.apiToken!, CLOUDTOP_NEON_API_KEY: fleet.credentials.neon!.apiKey! };
const r = spawnSync('node', ['bin/cloudtop.js', 'resources', '--output', 'json'], { env, encoding: 'utf8', timeout: 90_000 });
console.log('status', r.status, (r.stderr || '').slice(0, 1500));
try { const j = JSON.parse(r.stdout); const list = Array.isArray(j) ? j : j.resources; console.log(list.length, list.slice(0,2).map((x: any) => JSON.stringify(x).slice(0, 400))); const kinds: Record<string, number> = {}; for (const x of list) kinds[x.provider + ':' + x.kind] = (kinds[x.provider + ':' + x.kind] ?? 0) + 1; console.log(kinds); console.log(list.filter((x: any) => x.metrics?.length).length, 'with metrics'); } catch (e) { console.log(r.stdout.slice(0, 2000)); }
await fleet.close();
