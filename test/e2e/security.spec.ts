import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './support/fixtures';
import { serveFake } from './support/serve-fake';

test('the token is required: without it the server refuses page, assets, metrics and socket', async ({
  browser,
  playwright,
}) => {
  const { server } = await serveFake({ offers: 10 });
  try {
    const anon = await playwright.request.newContext();
    for (const path of ['/', '/index.html', '/metrics', '/ws']) {
      const r = await anon.get(`${server.origin}${path}`);
      expect(r.status(), path).toBe(401);
    }
    expect((await anon.get(`${server.origin}/?token=wrong`)).status()).toBe(403);
    expect((await anon.get(`${server.origin}/healthz`)).status()).toBe(200);
    await anon.dispose();

    // A page from another origin (another local server) cannot open the socket, even knowing the token.
    const other = createServer((_req, res) => res.end('<!doctype html><title>other site</title>'));
    await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    const opened = await page.evaluate(async (url) => {
      return new Promise<string>((ok) => {
        const ws = new WebSocket(url);
        ws.onopen = () => ok('open');
        ws.onerror = () => ok('refused');
      });
    }, `ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    expect(opened).toBe('refused');
    await page.close();
    other.close();
  } finally {
    await server.close();
  }
});

test('with the token the page loads, drops the token from the URL, and reloads on the cookie', async ({
  app,
  serve,
}) => {
  // Dropped once the page is idle (within a second).
  await expect.poll(() => app.url()).toBe(`${serve.server.origin}/`);
  await app.reload();
  await expect(app.getByTestId('offer-count')).toContainText('500 of 500');
  const violations: string[] = [];
  app.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  // CSP: an injected inline script does not run.
  const ran = await app.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.appendChild(s);
    return (window as unknown as { __inline?: boolean }).__inline === true;
  });
  expect(ran).toBe(false);
});
