/**
 * RunPod as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';

export const API_KEYS_URL = 'https://www.runpod.io/console/user/settings';

export const RunpodCredentialsSchema = lazySchema(() =>
  z.object({
    apiKey: z.string().trim().min(1, 'the RunPod API key is empty'),
  }),
);

export type RunpodCredentials = z.infer<typeof RunpodCredentialsSchema>;

export const RunpodOptionsSchema = lazySchema(() =>
  z
    .object({
      /** GPU counts to report availability for (each costs one request per cloud tier). */
      gpuCounts: z.array(z.number().int().min(1).max(16)).min(1).max(4).optional(),
      clouds: z
        .array(z.enum(['secure', 'community']))
        .min(1)
        .optional(),
      /** Spot (interruptible) prices via GraphQL; GraphQL retires in early 2027. */
      spot: z.boolean().optional(),
    })
    .strict(),
);

export type RunpodOptions = z.infer<typeof RunpodOptionsSchema>;

export const runpodInfo: ProviderInfo<RunpodCredentials> = {
  id: 'runpod',
  displayName: 'RunPod',
  kind: 'gpu-market',
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      optional: false,
      help: `Create one at ${API_KEYS_URL} (read-only access is enough)`,
    },
  ],
  credentialSchema: RunpodCredentialsSchema,
  rateLimit: {
    documented:
      'Per user: 60 requests/min, 3,000/hour, 50,000/day (REST v2 example policy; live quotas arrive in RateLimit-Policy and are honoured)',
    // 17/min stays under half of every documented window: 30/min, 1,500/h (25/min) and 25,000/day
    // (17.4/min), the day window being the binding one for a client that polls all day.
    intervalMs: 60_000,
    intervalCap: 17,
  },
  defaultPollMs: 60_000,
  capabilities: { offers: true, resources: true, metrics: false },
  consoleUrl: 'https://www.runpod.io/console',
  defaultBaseUrl: 'https://api.runpod.io',
  docsUrl: 'https://docs.runpod.io/api-reference-v2/overview',
  timeoutMs: 15_000,
  response: { maxBytes: 8 * MB },
  optionsSchema: RunpodOptionsSchema,
};
