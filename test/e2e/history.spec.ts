/**
 * The History view (issue #16) in a real browser over `cloudtop serve`: the FakeCore carries a real
 * in-memory history store filled with a week of polls (RunPod and Vast.ai H100 kinds coming and
 * going), so the real queries, the `history.report` channel over the WebSocket and the real
 * renderer are what is tested. Screenshot in test-results/screenshots/history.png.
 */
import { HistoryStore, historyFromStore, observeOffers } from '../../src/core/history';
import type { GpuOffer } from '../../src/shared/model';
import { makeOffer } from './support/serve-fake';
import { expect, screenshot, test } from './support/fixtures';
import { seedCoreHistory, seedHistory } from './support/seed-history';

const MIN = 60_000;

function kind(i: number, o: { provider: GpuOffer['provider']; region: string; price: number; up: boolean }): GpuOffer {
  const base = makeOffer(i, {
    provider: o.provider,
    model: 'H100-SXM',
    count: 1,
    perGpuHour: o.price,
    region: 'US-TX-3',
  });
  return {
    ...base,
    region: { id: o.region },
    price: { ...base.price, billing: 'on-demand' },
    availability: { state: o.up ? 'available' : 'none' },
    // A RunPod offer always names its cloud (secure or community); these Vast.ai ones name none, as
    // a Vast.ai offer without a hosting_type does.
    cloud: o.provider === 'runpod' ? 'secure' : undefined,
  };
}

/** A week (or `minutes`) of 10-minute polls: availability follows the hour of day, prices drift. */
function seededHistory(now: number, minutes = 7 * 24 * 60) {
  const store = HistoryStore.open(':memory:');
  const start = now - minutes * MIN;
  for (let t = start, n = 0; t <= now; t += 10 * MIN, n++) {
    const hour = new Date(t).getUTCHours();
    const drift = 1 + 0.1 * Math.sin(n / 40);
    store.recordPoll(
      'runpod',
      t,
      observeOffers([
        kind(1, { provider: 'runpod', region: 'US-TX-3', price: 2.4 * drift, up: hour >= 1 && hour < 7 }),
        kind(2, { provider: 'runpod', region: 'EU-RO-1', price: 2.6 * drift, up: n % 9 < 4 }),
      ]),
    );
    store.recordPoll(
      'vastai',
      t,
      observeOffers([kind(3, { provider: 'vastai', region: 'US', price: 1.9 * drift, up: hour >= 13 && hour < 20 })]),
    );
  }
  return historyFromStore(store, { now: () => now });
}

test('History view: timeline, heatmap and price chart from recorded history', async ({ app, serve }) => {
  serve.core.history = seededHistory(Date.now());
  await app.getByTestId('tab-history').click();
  await expect(app.getByTestId('history-view')).toBeVisible();
  await app.getByTestId('history-gpu').fill('H100');
  await expect(app.getByTestId('history-summary')).toContainText(/\d+ episodes/);
  await expect(app.getByTestId('history-summary')).toContainText(/usually stays/);
  // A week recorded, 30 days asked about: the rate is per day recorded, and the summary says how long that is.
  await expect(app.getByTestId('history-summary')).toContainText(/\d a day/);
  await expect(app.getByTestId('history-recorded')).toHaveText('recorded for 7 d');
  // Providers by their names, as everywhere else in the window.
  await expect(app.getByTestId('history-timeline')).toContainText(
    'RunPod · 1× H100-SXM · US-TX-3 · on-demand · secure',
  );
  await expect(app.getByTestId('history-timeline')).not.toContainText('runpod');
  expect(await app.getByTestId('history-episode').count()).toBeGreaterThan(10);
  // Hovering a bar says when that episode was and how long it stayed.
  const bar = app.getByTestId('history-episode').first();
  await bar.hover();
  await expect(app.getByRole('tooltip')).toHaveText((await bar.getAttribute('aria-label'))!);
  await expect(app.getByRole('tooltip')).toHaveText(
    /^\w{3} \d{1,2}, .+ – (.+|now) \((\d+ (s|min|h|d)( \d+ min)?|one poll)\)$/,
  );
  // The timeline spans the recorded week, its days marked under it, each at a local midnight.
  const ticks = app.getByTestId('history-axis').locator('[data-tick]');
  await expect(ticks).toHaveCount(7);
  for (const text of await ticks.allTextContents()) expect(text).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
  await expect(app.getByTestId('history-heatmap')).toBeVisible();
  await expect(app.getByTestId('history-heatmap').locator('td[title*="% of polls"]').first()).toBeVisible();
  await expect(app.getByTestId('history-heatmap-legend')).toContainText('never');
  await expect(app.getByTestId('history-heatmap-legend')).toContainText('every poll');
  // The price chart: the p95 … min band with its three lines; hovering says a day's figures.
  const chart = app.getByTestId('history-price-chart');
  // Its label says what it shows, for a screen reader.
  await expect(
    chart.getByRole('img', {
      name: /^Daily cheapest price for H100 on (RunPod|Vast\.ai): median \$[\d.]+ on \w{3} \d{1,2}, \$[\d.]+ on \w{3} \d{1,2}; lowest \$[\d.]+ on \w{3} \d{1,2}$/,
    }),
  ).toBeVisible();
  for (const series of ['p95', 'p50', 'min'])
    expect(await chart.locator(`path[data-series="${series}"]`).getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+L/);
  await expect(chart.locator('figcaption')).toHaveText(/p95\s*median\s*min/);
  await chart.getByRole('img').hover();
  await expect(chart.getByRole('tooltip')).toHaveText(/^[A-Z][a-z]{2} \d{1,2}p95 \$[\d.]+median \$[\d.]+min \$[\d.]+$/);
  // The keyboard steps through the days too, and each day is read out.
  await app.mouse.move(0, 0);
  await expect(chart.getByRole('tooltip')).toHaveCount(0);
  const days = chart.getByRole('group', { name: /arrow keys step through the days/ });
  await days.focus();
  await app.keyboard.press('Home');
  const firstDay = await chart.getByRole('tooltip').locator('strong').textContent();
  await app.keyboard.press('ArrowRight');
  await expect(chart.getByRole('tooltip').locator('strong')).not.toHaveText(firstDay!);
  await app.keyboard.press('End');
  await expect(chart.locator('[aria-live="polite"]')).toHaveText(
    /^[A-Z][a-z]{2} \d{1,2}: p95 \$[\d.]+, median \$[\d.]+, min \$[\d.]+$/,
  );
  await days.blur();
  await expect(app.getByRole('combobox', { name: 'Price chart provider' })).toHaveValue(/^(RunPod|Vast\.ai)$/);
  await screenshot(app, 'history');

  // A GPU never recorded says so instead of drawing empty charts.
  await app.getByTestId('history-gpu').fill('B200');
  await expect(app.getByTestId('history-view')).toContainText('Not available at any time in this period.');
  await expect(app.getByTestId('history-unknown-gpu')).toHaveCount(0);
  // A name no GPU has (a typo) says which GPUs it may mean, and one click asks about that one.
  await app.getByTestId('history-gpu').fill('H1OO');
  const unknown = app.getByTestId('history-unknown-gpu');
  await expect(unknown).toContainText('No GPU cloudtop knows is called “H1OO”');
  await unknown.getByRole('button', { name: 'H100' }).click();
  await expect(app.getByTestId('history-gpu')).toHaveValue('H100');
  await expect(app.getByTestId('history-summary')).toContainText(/\d+ episodes/);
  await expect(unknown).toHaveCount(0);
});

test('History view narrowed to a provider and a region, as `cloudtop history -p … --region …`', async ({
  app,
  serve,
}) => {
  serve.core.history = seededHistory(Date.now());
  await app.getByTestId('tab-history').click();
  await app.getByTestId('history-gpu').fill('H100');
  const timeline = app.getByTestId('history-timeline');
  await expect(timeline).toContainText('Vast.ai · 1× H100-SXM · US · on-demand');
  // The providers offered are those that recorded H100, by name.
  const provider = app.getByRole('combobox', { name: 'Provider', exact: true });
  await provider.click();
  await expect(provider).toHaveValue('Any provider');
  await expect(app.getByRole('option')).toHaveText(['Any provider', 'RunPod', 'Vast.ai']);
  await app.getByRole('option', { name: 'RunPod' }).click();
  await expect(timeline).not.toContainText('Vast.ai');
  await expect(timeline).toContainText('RunPod · 1× H100-SXM · EU-RO-1');
  // One provider's prices: the price chart needs no provider of its own.
  await expect(app.getByRole('combobox', { name: 'Price chart provider' })).toHaveCount(0);
  // RunPod's regions only (not Vast.ai's "US").
  const region = app.getByRole('combobox', { name: 'Region' });
  await region.click();
  await expect(app.getByRole('option')).toHaveText(['Any region', 'EU-RO-1', 'US-TX-3']);
  await app.getByRole('option', { name: 'US-TX-3' }).click();
  await expect(timeline).not.toContainText('EU-RO-1');
  await expect(timeline).toContainText('RunPod · 1× H100-SXM · US-TX-3 · on-demand · secure');
  // The heatmap answers the narrowed question: US-TX-3 is up from 01:00 to 07:00 UTC only.
  const hours = await app
    .getByTestId('history-heatmap')
    .locator('td[title*="% of polls"]')
    .evaluateAll((cells) => cells.filter((c) => !c.getAttribute('title')!.endsWith(' 0 % of polls')).length);
  expect(hours).toBe(7 * 6);
  // GPUs per offer: what was recorded there.
  await app.getByRole('combobox', { name: 'GPUs per offer' }).click();
  await expect(app.getByRole('option')).toHaveText(['Any count', '1×']);
  await app.keyboard.press('Escape');
  await screenshot(app, 'history-narrowed');
  // "Any" lifts a narrowing, from the keyboard too: the question is about every provider again.
  await provider.focus();
  await app.keyboard.press('ArrowDown');
  await expect(app.getByRole('option', { name: 'RunPod' })).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('ArrowUp');
  await app.keyboard.press('Enter');
  await expect(provider).toHaveValue('Any provider');
  await region.click();
  await region.fill('');
  await app.getByRole('option', { name: 'Any region' }).click();
  await expect(timeline).toContainText('Vast.ai · 1× H100-SXM · US · on-demand');
});

test('History view with more kinds than the timeline shows says how many, and narrowing finds the rest', async ({
  app,
  serve,
}) => {
  const now = Date.now();
  const store = HistoryStore.open(':memory:');
  const regions = Array.from({ length: 15 }, (_, i) => `R-${String(i + 1).padStart(2, '0')}`);
  for (const t of [now - 60 * MIN, now - 30 * MIN])
    store.recordPoll(
      'runpod',
      t,
      observeOffers(regions.map((r, i) => kind(i + 1, { provider: 'runpod', region: r, price: 2, up: true }))),
    );
  serve.core.history = historyFromStore(store, { now: () => now });
  await app.getByTestId('tab-history').click();
  await app.getByTestId('history-gpu').fill('H100');
  const timeline = app.getByTestId('history-timeline');
  await expect(timeline.getByText(/^RunPod · 1× H100-SXM · R-\d\d · on-demand · secure$/)).toHaveCount(12);
  await expect(app.getByTestId('history-timeline-more')).toHaveText(
    'Showing 12 of 15 kinds, those seen most recently: narrow by provider, GPUs per offer or region to see the others.',
  );
  await app.getByRole('combobox', { name: 'Region' }).fill('R-1');
  await app.getByRole('option', { name: 'R-15' }).click();
  await expect(timeline.getByText(/^RunPod · /)).toHaveText(['RunPod · 1× H100-SXM · R-15 · on-demand · secure']);
  await expect(app.getByTestId('history-timeline-more')).toHaveCount(0);
});

test('History view lists what is not available now, the most recently seen first', async ({ app, serve }) => {
  const now = Date.now();
  const store = HistoryStore.open(':memory:');
  // Four hours of 10-minute polls: US-TX-3 up all along, EU-RO-1 until 3 hours ago, US-CA-2 listed but never up.
  for (let t = now - 4 * 60 * MIN; t <= now; t += 10 * MIN)
    store.recordPoll(
      'runpod',
      t,
      observeOffers([
        kind(1, { provider: 'runpod', region: 'US-TX-3', price: 2, up: true }),
        kind(2, { provider: 'runpod', region: 'EU-RO-1', price: 2, up: t <= now - 3 * 60 * MIN }),
        kind(3, { provider: 'runpod', region: 'US-CA-2', price: 2, up: false }),
      ]),
    );
  serve.core.history = historyFromStore(store, { now: () => now });
  await app.getByTestId('tab-history').click();
  await app.getByTestId('history-gpu').fill('H100');
  const gone = app.getByTestId('history-gone');
  await expect(gone.getByRole('row')).toHaveText([
    'Offer kindLast available',
    /^RunPod · 1× H100-SXM · EU-RO-1 · on-demand · secure(2 h|3 h) ago$/,
    'RunPod · 1× H100-SXM · US-CA-2 · on-demand · securenever available',
  ]);
  await expect(gone).not.toContainText('US-TX-3');
  await expect(app.getByTestId('history-summary')).toContainText('1 of 3 kinds available now');
});

test("History view keeps RunPod's secure and community cloud apart: one GPU, one region, two rows", async ({
  app,
  serve,
}) => {
  const now = Date.now();
  const store = HistoryStore.open(':memory:');
  const tier = (cloud: 'secure' | 'community', up: boolean): GpuOffer => ({
    ...kind(cloud === 'secure' ? 1 : 2, { provider: 'runpod', region: 'US-TX-3', price: 2, up }),
    cloud,
  });
  // Secure up all along; community up for the first hour only.
  for (let t = now - 2 * 60 * MIN; t <= now; t += 10 * MIN)
    store.recordPoll('runpod', t, observeOffers([tier('secure', true), tier('community', t < now - 60 * MIN)]));
  serve.core.history = historyFromStore(store, { now: () => now });
  await app.getByTestId('tab-history').click();
  await app.getByTestId('history-gpu').fill('H100');
  const timeline = app.getByTestId('history-timeline');
  await expect(timeline.getByText(/^RunPod · /)).toHaveText([
    'RunPod · 1× H100-SXM · US-TX-3 · on-demand · secure',
    'RunPod · 1× H100-SXM · US-TX-3 · on-demand · community',
  ]);
  await expect(app.getByTestId('history-gone').getByRole('row')).toHaveText([
    'Offer kindLast available',
    /^RunPod · 1× H100-SXM · US-TX-3 · on-demand · community1 h ago$/,
  ]);
  await expect(app.getByTestId('history-summary')).toContainText('1 of 2 kinds available now');
});

test('History view on a record hours old: the timeline spans those hours, marked by the clock', async ({
  app,
  serve,
}) => {
  serve.core.history = seededHistory(Date.now(), 150);
  await app.getByTestId('tab-history').click();
  await app.getByTestId('history-gpu').fill('H100');
  await expect(app.getByTestId('history-recorded')).toHaveText('recorded for 2 h 30 min');
  // No daily rate made up from two and a half hours.
  await expect(app.getByTestId('history-summary')).not.toContainText('a day');
  const ticks = app.getByTestId('history-axis').locator('[data-tick]');
  await expect(ticks.first()).toBeVisible();
  // Every half hour, on the local clock (midnight named by its day).
  for (const text of await ticks.allTextContents())
    expect(text).toMatch(/^(\d{1,2}:[03]0( [AP]M)?|[A-Z][a-z]{2} \d{1,2})$/);
  expect(await ticks.count()).toBeGreaterThanOrEqual(4);
  // The bars are placed on those hours: the earliest starts at the left edge, not a 30-day axis's last sliver.
  const left = await app
    .getByTestId('history-episode')
    .evaluateAll((bars) => Math.min(...bars.map((b) => parseFloat((b as HTMLElement).style.left))));
  expect(left).toBeLessThan(10);
  // The price chart of a lone day marks its figures with dots (its lines are mere strokes); a
  // record that crossed midnight has two days in a row, joined by lines instead.
  const chart = app.getByTestId('history-price-chart');
  await expect(chart).toBeVisible();
  const days = await chart
    .getByRole('group')
    .evaluate((plot) => plot.parentElement!.nextElementSibling!.childElementCount);
  await expect(chart.locator('[data-alone]')).toHaveCount(days === 1 ? 3 : 0);
});

test('History view without a history store explains how history gets recorded', async ({ app }) => {
  await app.getByTestId('tab-history').click();
  await expect(app.getByText('No history yet')).toBeVisible();
});

test('Offers rows: a 14-day price sparkline per GPU model, and hovering says last seen / usually stays', async ({
  app,
  serve,
}) => {
  const models = seedCoreHistory(serve.core);
  await app.reload();
  const grouped = app.getByTestId('offers-grouped');
  await expect(grouped.getByRole('columnheader', { name: '14-day trend' })).toBeVisible();
  // Every model row has its sparkline, drawn from the recorded daily prices.
  for (const model of models) {
    const spark = grouped.locator(`[data-group="${model}"] [data-trend="${model}"] svg path`);
    await expect(spark).toHaveAttribute('d', /^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){5,}$/);
  }
  // With the trend column taking its room, model names and headings still stay on one line
  // ("A100-80GB", not "A100-" over "80GB"; "Cheapest $/GPU-h", not an "h" alone).
  const lines = await grouped.evaluate((table) =>
    [...table.querySelectorAll('th, [data-group] td:first-child p:first-child')].map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return { text: el.textContent, lines: tops.size };
    }),
  );
  expect(lines.filter((l) => l.lines > 1)).toEqual([]);
  expect(lines.map((l) => l.text)).toEqual(expect.arrayContaining(['A100-80GB', 'Cheapest $/GPU-h']));
  // A 1024 px window with the filters open: the provider list gives way, the actions stay in view.
  await expect(grouped.getByRole('columnheader', { name: 'Providers' })).toBeVisible();
  await app.setViewportSize({ width: 1024, height: 800 });
  await expect(grouped.getByRole('columnheader', { name: 'Providers' })).toBeHidden();
  const fit = await grouped.evaluate((table) => ({
    table: table.getBoundingClientRect().right,
    frame: table.parentElement!.getBoundingClientRect().right,
  }));
  expect(fit.table).toBeLessThanOrEqual(fit.frame + 0.5);
  const watch = (await grouped
    .getByRole('button', { name: /^Watch / })
    .first()
    .boundingBox())!;
  expect(watch.x + watch.width).toBeLessThanOrEqual(1024);
  await screenshot(app, 'offers-grouped-1024');
  await app.setViewportSize({ width: 1400, height: 900 });
  await expect(grouped.getByRole('columnheader', { name: 'Providers' })).toBeVisible();
  // The last model of the list went away six hours ago (seed-history.ts): hovering says so.
  const gone = models.at(-1)!;
  await grouped.locator(`[data-trend="${gone}"]`).hover();
  const tip = app.getByRole('tooltip');
  await expect(tip).toContainText(/p50 \$[\d.]+\/GPU·h → \$[\d.]+\/GPU·h over 14 days/);
  await expect(tip).toContainText(/last seen \d+ h ago · usually stays \d+ h( \d+ min)? \(\d+ times last week\)/);
  await expect(grouped.locator(`[data-trend="${gone}"] svg`)).toHaveAttribute(
    'aria-label',
    /last seen .* usually stays/,
  );
  await screenshot(app, 'offers-trends');
});

test('Offers rows on a record three days old: the trend says over how many days it runs', async ({ app, serve }) => {
  const models = seedCoreHistory(serve.core, { days: 2.5 });
  await app.reload();
  const model = models[0]!;
  await expect(app.locator(`[data-trend="${model}"] svg`)).toBeVisible();
  await app.locator(`[data-trend="${model}"]`).hover();
  // Two and a half days back from now touch three calendar days (four, if the seed began just before a midnight).
  await expect(app.getByRole('tooltip')).toContainText(/p50 \$[\d.]+\/GPU·h → \$[\d.]+\/GPU·h over [34] days/);
});

test('a sparkline opens the History view on its model, and the question survives switching views', async ({
  app,
  serve,
}) => {
  const models = seedCoreHistory(serve.core);
  await app.reload();
  const model = models[0]!;
  // A button around the sparkline, named by what it shows and where it leads.
  const link = app.getByRole('button', { name: new RegExp(`^${model}: p50 .*\\. Show its history$`) });
  await link.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('history-view')).toBeVisible();
  await expect(app.getByTestId('history-gpu')).toHaveValue(model);
  await expect(app.getByTestId('history-timeline')).toContainText(`× ${model} ·`);
  // Another period and view, then back: the same question, answered at once from the last answer.
  await app.getByText('Last 7d').click();
  await app.getByTestId('tab-offers').click();
  await app.getByTestId('tab-history').click();
  await expect(app.getByTestId('history-gpu')).toHaveValue(model);
  await expect(app.getByRole('radio', { name: 'Last 7d' })).toBeChecked();
  await expect(app.getByTestId('history-summary')).toBeVisible();
});

test('a browser notification carries the line of history', async ({ app, serve, context }) => {
  await context.grantPermissions(['notifications']);
  serve.core.history = seedHistory({ now: Date.now(), models: ['H200'], providers: ['runpod'] });
  serve.core.watches.save({
    name: 'Any H200',
    enabled: true,
    filter: { gpu: ['H200'], maxPricePerGpuHour: 0.5 },
    notify: { onAppear: true, onPriceDrop: false, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
  });
  await app.reload();
  await app.getByTestId('tab-watches').click();
  await expect(app.getByTestId('notifications-on')).toBeVisible();
  serve.core.addOffers([
    {
      ...makeOffer(70_001, { model: 'H200', perGpuHour: 0.45, provider: 'runpod', count: 1 }),
      availability: { state: 'available' },
    },
  ]);
  await expect
    .poll(() => app.evaluate(() => (window as unknown as { __notifications: { body?: string }[] }).__notifications))
    .toEqual([
      expect.objectContaining({
        body: expect.stringMatching(
          /^1× H200 \$0\.450\/GPU·h on RunPod \(.*\)\nstayed \d+ h( \d+ min)? on average last week \(\d+ times\)$/,
        ),
      }),
    ]);
});
