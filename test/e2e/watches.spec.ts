import { test, expect, screenshot } from './support/fixtures';
import { makeOffer } from './support/serve-fake';

test('a watch fires a Web Notification when a matching offer appears', async ({ app, serve, context }) => {
  await context.grantPermissions(['notifications']);
  await app.getByTestId('tab-watches').click();
  await expect(app.getByTestId('notifications-on')).toBeVisible();

  await app.getByRole('button', { name: 'New watch' }).click();
  const dialog = app.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Cheap H200');
  await dialog.getByRole('combobox', { name: 'GPU' }).fill('H200');
  await app.getByRole('option', { name: 'H200', exact: true }).click();
  await dialog.getByLabel('Name').click();
  await dialog.getByLabel('Max $/GPU-h').fill('0.5');
  await expect(dialog.getByRole('status')).toContainText('0 offers match right now');
  await dialog.getByRole('button', { name: 'Save watch' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.getByTestId('watch-list')).toContainText('Cheap H200');
  expect(serve.core.watches.list().map((w) => w.filter)).toEqual([
    expect.objectContaining({ gpu: ['H200'], maxPricePerGpuHour: 0.5 }),
  ]);

  // The "simulator" adds a matching offer (and one that does not match).
  serve.core.addOffers([
    {
      ...makeOffer(70_001, { model: 'H200', perGpuHour: 0.45, provider: 'runpod' }),
      availability: { state: 'available' },
    },
    { ...makeOffer(70_002, { model: 'H200', perGpuHour: 2.5 }), availability: { state: 'available' } },
  ]);
  await expect
    .poll(() => app.evaluate(() => (window as unknown as { __notifications: { title: string }[] }).__notifications))
    .toEqual([
      expect.objectContaining({
        title: 'Cheap H200: available',
        body: expect.stringMatching(/^\d+× H200 \$0\.450\/GPU·h on RunPod \(/),
      }),
    ]);
  await expect(app.getByTestId('alert-history')).toContainText('Cheap H200');
  await screenshot(app, 'watches');
});

test('a watch can be for a GPU that no offer has now: every GPU cloudtop knows can be picked', async ({
  app,
  serve,
}) => {
  expect(serve.core.snapshot().offers.some((o) => o.gpu.family === 'B300')).toBe(false);
  await app.getByTestId('tab-watches').click();
  await app.getByRole('button', { name: 'New watch' }).click();
  const dialog = app.getByRole('dialog');
  const gpu = dialog.getByRole('combobox', { name: 'GPU' });
  await gpu.click();
  // The GPUs in the offers first, then the others.
  await expect(app.getByText('In the offers', { exact: true })).toBeVisible();
  await gpu.fill('B30');
  await expect(app.getByRole('option')).toHaveText(['B300', 'GB300']);
  await app.getByRole('option', { name: 'B300', exact: true }).click();
  await dialog.getByLabel('Name').fill('Any B300');
  await dialog.getByRole('button', { name: 'Save watch' }).click();
  await expect(dialog).toBeHidden();
  expect(serve.core.watches.list().map((w) => w.filter)).toEqual([expect.objectContaining({ gpu: ['B300'] })]);
});

test('"watch this" from an offer row opens the editor prefilled', async ({ app, serve }) => {
  await app.getByText('All offers').click();
  const first = app.locator('[data-offer-row]').first();
  const id = await first.getAttribute('data-offer-row');
  const offer = serve.core.snapshot().offers.find((o) => o.id === id)!;
  await first.getByRole('button', { name: /^Watch offers like/ }).click();
  const dialog = app.getByRole('dialog');
  await expect(dialog.getByLabel('Name')).toHaveValue(new RegExp(offer.gpu.model));
  await dialog.getByRole('button', { name: 'Save watch' }).click();
  await expect(app.getByTestId('watch-list')).toContainText(offer.gpu.model);
  expect(serve.core.watches.list()[0]!.filter).toMatchObject({
    gpu: [offer.gpu.model],
    maxPricePerGpuHour: offer.price.perGpuHour,
  });
});

test('watches can be disabled, snoozed and deleted', async ({ app, serve }) => {
  serve.core.watches.save({
    name: 'Any 4090',
    enabled: true,
    filter: { gpu: ['RTX-4090'] },
    notify: { onAppear: true, onPriceDrop: true, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
  });
  await app.reload();
  await app.getByTestId('tab-watches').click();
  const row = app.locator('[data-watch="Any 4090"]');
  await row.getByRole('switch').click({ force: true });
  await expect.poll(() => serve.core.watches.list()[0]!.enabled).toBe(false);
  await row.getByRole('button', { name: /Snooze/ }).click();
  await app.getByRole('menuitem', { name: '1 hour' }).click();
  await expect(row).toContainText('snoozed until');
  expect(serve.core.watches.list()[0]!.snoozedUntil).toBeDefined();
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(app.getByText('No watches yet')).toBeVisible();
  expect(serve.core.watches.list()).toEqual([]);
});

test('clicking a notification focuses the offer', async ({ app, serve }) => {
  const target = serve.core.snapshot().offers[321]!;
  serve.core.emitAlert({
    id: 'a-focus',
    watchId: 'w',
    watchName: 'Focus test',
    kind: 'appeared',
    at: new Date().toISOString(),
    suppressed: false,
    offers: [
      {
        offerId: target.id,
        provider: target.provider,
        model: target.gpu.model,
        count: 1,
        perGpuHour: 1,
        perHour: 1,
        region: 'x',
      },
    ],
  });
  await app.getByTestId('tab-watches').click();
  await app.locator('[data-alert="a-focus"]').getByRole('button', { name: 'Show' }).click();
  await expect(app.locator(`[data-offer-row="${target.id}"]`)).toHaveAttribute('data-active', 'true');
});

test('browser notification permission is asked only when the user clicks', async ({ page, serve }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __asked: number; Notification: typeof Notification };
    w.__asked = 0;
    const Real = w.Notification;
    // Report "default" until asked, whatever the browser profile says.
    let state: NotificationPermission = 'default';
    w.Notification = new Proxy(Real, {
      get(target, prop, receiver) {
        if (prop === 'permission') return state;
        if (prop === 'requestPermission') {
          return async () => {
            w.__asked++;
            state = 'granted';
            return state;
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
  });
  await page.goto(serve.server.url);
  await page.getByTestId('tab-watches').click();
  const asked = () => page.evaluate(() => (window as unknown as { __asked: number }).__asked);
  expect(await asked()).toBe(0);
  await page.getByRole('button', { name: 'Enable browser notifications' }).click();
  await expect(page.getByTestId('notifications-on')).toBeVisible();
  expect(await asked()).toBe(1);
});
