/**
 * Contract tests: the real Azure client (descriptor.create over the collector's HttpClient) against
 * the Azure simulator on loopback, plus the parser fed the official examples from
 * Azure/azure-rest-api-specs (test/fixtures/specs/azure, sources in SOURCES.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { azureProvider } from '../../src/core/providers/azure';
import {
  GPU_PRICES_FILTER,
  MetricsResponseSchema,
  ResourceSkuListSchema,
  RetailPricesPageSchema,
  UsageListSchema,
  VirtualMachineListSchema,
  metricSeries,
  parseAzureOffers,
  skuFacts,
  vmResource,
} from '../../src/core/providers/azure/parse';
import { discover, discoverAzureCli } from '../../src/core/providers/azure/discover';
import { discoverCredentials } from '../../src/node/discovery';
import { startAzureSim, type AzureRunningSim } from '../../src/sim/azure';
import { GpuOfferSchema, ResourceSchema } from '../../src/shared/model';
import { SPECS_DIR } from '../helpers/openapi';
import { caught as rejection, signal, simHarness } from './harness';
import { connectProvider } from '../helpers/real-provider-client';

const { start, connect } = simHarness({
  descriptor: azureProvider,
  startSim: startAzureSim,
  seed: 3,
  credentials: (s: AzureRunningSim) => ({ ...s.credentials }),
});

const example = (name: string): unknown =>
  (
    JSON.parse(fs.readFileSync(`${SPECS_DIR}/azure/examples/${name}`, 'utf8')) as {
      responses: { '200': { body: unknown } };
    }
  ).responses['200'].body;

describe('Azure descriptor', () => {
  it('declares ARM as base URL, every other host overridable, and at most half the ARM read budget', () => {
    expect(azureProvider.defaultBaseUrl).toBe('https://management.azure.com');
    expect(azureProvider.credentialFields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['tenantId', 'clientId', 'clientSecret', 'loginUrl', 'pricesBaseUrl']),
    );
    expect(azureProvider.credentialFields.find((f) => f.name === 'clientSecret')?.secret).toBe(true);
    // 250 bucket + 25/s refill → 500 per 10 s at most; we allow half.
    expect(azureProvider.rateLimit.intervalCap / (azureProvider.rateLimit.intervalMs / 1000)).toBeLessThanOrEqual(25);
    expect(
      azureProvider.credentialSchema.safeParse({ tenantId: 'x', clientId: 'nope', clientSecret: 's' }).success,
    ).toBe(false);
  });

  it('the prices $filter uses only eq/and/or and names every size the parser knows', () => {
    expect(GPU_PRICES_FILTER).toMatch(/^serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and \(/);
    expect(GPU_PRICES_FILTER).not.toMatch(/contains|startswith/);
  });
});

describe('Azure offers against the simulator', () => {
  it('lists GPU sizes per region and billing as `listed`, with vCPU quota and restrictions, paging to the end', async () => {
    const s = await start();
    const { client } = connect(s);
    const offers = await client.fetchOffers!(signal());
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
    // Every price page was read ($skip paging) and Windows / Low Priority meters were skipped.
    const pricePages = s.http.requests.filter((r) => r.path === '/api/retail/prices');
    expect(pricePages.length).toBeGreaterThan(3);
    expect(pricePages.every((r) => !r.headers.authorization)).toBe(true);
    expect(offers.every((o) => o.price.billing === 'on-demand' || o.price.billing === 'spot')).toBe(true);

    const h100 = offers.find((o) => o.id === 'azure:Standard_ND96isr_H100_v5:eastus2:on-demand')!;
    expect(h100).toMatchObject({
      gpu: { model: 'H100-SXM', count: 8, vramGb: 80 },
      availability: { state: 'listed' },
      specs: { vcpus: 96 },
      quota: { limit: 192, used: 96, unit: 'vCPUs', name: 'standardNDSH100v5Family' },
    });
    expect(h100.quota!.reason).toBeUndefined();
    // A zero family quota is the reason it cannot be launched.
    const zero = offers.find((o) => o.id === 'azure:Standard_ND96isr_H100_v5:eastus:on-demand')!;
    expect(zero.quota).toMatchObject({ limit: 0, reason: 'quota standardNDSH100v5Family in eastus is 0 vCPUs' });
    // Spot counts against the regional low-priority vCPU quota.
    expect(offers.find((o) => o.id === 'azure:Standard_ND96isr_H100_v5:eastus:spot')!.quota?.name).toBe(
      'lowPriorityCores',
    );
    // Resource SKUs restriction for the subscription → none with the reason.
    expect(offers.find((o) => o.id === 'azure:Standard_ND96isr_H100_v5:westeurope:on-demand')!.availability).toEqual({
      state: 'none',
      detail: 'not offered to this subscription here (NotAvailableForSubscription)',
    });
    const spot = offers.find((o) => o.id === 'azure:Standard_NC24ads_A100_v4:eastus:spot')!;
    const od = offers.find((o) => o.id === 'azure:Standard_NC24ads_A100_v4:eastus:on-demand')!;
    expect(spot.price.perHour).toBeLessThan(od.price.perHour);
  });

  it('without credentials lists public list prices only (no quota, no token, no ARM call)', async () => {
    const s = await start();
    const { client } = connectProvider(azureProvider, {
      baseUrl: s.baseUrl,
      credentials: null,
      options: { pricesBaseUrl: s.baseUrl },
    });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((o) => o.quota === undefined && o.availability.state === 'listed')).toBe(true);
    expect(s.http.requests.every((r) => r.path === '/api/retail/prices')).toBe(true);
    expect(s.scenario.tokensIssued).toBe(0);
  });

  it('rejects unknown options with the path named', async () => {
    const s = await start();
    const { client } = connectProvider(azureProvider, {
      baseUrl: s.baseUrl,
      credentials: null,
      options: { pricesUrl: 'x' },
    });
    const e = await rejection(client.fetchOffers!(signal()));
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/providers\.azure\.options/);
  });
});

describe('Azure resources and metrics against the simulator', () => {
  it('lists every subscription and its VMs with power state, size and GPUs; one account per subscription', async () => {
    const s = await start();
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
    const subs = resources.filter((r) => r.kind === 'account');
    expect(subs.map((r) => r.name)).toEqual(['Contoso Production', 'Research GPU']);
    // Subscriptions page one per page, VMs two per page: every nextLink was followed.
    expect(s.http.requests.filter((r) => r.path === '/subscriptions')).toHaveLength(2);
    const vms = resources.filter((r) => r.kind !== 'account');
    expect(vms.map((r) => [r.name, r.state, r.kind])).toEqual([
      ['web-01', 'running', 'instance'],
      ['web-02', 'stopped', 'instance'],
      ['gpu-train-01', 'running', 'gpu-instance'],
      ['h100-node-1', 'running', 'gpu-instance'],
      ['t4-inference', 'stopped', 'gpu-instance'],
    ]);
    const h100 = vms.find((r) => r.name === 'h100-node-1')!;
    expect(h100.meta).toMatchObject({ size: 'Standard_ND96isr_H100_v5', gpus: 8, subscription: 'Research GPU' });
    expect(h100.meta.gpuMetrics).toMatch(/needs an agent in the VM/);
    expect(h100.parentId).toBe(subs[1]!.id);
    expect(s.scenario.tokensIssued).toBe(1);
  });

  it('reads Azure Monitor CPU, network and disk for running VMs only', async () => {
    const s = await start();
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    const metrics = await client.fetchMetrics!(resources, signal());
    const running = resources.filter((r) => r.kind !== 'account' && r.state === 'running');
    expect([...metrics.keys()].sort()).toEqual(running.map((r) => r.id).sort());
    const series = metrics.get(running[0]!.id)!;
    expect(series.map((m) => m.name)).toEqual([
      'cpu_utilization',
      'network_in',
      'network_out',
      'disk_read',
      'disk_write',
    ]);
    expect(series[0]!.points.length).toBe(12);
    expect(series[0]!.points.every(([, v]) => v >= 0 && v <= 100)).toBe(true);
    const call = s.http.requests.find((r) => r.path.endsWith('/providers/Microsoft.Insights/metrics'))!;
    expect(new URLSearchParams(call.query).get('metricnames')).toMatch(/^Percentage CPU,Network In Total,/);
  });

  it('names the missing permission: 403 AuthorizationFailed on VMs is an issue on the subscription', async () => {
    const s = await start('no-reader');
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    const sub = resources.find((r) => r.kind === 'account')!;
    expect(sub.state).toBe('error');
    expect(sub.issues[0]!.code).toBe('forbidden');
    expect(sub.issues[0]!.message).toMatch(/Microsoft\.Compute\/virtualMachines\/read/);
    expect(sub.issues[0]!.hint).toMatch(/Reader role/);
  });

  it('a missing Monitoring Reader role fails metrics with the permission named', async () => {
    const s = await start('no-monitoring');
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    const e = await rejection(client.fetchMetrics!(resources, signal()));
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/Microsoft\.Insights\/metrics\/read/);
    // It stopped at the first VM instead of asking for every one.
    expect(s.http.requests.filter((r) => r.path.endsWith('/metrics'))).toHaveLength(1);
  });

  it('a wrong client secret is an auth error that never echoes the secret', async () => {
    const s = await start();
    const { client } = connectProvider(azureProvider, {
      baseUrl: s.baseUrl,
      credentials: { ...s.credentials, clientSecret: 'wrong-secret-value-123456' },
    });
    const e = await rejection(client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/invalid_client: AADSTS7000215/);
    expect(e.message).not.toContain('wrong-secret-value-123456');
    expect(e.hint).toMatch(/cloudtop auth set azure/);
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const s = await start();
    const { client, http } = connect(s);
    await client.testConnection(signal());
    s.scenario.throttle(1, 1);
    const resources = await client.fetchResources!(signal());
    expect(resources.length).toBeGreaterThan(0);
    expect(s.http.requests.some((r) => r.status === 429)).toBe(true);
    expect(http.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('gives up with rate_limited when 429s persist', async () => {
    const s = await start();
    const { client } = connect(s, { retry: { retries: 1 } });
    s.scenario.throttle(10, 0);
    expect((await rejection(client.fetchResources!(signal()))).code).toBe('rate_limited');
  });

  it('turns a body that is not JSON and a wrong shape into bad_response naming the field', async () => {
    const s = await start();
    const { client } = connect(s, { retry: { retries: 0 } });
    await client.testConnection(signal());
    s.http.control.failNext({ status: 200, pathIncludes: '/virtualMachines', body: '{"value": [' });
    expect((await rejection(client.fetchResources!(signal()))).code).toBe('bad_response');
    s.http.control.failNext({
      status: 200,
      pathIncludes: '/virtualMachines',
      headers: { 'content-type': 'application/json' },
      body: {
        value: [{ id: '/subscriptions/x/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/v', name: 'v' }],
      },
    });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/VM list: unexpected response shape at "value\[0\]\.location"/);
  });

  it('never follows a nextLink to another host', async () => {
    const s = await start();
    const { client } = connect(s, { retry: { retries: 0 } });
    await client.testConnection(signal());
    s.http.control.failNext({
      status: 200,
      pathIncludes: '/virtualMachines',
      headers: { 'content-type': 'application/json' },
      body: { value: [], nextLink: 'https://evil.example/steal' },
    });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.message).toMatch(/another host/);
  });

  it('times out a hung request', async () => {
    const s = await start();
    const { client } = connect(s, { timeoutMs: 300, retry: { retries: 0 } });
    s.http.control.hangNext(1);
    expect((await rejection(client.testConnection(signal()))).code).toBe('timeout');
  });
});

describe('Azure parser on the official examples (azure-rest-api-specs)', () => {
  it('VirtualMachines_ListByLocation example parses into instances', () => {
    const body = VirtualMachineListSchema.parse(example('VirtualMachine_ListBySubscription_ByLocation.json'));
    const r = vmResource(body.value[0]!, { subscriptionId: 's' }, { fetchedAt: new Date(0).toISOString() });
    expect(r).toMatchObject({ kind: 'instance', region: 'eastus', state: 'unknown', meta: { size: 'Standard_A0' } });
  });

  it('Usage_List and ResourceSkus_List examples parse', () => {
    const usages = UsageListSchema.parse(example('Usage_List_MaximumSet_Gen.json'));
    expect(usages.value[0]).toMatchObject({ currentValue: 17, limit: 19 });
    const skus = ResourceSkuListSchema.parse(example('ListAvailableResourceSkus.json'));
    const facts = skuFacts(skus.value);
    expect(facts.size).toBeGreaterThan(0);
  });

  it('Metrics_List example parses into series', () => {
    const body = MetricsResponseSchema.parse(example('GetMetric.json'));
    const series = metricSeries(
      { value: body.value.map((m) => ({ ...m, name: { value: 'Percentage CPU' } })) },
      60_000,
    );
    expect(series[0]!.points.length).toBeGreaterThan(0);
  });

  it('the Retail Prices docs example item becomes a spot offer for a GPU size', () => {
    const page = RetailPricesPageSchema.parse(
      JSON.parse(fs.readFileSync(`${SPECS_DIR}/azure/examples/retail-prices.docs.json`, 'utf8')) as unknown,
    );
    expect(page.Items.length).toBeGreaterThan(0);
    const fetchedAt = new Date(0).toISOString();
    // As published: an F-series Windows spot meter — not a GPU size, and Windows: no offer.
    expect(parseAzureOffers(page.Items, { fetchedAt })).toEqual([]);
    // The same meter for a GPU size on Linux is a spot offer at that price.
    const linux = page.Items.map((i) => ({
      ...i,
      armSkuName: 'Standard_NC24ads_A100_v4',
      productName: 'Virtual Machines NCadsA100v4 Series',
    }));
    const [offer] = parseAzureOffers(linux, { fetchedAt });
    expect(offer).toMatchObject({
      gpu: { model: 'A100-80GB-PCIE', count: 1 },
      price: { perHour: 0.1763, billing: 'spot' },
      region: { id: 'westeurope', name: 'EU West' },
      availability: { state: 'listed' },
    });
  });
});

describe('Azure credential discovery', () => {
  it('reads the service-principal variables the Azure SDKs use, hinting the secret', () => {
    const [c] = discover({
      AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
      AZURE_CLIENT_ID: '0c6f6c2e-7a25-4d7e-9d4b-6a1c2c7f0a11',
      AZURE_CLIENT_SECRET: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(c!.fields).toMatchObject({
      tenantId: 'contoso.onmicrosoft.com',
      clientSecret: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(c!.hints.clientSecret).toBe('…wxyz');
    expect(discover({ AZURE_CLIENT_ID: 'x' })).toEqual([]);
    // A tenant and client without the secret is no service principal.
    expect(discover({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: '0c6f6c2e-7a25-4d7e-9d4b-6a1c2c7f0a11' })).toEqual([]);
  });

  it('is the descriptor hook; the Azure CLI profile is read only when the environment has no principal', () => {
    expect(azureProvider.discover).toBe(discover);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-azdisc-'));
    try {
      fs.mkdirSync(path.join(home, '.azure'));
      fs.writeFileSync(
        path.join(home, '.azure', 'azureProfile.json'),
        JSON.stringify({
          subscriptions: [{ id: 's', name: 'Main', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', isDefault: true }],
        }),
      );
      const fromCli = discoverCredentials({}, home).filter((c) => c.provider === 'azure');
      expect(fromCli.map((c) => c.values)).toEqual([{ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }]);
      const env = {
        AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
        AZURE_CLIENT_ID: '0c6f6c2e-7a25-4d7e-9d4b-6a1c2c7f0a11',
        AZURE_CLIENT_SECRET: 'abcdefghijklmnopqrstuvwxyz',
      };
      const fromEnv = discoverCredentials(env, home).filter((c) => c.provider === 'azure');
      expect(fromEnv).toHaveLength(1);
      expect(fromEnv[0]!.values.clientSecret).toBe(env.AZURE_CLIENT_SECRET);
      expect(fromEnv[0]!.description).not.toContain(env.AZURE_CLIENT_SECRET);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('Azure CLI sign-in (az login) when no service principal is configured', () => {
  const fakeAz = (script: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-fake-az-'));
    fs.writeFileSync(path.join(dir, 'az'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return dir;
  };
  const withPath = async <T>(dir: string, fn: () => Promise<T>): Promise<T> => {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      return await fn();
    } finally {
      process.env.PATH = saved;
    }
  };
  const tenantOnly = (s: AzureRunningSim) => ({
    tenantId: s.credentials.tenantId!,
    loginUrl: s.baseUrl,
    pricesBaseUrl: s.baseUrl,
  });

  it('uses `az account get-access-token` and never calls the token endpoint', async () => {
    const s = await start();
    // PATH holds only the fake: printf is a shell builtin.
    const dir = fakeAz(`printf '%s\\n' '${JSON.stringify(s.scenario.cliToken())}'`);
    const { client } = connectProvider(azureProvider, { baseUrl: s.baseUrl, credentials: tenantOnly(s) });
    const resources = await withPath(dir, () => client.fetchResources!(signal()));
    expect(resources.filter((r) => r.kind === 'account')).toHaveLength(2);
    expect(s.http.requests.some((r) => r.path.endsWith('/oauth2/v2.0/token'))).toBe(false);
    expect((await withPath(dir, () => client.testConnection(signal()))).detail).toMatch(/^Azure CLI sign-in valid/);
  });

  it('says to run `az login` when the CLI is not signed in, and never shows a token', async () => {
    const s = await start();
    const dir = fakeAz(`echo "ERROR: Please run 'az login' to setup account." >&2; exit 1`);
    const { client } = connectProvider(azureProvider, {
      baseUrl: s.baseUrl,
      credentials: tenantOnly(s),
      retry: { retries: 0 },
    });
    const e = await withPath(dir, () => rejection(client.testConnection(signal())));
    expect(e.code).toBe('auth');
    expect(e.message).toBe("Azure CLI could not give a token: Please run 'az login' to setup account.");
    expect(e.hint).toMatch(/service principal/);
  });

  it('says the Azure CLI is not installed when there is no `az` and no service principal', async () => {
    const s = await start();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-no-az-'));
    const { client } = connectProvider(azureProvider, {
      baseUrl: s.baseUrl,
      credentials: tenantOnly(s),
      retry: { retries: 0 },
    });
    const e = await withPath(empty, () => rejection(client.testConnection(signal())));
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/Azure CLI \(az\) is not installed/);
  });

  it('a client ID without a secret (or the reverse) is a credential error', () => {
    expect(azureProvider.credentialSchema.safeParse({ tenantId: 'contoso.com' }).success).toBe(true);
    expect(
      azureProvider.credentialSchema.safeParse({
        tenantId: 'contoso.com',
        clientId: '0c6f6c2e-7a25-4d7e-9d4b-6a1c2c7f0a11',
      }).success,
    ).toBe(false);
  });

  it('auth import offers the tenant of the Azure CLI default subscription', () => {
    const c = discoverAzureCli(
      '/home/u/.azure/azureProfile.json',
      '\uFEFF' +
        JSON.stringify({
          installationId: 'x',
          subscriptions: [
            { id: 's1', name: 'Other', tenantId: '11111111-1111-4111-8111-111111111111', isDefault: false },
            { id: 's2', name: 'Main', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', isDefault: true },
          ],
        }),
    )!;
    expect(c.fields).toEqual({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    expect(c.source).toMatch(/Azure CLI sign-in/);
    expect(discoverAzureCli('/x', '{"subscriptions": []}')).toBeUndefined();
  });
});
