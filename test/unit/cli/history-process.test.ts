/**
 * Issue #16 acceptance, as users run it: the built `node bin/cloudtop.js watch` polls `cloudtop
 * sim` (RunPod's simulator churns stock levels every second) long enough for GPUs to appear and
 * disappear; then `cloudtop history --gpu <one of them> -o json` shows its episodes with start,
 * end and duration, the table mode shows the heatmap, and `cloudtop offers` shows LAST SEEN.
 * Needs the CLI bundle (`node scripts/build-cli.mjs`; `npm test` builds it first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../../src/core/secrets/types';
import fs from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { HISTORY_FILE_NAME, HistoryStore, observeOffers } from '../../../src/core/history';
import { SETTINGS_FILE_NAME } from '../../../src/core/settings/file-settings-store';
import { DAY_MS } from '../../../src/shared/history/schema';
import { makeOffer } from '../../helpers/fake-core';
import type { ProviderId } from '../../../src/shared/model';
import { useTmpDirs } from '../../helpers/tmp-dirs';

const run = promisify(execFile);
const tmp = useTmpDirs('cloudtop-history-cli-');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const WATCH_SECONDS = 18;

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, ['bin/cloudtop.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err };
}

async function until<T>(fn: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface SimJson {
  simulators: Array<{ provider: ProviderId; baseUrl: string; credentials: Record<string, string> }>;
}

describe('cloudtop history against the simulators (built CLI, real processes)', () => {
  it('records while watching, then shows episodes with start, end and duration', async () => {
    const home = tmp();
    const baseEnv = { ...process.env, CLOUDTOP_HOME: home, NO_COLOR: '1', XDG_CONFIG_HOME: path.join(home, 'xdg') };
    const sim = start(['sim', '-p', 'runpod', '--churn', '1', '--seed', '7', '-o', 'json'], baseEnv);
    const sims = await until(() => {
      try {
        return JSON.parse(sim.out()) as SimJson;
      } catch {
        return undefined;
      }
    }, 'the simulator URLs');
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const s of sims.simulators) {
      env[`CLOUDTOP_${s.provider.toUpperCase()}_BASE_URL`] = s.baseUrl;
      for (const [field, value] of Object.entries(s.credentials))
        env[secretEnvName({ provider: s.provider, profile: 'default', field })] = value;
    }

    // Retention comes from the settings file (the window's Settings view writes the same section):
    // a record from 30 days ago, hourly history kept 7 days; the watch's first poll prunes it.
    fs.writeFileSync(
      path.join(home, SETTINGS_FILE_NAME),
      JSON.stringify({ schemaVersion: 1, history: { rawDays: 2, hourlyDays: 7, maxMB: 150 } }),
    );
    const old = HistoryStore.open(path.join(home, HISTORY_FILE_NAME));
    old.recordPoll(
      'lambda',
      Date.now() - 30 * DAY_MS,
      observeOffers([
        makeOffer(1, { provider: 'lambda', model: 'A100-80GB', count: 1, perGpuHour: 1.5, region: 'us-east-1' }),
      ]),
    );
    old.close();

    const watch = start(['watch', '-p', 'runpod', '--interval', '1s', '--gpu', 'nvidia'], env);
    await new Promise((r) => setTimeout(r, WATCH_SECONDS * 1000));
    watch.child.kill('SIGINT');
    await new Promise((r) => watch.child.once('exit', r));
    expect(watch.err()).not.toMatch(/history/i);
    const db = new DatabaseSync(path.join(home, HISTORY_FILE_NAME), { readOnly: true });
    const oldest = db.prepare('SELECT min(hour) AS h FROM hourly').get() as { h: number };
    expect(oldest.h * 3_600_000).toBeGreaterThan(Date.now() - 8 * DAY_MS);
    expect(db.prepare("SELECT count(*) AS n FROM polls WHERE provider = 'lambda'").get()).toEqual({ n: 0 });
    db.close();

    const all = JSON.parse(
      (await run(process.execPath, ['bin/cloudtop.js', 'history', '--gpu', 'nvidia', '-o', 'json'], { env })).stdout,
    ) as {
      recording: boolean;
      episodes: Array<{ model: string; start: string; end: string | null; durationMs: number }>;
    };
    expect(all.recording).toBe(true);
    // A GPU that appeared and disappeared while we watched.
    const closed = all.episodes.find((e) => e.end !== null && e.durationMs > 0);
    expect(closed, `no closed episode in ${JSON.stringify(all.episodes.slice(0, 5))}`).toBeDefined();
    const model = closed!.model;

    const one = JSON.parse(
      (
        await run(
          process.execPath,
          ['bin/cloudtop.js', 'history', '--gpu', `=${model}`, '-p', 'runpod', '-o', 'json'],
          { env },
        )
      ).stdout,
    ) as {
      from: string;
      observedFrom: string | null;
      episodes: Array<{
        provider: string;
        model: string;
        count: number;
        region: string;
        start: string;
        end: string | null;
        durationMs: number;
      }>;
      summary: { count: number; medianMs: number | null };
      heatmap: { cells: Array<Array<number | null>> };
      prices: Array<{ provider: string; p50: number }>;
      facets: { providers: string[]; counts: number[]; regions: string[] };
    };
    expect(one.episodes.length).toBeGreaterThan(0);
    for (const e of one.episodes) {
      expect(e).toMatchObject({ provider: 'runpod', model });
      expect(Date.parse(e.start)).toBeGreaterThan(Date.now() - 10 * 60_000);
      if (e.end !== null) expect(e.durationMs).toBe(Date.parse(e.end) - Date.parse(e.start));
    }
    expect(one.summary.medianMs).not.toBeNull();
    // Asked about 30 days, recorded for seconds: the report says where its record starts.
    expect(Date.parse(one.observedFrom!)).toBeGreaterThan(Date.parse(one.from));
    expect(Date.parse(one.observedFrom!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(one.heatmap.cells.flat().some((v) => v !== null)).toBe(true);
    expect(one.prices[0]).toMatchObject({ provider: 'runpod' });
    // What the question could be narrowed by: the counts and regions its episodes were in.
    expect(one.facets.providers).toEqual(['runpod']);
    expect(one.facets.counts).toEqual(expect.arrayContaining([...new Set(one.episodes.map((e) => e.count))]));
    expect(one.facets.regions).toEqual(expect.arrayContaining([...new Set(one.episodes.map((e) => e.region))]));

    const table = (await run(process.execPath, ['bin/cloudtop.js', 'history', '--gpu', `=${model}`], { env })).stdout;
    expect(table).toMatch(/Availability: \d+ episodes?/);
    // …and the table says so, with no daily rate made up from a few seconds.
    expect(table).toMatch(/^Recorded for \d+ s, since \d{4}-\d\d-\d\d \d\d:\d\d: the figures cover that time\.$/m);
    expect(table).not.toMatch(/a day/);
    expect(table).toMatch(/^Mon {2}/m);
    expect(table).toMatch(/Cheapest \$\/GPU-h per day/);

    // Narrowed to a provider that never had it: the answer says what was recorded instead.
    const elsewhere = (
      await run(process.execPath, ['bin/cloudtop.js', 'history', '--gpu', `=${model}`, '-p', 'lambda'], { env })
    ).stdout;
    expect(elsewhere).toContain(`Nothing matching =${model} (lambda) was ever recorded.`);
    // (Counts and regions are those under the narrowing asked for: Lambda has none.)
    expect(elsewhere).toContain(`Recorded for =${model}: --provider runpod.\n`);

    // One-shot offers read the history: unavailable offers show when they were last available.
    const offers = (
      await run(
        process.execPath,
        ['bin/cloudtop.js', 'offers', '-p', 'runpod', '--include-unavailable', '--limit', '1000'],
        { env },
      )
    ).stdout;
    expect(offers).toMatch(/LAST SEEN/);
    expect(offers).toMatch(/ none +\S.* ago /);

    const usage = await run(process.execPath, ['bin/cloudtop.js', 'history'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(usage).toMatchObject({ code: 2 });
    expect((usage as { stderr: string }).stderr).toMatch(/--gpu is required/);

    sim.child.kill('SIGINT');
  }, 120_000);

  it("tells RunPod's secure and community cloud apart: one GPU, one region, two kinds", async () => {
    const home = tmp();
    const store = HistoryStore.open(path.join(home, HISTORY_FILE_NAME));
    const now = Date.now();
    const offer = (cloud: 'secure' | 'community', up: boolean) => ({
      ...makeOffer(cloud === 'secure' ? 1 : 2, { provider: 'runpod', model: 'H100-SXM', count: 1, perGpuHour: 2.5 }),
      region: { id: 'US-TX-3' },
      price: { perHour: 2.5, perGpuHour: 2.5, currency: 'USD', billing: 'on-demand' as const },
      cloud,
      availability: { state: up ? ('available' as const) : ('none' as const) },
    });
    // Secure up all along; community up for the first two polls, then gone.
    for (let k = 0; k < 4; k++)
      store.recordPoll(
        'runpod',
        now - (4 - k) * 10 * 60_000,
        observeOffers([offer('secure', true), offer('community', k < 2)]),
      );
    store.close();
    const env = { ...process.env, CLOUDTOP_HOME: home, NO_COLOR: '1' };
    const table = (await run(process.execPath, ['bin/cloudtop.js', 'history', '--gpu', 'H100'], { env })).stdout;
    const [episodes, gone] = [
      table.slice(table.indexOf('PROVIDER'), table.indexOf('When it is available')),
      table.slice(table.indexOf('Not available now:')),
    ];
    expect(episodes).toMatch(/runpod +H100-SXM +1 +US-TX-3 +on-demand · secure +.* available now/);
    expect(episodes).toMatch(
      /runpod +H100-SXM +1 +US-TX-3 +on-demand · community +[\d-]+ [\d:]+ +[\d-]+ [\d:]+ +10m\n/,
    );
    expect(gone).toMatch(/runpod +H100-SXM +1 +US-TX-3 +on-demand · community +\d+m ago/);
    expect(gone).not.toContain('secure');
  });
});
