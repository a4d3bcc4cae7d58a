/**
 * Contract tests: the real Google Cloud client (descriptor.create over the collector's HttpClient)
 * against the Google Cloud simulator on loopback: both credential kinds (service-account JWT and
 * ADC refresh token), paging, quotas, metrics, permission and rate-limit errors, bad bodies.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gcpProvider } from '../../src/core/providers/gcp';
import { parseCredentialsJson, serviceAccountAssertion } from '../../src/core/providers/gcp/auth';
import { discoverFromFile, credentialFilePaths } from '../../src/core/providers/gcp/discover';
import { gpuPrices, parseGcpOffers, quotaFor, acceleratorInfo } from '../../src/core/providers/gcp/parse';
import { startGcpSim, type GcpRunningSim } from '../../src/sim/gcp';
import { GpuOfferSchema, ResourceSchema } from '../../src/shared/model';
import { caught as rejection, signal, simHarness } from './harness';

const { start, connect } = simHarness({
  descriptor: gcpProvider,
  startSim: startGcpSim,
  seed: 4,
  credentials: (s: GcpRunningSim) => ({ ...s.credentials }),
});

describe('Google Cloud descriptor and credentials', () => {
  it('declares Compute as base URL, every other host overridable, a secret multiline credentials field', () => {
    expect(gcpProvider.defaultBaseUrl).toBe('https://compute.googleapis.com');
    const json = gcpProvider.credentialFields.find((f) => f.name === 'credentialsJson')!;
    expect(json).toMatchObject({ secret: true, multiline: true, optional: false });
    expect(gcpProvider.credentialFields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['tokenUrl', 'monitoringBaseUrl', 'billingBaseUrl', 'resourceManagerBaseUrl']),
    );
    // 1,500 reads per minute documented; we allow half.
    expect(gcpProvider.rateLimit.intervalCap * (60_000 / gcpProvider.rateLimit.intervalMs)).toBeLessThanOrEqual(750);
  });

  it('rejects credentials that are not a key or ADC file without quoting them', () => {
    const r = gcpProvider.credentialSchema.safeParse({
      credentialsJson: '{"type":"external_account","secret":"s3cr3t"}',
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error)).not.toContain('s3cr3t');
    expect(() => parseCredentialsJson('not json {')).toThrow(/not valid JSON/);
  });

  it('signs a verifiable RS256 JWT with iss, aud, scope and a one-hour lifetime', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwt = serviceAccountAssertion(
      { client_email: 'a@b.iam', private_key: pem },
      'https://t/token',
      1_700_000_000_000,
    );
    const [h, c, sig] = jwt.split('.');
    expect(crypto.verify('RSA-SHA256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(sig!, 'base64url'))).toBe(true);
    const claims = JSON.parse(Buffer.from(c!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'a@b.iam', aud: 'https://t/token', iat: 1_700_000_000, exp: 1_700_003_600 });
    expect(String(claims.scope)).toContain('https://www.googleapis.com/auth/compute.readonly');
  });
});

describe('Google Cloud offers against the simulator', () => {
  it('accelerator types per zone × Billing Catalog prices, on-demand and spot, `listed`, with GPU quota', async () => {
    const s = await start();
    const { client } = connect(s);
    const offers = await client.fetchOffers!(signal());
    for (const o of offers) expect(GpuOfferSchema.safeParse(o).success).toBe(true);
    expect(offers.every((o) => o.availability.state === 'listed')).toBe(true);
    // Aggregated lists were paged to the end (the simulator hands out 2 per page).
    const accelPages = s.http.requests.filter((r) => r.path.endsWith('/aggregated/acceleratorTypes'));
    expect(accelPages.length).toBeGreaterThan(3);
    expect(s.http.requests.filter((r) => r.path.endsWith('/skus')).length).toBeGreaterThan(1);

    const h100 = offers.find((o) => o.id === 'gcp:nvidia-h100-80gb:us-central1-a:on-demand')!;
    expect(h100).toMatchObject({
      gpu: { model: 'H100-SXM', count: 1, vramGb: 80 },
      price: { perHour: 11.06, billing: 'on-demand' },
      region: { id: 'us-central1-a', name: 'us-central1' },
      quota: { limit: 16, used: 8, unit: 'GPUs', name: 'NVIDIA_H100_GPUS' },
    });
    expect(offers.find((o) => o.id === 'gcp:nvidia-h100-80gb:us-central1-a:spot')!.price.perHour).toBe(3.72);
    // A zero quota, and a missing quota, are the reason an offer cannot be launched.
    expect(offers.find((o) => o.id === 'gcp:nvidia-h100-80gb:europe-west4-b:on-demand')!.quota?.reason).toBe(
      'quota NVIDIA_H100_GPUS in europe-west4 is 0',
    );
    expect(offers.find((o) => o.id === 'gcp:nvidia-h100-80gb:us-east4-a:on-demand')!.quota?.reason).toMatch(
      /^no NVIDIA_H100_GPUS quota in us-east4/,
    );
    // Commitment SKUs never become on-demand prices.
    expect(offers.some((o) => o.price.perHour === 11.06 / 2)).toBe(false);
  });

  it('works with ADC user credentials (refresh-token grant) and sends the quota project', async () => {
    const s = await start();
    const { client } = connect(s, {}, { credentialsJson: s.authorizedUserJson });
    const offers = await client.fetchOffers!(signal());
    expect(offers.length).toBeGreaterThan(0);
    const compute = s.http.requests.find((r) => r.path.startsWith('/compute/'))!;
    expect(compute.headers['x-goog-user-project']).toBe('acme-ml-prod');
  });
});

describe('Google Cloud resources and metrics against the simulator', () => {
  it('discovers projects and lists instances with status, machine type and attached GPUs', async () => {
    const s = await start();
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
    expect(resources.filter((r) => r.kind === 'project').map((r) => r.name)).toEqual(['acme-ml-prod', 'acme-web-4821']);
    const a3 = resources.find((r) => r.name === 'trainer-a3-0')!;
    expect(a3).toMatchObject({
      kind: 'gpu-instance',
      state: 'running',
      region: 'us-central1-a',
      meta: { machineType: 'a3-highgpu-8g', gpus: 8, gpu: 'nvidia-h100-80gb' },
    });
    expect(a3.meta.gpuMetrics).toMatch(/Ops Agent/);
    expect(resources.find((r) => r.name === 'notebook')).toMatchObject({ state: 'stopped', stateRaw: 'TERMINATED' });
    expect(resources.find((r) => r.name === 'infer-t4-1')!.meta.provisioningModel).toBe('SPOT');
    expect(s.scenario.tokensIssued).toBe(1);
  });

  it('reads CPU and network per project (one call per metric type), GPU only where the agent reports', async () => {
    const s = await start();
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    const metrics = await client.fetchMetrics!(resources, signal());
    const a3 = metrics.get(resources.find((r) => r.name === 'trainer-a3-0')!.id)!;
    expect(a3.map((m) => m.name)).toEqual(['cpu_utilization', 'network_in', 'network_out', 'gpu_utilization']);
    expect(a3[0]!.points.every(([, v]) => v >= 0 && v <= 100)).toBe(true);
    // Points come newest first from Monitoring; the series is oldest first.
    expect(a3[0]!.points[0]![0]).toBeLessThan(a3[0]!.points.at(-1)![0]);
    const t4 = metrics.get(resources.find((r) => r.name === 'infer-t4-1')!.id)!;
    expect(t4.map((m) => m.name)).not.toContain('gpu_utilization');
    expect(metrics.has(resources.find((r) => r.name === 'notebook')!.id)).toBe(false);
    const calls = s.http.requests.filter((r) => r.path.endsWith('/timeSeries'));
    const types = calls.map((c) => new URLSearchParams(c.query).get('filter'));
    expect(types.filter((f) => f?.includes('cpu/utilization')).length).toBeLessThanOrEqual(4);
  });

  it('names the missing permission: compute.instances.list is an issue on the project', async () => {
    const s = await start('no-viewer');
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    const project = resources.find((r) => r.kind === 'project')!;
    expect(project.state).toBe('error');
    expect(project.issues[0]!.message).toMatch(/compute\.instances\.list/);
    expect(project.issues[0]!.hint).toMatch(/roles\/compute\.viewer/);
  });

  it('a missing Monitoring Viewer role fails metrics with the permission named', async () => {
    const s = await start('no-monitoring');
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    const e = await rejection(client.fetchMetrics!(resources, signal()));
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/monitoring\.timeSeries\.list/);
  });

  it('a revoked refresh token is an auth error that never echoes it', async () => {
    const s = await start();
    const revoked = JSON.stringify({
      ...JSON.parse(s.authorizedUserJson),
      refresh_token: '1//revoked-token-abcdefghijkl',
    });
    const { client } = connect(s, {}, { credentialsJson: revoked });
    const e = await rejection(client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/invalid_grant/);
    expect(JSON.stringify(e)).not.toContain('revoked-token-abcdefghijkl');
    expect(e.hint).toMatch(/gcloud auth application-default login/);
  });

  it('a JWT signed with another key is refused (invalid_grant)', async () => {
    const s = await start();
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const key = {
      ...JSON.parse(s.serviceAccountJson),
      private_key: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const { client } = connect(s, {}, { credentialsJson: JSON.stringify(key) });
    const e = await rejection(client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/Invalid JWT Signature/);
  });

  it('waits out a 429 with Retry-After and treats Compute’s 403 rateLimitExceeded as rate limiting', async () => {
    const s = await start();
    const { client, http } = connect(s);
    await client.testConnection(signal());
    s.scenario.throttle(1, 1);
    expect((await client.fetchResources!(signal())).length).toBeGreaterThan(0);
    expect(http.stats().retries).toBeGreaterThanOrEqual(1);

    const { client: once } = connect(s, { retry: { retries: 0 } });
    s.scenario.rateLimit403(1);
    const e = await rejection(once.fetchResources!(signal()));
    expect(e.code).toBe('rate_limited');
    expect(e.status).toBe(403);
  });

  it('turns a body that is not JSON and a wrong shape into bad_response naming the field', async () => {
    const s = await start();
    const { client } = connect(s, { retry: { retries: 0 } });
    await client.testConnection(signal());
    s.http.control.failNext({ status: 200, pathIncludes: '/aggregated/instances', body: '<html>' });
    expect((await rejection(client.fetchResources!(signal()))).code).toBe('bad_response');
    s.http.control.failNext({
      status: 200,
      pathIncludes: '/aggregated/instances',
      headers: { 'content-type': 'application/json' },
      body: { items: { 'zones/us-central1-a': { instances: [{ id: '1', name: 'x' }] } } },
    });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(
      /instance list: unexpected response shape at "items\.zones\/us-central1-a\.instances\[0\]\.zone"/,
    );
  });

  it('times out a hung request', async () => {
    const s = await start();
    const { client } = connect(s, { timeoutMs: 300, retry: { retries: 0 } });
    s.http.control.hangNext(1);
    expect((await rejection(client.testConnection(signal()))).code).toBe('timeout');
  });
});

describe('Google Cloud parser', () => {
  it('takes the first tier from 0 as the list price and ignores non-hourly SKUs', () => {
    const prices = gpuPrices([
      {
        skuId: 'A',
        description: 'Nvidia L4 GPU running in Americas',
        category: { resourceGroup: 'GPU', usageType: 'OnDemand' },
        serviceRegions: ['us-central1'],
        pricingInfo: [
          {
            pricingExpression: {
              usageUnit: 'h',
              tieredRates: [
                { startUsageAmount: 0, unitPrice: { currencyCode: 'USD', units: '0', nanos: 560_000_000 } },
              ],
            },
          },
        ],
      },
      {
        skuId: 'B',
        description: 'Nvidia L4 GPU running in Americas',
        category: { resourceGroup: 'GPU', usageType: 'OnDemand' },
        serviceRegions: ['us-east1'],
        pricingInfo: [{ pricingExpression: { usageUnit: 'GiBy.mo', tieredRates: [] } }],
      },
    ]);
    expect([...prices]).toEqual([['nvidia-l4|us-central1|on-demand', { price: 0.56, currency: 'USD' }]]);
    const offers = parseGcpOffers([{ name: 'nvidia-l4', zone: 'https://x/zones/us-central1-a' }], {
      fetchedAt: new Date(0).toISOString(),
      project: 'p',
      prices,
    });
    expect(offers).toHaveLength(1);
    expect(offers[0]!.quota).toBeUndefined();
  });

  it('spot offers count against the PREEMPTIBLE_ quota', () => {
    const q = quotaFor(
      acceleratorInfo('nvidia-l4')!,
      'spot',
      new Map([['PREEMPTIBLE_NVIDIA_L4_GPUS', { metric: 'PREEMPTIBLE_NVIDIA_L4_GPUS', limit: 4, usage: 4 }]]),
      'us-central1',
      1,
    );
    expect(q).toMatchObject({ limit: 4, used: 4, reason: expect.stringMatching(/0 of 4 GPUs free/) });
  });
});

describe('Google Cloud credential discovery', () => {
  it('looks at GOOGLE_APPLICATION_CREDENTIALS, then the gcloud ADC file', () => {
    expect(credentialFilePaths({ GOOGLE_APPLICATION_CREDENTIALS: '/k.json' }, '/home/u')).toEqual([
      '/k.json',
      '/home/u/.config/gcloud/application_default_credentials.json',
    ]);
    expect(credentialFilePaths({ CLOUDSDK_CONFIG: '/cfg' }, '/home/u')).toEqual([
      '/cfg/application_default_credentials.json',
    ]);
  });

  it('describes an ADC file without revealing the refresh token', async () => {
    const s = await start();
    const c = discoverFromFile('/adc.json', s.authorizedUserJson)!;
    expect(c.provider).toBe('gcp');
    expect(c.hints.credentialsJson).toMatch(/user credentials, refresh token …[a-z]{4}$/);
    expect(JSON.stringify(c.hints)).not.toContain('1//sim-refresh');
    expect(discoverFromFile('/x.json', '{"type":"external_account"}')).toBeUndefined();
  });
});
