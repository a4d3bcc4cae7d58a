/**
 * Contract tests: the real AWS client (descriptor.create over the collector's HttpClient, SigV4 from
 * @smithy/signature-v4, the SDK's XML parser and credential chain) against the AWS simulator on
 * loopback: paging to the end, resources with GPU facts, offers (list and spot prices, Spot placement
 * scores, Capacity Blocks, quotas), metrics, permission gaps, auth/throttle/malformed/schema errors,
 * the SDK default chain with a named profile, and payloads from AWS's own docs and model examples
 * (test/fixtures/aws, sources in SOURCES.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseXML } from '@aws-sdk/xml-builder';
import { AwsOptionsSchema, DEFAULT_REGIONS, awsProvider } from '../../src/core/providers/aws';
import { discover } from '../../src/core/providers/aws/credentials';
import {
  DescribeAvailabilityZonesSchema,
  DescribeRegionsSchema,
  DescribeSpotPriceHistorySchema,
  GetProductsSchema,
  GetServiceQuotaSchema,
  PriceListProductSchema,
  latestSpotPrices,
  onDemandPrices,
  scoreAvailability,
} from '../../src/core/providers/aws/parse';
import { SIM_SECRET_ACCESS_KEY, startAwsSim, type AwsRunningSim } from '../../src/sim/aws';
import { CloudtopError, GpuOfferSchema, ResourceSchema, type GpuOffer } from '../../src/shared/model';
import { capturingLogger } from '../unit/core/collector/helpers';
import { connectProvider, type ConnectOptions } from '../helpers/real-provider-client';
import { ec2Xml, loadModel } from '../helpers/aws-model';

const FIXTURES = fileURLToPath(new URL('../fixtures/aws/', import.meta.url));
const examples = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'botocore-examples.json'), 'utf8')) as Record<
  string,
  { output: unknown }[]
>;
const ec2Model = loadModel('ec2-2016-11-15.trimmed.json');
/** AWS's documented example key id (the IAM docs' AKIA…EXAMPLE), built at run time for the secret scan. */
const DOC_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');

let sim: AwsRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(scenario = 'default', maxPage?: number): Promise<AwsRunningSim> {
  sim = await startAwsSim({ scenario, seed: 5 });
  if (maxPage) sim.scenario.maxPage = maxPage;
  return sim;
}

function connect(s: AwsRunningSim, o: Partial<ConnectOptions> = {}, creds: Record<string, string> = s.credentials) {
  return connectProvider(awsProvider, { baseUrl: s.baseUrl, credentials: creds, ...o });
}

const signal = (): AbortSignal => new AbortController().signal;

async function rejection(p: Promise<unknown>): Promise<CloudtopError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CloudtopError);
    return e as CloudtopError;
  }
  throw new Error('expected the call to fail');
}

describe('AWS descriptor, credentials and options', () => {
  it('takes a profile (SDK default chain) or an access key; the secret is a secret field', () => {
    const fields = Object.fromEntries(awsProvider.credentialFields.map((f) => [f.name, f]));
    expect(fields.secretAccessKey).toMatchObject({ secret: true });
    expect(fields.sessionToken).toMatchObject({ secret: true });
    expect(fields.profile).toMatchObject({ secret: false });
    expect(awsProvider.credentialSchema.safeParse({ profile: 'dev-sso' }).success).toBe(true);
    expect(
      awsProvider.credentialSchema.safeParse({
        accessKeyId: DOC_KEY_ID,
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      }).success,
    ).toBe(true);
    const half = awsProvider.credentialSchema.safeParse({ accessKeyId: DOC_KEY_ID });
    expect(half.success).toBe(false);
    expect(awsProvider.credentialSchema.safeParse({}).success).toBe(false);
    const bad = awsProvider.credentialSchema.safeParse({
      accessKeyId: 'nope',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error)).not.toContain('wJalrXUtnFEMI');
  });

  it('options: default GPU regions and families; strict; a bad region is a config error naming the option', async () => {
    const o = AwsOptionsSchema.parse({});
    expect(o.regions).toEqual([...DEFAULT_REGIONS]);
    expect(o.families).toEqual(expect.arrayContaining(['p5', 'p5e', 'p5en', 'p4d', 'g5', 'g6', 'g6e']));
    expect(AwsOptionsSchema.safeParse({ regions: 'all' }).success).toBe(true);
    expect(AwsOptionsSchema.safeParse({ region: ['us-east-1'] }).success).toBe(false);
    const s = await start();
    const { client } = connect(s, { options: { regions: ['US East'] } });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('config');
    expect(e.message).toContain('providers.aws.options.regions');
  });

  it('caps requests at no more than half of the documented EC2 bucket', () => {
    const { intervalCap, intervalMs, burst } = awsProvider.rateLimit;
    // 100 bucket + 20/s refill: 300 per 10 s, 100 at once.
    expect((intervalCap / intervalMs) * 10_000).toBeLessThanOrEqual(150);
    expect(burst!.intervalCap).toBeLessThanOrEqual(50);
  });

  it('discovers AWS_* keys (secret hinted, never shown) or AWS_PROFILE', () => {
    const c = discover({
      AWS_ACCESS_KEY_ID: DOC_KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.hints.secretAccessKey).toBe('…EKEY');
    expect(JSON.stringify(c[0]!.hints)).not.toContain('wJalrXUtnFEMI');
    expect(discover({ AWS_PROFILE: 'dev-sso' })[0]!.fields).toEqual({ profile: 'dev-sso' });
    expect(discover({ AWS_ACCESS_KEY_ID: DOC_KEY_ID })).toEqual([]);
    expect(discover({})).toEqual([]);
  });
});

describe('AWS resources and metrics against the simulator', () => {
  it('lists instances of every configured region, paging DescribeInstances to the end, with GPU facts', async () => {
    const s = await start('default', 1);
    const { client } = connect(s);
    const res = await client.fetchResources!(signal());
    for (const r of res) expect(() => ResourceSchema.parse(r)).not.toThrow();
    for (const r of res) expect(new URL(r.consoleUrl!).hostname).toBe('console.aws.amazon.com');
    expect(res).toHaveLength(6);
    const h100 = res.find((r) => r.meta.instanceType === 'p5.48xlarge')!;
    expect(h100).toMatchObject({ kind: 'gpu-instance', state: 'running', name: 'train-h100', region: 'us-east-1a' });
    expect(h100.meta).toMatchObject({ gpus: 8, gpu: 'H100', vcpus: 192, region: 'us-east-1' });
    expect(res.find((r) => r.meta.instanceType === 'g6.xlarge')!.state).toBe('starting');
    expect(res.find((r) => r.meta.instanceType === 't3.micro')).toMatchObject({ kind: 'instance', state: 'stopped' });
    expect(res.find((r) => r.meta.lifecycle === 'spot')?.meta.instanceType).toBe('g6e.xlarge');
    // us-east-1 has 4 instances at one per page: 4 DescribeInstances calls there.
    expect(s.http.requests.length).toBeGreaterThanOrEqual(4 + 3);
  });

  it('reads CPU and network from CloudWatch GetMetricData (JSON 1.0) for running instances', async () => {
    const s = await start();
    const { client } = connect(s);
    const res = await client.fetchResources!(signal());
    const m = await client.fetchMetrics!(res, signal());
    const running = res.filter((r) => r.state === 'running');
    expect([...m.keys()].sort()).toEqual(running.map((r) => r.id).sort());
    for (const series of m.values()) {
      expect(series.map((x) => x.name).sort()).toEqual(['cpu_utilization', 'network_in', 'network_out']);
      const cpu = series.find((x) => x.name === 'cpu_utilization')!;
      expect(cpu.unit).toBe('percent');
      expect(cpu.points.length).toBe(12);
      for (const [, v] of cpu.points) expect(v).toBeLessThanOrEqual(100);
      // NetworkIn is bytes per 5-minute period; shown per second.
      const net = series.find((x) => x.name === 'network_in')!;
      expect(net.unit).toBe('bytes/s');
      expect(Math.max(...net.points.map((p) => p[1]))).toBeLessThan(20e6);
    }
    const metricCalls = s.http.requests.filter(
      (r) => r.headers['x-amz-target'] === 'GraniteServiceVersion20100801.GetMetricData',
    );
    expect(metricCalls.every((r) => String(r.headers['content-type']).startsWith('application/x-amz-json-1.0'))).toBe(
      true,
    );
  });

  it('without cloudwatch:GetMetricData the metrics call fails `forbidden`, resources still list', async () => {
    const s = await start('no-metrics');
    const { client } = connect(s);
    const res = await client.fetchResources!(signal());
    expect(res.length).toBeGreaterThan(0);
    const e = await rejection(client.fetchMetrics!(res, signal()));
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/GetMetricData/);
  });
});

describe('AWS GPU offers against the simulator', () => {
  const byId = (offers: GpuOffer[], id: string) => offers.find((o) => o.id === id);

  it('on-demand list prices are `listed`; spot prices carry the Spot placement score; Capacity Blocks are capacity', async () => {
    const s = await start();
    const { client } = connect(s);
    const offers = await client.fetchOffers!(signal());
    for (const o of offers) expect(() => GpuOfferSchema.parse(o)).not.toThrow();
    // The window opens only the descriptor's console host, exactly (src/main/security.ts).
    for (const o of offers) expect(new URL(o.consoleUrl!).hostname).toBe(new URL(awsProvider.consoleUrl).hostname);
    const od = byId(offers, 'aws:p5.48xlarge:us-east-1a:on-demand')!;
    expect(od).toMatchObject({
      instanceType: 'p5.48xlarge',
      region: { id: 'us-east-1a', name: 'us-east-1' },
      price: { perHour: 55.04, perGpuHour: 6.88, billing: 'on-demand', currency: 'USD' },
      availability: { state: 'listed' },
      gpu: { model: 'H100-SXM', family: 'H100', count: 8, vramGb: 80 },
      specs: { vcpus: 192 },
    });
    // EC2 reports 22,888 MiB for an L4: the card is still an L4 (24 GB), not a new model.
    expect(offers.find((o) => o.instanceType === 'g6.xlarge')!.gpu).toMatchObject({ model: 'L4', vramGb: 24 });
    expect(offers.find((o) => o.instanceType === 'p4d.24xlarge')!.gpu.model).toBe('A100-40GB-SXM');

    const spot = offers.filter((o) => o.price.billing === 'spot');
    expect(spot.length).toBeGreaterThan(0);
    const azIds = new Map<string, string>([
      ['us-east-1a', 'use1-az6'],
      ['us-east-1b', 'use1-az1'],
    ]);
    for (const o of spot.filter((x) => azIds.has(x.region.id))) {
      const score = s.scenario.scores.get(`${o.instanceType}|${azIds.get(o.region.id)}`);
      expect(o.availability, o.id).toEqual(scoreAvailability(score));
      expect(o.availability.detail).toContain(`Spot placement score ${score}/10`);
    }
    expect(new Set(spot.map((o) => o.availability.state)).size).toBeGreaterThan(1);
    // The spot price is the latest, below the on-demand price.
    const spotP5 = byId(offers, 'aws:p5.48xlarge:us-east-1a:spot')!;
    expect(spotP5.price.perHour).toBeLessThan(od.price.perHour);

    const block = offers.find((o) => o.id.includes(':block:'))!;
    expect(block).toMatchObject({
      instanceType: 'p5.48xlarge',
      price: { billing: 'reserved' },
      availability: { state: 'available', count: 1 },
    });
    expect(block.price.perHour).toBeCloseTo(744.72 / 24, 4);
    expect(block.availability.detail).toMatch(/Capacity Block .* \(24 h, 1 instance, upfront 744\.72 USD\)/);
  });

  it('shows the P and G-and-VT vCPU quotas with running usage, and a zero quota as the reason', async () => {
    const s = await start();
    const { client } = connect(s);
    const offers = await client.fetchOffers!(signal());
    const p5east1 = byId(offers, 'aws:p5.48xlarge:us-east-1a:on-demand')!;
    // 384 vCPUs of P quota; the running p5.48xlarge uses 192.
    expect(p5east1.quota).toEqual({
      limit: 384,
      used: 192,
      unit: 'vCPUs',
      name: 'Running On-Demand P instances (L-417A185B)',
    });
    const p5east2 = byId(offers, 'aws:p5.48xlarge:us-east-2b:on-demand')!;
    expect(p5east2.quota?.limit).toBe(0);
    expect(p5east2.quota?.reason).toBe(
      'quota L-417A185B in us-east-2 is 0 vCPUs: request an increase in Service Quotas',
    );
    const g6eSpot = byId(offers, 'aws:g6e.xlarge:us-east-1a:spot')!;
    expect(g6eSpot.quota).toMatchObject({
      limit: 64,
      used: 4,
      name: 'All G and VT Spot Instance Requests (L-3819A6DF)',
    });
    const quotaCalls = s.http.requests.filter(
      (r) => r.headers['x-amz-target'] === 'ServiceQuotasV20190624.GetServiceQuota',
    );
    expect(quotaCalls.length).toBe(4 * DEFAULT_REGIONS.length);
  });

  it('a GPU that appears and disappears in the demo churn appears and disappears in the offers', async () => {
    const s = await start();
    const { client } = connect(s);
    const has = async () =>
      (await client.fetchOffers!(signal())).some((o) => o.id === 'aws:p5.48xlarge:us-east-2c:on-demand');
    expect(await has()).toBe(false);
    s.tick();
    expect(await has()).toBe(true);
    s.tick();
    s.tick();
    expect(await has()).toBe(false);
  });

  it('permission gaps degrade, they do not fail: no Price List → no on-demand offers; no scores → spot `listed`; no quotas → no quota', async () => {
    for (const [scenario, check] of [
      ['no-pricing', (o: GpuOffer[]) => expect(o.filter((x) => x.price.billing === 'on-demand')).toEqual([])],
      [
        'no-scores',
        (o: GpuOffer[]) =>
          expect(new Set(o.filter((x) => x.price.billing === 'spot').map((x) => x.availability.state))).toEqual(
            new Set(['listed']),
          ),
      ],
      ['no-quotas', (o: GpuOffer[]) => expect(o.some((x) => x.quota)).toBe(false)],
    ] as const) {
      const s = await start(scenario);
      const log = capturingLogger();
      const { client } = connect(s, { log });
      const offers = await client.fetchOffers!(signal());
      expect(offers.length, scenario).toBeGreaterThan(0);
      check(offers);
      expect(
        log.lines.some((l) => l.level === 'warn'),
        scenario,
      ).toBe(true);
      await s.close();
      sim = undefined;
    }
  });
});

describe('AWS errors', () => {
  it('a wrong secret is `auth` (AuthFailure), the secret nowhere in the error', async () => {
    const s = await start();
    const wrong = 'Zx'.repeat(20);
    const { client } = connect(s, {}, { ...s.credentials, secretAccessKey: wrong });
    const e = await rejection(client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('AuthFailure');
    expect(JSON.stringify(e.toInfo())).not.toContain(wrong);
    expect(JSON.stringify(e.toInfo())).not.toContain(SIM_SECRET_ACCESS_KEY);
  });

  it('RequestLimitExceeded (503) is `rate_limited` and retried', async () => {
    const s = await start();
    const log = capturingLogger();
    s.scenario.throttle(2);
    const { client } = connect(s, { log });
    const ok = await client.testConnection(signal());
    expect(ok.ok).toBe(true);
    expect(s.http.requests.filter((r) => r.status === 503)).toHaveLength(2);
  });

  it('a body that is not XML is `bad_response`; a page without a required field names the field', async () => {
    const s = await start();
    const { client } = connect(s, { retry: { retries: 0 } });
    s.http.control.failNext({ status: 200, body: '{"truncated": [1, 2' });
    expect((await rejection(client.testConnection(signal()))).code).toBe('bad_response');
    s.http.control.failNext({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: '<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId><instanceType>g5.xlarge</instanceType><placement/></item></instancesSet></item></reservationSet></DescribeInstancesResponse>',
    });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toContain('reservationSet[0].instancesSet[0].instanceState');
  });

  it('a hanging endpoint is a `timeout`', async () => {
    const s = await start();
    const { client } = connect(s, { timeoutMs: 200, retry: { retries: 0 } });
    s.http.control.hangNext(1);
    expect((await rejection(client.testConnection(signal()))).code).toBe('timeout');
  });
});

describe('AWS credentials through the SDK default chain', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of [
      'AWS_SHARED_CREDENTIALS_FILE',
      'AWS_CONFIG_FILE',
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_EC2_METADATA_DISABLED',
    ])
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });

  it('a named profile from the shared credentials file signs requests; an unknown profile is `auth` with a hint', async () => {
    const s = await start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-aws-'));
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      `[cloudtop-test]\naws_access_key_id = ${s.credentials.accessKeyId}\naws_secret_access_key = ${s.credentials.secretAccessKey}\n`,
    );
    fs.writeFileSync(path.join(dir, 'config'), '[profile cloudtop-test]\nregion = us-east-1\n');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const ok = await connect(s, {}, { profile: 'cloudtop-test' }).client.testConnection(signal());
    expect(ok.detail).toContain('profile cloudtop-test valid');
    const e = await rejection(connect(s, {}, { profile: 'nope' }).client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('profile "nope"');
    expect(e.hint).toContain('aws sso login --profile nope');
  });
});

describe('AWS payloads from the docs and the model examples', () => {
  const render = (op: string, shape: string) =>
    `<${op}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${ec2Xml(ec2Model, shape, examples[`ec2.${op}`]![0]!.output)}</${op}Response>`;

  it('DescribeSpotPriceHistory example (botocore) → latest price per AZ', () => {
    const body = DescribeSpotPriceHistorySchema.parse(
      parseXML(render('DescribeSpotPriceHistory', 'DescribeSpotPriceHistoryResult')),
    );
    const latest = latestSpotPrices(body.DescribeSpotPriceHistoryResponse.spotPriceHistorySet);
    expect(latest.get('m1.xlarge|us-west-1a')).toEqual({ price: 0.08, at: '2014-01-06T04:32:53.000Z' });
    expect(latest.size).toBe(2);
  });

  it('DescribeAvailabilityZones example (botocore, no zone ids) through the real client', async () => {
    const xml = render('DescribeAvailabilityZones', 'DescribeAvailabilityZonesResult');
    expect(
      DescribeAvailabilityZonesSchema.parse(parseXML(xml)).DescribeAvailabilityZonesResponse.availabilityZoneInfo,
    ).toHaveLength(4);
    const s = await start();
    s.http.control.failNext({ status: 200, headers: { 'content-type': 'text/xml' }, body: xml });
    const ok = await connect(s).client.testConnection(signal());
    expect(ok.detail).toContain('4 zones in us-east-1');
  });

  it('DescribeRegions example (botocore) through the real client with regions: "all"', async () => {
    const xml = render('DescribeRegions', 'DescribeRegionsResult');
    const names = DescribeRegionsSchema.parse(parseXML(xml)).DescribeRegionsResponse.regionInfo.map(
      (r) => r.regionName,
    );
    expect(names).toContain('eu-west-1');
    const s = await start();
    s.http.control.failNext({ status: 200, headers: { 'content-type': 'text/xml' }, body: xml });
    // The simulated account has none of the example's first regions: EC2 answers AuthFailure there.
    const e = await rejection(connect(s, { options: { regions: 'all' } }).client.testConnection(signal()));
    expect(e.code).toBe('auth');
    const scope = (i: number) =>
      /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(s.http.requests[i]!.headers.authorization))![1];
    expect(scope(0)).toBe('us-east-1');
    expect(scope(1)).toBe([...names].sort()[0]);
  });

  it('GetProducts example (botocore): a storage product in the price list is passed over, not an error', () => {
    const body = GetProductsSchema.parse(examples['pricing.GetProducts']![0]!.output);
    const items = (body.PriceList ?? []).map((p) => PriceListProductSchema.safeParse(JSON.parse(p as string)));
    expect(items.every((r) => !r.success)).toBe(true);
    expect(onDemandPrices([]).size).toBe(0);
  });

  it('GetServiceQuota output (AWS CLI User Guide example) parses', () => {
    const body = GetServiceQuotaSchema.parse(
      JSON.parse(fs.readFileSync(path.join(FIXTURES, 'get-service-quota.json'), 'utf8')),
    );
    expect(body.Quota).toMatchObject({ QuotaCode: 'L-1216C47A', Value: 5 });
  });
});
