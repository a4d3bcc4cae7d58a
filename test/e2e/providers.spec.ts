import { test, expect, screenshot } from './support/fixtures';

const PLANTED = 'sk-E2E-PLANTED-5ecret-0123456789abcdef';

test('a provider error is shown next to its stale data', async ({ app, serve }) => {
  serve.core.failProvider('vastai', {
    code: 'auth',
    message: 'Vast.ai rejected the API key (401)',
    retryable: false,
    provider: 'vastai',
    hint: 'Check the API key in Providers → Vast.ai',
  });
  const notice = app.getByRole('alert').filter({ hasText: 'Vast.ai rejected the API key' });
  await expect(notice).toContainText('stale');
  await expect(notice).toContainText('Check the API key in Providers → Vast.ai');
  await expect(app.locator('[data-provider="vastai"][data-stale="true"]')).toContainText('stale');
  // The stale offers are still there.
  await expect(app.getByTestId('offer-count')).toContainText('500 of 500');
  await app.getByText('All offers').click();
  await app.getByRole('combobox', { name: 'Provider' }).click();
  await app.getByRole('option', { name: 'Vast.ai' }).click();
  await app.keyboard.press('Escape');
  await expect(app.locator('[data-offer-row]').first()).toContainText('stale');
  await screenshot(app, 'offers-provider-error');

  await app.getByTestId('tab-providers').click();
  const card = app.locator('[data-provider-card="vastai"]');
  await expect(card).toContainText('error');
  await expect(card.getByRole('alert')).toContainText('What to do: Check the API key');
  // The FakeCore's polls make one request within a limit of one per 2 s: said in the singular.
  const runpod = app.locator('[data-provider-card="runpod"]');
  await expect(runpod).toContainText('ms, 1 request');
  await expect(runpod).toContainText('Rate limit: 1 of 1 request per 2 s');
  await expect(runpod).not.toContainText('1 requests');
});

test('a credential saved through the form reaches the store and never the page', async ({ app, serve, frames }) => {
  await app.getByTestId('tab-providers').click();
  const card = app.locator('[data-provider-card="vastai"]');
  await card.getByRole('button', { name: 'Credentials' }).click();
  const input = card.getByLabel('API key');
  await input.fill('has spaces in it');
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(card.getByText('Contains spaces')).toBeVisible();
  expect(serve.core.secrets.size).toBe(0);

  await input.fill(PLANTED);
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByText('Connection works')).toBeVisible();
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(card.getByTestId('credentials-saved')).toHaveText('Saved to the keychain.');
  expect(serve.core.secrets.get('vastai/default')).toEqual({ apiKey: PLANTED });

  await expect(input).toHaveValue('');
  await expect(card).toContainText('…cdef');
  await screenshot(app, 'providers');
  const dom = await app.content();
  const storage = await app.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
  );
  expect(dom).not.toContain(PLANTED);
  expect(storage).not.toContain(PLANTED);
  // Sent once each for test and save (that is how it gets there); never sent back.
  expect(frames.sent.filter((f) => f.includes(PLANTED))).toHaveLength(2);
  expect(frames.received.length).toBeGreaterThan(3);
  expect(frames.received.join('\n')).not.toContain(PLANTED);
  await app.reload();
  await expect(app.getByTestId('tab-offers')).toBeVisible();
  expect(await app.content()).not.toContain(PLANTED);
});

test('a PEM key field checks the block before sending it', async ({ app, serve }) => {
  await app.getByTestId('tab-providers').click();
  const card = app.locator('[data-provider-card="oci"]');
  await card.getByRole('button', { name: 'Credentials' }).click();
  await card.getByLabel('Private key (PEM)').fill('not a key');
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByText('Paste the whole PEM block')).toBeVisible();
  expect(serve.core.secrets.size).toBe(0);
});
