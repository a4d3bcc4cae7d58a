/**
 * Lambda Cloud: on-demand GPU instances. Offers from `GET /api/v1/instance-types` (per type and
 * region with capacity; sold out = availability none), instances from `GET /api/v1/instances`.
 * A key is needed for everything. Facts and traps: docs/providers/lambda.md.
 */
import type * as z from 'zod';
import type { GpuOffer, Resource } from '../../../shared/model';
import { parseProviderOptions } from '../kit';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { LambdaApi } from './client';
import { parseLambdaInstances, parseLambdaInstanceTypes } from './parse';
import { lambdaInfo, LambdaOptionsSchema, type LambdaCredentials } from './descriptor';
import { countOf } from '../../../shared/format';

export { LambdaCredentialsSchema, LambdaOptionsSchema, type LambdaCredentials } from './descriptor';

function parseOptions(raw: Record<string, unknown>): z.infer<typeof LambdaOptionsSchema> {
  return parseProviderOptions({ id: 'lambda', displayName: 'Lambda', optionsSchema: LambdaOptionsSchema }, raw);
}

function createLambdaClient(ctx: ProviderContext<LambdaCredentials>): ProviderClient {
  const api = new LambdaApi(ctx.http, ctx.credentials?.apiKey);
  const stamp = (): string => new Date(ctx.clock.now()).toISOString();
  const account = ctx.account;
  return {
    async fetchOffers(signal: AbortSignal): Promise<GpuOffer[]> {
      const opts = parseOptions(ctx.options);
      const offers = parseLambdaInstanceTypes(await api.instanceTypes(signal), { account, fetchedAt: stamp() });
      return opts.hideSoldOut ? offers.filter((o) => o.availability.state !== 'none') : offers;
    },
    async fetchResources(signal: AbortSignal): Promise<Resource[]> {
      return parseLambdaInstances(await api.instances(signal), { account, fetchedAt: stamp() });
    },
    async testConnection(signal: AbortSignal) {
      const resources = parseLambdaInstances(await api.instances(signal), { account, fetchedAt: stamp() });
      return {
        ok: true as const,
        detail: `Lambda accepted the API key (${countOf(resources.length, 'instance')})`,
      };
    },
  };
}

export const lambdaProvider: ProviderDescriptor<LambdaCredentials> = { ...lambdaInfo, create: createLambdaClient };
