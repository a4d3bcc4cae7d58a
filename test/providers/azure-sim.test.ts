/**
 * The Azure simulator against the trimmed Azure REST definitions (test/fixtures/specs/azure/
 * arm-subset.json, sources inside). The official examples validate against the same subset first,
 * so the subset cannot drift from what Azure documents; then every simulator response shape does.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { GPU_PRICES_FILTER } from '../../src/core/providers/azure/parse';
import {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_TENANT_ID,
  startAzureSim,
  type AzureRunningSim,
} from '../../src/sim/azure';
import { SIM_SUBSCRIPTIONS } from '../../src/sim/azure/data';
import { SPECS_DIR, assertValid, definitionValidator, loadSpec } from '../helpers/openapi';

const spec = loadSpec('azure/arm-subset.json');
const v = (name: string) => definitionValidator(spec, name);

let sim: AzureRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const example = (name: string): unknown =>
  (
    JSON.parse(fs.readFileSync(`${SPECS_DIR}/azure/examples/${name}`, 'utf8')) as {
      responses: { '200': { body: unknown } };
    }
  ).responses['200'].body;

async function token(s: AzureRunningSim, secret = SIM_CLIENT_SECRET): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.baseUrl}/${SIM_TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SIM_CLIENT_ID,
      client_secret: secret,
      scope: 'https://management.azure.com/.default',
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function get(url: string, bearer?: string) {
  const res = await fetch(url, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
  return { status: res.status, body: (await res.json()) as unknown, retryAfter: res.headers.get('retry-after') };
}

describe('the trimmed Azure definitions accept the official examples', () => {
  it.each([
    ['VirtualMachineListResult', 'VirtualMachine_ListBySubscription_ByLocation.json'],
    ['ListUsagesResult', 'Usage_List_MaximumSet_Gen.json'],
    ['ResourceSkusResult', 'ListAvailableResourceSkus.json'],
    ['SubscriptionListResult', 'GetSubscriptions.json'],
    ['Response', 'GetMetric.json'],
  ])('%s ← %s', (def, file) => {
    const body = example(file) as Record<string, unknown>;
    // The Skus example has `"nextLink": null`, which its own definition (type string) does not allow.
    if (body.nextLink === null) delete body.nextLink;
    assertValid(v(def), body, file);
  });

  it('RetailPricesPage ← the docs example', () => {
    assertValid(
      v('RetailPricesPage'),
      JSON.parse(fs.readFileSync(`${SPECS_DIR}/azure/examples/retail-prices.docs.json`, 'utf8')),
      'retail prices',
    );
  });
});

describe('Azure simulator responses match the Azure REST definitions', () => {
  it('token, subscriptions, VMs, SKUs, usages, metrics and retail prices', async () => {
    const s = (sim = await startAzureSim({ seed: 1 }));
    const t = await token(s);
    assertValid(v('TokenResponse'), t.body, 'token');
    const at = (t.body as { access_token: string }).access_token;
    const q = 'api-version=2024-07-01';

    const subs = await get(`${s.baseUrl}/subscriptions?api-version=2022-12-01`, at);
    assertValid(v('SubscriptionListResult'), subs.body, 'subscriptions (first page)');

    const sub = SIM_SUBSCRIPTIONS[0]!.subscriptionId;
    let url: string | undefined =
      `${s.baseUrl}/subscriptions/${sub}/providers/Microsoft.Compute/virtualMachines?${q}&statusOnly=true`;
    let pages = 0;
    while (url) {
      const page = await get(url, at);
      assertValid(v('VirtualMachineListResult'), page.body, `VM page ${pages}`);
      url = (page.body as { nextLink?: string }).nextLink;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);

    assertValid(
      v('ResourceSkusResult'),
      (await get(`${s.baseUrl}/subscriptions/${sub}/providers/Microsoft.Compute/skus?api-version=2021-07-01`, at)).body,
      'skus',
    );
    assertValid(
      v('ListUsagesResult'),
      (await get(`${s.baseUrl}/subscriptions/${sub}/providers/Microsoft.Compute/locations/eastus/usages?${q}`, at))
        .body,
      'usages',
    );
    const vmId = `/subscriptions/${sub}/resourceGroups/web-rg/providers/Microsoft.Compute/virtualMachines/web-01`;
    const end = new Date();
    const metrics = await get(
      `${s.baseUrl}${vmId}/providers/Microsoft.Insights/metrics?api-version=2023-10-01&metricnames=${encodeURIComponent('Percentage CPU,Network In Total')}&timespan=${new Date(end.getTime() - 3600_000).toISOString()}/${end.toISOString()}&interval=PT5M&aggregation=Average,Total`,
      at,
    );
    assertValid(v('Response'), metrics.body, 'metrics');

    const prices = await get(
      `${s.baseUrl}/api/retail/prices?api-version=2023-01-01-preview&$filter=${encodeURIComponent(GPU_PRICES_FILTER)}`,
    );
    assertValid(v('RetailPricesPage'), prices.body, 'retail prices');
    const next = new URL((prices.body as { NextPageLink: string }).NextPageLink);
    expect(next.searchParams.get('$skip')).toBe('7');
  });

  it('every demo tick still validates', async () => {
    const s = (sim = await startAzureSim({ seed: 2 }));
    const at = ((await token(s)).body as { access_token: string }).access_token;
    for (let i = 0; i < 5; i++) {
      s.tick();
      const url = `${s.baseUrl}/subscriptions/${SIM_SUBSCRIPTIONS[1]!.subscriptionId}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01&statusOnly=true`;
      assertValid(v('VirtualMachineListResult'), (await get(url, at)).body, `tick ${i}`);
    }
  });

  it('errors: 401 token, 401/403/404/429 ARM bodies', async () => {
    const s = (sim = await startAzureSim({ scenario: 'no-reader' }));
    const bad = await token(s, 'nope');
    expect(bad.status).toBe(401);
    assertValid(v('TokenError'), bad.body, 'token error');
    const at = ((await token(s)).body as { access_token: string }).access_token;
    const sub = SIM_SUBSCRIPTIONS[0]!.subscriptionId;
    const vms = `${s.baseUrl}/subscriptions/${sub}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`;

    const unauth = await get(vms, 'expired-token');
    expect(unauth.status).toBe(401);
    assertValid(v('ErrorResponse'), unauth.body, '401');

    const denied = await get(vms, at);
    expect(denied.status).toBe(403);
    assertValid(v('ErrorResponse'), denied.body, '403');
    expect(JSON.stringify(denied.body)).toMatch(/AuthorizationFailed.*Microsoft\.Compute\/virtualMachines\/read/);

    const missing = await get(
      `${s.baseUrl}/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Compute/skus?api-version=2021-07-01`,
      at,
    );
    expect(missing.status).toBe(404);
    assertValid(v('ErrorResponse'), missing.body, '404');

    s.scenario.throttle(1, 7);
    const throttled = await get(vms, at);
    expect(throttled.status).toBe(429);
    expect(throttled.retryAfter).toBe('7');
    assertValid(v('ErrorResponse'), throttled.body, '429');

    const noVersion = await get(`${s.baseUrl}/subscriptions`, at);
    expect(noVersion.status).toBe(400);
    assertValid(v('ErrorResponse'), noVersion.body, '400');
  });
});
