/**
 * Azure: your VMs across subscriptions (power state, size, GPUs) with Azure Monitor metrics, and
 * the GPU VM sizes (NC/ND/NV) from the public Retail Prices API, on-demand and spot, per region.
 * A price list is not capacity: those offers are `listed`, made `none` by a Resource SKUs
 * restriction for the subscription, and carry the family's vCPU quota from compute usages.
 * Least privilege: Reader (+ Monitoring Reader for metrics) on each subscription.
 */
import { CloudtopError, type GpuOffer, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor, TestConnectionResult } from '../types';
import { parseProviderOptions, abortIfNeeded, isPermissionGap } from '../kit';
import { AzureApi, type AzureCredentials } from './client';
import {
  PORTAL_URL,
  PROVIDER,
  metricSeries,
  parseAzureOffers,
  skuFacts,
  vmResource,
  type RegionUsages,
  type SkuFacts,
} from './parse';
import { azureInfo, type AzureOptionsSchema } from './descriptor';
import { countOf } from '../../../shared/format';

export { azureCredentialSchema, AzureOptionsSchema } from './descriptor';

export type { AzureCredentials } from './client';

const HOUR = 3_600_000;
/** Metrics window: one hour of 5-minute points is what the window's sparkline shows. */
const METRICS_WINDOW_MS = HOUR;
const METRICS_STEP_MS = 5 * 60_000;

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

class AzureClient implements ProviderClient {
  private readonly api: AzureApi;

  constructor(private readonly ctx: ProviderContext<AzureCredentials>) {
    this.api = new AzureApi(ctx, ctx.credentials);
  }

  private stamp(): string {
    return new Date(this.ctx.clock.now()).toISOString();
  }

  async fetchOffers(signal: AbortSignal): Promise<GpuOffer[]> {
    parseProviderOptions(azureProvider, this.ctx.options);
    const items = await this.api.retailPrices(signal);
    const fetchedAt = this.stamp();
    const base = { fetchedAt, ...(this.ctx.account ? { account: this.ctx.account } : {}) };
    if (!this.ctx.credentials) return parseAzureOffers(items, base);

    // With a subscription: what it may deploy (Resource SKUs) and its vCPU quotas (usages).
    const [sub] = await this.api.subscriptions(signal);
    if (!sub) return parseAzureOffers(items, base);
    let skus: Map<string, SkuFacts> | undefined;
    try {
      skus = skuFacts(await this.api.resourceSkus(sub.subscriptionId, signal));
    } catch (e) {
      if (!isPermissionGap(e)) throw e;
      this.ctx.log.warn({ code: e.code }, 'Azure Resource SKUs not readable; offers show list prices only');
    }
    const regions = [...new Set(items.map((i) => i.armRegionName.toLowerCase()))].sort();
    const usages = new Map<string, RegionUsages>();
    for (const region of regions) {
      abortIfNeeded(signal);
      try {
        const list = await this.api.usages(sub.subscriptionId, region, signal);
        usages.set(region, new Map(list.map((u) => [u.name.value, u])));
      } catch (e) {
        if (!isPermissionGap(e)) throw e;
        // Some regions are not enabled for a subscription; their offers go without a quota.
      }
    }
    return parseAzureOffers(items, { ...base, skus, usages, subscriptionId: sub.subscriptionId });
  }

  async fetchResources(signal: AbortSignal): Promise<Resource[]> {
    const subs = await this.api.subscriptions(signal);
    const out: Resource[] = [];
    const fetchedAt = this.stamp();
    for (const sub of subs) {
      abortIfNeeded(signal);
      const subResource: Resource = {
        id: `${PROVIDER}:/subscriptions/${sub.subscriptionId.toLowerCase()}`,
        provider: PROVIDER,
        kind: 'account',
        name: sub.displayName ?? sub.subscriptionId,
        state: 'running',
        ...(sub.state ? { stateRaw: sub.state } : {}),
        meta: { subscriptionId: sub.subscriptionId },
        metrics: [],
        issues: [],
        fetchedAt,
        consoleUrl: `${PORTAL_URL}/#@/resource/subscriptions/${sub.subscriptionId}/overview`,
      };
      if (this.ctx.account) subResource.account = this.ctx.account;
      out.push(subResource);
      try {
        for (const vm of await this.api.virtualMachines(sub.subscriptionId, signal)) {
          const r = vmResource(vm, sub, { fetchedAt, ...(this.ctx.account ? { account: this.ctx.account } : {}) });
          r.parentId = subResource.id;
          if (r.kind === 'gpu-instance') {
            // Platform metrics have no GPU figures; they need an agent in the VM (DCGM exporter / AMA).
            r.meta.gpuMetrics = 'not in Azure Monitor platform metrics: needs an agent in the VM';
          }
          out.push(r);
        }
        subResource.meta.vms = out.filter((r) => r.parentId === subResource.id).length;
      } catch (e) {
        if (!isPermissionGap(e)) throw e;
        subResource.state = 'error';
        subResource.issues.push({ ...e.toInfo(), message: `VMs not listed: ${e.message}` });
      }
    }
    return out;
  }

  async fetchMetrics(resources: Resource[], signal: AbortSignal): Promise<Map<string, MetricSeries[]>> {
    const out = new Map<string, MetricSeries[]>();
    const vms = resources.filter(
      (r) =>
        r.provider === PROVIDER &&
        (r.kind === 'instance' || r.kind === 'gpu-instance') &&
        r.state === 'running' &&
        typeof r.meta.armId === 'string',
    );
    const end = Math.floor(this.ctx.clock.now() / 60_000) * 60_000;
    const timespan = `${isoSeconds(end - METRICS_WINDOW_MS)}/${isoSeconds(end)}`;
    let firstError: unknown;
    for (const r of vms) {
      abortIfNeeded(signal);
      try {
        const body = await this.api.metrics(r.meta.armId as string, timespan, signal);
        out.set(r.id, metricSeries(body, METRICS_STEP_MS));
      } catch (e) {
        // A missing Monitoring Reader role fails every VM the same way: stop at the first.
        if (!isPermissionGap(e)) throw e;
        firstError ??= e;
        break;
      }
    }
    if (firstError && out.size === 0 && vms.length > 0) throw firstError;
    return out;
  }

  async testConnection(signal: AbortSignal): Promise<TestConnectionResult> {
    const subs = await this.api.subscriptions(signal);
    if (subs.length === 0) {
      throw new CloudtopError('forbidden', 'Azure accepted the service principal but it can read no subscription', {
        provider: PROVIDER,
        hint: 'Assign it the Reader role on a subscription (and Monitoring Reader for metrics).',
      });
    }
    const names = subs.slice(0, 3).map((s) => s.displayName ?? s.subscriptionId);
    return {
      ok: true,
      detail: `${this.ctx.credentials?.clientSecret ? 'Service principal' : 'Azure CLI sign-in'} valid; ${countOf(subs.length, 'subscription')}: ${names.join(', ')}`,
    };
  }
}

export const azureProvider: ProviderDescriptor<AzureCredentials> & { optionsSchema: typeof AzureOptionsSchema } = {
  ...azureInfo,
  create(ctx: ProviderContext<AzureCredentials>): ProviderClient {
    return new AzureClient(ctx);
  },
};
