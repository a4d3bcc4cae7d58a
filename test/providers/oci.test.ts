/**
 * OCI contract tests: the real provider code and the real OCI SDK (oci-common/oci-core/
 * oci-monitoring) against the OCI simulator, which verifies every request signature.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as common from 'oci-common';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { realClock } from '../../src/core/collector/clock';
import { createHttpClient } from '../../src/core/collector/http-client';
import { Limiter } from '../../src/core/collector/limiter';
import type { Logger } from '../../src/core/log/types';
import { silentLogger } from '../../src/core/log/types';
import { ociProvider } from '../../src/core/providers/oci';
import type { ProviderClient } from '../../src/core/providers/types';
import {
  CloudtopError,
  GpuOfferSchema,
  MetricSeriesSchema,
  ResourceSchema,
  type GpuOffer,
  type Resource,
} from '../../src/shared/model';
import { startOciSim, type OciRunningSim } from '../../src/sim/oci';

let sim: OciRunningSim;

beforeAll(async () => {
  sim = await startOciSim({ seed: 11 });
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  sim.http.control.reset();
  sim.scenario.setPageSize(50);
  sim.scenario.setGpuNamespace('present');
});

interface MakeOpts {
  credentials?: Record<string, string | undefined>;
  retries?: number;
  timeoutMs?: number;
  options?: Record<string, unknown>;
  log?: Logger;
}

function makeClient(o: MakeOpts = {}): ProviderClient {
  const limiter = new Limiter({ intervalMs: 1000, intervalCap: 1000, clock: realClock });
  const http = createHttpClient({
    provider: 'oci',
    account: 'default',
    baseUrl: sim.baseUrl,
    limiter,
    clock: realClock,
    retry: { retries: o.retries ?? 0, baseMs: 1, capMs: 5 },
    defaultTimeoutMs: o.timeoutMs ?? 5000,
  });
  const credentials = ociProvider.credentialSchema.parse(o.credentials ?? sim.credentials);
  return ociProvider.create({
    provider: 'oci',
    account: 'default',
    baseUrl: sim.baseUrl,
    credentials,
    http,
    clock: realClock,
    log: o.log ?? silentLogger,
    options: o.options ?? {},
  });
}

const signal = (): AbortSignal => new AbortController().signal;

function requestsTo(fragment: string, since = 0): number {
  return sim.http.requests.slice(since).filter((r) => r.path.includes(fragment)).length;
}

async function rejection(p: Promise<unknown>): Promise<CloudtopError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CloudtopError);
  return e as CloudtopError;
}

function otherKeyPem(): string {
  return crypto
    .generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

describe('OCI resources (ListInstances)', () => {
  it('follows opc-next-page to the end and maps instances', async () => {
    sim.scenario.setPageSize(2);
    const before = sim.http.requests.length;
    const resources = await makeClient().fetchResources!(signal());
    const simInstances = sim.scenario.instances();
    expect(resources).toHaveLength(simInstances.length);
    expect(requestsTo('/20160918/instances', before)).toBe(Math.ceil(simInstances.length / 2));
    for (const r of resources) ResourceSchema.parse(r);

    const byName = new Map(resources.map((r) => [r.name, r]));
    const gpu = byName.get('train-a100')!;
    expect(gpu.kind).toBe('gpu-instance');
    expect(gpu.meta).toMatchObject({ shape: 'BM.GPU4.8', gpus: 8, availabilityDomain: 'Uocm:US-ASHBURN-AD-2' });
    expect(gpu.region).toBe('us-ashburn-1'); // Instance.region says "iad"
    expect(gpu.consoleUrl).toMatch(/^https:\/\/cloud\.oracle\.com\/compute\/instances\/ocid1\.instance\./);
    expect(byName.get('web-1')).toMatchObject({ kind: 'instance', state: 'running', stateRaw: 'RUNNING' });
    expect(byName.get('batch-old')).toMatchObject({ state: 'stopped', stateRaw: 'STOPPED' });
  });

  it('reads a long list across many pages and leaves terminated instances out', async () => {
    const added = Array.from({ length: 130 }, (_, i) => sim.scenario.addInstance({ displayName: `bulk-${i}` }));
    const gone = sim.scenario.addInstance({ displayName: 'deleted', lifecycleState: 'TERMINATED' });
    try {
      const resources = await makeClient().fetchResources!(signal());
      expect(resources).toHaveLength(sim.scenario.instances().length - 1);
      expect(resources.some((r) => r.name === 'deleted')).toBe(false);
      expect(resources.filter((r) => r.name.startsWith('bulk-'))).toHaveLength(130);
    } finally {
      for (const i of [...added, gone]) sim.scenario.removeInstance(i.id as string);
    }
  });

  it('testConnection proves signing and names region and tenancy', async () => {
    const r = await makeClient().testConnection(signal());
    expect(r.ok).toBe(true);
    expect(r.detail).toContain('us-ashburn-1');
    expect(r.detail).toContain(sim.credentials.tenancy!.slice(-8));
  });
});

describe('OCI signed requests', () => {
  it('a wrong private key is refused with an actionable auth error', async () => {
    const client = makeClient({ credentials: { ...sim.credentials, privateKey: otherKeyPem() } });
    const e = await rejection(client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.status).toBe(401);
    expect(e.message).toContain('NotAuthenticated');
    expect(e.hint).toMatch(/fingerprint/);
    expect(e.hint).toMatch(/public key/);
    expect(sim.scenario.authFailures.at(-1)?.reason).toBe('signature does not verify');
    // Nothing secret in what the user sees.
    expect(`${e.message} ${e.hint}`).not.toContain('PRIVATE KEY');
  });

  it('an encrypted key works with its passphrase (PKCS#1 and PKCS#8)', async () => {
    const key = crypto.createPrivateKey(sim.credentials.privateKey!);
    for (const type of ['pkcs1', 'pkcs8'] as const) {
      const privateKey = key
        .export({ type, format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
        .toString();
      const r = await makeClient({
        credentials: { ...sim.credentials, privateKey, passphrase: 'correct horse' },
      }).testConnection(signal());
      expect(r.ok).toBe(true);
    }
  });

  it('a wrong passphrase, a missing one or a non-RSA key is a config error (and nothing crashes)', async () => {
    const encrypted = crypto
      .createPrivateKey(sim.credentials.privateKey!)
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' })
      .toString();
    const wrong = await rejection(
      makeClient({ credentials: { ...sim.credentials, privateKey: encrypted, passphrase: 'wrong' } }).testConnection(
        signal(),
      ),
    );
    expect(wrong).toMatchObject({ code: 'config', message: 'The OCI private key could not be read' });
    expect(wrong.hint).toMatch(/passphrase is right/);
    const missing = await rejection(
      makeClient({ credentials: { ...sim.credentials, privateKey: encrypted } }).testConnection(signal()),
    );
    expect(missing.hint).toMatch(/needs its passphrase/);
    const ec = crypto
      .generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const notRsa = await rejection(
      makeClient({ credentials: { ...sim.credentials, privateKey: ec } }).testConnection(signal()),
    );
    expect(notRsa.message).toMatch(/ec key; OCI API signing keys are RSA/);
    // The SDK's parser would emit an unhandled error event a tick later; give it the chance.
    await new Promise((r) => setTimeout(r, 50));
  });

  it('a fingerprint of another key is refused', async () => {
    const client = makeClient({
      credentials: { ...sim.credentials, fingerprint: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff' },
    });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('auth');
    expect(sim.scenario.authFailures.at(-1)?.reason).toBe('unknown keyId');
  });

  function signer(): common.DefaultRequestSigner {
    const c = sim.credentials;
    return new common.DefaultRequestSigner(
      new common.SimpleAuthenticationDetailsProvider(c.tenancy!, c.user!, c.fingerprint!, c.privateKey!, null),
    );
  }

  async function signed(method: 'GET' | 'POST', uri: string, body?: string): Promise<Headers> {
    const headers = new Headers({ 'content-type': 'application/json' });
    await signer().signHttpRequest({ method, uri, headers, body });
    return headers;
  }

  it('detects a tampered query string', async () => {
    const t = encodeURIComponent(sim.credentials.tenancy!);
    const uri = `${sim.baseUrl}/20160918/instances?compartmentId=${sim.credentials.tenancy}&limit=5`;
    const headers = await signed('GET', uri);
    const ok = await fetch(uri, { headers });
    expect(ok.status).toBe(200);
    const tampered = await fetch(`${sim.baseUrl}/20160918/instances?compartmentId=${t}&limit=6`, { headers });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({ code: 'NotAuthenticated', message: expect.any(String) });
    expect(tampered.headers.get('opc-request-id')).toBeTruthy();
  });

  it('detects a tampered body', async () => {
    const uri = `${sim.baseUrl}/20160918/computeCapacityReports`;
    const body = JSON.stringify({
      compartmentId: sim.credentials.tenancy,
      availabilityDomain: sim.scenario.availabilityDomains[0],
      shapeAvailabilities: [{ instanceShape: 'VM.GPU.A10.1' }],
    });
    const headers = await signed('POST', uri, body);
    expect((await fetch(uri, { method: 'POST', headers, body })).status).toBe(200);
    const other = body.replace('VM.GPU.A10.1', 'VM.GPU.A10.2');
    const res = await fetch(uri, { method: 'POST', headers, body: other });
    expect(res.status).toBe(401);
    expect(sim.scenario.authFailures.at(-1)?.reason).toBe('body does not match x-content-sha256');
  });

  it('refuses unsigned requests', async () => {
    const res = await fetch(`${sim.baseUrl}/20160918/instances?compartmentId=${sim.credentials.tenancy}`);
    expect(res.status).toBe(401);
    expect(sim.scenario.authFailures.at(-1)?.reason).toBe('missing Authorization header');
  });
});

describe('OCI GPU capacity offers', () => {
  const find = (offers: GpuOffer[], ad: string, shape: string): GpuOffer | undefined =>
    offers.find((o) => o.nativeId === `us-ashburn-1/Uocm:US-ASHBURN-${ad}/${shape}`);

  it('lists GPU shapes per AD with capacity, prices and specs', async () => {
    const offers = await makeClient().fetchOffers!(signal());
    for (const o of offers) GpuOfferSchema.parse(o);
    expect(offers.every((o) => o.gpu.count > 0 && o.price.billing === 'on-demand')).toBe(true);
    // Non-GPU shapes are not offers; GB200 is priced from Oracle's price list (part B110979).
    expect(offers.some((o) => o.instanceType?.startsWith('VM.Standard'))).toBe(false);
    const gb200 = offers.find((o) => o.instanceType === 'BM.GPU.GB200.4')!;
    expect(gb200.price).toMatchObject({ perGpuHour: 16, perHour: 64 });

    const a10 = find(offers, 'AD-1', 'VM.GPU.A10.1')!;
    expect(a10.availability).toEqual({ state: 'available', count: 12, detail: 'AVAILABLE' });
    expect(a10.price).toMatchObject({ perHour: 2, perGpuHour: 2, currency: 'USD' });
    expect(a10.region).toEqual({ id: 'us-ashburn-1', name: 'us-ashburn-1 AD-1', country: 'US' });
    expect(a10.gpu.rawName).toBe('NVIDIA® A10');

    const h100 = find(offers, 'AD-1', 'BM.GPU.H100.8')!;
    expect(h100.availability).toEqual({ state: 'none', count: 0, detail: 'OUT_OF_HOST_CAPACITY' });
    expect(h100.price).toMatchObject({ perHour: 80, perGpuHour: 10 });
    expect(h100.gpu.count).toBe(8);
    expect(h100.specs).toEqual({ vcpus: 224, ramGb: 2048, diskGb: 61440 });
    expect(h100.id).toBe('oci:us-ashburn-1/Uocm:US-ASHBURN-AD-1/BM.GPU.H100.8');
  });

  it("prices from Oracle's public price list (no credentials sent), the table as fallback", async () => {
    const h100Part = sim.scenario.priceParts.find((p) => p.displayName.endsWith('- H100'))!;
    const gb200Part = sim.scenario.priceParts.find((p) => p.partNumber === 'B110979')!;
    const saved = [h100Part.usd, gb200Part.usd];
    try {
      h100Part.usd = 9.25;
      gb200Part.usd = 15.5;
      const before = sim.http.requests.length;
      const offers = await makeClient().fetchOffers!(signal());
      const list = sim.http.requests.slice(before).filter((r) => r.path === '/pls/apex/cetools/api/v1/products/');
      expect(list).toHaveLength(1);
      expect(list[0]!.query).toBe('?currencyCode=USD');
      expect(list[0]!.headers.authorization).toBeUndefined();
      expect(offers.find((o) => o.instanceType === 'BM.GPU.H100.8')!.price).toMatchObject({
        perGpuHour: 9.25,
        perHour: 74,
      });
      expect(offers.find((o) => o.instanceType === 'BM.GPU.GB200.4')!.price).toMatchObject({ perGpuHour: 15.5 });
      // Not in the list (A100): the table.
      expect(offers.find((o) => o.instanceType === 'BM.GPU4.8')!.price.perGpuHour).toBe(3.05);

      // The list is down: every shape the table knows still gets an offer, with a warning logged.
      sim.http.control.failNext({ status: 503, pathIncludes: '/cetools/', body: 'down' });
      const warnings: string[] = [];
      const log: Logger = { ...silentLogger, warn: (_o, msg) => void warnings.push(msg ?? ''), child: () => log };
      const fallback = await makeClient({ log }).fetchOffers!(signal());
      expect(fallback.find((o) => o.instanceType === 'BM.GPU.H100.8')!.price.perGpuHour).toBe(10);
      expect(fallback.find((o) => o.instanceType === 'BM.GPU.GB200.4')!.price.perGpuHour).toBe(16);
      expect(warnings.some((w) => /price list could not be read/.test(w))).toBe(true);
    } finally {
      [h100Part.usd, gb200Part.usd] = saved as [number, number];
    }
  });

  it('follows capacity changes, HARDWARE_NOT_SUPPORTED and unknown statuses', async () => {
    const client = makeClient();
    sim.scenario.setCapacity('BM.GPU.H100.8', 'AD-1', 'AVAILABLE', 2);
    sim.scenario.setCapacity('BM.GPU.H100.8', 'AD-3', 'HARDWARE_NOT_SUPPORTED', 0);
    sim.scenario.setCapacity('BM.GPU.L40S.4', 'AD-3', 'CONSTRAINT_ERROR', 0);
    try {
      const offers = await client.fetchOffers!(signal());
      expect(find(offers, 'AD-1', 'BM.GPU.H100.8')!.availability).toEqual({
        state: 'available',
        count: 2,
        detail: 'AVAILABLE',
      });
      expect(find(offers, 'AD-3', 'BM.GPU.H100.8')!.availability).toEqual({
        state: 'none',
        count: 0,
        detail: 'HARDWARE_NOT_SUPPORTED',
      });
      expect(find(offers, 'AD-3', 'BM.GPU.L40S.4')!.availability).toEqual({
        state: 'unknown',
        detail: 'CONSTRAINT_ERROR',
      });
    } finally {
      sim.scenario.setCapacity('BM.GPU.H100.8', 'AD-1', 'OUT_OF_HOST_CAPACITY', 0);
      sim.scenario.setCapacity('BM.GPU.H100.8', 'AD-3', 'OUT_OF_HOST_CAPACITY', 0);
      sim.scenario.setCapacity('BM.GPU.L40S.4', 'AD-3', 'AVAILABLE', 2);
    }
  });

  it('uses configured ADs and price overrides', async () => {
    const before = sim.http.requests.length;
    const offers = await makeClient({
      options: { availabilityDomains: ['Uocm:US-ASHBURN-AD-1'], prices: { 'BM.GPU.GB200.4': 12.5, H100: 9 } },
    }).fetchOffers!(signal());
    expect(requestsTo('/availabilityDomains', before)).toBe(0);
    expect(new Set(offers.map((o) => o.nativeId.split('/')[1]))).toEqual(new Set(['Uocm:US-ASHBURN-AD-1']));
    expect(find(offers, 'AD-1', 'BM.GPU.GB200.4')?.price).toMatchObject({ perGpuHour: 12.5, perHour: 50 });
    expect(find(offers, 'AD-1', 'BM.GPU.H100.8')?.price).toMatchObject({ perGpuHour: 9, perHour: 72 });
  });

  it('without the capacity-report policy, shapes are still listed as unknown', async () => {
    sim.http.control.failNext(
      {
        status: 404,
        pathIncludes: '/computeCapacityReports',
        body: { code: 'NotAuthorizedOrNotFound', message: 'Authorization failed or requested resource not found.' },
      },
      3,
    );
    const offers = await makeClient().fetchOffers!(signal());
    const a10 = find(offers, 'AD-1', 'VM.GPU.A10.1')!;
    expect(a10.availability.state).toBe('unknown');
    expect(a10.availability.detail).toMatch(/capacity report unavailable.*NotAuthorizedOrNotFound/);
  });

  it('a free-tier tenancy has no GPU offers', async () => {
    const free = await startOciSim({ scenario: 'free-tier', seed: 3 });
    try {
      const limiter = new Limiter({ intervalMs: 1000, intervalCap: 100, clock: realClock });
      const http = createHttpClient({
        provider: 'oci',
        account: 'a',
        baseUrl: free.baseUrl,
        limiter,
        clock: realClock,
        retry: { retries: 0 },
      });
      const client = ociProvider.create({
        provider: 'oci',
        account: 'a',
        baseUrl: free.baseUrl,
        credentials: ociProvider.credentialSchema.parse(free.credentials),
        http,
        clock: realClock,
        log: silentLogger,
        options: {},
      });
      expect(await client.fetchOffers!(signal())).toEqual([]);
      expect(await client.fetchResources!(signal())).toHaveLength(2);
    } finally {
      await free.close();
    }
  });
});

describe('OCI metrics (SummarizeMetricsData)', () => {
  async function resources(client: ProviderClient): Promise<Resource[]> {
    return client.fetchResources!(signal());
  }

  it('returns CPU and memory for running instances and GPU utilisation for GPU instances', async () => {
    const client = makeClient();
    const rs = await resources(client);
    const train = rs.find((r) => r.name === 'train-a100')!;
    sim.scenario.setMetric(train.id.slice(4), 'cpu', 40);
    const before = sim.http.requests.length;
    const metrics = await client.fetchMetrics!(rs, signal());
    // One query per metric per compartment, not one per instance.
    expect(requestsTo('summarizeMetricsData', before)).toBe(3);

    const running = rs.filter((r) => r.state === 'running');
    for (const r of running) {
      const names = (metrics.get(r.id) ?? []).map((s) => s.name).sort();
      expect(names).toEqual(
        r.kind === 'gpu-instance'
          ? ['cpu_utilization', 'gpu_utilization', 'memory_utilization']
          : ['cpu_utilization', 'memory_utilization'],
      );
    }
    // The GPU health namespace carries only its documented dimensions (component, timestamp,
    // version), with no instance id: GPU instances say "not reported" instead of an empty chart.
    for (const r of running.filter((x) => x.kind === 'gpu-instance')) {
      const gpu = metrics.get(r.id)!.find((s) => s.name === 'gpu_utilization')!;
      MetricSeriesSchema.parse(gpu);
      expect(gpu).toMatchObject({ points: [], note: 'not reported' });
    }
    expect(metrics.has(rs.find((r) => r.name === 'batch-old')!.id)).toBe(false);

    const cpu = metrics.get(train.id)!.find((s) => s.name === 'cpu_utilization')!;
    MetricSeriesSchema.parse(cpu);
    expect(cpu.unit).toBe('percent');
    expect(cpu.points.length).toBeGreaterThanOrEqual(55);
    const mean = cpu.points.reduce((a, [, v]) => a + v, 0) / cpu.points.length;
    expect(mean).toBeGreaterThan(28);
    expect(mean).toBeLessThan(52);
    expect(cpu.points.every(([t], i) => i === 0 || t - cpu.points[i - 1]![0] === 60_000)).toBe(true);
  });

  it('tolerates a missing GPU namespace (empty answer or an error)', async () => {
    const client = makeClient();
    const rs = await resources(client);
    const gpuId = rs.find((r) => r.kind === 'gpu-instance' && r.state === 'running')!.id;
    for (const mode of ['empty', 'missing-error'] as const) {
      sim.scenario.setGpuNamespace(mode);
      const metrics = await client.fetchMetrics!(rs, signal());
      const names = (metrics.get(gpuId) ?? []).map((s) => s.name);
      expect(names).toContain('cpu_utilization');
      const gpu = metrics.get(gpuId)!.find((s) => s.name === 'gpu_utilization');
      expect(gpu).toMatchObject({ points: [], note: 'not reported' });
    }
  });

  it('a missing metrics policy is a forbidden error naming the policy', async () => {
    const client = makeClient();
    const rs = await resources(client);
    sim.http.control.failNext({
      status: 404,
      pathIncludes: 'summarizeMetricsData',
      body: { code: 'NotAuthorizedOrNotFound', message: 'Authorization failed or requested resource not found.' },
    });
    const e = await rejection(client.fetchMetrics!(rs, signal()));
    expect(e.code).toBe('forbidden');
    expect(e.hint).toContain('read metrics');
  });
});

describe('OCI failures', () => {
  it('429 becomes rate_limited with the retry-after delay', async () => {
    sim.scenario.rateLimitNext(1, 2);
    const e = await rejection(makeClient().fetchResources!(signal()));
    expect(e.code).toBe('rate_limited');
    expect(e.status).toBe(429);
    expect(e.retryAfterMs).toBe(2000);
  });

  it('a single 429 is retried by the collector (not by the SDK) and succeeds', async () => {
    const before = sim.http.requests.length;
    sim.scenario.rateLimitNext(1, 0);
    const rs = await makeClient({ retries: 2 }).fetchResources!(signal());
    expect(rs.length).toBe(sim.scenario.instances().length);
    const statuses = sim.http.requests.slice(before).map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
  });

  it('the SDK does not retry capacity reports by itself', async () => {
    const before = sim.http.requests.length;
    sim.http.control.failNext({
      status: 503,
      pathIncludes: '/computeCapacityReports',
      body: { code: 'ServiceUnavailable', message: 'try later' },
    });
    const e = await rejection(
      makeClient({ options: { availabilityDomains: ['Uocm:US-ASHBURN-AD-1'] } }).fetchOffers!(signal()),
    );
    expect(e.code).toBe('upstream');
    expect(requestsTo('/computeCapacityReports', before)).toBe(1);
  });

  it('a body that is not JSON is bad_response', async () => {
    sim.http.control.failNext({ status: 200, pathIncludes: '/20160918/instances', body: '[{"id": "ocid1.instance' });
    const e = await rejection(makeClient().fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
  });

  it('JSON of the wrong shape is bad_response naming the field', async () => {
    sim.http.control.failNext({
      status: 200,
      pathIncludes: '/20160918/instances',
      body: [{ id: 'x', lifecycleState: 'RUNNING' }],
    });
    const e = await rejection(makeClient().fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/ListInstances.*unexpected data shape/);
  });

  it('a hung request times out', async () => {
    sim.http.control.hangNext(1);
    const e = await rejection(makeClient({ timeoutMs: 300 }).fetchResources!(signal()));
    expect(e.code).toBe('timeout');
  });

  it('a missing instance policy names the policy', async () => {
    sim.http.control.failNext({
      status: 404,
      pathIncludes: '/instances',
      body: { code: 'NotAuthorizedOrNotFound', message: 'Authorization failed or requested resource not found.' },
    });
    const e = await rejection(makeClient().fetchResources!(signal()));
    expect(e.code).toBe('forbidden');
    expect(e.hint).toContain('inspect instances');
  });

  it('the SDK prints nothing to the console, even on errors', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    try {
      sim.scenario.rateLimitNext(1, 1);
      await rejection(makeClient().fetchResources!(signal()));
      await rejection(
        makeClient({ credentials: { ...sim.credentials, privateKey: otherKeyPem() } }).fetchOffers!(signal()),
      );
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  it('routes the SDK debug lines to our logger', async () => {
    const lines: string[] = [];
    const log: Logger = { ...silentLogger, debug: (_o, msg) => void lines.push(msg ?? ''), child: () => log };
    await makeClient({ log }).fetchResources!(signal());
    expect(lines.some((l) => /ComputeClient#listInstances/.test(l))).toBe(true);
  });
});

describe('OCI credentials from ~/.oci/config', () => {
  it('signs with the profile in a config file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cloudtop-oci-'));
    try {
      const c = sim.credentials;
      await fs.writeFile(path.join(dir, 'key.pem'), c.privateKey!, { mode: 0o600 });
      await fs.writeFile(
        path.join(dir, 'config'),
        `[DEFAULT]\nregion=us-ashburn-1\n\n[SIM]\nuser=${c.user}\nfingerprint=${c.fingerprint}\nkey_file=key.pem\ntenancy=${c.tenancy}\n`,
      );
      const client = makeClient({ credentials: { configFile: path.join(dir, 'config'), profile: 'SIM' } });
      const r = await client.testConnection(signal());
      expect(r.detail).toContain('profile SIM');
      expect(await client.fetchResources!(signal())).toHaveLength(sim.scenario.instances().length);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a missing key file is a config error naming the file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cloudtop-oci-'));
    try {
      const c = sim.credentials;
      await fs.writeFile(
        path.join(dir, 'config'),
        `[DEFAULT]\nuser=${c.user}\nfingerprint=${c.fingerprint}\nkey_file=nope.pem\ntenancy=${c.tenancy}\nregion=us-ashburn-1\n`,
      );
      const e = await rejection(
        makeClient({ credentials: { configFile: path.join(dir, 'config') } }).testConnection(signal()),
      );
      expect(e.code).toBe('config');
      expect(e.message).toContain(path.join(dir, 'nope.pem'));
      expect(e.message).toContain('does not exist');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
