/**
 * Hetzner Cloud: your Cloud servers with CPU and public network from `/servers/{id}/metrics`.
 * No GPU offers: Hetzner's Cloud has no GPU server types, and its GPU machines (GEX dedicated
 * servers) are ordered through Robot, whose API lists products and prices but no stock — so
 * cloudtop shows none rather than inventing availability (docs/providers.md, HETZNER_GPU_NOTE).
 */
import * as z from 'zod';
import { type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { HetznerApi, HETZNER_TOKENS_URL } from './client';
import { parseHetznerMetrics, parseHetznerServers } from './parse';
import { discoverFromEnv, MB, parseProviderOptions, validatePayload } from '../kit';

export const HETZNER_GPU_NOTE =
  'No GPU offers: Hetzner Cloud has no GPU server types, and its GPU dedicated servers (GEX) are sold through Robot, whose API lists no stock.';

export const HetznerCredentialsSchema = z.object({ token: z.string().trim().min(1, 'the API token is empty') });
export type HetznerCredentials = z.infer<typeof HetznerCredentialsSchema>;

export const HetznerOptionsSchema = z
  .object({
    metricsWindowMinutes: z.number().int().min(5).max(1440).default(60),
    /** Seconds per metrics point (Hetzner picks a step when omitted; 60 s gives a readable hour). */
    metricsStepSeconds: z.number().int().min(1).max(3600).default(60),
    /** One request per server per metrics round: cap it (the project budget is 3,600/hour). */
    maxMetricsServers: z.number().int().min(0).max(200).default(25),
  })
  .strict();

const ProbeSchema = z.looseObject({
  meta: z.looseObject({ pagination: z.looseObject({ total_entries: z.number().nullish() }) }).nullish(),
});

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
        detail: `Hetzner accepted the API token${typeof n === 'number' ? ` (${n} server${n === 1 ? '' : 's'} in the project)` : ''}`,
      };
    },
  };
}

type HetznerDescriptor = ProviderDescriptor<HetznerCredentials> & { optionsSchema: typeof HetznerOptionsSchema };

export const hetznerProvider: HetznerDescriptor = {
  id: 'hetzner',
  displayName: 'Hetzner Cloud',
  kind: 'cloud',
  credentialFields: [
    {
      name: 'token',
      label: 'API token',
      secret: true,
      optional: false,
      help: `A Read token of one project (Cloud Console → project → Security → API tokens: ${HETZNER_TOKENS_URL}). One token sees one project; add a profile per project.`,
    },
  ],
  credentialSchema: HetznerCredentialsSchema,
  anonymousOffers: false,
  rateLimit: {
    documented:
      '3,600 requests/hour per project, refilling 1/s; headers RateLimit-Limit/Remaining/Reset (Unix time); 429 rate_limit_exceeded',
    intervalMs: 3_600_000,
    intervalCap: 1_800,
    burst: { intervalMs: 60_000, intervalCap: 60 },
  },
  defaultPollMs: 120_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: false, resources: true, metrics: true },
  consoleUrl: 'https://console.hetzner.cloud/projects',
  defaultBaseUrl: 'https://api.hetzner.cloud/v1',
  docsUrl: 'https://docs.hetzner.cloud/',
  note: HETZNER_GPU_NOTE,
  timeoutMs: 20_000,
  response: { maxBytes: 8 * MB },
  optionsSchema: HetznerOptionsSchema,
  // hcloud (the CLI) and the Terraform provider read the project token from HCLOUD_TOKEN.
  discover: (env) =>
    discoverFromEnv(
      'hetzner',
      [{ field: 'token', env: 'HCLOUD_TOKEN', pattern: /^[\w-]{32,200}$/, secret: true }],
      env,
    ),
  create: createHetznerClient,
};
