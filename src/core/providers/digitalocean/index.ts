/**
 * DigitalOcean: your Droplets with CPU and public bandwidth from DigitalOcean Monitoring, and GPU
 * Droplet sizes as offers (one per region where the size is available for new Droplets).
 * One read-only API token is all it needs. Facts: reference/providers/optional-clouds.md.
 */
import * as z from 'zod';
import { type GpuOffer, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { DigitalOceanApi, DO_READ_SCOPES, DO_TOKENS_URL } from './client';
import { DO_CONSOLE_URL, parseDoBandwidth, parseDoCpu, parseDoDroplets, parseDoSizes } from './parse';
import { discoverFromEnv, MB, parseProviderOptions, validatePayload } from '../kit';

export const DigitalOceanCredentialsSchema = z.object({ token: z.string().trim().min(1, 'the API token is empty') });
export type DigitalOceanCredentials = z.infer<typeof DigitalOceanCredentialsSchema>;

export const DigitalOceanOptionsSchema = z
  .object({
    /** Leave out GPU sizes DigitalOcean marks unavailable instead of listing them as `none`. */
    hideUnavailable: z.boolean().default(false),
    /** How far back each metrics poll reads. */
    metricsWindowMinutes: z.number().int().min(5).max(1440).default(60),
    /** Metrics cost 3 requests per Droplet; beyond this many running Droplets, the rest go without. */
    maxMetricsDroplets: z.number().int().min(0).max(200).default(25),
  })
  .strict();

const AccountSchema = z.looseObject({
  account: z.looseObject({ email: z.string().nullish(), status: z.string().nullish(), uuid: z.string().nullish() }),
});

function createDigitalOceanClient(ctx: ProviderContext<DigitalOceanCredentials>): ProviderClient {
  const api = new DigitalOceanApi(ctx.http, ctx.credentials?.token);
  const stamp = (): string => new Date(ctx.clock.now()).toISOString();
  const account = ctx.account;
  return {
    async fetchOffers(signal) {
      const opts = parseProviderOptions(digitaloceanProvider, ctx.options);
      const offers: GpuOffer[] = parseDoSizes(await api.sizes(signal), { account, fetchedAt: stamp() });
      return opts.hideUnavailable ? offers.filter((o) => o.availability.state !== 'none') : offers;
    },
    async fetchResources(signal) {
      return parseDoDroplets(await api.droplets(signal), { account, fetchedAt: stamp() });
    },
    async fetchMetrics(resources: Resource[], signal) {
      const opts = parseProviderOptions(digitaloceanProvider, ctx.options);
      const out = new Map<string, MetricSeries[]>();
      // Monitoring has data only for running Droplets; stopped ones would cost calls for nothing.
      const mine = resources
        .filter((r) => r.provider === 'digitalocean' && r.state === 'running')
        .slice(0, opts.maxMetricsDroplets);
      const end = Math.floor(ctx.clock.now() / 1000);
      const start = end - opts.metricsWindowMinutes * 60;
      for (const r of mine) {
        const hostId = r.id.slice('digitalocean:'.length);
        const series: MetricSeries[] = [];
        const cpu = parseDoCpu(await api.cpu(hostId, start, end, signal));
        if (cpu) series.push(cpu);
        const rx = parseDoBandwidth(await api.bandwidth(hostId, 'inbound', start, end, signal), 'network_in');
        if (rx) series.push(rx);
        const tx = parseDoBandwidth(await api.bandwidth(hostId, 'outbound', start, end, signal), 'network_out');
        if (tx) series.push(tx);
        out.set(r.id, series);
      }
      return out;
    },
    async testConnection(signal) {
      const body = validatePayload(AccountSchema, await api.account(signal), {
        provider: 'digitalocean',
        displayName: 'DigitalOcean',
        what: 'GET /v2/account',
      });
      const who = body.account.email ? ` for ${body.account.email}` : '';
      return { ok: true as const, detail: `DigitalOcean accepted the API token${who}` };
    },
  };
}

export const digitaloceanProvider: ProviderDescriptor<DigitalOceanCredentials> & {
  optionsSchema: typeof DigitalOceanOptionsSchema;
} = {
  id: 'digitalocean',
  displayName: 'DigitalOcean',
  kind: 'cloud',
  credentialFields: [
    {
      name: 'token',
      label: 'API token',
      secret: true,
      optional: false,
      help: `Create a token at ${DO_TOKENS_URL} (custom scopes, read only: ${DO_READ_SCOPES}).`,
    },
  ],
  credentialSchema: DigitalOceanCredentialsSchema,
  anonymousOffers: false,
  rateLimit: {
    documented:
      '5,000 requests/hour and 250 requests/minute per token; headers ratelimit-limit/remaining/reset (epoch); 429 with retry-after only for the per-minute burst',
    intervalMs: 3_600_000,
    intervalCap: 2_500,
    burst: { intervalMs: 60_000, intervalCap: 120 },
  },
  defaultPollMs: 120_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: true, resources: true, metrics: true },
  consoleUrl: DO_CONSOLE_URL,
  defaultBaseUrl: 'https://api.digitalocean.com',
  docsUrl: 'https://docs.digitalocean.com/reference/api/digitalocean/',
  timeoutMs: 20_000,
  // A page of 200 Droplets is well under 1 MB; 8 MB leaves room for many pages' worth of one answer.
  response: { maxBytes: 8 * MB },
  optionsSchema: DigitalOceanOptionsSchema,
  // doctl and the Terraform provider read the token from DIGITALOCEAN_ACCESS_TOKEN.
  discover: (env) =>
    discoverFromEnv(
      'digitalocean',
      [{ field: 'token', env: 'DIGITALOCEAN_ACCESS_TOKEN', pattern: /^[\w-]{32,200}$/, secret: true }],
      env,
    ),
  create: createDigitalOceanClient,
};
