/**
 * Per-test `cloudtop serve` over a fresh FakeCore (test isolation: watches, failures and secrets do
 * not leak between tests), a page opened on its tokenised URL, and a recorder for WebSocket frames
 * and Web Notifications.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { serveFake, type FakeServe } from './serve-fake';

export interface Frames {
  sent: string[];
  received: string[];
}

export const test = base.extend<{ serve: FakeServe; app: Page; frames: Frames }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  serve: async ({}, use) => {
    const s = await serveFake({ offers: 500 });
    await use(s);
    await s.server.close();
  },
  frames: async ({ page }, use) => {
    const frames: Frames = { sent: [], received: [] };
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => frames.sent.push(String(f.payload)));
      ws.on('framereceived', (f) => frames.received.push(String(f.payload)));
    });
    await use(frames);
  },
  app: async ({ page, serve, frames: _frames }, use) => {
    // Record Web Notifications while keeping the real constructor (permission is granted per test).
    await page.addInitScript(() => {
      const w = window as unknown as {
        __notifications: { title: string; body?: string }[];
        Notification: typeof Notification;
      };
      w.__notifications = [];
      const Real = w.Notification;
      if (!Real) return;
      w.Notification = new Proxy(Real, {
        construct(target, args: [string, NotificationOptions?]) {
          w.__notifications.push({ title: args[0], body: args[1]?.body });
          return new target(...args);
        },
      });
    });
    await page.goto(serve.server.url);
    await expect(page.getByTestId('tab-offers')).toBeVisible();
    await expect(page.getByTestId('offer-count')).toContainText(/\d+ of \d+ offers/);
    await use(page);
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  // The filter form mounts just after the offers paint: show it, not its loader.
  await page
    .waitForFunction(() => !document.querySelector('aside[aria-label="Offer filters"] .mantine-Loader-root'), null, {
      timeout: 5000,
    })
    .catch(() => undefined);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: false });
}
