/**
 * The OCI simulator against the SDK models (test/fixtures/specs/oci/sdk-model-fields.json, derived
 * from the oci-core/oci-monitoring .d.ts files): field names, types, required fields and enums of
 * everything it answers, and of the request bodies cloudtop sends. Plus the simulator's own rules
 * (paging, errors, signature clock skew, scenarios, demo churn).
 */
import fs from 'node:fs';
import * as common from 'oci-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../src/core/collector/clock';
import { createHttpClient } from '../../src/core/collector/http-client';
import { Limiter } from '../../src/core/collector/limiter';
import { silentLogger } from '../../src/core/log/types';
import { ociProvider } from '../../src/core/providers/oci';
import { ociSim, startOciSim, type OciRunningSim } from '../../src/sim/oci';
import { parseMql, matchesFilters } from '../../src/sim/oci/mql';
import { simulators } from '../../src/sim';

interface FieldSpec {
  type: string;
  required: boolean;
}
interface ModelSpec {
  properties: Record<string, FieldSpec>;
  enums: Record<string, string[]>;
}
const spec = JSON.parse(
  fs.readFileSync(new URL('../fixtures/specs/oci/sdk-model-fields.json', import.meta.url), 'utf8'),
) as {
  models: Record<string, ModelSpec>;
};

/** Checks a REST JSON value against a model of the SDK; returns problems as "path: what". */
export function checkModel(model: string, value: unknown, at = model): string[] {
  const m = spec.models[model];
  if (!m) throw new Error(`no model ${model} in sdk-model-fields.json`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not an object`];
  const obj = value as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, f] of Object.entries(m.properties)) {
    if (f.required && (obj[k] === undefined || obj[k] === null)) out.push(`${at}.${k}: required`);
  }
  for (const [k, v] of Object.entries(obj)) {
    const f = m.properties[k];
    if (!f) {
      out.push(`${at}.${k}: not a field of ${model}`);
      continue;
    }
    if (v !== undefined && v !== null) out.push(...checkType(f.type.trim(), v, `${at}.${k}`));
  }
  return out;
}

function checkType(type: string, v: unknown, at: string): string[] {
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr)
    return Array.isArray(v) ? v.flatMap((x, i) => checkType(arr[1]!, x, `${at}[${i}]`)) : [`${at}: not an array`];
  if (type === 'string') return typeof v === 'string' ? [] : [`${at}: not a string`];
  if (type === 'number') return typeof v === 'number' && Number.isFinite(v) ? [] : [`${at}: not a number`];
  if (type === 'boolean') return typeof v === 'boolean' ? [] : [`${at}: not a boolean`];
  if (type === 'Date')
    return typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T.*Z$/.test(v)
      ? []
      : [`${at}: not an RFC 3339 date`];
  if (type.startsWith('{')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return [`${at}: not a map`];
    if (/^\{ \[key: string\]: string$/.test(type))
      return Object.entries(v)
        .filter(([, x]) => typeof x !== 'string')
        .map(([k]) => `${at}.${k}: not a string`);
    return [];
  }
  if (type.includes('|')) return typeof v === 'object' && v !== null ? [] : [`${at}: not an object`];
  const model = /^model\.(\w+)$/.exec(type);
  if (model) {
    if (spec.models[model[1]!]) return checkModel(model[1]!, v, at);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? [] : [`${at}: not an object`];
  }
  const en = /^(\w+)\.(\w+)$/.exec(type);
  if (en) {
    const values = spec.models[en[1]!]?.enums[en[2]!];
    if (!values) return [`${at}: unknown type ${type}`];
    // UNKNOWN_VALUE is what the SDK substitutes; a real service never sends it.
    return typeof v === 'string' && values.includes(v) && v !== 'UNKNOWN_VALUE'
      ? []
      : [`${at}: ${String(v)} not in ${type}`];
  }
  return [`${at}: unhandled type ${type}`];
}

let sim: OciRunningSim;

function signer(s: OciRunningSim): common.DefaultRequestSigner {
  const c = s.credentials;
  return new common.DefaultRequestSigner(
    new common.SimpleAuthenticationDetailsProvider(c.tenancy!, c.user!, c.fingerprint!, c.privateKey!, null),
  );
}

async function call(
  method: 'GET' | 'POST',
  pathAndQuery: string,
  body?: unknown,
  s = sim,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const uri = `${s.baseUrl}${pathAndQuery}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers = new Headers({ 'content-type': 'application/json', 'opc-request-id': 'TESTCLIENT' });
  await signer(s).signHttpRequest({ method, uri, headers, body: text });
  const res = await fetch(uri, { method, headers, body: text });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

beforeAll(async () => {
  sim = await startOciSim({ seed: 5 });
});
afterAll(async () => {
  await sim?.close();
});

describe('the validator itself', () => {
  it('flags unknown fields, missing required fields, wrong types and enum values', () => {
    const problems = checkModel('Instance', {
      id: 'x',
      shape: 1,
      lifecycleState: 'ON',
      extra: true,
      timeCreated: 'yesterday',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'Instance.availabilityDomain: required',
        'Instance.shape: not a string',
        'Instance.lifecycleState: ON not in Instance.LifecycleState',
        'Instance.extra: not a field of Instance',
        'Instance.timeCreated: not an RFC 3339 date',
      ]),
    );
  });
});

describe('OCI simulator responses match the SDK models', () => {
  const t = (): string => sim.credentials.tenancy!;

  it('ListInstances → Instance[]', async () => {
    const r = await call('GET', `/20160918/instances?compartmentId=${t()}`);
    expect(r.status).toBe(200);
    const items = r.json as unknown[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.flatMap((i) => checkModel('Instance', i))).toEqual([]);
  });

  it('ListShapes → Shape[]', async () => {
    const r = await call('GET', `/20160918/shapes?compartmentId=${t()}&limit=100`);
    const items = r.json as unknown[];
    expect(items.length).toBeGreaterThan(5);
    expect(items.flatMap((i) => checkModel('Shape', i))).toEqual([]);
  });

  it('CreateComputeCapacityReport → ComputeCapacityReport', async () => {
    const body = {
      compartmentId: t(),
      availabilityDomain: sim.scenario.availabilityDomains[0],
      shapeAvailabilities: [{ instanceShape: 'BM.GPU.H100.8' }, { instanceShape: 'BM.GPU.A100-v2.8' }],
    };
    expect(checkModel('CreateComputeCapacityReportDetails', body)).toEqual([]);
    const r = await call('POST', '/20160918/computeCapacityReports', body);
    expect(r.status).toBe(200);
    expect(checkModel('ComputeCapacityReport', r.json)).toEqual([]);
    // A100-v2 is not offered in AD-1.
    expect(
      (r.json as { shapeAvailabilities: Array<{ availabilityStatus: string }> }).shapeAvailabilities[1]!
        .availabilityStatus,
    ).toBe('HARDWARE_NOT_SUPPORTED');
  });

  it('SummarizeMetricsData → MetricData[]', async () => {
    const end = Date.now();
    const body = {
      namespace: 'oci_computeagent',
      query: 'CpuUtilization[1m].mean()',
      startTime: new Date(end - 600_000).toISOString(),
      endTime: new Date(end).toISOString(),
    };
    expect(checkModel('SummarizeMetricsDataDetails', body)).toEqual([]);
    const r = await call('POST', `/20180401/metrics/actions/summarizeMetricsData?compartmentId=${t()}`, body);
    const items = r.json as unknown[];
    expect(items.length).toBe(sim.scenario.instances().filter((i) => i.lifecycleState === 'RUNNING').length);
    expect(items.flatMap((i) => checkModel('MetricData', i))).toEqual([]);
  });

  it('the request bodies cloudtop sends match the SDK request models', async () => {
    const bodies: Array<{ url: string; body: unknown }> = [];
    const recording: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string') bodies.push({ url: String(input), body: JSON.parse(init.body) });
      return fetch(input, init);
    };
    const http = createHttpClient({
      provider: 'oci',
      account: 'a',
      baseUrl: sim.baseUrl,
      limiter: new Limiter({ intervalMs: 1000, intervalCap: 100, clock: realClock }),
      clock: realClock,
      fetch: recording,
      retry: { retries: 0 },
    });
    const client = ociProvider.create({
      provider: 'oci',
      account: 'a',
      baseUrl: sim.baseUrl,
      credentials: ociProvider.credentialSchema.parse(sim.credentials),
      http,
      clock: realClock,
      log: silentLogger,
      options: {},
    });
    await client.fetchOffers!(new AbortController().signal);
    await client.fetchMetrics!(
      await client.fetchResources!(new AbortController().signal),
      new AbortController().signal,
    );
    const reports = bodies.filter((b) => b.url.includes('computeCapacityReports'));
    const metrics = bodies.filter((b) => b.url.includes('summarizeMetricsData'));
    expect(reports.length).toBe(3);
    expect(metrics.length).toBe(3);
    expect(reports.flatMap((b) => checkModel('CreateComputeCapacityReportDetails', b.body))).toEqual([]);
    expect(
      reports.flatMap((b) =>
        (b.body as { shapeAvailabilities: unknown[] }).shapeAvailabilities.flatMap((s) =>
          checkModel('CreateCapacityReportShapeAvailabilityDetails', s),
        ),
      ),
    ).toEqual([]);
    expect(metrics.flatMap((b) => checkModel('SummarizeMetricsDataDetails', b.body))).toEqual([]);
    expect((metrics[0]!.body as { query: string }).query).toMatch(
      /^CpuUtilization\[1m\]\{resourceId =~ "ocid1\.instance\.[^"]+"\}\.mean\(\)$/,
    );
  });
});

describe('OCI simulator rules', () => {
  const t = (): string => sim.credentials.tenancy!;

  it('pages with opc-next-page and rejects bad page tokens and limits', async () => {
    const first = await call('GET', `/20160918/instances?compartmentId=${t()}&limit=2`);
    expect((first.json as unknown[]).length).toBe(2);
    const next = first.headers.get('opc-next-page');
    expect(next).toMatch(/^[0-9a-z]+$/);
    const second = await call('GET', `/20160918/instances?compartmentId=${t()}&limit=2&page=${next}`);
    expect((second.json as Array<{ id: string }>)[0]!.id).not.toBe((first.json as Array<{ id: string }>)[0]!.id);
    const bad = await call('GET', `/20160918/instances?compartmentId=${t()}&page=garbage`);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'InvalidParameter' });
    expect((await call('GET', `/20160918/instances?compartmentId=${t()}&limit=5000`)).status).toBe(400);
  });

  it('answers OCI error bodies with opc-request-id', async () => {
    const missing = await call('GET', '/20160918/instances');
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 'MissingParameter', message: expect.any(String) });
    const other = await call('GET', '/20160918/instances?compartmentId=ocid1.compartment.oc1..aaaaaaaanotmine');
    expect(other.status).toBe(404);
    expect(other.json).toMatchObject({ code: 'NotAuthorizedOrNotFound' });
    expect(other.headers.get('opc-request-id')).toMatch(/^TESTCLIENT\/[0-9A-F]{32}$/); // client id / server id
    const notRoot = await call('POST', '/20160918/computeCapacityReports', {
      compartmentId: sim.scenario.account.compartment,
      availabilityDomain: sim.scenario.availabilityDomains[0],
      shapeAvailabilities: [{ instanceShape: 'VM.GPU.A10.1' }],
    });
    expect(notRoot.status).toBe(400);
    const badQuery = await call('POST', `/20180401/metrics/actions/summarizeMetricsData?compartmentId=${t()}`, {
      namespace: 'oci_computeagent',
      query: 'CpuUtilization',
    });
    expect(badQuery.json).toMatchObject({ code: 'InvalidParameter' });
  });

  it('rejects a signature whose date is outside the clock skew', async () => {
    const uri = `${sim.baseUrl}/20160918/instances?compartmentId=${t()}`;
    const headers = new Headers({ 'x-date': new Date(Date.now() - 10 * 60_000).toUTCString() });
    await signer(sim).signHttpRequest({ method: 'GET', uri, headers });
    const res = await fetch(uri, { headers });
    expect(res.status).toBe(401);
    expect(sim.scenario.authFailures.at(-1)?.reason).toBe('date outside the allowed clock skew');
  });

  it('sends 429 with retry-after', async () => {
    sim.scenario.rateLimitNext(1, 7);
    const r = await call('GET', `/20160918/shapes?compartmentId=${t()}`);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.json).toEqual({ code: 'TooManyRequests', message: 'Too many requests for the user' });
  });

  it('lists availability domains (Identity)', async () => {
    const r = await call('GET', `/20160918/availabilityDomains?compartmentId=${t()}`);
    expect((r.json as Array<{ name: string }>).map((a) => a.name)).toEqual([
      'Uocm:US-ASHBURN-AD-1',
      'Uocm:US-ASHBURN-AD-2',
      'Uocm:US-ASHBURN-AD-3',
    ]);
  });

  it('demo churn is reproducible per seed and flips capacity', async () => {
    const a = await startOciSim({ seed: 42 });
    const b = await startOciSim({ seed: 42 });
    try {
      const snapshot = (s: OciRunningSim): string =>
        JSON.stringify(
          ['VM.GPU.A10.1', 'BM.GPU.H100.8', 'BM.GPU4.8', 'BM.GPU.L40S.4'].flatMap((sh) =>
            s.scenario.availabilityDomains.map((ad) => s.scenario.getCapacity(sh, ad)),
          ),
        );
      const start = snapshot(a);
      for (let i = 0; i < 20; i++) {
        a.tick();
        b.tick();
      }
      expect(snapshot(a)).toBe(snapshot(b));
      expect(snapshot(a)).not.toBe(start);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('has the advertised scenarios and is registered', async () => {
    expect(ociSim.scenarios).toEqual(['default', 'free-tier', 'large']);
    expect(simulators).toContain(ociSim);
    const large = await ociSim.start({ scenario: 'large' });
    try {
      expect((large as OciRunningSim).scenario.instances()).toHaveLength(1000);
      expect(Object.keys(large.credentials).sort()).toEqual(['fingerprint', 'privateKey', 'region', 'tenancy', 'user']);
      expect(large.credentials.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    } finally {
      await large.close();
    }
    await expect(ociSim.start({ scenario: 'nope' })).rejects.toThrow(/unknown oci scenario/);
  });
});

describe('simulator MQL subset', () => {
  it('parses metric, interval, filters and statistic', () => {
    expect(parseMql('CpuUtilization[1m]{resourceId = "ocid1.instance.oc1.iad.abc"}.mean()')).toEqual({
      metric: 'CpuUtilization',
      intervalMs: 60_000,
      filters: [{ dimension: 'resourceId', op: '=', values: ['ocid1.instance.oc1.iad.abc'] }],
      statistic: 'mean',
    });
    const q = parseMql('GpuUtilization[5m]{resourceId =~ "a|b*", shape = BM.GPU4.8}.max()')!;
    expect(matchesFilters(q.filters, { resourceId: 'bcd', shape: 'BM.GPU4.8' })).toBe(true);
    expect(matchesFilters(q.filters, { resourceId: 'c', shape: 'BM.GPU4.8' })).toBe(false);
    expect(parseMql('CpuUtilization.mean()')).toBeUndefined();
    expect(parseMql('CpuUtilization[1m].median()')).toBeUndefined();
  });
});
