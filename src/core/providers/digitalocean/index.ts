/**
 * DigitalOcean: your Droplets with CPU and public bandwidth from DigitalOcean Monitoring, and GPU
 * Droplet sizes as offers (one per region where the size is available for new Droplets).
 * One read-only API token is all it needs. Facts: docs/providers/optional-clouds.md.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { type GpuOffer, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { DigitalOceanApi } from './client';
import { parseDoBandwidth, parseDoCpu, parseDoDroplets, parseDoSizes } from './parse';
import { parseProviderOptions, validatePayload } from '../kit';
import { digitaloceanInfo, type DigitalOceanOptionsSchema, type DigitalOceanCredentials } from './descriptor';

export { DigitalOceanCredentialsSchema, DigitalOceanOptionsSchema, type DigitalOceanCredentials } from './descriptor';

const AccountSchema = lazySchema(() =>
  z.looseObject({
    account: z.looseObject({ email: z.string().nullish(), status: z.string().nullish(), uuid: z.string().nullish() }),
  }),
);

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
} = { ...digitaloceanInfo, create: createDigitalOceanClient };
