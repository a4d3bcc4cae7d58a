import AxeBuilder from '@axe-core/playwright';
import { test, expect, screenshot } from './support/fixtures';
import { seedCoreHistory } from './support/seed-history';

const VIEWS = ['offers', 'resources', 'providers', 'watches', 'settings'] as const;

for (const theme of ['light', 'dark'] as const) {
  test(`no serious or critical accessibility violations, ${theme} theme`, async ({ app, serve }) => {
    // With history, so the Offers rows' sparklines (and their labels) are checked too.
    seedCoreHistory(serve.core, { days: 3 });
    await app.reload();
    await expect(app.locator('[data-trend] svg').first()).toBeVisible();
    await app.getByTestId('tab-settings').click();
    await app.getByText(theme === 'light' ? 'Light' : 'Dark', { exact: true }).click();
    await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', theme);
    for (const view of VIEWS) {
      await app.getByTestId(`tab-${view}`).click();
      await expect(app.getByTestId(`tab-${view}`)).toHaveAttribute('aria-selected', 'true');
      if (view === 'providers')
        await app.locator('[data-provider-card="vastai"]').getByRole('button', { name: 'Credentials' }).click();
      await app.waitForTimeout(300);
      await screenshot(app, `${view}-${theme}`);
      const results = await new AxeBuilder({ page: app }).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help} — ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
        );
      expect(bad, `${view} / ${theme}`).toEqual([]);
    }
    await app.getByTestId('tab-offers').click();
    await app.getByText('All offers').click();
    await expect(app.locator('[data-offer-row]').first()).toBeVisible();
    await screenshot(app, `offers-table-${theme}`);
    const table = await new AxeBuilder({ page: app }).analyze();
    expect(table.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
  });
}
