/**
 * AWS: your EC2 instances across regions (state, type, GPUs from the instance type) with CloudWatch
 * CPU/network, and GPU offers per availability zone: on-demand list prices (Price List API) and the
 * latest spot prices, Capacity Block offerings, and the account's P / G-and-VT vCPU quotas. A price
 * list is not capacity: on-demand offers are `listed`; spot offers carry the Spot placement score
 * (1–10), the one capacity signal EC2 gives; a Capacity Block offering is capacity EC2 will sell.
 * Least privilege: the read-only actions in docs/aws.md.
 */
import { CloudtopError, type GpuOffer, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor, TestConnectionResult } from '../types';
import { parseProviderOptions, abortIfNeeded, isPermissionGap } from '../kit';
import { AwsApi, PRICING_REGION, filterParams, listParams } from './client';
import { credentialSource } from './credentials';
import { PROVIDER, awsInfo, type AwsCredentials, type AwsOptions, type AwsOptionsSchema } from './descriptor';
import {
  DescribeAvailabilityZonesSchema,
  DescribeCapacityBlockOfferingsSchema,
  DescribeInstanceTypeOfferingsSchema,
  DescribeInstanceTypesSchema,
  DescribeInstancesSchema,
  DescribeRegionsSchema,
  DescribeSpotPriceHistorySchema,
  EC2_METRICS,
  GetMetricDataSchema,
  GetProductsSchema,
  GetServiceQuotaSchema,
  GetSpotPlacementScoresSchema,
  PriceListProductSchema,
  QUOTA_CODES,
  gpuTypeFacts,
  instanceResource,
  latestSpotPrices,
  metricSeriesByIndex,
  onDemandPrices,
  parseRegionOffers,
  quotaFamily,
  type CapacityBlockOffering,
  type Ec2Instance,
  type GpuTypeFacts,
  type PriceListProduct,
  type RegionQuota,
} from './parse';
import { countOf } from '../../../shared/format';

export { AwsOptionsSchema, DEFAULT_REGIONS, type AwsCredentials, type AwsOptions } from './descriptor';

const METRICS_WINDOW_MS = 60 * 60_000;
const PERIOD_SECONDS = 300;
/** GetMetricData takes up to 500 queries; 3 per instance. */
const INSTANCES_PER_METRIC_CALL = 150;
const HOUR = 3_600_000;

const chunk = <T>(xs: readonly T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

class AwsClient implements ProviderClient {
  private readonly api: AwsApi;
  private readonly source;

  constructor(private readonly ctx: ProviderContext<AwsCredentials>) {
    this.source = credentialSource(ctx.credentials!);
    this.api = new AwsApi(ctx as ProviderContext, this.source);
  }

  private options(): AwsOptions {
    return parseProviderOptions(awsProvider, this.ctx.options);
  }

  private base(): { fetchedAt: string; account?: string } {
    return {
      fetchedAt: new Date(this.ctx.clock.now()).toISOString(),
      ...(this.ctx.account ? { account: this.ctx.account } : {}),
    };
  }

  /** The configured regions, or every region enabled for the account (DescribeRegions). */
  private async regions(signal: AbortSignal): Promise<string[]> {
    const o = this.options();
    if (o.regions !== 'all') return o.regions;
    const body = await this.api.ec2('us-east-1', 'DescribeRegions', {}, DescribeRegionsSchema, signal, {
      ttlMs: 6 * HOUR,
    });
    return body.DescribeRegionsResponse.regionInfo
      .filter((r) => r.optInStatus !== 'not-opted-in')
      .map((r) => r.regionName)
      .sort();
  }

  private instances(region: string, signal: AbortSignal, running = false): Promise<Ec2Instance[]> {
    const params = {
      MaxResults: 1000,
      ...(running ? filterParams([{ name: 'instance-state-name', values: ['pending', 'running'] }]) : {}),
    };
    return this.api.ec2Pages(
      region,
      'DescribeInstances',
      params,
      DescribeInstancesSchema,
      (p) => ({
        items: p.DescribeInstancesResponse.reservationSet.flatMap((r) => r.instancesSet),
        next: p.DescribeInstancesResponse.nextToken,
      }),
      signal,
    );
  }

  /** Instance-type facts (GPUs, vCPUs) for these types or these family patterns; cached a day. */
  private async typeFacts(
    region: string,
    query: { types: string[] } | { families: string[] },
    signal: AbortSignal,
  ): Promise<Map<string, GpuTypeFacts | null>> {
    const out = new Map<string, GpuTypeFacts | null>();
    const batches =
      'types' in query
        ? chunk(query.types, 100).map((t) => listParams('InstanceType', t))
        : // Only a filtered listing pages (MaxResults 5–100); up to 100 named types come in one answer.
          [
            {
              ...filterParams([{ name: 'instance-type', values: query.families.map((f) => `${f}.*`) }]),
              MaxResults: 100,
            },
          ];
    for (const params of batches) {
      const infos = await this.api.ec2Pages(
        region,
        'DescribeInstanceTypes',
        params,
        DescribeInstanceTypesSchema,
        (p) => ({
          items: p.DescribeInstanceTypesResponse.instanceTypeSet,
          next: p.DescribeInstanceTypesResponse.nextToken,
        }),
        signal,
        { ttlMs: 24 * HOUR },
      );
      for (const i of infos) out.set(i.instanceType, gpuTypeFacts(i) ?? null);
    }
    return out;
  }

  async fetchResources(signal: AbortSignal): Promise<Resource[]> {
    const out: Resource[] = [];
    const base = this.base();
    for (const region of await this.regions(signal)) {
      abortIfNeeded(signal);
      const instances = await this.instances(region, signal);
      const types = [...new Set(instances.map((i) => i.instanceType))];
      const facts = types.length
        ? await this.typeFacts(region, { types }, signal)
        : new Map<string, GpuTypeFacts | null>();
      for (const inst of instances) {
        const r = instanceResource(inst, region, facts.get(inst.instanceType) ?? undefined, base);
        if (r.kind === 'gpu-instance')
          r.meta.gpuMetrics = 'not in CloudWatch by default: needs the CloudWatch agent (NVIDIA GPU metrics)';
        out.push(r);
      }
    }
    return out;
  }

  async fetchMetrics(resources: Resource[], signal: AbortSignal): Promise<Map<string, MetricSeries[]>> {
    const out = new Map<string, MetricSeries[]>();
    const running = resources.filter(
      (r) =>
        r.provider === PROVIDER &&
        (r.kind === 'instance' || r.kind === 'gpu-instance') &&
        r.state === 'running' &&
        typeof r.meta.region === 'string' &&
        typeof r.meta.instanceId === 'string',
    );
    const byRegion = new Map<string, Resource[]>();
    for (const r of running)
      byRegion.set(r.meta.region as string, [...(byRegion.get(r.meta.region as string) ?? []), r]);
    const end = Math.floor(this.ctx.clock.now() / (PERIOD_SECONDS * 1000)) * PERIOD_SECONDS;
    let firstError: unknown;
    for (const [region, list] of byRegion) {
      for (const group of chunk(list, INSTANCES_PER_METRIC_CALL)) {
        abortIfNeeded(signal);
        const queries = group.flatMap((r, i) =>
          EC2_METRICS.map((m) => ({
            Id: `i${i}_${m.key}`,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/EC2',
                MetricName: m.metricName,
                Dimensions: [{ Name: 'InstanceId', Value: r.meta.instanceId }],
              },
              Period: PERIOD_SECONDS,
              Stat: m.stat,
            },
            ReturnData: true,
          })),
        );
        try {
          const results = [];
          let token: string | undefined;
          for (let page = 0; page < 20; page++) {
            const body = await this.api.json(
              'monitoring',
              region,
              'GraniteServiceVersion20100801.GetMetricData',
              '1.0',
              {
                MetricDataQueries: queries,
                StartTime: end - METRICS_WINDOW_MS / 1000,
                EndTime: end,
                ScanBy: 'TimestampAscending',
                ...(token ? { NextToken: token } : {}),
              },
              GetMetricDataSchema,
              signal,
            );
            results.push(...(body.MetricDataResults ?? []));
            if (!body.NextToken || body.NextToken === token) break;
            token = body.NextToken;
          }
          for (const [i, series] of metricSeriesByIndex(results, PERIOD_SECONDS)) {
            const r = group[i];
            if (r) out.set(r.id, series);
          }
        } catch (e) {
          // A missing cloudwatch:GetMetricData permission fails every region the same way.
          if (!isPermissionGap(e)) throw e;
          firstError ??= e;
          break;
        }
      }
    }
    if (firstError && out.size === 0 && running.length > 0) throw firstError;
    return out;
  }

  async fetchOffers(signal: AbortSignal): Promise<GpuOffer[]> {
    const o = this.options();
    const regions = await this.regions(signal);
    const base = this.base();
    const offers: GpuOffer[] = [];
    const facts = new Map<string, Map<string, GpuTypeFacts>>();
    for (const region of regions) {
      abortIfNeeded(signal);
      const all = await this.typeFacts(region, { families: o.families }, signal);
      facts.set(region, new Map([...all].filter((e): e is [string, GpuTypeFacts] => e[1] !== null)));
    }
    const scores = o.spotPlacementScores ? await this.placementScores(regions, facts, signal) : undefined;
    for (const region of regions) {
      abortIfNeeded(signal);
      const types = facts.get(region)!;
      if (!types.size) continue;
      const typeNames = [...types.keys()].sort();
      const [offerings, zoneIds, onDemand, spot, quotas, blocks] = [
        await this.offerings(region, o.families, signal),
        await this.zoneIds(region, signal),
        await this.onDemandPrices(region, typeNames, signal),
        await this.spotPrices(region, typeNames, signal),
        await this.quotas(region, types, signal),
        await this.capacityBlocks(region, o.capacityBlockHours, signal),
      ];
      offers.push(
        ...parseRegionOffers({
          region,
          ...base,
          types,
          offerings,
          zoneIds,
          onDemand,
          spot,
          ...(scores ? { scores } : {}),
          ...(quotas ? { quotas } : {}),
          blocks,
        }),
      );
    }
    return offers;
  }

  private async offerings(region: string, families: string[], signal: AbortSignal): Promise<Map<string, string[]>> {
    const rows = await this.api.ec2Pages(
      region,
      'DescribeInstanceTypeOfferings',
      {
        LocationType: 'availability-zone',
        ...filterParams([{ name: 'instance-type', values: families.map((f) => `${f}.*`) }]),
        MaxResults: 1000,
      },
      DescribeInstanceTypeOfferingsSchema,
      (p) => ({
        items: p.DescribeInstanceTypeOfferingsResponse.instanceTypeOfferingSet,
        next: p.DescribeInstanceTypeOfferingsResponse.nextToken,
      }),
      signal,
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.instanceType, [...(out.get(r.instanceType) ?? []), r.location]);
    return out;
  }

  private async zoneIds(region: string, signal: AbortSignal): Promise<Map<string, string>> {
    const body = await this.api.ec2(region, 'DescribeAvailabilityZones', {}, DescribeAvailabilityZonesSchema, signal, {
      ttlMs: 24 * HOUR,
    });
    const out = new Map<string, string>();
    for (const z of body.DescribeAvailabilityZonesResponse.availabilityZoneInfo)
      if (z.zoneId) out.set(z.zoneName, z.zoneId);
    return out;
  }

  /** GetProducts in us-east-1, for this region's GPU types (Linux, shared tenancy, no licence), cached 6 h. */
  private async onDemandPrices(region: string, types: string[], signal: AbortSignal): Promise<Map<string, number>> {
    const items: PriceListProduct[] = [];
    try {
      for (const group of chunk(types, 40)) {
        let token: string | undefined;
        for (let page = 0; page < 50; page++) {
          const body = await this.api.json(
            'pricing',
            PRICING_REGION,
            'AWSPriceListService.GetProducts',
            '1.1',
            {
              ServiceCode: 'AmazonEC2',
              FormatVersion: 'aws_v1',
              MaxResults: 100,
              Filters: [
                { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
                { Type: 'ANY_OF', Field: 'instanceType', Value: group.join(',') },
                { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
                { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
                { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
                { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
                { Type: 'TERM_MATCH', Field: 'licenseModel', Value: 'No License required' },
              ],
              ...(token ? { NextToken: token } : {}),
            },
            GetProductsSchema,
            signal,
            { ttlMs: 6 * HOUR },
          );
          for (const raw of body.PriceList ?? []) {
            let item: unknown = raw;
            if (typeof raw === 'string') {
              try {
                item = JSON.parse(raw);
              } catch {
                item = undefined;
              }
            }
            const r = PriceListProductSchema.safeParse(item);
            if (r.success) items.push(r.data);
          }
          if (!body.NextToken || body.NextToken === token) break;
          token = body.NextToken;
        }
      }
    } catch (e) {
      if (!isPermissionGap(e)) throw e;
      this.ctx.log.warn(
        { code: e.code },
        'AWS Price List not readable (pricing:GetProducts); on-demand offers are left out',
      );
    }
    return onDemandPrices(items);
  }

  private async spotPrices(region: string, types: string[], signal: AbortSignal) {
    const rows = await this.api.ec2Pages(
      region,
      'DescribeSpotPriceHistory',
      {
        ...listParams('InstanceType', types),
        ...listParams('ProductDescription', ['Linux/UNIX']),
        // A start time of now returns the price in effect now, per AZ and type.
        StartTime: new Date(this.ctx.clock.now()).toISOString(),
        MaxResults: 1000,
      },
      DescribeSpotPriceHistorySchema,
      (p) => ({
        items: p.DescribeSpotPriceHistoryResponse.spotPriceHistorySet,
        next: p.DescribeSpotPriceHistoryResponse.nextToken,
      }),
      signal,
    );
    return latestSpotPrices(rows);
  }

  /**
   * Spot placement scores per type and AZ id, one call per instance type for all regions (up to 10
   * a call), cached an hour: AWS limits how many score requests an account makes.
   */
  private async placementScores(
    regions: string[],
    facts: Map<string, Map<string, GpuTypeFacts>>,
    signal: AbortSignal,
  ): Promise<Map<string, number> | undefined> {
    const out = new Map<string, number>();
    const types = [...new Set([...facts.values()].flatMap((m) => [...m.keys()]))].sort();
    try {
      for (const type of types) {
        const inRegions = regions.filter((r) => facts.get(r)?.has(type));
        for (const group of chunk(inRegions, 10)) {
          abortIfNeeded(signal);
          const rows = await this.api.ec2Pages(
            group[0]!,
            'GetSpotPlacementScores',
            {
              ...listParams('InstanceType', [type]),
              TargetCapacity: 1,
              TargetCapacityUnitType: 'units',
              SingleAvailabilityZone: true,
              ...listParams('RegionName', group),
              MaxResults: 1000,
            },
            GetSpotPlacementScoresSchema,
            (p) => ({
              items: p.GetSpotPlacementScoresResponse.spotPlacementScoreSet,
              next: p.GetSpotPlacementScoresResponse.nextToken,
            }),
            signal,
            { ttlMs: HOUR },
          );
          for (const s of rows) if (s.availabilityZoneId) out.set(`${type}|${s.availabilityZoneId}`, s.score);
        }
      }
    } catch (e) {
      if (!isPermissionGap(e)) throw e;
      this.ctx.log.warn(
        { code: e.code },
        'AWS Spot placement scores not readable (ec2:GetSpotPlacementScores); spot offers are `listed`',
      );
      return undefined;
    }
    return out;
  }

  /** The P and G-and-VT vCPU quotas (on-demand and spot) with what running instances use of them. */
  private async quotas(
    region: string,
    types: Map<string, GpuTypeFacts>,
    signal: AbortSignal,
  ): Promise<Map<string, RegionQuota> | undefined> {
    const families = new Set([...types.keys()].map(quotaFamily).filter((f) => f !== undefined));
    if (!families.size) return undefined;
    const out = new Map<string, RegionQuota>();
    try {
      const running = await this.instances(region, signal, true);
      const runningTypes = [...new Set(running.map((i) => i.instanceType))];
      const vcpus = runningTypes.length ? await this.typeFacts(region, { types: runningTypes }, signal) : new Map();
      for (const family of families) {
        for (const billing of ['on-demand', 'spot'] as const) {
          const code = QUOTA_CODES[family][billing];
          const body = await this.api.json(
            'servicequotas',
            region,
            'ServiceQuotasV20190624.GetServiceQuota',
            '1.1',
            { ServiceCode: 'ec2', QuotaCode: code },
            GetServiceQuotaSchema,
            signal,
            { ttlMs: 10 * 60_000 },
          );
          const used = running
            .filter(
              (i) =>
                quotaFamily(i.instanceType) === family && (i.instanceLifecycle === 'spot') === (billing === 'spot'),
            )
            .reduce((n, i) => n + ((vcpus.get(i.instanceType) as GpuTypeFacts | null | undefined)?.vcpus ?? 0), 0);
          out.set(code, {
            code,
            ...(body.Quota.QuotaName ? { name: body.Quota.QuotaName } : {}),
            limit: body.Quota.Value,
            used,
          });
        }
      }
    } catch (e) {
      if (!isPermissionGap(e)) throw e;
      this.ctx.log.warn(
        { region, code: e.code },
        'AWS Service Quotas not readable (servicequotas:GetServiceQuota); offers go without quota',
      );
      return undefined;
    }
    return out;
  }

  private async capacityBlocks(region: string, hours: number, signal: AbortSignal): Promise<CapacityBlockOffering[]> {
    try {
      return await this.api.ec2Pages(
        region,
        'DescribeCapacityBlockOfferings',
        { CapacityDurationHours: hours, InstanceCount: 1, MaxResults: 100 },
        DescribeCapacityBlockOfferingsSchema,
        (p) => ({
          items: p.DescribeCapacityBlockOfferingsResponse.capacityBlockOfferingSet,
          next: p.DescribeCapacityBlockOfferingsResponse.nextToken,
        }),
        signal,
      );
    } catch (e) {
      if (!isPermissionGap(e)) throw e;
      this.ctx.log.warn(
        { region, code: e.code },
        'AWS Capacity Block offerings not readable (ec2:DescribeCapacityBlockOfferings)',
      );
      return [];
    }
  }

  async testConnection(signal: AbortSignal): Promise<TestConnectionResult> {
    const regions = await this.regions(signal);
    const first = regions[0]!;
    const body = await this.api.ec2(first, 'DescribeAvailabilityZones', {}, DescribeAvailabilityZonesSchema, signal);
    return {
      ok: true,
      detail: `${this.source.describe} valid; ${body.DescribeAvailabilityZonesResponse.availabilityZoneInfo.length} zones in ${first}; watching ${countOf(regions.length, 'region')}`,
    };
  }
}

export const awsProvider: ProviderDescriptor<AwsCredentials> & { optionsSchema: typeof AwsOptionsSchema } = {
  ...awsInfo,
  create(ctx: ProviderContext<AwsCredentials>): ProviderClient {
    if (!ctx.credentials) {
      const fail = (): never => {
        throw new CloudtopError('config', 'AWS is not configured: an access key or a profile is needed', {
          provider: PROVIDER,
          hint: 'Run `cloudtop auth set aws` and give a profile from ~/.aws/config (or an access key)',
        });
      };
      return {
        fetchOffers: async () => fail(),
        fetchResources: async () => fail(),
        testConnection: async () => fail(),
      };
    }
    return new AwsClient(ctx);
  },
};
