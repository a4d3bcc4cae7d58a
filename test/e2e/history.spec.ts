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
  };
}

/** A week of 10-minute polls: availability follows the hour of day, prices drift. */
function seededHistory(now: number) {
  const store = HistoryStore.open(':memory:');
  const start = now - 7 * 24 * 60 * MIN;
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
  await expect(app.getByTestId('history-timeline')).toContainText('runpod · 1× H100-SXM · US-TX-3 · on-demand');
  expect(await app.getByTestId('history-episode').count()).toBeGreaterThan(10);
  await expect(app.getByTestId('history-heatmap')).toBeVisible();
  await expect(app.getByTestId('history-heatmap').locator('td[title*="% of polls"]').first()).toBeVisible();
  await expect(app.locator('.recharts-surface').first()).toBeVisible();
  await screenshot(app, 'history');

  // A GPU never recorded says so instead of drawing empty charts.
  await app.getByTestId('history-gpu').fill('B200');
  await expect(app.getByTestId('history-view')).toContainText('Not available at any time in this period.');
});

test('History view without a history store explains how history gets recorded', async ({ app }) => {
  await app.getByTestId('tab-history').click();
  await expect(app.getByText('No history yet')).toBeVisible();
});
