/**
 * Azure calls, nothing else: plain REST through the collector (rest-json.ts) instead of the
 * `@azure/*` SDKs, whose identity + core pipeline alone are several MB and insist on HTTPS. Hosts:
 * - Microsoft Entra ID token endpoint `{loginUrl}/{tenant}/oauth2/v2.0/token` (client credentials);
 * - Azure Resource Manager `{baseUrl}` (subscriptions, VMs, Resource SKUs, usages, Monitor metrics);
 * - the public Retail Prices API `{pricesBaseUrl}/api/retail/prices` (no credentials sent).
 * Every list follows `nextLink` / `NextPageLink` to the end, on the host it started on.
 */
import { CloudtopError } from '../../../shared/model';
import type { ProviderContext } from '../types';
import { restJson, type RestJsonContext } from '../rest-json';
import { DEFAULT_MAX_PAGES, sameOriginLink } from '../kit';
import {
  DISPLAY_NAME,
  GPU_PRICES_FILTER,
  MetricsResponseSchema,
  PROVIDER,
  ResourceSkuListSchema,
  RetailPricesPageSchema,
  SubscriptionListSchema,
  TokenResponseSchema,
  UsageListSchema,
  VM_METRICS,
  VirtualMachineListSchema,
  armErrorCode,
  describeArmError,
  describeTokenError,
  type MetricsResponse,
  type ResourceSku,
  type RetailPriceItem,
  type Subscription,
  type Usage,
  type VirtualMachine,
} from './parse';
import type { z } from 'zod';
import { azureCliToken } from './cli-token';
import { DEFAULT_LOGIN_URL, DEFAULT_PRICES_URL } from './descriptor';

export { DEFAULT_LOGIN_URL, DEFAULT_PRICES_URL };

export interface AzureCredentials extends Record<string, string | undefined> {
  tenantId: string;
  /** Service principal; without clientId + clientSecret the Azure CLI's sign-in (`az login`) is used. */
  clientId?: string;
  clientSecret?: string;
  /** Only this subscription (otherwise every subscription the principal can read). */
  subscriptionId?: string;
  /** Entra ID authority host; default https://login.microsoftonline.com. */
  loginUrl?: string;
  /** Retail Prices host; default https://prices.azure.com. */
  pricesBaseUrl?: string;
}

export const ARM_SCOPE = 'https://management.azure.com/.default';

export const API_VERSIONS = {
  subscriptions: '2022-12-01',
  virtualMachines: '2024-07-01',
  resourceSkus: '2021-07-01',
  usages: '2024-07-01',
  metrics: '2023-10-01',
  prices: '2023-01-01-preview',
} as const;

const ROLE_HINT =
  'Give the service principal the Reader role on the subscription (and Monitoring Reader for metrics): az role assignment create --assignee <clientId> --role Reader --scope /subscriptions/<id>';
const SECRET_HINT =
  'Check the tenant ID, client ID and client secret (AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET, or `cloudtop auth set azure`); a secret expires after its set lifetime';

const trim = (u: string): string => u.replace(/\/+$/, '');

interface Token {
  value: string;
  expiresAt: number;
}

export class AzureApi {
  private readonly rest: RestJsonContext;
  private token: Token | undefined;
  private pendingToken: Promise<Token> | undefined;

  constructor(
    private readonly ctx: ProviderContext<AzureCredentials>,
    private readonly creds: AzureCredentials | null,
  ) {
    this.rest = { provider: PROVIDER, displayName: DISPLAY_NAME, http: ctx.http, clock: ctx.clock };
  }

  get armBase(): string {
    return trim(this.ctx.baseUrl);
  }

  /** Credentials first; without any (anonymous list prices), `providers.azure.options.pricesBaseUrl`. */
  private get pricesBase(): string {
    const fromOptions = this.ctx.options.pricesBaseUrl;
    return trim(
      this.creds?.pricesBaseUrl || (typeof fromOptions === 'string' ? fromOptions : '') || DEFAULT_PRICES_URL,
    );
  }

  /** A bearer token for ARM, reused until five minutes before it expires. */
  async accessToken(signal: AbortSignal): Promise<string> {
    const now = this.ctx.clock.now();
    if (this.token && this.token.expiresAt - 5 * 60_000 > now) return this.token.value;
    this.pendingToken ??= this.fetchToken(signal).finally(() => (this.pendingToken = undefined));
    this.token = await this.pendingToken;
    return this.token.value;
  }

  private async fetchToken(signal: AbortSignal): Promise<Token> {
    const c = this.creds;
    if (!c) {
      throw new CloudtopError('config', 'Azure is not configured: a service principal is needed for VMs and quota', {
        provider: PROVIDER,
        hint: SECRET_HINT,
      });
    }
    if (!c.clientId || !c.clientSecret) {
      // No service principal: reuse the Azure CLI's sign-in, under the collector's limiter and deadline.
      return this.ctx.http.call(
        'az.account.get-access-token',
        (s) => azureCliToken(c.tenantId, this.ctx.clock.now(), s),
        {
          idempotent: true,
          signal,
        },
      );
    }
    const url = `${trim(c.loginUrl || DEFAULT_LOGIN_URL)}/${encodeURIComponent(c.tenantId)}/oauth2/v2.0/token`;
    const body = await restJson(this.rest, {
      url,
      form: {
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
        scope: ARM_SCOPE,
      },
      name: 'entra.token',
      schema: TokenResponseSchema,
      what: 'token response',
      describeError: describeTokenError,
      secrets: [c.clientSecret],
      signal,
      refine: (e) =>
        // Entra answers a bad secret or unknown client with 400/401 `invalid_client`.
        e.status === 400 || e.status === 401
          ? new CloudtopError('auth', `Azure sign-in failed: ${e.message.replace(/^Azure /, '')}`, {
              provider: PROVIDER,
              status: e.status,
              hint: SECRET_HINT,
            })
          : e,
    });
    const ttl = Number(body.expires_in ?? 3600);
    return { value: body.access_token, expiresAt: this.ctx.clock.now() + (Number.isFinite(ttl) ? ttl : 3600) * 1000 };
  }

  /** GET an ARM list, following `nextLink` to the end. */
  private async armList<T>(
    path: string,
    query: Record<string, string>,
    schema: z.ZodType<{ value: T[]; nextLink?: string | null }>,
    name: string,
    what: string,
    signal: AbortSignal,
    cache?: { key: string; ttlMs: number },
  ): Promise<T[]> {
    const start = `${this.armBase}${path}?${new URLSearchParams(query).toString()}`;
    const out: T[] = [];
    const seen = new Set<string>();
    let url: string | undefined = start;
    for (let page = 0; url && page < DEFAULT_MAX_PAGES; page++) {
      const token = await this.accessToken(signal);
      const body: { value: T[]; nextLink?: string | null } = await restJson(this.rest, {
        url,
        headers: { authorization: `Bearer ${token}` },
        name,
        schema,
        what,
        describeError: describeArmError,
        refine: (e, errBody) => this.refineArm(e, errBody, name),
        secrets: [token],
        signal,
        ...(cache ? { cacheKey: `${cache.key}#${page}:${url}`, cacheTtlMs: cache.ttlMs } : {}),
      });
      out.push(...body.value);
      const next: string | undefined = body.nextLink
        ? sameOriginLink({ provider: PROVIDER, displayName: DISPLAY_NAME }, start, body.nextLink)
        : undefined;
      if (!next || seen.has(next) || body.value.length === 0) break;
      seen.add(next);
      url = next;
    }
    return out;
  }

  private refineArm(e: CloudtopError, body: unknown, name: string): CloudtopError {
    const code = armErrorCode(body);
    if (e.code === 'forbidden') {
      return new CloudtopError('forbidden', e.message, { provider: PROVIDER, status: e.status, hint: ROLE_HINT });
    }
    if (e.code === 'auth') {
      // An expired or revoked token: fetch a new one next time.
      this.token = undefined;
      return new CloudtopError('auth', e.message, { provider: PROVIDER, status: e.status, hint: SECRET_HINT });
    }
    if (code === 'SubscriptionNotFound' || code === 'InvalidSubscriptionId') {
      return new CloudtopError('not_found', `Azure ${name}: ${code}`, {
        provider: PROVIDER,
        status: e.status,
        hint: 'Check the subscription ID (CLOUDTOP_AZURE_SUBSCRIPTION_ID) or remove it to use every subscription',
      });
    }
    return e;
  }

  async subscriptions(signal: AbortSignal): Promise<Subscription[]> {
    const all = await this.armList(
      '/subscriptions',
      { 'api-version': API_VERSIONS.subscriptions },
      SubscriptionListSchema,
      'arm.subscriptions.list',
      'subscription list',
      signal,
      { key: 'subs', ttlMs: 10 * 60_000 },
    );
    const wanted = this.creds?.subscriptionId?.trim().toLowerCase();
    const enabled = all.filter(
      (s) => !s.state || s.state === 'Enabled' || s.state === 'PastDue' || s.state === 'Warned',
    );
    return wanted ? enabled.filter((s) => s.subscriptionId.toLowerCase() === wanted) : enabled;
  }

  /** Every VM of the subscription with its power state (`statusOnly=true` adds the instance view). */
  virtualMachines(subscriptionId: string, signal: AbortSignal): Promise<VirtualMachine[]> {
    return this.armList(
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/virtualMachines`,
      { 'api-version': API_VERSIONS.virtualMachines, statusOnly: 'true' },
      VirtualMachineListSchema,
      'arm.virtualMachines.listAll',
      'VM list',
      signal,
    );
  }

  /** VM sizes the subscription can see, with capabilities and restrictions (changes rarely: 1 h cache). */
  resourceSkus(subscriptionId: string, signal: AbortSignal): Promise<ResourceSku[]> {
    return this.armList(
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/skus`,
      { 'api-version': API_VERSIONS.resourceSkus, $filter: "resourceType eq 'virtualMachines'" },
      ResourceSkuListSchema,
      'arm.resourceSkus.list',
      'Resource SKU list',
      signal,
      { key: `skus:${subscriptionId}`, ttlMs: 60 * 60_000 },
    );
  }

  /** vCPU quotas and their use in one region (10 min cache). */
  usages(subscriptionId: string, location: string, signal: AbortSignal): Promise<Usage[]> {
    return this.armList(
      `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Compute/locations/${encodeURIComponent(location)}/usages`,
      { 'api-version': API_VERSIONS.usages },
      UsageListSchema,
      'arm.usages.list',
      'usage list',
      signal,
      { key: `usages:${subscriptionId}:${location}`, ttlMs: 10 * 60_000 },
    );
  }

  /** Azure Monitor platform metrics of one VM over `timespan` (ISO interval), 5-minute grain. */
  async metrics(armId: string, timespan: string, signal: AbortSignal): Promise<MetricsResponse> {
    const token = await this.accessToken(signal);
    const q = new URLSearchParams({
      'api-version': API_VERSIONS.metrics,
      metricnames: VM_METRICS.map((m) => m.azure).join(','),
      timespan,
      interval: 'PT5M',
      aggregation: 'Average,Total',
    });
    const name = 'monitor.metrics.list';
    return restJson(this.rest, {
      url: `${this.armBase}${armId}/providers/Microsoft.Insights/metrics?${q.toString()}`,
      headers: { authorization: `Bearer ${token}` },
      name,
      schema: MetricsResponseSchema,
      what: 'metrics response',
      describeError: describeArmError,
      refine: (e, body) => this.refineArm(e, body, name),
      secrets: [token],
      signal,
    });
  }

  /** Retail prices of the GPU sizes, every page (public API: no credentials; 1 h cache). */
  async retailPrices(signal: AbortSignal): Promise<RetailPriceItem[]> {
    const q = new URLSearchParams({
      'api-version': API_VERSIONS.prices,
      meterRegion: "'primary'",
      $filter: GPU_PRICES_FILTER,
    });
    const start = `${this.pricesBase}/api/retail/prices?${q.toString()}`;
    const out: RetailPriceItem[] = [];
    const seen = new Set<string>();
    let url: string | undefined = start;
    for (let page = 0; url && page < DEFAULT_MAX_PAGES; page++) {
      const body: z.infer<typeof RetailPricesPageSchema> = await restJson(this.rest, {
        url,
        name: 'prices.retail.list',
        schema: RetailPricesPageSchema,
        what: 'retail price list',
        describeError: describeArmError,
        signal,
        cacheKey: `prices#${page}:${url}`,
        cacheTtlMs: 60 * 60_000,
      });
      out.push(...body.Items);
      const next: string | undefined = body.NextPageLink
        ? sameOriginLink({ provider: PROVIDER, displayName: DISPLAY_NAME }, start, body.NextPageLink)
        : undefined;
      if (!next || seen.has(next) || body.Items.length === 0) break;
      seen.add(next);
      url = next;
    }
    return out;
  }
}
