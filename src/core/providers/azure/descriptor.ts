/**
 * Azure as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import type { AzureCredentials } from './client';
import { discover } from './discover';

export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

export const DEFAULT_PRICES_URL = 'https://prices.azure.com';

export const PROVIDER = 'azure' as const;

export const DISPLAY_NAME = 'Azure';

export const PORTAL_URL = 'https://portal.azure.com';

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalUrl = lazySchema(() => z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()));

export const azureCredentialSchema = lazySchema(() =>
  z
    .object({
      tenantId: z
        .string()
        .trim()
        .min(1, 'the tenant (directory) ID is required')
        .refine((v) => GUID.test(v) || /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(v), 'a tenant ID is a GUID or a domain'),
      clientId: z.preprocess(
        emptyToUndefined,
        z.string().trim().regex(GUID, 'the client (application) ID is a GUID').optional(),
      ),
      clientSecret: z.preprocess(emptyToUndefined, z.string().trim().min(1).optional()),
      subscriptionId: z.preprocess(
        emptyToUndefined,
        z.string().trim().regex(GUID, 'a subscription ID is a GUID').optional(),
      ),
      loginUrl: optionalUrl,
      pricesBaseUrl: optionalUrl,
    })
    .refine((c) => Boolean(c.clientId) === Boolean(c.clientSecret), {
      message:
        'a service principal needs both the client ID and the client secret (leave both empty to use `az login`)',
      path: ['clientSecret'],
    }),
);

/** `providers.azure.options` in cloudtop.json. */
export const AzureOptionsSchema = lazySchema(() =>
  z
    .object({
      /** Retail Prices host for anonymous list prices (with credentials, `pricesBaseUrl` there wins). */
      pricesBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    })
    .strict(),
);

export const azureInfo: ProviderInfo<AzureCredentials> & { optionsSchema: typeof AzureOptionsSchema } = {
  id: PROVIDER,
  displayName: DISPLAY_NAME,
  kind: 'cloud',
  credentialFields: [
    {
      name: 'tenantId',
      label: 'Tenant (directory) ID',
      secret: false,
      optional: false,
      help: 'Microsoft Entra tenant (AZURE_TENANT_ID). With only this set, cloudtop uses your `az login` (Azure CLI).',
    },
    {
      name: 'clientId',
      label: 'Client (application) ID',
      secret: false,
      optional: true,
      help: 'App registration of the service principal (AZURE_CLIENT_ID); give it Reader + Monitoring Reader.',
    },
    {
      name: 'clientSecret',
      label: 'Client secret',
      secret: true,
      optional: true,
      help: 'A client secret of the app registration (AZURE_CLIENT_SECRET).',
    },
    {
      name: 'subscriptionId',
      label: 'Subscription ID',
      secret: false,
      optional: true,
      help: 'Only this subscription; without it every subscription the principal can read is listed.',
    },
    {
      name: 'loginUrl',
      label: 'Login URL',
      secret: false,
      optional: true,
      help: `Entra ID authority host (default ${DEFAULT_LOGIN_URL}; sovereign clouds or a test server).`,
    },
    {
      name: 'pricesBaseUrl',
      label: 'Retail Prices URL',
      secret: false,
      optional: true,
      help: `Retail Prices API host (default ${DEFAULT_PRICES_URL}).`,
    },
  ],
  credentialSchema: azureCredentialSchema as unknown as z.ZodType<AzureCredentials>,
  // The Retail Prices API is public, but Azure is polled only once configured: installs that do not
  // use Azure never call it. (The client itself can list prices without credentials.)
  anonymousOffers: false,
  rateLimit: {
    documented: 'ARM reads: 250 per subscription bucket, refilled 25/s; 429 with Retry-After',
    // Half of what the bucket allows over 10 s (250 + 10 × 25 = 500), in bursts of at most 25/s.
    intervalMs: 10_000,
    intervalCap: 250,
    burst: { intervalMs: 1000, intervalCap: 25 },
  },
  defaultPollMs: 120_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: true, resources: true, metrics: true },
  consoleUrl: PORTAL_URL,
  defaultBaseUrl: 'https://management.azure.com',
  docsUrl: 'https://learn.microsoft.com/rest/api/azure/',
  timeoutMs: 20_000,
  // ARM and Retail Prices pages are ~100–1,000 items; 8 MB is far above one page.
  response: { maxBytes: 8 * MB },
  optionsSchema: AzureOptionsSchema,
  // A service principal from the Azure SDK/CLI variables; the `az login` profile file is read by
  // src/node/discovery.ts (a file, not the environment).
  discover,
};
