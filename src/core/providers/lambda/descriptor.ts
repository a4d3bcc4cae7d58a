/**
 * Lambda as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';

export const LAMBDA_KEYS_URL = 'https://cloud.lambda.ai/api-keys';

export const LambdaCredentialsSchema = lazySchema(() =>
  z.object({ apiKey: z.string().trim().min(1, 'the API key is empty') }),
);

export type LambdaCredentials = z.infer<typeof LambdaCredentialsSchema>;

export const LambdaOptionsSchema = lazySchema(() =>
  z
    .object({
      /** Leave out sold-out instance types instead of listing them with availability `none`. */
      hideSoldOut: z.boolean().default(false),
    })
    .strict(),
);

export const lambdaInfo: ProviderInfo<LambdaCredentials> = {
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
};
