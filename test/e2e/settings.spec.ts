import { test, expect, screenshot } from './support/fixtures';
import { serveFake } from './support/serve-fake';

test('settings: theme, poll interval, quiet hours and cap reach the core; desktop-only options are hidden', async ({
  app,
  serve,
}) => {
  await app.getByTestId('tab-settings').click();
  await expect(app.getByText('Launch cloudtop at login')).toHaveCount(0);

  await app.getByText('Dark', { exact: true }).click();
  await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect.poll(() => serve.core.settings.view().settings.theme).toBe('dark');

  const poll = app.getByLabel('Vast.ai poll interval in seconds');
  await poll.fill('5');
  await poll.press('Enter');
  await expect(app.getByText('Between 10 and 86400').first()).toBeVisible();
  await poll.fill('45');
  await poll.press('Enter');
  await expect.poll(() => serve.core.settings.view().settings.providers.vastai.pollSeconds).toBe(45);

  await app.getByLabel('At most this many notifications per 10 minutes').fill('3');
  await app.getByLabel('At most this many notifications per 10 minutes').blur();
  await app.getByRole('switch', { name: 'Quiet hours' }).click({ force: true });
  await expect
    .poll(() => serve.core.settings.view().settings.notifications)
    .toMatchObject({ maxPer10Min: 3, quietHours: { enabled: true } });
  // Earlier changes survive later partial patches.
  expect(serve.core.settings.view().settings.theme).toBe('dark');

  // History retention: checked against its bounds, saved on Enter, the other two fields kept.
  const hourly = app.getByLabel('Keep hourly history (days)');
  await hourly.fill('3');
  await hourly.press('Enter');
  await expect(app.getByText('Between 7 and 366')).toBeVisible();
  await hourly.fill('30');
  await hourly.press('Enter');
  await expect
    .poll(() => serve.core.settings.view().settings.history)
    .toEqual({ rawDays: 7, hourlyDays: 30, maxMB: 150 });

  await app.getByRole('button', { name: 'Pause 1 hour' }).click();
  await expect(app.getByText(/^Paused until/)).toBeVisible();
  expect(serve.core.settings.view().settings.notifications.pausedUntil).toBeDefined();
  await app.getByRole('button', { name: 'Resume' }).click();
  await expect(app.getByText('Not paused')).toBeVisible();
});

test('a settings file that could not be read is reported with its backup', async ({ page }) => {
  const { server } = await serveFake({
    offers: 10,
    prepare: (core) =>
      core.setSettingsIssues([
        {
          kind: 'corrupt',
          message: 'settings.json was not valid JSON; defaults are in use',
          backupPath: '/home/u/.config/cloudtop/settings.json.bak-1',
        },
      ]),
  });
  try {
    await page.goto(server.url);
    await page.getByTestId('tab-settings').click();
    const issue = page.getByTestId('settings-issue');
    await expect(issue).toContainText('not valid JSON');
    await expect(issue).toContainText('settings.json.bak-1');
    await screenshot(page, 'settings-issue');
  } finally {
    await server.close();
  }
});

test('without a keychain the Providers view says credentials are kept for this session only', async ({ page }) => {
  const { server } = await serveFake({ offers: 10, secretStorage: 'session' });
  try {
    await page.goto(server.url);
    await page.getByTestId('tab-providers').click();
    await expect(page.getByTestId('session-storage-notice')).toContainText('for this session only');
    const card = page.locator('[data-provider-card="vastai"]');
    await card.getByRole('button', { name: 'Credentials' }).click();
    await expect(card.getByRole('button', { name: 'Save for this session' })).toBeVisible();
  } finally {
    await server.close();
  }
});
