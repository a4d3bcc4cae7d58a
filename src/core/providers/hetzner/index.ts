/**
 * Hetzner Cloud: your Cloud servers with CPU and public network from `/servers/{id}/metrics`.
 * No GPU offers: Hetzner's Cloud has no GPU server types, and its GPU machines (GEX dedicated
 * servers) are ordered through Robot, whose API lists products and prices but no stock — so
 * cloudtop shows none rather than inventing availability (HETZNER_GPU_NOTE; docs/providers/optional-clouds.md).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { HetznerApi } from './client';
import { parseHetznerMetrics, parseHetznerServers } from './parse';
import { parseProviderOptions, validatePayload } from '../kit';
import { hetznerInfo, type HetznerOptionsSchema, type HetznerCredentials } from './descriptor';

export {
  HETZNER_GPU_NOTE,
  HetznerCredentialsSchema,
  HetznerOptionsSchema,
  type HetznerCredentials,
} from './descriptor';
import { countOf } from '../../../shared/format';

const ProbeSchema = lazySchema(() =>
  z.looseObject({
    meta: z.looseObject({ pagination: z.looseObject({ total_entries: z.number().nullish() }) }).nullish(),
  }),
);

function createHetznerClient(ctx: ProviderContext<HetznerCredentials>): ProviderClient {
  const api = new HetznerApi(ctx.http, ctx.credentials?.token);
  const stamp = (): string => new Date(ctx.clock.now()).toISOString();
  const account = ctx.account;
  return {
    async fetchResources(signal) {
      return parseHetznerServers(await api.servers(signal), { account, fetchedAt: stamp() });
    },
    async fetchMetrics(resources: Resource[], signal) {
      const opts = parseProviderOptions(hetznerProvider, ctx.options);
      const out = new Map<string, MetricSeries[]>();
      const mine = resources
        .filter((r) => r.provider === 'hetzner' && r.state === 'running')
        .slice(0, opts.maxMetricsServers);
      const now = ctx.clock.now();
      const end = new Date(now).toISOString();
      const start = new Date(now - opts.metricsWindowMinutes * 60_000).toISOString();
      for (const r of mine) {
        const id = r.id.slice('hetzner:'.length);
        const cores = typeof r.meta.cores === 'number' ? r.meta.cores : undefined;
        const body = await api.metrics(id, start, end, opts.metricsStepSeconds, signal);
        out.set(r.id, parseHetznerMetrics(body, cores, `GET /servers/${id}/metrics`));
      }
      return out;
    },
    async testConnection(signal) {
      const p = validatePayload(ProbeSchema, await api.probe(signal), {
        provider: 'hetzner',
        displayName: 'Hetzner Cloud',
        what: 'GET /servers',
      });
      const n = p.meta?.pagination.total_entries;
      return {
        ok: true as const,
        detail: `Hetzner accepted the API token${typeof n === 'number' ? ` (${countOf(n, 'server')} in the project)` : ''}`,
      };
    },
  };
}

type HetznerDescriptor = ProviderDescriptor<HetznerCredentials> & { optionsSchema: typeof HetznerOptionsSchema };

export const hetznerProvider: HetznerDescriptor = { ...hetznerInfo, create: createHetznerClient };
