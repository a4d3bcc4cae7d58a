import type { z } from 'zod';
import type {
  CredentialFieldInfo,
  GpuOffer,
  MetricSeries,
  ProviderId,
  ProviderKind,
  Resource,
} from '../../shared/model';
import type { Clock } from '../collector/clock';
import type { HttpClient } from '../collector/http';
import type { Logger } from '../log/types';
import type { CredentialCandidate } from './kit/discover';

/** How the collector reads this provider's answers (src/core/providers/kit/response.ts). */
interface ResponsePolicy {
  /** Largest body read for one call, streamed; past it the call is `bad_response`. */
  maxBytes: number;
  /**
   * Checks a 2xx JSON answer read through an SDK transport (`ctx.http.fetch`). Returns the problem
   * (`describeIssues` wording) or undefined. Plain requests validate with their own `schema`.
   */
  check?: (path: string, body: unknown) => string | undefined;
}

interface RateLimitSpec {
  /** The provider's documented limit, in words, for docs and the UI ("1200 requests / 5 min"). */
  documented: string;
  /** Our limiter: at most `intervalCap` requests per `intervalMs` (≤ half the documented limit). */
  intervalMs: number;
  intervalCap: number;
  /**
   * A shorter window that must hold too, so a budget stated per minute or per 5 minutes can be spent
   * in a burst (one refresh) instead of being spread out one request at a time.
   */
  burst?: { intervalMs: number; intervalCap: number };
  /** After a 429, stay silent for at least this long (Cloudflare blocks all calls for 5 min). */
  blockOn429Ms?: number;
}

/**
 * Static description of a provider plus the factory for its client. One per folder under
 * src/core/providers/<id>/index.ts, listed explicitly in src/core/providers/registry.ts.
 */
export interface ProviderDescriptor<
  Cred extends Record<string, string | undefined> = Record<string, string | undefined>,
> {
  id: ProviderId;
  displayName: string;
  kind: ProviderKind;
  /** Credential fields (names are camelCase; env vars are CLOUDTOP_<ID>_<FIELD_IN_SNAKE>). */
  credentialFields: CredentialFieldInfo[];
  /** Validates the resolved credential record (all values are strings). */
  credentialSchema: z.ZodType<Cred>;
  /** True when offers can be fetched without any credentials (the client gets `credentials: null`). */
  anonymousOffers?: boolean;
  rateLimit: RateLimitSpec;
  defaultPollMs: number;
  /** Metrics have their own, slower interval. */
  defaultMetricsPollMs?: number;
  capabilities: { offers: boolean; resources: boolean; metrics: boolean };
  consoleUrl: string;
  /** What the provider's own docs and SDK call the base URL. Override: CLOUDTOP_<ID>_BASE_URL or settings. */
  defaultBaseUrl: string;
  docsUrl?: string;
  /** One line users should know when choosing the provider (what it cannot show, and why). */
  note?: string;
  /** Default per-call timeout; the collector never lets a call run longer. */
  timeoutMs?: number;
  /** Body cap and SDK-answer check; see ResponsePolicy. Default cap: 8 MB. */
  response?: ResponsePolicy;
  /**
   * Schema of `providers.<id>.options` in cloudtop.json, checked when the file loads (a bad option is
   * a config error at start). Clients read typed options with `parseProviderOptions` from the kit.
   */
  optionsSchema?: z.ZodType;
  /** Credentials the user's other tools already hold (env vars of the provider's CLI); pure. */
  discover?(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[];
  create(ctx: ProviderContext<Cred>): ProviderClient;
}

/** Everything a provider client may use. It never touches timers, fetch or secrets stores directly. */
export interface ProviderContext<Cred = Record<string, string | undefined>> {
  provider: ProviderId;
  /** Profile (account) name. */
  account: string;
  baseUrl: string;
  /** Resolved, validated credentials; null when unconfigured and the provider allows anonymous offers. */
  credentials: Cred | null;
  /** Limiter + retry + timeout + cache + error mapping. All requests go through it. */
  http: HttpClient;
  clock: Clock;
  log: Logger;
  /** Provider-specific options from cloudtop.json (`providers.<id>.options`), validated by the provider. */
  options: Record<string, unknown>;
}

export interface TestConnectionResult {
  ok: true;
  /** Human summary: "Token valid for account Acme (2 accounts)". Never secret material. */
  detail: string;
}

export interface ProviderClient {
  fetchOffers?(signal: AbortSignal): Promise<GpuOffer[]>;
  fetchResources?(signal: AbortSignal): Promise<Resource[]>;
  /** Metrics for the given resources, keyed by resource id. Called on the slower metrics interval. */
  fetchMetrics?(resources: Resource[], signal: AbortSignal): Promise<Map<string, MetricSeries[]>>;
  /** Cheapest call that proves the credentials work; throws CloudtopError (auth, forbidden…). */
  testConnection(signal: AbortSignal): Promise<TestConnectionResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProviderDescriptor = ProviderDescriptor<any>;
