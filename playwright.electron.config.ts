/**
 * Playwright `_electron` run of the real desktop app (test/e2e-electron). Separate from
 * playwright.config.ts (browser mode, Debian Chromium) because it needs an Electron binary, which
 * this build machine cannot download: without one the spec reports itself skipped with the reason.
 * With one (CI's electron-e2e job, a developer machine): `npm run build`, then
 *   xvfb-run -a npx playwright test -c playwright.electron.config.ts
 * It runs the unpackaged, unfused app: Playwright needs the inspect fuse the packaged build turns off.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e-electron',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright-electron',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright-electron.json' }]],
});
