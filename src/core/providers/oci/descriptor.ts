/**
 * Oracle Cloud as the registry sees it, without its client: id, credential fields and schema, limits,
 * options schema. The client, its parsing and any SDK load on first use (index.ts, through
 * lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { MB } from '../kit/response';
import type { ProviderInfo } from '../lazy-provider';
import { ociCredentialFields, ociCredentialSchema, type OciCredentials } from './credentials';

/**
 * The endpoint template of OCI's Compute API. Not overridden (contains `{region}`): every service
 * uses its real regional endpoint (iaas., telemetry., identity.) derived from the region. Overridden
 * (`CLOUDTOP_OCI_BASE_URL` or settings): that one URL serves Compute (`/20160918`), Identity
 * (`/20160918/availabilityDomains`) and Monitoring (`/20180401`), which is what the simulator does.
 */
export const OCI_DEFAULT_BASE_URL = 'https://iaas.{region}.oraclecloud.com';

export const ociOptionsSchema = lazySchema(() =>
  z.object({
    /** Skip the Identity call and use these ADs (e.g. `["Uocm:PHX-AD-1"]`). */
    availabilityDomains: z.array(z.string().min(1)).min(1).optional(),
    /** USD per GPU-hour by shape name or GPU family key (see prices.ts). */
    prices: z.record(z.string(), z.number().nonnegative()).optional(),
    /**
     * Oracle's public price-list API (price-list.ts). Default: Oracle's URL, or the same path on the
     * OCI base URL when that is overridden (the simulator serves both).
     */
    priceListUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** How much metric history to fetch each time. */
    metricsWindowMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
  }),
);

export type OciOptions = z.infer<typeof ociOptionsSchema>;

export const ociInfo: ProviderInfo<OciCredentials> = {
  id: 'oci',
  displayName: 'Oracle Cloud',
  kind: 'cloud',
  credentialFields: ociCredentialFields,
  credentialSchema: ociCredentialSchema,
  rateLimit: {
    documented: 'Not published per API; OCI answers 429 TooManyRequests when a tenancy calls too fast',
    // No documented number to halve: a conservative 5 requests/s.
    intervalMs: 1000,
    intervalCap: 5,
  },
  defaultPollMs: 2 * 60_000,
  defaultMetricsPollMs: 5 * 60_000,
  capabilities: { offers: true, resources: true, metrics: true },
  consoleUrl: 'https://cloud.oracle.com/',
  defaultBaseUrl: OCI_DEFAULT_BASE_URL,
  docsUrl: 'https://docs.oracle.com/en-us/iaas/api/',
  timeoutMs: 30_000,
  response: { maxBytes: 8 * MB },
  optionsSchema: ociOptionsSchema,
};
