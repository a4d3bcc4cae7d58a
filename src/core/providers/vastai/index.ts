/**
 * Vast.ai: GPU marketplace. Offers from `POST /api/v0/bundles/` (anonymous search works, a key is
 * sent when configured), instances from `GET /api/v1/instances/` (key required, keyset paging).
 * Facts and traps: docs/providers/vastai.md.
 */
import type { GpuOffer, Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { VastApi, VAST_KEYS_URL } from './client';
import { vastaiInfo, type VastCredentials } from './descriptor';
import { parseVastInstancesPage, parseVastOffers } from './parse';
import { buildVastQuery, parseVastOptions } from './query';

export { VastCredentialsSchema, type VastCredentials } from './descriptor';
export { buildVastQuery, parseVastOptions, vastGpuName, VastOptionsSchema, type VastOptions } from './query';

function createVastClient(ctx: ProviderContext<VastCredentials>): ProviderClient {
  const api = new VastApi(ctx.http, ctx.credentials?.apiKey);
  const log = ctx.log.child({ provider: 'vastai' });
  const stamp = (): string => new Date(ctx.clock.now()).toISOString();
  const account = ctx.account;

  return {
    async fetchOffers(signal: AbortSignal): Promise<GpuOffer[]> {
      const opts = parseVastOptions(ctx.options);
      const out: GpuOffer[] = [];
      // One search per offer type: on-demand only by default (1 request per refresh).
      for (const billing of opts.billing) {
        const body = await api.searchOffers(buildVastQuery(opts, billing), signal, opts.searchCacheMs);
        const parsed = parseVastOffers(body, { account, fetchedAt: stamp(), billing });
        if (parsed.skipped > 0)
          log.warn({ skipped: parsed.skipped, problem: parsed.firstProblem }, 'skipped malformed Vast.ai offers');
        out.push(...parsed.offers);
      }
      const max = opts.maxPricePerGpuHour;
      return max === undefined ? out : out.filter((o) => o.price.perGpuHour <= max);
    },

    async fetchResources(signal: AbortSignal): Promise<Resource[]> {
      // Offer search is anonymous; instances are not. Unconfigured means "no instances", not an error.
      if (!api.hasKey) return [];
      return api.allInstances(signal, (body) => {
        const page = parseVastInstancesPage(body, { account, fetchedAt: stamp() });
        return { items: page.resources, nextToken: page.nextToken };
      });
    },

    async testConnection(signal: AbortSignal) {
      if (api.hasKey) {
        const page = parseVastInstancesPage(await api.instancesPage(null, signal, 1), { account, fetchedAt: stamp() });
        const body = page.resources.length ? 'instances visible' : 'no instances';
        return { ok: true as const, detail: `Vast.ai accepted the API key (${body})` };
      }
      const parsed = parseVastOffers(await api.searchOffers(buildVastQuery({ limit: 1 }), signal, 0), {
        account,
        fetchedAt: stamp(),
        billing: 'on-demand',
      });
      return {
        ok: true as const,
        detail: `Anonymous offer search works (${parsed.offers.length} offer sample); add an API key (${VAST_KEYS_URL}) to see your instances`,
      };
    },
  };
}

export const vastaiProvider: ProviderDescriptor<VastCredentials> = { ...vastaiInfo, create: createVastClient };
