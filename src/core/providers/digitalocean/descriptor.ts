/**
 * DigitalOcean as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import { discoverFromEnv } from '../kit/discover';

export const DO_TOKENS_URL = 'https://cloud.digitalocean.com/account/api/tokens';

export const DO_READ_SCOPES = 'droplet:read, sizes:read, regions:read, monitoring:read, account:read';

export const DO_CONSOLE_URL = 'https://cloud.digitalocean.com/droplets';

export const DigitalOceanCredentialsSchema = lazySchema(() =>
  z.object({ token: z.string().trim().min(1, 'the API token is empty') }),
);

export type DigitalOceanCredentials = z.infer<typeof DigitalOceanCredentialsSchema>;

export const DigitalOceanOptionsSchema = lazySchema(() =>
  z
    .object({
      /** Leave out GPU sizes DigitalOcean marks unavailable instead of listing them as `none`. */
      hideUnavailable: z.boolean().default(false),
      /** How far back each metrics poll reads. */
      metricsWindowMinutes: z.number().int().min(5).max(1440).default(60),
      /** Metrics cost 3 requests per Droplet; beyond this many running Droplets, the rest go without. */
      maxMetricsDroplets: z.number().int().min(0).max(200).default(25),
    })
    .strict(),
);

export const digitaloceanInfo: ProviderInfo<DigitalOceanCredentials> & {
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
};
