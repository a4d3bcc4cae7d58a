/**
 * Linode as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import { discoverFromEnv } from '../kit/discover';

export const LINODE_TOKENS_URL = 'https://cloud.linode.com/profile/tokens';

/** Scopes a personal access token needs (types, regions and availability are public). */
export const LINODE_SCOPES = 'Linodes: Read Only';

export const LINODE_CONSOLE_URL = 'https://cloud.linode.com/linodes';

export const LinodeCredentialsSchema = lazySchema(() =>
  z.object({ token: z.string().trim().min(1, 'the token is empty') }),
);

export type LinodeCredentials = z.infer<typeof LinodeCredentialsSchema>;

export const LinodeOptionsSchema = lazySchema(() =>
  z
    .object({
      /** Leave out plans Linode reports unavailable in a region instead of listing them as `none`. */
      hideUnavailable: z.boolean().default(false),
      /** How far back of the 24 h of stats to keep. */
      metricsWindowMinutes: z.number().int().min(5).max(1440).default(60),
      /** `/stats` is limited to 50 requests/minute per token: cap the Linodes polled per metrics round. */
      maxMetricsLinodes: z.number().int().min(0).max(50).default(10),
    })
    .strict(),
);

export const linodeInfo: ProviderInfo<LinodeCredentials> & { optionsSchema: typeof LinodeOptionsSchema } = {
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
};
