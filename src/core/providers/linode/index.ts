/**
 * Linode (Akamai Cloud): your Linodes with CPU and IPv4 traffic from `/stats`, and GPU plans as
 * offers per GPU region, with Linode's own per-region plan availability where it publishes one.
 * One personal access token (Linodes: Read Only). Facts: docs/providers/optional-clouds.md.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { LinodeApi } from './client';
import { parseLinodeInstances, parseLinodeOffers, parseLinodeStats } from './parse';
import { parseProviderOptions, validatePayload } from '../kit';
import { linodeInfo, type LinodeOptionsSchema, type LinodeCredentials } from './descriptor';

export { LinodeCredentialsSchema, LinodeOptionsSchema, type LinodeCredentials } from './descriptor';

const ProfileSchema = lazySchema(() => z.looseObject({ username: z.string().nullish() }));

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
  ...linodeInfo,
  create: createLinodeClient,
};
