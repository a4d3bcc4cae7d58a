/**
 * The AWS simulator against the official service models (botocore service-2.json, trimmed copies in
 * test/fixtures/specs/aws, sources in SOURCES.md): every answer's elements/members belong to the
 * operation's output shape, lists are `<item>` lists, and the simulator refuses what the model and the
 * EC2 error docs say the real API refuses (missing Action/Version, out-of-range MaxResults, missing
 * required members, bad NextToken, unsigned or wrongly signed requests).
 */
import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseXML } from '@aws-sdk/xml-builder';
import { SIM_ACCESS_KEY_ID, SIM_SECRET_ACCESS_KEY, startAwsSim, type AwsRunningSim } from '../../src/sim/aws';
import { checkEc2Xml, checkJson, loadModel } from '../helpers/aws-model';

const ec2Model = loadModel('ec2-2016-11-15.trimmed.json');
const cwModel = loadModel('monitoring-2010-08-01.trimmed.json');
const pricingModel = loadModel('pricing-2017-10-15.trimmed.json');
const sqModel = loadModel('service-quotas-2019-06-24.trimmed.json');

class Sha256 {
  private readonly h;
  constructor(secret?: string | Uint8Array) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(d: string | Uint8Array) {
    this.h.update(d);
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

let sim: AwsRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function post(
  s: AwsRunningSim,
  service: string,
  body: string,
  headers: Record<string, string>,
  opts: { region?: string; secret?: string; sign?: boolean } = {},
) {
  const url = new URL(`${s.baseUrl}/`);
  let send: Record<string, string> = headers;
  if (opts.sign !== false) {
    const signer = new SignatureV4({
      service,
      region: opts.region ?? 'us-east-1',
      credentials: { accessKeyId: SIM_ACCESS_KEY_ID, secretAccessKey: opts.secret ?? SIM_SECRET_ACCESS_KEY },
      sha256: Sha256 as never,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: url.host, ...headers },
      body,
    });
    send = { ...(signed.headers as Record<string, string>) };
    delete send.host;
  }
  const res = await fetch(url, { method: 'POST', headers: send, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const ec2 = (
  s: AwsRunningSim,
  params: Record<string, string>,
  opts: { region?: string; secret?: string; sign?: boolean } = {},
) =>
  post(
    s,
    'ec2',
    new URLSearchParams(params).toString(),
    { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    opts,
  );
const json = (
  s: AwsRunningSim,
  service: string,
  target: string,
  version: string,
  input: unknown,
  region = 'us-east-1',
) =>
  post(
    s,
    service,
    JSON.stringify(input),
    { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
    { region },
  );

const V = { Version: '2016-11-15' };
const errorCode = (text: string): string | undefined =>
  (parseXML(text) as { Response?: { Errors?: { Error?: { Code?: string } } } }).Response?.Errors?.Error?.Code;

/** Every page of an EC2 action: checks each against the model; returns the item count and pages. */
async function ec2Pages(
  s: AwsRunningSim,
  action: string,
  params: Record<string, string>,
  set: string,
  region?: string,
) {
  const outShape = ec2Model.operations[action]!.output!.shape;
  let token: string | undefined;
  let items = 0;
  let pages = 0;
  do {
    const r = await ec2(s, { Action: action, ...V, ...params, ...(token ? { NextToken: token } : {}) }, { region });
    expect(r.status, r.text).toBe(200);
    const doc = parseXML(r.text) as Record<string, Record<string, unknown>>;
    const body = doc[`${action}Response`]!;
    expect(checkEc2Xml(ec2Model, outShape, body)).toEqual([]);
    const list = body[set] as { item?: unknown } | '' | undefined;
    items += list && list.item ? (Array.isArray(list.item) ? list.item.length : 1) : 0;
    token = typeof body.nextToken === 'string' && body.nextToken ? body.nextToken : undefined;
    pages++;
  } while (token && pages < 100);
  return { items, pages };
}

describe('AWS simulator: EC2 Query answers match the EC2 model', () => {
  it('pages every Describe action with nextToken, each page in the output shape', async () => {
    sim = await startAwsSim();
    const r1 = await ec2Pages(sim, 'DescribeInstances', { MaxResults: '5' }, 'reservationSet');
    expect(r1.items).toBe(4);
    const r2 = await ec2Pages(
      sim,
      'DescribeInstanceTypes',
      { 'Filter.1.Name': 'instance-type', 'Filter.1.Value.1': 'p5*', 'Filter.1.Value.2': 'g*', MaxResults: '5' },
      'instanceTypeSet',
    );
    expect(r2.items).toBe(5);
    const r3 = await ec2Pages(
      sim,
      'DescribeInstanceTypeOfferings',
      { LocationType: 'availability-zone', MaxResults: '5' },
      'instanceTypeOfferingSet',
    );
    expect(r3.pages).toBeGreaterThan(1);
    await ec2Pages(
      sim,
      'DescribeSpotPriceHistory',
      { 'InstanceType.1': 'g5.xlarge', 'ProductDescription.1': 'Linux/UNIX' },
      'spotPriceHistorySet',
    );
    const r5 = await ec2Pages(
      sim,
      'GetSpotPlacementScores',
      {
        'InstanceType.1': 'g6.xlarge',
        TargetCapacity: '1',
        SingleAvailabilityZone: 'true',
        'RegionName.1': 'us-east-1',
        'RegionName.2': 'us-west-2',
        MaxResults: '10',
      },
      'spotPlacementScoreSet',
    );
    expect(r5.items).toBe(8);
    const r6 = await ec2Pages(
      sim,
      'DescribeCapacityBlockOfferings',
      { CapacityDurationHours: '24' },
      'capacityBlockOfferingSet',
    );
    expect(r6.items).toBe(1);
    for (const action of ['DescribeAvailabilityZones', 'DescribeRegions']) {
      const r = await ec2(sim, { Action: action, ...V });
      const doc = parseXML(r.text) as Record<string, unknown>;
      expect(checkEc2Xml(ec2Model, ec2Model.operations[action]!.output!.shape, doc[`${action}Response`])).toEqual([]);
    }
  });

  it('refuses what EC2 refuses: missing Action/Version, unknown action, bad MaxResults, missing required members, bad NextToken', async () => {
    sim = await startAwsSim();
    expect(errorCode((await ec2(sim, { ...V })).text)).toBe('MissingAction');
    expect(errorCode((await ec2(sim, { Action: 'DescribeInstances' })).text)).toBe('MissingParameter');
    expect(errorCode((await ec2(sim, { Action: 'RunInstances', ...V })).text)).toBe('InvalidAction');
    // Ranges from the model: DITMaxResults 5–100, DITOMaxResults 5–1000, SpotPlacementScoresMaxResults 10–1000.
    const ranges: [string, string, Record<string, string>][] = [
      ['DescribeInstanceTypes', 'DITMaxResults', {}],
      ['DescribeInstanceTypeOfferings', 'DITOMaxResults', {}],
      [
        'GetSpotPlacementScores',
        'SpotPlacementScoresMaxResults',
        { 'InstanceType.1': 'g5.xlarge', TargetCapacity: '1' },
      ],
      ['DescribeCapacityBlockOfferings', 'DescribeCapacityBlockOfferingsMaxResults', { CapacityDurationHours: '24' }],
    ];
    for (const [action, shape, extra] of ranges) {
      const { min, max } = ec2Model.shapes[shape]!;
      for (const bad of [min! - 1, max! + 1]) {
        const r = await ec2(sim, { Action: action, ...V, ...extra, MaxResults: String(bad) });
        expect(r.status, `${action} MaxResults=${bad}`).toBe(400);
        expect(errorCode(r.text)).toBe('InvalidParameterValue');
      }
      const ok = await ec2(sim, { Action: action, ...V, ...extra, MaxResults: String(max) });
      expect(ok.status, `${action} MaxResults=${max}`).toBe(200);
    }
    // Required members from the model.
    expect(ec2Model.shapes.GetSpotPlacementScoresRequest!.required).toContain('TargetCapacity');
    expect(
      errorCode((await ec2(sim, { Action: 'GetSpotPlacementScores', ...V, 'InstanceType.1': 'g5.xlarge' })).text),
    ).toBe('MissingParameter');
    expect(ec2Model.shapes.DescribeCapacityBlockOfferingsRequest!.required).toContain('CapacityDurationHours');
    expect(errorCode((await ec2(sim, { Action: 'DescribeCapacityBlockOfferings', ...V })).text)).toBe(
      'MissingParameter',
    );
    const bad = await ec2(sim, { Action: 'DescribeInstances', ...V, NextToken: 'not-a-token' });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.text)).toBe('InvalidPaginationToken');
  });

  it('checks the SigV4 signature: unsigned, unknown key and wrong secret are AuthFailure (401)', async () => {
    sim = await startAwsSim();
    for (const opts of [{ sign: false }, { secret: 'x'.repeat(40) }]) {
      const r = await ec2(sim, { Action: 'DescribeRegions', ...V }, opts);
      expect(r.status).toBe(401);
      expect(errorCode(r.text)).toBe('AuthFailure');
      expect(r.text).not.toContain(SIM_SECRET_ACCESS_KEY);
    }
    // The region comes from the credential scope: a region the simulated account does not have fails.
    expect((await ec2(sim, { Action: 'DescribeRegions', ...V }, { region: 'xx-nowhere-1' })).status).toBe(401);
  });

  it('throttles as EC2 does: 503 RequestLimitExceeded', async () => {
    sim = await startAwsSim();
    sim.scenario.throttle(1);
    const r = await ec2(sim, { Action: 'DescribeRegions', ...V });
    expect(r.status).toBe(503);
    expect(errorCode(r.text)).toBe('RequestLimitExceeded');
    expect((await ec2(sim, { Action: 'DescribeRegions', ...V })).status).toBe(200);
  });
});

describe('AWS simulator: JSON services match their models', () => {
  it('CloudWatch GetMetricData (JSON 1.0) pages and answers in the output shape', async () => {
    sim = await startAwsSim();
    const end = Math.floor(Date.now() / 300_000) * 300;
    const input = {
      MetricDataQueries: ['CPUUtilization', 'NetworkIn', 'NetworkOut'].map((m, i) => ({
        Id: `q${i}`,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/EC2',
            MetricName: m,
            Dimensions: [{ Name: 'InstanceId', Value: 'i-0a1b2c3d4e5f60001' }],
          },
          Period: 300,
          Stat: 'Average',
        },
      })),
      StartTime: end - 3600,
      EndTime: end,
    };
    expect(checkJson(cwModel, 'GetMetricDataInput', input)).toEqual([]);
    let token: string | undefined;
    let results = 0;
    do {
      const r = await json(sim, 'monitoring', 'GraniteServiceVersion20100801.GetMetricData', '1.0', {
        ...input,
        ...(token ? { NextToken: token } : {}),
      });
      expect(r.status, r.text).toBe(200);
      const body = JSON.parse(r.text) as { NextToken?: string; MetricDataResults: { Values: number[] }[] };
      expect(checkJson(cwModel, 'GetMetricDataOutput', body)).toEqual([]);
      results += body.MetricDataResults.length;
      for (const m of body.MetricDataResults) expect(m.Values.length).toBe(12);
      token = body.NextToken;
    } while (token);
    expect(results).toBe(3);
    const badToken = await json(sim, 'monitoring', 'GraniteServiceVersion20100801.GetMetricData', '1.0', {
      ...input,
      NextToken: 'zzz',
    });
    expect(badToken.status).toBe(400);
    expect((JSON.parse(badToken.text) as { __type: string }).__type).toMatch(/#InvalidNextToken$/);
    expect(badToken.headers.get('x-amzn-query-error')).toBe('InvalidNextToken;Sender');
  });

  it('Price List GetProducts (JSON 1.1): filters, pages, PriceList items are JSON strings', async () => {
    sim = await startAwsSim();
    const input = {
      ServiceCode: 'AmazonEC2',
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'ANY_OF', Field: 'instanceType', Value: 'p5.48xlarge,g6.xlarge' },
      ],
    };
    expect(checkJson(pricingModel, 'GetProductsRequest', input)).toEqual([]);
    const r = await json(sim, 'pricing', 'AWSPriceListService.GetProducts', '1.1', input);
    const body = JSON.parse(r.text) as { PriceList: string[] };
    expect(checkJson(pricingModel, 'GetProductsResponse', body)).toEqual([]);
    expect(
      body.PriceList.map(
        (p) => (JSON.parse(p) as { product: { attributes: { instanceType: string } } }).product.attributes.instanceType,
      ).sort(),
    ).toEqual(['g6.xlarge', 'p5.48xlarge']);
    const over = await json(sim, 'pricing', 'AWSPriceListService.GetProducts', '1.1', {
      ...input,
      MaxResults: pricingModel.shapes.GetProductsMaxResults!.max! + 1,
    });
    expect(over.status).toBe(400);
  });

  it('Service Quotas GetServiceQuota (JSON 1.1) answers the EC2 GPU quota codes', async () => {
    sim = await startAwsSim();
    for (const code of ['L-417A185B', 'L-DB2E81BA', 'L-7212CCBC', 'L-3819A6DF']) {
      const r = await json(sim, 'servicequotas', 'ServiceQuotasV20190624.GetServiceQuota', '1.1', {
        ServiceCode: 'ec2',
        QuotaCode: code,
      });
      expect(r.status).toBe(200);
      expect(checkJson(sqModel, 'GetServiceQuotaResponse', JSON.parse(r.text))).toEqual([]);
    }
    const none = await json(sim, 'servicequotas', 'ServiceQuotasV20190624.GetServiceQuota', '1.1', {
      ServiceCode: 'ec2',
      QuotaCode: 'L-NOPE',
    });
    expect((JSON.parse(none.text) as { __type: string }).__type).toMatch(/#NoSuchResourceException$/);
  });

  it('a signature scoped to another service is refused', async () => {
    sim = await startAwsSim();
    const r = await post(sim, 'ec2', JSON.stringify({ ServiceCode: 'ec2', QuotaCode: 'L-417A185B' }), {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'ServiceQuotasV20190624.GetServiceQuota',
    });
    expect(r.status).toBe(403);
  });
});
