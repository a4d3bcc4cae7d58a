/**
 * Vast.ai: GPU marketplace. Offers from `POST /api/v0/bundles/` (anonymous search works, a key is
 * sent when configured), instances from `GET /api/v1/instances/` (key required, keyset paging).
 * Facts and traps: reference/providers/vastai.md.
 */
import * as z from 'zod';
import type { GpuOffer, Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { VastApi, VAST_KEYS_URL } from './client';
import { parseVastInstancesPage, parseVastOffers } from './parse';
import { buildVastQuery, parseVastOptions, VastOptionsSchema } from './query';
import { MB } from '../kit';

export { buildVastQuery, parseVastOptions, vastGpuName, VastOptionsSchema, type VastOptions } from './query';

export const VastCredentialsSchema = z.object({ apiKey: z.string().trim().min(1, 'the API key is empty') });
export type VastCredentials = z.infer<typeof VastCredentialsSchema>;

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

export const vastaiProvider: ProviderDescriptor<VastCredentials> = {
  id: 'vastai',
  displayName: 'Vast.ai',
  kind: 'gpu-market',
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      optional: true,
      help: `Optional for offers, needed for your instances. Create one at ${VAST_KEYS_URL} (permissions: misc, instance_read).`,
    },
  ],
  credentialSchema: VastCredentialsSchema,
  anonymousOffers: true,
  rateLimit: {
    documented:
      'Per endpoint and identity, as a minimum interval: offer search 10 requests/min per IP; /api/v1/instances/ 1 request/s (threshold 1.0); no Retry-After on 429',
    // Half of the strictest per-second limit (instances, 1/s); searches are also cached 12 s so
    // /bundles/ stays at ≤ 5/min, half of its 10/min.
    intervalMs: 2000,
    intervalCap: 1,
  },
  defaultPollMs: 60_000,
  capabilities: { offers: true, resources: true, metrics: false },
  consoleUrl: 'https://cloud.vast.ai/',
  defaultBaseUrl: 'https://console.vast.ai',
  docsUrl: 'https://docs.vast.ai/api-reference',
  timeoutMs: 20_000,
  // Up to 10,000 offers of ~3 KB each (options.limit); the default 1,000 is about 3 MB.
  response: { maxBytes: 32 * MB },
  optionsSchema: VastOptionsSchema,
  create: createVastClient,
};
