import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, screenshot } from './support/fixtures';

const TOKEN = 'E2EplantedHOOKtoken0123456789abcdef';

test('a channel is added in the Watches view, "Send a test" reaches it, and its address never comes back', async ({
  app,
  frames,
}) => {
  const bodies: string[] = [];
  const receiver = http.createServer((req, res) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString()));
    req.on('end', () => {
      bodies.push(`${req.url} ${b}`);
      res.end('ok');
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const port = (receiver.address() as AddressInfo).port;
  try {
    await app.getByTestId('tab-watches').click();
    await expect(app.getByText('No channels.')).toBeVisible();
    await app.getByRole('button', { name: 'Add channel' }).click();
    const form = app.getByTestId('channel-form');
    await form.getByLabel('Name').fill('team-hook');
    await form.getByLabel('Address').fill(`webhook:http://127.0.0.1:${port}/hooks/${TOKEN}`);
    await form.getByRole('button', { name: 'Save channel' }).click();
    const row = app.getByTestId('channel-team-hook');
    await expect(row).toContainText(`webhook (127.0.0.1:${port})`);
    await expect(row).toContainText('none yet');

    await row.getByRole('button', { name: 'Send a test' }).click();
    await expect(row.getByTestId('channel-last')).toContainText('delivered');
    await expect(row.getByTestId('channel-last')).toContainText('HTTP 200');
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain(`/hooks/${TOKEN}`);
    expect(JSON.parse(bodies[0]!.slice(bodies[0]!.indexOf(' ') + 1))).toMatchObject({ type: 'test' });

    // exec is refused from the window: a browser must never run commands on the host.
    await app.getByRole('button', { name: 'Add channel' }).click();
    await app.getByTestId('channel-form').getByLabel('Name').fill('shell');
    await app.getByTestId('channel-form').getByLabel('Address').fill('exec:touch /tmp/pwned');
    await app.getByTestId('channel-form').getByRole('button', { name: 'Save channel' }).click();
    await expect(app.getByTestId('channel-form')).toContainText('exec channels can only be defined in cloudtop.json');

    // The watch editor offers the channel.
    await app.getByRole('button', { name: 'New watch' }).click();
    await expect(app.getByRole('dialog').getByLabel(/team-hook/)).toBeVisible();
    await screenshot(app, 'channels');
    await app.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // Renderer → core carried the address once; nothing core → renderer ever does.
    expect(frames.received.join('\n')).not.toContain(TOKEN);
    expect(await app.content()).not.toContain(TOKEN);
  } finally {
    await new Promise<void>((ok) => receiver.close(() => ok()));
  }
});
