/**
 * Vast.ai as the registry sees it (no client): ids, credential fields and schema, limits, options.
 * The client and its parsing load on first use (index.ts, through lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import { VastOptionsSchema } from './query';

export const VAST_KEYS_URL = 'https://cloud.vast.ai/manage-keys/';

export const VastCredentialsSchema = lazySchema(() =>
  z.object({ apiKey: z.string().trim().min(1, 'the API key is empty') }),
);

export type VastCredentials = z.infer<typeof VastCredentialsSchema>;

export const vastaiInfo: ProviderInfo<VastCredentials> = {
  id: 'vastai',
  displayName: 'Vast.ai',
  kind: 'gpu-market',
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      optional: true,
      help: `Optional for offers, needed for your instances. Create one at ${VAST_KEYS_URL} (permissions: misc, instance_read).`,
    },
  ],
  credentialSchema: VastCredentialsSchema,
  anonymousOffers: true,
  rateLimit: {
    documented:
      'Per endpoint and identity, as a minimum interval: offer search 10 requests/min per IP; /api/v1/instances/ 1 request/s (threshold 1.0); no Retry-After on 429',
    // Half of the strictest per-second limit (instances, 1/s); searches are also cached 12 s so
    // /bundles/ stays at ≤ 5/min, half of its 10/min.
    intervalMs: 2000,
    intervalCap: 1,
  },
  defaultPollMs: 60_000,
  capabilities: { offers: true, resources: true, metrics: false },
  consoleUrl: 'https://cloud.vast.ai/',
  defaultBaseUrl: 'https://console.vast.ai',
  docsUrl: 'https://docs.vast.ai/api-reference',
  timeoutMs: 20_000,
  // Up to 10,000 offers of ~3 KB each (options.limit); the default 1,000 is about 3 MB.
  response: { maxBytes: 32 * MB },
  optionsSchema: VastOptionsSchema,
};
