/**
 * UI bench (issue #4): the real renderer in Debian's Chromium against `cloudtop serve` holding
 * 10,000 offers. Prints figures, never asserts. Targets from the issue: first render < 300 ms,
 * filter keystroke → repaint < 16 ms, scroll frame < 16 ms, serve RSS < 200 MB, idle CPU < 1 %.
 * Since issue #16 with history loaded (sparklines on the grouped rows; UI_BENCH_HISTORY=0 without),
 * and the History view's long tasks when switching its period over 500 episodes.
 * UI_BENCH_LOADS (15) cold loads for the first-render median; UI_BENCH_PROFILE=1 adds one profiled
 * load and prints where its main thread went (support/profile-first-load.ts); UI_BENCH_COMPARE_DIR=<a
 * build's out/renderer> times that build's cold loads in turn with this one's and prints the ratio;
 * UI_BENCH_COMPARE_SERVER=<that build's serve-fake bundle> serves it, when the wire format changed.
 *
 * The server runs as its own Node process (the FakeCore server, bundled with esbuild) so its RSS and
 * CPU are its own, not this harness's or Playwright's.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from '@playwright/test';
import { BareCdp, loadAndWaitForSignal } from './support/bare-cdp';
import { profileFirstLoad } from './support/profile-first-load';

const OFFERS = Number(process.env.UI_BENCH_OFFERS ?? 10_000);
/** Cold page loads for the first-render figure (median reported). */
const LOADS = Math.max(1, Number(process.env.UI_BENCH_LOADS ?? 15));
/** Budgets from the issues (#4, #16): the figures print PASS / FAIL against them. */
const FIRST_RENDER_BUDGET_MS = 300;
const KEYSTROKE_BUDGET_MS = 16;
const VIEWPORT = { width: 1400, height: 900 };
const WITH_HISTORY = process.env.UI_BENCH_HISTORY !== '0';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Chromium 156 opens the omnibox's WebUI popup (chrome://omnibox-popup.top-chrome, its own
  // renderer running ~500 ms of script) in every new window, which is every fresh browser context
  // here: on a 2-core machine it took a core from the page for the whole load (a trace showed it
  // busy for 650 ms of a 660 ms first load). A user's browser window is already open when they
  // load cloudtop; the bench's headless windows have no omnibox to show.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI',
];

type Figures = Record<string, number | string>;

export async function run(): Promise<Figures> {
  if (!existsSync('out/renderer/index.html')) {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'ignore' });
  }
  const entry = resolve('.tmp/bench/serve-fake.mjs');
  mkdirSync('.tmp/bench', { recursive: true });
  await build({
    entryPoints: ['test/e2e/support/serve-fake.ts'],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });

  // With history (issue #16): the server holds a filled history store, so the grouped rows get
  // their sparklines (history.trends) as a user with history sees them. UI_BENCH_HISTORY=0: without.
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, OFFERS: String(OFFERS), HISTORY: WITH_HISTORY ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // UI_BENCH_COMPARE_DIR=<another build's out/renderer>: the same server serving that build too, its
  // cold loads taken in turn with ours — a before/after as a ratio within one run, which holds on a
  // shared machine where absolute figures move with the other jobs.
  const compareDir = process.env.UI_BENCH_COMPARE_DIR;
  const other = compareDir
    ? spawn(process.execPath, [process.env.UI_BENCH_COMPARE_SERVER ?? entry], {
        env: { ...process.env, OFFERS: String(OFFERS), HISTORY: WITH_HISTORY ? '1' : '0', STATIC_DIR: compareDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : undefined;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ARGS,
  });
  try {
    const url = await firstLine(child);
    const figures: Figures = { offers: OFFERS, 'history loaded (sparklines)': WITH_HISTORY ? 'yes' : 'no' };
    // The machine is shared: the load says how much the wall-clock figures below are worth.
    figures['machine load 1 min at start / cores'] = `${os.loadavg()[0]!.toFixed(2)} / ${os.cpus().length}`;
    figures[HOST_SPEED_START] = hostSpeedMs();

    // First render from a cold page (fresh browser context: empty HTTP and code caches), several
    // times: one load on a 2-core machine varies by ±50 ms, the median does not. Measured over bare
    // CDP, not Playwright (see support/bare-cdp.ts: Playwright's Network domain adds ~60 ms to a
    // page that receives a 5 MB WebSocket frame, which a user's browser does not).
    const cdp = await BareCdp.launch(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ARGS);
    const loads: FirstLoad[] = [];
    const compared: FirstLoad[] = [];
    const otherUrl = other ? await firstLine(other) : undefined;
    try {
      for (let i = 0; i < LOADS; i++) {
        // In turn, so both builds see the same moments of the machine's load.
        if (otherUrl) compared.push(await firstLoad(cdp, otherUrl, false));
        loads.push(await firstLoad(cdp, url));
      }
      if (process.env.UI_BENCH_PROFILE) {
        const lines = await profileFirstLoad(cdp, url, FIRST_ROWS_OBSERVER, 'cloudtop-bench:first-rows ', VIEWPORT);
        console.error(['first load profile (reports/ui-first-load.cpuprofile):', ...lines].join('\n'));
      }
    } finally {
      await cdp.close();
    }
    const median = loads.map((l) => l.t).sort((a, b) => a - b)[Math.floor(LOADS / 2)]!;
    figures[`first render, grouped view, median of ${LOADS} cold loads (ms)`] = median;
    figures[`first render budget ${FIRST_RENDER_BUDGET_MS} ms`] = median <= FIRST_RENDER_BUDGET_MS ? 'PASS' : 'FAIL';
    // In the order taken: a trend (the machine settling, or getting busier) shows here, not in the median.
    figures['first render, each load in order (ms)'] = loads.map((l) => Math.round(l.t)).join(' ');
    for (const [key, label] of Object.entries(FIRST_LOAD_METRICS)) {
      const xs = loads.map((l) => (l.metrics[key] ?? NaN) * 1000).filter((x) => !Number.isNaN(x));
      if (xs.length) figures[`first render, ${label}, median (ms)`] = percentile(xs, 50);
    }
    if (compared.length) {
      const cmp = percentile(
        compared.map((l) => l.t),
        50,
      );
      const cpuOf = (ls: FirstLoad[]) =>
        percentile(
          ls.map((l) => (l.metrics.ThreadTime ?? NaN) * 1000),
          50,
        );
      figures[`compare build (${compareDir}): first render median (ms)`] = cmp;
      figures['compare build: main thread CPU time median (ms)'] = cpuOf(compared);
      figures['this build / compare build, first render median'] = (median / cmp).toFixed(3);
      figures['this build / compare build, main thread CPU time'] = (cpuOf(loads) / cpuOf(compared)).toFixed(3);
    }
    if (WITH_HISTORY) {
      const trends = loads.map((l) => l.trends).filter((t): t is number => t !== undefined);
      if (trends.length < loads.length) throw new Error(`sparklines missing in ${loads.length - trends.length} loads`);
      figures['sparklines painted, median (ms after navigation)'] = percentile(trends, 50);
    }
    figures['first render, fastest / slowest (ms)'] =
      `${Math.min(...loads.map((l) => l.t)).toFixed(0)} / ${Math.max(...loads.map((l) => l.t)).toFixed(0)}`;
    figures['first render timeline, median load (ms)'] = loads.find((l) => l.t === median)!.marks;

    if (process.env.UI_BENCH_ONLY_FIRST) return figures;
    // The interaction figures in Playwright, on one more page.
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(url);
    await page.waitForSelector('[data-group]', { timeout: 60_000 });
    if (WITH_HISTORY) await page.waitForSelector('[data-trend] svg', { timeout: 30_000 });
    figures['grouped rows with a sparkline'] = await page.locator('[data-group] [data-trend] svg').count();
    // Typing in the grouped view, where the sparklines are: each keystroke regroups 10,000 offers.
    const groupedKeys: number[] = [];
    for (let round = 0; round < 3; round++) {
      groupedKeys.push(...(await keystrokes(page, 'H100-S')));
      await clearSearch(page);
    }
    figures[`filter keystroke → repaint, grouped view with sparklines, median of ${groupedKeys.length} (ms)`] =
      percentile(groupedKeys, 50);
    figures['switch to 10,000-row table (ms)'] = await timeToPaint(
      page,
      async () => {
        await page.getByText('All offers').click();
      },
      '[data-offer-row]',
    );

    // The query typed five times (cleared in between), so one slow frame does not move the median.
    // The floor's keystrokes taken in turn with the table's, so both see the same moments of the
    // machine: on this shared 2-core VM the floor alone measured 11 and 16 ms (medians) in busy
    // hours, when the fixed loop below took 400–740 ms.
    await addBareInput(page);
    const keys: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < 5; round++) {
      keys.push(...(await keystrokes(page, 'H100-S')));
      await clearSearch(page);
      bare.push(...(await keystrokes(page, 'H100-S', BARE)));
      await page.locator(BARE.input).fill('');
    }
    await removeBareInput(page);
    const keyMedian = percentile(keys, 50);
    figures[`filter keystroke → repaint, table, median of ${keys.length} (ms)`] = keyMedian;
    figures['filter keystroke → repaint, table, max (ms)'] = Math.max(...keys);
    const floor = percentile(bare, 50);
    figures[`keystroke floor: a bare input on the same page, no app work, median of ${bare.length} (ms)`] = floor;
    figures['filter keystroke, table, above the floor (ms)'] = Math.round((keyMedian - floor) * 10) / 10;
    figures[`filter keystroke budget ${KEYSTROKE_BUDGET_MS} ms (table)`] =
      keyMedian <= KEYSTROKE_BUDGET_MS ? 'PASS' : 'FAIL';
    figures[`filter keystroke budget ${KEYSTROKE_BUDGET_MS} ms (grouped)`] =
      percentile(groupedKeys, 50) <= KEYSTROKE_BUDGET_MS ? 'PASS' : 'FAIL';

    const frames = await scrollFrames(page, 150);
    figures['scroll frame work p95 (ms)'] = percentile(frames.work, 95);
    figures['scroll frame work median (ms)'] = percentile(frames.work, 50);
    figures['scroll frame interval p95 (ms, 16.7 = every vsync)'] = percentile(frames.interval, 95);
    figures['scroll frames dropped (interval > 25 ms)'] = frames.interval.filter((d) => d > 25).length;

    if (WITH_HISTORY) Object.assign(figures, await historyViewFigures(browser, entry));

    // Server figures: RSS with 10,000 offers and a page connected, CPU while nothing happens.
    const pid = child.pid!;
    await page.waitForTimeout(1000);
    figures['serve RSS with 10,000 offers (MB)'] = rssMb(pid);
    const idle = await cpuPercent(pid, 10_000);
    figures['serve idle CPU between polls (%)'] = idle;
    figures['serve RSS after idle (MB)'] = rssMb(pid);
    figures['machine load 1 min at end'] = os.loadavg()[0]!.toFixed(2);
    figures[HOST_SPEED_END] = hostSpeedMs();
    return figures;
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    other?.kill('SIGTERM');
  }
}

/**
 * The History view with a long history: 90 days polled every 30 min, so the H100 report lists its
 * 500 newest episodes (the most it returns). Switching the period re-renders the timeline, the
 * heatmap and the price chart; what that costs the page is the long tasks (main-thread tasks over
 * 50 ms, each a freeze a user can feel) in the 1.5 s after each switch. Its own server process,
 * so the first-render loads above keep their 14-day history.
 */
async function historyViewFigures(browser: Browser, entry: string): Promise<Figures> {
  const server = spawn(process.execPath, [entry], {
    env: { ...process.env, OFFERS: '500', HISTORY: '1', HISTORY_DAYS: '90', HISTORY_STEP_MIN: '30' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(await firstLine(server));
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-gpu').fill('H100');
    await page.getByText('Last 90d', { exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-episode]').length >= 500, null, {
      timeout: 30_000,
    });
    await page.evaluate(() => {
      const w = window as unknown as { __long: number };
      w.__long = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__long += e.duration;
      }).observe({ type: 'longtask' });
    });
    const perSwitch: number[] = [];
    for (const period of ['Last 7d', 'Last 90d', 'Last 30d', 'Last 90d', 'Last 7d', 'Last 90d']) {
      await page.evaluate(() => ((window as unknown as { __long: number }).__long = 0));
      await page.getByText(period, { exact: true }).click();
      await page.waitForTimeout(1500);
      perSwitch.push(await page.evaluate(() => (window as unknown as { __long: number }).__long));
    }
    return {
      // The worst, not the median: a switch whose tasks all stay under 50 ms counts 0 (not a long
      // task), so half the switches can read 0 while the other half freeze the page.
      'History view, 500 episodes: long tasks per period switch, worst (ms)': Math.max(...perSwitch),
      'History view, 500 episodes: long tasks per period switch, each (ms)': perSwitch.map(Math.round).join(' '),
    };
  } finally {
    server.kill('SIGTERM');
  }
}

interface FirstLoad {
  /** Navigation → end of the frame that shows the first offer rows with all offers in. */
  t: number;
  /** The app's performance marks (socket, frame, parse, validate, paint). */
  marks: string;
  /** Navigation → the first sparkline in the document (with history). */
  trends?: number;
  /** Performance.getMetrics once the first rows are up (seconds; see FIRST_LOAD_METRICS). */
  metrics: Record<string, number>;
}

/**
 * The page's own work up to the first rows, from Chromium's counters: CPU time of the renderer's
 * main thread (ThreadTime; what a busy, shared machine cannot inflate by making it wait for a core)
 * and where it went. Printed as medians next to the wall-clock figure.
 */
const FIRST_LOAD_METRICS: Record<string, string> = {
  ThreadTime: 'main thread CPU time',
  ScriptDuration: 'script',
  V8CompileDuration: 'V8 compile',
  RecalcStyleDuration: 'style recalc',
  LayoutDuration: 'layout',
  TaskDuration: 'all tasks (wall)',
};

/**
 * The median load's timeline, in order of time: the browser's part (the page's HTML received, the
 * entry script received, the last of the code preloaded before the entry ran received) among the
 * app's own `cloudtop:` marks. On this shared machine the browser's part alone moved by 50 ms
 * between runs: this says whether a slow figure was ours.
 */
const LOAD_TIMELINE = `(() => {
  const at = (n, t) => [n, t];
  const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('cloudtop:'));
  const start = marks.find((m) => m.name === 'cloudtop:script-start')?.startTime ?? Infinity;
  const js = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
  const entry = js.find((r) => /\\/index-[^/]*\\.js$/.test(r.name));
  const code = js.filter((r) => r.startTime < start).map((r) => r.responseEnd);
  return [
    at('html', performance.getEntriesByType('navigation')[0].responseEnd),
    ...(entry ? [at('entry', entry.responseEnd)] : []),
    ...(code.length ? [at('code', Math.max(...code))] : []),
    ...marks.map((m) => at(m.name.slice(9), m.startTime)),
  ].sort((a, b) => a[1] - b[1]).map(([n, t]) => n + '@' + Math.round(t)).join(' ');
})()`;

/** Loads the page in a fresh context and waits for the first offer rows (see FIRST_ROWS_OBSERVER). */
async function firstLoad(cdp: BareCdp, url: string, sparklines = WITH_HISTORY): Promise<FirstLoad> {
  const load = await loadAndWaitForSignal(cdp, url, FIRST_ROWS_OBSERVER, '__benchFirstRows', VIEWPORT);
  try {
    const first = JSON.parse(load.text) as { t: number; count: string };
    if (!first.count.includes(`${OFFERS.toLocaleString('en-US')} of`))
      throw new Error(`first rows painted before the ${OFFERS} offers were in: "${first.count}"`);
    const marks = (await load.evaluate(LOAD_TIMELINE)) as string;
    // Counters now, at the first rows (not after the sparklines, which come later in idle time).
    const m = await load.metrics();
    let trends: number | undefined;
    for (let i = 0; sparklines && i < 100 && trends === undefined; i++) {
      trends = (await load.evaluate('window.__trendsAt')) as number | undefined;
      if (trends === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    return { t: first.t, marks, trends, metrics: m };
  } finally {
    await load.dispose();
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((ok, fail) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('http'));
      if (line) ok(line.trim());
    });
    child.once('exit', (code) => fail(new Error(`bench server exited (${code})`)));
  });
}

/**
 * Runs in the page before any of its scripts: the first time an offer row (grouped or table) is in
 * the document, reports (console) when the frame that shows it has been rendered, and the offer
 * count then (the figure only counts if all 10,000 offers were in). Also notes when the first
 * sparkline (history) appears, in `window.__trendsAt`.
 */
const FIRST_ROWS_OBSERVER = `(() => {
  new MutationObserver((_, mo) => {
    if (!document.querySelector('[data-trend] svg')) return;
    mo.disconnect();
    window.__trendsAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
  new MutationObserver((_, mo) => {
    if (!document.querySelector('[data-group], [data-offer-row]')) return;
    mo.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        const count = document.querySelector('[data-testid=offer-count]');
        const first = JSON.stringify({ t: performance.now(), count: count ? count.textContent : '' });
        // Polled by loadAndWaitForSignal; the console line is for the profiled load, which has the
        // Runtime domain on anyway (support/profile-first-load.ts).
        window.__benchFirstRows = first;
        console.debug('cloudtop-bench:first-rows ' + first);
      };
      ch.port2.postMessage(0);
    });
  }).observe(document, { childList: true, subtree: true });
})()`;

async function clearSearch(page: Page): Promise<void> {
  await page.locator('#offer-search').fill('');
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=offer-count]')?.textContent?.includes(`${n} of`),
    OFFERS.toLocaleString('en-US'),
  );
}

/** Time from an action to the end of the frame that shows `selector`, measured in the page. */
async function timeToPaint(page: Page, action: () => Promise<void>, selector: string): Promise<number> {
  await page.evaluate(() => {
    (window as unknown as { __t0: number }).__t0 = performance.now();
  });
  await action();
  await page.waitForSelector(selector);
  return page.evaluate(
    () =>
      new Promise<number>((ok) =>
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => ok(performance.now() - (window as unknown as { __t0: number }).__t0);
          ch.port2.postMessage(0);
        }),
      ),
  );
}

/** Where a keystroke goes and the element whose change marks the frame it is measured to. */
interface KeyTarget {
  input: string;
  count: string;
}
const SEARCH: KeyTarget = { input: '#offer-search', count: '[data-testid=offer-count]' };
/**
 * The floor under every keystroke figure: an input of its own on the same page (10,000-row table
 * in view) whose input handler changes one text node, so no app work at all. What it measures is
 * the browser's share: the wait for the next frame (a keystroke lands anywhere in the 16.7 ms
 * between frames, ~8 ms on average) and the frame itself.
 */
const BARE: KeyTarget = { input: '#bench-bare-input', count: '#bench-bare-count' };

async function addBareInput(page: Page): Promise<void> {
  await page.evaluate(
    ([input, count]) => {
      const i = document.createElement('input');
      i.id = input!.slice(1);
      i.style.cssText = 'position:fixed;left:0;bottom:0;z-index:1000;width:120px';
      const c = document.createElement('span');
      c.id = count!.slice(1);
      c.style.cssText = 'position:fixed;left:130px;bottom:0;z-index:1000';
      c.textContent = '0';
      i.addEventListener('input', () => (c.textContent = String(i.value.length)));
      document.body.append(i, c);
    },
    [BARE.input, BARE.count],
  );
}

/** Gone again before the scroll figures: a fixed element over the table would change what a scroll frame paints. */
async function removeBareInput(page: Page): Promise<void> {
  await page.evaluate((ids) => ids.forEach((id) => document.querySelector(id)?.remove()), [BARE.input, BARE.count]);
}

/**
 * Per keystroke: from the keydown event to the end of the frame that shows the re-filtered table
 * (the offer count is rendered from the same filtered list as the rows, in the same commit), measured
 * inside the page.
 */
async function keystrokes(page: Page, text: string, target: KeyTarget = SEARCH): Promise<number[]> {
  await page.locator(target.input).focus();
  await page.evaluate((countSelector) => {
    const w = window as unknown as {
      __keys: number[];
      __k0?: number;
      __keydown?: boolean;
      __observer?: MutationObserver;
    };
    w.__keys = [];
    if (!w.__keydown) {
      w.__keydown = true;
      document.addEventListener('keydown', (e) => (w.__k0 = e.timeStamp), { capture: true });
    }
    w.__observer?.disconnect();
    w.__observer = new MutationObserver(() => {
      const t0 = w.__k0;
      if (t0 === undefined) return;
      w.__k0 = undefined;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__keys.push(performance.now() - t0);
        ch.port2.postMessage(0);
      });
    });
    w.__observer.observe(document.querySelector(countSelector)!, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  }, target.count);
  for (const ch of text) {
    const before = await page.evaluate(() => (window as unknown as { __keys: number[] }).__keys.length);
    await page.keyboard.press(ch === '-' ? 'Minus' : ch);
    await page
      // A keystroke that leaves the count as it was (H10 → H100) repaints nothing to observe.
      .waitForFunction((n) => (window as unknown as { __keys: number[] }).__keys.length > n, before, {
        timeout: 2_000,
      })
      .catch(() => undefined);
    await page.waitForTimeout(100);
  }
  return page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
}

/**
 * Scrolls the table 240 px (six rows) per frame, `n` frames. Per frame it records
 * - work: from the frame's start (the rAF timestamp, taken before the frame dispatches the scroll
 *   event the previous frame's scrollTop change caused) to the end of the frame's main-thread work
 *   (scroll handler, the virtualiser's re-render, style, layout, paint): the figure the 16 ms budget
 *   is about;
 * - interval: time between frame starts. The display runs at 60 Hz, so this is 16.7 ms at best and
 *   cannot show anything below the budget; it shows dropped frames (33 ms and up) instead.
 */
async function scrollFrames(page: Page, n: number): Promise<{ work: number[]; interval: number[] }> {
  return page.evaluate(
    (count) =>
      new Promise<{ work: number[]; interval: number[] }>((ok) => {
        const el = document.querySelector<HTMLElement>('[data-testid=offers-scroll]')!;
        const work: number[] = [];
        const interval: number[] = [];
        const ch = new MessageChannel();
        let last = 0;
        let i = 0;
        ch.port1.onmessage = (e: MessageEvent<{ start: number; done: boolean }>) => {
          work.push(performance.now() - e.data.start);
          if (e.data.done) ok({ work: work.slice(2), interval: interval.slice(2) });
        };
        const step = (t: number) => {
          if (last) interval.push(t - last);
          last = t;
          const done = i++ >= count;
          if (!done) {
            el.scrollTop += 240;
            requestAnimationFrame(step);
          }
          ch.port2.postMessage({ start: t, done });
        };
        requestAnimationFrame(step);
      }),
    n,
  );
}

const HOST_SPEED_START = 'host speed at start: a fixed loop (ms, lower is faster)';
const HOST_SPEED_END = 'host speed at end: the same loop (ms)';

/**
 * How fast this machine runs right now: the same CPU-bound loop every time. On the shared 2-core
 * VM the same loop has taken 1.1 s and 1.8 s a few seconds apart, with no load of ours: figures
 * from runs whose loop times differ that much are not comparable, and a ratio within one run
 * (UI_BENCH_COMPARE_DIR) is the way to judge a change.
 */
function hostSpeedMs(): number {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 100_000_000; i++) x += i % 7;
  if (x < 0) throw new Error('unreachable');
  return performance.now() - t;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** utime+stime of a process over a window, as % of one core. */
async function cpuPercent(pid: number, ms: number): Promise<number> {
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  };
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const a = ticks();
  await new Promise((r) => setTimeout(r, ms));
  return ((ticks() - a) / hz / (ms / 1000)) * 100;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const figures = await run();
  for (const [k, v] of Object.entries(figures))
    console.log(`${k.padEnd(52)} ${typeof v === 'number' ? v.toFixed(1) : v}`);
}
