/**
 * Against the real `cloudtop serve --demo`: the CLI, createCore, the providers and the simulators,
 * end to end. (The other specs use an in-memory core so they can script exact situations.)
 */
import { test as base, expect } from '@playwright/test';
import { serveDemo, type DemoServe } from './support/serve-demo';
import { screenshot } from './support/fixtures';

const test = base.extend<object, { demo: DemoServe }>({
  demo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
    async ({}, use) => {
      const d = await serveDemo();
      await use(d);
      await d.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});

test('npm run demo: the printed URL shows live offers and resources with a Demo badge', async ({ page, demo }) => {
  const received: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
  await page.goto(demo.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.getByTestId('offer-count')).toContainText(/[1-9][\d,]* of [\d,]+ offers/, { timeout: 30_000 });
  await screenshot(page, 'demo-offers');

  const versionOf = (f: string) => {
    const m =
      /^\{"type":"event","channel":"snapshot(?:\.diff)?","payload":\{"(?:version|fromVersion)":(\d+)(?:,"toVersion":(\d+))?/.exec(
        f,
      );
    return m ? Number(m[2] ?? m[1]) : -1;
  };
  const latest = () => Math.max(-1, ...received.map(versionOf));
  const before = latest();
  expect(before).toBeGreaterThan(0);
  // Churn runs every few seconds; a refresh polls the simulators again and pushes what changed.
  await page.waitForTimeout(4500);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(latest, { timeout: 30_000 }).toBeGreaterThan(before);

  await page.getByTestId('tab-resources').click();
  await expect(page.locator('[data-resource]').first()).toBeVisible({ timeout: 20_000 });
  await screenshot(page, 'demo-resources');
});

test('the demo server refuses requests without its token and serves /metrics with it', async ({ playwright, demo }) => {
  const anon = await playwright.request.newContext();
  expect((await anon.get(`${demo.origin}/`)).status()).toBe(401);
  expect((await anon.get(`${demo.origin}/metrics`)).status()).toBe(401);
  expect((await anon.get(`${demo.origin}/healthz`)).status()).toBe(200);
  const metrics = await anon.get(`${demo.origin}/metrics`, { headers: { authorization: `Bearer ${demo.token}` } });
  expect(metrics.status()).toBe(200);
  const body = await metrics.text();
  expect(body).toMatch(/^cloudtop_offers\{provider="[a-z]+",model="[^"]+"\} \d+$/m);
  expect(body).toMatch(/^cloudtop_provider_state\{provider="vastai",account="default",state="ok"\} 1$/m);
  await anon.dispose();
});

test('a watch made in the window fires a Web Notification from the real watch engine', async ({
  page,
  context,
  demo,
}) => {
  await context.grantPermissions(['notifications'], { origin: demo.origin });
  await page.addInitScript(() => {
    const w = window as unknown as { __notifications: { title: string }[]; Notification: typeof Notification };
    w.__notifications = [];
    const Real = w.Notification;
    w.Notification = new Proxy(Real, {
      construct(target, args: [string, NotificationOptions?]) {
        w.__notifications.push({ title: args[0] });
        return new target(...args);
      },
    });
  });
  await page.goto(demo.url);
  await page.getByTestId('tab-watches').click();
  await expect(page.getByTestId('notifications-on')).toBeVisible();
  await page.getByRole('button', { name: 'New watch' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Any GPU');
  await dialog.getByRole('button', { name: 'Save watch' }).click();
  await expect(page.getByTestId('watch-list')).toContainText('Any GPU');
  // Churn adds and re-prices offers every few seconds; each refresh polls them.
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return page.evaluate(
          () => (window as unknown as { __notifications: { title: string }[] }).__notifications.length,
        );
      },
      { timeout: 45_000, intervals: [5000] },
    )
    .toBeGreaterThan(0);
  const first = await page.evaluate(
    () => (window as unknown as { __notifications: { title: string }[] }).__notifications[0]!.title,
  );
  expect(first).toMatch(/^Any GPU: /);
  await expect(page.getByTestId('alert-history')).toContainText('Any GPU');
});

test('the small clouds run in the demo; Hetzner’s card says why it has no GPU offers', async ({ page, demo }) => {
  await page.goto(demo.url);
  await page.getByTestId('tab-providers').click();
  for (const id of ['digitalocean', 'linode', 'hetzner'])
    await expect(page.locator(`[data-provider-card="${id}"]`)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-provider-note="hetzner"]')).toContainText('Robot, whose API lists no stock');
  // The demo keeps credentials in memory by design: it says so, and does not claim the system lacks a keychain.
  await expect(page.getByTestId('session-storage-notice')).toContainText('local simulator');
  await expect(page.getByText('No keychain available')).toHaveCount(0);
});

test('Resources view: labelled, formatted fields and a chart for every metric series', async ({ page, demo }) => {
  await page.goto(demo.url);
  await page.getByTestId('tab-resources').click();
  const pod = page.locator('[data-resource^="runpod:"]').filter({ hasText: 'llm-finetune' });
  await expect(pod).toBeVisible({ timeout: 30_000 });
  // Labels and formats from the shared field table, not `costPerHour: 21.52`.
  const fields = pod.getByTestId('resource-fields');
  await expect(fields.locator('dt', { hasText: /^Cost$/ })).toBeVisible();
  await expect(fields.locator('dt', { hasText: /^Cost$/ }).locator('+ dd')).toHaveText(/^\$\d+\.\d{2,3}\/h$/);
  await expect(fields.locator('dt', { hasText: /^CUDA$/ })).toBeVisible();
  await expect(fields.locator('dt', { hasText: /^Created$/ }).locator('+ dd')).toHaveText(/ ago$|^just now$/);
  const cards = page.locator('[data-resource]');
  const text = (await cards.allInnerTexts()).join('\n');
  expect(text).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\s*:/);
  expect(text).not.toMatch(/pricePerHour|costPerHour|uptimeSeconds/);
  // Each provider's heading counts its cards, "1 resource" in the singular.
  const sections = page.locator('[data-provider-section]');
  for (let i = 0; i < (await sections.count()); i++) {
    const section = sections.nth(i);
    const n = await section.locator('[data-resource]').count();
    await expect(section).toContainText(`· ${n} resource${n === 1 ? '' : 's'}`);
  }
  // The pods' utilisation comes one point per poll: after one more poll every series is a chart.
  await page.getByRole('button', { name: 'Refresh' }).click();
  const metrics = page.locator('[data-resource] [data-metric]');
  await expect.poll(() => metrics.count(), { timeout: 30_000 }).toBeGreaterThan(2);
  // Metrics come at start too, not one metrics interval (5 min) later. Every series with two points
  // or more is a chart; a counter read once per metrics pass (Neon's usage) has one sample until the
  // next pass and says so; a series the cloud does not report says that.
  await expect
    .poll(() => page.locator('[data-metric]:not([data-empty]):not([data-first-sample]):not(:has(svg))').count(), {
      timeout: 30_000,
    })
    .toBe(0);
  await expect(page.locator('[data-metric="compute_time_seconds"]').first()).toContainText('first sample');
  await expect(page.locator('[data-metric][data-empty]').first()).toContainText('not reported');
  await expect(pod.locator('[data-metric="gpu_utilization"] svg')).toBeVisible();
  await expect(pod.locator('[data-metric="memory_utilization"] svg')).toBeVisible();
  await pod.scrollIntoViewIfNeeded();
  await screenshot(page, 'resources');
});

test('an offer its quota does not allow says so in the table: no quota, or quota short, with the cloud’s sentence on hover', async ({
  page,
  demo,
}) => {
  await page.goto(demo.url);
  await expect(page.getByTestId('offer-count')).toContainText(/[1-9][\d,]* of [\d,]+ offers/, { timeout: 30_000 });
  await page.getByText('All offers').click();
  await page.locator('#offer-search').fill('aws H100');
  // The simulated account has 96 vCPUs of P-instance spot quota in us-west-2; an 8× H100 needs 192.
  const short = page.locator('[data-quota-blocked]', { hasText: 'quota short' }).first();
  await expect(short).toHaveAttribute('title', /96 of 96 vCPUs free, 192 needed/, { timeout: 20_000 });
  await screenshot(page, 'demo-offers-quota');
  await page.locator('#offer-search').fill('aws H100 us-east-2');
  const none = page.locator('[data-quota-blocked]', { hasText: 'no quota' }).first();
  await expect(none).toHaveAttribute('title', /is 0 vCPUs/);
  // Seen, not cut off by its cell; and the hyperscaler's rows do not say "secure", which every one of them is.
  const box = (await none.boundingBox())!;
  const cell = (await none.locator('xpath=..').boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(cell.x + cell.width);
  await expect(none.locator('xpath=..')).toHaveText(/^(spot|on-demand)no quota$/);
});
