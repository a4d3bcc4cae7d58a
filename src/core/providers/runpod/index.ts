/**
 * RunPod (GPU market + your pods) over REST v2 (`https://api.runpod.io/v2/...`).
 *
 * Offers: `GET /v2/catalog/gpus?include=AVAILABILITY&product=POD&cloud=<tier>&count=<n>` once per cloud
 * tier and exposed GPU count. Availability is per count, so each count is its own request; by default we
 * expose 1x (the common case) and 8x (a full node, what multi-GPU watches ask for), i.e. 4 catalog
 * requests per refresh. `options.gpuCounts` changes that (each count costs 2 requests).
 * Spot prices come from GraphQL (`gpuTypes { secureSpotPrice communitySpotPrice }`) because v2 has none;
 * at most one request per 5 min, failures never affect on-demand offers, `options.spot: false` turns it off.
 * Resources: `GET /v2/pods?includeClusterPods=true` (1 request). Neither endpoint paginates.
 * REST v1 is retired (2026-11-15) and is not used.
 */
import { CloudtopError, type CloudTier, type GpuOffer, type Resource } from '../../../shared/model';
import type { Clock } from '../../collector/clock';
import type { Logger } from '../../log/types';
import type { ProviderClient, ProviderContext, ProviderDescriptor, TestConnectionResult } from '../types';
import { API_KEYS_URL, RunpodApi } from './client';
import {
  catalogToOffers,
  ListGpuTypesSchema,
  ListPodsSchema,
  parseBody,
  podsToResources,
  spotPricesFromGraphql,
  type CatalogSlice,
  type SpotPrice,
} from './parse';
import { RateLimitPacer } from './ratelimit';
import { parseProviderOptions } from '../kit';
import { runpodInfo, RunpodOptionsSchema, type RunpodCredentials } from './descriptor';

export { RunpodCredentialsSchema, RunpodOptionsSchema, type RunpodCredentials, type RunpodOptions } from './descriptor';

export const DEFAULT_GPU_COUNTS = [1, 8] as const;
export const SPOT_TTL_MS = 5 * 60_000;
/** Keep serving the last spot prices through GraphQL hiccups so spot offers do not flap. */
export const SPOT_KEEP_MS = 30 * 60_000;

export class RunpodClient implements ProviderClient {
  private readonly api: RunpodApi | undefined;
  private readonly pacer: RateLimitPacer;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly counts: number[];
  private readonly tiers: CloudTier[];
  private spotEnabled: boolean;
  private spot: { prices: Map<string, SpotPrice>; at: number } | undefined;
  private spotNextAt = 0;

  constructor(private readonly ctx: ProviderContext<RunpodCredentials>) {
    const opts = {
      data: parseProviderOptions(
        { id: 'runpod', displayName: 'RunPod', optionsSchema: RunpodOptionsSchema },
        ctx.options,
      ),
    };
    this.counts = [...new Set(opts.data.gpuCounts ?? DEFAULT_GPU_COUNTS)].sort((a, b) => a - b);
    this.tiers = [...new Set(opts.data.clouds ?? (['secure', 'community'] as CloudTier[]))];
    this.spotEnabled = opts.data.spot ?? true;
    this.clock = ctx.clock;
    this.log = ctx.log.child({ provider: 'runpod', account: ctx.account });
    this.pacer = new RateLimitPacer(ctx.clock);
    const apiKey = ctx.credentials?.apiKey;
    this.api = apiKey ? new RunpodApi({ http: ctx.http, apiKey, pacer: this.pacer }) : undefined;
  }

  /** Requests the next fetchOffers will send (for the bench and the pacer). */
  plannedOfferRequests(): number {
    return this.tiers.length * this.counts.length + (this.spotDue() ? 1 : 0);
  }

  async fetchOffers(signal: AbortSignal): Promise<GpuOffer[]> {
    const api = this.api;
    // No key: RunPod has no anonymous catalog (global bearerAuth), the collector shows "unconfigured".
    if (!api) return [];
    const spotDue = this.spotDue();
    this.pacer.check(this.plannedOfferRequests());
    // All slices or nothing: partial offers would look like offers disappearing. The first failure
    // cancels the sibling requests still queued or in flight (a bad key must not cost 5 401s).
    const stop = new AbortController();
    const linked = AbortSignal.any([signal, stop.signal]);
    const spotDone = spotDue ? this.refreshSpot(api, linked) : Promise.resolve();
    const plan = this.tiers.flatMap((tier) => this.counts.map((count) => ({ tier, count })));
    let slices: CatalogSlice[];
    try {
      slices = await Promise.all(
        plan.map(
          async ({ tier, count }): Promise<CatalogSlice> => ({
            tier,
            count,
            body: parseBody(
              ListGpuTypesSchema,
              await api.gpuCatalog(tier, count, linked),
              `GPU catalog (cloud=${tier.toUpperCase()}, count=${count})`,
            ),
          }),
        ),
      );
    } catch (e) {
      stop.abort();
      throw e;
    }
    await spotDone;
    const now = this.clock.now();
    const spot = this.spot && now - this.spot.at <= SPOT_KEEP_MS ? this.spot.prices : undefined;
    return catalogToOffers(slices, {
      account: this.ctx.account,
      fetchedAt: new Date(now).toISOString(),
      ...(spot ? { spot } : {}),
    });
  }

  async fetchResources(signal: AbortSignal): Promise<Resource[]> {
    const api = this.requireApi();
    this.pacer.check(1);
    const body = parseBody(ListPodsSchema, await api.pods(signal), 'pod list');
    const now = this.clock.now();
    return podsToResources(body, { account: this.ctx.account, fetchedAt: new Date(now).toISOString(), now });
  }

  async testConnection(signal: AbortSignal): Promise<TestConnectionResult> {
    const api = this.requireApi();
    this.pacer.check(1);
    const body = parseBody(ListGpuTypesSchema, await api.gpuTypes(signal), 'GPU catalog');
    const policy = this.pacer.describePolicy();
    return {
      ok: true,
      detail: `API key accepted: ${body.gpus.length} GPU types in the RunPod catalog${policy ? `; quota ${policy}` : ''}`,
    };
  }

  private requireApi(): RunpodApi {
    if (this.api) return this.api;
    throw new CloudtopError(
      'auth',
      `RunPod needs an API key: create one at ${API_KEYS_URL} and run \`cloudtop auth set runpod\``,
      {
        provider: 'runpod',
        hint: 'Or set CLOUDTOP_RUNPOD_API_KEY',
      },
    );
  }

  private spotDue(): boolean {
    return this.spotEnabled && this.clock.now() >= this.spotNextAt;
  }

  private async refreshSpot(api: RunpodApi, signal: AbortSignal): Promise<void> {
    // Whatever happens, ask again only after the TTL: spot prices are a nice-to-have.
    this.spotNextAt = this.clock.now() + SPOT_TTL_MS;
    try {
      const prices = spotPricesFromGraphql(await api.spotPrices(signal));
      this.spot = { prices, at: this.clock.now() };
    } catch (e) {
      const err = e instanceof CloudtopError ? e : undefined;
      if (err?.status === 404 || err?.status === 410) {
        // GraphQL retires in early 2027: stop asking once it is gone.
        this.spotEnabled = false;
        this.log.info({ status: err.status }, 'RunPod GraphQL is gone; spot prices disabled for this session');
        return;
      }
      if (signal.aborted) {
        // Cancelled with the refresh: ask again next time rather than in 5 minutes.
        this.spotNextAt = 0;
        return;
      }
      this.log.warn(
        { code: err?.code ?? 'unknown', message: err?.message },
        'RunPod spot prices unavailable; showing on-demand offers only',
      );
    }
  }
}

export const runpodProvider: ProviderDescriptor<RunpodCredentials> = {
  ...runpodInfo,
  create: (ctx) => new RunpodClient(ctx),
};
