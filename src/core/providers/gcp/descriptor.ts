/**
 * Google Cloud as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import type { GcpCredentials } from './client';
import { parseCredentialsJson } from './credentials-json';

export const DEFAULT_MONITORING_URL = 'https://monitoring.googleapis.com';

export const DEFAULT_BILLING_URL = 'https://cloudbilling.googleapis.com';

export const DEFAULT_RESOURCE_MANAGER_URL = 'https://cloudresourcemanager.googleapis.com';

export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export const PROVIDER = 'gcp' as const;

export const DISPLAY_NAME = 'Google Cloud';

export const CONSOLE_URL = 'https://console.cloud.google.com';

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const optionalUrl = lazySchema(() => z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()));

export const gcpCredentialSchema = lazySchema(() =>
  z.object({
    credentialsJson: z
      .string()
      .trim()
      .min(1, 'a service-account key or application-default credentials JSON is required')
      .superRefine((v, ctx) => {
        try {
          parseCredentialsJson(v);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
        }
      }),
    projectId: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a project ID looks like my-project-123')
        .optional(),
    ),
    tokenUrl: optionalUrl,
    monitoringBaseUrl: optionalUrl,
    billingBaseUrl: optionalUrl,
    resourceManagerBaseUrl: optionalUrl,
  }),
);

export const gcpInfo: ProviderInfo<GcpCredentials> = {
  id: PROVIDER,
  displayName: DISPLAY_NAME,
  kind: 'cloud',
  credentialFields: [
    {
      name: 'credentialsJson',
      label: 'Credentials JSON',
      secret: true,
      optional: false,
      multiline: true,
      help: 'A service-account key file (GOOGLE_APPLICATION_CREDENTIALS) or ~/.config/gcloud/application_default_credentials.json from `gcloud auth application-default login`.',
    },
    {
      name: 'projectId',
      label: 'Project ID',
      secret: false,
      optional: true,
      help: "Only this project; otherwise the key's project, else every active project the account can list.",
    },
    {
      name: 'tokenUrl',
      label: 'OAuth token URL',
      secret: false,
      optional: true,
      help: `Default: the key's token_uri, else ${DEFAULT_TOKEN_URL}.`,
    },
    {
      name: 'monitoringBaseUrl',
      label: 'Monitoring URL',
      secret: false,
      optional: true,
      help: `Default ${DEFAULT_MONITORING_URL}.`,
    },
    {
      name: 'billingBaseUrl',
      label: 'Billing Catalog URL',
      secret: false,
      optional: true,
      help: `Default ${DEFAULT_BILLING_URL}.`,
    },
    {
      name: 'resourceManagerBaseUrl',
      label: 'Resource Manager URL',
      secret: false,
      optional: true,
      help: `Default ${DEFAULT_RESOURCE_MANAGER_URL}.`,
    },
  ],
  credentialSchema: gcpCredentialSchema as unknown as z.ZodType<GcpCredentials>,
  rateLimit: {
    documented: 'Compute Engine read requests: 1,500 / min per project (403 rateLimitExceeded when over)',
    intervalMs: 60_000,
    intervalCap: 750,
    burst: { intervalMs: 1000, intervalCap: 20 },
  },
  defaultPollMs: 120_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: true, resources: true, metrics: true },
  consoleUrl: CONSOLE_URL,
  defaultBaseUrl: 'https://compute.googleapis.com',
  docsUrl: 'https://cloud.google.com/compute/docs/reference/rest/v1',
  timeoutMs: 20_000,
  // The Cloud Billing SKU list is read 5,000 SKUs a page (~1 KB each): above the 8 MB default.
  response: { maxBytes: 16 * MB },
};
