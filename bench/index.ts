/**
 * `npm run bench`: runs every bench module and prints its figures. Benchmarks measure; they never
 * assert (timed assertions flake on a busy machine). Compare figures as ratios within one run.
 *
 *   npm run bench                 all
 *   npm run bench -- collector    only modules whose name contains "collector"
 *   npm run bench -- ui           the module named exactly "ui" (not "tui")
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Figures = Record<string, number | string>;
const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
// A name that is a whole module picks that module only (`ui` is not also `tui`); else a substring.
const picks = (o: string) => (f: string) => (all.includes(`${o}.bench.ts`) ? f === `${o}.bench.ts` : f.includes(o));
const files = all.filter((f) => only.length === 0 || only.some((o) => picks(o)(f))).sort();

const results: Record<string, Figures | { error: string }> = {};
for (const f of files) {
  const name = f.replace(/\.bench\.ts$/, '');
  process.stderr.write(`▶ ${name}\n`);
  try {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { run: () => Promise<Figures> };
    const figures = await mod.run();
    results[name] = figures;
    for (const [k, v] of Object.entries(figures))
      console.log(`${name.padEnd(12)} ${k.padEnd(48)} ${typeof v === 'number' ? round(v) : v}`);
  } catch (e) {
    results[name] = { error: e instanceof Error ? e.message : String(e) };
    console.log(`${name.padEnd(12)} ERROR ${(results[name] as { error: string }).error}`);
  }
}
fs.mkdirSync('reports', { recursive: true });
fs.writeFileSync('reports/bench.json', JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
console.error('figures written to reports/bench.json');

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}
