/**
 * AWS simulator: one loopback server answering `POST /` for the four services cloudtop calls, with
 * the wire shapes of the official models (botocore service-2.json; trimmed copies in
 * test/fixtures/specs/aws):
 *
 * - EC2 Query protocol (form body, `Action` + `Version=2016-11-15`, XML answers with
 *   `<xSet><item>` lists and `nextToken`): DescribeInstances, DescribeInstanceTypes,
 *   DescribeInstanceTypeOfferings, DescribeAvailabilityZones, DescribeRegions,
 *   DescribeSpotPriceHistory, GetSpotPlacementScores, DescribeCapacityBlockOfferings. Missing
 *   `Action`/`Version`, an unknown action, a missing required parameter, `MaxResults` out of its
 *   model range and a bad `NextToken` are refused as EC2 refuses them (400 + `<Response><Errors>`).
 * - CloudWatch GetMetricData in AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`).
 * - Price List GetProducts and Service Quotas GetServiceQuota in AWS JSON 1.1.
 *
 * Every request must carry a SigV4 `Authorization` header for the simulated key; the signature is
 * verified (canonical request, string to sign, derived key), the region and service come from its
 * credential scope. Pages are small (`maxPage`, default 5) so clients page. Throttling answers as EC2
 * does (503 `RequestLimitExceeded`). Scenarios: `default`, `empty` (no instances), `no-pricing`,
 * `no-quotas`, `no-scores`, `no-metrics` (AccessDenied / UnauthorizedOperation on that call).
 */
import crypto from 'node:crypto';
import { seededRandom, startHttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import {
  QUOTA_NAMES,
  SIM_ACCESS_KEY_ID,
  SIM_ACCOUNT_ID,
  SIM_INSTANCES,
  SIM_INSTANCE_TYPES,
  SIM_NOT_OPTED_IN,
  SIM_QUOTAS,
  SIM_REGIONS,
  SIM_SECRET_ACCESS_KEY,
  STATE_CODES,
  type SimInstance,
  type SimInstanceType,
} from './data';

export { SIM_ACCESS_KEY_ID, SIM_SECRET_ACCESS_KEY } from './data';

export const AWS_SCENARIOS = ['default', 'empty', 'no-pricing', 'no-quotas', 'no-scores', 'no-metrics'] as const;
export type AwsScenarioName = (typeof AWS_SCENARIOS)[number];

export interface AwsScenario {
  instances: SimInstance[];
  /** Largest page the simulator hands out, whatever MaxResults asks (default 5). */
  maxPage: number;
  /** The next `count` EC2 calls answer 503 RequestLimitExceeded. */
  throttle(count?: number): void;
  /** Capacity Block offerings currently on sale (demo churn adds and removes one). */
  blocks: SimBlock[];
  /** Spot placement score per `type|azId`. */
  scores: Map<string, number>;
}

export interface SimBlock {
  id: string;
  type: string;
  az: string;
  count: number;
  hours: number;
  upfront: number;
  start: string;
}

export interface AwsRunningSim extends RunningSim {
  scenario: AwsScenario;
}

const EC2_VERSION = '2016-11-15';
const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JS → EC2 XML: arrays are `<name><item>…</item></name>`, objects nest, undefined is left out. */
function toXml(name: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return `<${name}>${v.map((x) => toXml('item', x)).join('')}</${name}>`;
  if (typeof v === 'object')
    return `<${name}>${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => toXml(k, x))
      .join('')}</${name}>`;
  return `<${name}>${xmlEscape(String(v))}</${name}>`;
}

const requestId = (): string => crypto.randomUUID();

function ec2Ok(action: string, body: Record<string, unknown>): SimResponse {
  const inner = Object.entries({ requestId: requestId(), ...body })
    .map(([k, v]) => toXml(k, v))
    .join('');
  return {
    status: 200,
    headers: { 'content-type': 'text/xml;charset=UTF-8' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/${EC2_VERSION}/">${inner}</${action}Response>`,
  };
}

export function ec2Err(status: number, code: string, message: string): SimResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml;charset=UTF-8' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId()}</RequestID></Response>`,
  };
}

function jsonErr(
  status: number,
  version: '1.0' | '1.1',
  code: string,
  message: string,
  queryCompatible = false,
): SimResponse {
  return {
    status,
    headers: {
      'content-type': `application/x-amz-json-${version}`,
      'x-amzn-requestid': requestId(),
      ...(queryCompatible ? { 'x-amzn-query-error': `${code};Sender` } : {}),
    },
    body: { __type: `com.amazonaws.sim#${code}`, message },
  };
}

function jsonOk(version: '1.0' | '1.1', body: unknown): SimResponse {
  return {
    status: 200,
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-requestid': requestId() },
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// SigV4 verification

const sha256hex = (s: string): string => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: crypto.BinaryLike, s: string): Buffer => crypto.createHmac('sha256', key).update(s, 'utf8').digest();

interface Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** The credential scope of a valid signature, or the reason it is not one. */
function verifySigV4(req: SimRequest, secret: string): Scope | { error: 'missing' | 'unknown-key' | 'mismatch' } {
  const auth = String(req.headers.authorization ?? '');
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return { error: 'missing' };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  if (accessKeyId !== SIM_ACCESS_KEY_ID) return { error: 'unknown-key' };
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const names = signedHeaders!.split(';');
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? sha256hex(req.text));
  const canonical = ['POST', req.path, '', canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  const expected = crypto.createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  if (expected !== signature || sha256hex(req.text) !== payloadHash) return { error: 'mismatch' };
  return { accessKeyId: accessKeyId!, date: date!, region: region!, service: service! };
}

// ---------------------------------------------------------------------------------------------
// Paging

/** Opaque page token: base64url of the operation and offset (checked on the way back). */
const pageToken = (op: string, at: number): string => Buffer.from(JSON.stringify({ op, at })).toString('base64url');
function readToken(op: string, token: string | null | undefined): number | undefined | 'bad' {
  if (token === null || token === undefined || token === '') return undefined;
  try {
    const o = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { op?: unknown; at?: unknown };
    if (o.op !== op || typeof o.at !== 'number' || !Number.isInteger(o.at) || o.at < 0) return 'bad';
    return o.at;
  } catch {
    return 'bad';
  }
}

/** `Name.1`, `Name.2`, … of an EC2 Query form. */
function listParam(form: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.${i}`); i++) out.push(form.get(`${name}.${i}`)!);
  return out;
}
/** `Filter.N.Name` / `Filter.N.Value.M`. */
function filters(form: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 1; form.has(`Filter.${i}.Name`); i++)
    out.set(form.get(`Filter.${i}.Name`)!, listParam(form, `Filter.${i}.Value`));
  return out;
}
const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
const matchesAny = (value: string, patterns: string[] | undefined): boolean =>
  !patterns || patterns.some((p) => wildcard(p).test(value));

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

export async function startAwsSim(opts: SimStartOptions = {}): Promise<AwsRunningSim> {
  const name = (opts.scenario ?? 'default') as AwsScenarioName;
  if (!AWS_SCENARIOS.includes(name))
    throw new Error(`unknown aws scenario ${name} (have: ${AWS_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 31);
  let throttles = 0;
  let tick = 0;
  const types = new Map<string, SimInstanceType>(SIM_INSTANCE_TYPES.map((t) => [t.type, structuredClone(t)]));
  /** Spot price as a share of on-demand, per `type|az`. */
  const spotShare = new Map<string, number>();
  const zonesOf = (t: SimInstanceType, region: string): [string, string][] => {
    const r = SIM_REGIONS.find((x) => x.name === region);
    return (t.zones[region] ?? []).map((i) => r?.zones[i]).filter((z): z is [string, string] => Boolean(z));
  };
  const scores = new Map<string, number>();
  for (const t of types.values())
    for (const r of SIM_REGIONS)
      for (const [az, id] of zonesOf(t, r.name)) {
        spotShare.set(`${t.type}|${az}`, round(0.3 + rand() * 0.4, 3));
        // The big P types are scarce; small G types are easy to get.
        const base = t.type.startsWith('p') ? 1 + Math.floor(rand() * 6) : 5 + Math.floor(rand() * 6);
        scores.set(`${t.type}|${id}`, base);
      }
  const blockStart = (days: number): string =>
    new Date(Math.floor(Date.now() / 86_400_000 + days) * 86_400_000 + 11.5 * 3_600_000).toISOString();
  const scenario: AwsScenario = {
    instances: name === 'empty' ? [] : SIM_INSTANCES.map((i) => ({ ...i })),
    maxPage: 5,
    throttle(count = 1) {
      throttles = count;
    },
    blocks: [
      {
        id: 'cb-0123456789abcdef0',
        type: 'p5.48xlarge',
        az: 'us-east-1a',
        count: 1,
        hours: 24,
        upfront: 744.72,
        start: blockStart(2),
      },
      {
        id: 'cb-0123456789abcdef1',
        type: 'p4d.24xlarge',
        az: 'us-west-2b',
        count: 1,
        hours: 24,
        upfront: 282.48,
        start: blockStart(1),
      },
    ],
    scores,
  };

  function region(regionName: string): (typeof SIM_REGIONS)[number] | undefined {
    return SIM_REGIONS.find((r) => r.name === regionName);
  }

  function maxResults(form: URLSearchParams, min: number, max: number): number | SimResponse {
    const raw = form.get('MaxResults');
    if (raw === null) return max;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      return ec2Err(
        400,
        'InvalidParameterValue',
        `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
      );
    return n;
  }

  /** A page of `items` as `setName` + `nextToken`, or the error for a bad token. */
  function page(action: string, setName: string, items: unknown[], form: URLSearchParams, size: number): SimResponse {
    const at = readToken(action, form.get('NextToken'));
    if (at === 'bad')
      return ec2Err(400, 'InvalidPaginationToken', 'The pagination token provided is invalid or has expired.');
    const from = at ?? 0;
    const n = Math.min(size, scenario.maxPage);
    const next = from + n < items.length ? pageToken(action, from + n) : undefined;
    return ec2Ok(action, { [setName]: items.slice(from, from + n), ...(next ? { nextToken: next } : {}) });
  }

  function typeInfo(t: SimInstanceType): Record<string, unknown> {
    return {
      instanceType: t.type,
      currentGeneration: true,
      supportedUsageClasses: ['on-demand', 'spot', ...(t.gpu && t.type.startsWith('p') ? ['capacity-block'] : [])],
      vCpuInfo: { defaultVCpus: t.vcpus },
      memoryInfo: { sizeInMiB: t.memoryMiB },
      ...(t.gpu
        ? {
            gpuInfo: {
              gpus: [
                {
                  name: t.gpu.name,
                  manufacturer: t.gpu.manufacturer,
                  count: t.gpu.count,
                  memoryInfo: { sizeInMiB: t.gpu.memoryMiB },
                },
              ],
              totalGpuMemoryInMiB: t.gpu.memoryMiB * t.gpu.count,
            },
          }
        : {}),
    };
  }

  function spotPrice(t: SimInstanceType, regionName: string, az: string): number {
    return round(
      (t.onDemand ?? 1) * (region(regionName)?.priceFactor ?? 1) * (spotShare.get(`${t.type}|${az}`) ?? 0.5),
      4,
    );
  }

  function ec2(form: URLSearchParams, scope: Scope): SimResponse {
    const action = form.get('Action');
    if (!action) return ec2Err(400, 'MissingAction', 'The request must contain the parameter Action');
    if (!form.get('Version')) return ec2Err(400, 'MissingParameter', 'The request must contain the parameter Version');
    if (form.get('Version') !== EC2_VERSION)
      return ec2Err(400, 'InvalidParameterValue', `Invalid value '${form.get('Version')}' for Version`);
    const reg = region(scope.region);
    if (!reg) return ec2Err(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    if (throttles > 0) {
      throttles--;
      return ec2Err(503, 'RequestLimitExceeded', 'Request limit exceeded.');
    }
    const f = filters(form);
    switch (action) {
      case 'DescribeInstances': {
        const size = maxResults(form, 5, 1000);
        if (typeof size !== 'number') return size;
        if (form.has('MaxResults') && form.has('InstanceId.1'))
          return ec2Err(
            400,
            'InvalidParameterCombination',
            'The parameter instancesSet cannot be used with the parameter maxResults',
          );
        const ids = listParam(form, 'InstanceId');
        const rows = scenario.instances
          .filter((i) => i.region === reg.name && (!ids.length || ids.includes(i.id)))
          .filter(
            (i) => matchesAny(i.state, f.get('instance-state-name')) && matchesAny(i.type, f.get('instance-type')),
          );
        const reservations = rows.map((i) => ({
          reservationId: `r-${i.id.slice(2)}`,
          ownerId: SIM_ACCOUNT_ID,
          groupSet: [],
          instancesSet: [
            {
              instanceId: i.id,
              imageId: 'ami-0abcdef1234567890',
              instanceState: { code: STATE_CODES[i.state], name: i.state },
              privateDnsName: `ip-10-0-0-${i.id.slice(-2)}.ec2.internal`,
              instanceType: i.type,
              launchTime: i.launchTime,
              placement: {
                availabilityZone: i.az,
                availabilityZoneId: reg.zones.find((z) => z[0] === i.az)?.[1],
                groupName: '',
                tenancy: 'default',
              },
              monitoring: { state: 'disabled' },
              ...(i.spot ? { instanceLifecycle: 'spot', spotInstanceRequestId: `sir-${i.id.slice(-8)}` } : {}),
              ...(i.name ? { tagSet: [{ key: 'Name', value: i.name }] } : {}),
            },
          ],
        }));
        return page(action, 'reservationSet', reservations, form, size);
      }
      case 'DescribeInstanceTypes': {
        const size = maxResults(form, 5, 100);
        if (typeof size !== 'number') return size;
        const wanted = listParam(form, 'InstanceType');
        if (wanted.length > 100) return ec2Err(400, 'InvalidParameterValue', 'Too many instance types: at most 100');
        const unknown = wanted.find((w) => !types.has(w));
        if (unknown)
          return ec2Err(400, 'InvalidInstanceType', `The following supplied instance types do not exist: [${unknown}]`);
        const rows = [...types.values()]
          .filter((t) => (!wanted.length || wanted.includes(t.type)) && matchesAny(t.type, f.get('instance-type')))
          .map(typeInfo);
        return page(action, 'instanceTypeSet', rows, form, size);
      }
      case 'DescribeInstanceTypeOfferings': {
        const size = maxResults(form, 5, 1000);
        if (typeof size !== 'number') return size;
        const lt = form.get('LocationType') ?? 'region';
        if (!['region', 'availability-zone', 'availability-zone-id'].includes(lt))
          return ec2Err(400, 'InvalidParameterValue', `Value (${lt}) for parameter locationType is invalid.`);
        const rows: unknown[] = [];
        for (const t of types.values()) {
          if (!matchesAny(t.type, f.get('instance-type'))) continue;
          const zones = zonesOf(t, reg.name);
          const locations =
            lt === 'region'
              ? zones.length
                ? [reg.name]
                : []
              : zones.map((z) => (lt === 'availability-zone' ? z[0] : z[1]));
          for (const location of locations)
            if (matchesAny(location, f.get('location')))
              rows.push({ instanceType: t.type, locationType: lt, location });
        }
        return page(action, 'instanceTypeOfferingSet', rows, form, size);
      }
      case 'DescribeAvailabilityZones':
        return ec2Ok(action, {
          availabilityZoneInfo: reg.zones.map(([zoneName, zoneId]) => ({
            optInStatus: 'opt-in-not-required',
            zoneName,
            zoneId,
            zoneState: 'available',
            regionName: reg.name,
            groupName: reg.name,
            networkBorderGroup: reg.name,
            zoneType: 'availability-zone',
          })),
        });
      case 'DescribeRegions':
        return ec2Ok(action, {
          regionInfo: [
            ...SIM_REGIONS.map((r) => ({
              regionName: r.name,
              regionEndpoint: `ec2.${r.name}.amazonaws.com`,
              optInStatus: 'opt-in-not-required',
            })),
            ...(form.get('AllRegions') === 'true'
              ? SIM_NOT_OPTED_IN.map((r) => ({
                  regionName: r,
                  regionEndpoint: `ec2.${r}.amazonaws.com`,
                  optInStatus: 'not-opted-in',
                }))
              : []),
          ],
        });
      case 'DescribeSpotPriceHistory': {
        const size = maxResults(form, 0, 1000);
        if (typeof size !== 'number') return size;
        const wanted = listParam(form, 'InstanceType');
        const products = listParam(form, 'ProductDescription');
        if (products.length && !products.includes('Linux/UNIX'))
          return page(action, 'spotPriceHistorySet', [], form, size || 1000);
        const start = form.get('StartTime');
        if (start && !Number.isFinite(Date.parse(start)))
          return ec2Err(400, 'InvalidParameterValue', `Value (${start}) for parameter startTime is invalid.`);
        const now = Date.now();
        const rows: unknown[] = [];
        for (const t of types.values()) {
          if (wanted.length && !wanted.includes(t.type)) continue;
          for (const [az, azId] of zonesOf(t, reg.name)) {
            const price = spotPrice(t, reg.name, az);
            // The price in effect now, and (without a start time) an older one the client must not pick.
            rows.push({
              availabilityZone: az,
              availabilityZoneId: azId,
              instanceType: t.type,
              productDescription: 'Linux/UNIX',
              spotPrice: price.toFixed(6),
              timestamp: new Date(now - 40 * 60_000).toISOString(),
            });
            if (!start)
              rows.push({
                availabilityZone: az,
                availabilityZoneId: azId,
                instanceType: t.type,
                productDescription: 'Linux/UNIX',
                spotPrice: (price * 1.2).toFixed(6),
                timestamp: new Date(now - 26 * 3_600_000).toISOString(),
              });
          }
        }
        return page(action, 'spotPriceHistorySet', rows, form, size || 1000);
      }
      case 'GetSpotPlacementScores': {
        if (name === 'no-scores')
          return ec2Err(
            403,
            'UnauthorizedOperation',
            'You are not authorized to perform this operation. User is not authorized to perform: ec2:GetSpotPlacementScores',
          );
        const target = form.get('TargetCapacity');
        if (target === null)
          return ec2Err(400, 'MissingParameter', 'The request must contain the parameter TargetCapacity');
        if (!/^\d+$/.test(target) || Number(target) < 1 || Number(target) > 2_000_000_000)
          return ec2Err(400, 'InvalidParameterValue', `Value (${target}) for parameter TargetCapacity is invalid.`);
        const size = maxResults(form, 10, 1000);
        if (typeof size !== 'number') return size;
        const wanted = listParam(form, 'InstanceType');
        if (!wanted.length)
          return ec2Err(400, 'MissingParameter', 'Either InstanceTypes or InstanceRequirements must be specified');
        const regions = listParam(form, 'RegionName');
        if (regions.length > 10) return ec2Err(400, 'InvalidParameterValue', 'At most 10 regions may be given');
        const single = form.get('SingleAvailabilityZone') === 'true';
        const rows: unknown[] = [];
        for (const r of SIM_REGIONS) {
          if (regions.length && !regions.includes(r.name)) continue;
          const perZone = r.zones.map(([, id]) => {
            // A diversified request scores as its best type.
            const s = Math.max(0, ...wanted.map((w) => scores.get(`${w}|${id}`) ?? 0));
            return { id, s };
          });
          if (single) {
            for (const z of perZone) if (z.s > 0) rows.push({ region: r.name, availabilityZoneId: z.id, score: z.s });
          } else {
            const best = Math.max(0, ...perZone.map((z) => z.s));
            if (best > 0) rows.push({ region: r.name, score: best });
          }
        }
        return page(action, 'spotPlacementScoreSet', rows, form, size);
      }
      case 'DescribeCapacityBlockOfferings': {
        const hours = form.get('CapacityDurationHours');
        if (hours === null)
          return ec2Err(400, 'MissingParameter', 'The request must contain the parameter CapacityDurationHours');
        const size = maxResults(form, 1, 1000);
        if (typeof size !== 'number') return size;
        const type = form.get('InstanceType');
        const count = Number(form.get('InstanceCount') ?? '1');
        const rows = scenario.blocks
          .filter(
            (b) =>
              b.az.startsWith(reg.name) && (!type || b.type === type) && b.hours === Number(hours) && b.count >= count,
          )
          .map((b) => ({
            capacityBlockOfferingId: b.id,
            instanceType: b.type,
            availabilityZone: b.az,
            instanceCount: b.count,
            startDate: b.start,
            endDate: new Date(Date.parse(b.start) + b.hours * 3_600_000).toISOString(),
            capacityBlockDurationHours: b.hours,
            upfrontFee: b.upfront.toFixed(2),
            currencyCode: 'USD',
            tenancy: 'default',
          }));
        return page(action, 'capacityBlockOfferingSet', rows, form, size);
      }
      default:
        return ec2Err(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // JSON services

  function metricValue(inst: SimInstance, metric: string, t: number): number {
    const idx = scenario.instances.indexOf(inst) + 1;
    const wave = (Math.sin(t / 1_800_000 + idx + tick / 3) + 1) / 2;
    if (metric === 'CPUUtilization') return round(5 + wave * 80 * (inst.type.startsWith('p') ? 1 : 0.5), 3);
    return round((1 + wave * 9) * 1e6 * 300 * (metric === 'NetworkIn' ? 1 : 0.4), 0);
  }

  function getMetricData(input: unknown, scope: Scope): SimResponse {
    if (name === 'no-metrics')
      return jsonErr(400, '1.0', 'AccessDenied', 'User is not authorized to perform: cloudwatch:GetMetricData', true);
    const b = (input ?? {}) as {
      MetricDataQueries?: unknown;
      StartTime?: unknown;
      EndTime?: unknown;
      NextToken?: unknown;
    };
    if (!Array.isArray(b.MetricDataQueries) || typeof b.StartTime !== 'number' || typeof b.EndTime !== 'number')
      return jsonErr(400, '1.0', 'MissingParameter', 'MetricDataQueries, StartTime and EndTime are required', true);
    if (b.MetricDataQueries.length < 1 || b.MetricDataQueries.length > 500)
      return jsonErr(
        400,
        '1.0',
        'InvalidParameterValue',
        'The collection MetricDataQueries must not have more than 500 items',
        true,
      );
    if (b.StartTime >= b.EndTime)
      return jsonErr(
        400,
        '1.0',
        'InvalidParameterValue',
        'The parameter StartTime must be less than the parameter EndTime.',
        true,
      );
    const at = readToken('GetMetricData', typeof b.NextToken === 'string' ? b.NextToken : undefined);
    if (at === 'bad')
      return jsonErr(400, '1.0', 'InvalidNextToken', 'The service couldn\u2019t process the NextToken', true);
    const results = [];
    for (const raw of b.MetricDataQueries) {
      const q = raw as {
        Id?: unknown;
        MetricStat?: {
          Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] };
          Period?: unknown;
          Stat?: unknown;
        };
      };
      if (typeof q.Id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id))
        return jsonErr(
          400,
          '1.0',
          'InvalidParameterValue',
          'The value for each Id must start with a lowercase letter and contain only letters, numbers and underscores',
          true,
        );
      const period = q.MetricStat?.Period;
      if (
        typeof period !== 'number' ||
        period < 1 ||
        (period >= 60 && period % 60 !== 0) ||
        typeof q.MetricStat?.Stat !== 'string'
      )
        return jsonErr(
          400,
          '1.0',
          'InvalidParameterValue',
          `MetricStat of ${q.Id} needs a Period (a multiple of 60) and a Stat`,
          true,
        );
      const m = q.MetricStat.Metric;
      const id = m?.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
      const inst = scenario.instances.find((i) => i.id === id && i.region === scope.region);
      const ts: number[] = [];
      const vs: number[] = [];
      if (
        m?.Namespace === 'AWS/EC2' &&
        inst &&
        inst.state === 'running' &&
        ['CPUUtilization', 'NetworkIn', 'NetworkOut'].includes(m.MetricName ?? '')
      ) {
        const first = Math.ceil(b.StartTime / period) * period;
        for (let t = first; t < b.EndTime; t += period) {
          ts.push(t);
          vs.push(metricValue(inst, m.MetricName!, t * 1000));
        }
      }
      results.push({ Id: q.Id, Label: m?.MetricName ?? q.Id, Timestamps: ts, Values: vs, StatusCode: 'Complete' });
    }
    const from = at ?? 0;
    const size = Math.max(2, scenario.maxPage * 2);
    const next = from + size < results.length ? pageToken('GetMetricData', from + size) : undefined;
    return jsonOk('1.0', {
      MetricDataResults: results.slice(from, from + size),
      Messages: [],
      ...(next ? { NextToken: next } : {}),
    });
  }

  function productJson(t: SimInstanceType, r: (typeof SIM_REGIONS)[number]): string {
    const sku = crypto.createHash('md5').update(`${t.type}|${r.name}`).digest('hex').slice(0, 16).toUpperCase();
    const price = round((t.onDemand ?? 0) * r.priceFactor, 4);
    return JSON.stringify({
      product: {
        productFamily: 'Compute Instance',
        attributes: {
          instanceType: t.type,
          instanceFamily: t.gpu ? 'GPU instance' : 'General purpose',
          vcpu: String(t.vcpus),
          memory: `${t.memoryMiB / 1024} GiB`,
          ...(t.gpu ? { gpu: String(t.gpu.count), gpuMemory: `${(t.gpu.memoryMiB * t.gpu.count) / 1024} GiB` } : {}),
          regionCode: r.name,
          location: r.name,
          locationType: 'AWS Region',
          operatingSystem: 'Linux',
          tenancy: 'Shared',
          preInstalledSw: 'NA',
          capacitystatus: 'Used',
          licenseModel: 'No License required',
          servicecode: 'AmazonEC2',
          usagetype: `BoxUsage:${t.type}`,
          operation: 'RunInstances',
        },
        sku,
      },
      serviceCode: 'AmazonEC2',
      terms: {
        OnDemand: {
          [`${sku}.JRTCKXETXF`]: {
            priceDimensions: {
              [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
                unit: 'Hrs',
                endRange: 'Inf',
                description: `$${price.toFixed(4)} per On Demand Linux ${t.type} Instance Hour`,
                appliesTo: [],
                rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
                beginRange: '0',
                pricePerUnit: { USD: price.toFixed(10) },
              },
            },
            sku,
            effectiveDate: '2026-11-01T00:00:00Z',
            offerTermCode: 'JRTCKXETXF',
            termAttributes: {},
          },
        },
      },
      version: '20261101000000',
      publicationDate: '2026-11-01T00:00:00Z',
    });
  }

  function getProducts(input: unknown): SimResponse {
    if (name === 'no-pricing')
      return jsonErr(400, '1.1', 'AccessDeniedException', 'User is not authorized to perform: pricing:GetProducts');
    const b = (input ?? {}) as { ServiceCode?: unknown; Filters?: unknown; MaxResults?: unknown; NextToken?: unknown };
    if (typeof b.ServiceCode !== 'string')
      return jsonErr(400, '1.1', 'InvalidParameterException', 'ServiceCode is required');
    if (b.MaxResults !== undefined && (typeof b.MaxResults !== 'number' || b.MaxResults < 1 || b.MaxResults > 100))
      return jsonErr(400, '1.1', 'InvalidParameterException', 'MaxResults must be between 1 and 100');
    const fs = (Array.isArray(b.Filters) ? b.Filters : []) as { Type?: string; Field?: string; Value?: string }[];
    if (
      fs.length > 50 ||
      fs.some(
        (x) =>
          !x.Type ||
          !x.Field ||
          !x.Value ||
          !['TERM_MATCH', 'EQUALS', 'CONTAINS', 'ANY_OF', 'NONE_OF'].includes(x.Type),
      )
    )
      return jsonErr(400, '1.1', 'InvalidParameterException', 'Each filter needs a valid Type, a Field and a Value');
    const at = readToken('GetProducts', typeof b.NextToken === 'string' ? b.NextToken : undefined);
    if (at === 'bad')
      return jsonErr(
        400,
        '1.1',
        'InvalidNextTokenException',
        'The pagination token is invalid. Try again without a pagination token.',
      );
    const items: string[] = [];
    if (b.ServiceCode === 'AmazonEC2') {
      for (const r of SIM_REGIONS)
        for (const t of types.values()) {
          const attrs = (JSON.parse(productJson(t, r)) as { product: { attributes: Record<string, string> } }).product
            .attributes;
          const ok = fs.every((x) => {
            const v = attrs[x.Field!];
            const values = x.Value!.split(',');
            switch (x.Type) {
              case 'TERM_MATCH':
              case 'EQUALS':
                return v === x.Value;
              case 'CONTAINS':
                return v?.includes(x.Value!) ?? false;
              case 'ANY_OF':
                return v !== undefined && values.includes(v);
              default:
                return v === undefined || !values.includes(v);
            }
          });
          if (ok) items.push(productJson(t, r));
        }
    }
    const from = at ?? 0;
    const size = Math.min(typeof b.MaxResults === 'number' ? b.MaxResults : 100, scenario.maxPage);
    const next = from + size < items.length ? pageToken('GetProducts', from + size) : undefined;
    return jsonOk('1.1', {
      FormatVersion: 'aws_v1',
      PriceList: items.slice(from, from + size),
      ...(next ? { NextToken: next } : {}),
    });
  }

  function getServiceQuota(input: unknown, scope: Scope): SimResponse {
    if (name === 'no-quotas')
      return jsonErr(
        400,
        '1.1',
        'AccessDeniedException',
        'User is not authorized to perform: servicequotas:GetServiceQuota',
      );
    const b = (input ?? {}) as { ServiceCode?: unknown; QuotaCode?: unknown };
    if (typeof b.ServiceCode !== 'string' || typeof b.QuotaCode !== 'string')
      return jsonErr(400, '1.1', 'IllegalArgumentException', 'ServiceCode and QuotaCode are required');
    const value = b.ServiceCode === 'ec2' ? SIM_QUOTAS[scope.region]?.[b.QuotaCode] : undefined;
    if (value === undefined)
      return jsonErr(
        400,
        '1.1',
        'NoSuchResourceException',
        `The request failed because the specified service quota ${b.QuotaCode} does not exist.`,
      );
    return jsonOk('1.1', {
      Quota: {
        ServiceCode: 'ec2',
        ServiceName: 'Amazon Elastic Compute Cloud (Amazon EC2)',
        QuotaArn: `arn:aws:servicequotas:${scope.region}:${SIM_ACCOUNT_ID}:ec2/${b.QuotaCode}`,
        QuotaCode: b.QuotaCode,
        QuotaName: QUOTA_NAMES[b.QuotaCode],
        Value: value,
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
        UsageMetric: {
          MetricNamespace: 'AWS/Usage',
          MetricName: 'ResourceCount',
          MetricDimensions: {
            Class: b.QuotaCode === 'L-417A185B' ? 'P/OnDemand' : 'G/OnDemand',
            Resource: 'vCPU',
            Service: 'EC2',
            Type: 'Resource',
          },
          MetricStatisticRecommendation: 'Maximum',
        },
      },
    });
  }

  const JSON_TARGETS: Record<
    string,
    { service: string; version: '1.0' | '1.1'; run: (input: unknown, scope: Scope) => SimResponse }
  > = {
    'GraniteServiceVersion20100801.GetMetricData': { service: 'monitoring', version: '1.0', run: getMetricData },
    'AWSPriceListService.GetProducts': { service: 'pricing', version: '1.1', run: (i) => getProducts(i) },
    'ServiceQuotasV20190624.GetServiceQuota': { service: 'servicequotas', version: '1.1', run: getServiceQuota },
  };

  function router(req: SimRequest): SimResponse {
    if (req.method !== 'POST' || req.path !== '/')
      return ec2Err(404, 'NotFound', `No route for ${req.method} ${req.path}`);
    const target = req.headers['x-amz-target'];
    const json = typeof target === 'string' ? JSON_TARGETS[target] : undefined;
    if (typeof target === 'string' && !json)
      return jsonErr(400, '1.1', 'UnknownOperationException', `Unknown operation ${target}`);
    const v = verifySigV4(req, SIM_SECRET_ACCESS_KEY);
    if ('error' in v) {
      if (json) {
        const [code, msg] =
          v.error === 'missing'
            ? ['MissingAuthenticationTokenException', 'Missing Authentication Token']
            : v.error === 'unknown-key'
              ? ['UnrecognizedClientException', 'The security token included in the request is invalid.']
              : [
                  'InvalidSignatureException',
                  'The request signature we calculated does not match the signature you provided.',
                ];
        return jsonErr(v.error === 'unknown-key' ? 400 : 403, json.version, code, msg, json.version === '1.0');
      }
      return ec2Err(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    }
    if (json) {
      if (v.service !== json.service)
        return jsonErr(
          403,
          json.version,
          'InvalidSignatureException',
          `Credential should be scoped to correct service: '${json.service}'.`,
        );
      const ct = String(req.headers['content-type'] ?? '');
      if (!ct.startsWith(`application/x-amz-json-${json.version}`))
        return jsonErr(
          400,
          json.version,
          'SerializationException',
          `Expected content-type application/x-amz-json-${json.version}`,
        );
      if (req.json === undefined)
        return jsonErr(400, json.version, 'SerializationException', 'The request body is not JSON');
      return json.run(req.json, v);
    }
    if (v.service !== 'ec2')
      return ec2Err(401, 'AuthFailure', `Credential should be scoped to correct service: 'ec2'.`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return ec2Err(400, 'MissingAction', 'The request must contain the parameter Action');
    return ec2(new URLSearchParams(req.text), v);
  }

  const http = await startHttpSim(router, { port: opts.port, ...(opts.demo ? { maxRecords: 2000 } : {}) });
  return {
    id: 'aws',
    baseUrl: http.url,
    credentials: { accessKeyId: SIM_ACCESS_KEY_ID, secretAccessKey: SIM_SECRET_ACCESS_KEY },
    http,
    scenario,
    tick() {
      tick++;
      for (const [k, v] of spotShare)
        spotShare.set(k, round(Math.min(0.9, Math.max(0.2, v * (0.95 + rand() * 0.1))), 3));
      for (const [k, v] of scores)
        if (rand() < 0.3) scores.set(k, Math.min(10, Math.max(1, v + (rand() < 0.5 ? -1 : 1))));
      // p5.48xlarge appears in us-east-2c and disappears again: a GPU coming and going.
      const p5 = types.get('p5.48xlarge')!;
      const east2 = p5.zones['us-east-2'] ?? [];
      p5.zones['us-east-2'] = tick % 4 < 2 ? [...new Set([...east2, 2])] : east2.filter((i) => i !== 2);
      // A Capacity Block is bought by someone else, then offered again.
      const extra = 'cb-0123456789abcdef2';
      if (scenario.blocks.some((b) => b.id === extra)) scenario.blocks = scenario.blocks.filter((b) => b.id !== extra);
      else if (rand() < 0.5)
        scenario.blocks.push({
          id: extra,
          type: 'p5e.48xlarge',
          az: 'us-west-2c',
          count: 2,
          hours: 24,
          upfront: 3038.4,
          start: blockStart(3),
        });
      const i = scenario.instances[Math.floor(rand() * scenario.instances.length)];
      if (i && rand() < 0.2) i.state = i.state === 'running' ? 'stopped' : 'running';
    },
    close: () => http.close(),
  };
}

export const awsSim: SimulatorDescriptor = {
  id: 'aws',
  scenarios: [...AWS_SCENARIOS],
  start: startAwsSim,
};
