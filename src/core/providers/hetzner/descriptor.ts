/**
 * Hetzner Cloud as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import { discoverFromEnv } from '../kit/discover';

export const HETZNER_TOKENS_URL = 'https://console.hetzner.cloud/projects';

export const HETZNER_GPU_NOTE =
  'No GPU offers: Hetzner Cloud has no GPU server types, and its GPU dedicated servers (GEX) are sold through Robot, whose API lists no stock.';

export const HetznerCredentialsSchema = lazySchema(() =>
  z.object({ token: z.string().trim().min(1, 'the API token is empty') }),
);

export type HetznerCredentials = z.infer<typeof HetznerCredentialsSchema>;

export const HetznerOptionsSchema = lazySchema(() =>
  z
    .object({
      metricsWindowMinutes: z.number().int().min(5).max(1440).default(60),
      /** Seconds per metrics point (Hetzner picks a step when omitted; 60 s gives a readable hour). */
      metricsStepSeconds: z.number().int().min(1).max(3600).default(60),
      /** One request per server per metrics round: cap it (the project budget is 3,600/hour). */
      maxMetricsServers: z.number().int().min(0).max(200).default(25),
    })
    .strict(),
);

export const hetznerInfo: ProviderInfo<HetznerCredentials> & { optionsSchema: typeof HetznerOptionsSchema } = {
  id: 'hetzner',
  displayName: 'Hetzner Cloud',
  kind: 'cloud',
  credentialFields: [
    {
      name: 'token',
      label: 'API token',
      secret: true,
      optional: false,
      help: `A Read token of one project (Cloud Console → project → Security → API tokens: ${HETZNER_TOKENS_URL}). One token sees one project; add a profile per project.`,
    },
  ],
  credentialSchema: HetznerCredentialsSchema,
  anonymousOffers: false,
  rateLimit: {
    documented:
      '3,600 requests/hour per project, refilling 1/s; headers RateLimit-Limit/Remaining/Reset (Unix time); 429 rate_limit_exceeded',
    intervalMs: 3_600_000,
    intervalCap: 1_800,
    burst: { intervalMs: 60_000, intervalCap: 60 },
  },
  defaultPollMs: 120_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: false, resources: true, metrics: true },
  consoleUrl: 'https://console.hetzner.cloud/projects',
  defaultBaseUrl: 'https://api.hetzner.cloud/v1',
  docsUrl: 'https://docs.hetzner.cloud/',
  note: HETZNER_GPU_NOTE,
  timeoutMs: 20_000,
  response: { maxBytes: 8 * MB },
  optionsSchema: HetznerOptionsSchema,
  // hcloud (the CLI) and the Terraform provider read the project token from HCLOUD_TOKEN.
  discover: (env) =>
    discoverFromEnv(
      'hetzner',
      [{ field: 'token', env: 'HCLOUD_TOKEN', pattern: /^[\w-]{32,200}$/, secret: true }],
      env,
    ),
};
