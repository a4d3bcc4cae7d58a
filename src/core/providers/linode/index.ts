/**
 * Linode (Akamai Cloud): your Linodes with CPU and IPv4 traffic from `/stats`, and GPU plans as
 * offers per GPU region, with Linode's own per-region plan availability where it publishes one.
 * One personal access token (Linodes: Read Only). Facts: reference/providers/optional-clouds.md.
 */
import * as z from 'zod';
import { type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { LinodeApi, LINODE_SCOPES, LINODE_TOKENS_URL } from './client';
import { LINODE_CONSOLE_URL, parseLinodeInstances, parseLinodeOffers, parseLinodeStats } from './parse';
import { discoverFromEnv, MB, parseProviderOptions, validatePayload } from '../kit';

export const LinodeCredentialsSchema = z.object({ token: z.string().trim().min(1, 'the token is empty') });
export type LinodeCredentials = z.infer<typeof LinodeCredentialsSchema>;

export const LinodeOptionsSchema = z
  .object({
    /** Leave out plans Linode reports unavailable in a region instead of listing them as `none`. */
    hideUnavailable: z.boolean().default(false),
    /** How far back of the 24 h of stats to keep. */
    metricsWindowMinutes: z.number().int().min(5).max(1440).default(60),
    /** `/stats` is limited to 50 requests/minute per token: cap the Linodes polled per metrics round. */
    maxMetricsLinodes: z.number().int().min(0).max(50).default(10),
  })
  .strict();

const ProfileSchema = z.looseObject({ username: z.string().nullish() });

function createLinodeClient(ctx: ProviderContext<LinodeCredentials>): ProviderClient {
  const api = new LinodeApi(ctx.http, ctx.credentials?.token);
  const stamp = (): string => new Date(ctx.clock.now()).toISOString();
  const account = ctx.account;
  return {
    async fetchOffers(signal) {
      const opts = parseProviderOptions(linodeProvider, ctx.options);
      const types = await api.types(signal);
      const regions = await api.regions(signal);
      const availability = await api.availability(signal);
      const offers = parseLinodeOffers({ types, regions, availability }, { account, fetchedAt: stamp() });
      return opts.hideUnavailable ? offers.filter((o) => o.availability.state !== 'none') : offers;
    },
    async fetchResources(signal) {
      return parseLinodeInstances(await api.instances(signal), { account, fetchedAt: stamp() });
    },
    async fetchMetrics(resources: Resource[], signal) {
      const opts = parseProviderOptions(linodeProvider, ctx.options);
      const out = new Map<string, MetricSeries[]>();
      const mine = resources
        .filter((r) => r.provider === 'linode' && r.state === 'running')
        .slice(0, opts.maxMetricsLinodes);
      const since = ctx.clock.now() - opts.metricsWindowMinutes * 60_000;
      for (const r of mine) {
        const id = r.id.slice('linode:'.length);
        const vcpus = typeof r.meta.vcpus === 'number' ? r.meta.vcpus : undefined;
        const body = await api.stats(id, signal);
        out.set(r.id, parseLinodeStats(body, vcpus, since, `GET /linode/instances/${id}/stats`));
      }
      return out;
    },
    async testConnection(signal) {
      const p = validatePayload(ProfileSchema, await api.profile(signal), {
        provider: 'linode',
        displayName: 'Linode',
        what: 'GET /profile',
      });
      return { ok: true as const, detail: `Linode accepted the token${p.username ? ` for ${p.username}` : ''}` };
    },
  };
}

export const linodeProvider: ProviderDescriptor<LinodeCredentials> & { optionsSchema: typeof LinodeOptionsSchema } = {
  id: 'linode',
  displayName: 'Linode',
  kind: 'cloud',
  credentialFields: [
    {
      name: 'token',
      label: 'Personal access token',
      secret: true,
      optional: false,
      help: `Create one at ${LINODE_TOKENS_URL} with the scope "${LINODE_SCOPES}" (nothing else).`,
    },
  ],
  credentialSchema: LinodeCredentialsSchema,
  anonymousOffers: false,
  rateLimit: {
    documented:
      'per token and per operation; /linode/instances/{id}/stats 50 requests/minute; 429 when exceeded (X-RateLimit-Limit/Remaining/Reset, Retry-After)',
    intervalMs: 60_000,
    intervalCap: 25,
  },
  defaultPollMs: 120_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: true, resources: true, metrics: true },
  consoleUrl: LINODE_CONSOLE_URL,
  defaultBaseUrl: 'https://api.linode.com/v4',
  docsUrl: 'https://techdocs.akamai.com/linode-api/reference/api',
  timeoutMs: 20_000,
  response: { maxBytes: 8 * MB },
  optionsSchema: LinodeOptionsSchema,
  // linode-cli reads its token from LINODE_CLI_TOKEN (the Terraform provider from LINODE_TOKEN).
  discover: (env) =>
    discoverFromEnv(
      'linode',
      [{ field: 'token', env: 'LINODE_CLI_TOKEN', pattern: /^[\w-]{32,200}$/, secret: true }],
      env,
    ),
  create: createLinodeClient,
};
