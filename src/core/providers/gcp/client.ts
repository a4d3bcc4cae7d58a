/**
 * Google Cloud calls, nothing else: plain REST through the collector (rest-json.ts) rather than
 * `@google-cloud/compute` + `@google-cloud/monitoring` (gRPC/gax, tens of MB). Hosts, each
 * overridable: Compute `{baseUrl}/compute/v1`, Monitoring `/v3`, Cloud Billing Catalog `/v1`,
 * Resource Manager `/v1`, and the OAuth token endpoint. Lists follow `nextPageToken` to the end.
 */
import { CloudtopError } from '../../../shared/model';
import type { ProviderContext } from '../types';
import { DEFAULT_MAX_PAGES } from '../kit';
import { restJson, type RestJsonContext } from '../rest-json';
import { CREDENTIALS_HINT, parseCredentialsJson, tokenRequest } from './auth';
import {
  AcceleratorTypeAggregatedListSchema,
  COMPUTE_SERVICE_ID,
  DISPLAY_NAME,
  InstanceAggregatedListSchema,
  PROVIDER,
  ProjectListSchema,
  RegionListSchema,
  SkuListSchema,
  TimeSeriesListSchema,
  TokenResponseSchema,
  describeGoogleError,
  describeOAuthError,
  googleError,
  type AcceleratorType,
  type CredentialsFile,
  type Instance,
  type Sku,
  type TimeSeriesList,
} from './parse';
import type { z } from 'zod';
import { DEFAULT_MONITORING_URL, DEFAULT_BILLING_URL, DEFAULT_RESOURCE_MANAGER_URL } from './descriptor';

export { DEFAULT_MONITORING_URL, DEFAULT_BILLING_URL, DEFAULT_RESOURCE_MANAGER_URL };

export interface GcpCredentials extends Record<string, string | undefined> {
  /** A service-account key JSON or an `authorized_user` ADC file. */
  credentialsJson: string;
  /** Only this project (otherwise the key's project, else every active project it can list). */
  projectId?: string;
  tokenUrl?: string;
  monitoringBaseUrl?: string;
  billingBaseUrl?: string;
  resourceManagerBaseUrl?: string;
}

const ROLE_HINT =
  'Grant the account roles/compute.viewer (and roles/monitoring.viewer for metrics) on the project: gcloud projects add-iam-policy-binding <project> --member=<account> --role=roles/compute.viewer';

const trim = (u: string): string => u.replace(/\/+$/, '');

export class GcpApi {
  private readonly rest: RestJsonContext;
  private readonly file: CredentialsFile;
  private token: { value: string; expiresAt: number } | undefined;
  private pendingToken: Promise<{ value: string; expiresAt: number }> | undefined;

  constructor(
    private readonly ctx: ProviderContext<GcpCredentials>,
    private readonly creds: GcpCredentials,
  ) {
    this.rest = { provider: PROVIDER, displayName: DISPLAY_NAME, http: ctx.http, clock: ctx.clock };
    this.file = parseCredentialsJson(creds.credentialsJson);
  }

  /** The project named by the credentials file (service-account key or ADC quota project). */
  get fileProject(): string | undefined {
    return this.file.type === 'service_account' ? this.file.project_id : this.file.quota_project_id;
  }

  get credentialKind(): string {
    return this.file.type === 'service_account'
      ? `service account ${this.file.client_email}`
      : 'user credentials (ADC)';
  }

  private compute(path: string): string {
    return `${trim(this.ctx.baseUrl)}/compute/v1${path}`;
  }

  async accessToken(signal: AbortSignal): Promise<string> {
    if (this.token && this.token.expiresAt - 5 * 60_000 > this.ctx.clock.now()) return this.token.value;
    this.pendingToken ??= this.fetchToken(signal).finally(() => (this.pendingToken = undefined));
    this.token = await this.pendingToken;
    return this.token.value;
  }

  private async fetchToken(signal: AbortSignal): Promise<{ value: string; expiresAt: number }> {
    const req = tokenRequest(this.file, this.creds.tokenUrl, this.ctx.clock.now());
    const body = await restJson(this.rest, {
      url: req.url,
      form: req.form,
      name: 'oauth.token',
      schema: TokenResponseSchema,
      what: 'token response',
      describeError: describeOAuthError,
      secrets: req.secrets,
      signal,
      refine: (e) =>
        // invalid_grant / invalid_client: a revoked refresh token, a deleted key, a wrong secret.
        e.status === 400 || e.status === 401
          ? new CloudtopError('auth', `Google Cloud sign-in failed: ${e.message.replace(/^Google Cloud /, '')}`, {
              provider: PROVIDER,
              status: e.status,
              hint:
                this.file.type === 'authorized_user'
                  ? 'Run `gcloud auth application-default login` again and re-import, or save a service-account key with `cloudtop auth set gcp`'
                  : CREDENTIALS_HINT,
            })
          : e,
    });
    const ttl = Number(body.expires_in ?? 3600);
    return { value: body.access_token, expiresAt: this.ctx.clock.now() + (Number.isFinite(ttl) ? ttl : 3600) * 1000 };
  }

  private refine(e: CloudtopError, body: unknown): CloudtopError {
    const g = googleError(body);
    // Compute answers its per-minute rate quota with 403 rateLimitExceeded, not 429.
    if (e.status === 403 && (g?.reason === 'rateLimitExceeded' || g?.reason === 'userRateLimitExceeded')) {
      return new CloudtopError(
        'rate_limited',
        e.message.replace('refused access (HTTP 403)', 'is rate limiting cloudtop'),
        {
          provider: PROVIDER,
          status: 403,
          retryAfterMs: e.retryAfterMs ?? 60_000,
          hint: 'Compute Engine read requests are limited per project per minute; cloudtop waits and retries',
        },
      );
    }
    if (e.code === 'forbidden')
      return new CloudtopError('forbidden', e.message, { provider: PROVIDER, status: e.status, hint: ROLE_HINT });
    if (e.code === 'auth') {
      this.token = undefined;
      return new CloudtopError('auth', e.message, { provider: PROVIDER, status: e.status, hint: CREDENTIALS_HINT });
    }
    return e;
  }

  /** GET a Google list, following `nextPageToken` until it is absent. */
  private async pages<P extends { nextPageToken?: string }>(
    url: string,
    query: Record<string, string>,
    schema: z.ZodType<P>,
    name: string,
    what: string,
    signal: AbortSignal,
    opts: { auth?: boolean; cacheTtlMs?: number } = {},
  ): Promise<P[]> {
    const out: P[] = [];
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < DEFAULT_MAX_PAGES; page++) {
      const q = new URLSearchParams({ ...query, ...(pageToken ? { pageToken } : {}) });
      const token = opts.auth === false ? undefined : await this.accessToken(signal);
      const full = `${url}?${q.toString()}`;
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      // User credentials bill API quota to a project; ADC files name it as quota_project_id.
      if (this.file.type === 'authorized_user' && this.file.quota_project_id)
        headers['x-goog-user-project'] = this.file.quota_project_id;
      const body: P = await restJson(this.rest, {
        url: full,
        headers,
        name,
        schema,
        what,
        describeError: describeGoogleError,
        refine: (e, b) => this.refine(e, b),
        secrets: token ? [token] : [],
        signal,
        ...(opts.cacheTtlMs ? { cacheKey: full, cacheTtlMs: opts.cacheTtlMs } : {}),
      });
      out.push(body);
      const next = body.nextPageToken;
      if (!next || seen.has(next)) break;
      seen.add(next);
      pageToken = next;
    }
    return out;
  }

  /**
   * Projects to read: the configured one; else every active project the account can list (the
   * credentials file's own project first); else, when listing is not allowed, the file's project.
   */
  async projects(signal: AbortSignal): Promise<string[]> {
    const fixed = this.creds.projectId?.trim();
    if (fixed) return [fixed];
    const own = this.fileProject;
    const base = trim(this.creds.resourceManagerBaseUrl || DEFAULT_RESOURCE_MANAGER_URL);
    let listed: string[];
    try {
      const pages = await this.pages(
        `${base}/v1/projects`,
        { filter: 'lifecycleState:ACTIVE' },
        ProjectListSchema,
        'resourcemanager.projects.list',
        'project list',
        signal,
        { cacheTtlMs: 10 * 60_000 },
      );
      listed = pages.flatMap((p) =>
        (p.projects ?? []).filter((x) => !x.lifecycleState || x.lifecycleState === 'ACTIVE').map((x) => x.projectId),
      );
    } catch (e) {
      if (!own || !(e instanceof CloudtopError) || (e.code !== 'forbidden' && e.code !== 'not_found')) throw e;
      listed = [];
    }
    if (own && !listed.includes(own)) return [own, ...listed];
    return own ? [own, ...listed.filter((p) => p !== own)] : listed;
  }

  async instances(project: string, signal: AbortSignal): Promise<Instance[]> {
    const pages = await this.pages(
      this.compute(`/projects/${encodeURIComponent(project)}/aggregated/instances`),
      { maxResults: '500', returnPartialSuccess: 'true' },
      InstanceAggregatedListSchema,
      'compute.instances.aggregatedList',
      'instance list',
      signal,
    );
    return pages.flatMap((p) => Object.values(p.items ?? {}).flatMap((scope) => scope.instances ?? []));
  }

  /** Accelerator types per zone (what is offered where); changes rarely: 1 h cache. */
  async acceleratorTypes(project: string, signal: AbortSignal): Promise<AcceleratorType[]> {
    const pages = await this.pages(
      this.compute(`/projects/${encodeURIComponent(project)}/aggregated/acceleratorTypes`),
      { maxResults: '500' },
      AcceleratorTypeAggregatedListSchema,
      'compute.acceleratorTypes.aggregatedList',
      'accelerator type list',
      signal,
      { cacheTtlMs: 60 * 60_000 },
    );
    return pages.flatMap((p) => Object.values(p.items ?? {}).flatMap((scope) => scope.acceleratorTypes ?? []));
  }

  /** Regions with their quotas (`NVIDIA_H100_GPUS`, `PREEMPTIBLE_NVIDIA_H100_GPUS`…); 10 min cache. */
  async regions(project: string, signal: AbortSignal) {
    const pages = await this.pages(
      this.compute(`/projects/${encodeURIComponent(project)}/regions`),
      { maxResults: '500' },
      RegionListSchema,
      'compute.regions.list',
      'region list',
      signal,
      { cacheTtlMs: 10 * 60_000 },
    );
    return pages.flatMap((p) => p.items ?? []);
  }

  /** Compute Engine SKUs of the Cloud Billing Catalog (list prices; 6 h cache). */
  async computeSkus(signal: AbortSignal): Promise<Sku[]> {
    const base = trim(this.creds.billingBaseUrl || DEFAULT_BILLING_URL);
    const pages = await this.pages(
      `${base}/v1/services/${COMPUTE_SERVICE_ID}/skus`,
      { currencyCode: 'USD', pageSize: '5000' },
      SkuListSchema,
      'cloudbilling.services.skus.list',
      'SKU list',
      signal,
      { cacheTtlMs: 6 * 60 * 60_000 },
    );
    return pages.flatMap((p) => p.skus ?? []);
  }

  /** One metric type for every instance of the project, aligned to `alignSeconds`. */
  async timeSeries(
    project: string,
    metricType: string,
    aligner: string,
    window: { start: string; end: string },
    alignSeconds: number,
    signal: AbortSignal,
  ): Promise<TimeSeriesList> {
    const base = trim(this.creds.monitoringBaseUrl || DEFAULT_MONITORING_URL);
    const pages = await this.pages(
      `${base}/v3/projects/${encodeURIComponent(project)}/timeSeries`,
      {
        filter: `metric.type = "${metricType}" AND resource.type = "gce_instance"`,
        'interval.startTime': window.start,
        'interval.endTime': window.end,
        'aggregation.alignmentPeriod': `${alignSeconds}s`,
        'aggregation.perSeriesAligner': aligner,
        view: 'FULL',
      },
      TimeSeriesListSchema,
      'monitoring.timeSeries.list',
      'time series list',
      signal,
    );
    return { timeSeries: pages.flatMap((p) => p.timeSeries ?? []) };
  }
}
