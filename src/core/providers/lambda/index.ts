/**
 * Lambda Cloud: on-demand GPU instances. Offers from `GET /api/v1/instance-types` (per type and
 * region with capacity; sold out = availability none), instances from `GET /api/v1/instances`.
 * A key is needed for everything. Facts and traps: reference/providers/lambda.md.
 */
import * as z from 'zod';
import type { GpuOffer, Resource } from '../../../shared/model';
import { MB, parseProviderOptions } from '../kit';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import { LambdaApi, LAMBDA_KEYS_URL } from './client';
import { parseLambdaInstances, parseLambdaInstanceTypes } from './parse';

export const LambdaCredentialsSchema = z.object({ apiKey: z.string().trim().min(1, 'the API key is empty') });
export type LambdaCredentials = z.infer<typeof LambdaCredentialsSchema>;

export const LambdaOptionsSchema = z
  .object({
    /** Leave out sold-out instance types instead of listing them with availability `none`. */
    hideSoldOut: z.boolean().default(false),
  })
  .strict();

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
        detail: `Lambda accepted the API key (${resources.length} instance${resources.length === 1 ? '' : 's'})`,
      };
    },
  };
}

export const lambdaProvider: ProviderDescriptor<LambdaCredentials> = {
  id: 'lambda',
  displayName: 'Lambda',
  kind: 'gpu-market',
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      optional: false,
      help: `Create one at ${LAMBDA_KEYS_URL}. Needed for offers and instances.`,
    },
  ],
  credentialSchema: LambdaCredentialsSchema,
  anonymousOffers: false,
  rateLimit: {
    documented:
      '1 request/s in general; /instance-operations/launch 1 per 12 s (5/min); 429 shape and Retry-After undocumented',
    intervalMs: 2000,
    intervalCap: 1,
  },
  defaultPollMs: 60_000,
  capabilities: { offers: true, resources: true, metrics: false },
  consoleUrl: 'https://cloud.lambda.ai/instances',
  defaultBaseUrl: 'https://cloud.lambda.ai',
  docsUrl: 'https://docs-api.lambda.ai/api/cloud',
  timeoutMs: 20_000,
  response: { maxBytes: 4 * MB },
  optionsSchema: LambdaOptionsSchema,
  create: createLambdaClient,
};
