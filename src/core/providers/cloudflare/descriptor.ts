/**
 * Cloudflare as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import type { CloudflareCredentials } from './client';
import { discover } from './discover';
import { envelopeCheck } from '../kit/response';

export const PROVIDER = 'cloudflare' as const;

export const MessageSchema = lazySchema(() => z.looseObject({ code: z.number(), message: z.string() }));

/** The v4 envelope around every REST result. */
export const EnvelopeSchema = lazySchema(() =>
  z.looseObject({
    success: z.boolean(),
    errors: z.array(MessageSchema),
    messages: z.array(z.union([MessageSchema, z.string()])).optional(),
    result: z.unknown(),
    result_info: z.unknown().optional(),
  }),
);

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const cloudflareCredentialSchema = lazySchema(() =>
  z.object({
    apiToken: z.string().trim().min(1, 'the API token is required'),
    accountId: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{32}$/, 'an account ID is 32 hexadecimal characters')
        .optional(),
    ),
  }),
);

export const cloudflareInfo: ProviderInfo<CloudflareCredentials> = {
  id: PROVIDER,
  displayName: 'Cloudflare',
  kind: 'cloud',
  credentialFields: [
    {
      name: 'apiToken',
      label: 'API token',
      secret: true,
      optional: false,
      help: 'A read-only token with Account Settings Read, Workers Scripts Read, Workers R2 Storage Read and Account Analytics Read.',
    },
    {
      name: 'accountId',
      label: 'Account ID',
      secret: false,
      optional: true,
      help: 'Watch only this account (32 hex characters). Needed for account-owned tokens that cannot list accounts.',
    },
  ],
  credentialSchema: cloudflareCredentialSchema as unknown as z.ZodType<CloudflareCredentials>,
  rateLimit: {
    documented: '1200 requests / 5 min per user (burst policy 100 / min); a 429 blocks every call for 5 min',
    // 50 per minute: half of the `Ratelimit-Policy: "burst";q=100;w=60` Cloudflare announces, which also
    // keeps us at 250 per 5 minutes, far under half of the 1200 budget shared with the dashboard. A
    // refresh (a few dozen calls) goes out at once instead of at 2 per second.
    intervalMs: 60_000,
    intervalCap: 50,
    blockOn429Ms: 300_000,
  },
  defaultPollMs: 60_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: false, resources: true, metrics: true },
  consoleUrl: 'https://dash.cloudflare.com',
  defaultBaseUrl: 'https://api.cloudflare.com/client/v4',
  docsUrl: 'https://developers.cloudflare.com/api/',
  timeoutMs: 15_000,
  // Every REST answer carries the v4 envelope; the SDK would read a body without it as an empty list.
  response: { maxBytes: 8 * MB, check: envelopeCheck(EnvelopeSchema, (path) => path.endsWith('/graphql')) },
  discover,
};
