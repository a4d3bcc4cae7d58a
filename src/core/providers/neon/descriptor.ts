/**
 * Neon as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import type { NeonCredentials } from './client';
import { discover } from './discover';

export const PROVIDER = 'neon' as const;

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const neonCredentialSchema = lazySchema(() =>
  z.object({
    apiKey: z.string().trim().min(1, 'the API key is required'),
    orgId: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^[a-z0-9-]{1,60}$/, 'an organization ID looks like org-cool-name-12345678')
        .optional(),
    ),
  }),
);

export const neonInfo: ProviderInfo<NeonCredentials> = {
  id: PROVIDER,
  displayName: 'Neon',
  kind: 'cloud',
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      optional: false,
      help: 'A personal, organization or project API key from the Neon Console.',
    },
    {
      name: 'orgId',
      label: 'Organization ID',
      secret: false,
      optional: true,
      help: 'Only this organization (org-…). Without it a personal key lists your personal projects and those of every organization you belong to.',
    },
  ],
  credentialSchema: neonCredentialSchema as unknown as z.ZodType<NeonCredentials>,
  rateLimit: {
    documented: '700 requests / min (40 / s per route); consumption history about 30 / min',
    // Half of each documented limit: 350 per minute, in bursts of at most 20 per second (half of the
    // 40/s per-route burst), so one refresh of a few dozen calls goes out at once instead of at 5/s.
    intervalMs: 60_000,
    intervalCap: 350,
    burst: { intervalMs: 1000, intervalCap: 20 },
  },
  defaultPollMs: 60_000,
  // Consumption data is refreshed about every 15 minutes and its API allows ~30 calls a minute.
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: false, resources: true, metrics: true },
  consoleUrl: 'https://console.neon.tech',
  defaultBaseUrl: 'https://console.neon.tech/api/v2',
  docsUrl: 'https://api-docs.neon.tech/reference/getting-started-with-neon-api',
  timeoutMs: 15_000,
  response: { maxBytes: 8 * MB },
  discover,
};
