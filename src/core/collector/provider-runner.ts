/**
 * ProviderRuntime: one provider account, isolated from every other (docs/design.md §6).
 *
 * It owns the account's limiter, HTTP client and cache, builds the ProviderClient through the
 * descriptor, and turns each refresh into data + a ProviderStatus:
 * - offers and resources are fetched concurrently, each under an overall timeout on the Clock;
 *   a part that fails keeps its last good data (the status says stale/degraded);
 * - the work is raced against the timeout, so a provider that hangs or ignores its AbortSignal
 *   still settles on time and never delays another runtime;
 * - nothing here throws out of `refresh`/`refreshMetrics`: errors become ErrorInfo in the status.
 */
import { mergeSeries } from '../../shared/metrics/series';
import { setMaxListeners } from 'node:events';
import {
  CloudtopError,
  toErrorInfo,
  type ErrorInfo,
  type GpuOffer,
  type MetricSeries,
  type ProviderStatus,
  type Resource,
} from '../../shared/model';
import type { AnyProviderDescriptor, ProviderClient, TestConnectionResult } from '../providers/types';
import { silentLogger, type Logger } from '../log/types';
import { ResponseCache } from './cache';
import { realClock, type Clock } from './clock';
import { createHttpClient, type CollectorHttpClient } from './http-client';
import { Limiter } from './limiter';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { redact, scrubErrorInfo } from './redact';
import { deadline } from './signals';

export interface ProviderRuntimeOptions {
  descriptor: AnyProviderDescriptor;
  account: string;
  /** Defaults to the descriptor's base URL. */
  baseUrl?: string;
  /** Resolved credentials, or null (anonymous offers or unconfigured). */
  credentials: Record<string, string | undefined> | null;
  options?: Record<string, unknown>;
  fetch?: typeof fetch;
  clock?: Clock;
  log?: Logger;
  /** Poll interval, for staleness. Default: descriptor.defaultPollMs. */
  pollMs?: number;
  /** Data older than this is stale. Default: 1.5 × pollMs (one interval plus jitter and fetch time). */
  staleAfterMs?: number;
  /** Whole-refresh timeout per part (offers, resources, metrics). Default 60 s. */
  refreshTimeoutMs?: number;
  /** Per-request timeout. Default: descriptor.timeoutMs or 15 s. */
  requestTimeoutMs?: number;
  /** Which parts a refresh fetches (CLI `offers` needs no instance list). Default: both. */
  parts?: ReadonlyArray<'offers' | 'resources'>;
  /** False: the account is disabled (no client, state `disabled`). */
  enabled?: boolean;
  demo?: boolean;
  /** Limiter concurrency. Default 4. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
}

export interface RefreshResult {
  offers: GpuOffer[];
  resources: Resource[];
  /** The first error of this refresh, when any part failed. */
  error?: ErrorInfo;
}

export interface MetricsResult {
  resources: Resource[];
  error?: ErrorInfo;
}

type Part = 'offers' | 'resources' | 'metrics';

/**
 * A client whose construction threw something unexpected: almost always options it could not use.
 * Also what a registry client loaded on first use (lazyProvider) reports then.
 */
export function clientSetupError(d: Pick<AnyProviderDescriptor, 'id' | 'displayName'>): CloudtopError {
  return new CloudtopError('config', `${d.displayName}: could not set up the client; check its options`, {
    provider: d.id,
    retryable: false,
  });
}

const DEFAULT_REFRESH_TIMEOUT_MS = 60_000;

/**
 * Retries must end before the refresh deadline: a server wait (Retry-After) that does not fit in
 * what is left ends the call as `rate_limited` with that wait, instead of the refresh timing out.
 * One request timeout is kept free for the last attempt.
 */
function retryWithinRefresh(
  retry: Partial<RetryPolicy> | undefined,
  refreshTimeoutMs: number,
  requestTimeoutMs: number,
): Partial<RetryPolicy> {
  const budget = Math.max(0, refreshTimeoutMs - requestTimeoutMs);
  const asked = retry?.maxRetryTimeMs ?? DEFAULT_RETRY_POLICY.maxRetryTimeMs;
  return { ...retry, maxRetryTimeMs: Math.min(asked, budget) };
}

/**
 * Every rejected credential, whatever the provider's own hint says, also names the one command that
 * fixes it from a terminal (the conformance suite checks this for every provider).
 */
function withAuthHint(info: ErrorInfo, d: AnyProviderDescriptor): ErrorInfo {
  if (info.code !== 'auth') return info;
  const command = `cloudtop auth set ${d.id}`;
  if (info.hint?.includes(command)) return info;
  return { ...info, hint: info.hint ? `${info.hint} (CLI: \`${command}\`)` : `Run \`${command}\`` };
}

/** Values of the descriptor's secret credential fields (long enough to redact safely). */
function secretValuesOf(d: AnyProviderDescriptor, creds: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const f of d.credentialFields) {
    const v = creds[f.name];
    if (f.secret && typeof v === 'string' && v.trim().length >= 6) out.push(v.trim());
  }
  return out;
}
/** How much metric history a resource keeps between polls. */
const METRICS_HISTORY_MS = 24 * 3600_000;
/**
 * Metrics measured this recently are kept by an on-demand refresh: no provider we read measures
 * finer than a minute (Cloudflare's analytics, CloudWatch, Azure Monitor, Cloud Monitoring), so a
 * new pass would bring the same points, and CloudWatch bills each one.
 */
const METRICS_MIN_AGE_MS = 60_000;
/** An on-demand refresh waits this long for the rate limit at most; beyond it, what is held is kept. */
const ON_DEMAND_MAX_WAIT_MS = 1000;

export class ProviderRuntime {
  readonly descriptor: AnyProviderDescriptor;
  readonly account: string;
  readonly baseUrl: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly pollMs: number;
  private readonly staleAfterMs: number;
  private readonly refreshTimeoutMs: number;
  private readonly demo: boolean;
  private readonly parts: ReadonlyArray<'offers' | 'resources'>;
  private readonly lifetime = new AbortController();
  private readonly limiter?: Limiter;
  private readonly http?: CollectorHttpClient;
  private readonly cache?: ResponseCache;
  private readonly client?: ProviderClient;
  private readonly fixedState?: 'unconfigured' | 'disabled' | 'error';
  private readonly setupError?: ErrorInfo;

  private offers: GpuOffer[] = [];
  private resources: Resource[] = [];
  private hasOffers = false;
  private hasResources = false;
  private readonly partErrors = new Map<Part, ErrorInfo>();
  private lastSuccessMs?: number;
  private lastAttemptMs?: number;
  private nextPollMs?: number;
  private lastRequestCount?: number;
  private lastDurationMs?: number;
  /** The last metrics pass that succeeded: when, its requests, and the resources it measured. */
  private lastMetrics?: { at: number; requests: number; measured: ReadonlySet<string> };
  private refreshing?: Promise<RefreshResult>;
  private withCredentials = false;
  /** This account's secret credential values: cut out of every error it reports. */
  private secrets: string[] = [];

  constructor(o: ProviderRuntimeOptions) {
    const d = o.descriptor;
    this.descriptor = d;
    this.account = o.account;
    this.parts = o.parts ?? ['offers', 'resources'];
    // Every in-flight request listens on the lifetime signal and detaches when it settles.
    setMaxListeners(0, this.lifetime.signal);
    this.baseUrl = (o.baseUrl ?? d.defaultBaseUrl).replace(/\/+$/, '');
    this.clock = o.clock ?? realClock;
    this.log = o.log ?? silentLogger;
    this.pollMs = o.pollMs ?? d.defaultPollMs;
    this.staleAfterMs = o.staleAfterMs ?? this.pollMs * 1.5;
    this.refreshTimeoutMs = o.refreshTimeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS;
    this.demo = o.demo ?? false;

    if (o.enabled === false) {
      this.fixedState = 'disabled';
      return;
    }
    let credentials: Record<string, string | undefined> | null = null;
    if (o.credentials) {
      const parsed = d.credentialSchema.safeParse(o.credentials);
      if (!parsed.success) {
        // Field names only: zod messages could quote the values.
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(all)'))].join(', ');
        this.fixedState = 'error';
        this.setupError = new CloudtopError(
          'config',
          `${d.displayName}: missing or invalid credential fields: ${fields}`,
          {
            provider: d.id,
            hint: `Run \`cloudtop auth set ${d.id}\` or fix them in Providers → ${d.displayName}`,
          },
        ).toInfo();
        return;
      }
      credentials = parsed.data as Record<string, string | undefined>;
      this.withCredentials = true;
      this.secrets = secretValuesOf(d, credentials);
    } else if (!d.anonymousOffers) {
      this.fixedState = 'unconfigured';
      return;
    }

    this.limiter = new Limiter({
      intervalMs: d.rateLimit.intervalMs,
      intervalCap: d.rateLimit.intervalCap,
      ...(d.rateLimit.burst ? { burst: d.rateLimit.burst } : {}),
      concurrency: o.concurrency,
      clock: this.clock,
    });
    this.cache = new ResponseCache({ clock: this.clock });
    this.http = createHttpClient({
      provider: d.id,
      account: o.account,
      displayName: d.displayName,
      baseUrl: this.baseUrl,
      fetch: o.fetch,
      limiter: this.limiter,
      clock: this.clock,
      log: this.log,
      cache: this.cache,
      defaultTimeoutMs: o.requestTimeoutMs ?? d.timeoutMs ?? 15_000,
      blockOn429Ms: d.rateLimit.blockOn429Ms,
      retry: retryWithinRefresh(o.retry, this.refreshTimeoutMs, o.requestTimeoutMs ?? d.timeoutMs ?? 15_000),
      random: o.random,
      signal: this.lifetime.signal,
      maxResponseBytes: d.response?.maxBytes,
      checkResponse: d.response?.check,
      secrets: this.secrets,
    });
    try {
      this.client = d.create({
        provider: d.id,
        account: o.account,
        baseUrl: this.baseUrl,
        credentials,
        http: this.http,
        clock: this.clock,
        log: this.log,
        options: o.options ?? {},
      });
    } catch (e) {
      this.fixedState = 'error';
      const info = scrubErrorInfo(toErrorInfo(e, d.id), this.secrets);
      this.setupError = info.code === 'upstream' && !(e instanceof CloudtopError) ? clientSetupError(d).toInfo() : info;
    }
  }

  /** True when refresh() does real work (configured, enabled, set up). */
  get active(): boolean {
    return this.client !== undefined;
  }

  /**
   * Fetches offers and resources concurrently. Never throws; a failed part keeps its last good
   * data. Concurrent calls share one refresh.
   */
  refresh(signal?: AbortSignal): Promise<RefreshResult> {
    if (!this.client || !this.http)
      return Promise.resolve({ offers: [], resources: [], ...(this.setupError ? { error: this.setupError } : {}) });
    this.refreshing ??= this.doRefresh(this.client, this.http, signal).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(
    client: ProviderClient,
    http: CollectorHttpClient,
    signal?: AbortSignal,
  ): Promise<RefreshResult> {
    const d = this.descriptor;
    const start = this.clock.now();
    const before = http.stats().requests;
    this.lastAttemptMs = start;
    const parts = this.parts;
    const wantOffers = d.capabilities.offers && typeof client.fetchOffers === 'function' && parts.includes('offers');
    // Anonymous runtimes can read the market but have no account to list.
    const wantResources =
      d.capabilities.resources &&
      typeof client.fetchResources === 'function' &&
      this.withCredentials &&
      parts.includes('resources');

    const [offers, resources] = await Promise.all([
      wantOffers ? this.runPart('offers', (s) => client.fetchOffers!(s), signal) : undefined,
      wantResources ? this.runPart('resources', (s) => client.fetchResources!(s), signal) : undefined,
    ]);

    const now = this.clock.now();
    let error: ErrorInfo | undefined;
    if (offers) {
      if (offers.ok) {
        this.offers = offers.value.map((x) => (x.account === undefined ? { ...x, account: this.account } : x));
        this.hasOffers = true;
        this.partErrors.delete('offers');
      } else {
        // A cancelled refresh (stop, removal) says nothing about the provider's health.
        if (offers.error.code !== 'cancelled') this.partErrors.set('offers', offers.error);
        error ??= offers.error;
      }
    }
    if (resources) {
      if (resources.ok) {
        this.resources = this.keepMetrics(
          resources.value.map((x) => (x.account === undefined ? { ...x, account: this.account } : x)),
        );
        this.hasResources = true;
        this.partErrors.delete('resources');
      } else {
        if (resources.error.code !== 'cancelled') this.partErrors.set('resources', resources.error);
        error ??= resources.error;
      }
    }
    if (!error && (offers || resources)) this.lastSuccessMs = now;
    this.lastRequestCount = http.stats().requests - before;
    this.lastDurationMs = now - start;
    return { offers: this.offers, resources: this.resources, ...(error ? { error } : {}) };
  }

  /**
   * Whether an on-demand refresh (the window's Refresh, `top`'s r, the CLI's -w loop) should keep
   * the data held rather than poll: it is younger than the poll interval, and a poll now (as many
   * requests as the last one made) would wait for the rate limit. Without this, a refresh pressed
   * again within the minute waited up to 53 s for Cloudflare's 50 calls a minute, and
   * `cloudtop resources -w 5s` redrew every 25 s. During a 429 block it keeps what it holds, old or not.
   */
  keepsPollOnDemand(pollMs: number): boolean {
    if (!this.limiter) return false;
    if (this.blockedOnDemand()) return true;
    if (this.lastSuccessMs === undefined) return false;
    if (this.partErrors.has('offers') || this.partErrors.has('resources')) return false;
    if (this.clock.now() - this.lastSuccessMs >= pollMs) return false;
    return this.limiter.waitFor(Math.max(1, this.lastRequestCount ?? 1)) > ON_DEMAND_MAX_WAIT_MS;
  }

  /**
   * The same for metrics: kept when the last pass measured every resource held and is younger than
   * a minute, or younger than the metrics interval while a pass now would wait for the rate limit;
   * and during a 429 block.
   */
  keepsMetricsOnDemand(metricsPollMs: number): boolean {
    if (!this.limiter) return false;
    if (this.blockedOnDemand()) return true;
    const last = this.lastMetrics;
    if (!last || this.partErrors.has('metrics')) return false;
    if (this.resources.some((r) => !last.measured.has(r.id))) return false;
    const age = this.clock.now() - last.at;
    if (age < METRICS_MIN_AGE_MS) return true;
    return age < metricsPollMs && this.limiter.waitFor(Math.max(1, last.requests)) > ON_DEMAND_MAX_WAIT_MS;
  }

  /**
   * After a 429 nothing goes out before the block ends (Cloudflare's lasts 5 min): an on-demand
   * refresh would only wait, whatever the age of what is held; the scheduled runs go on after it.
   */
  private blockedOnDemand(): boolean {
    const until = this.limiter?.blockedUntil();
    return until !== undefined && until - this.clock.now() > ON_DEMAND_MAX_WAIT_MS;
  }

  /** Fetches metrics for the current resources and merges them in. Never throws. */
  async refreshMetrics(signal?: AbortSignal): Promise<MetricsResult> {
    const client = this.client;
    if (
      !client ||
      !this.descriptor.capabilities.metrics ||
      typeof client.fetchMetrics !== 'function' ||
      this.resources.length === 0
    ) {
      return { resources: this.resources };
    }
    const targets = this.resources;
    const before = this.http?.stats().requests ?? 0;
    const r = await this.runPart('metrics', (s) => client.fetchMetrics!(targets, s), signal);
    if (!r.ok) {
      if (r.error.code !== 'cancelled') this.partErrors.set('metrics', r.error);
      return { resources: this.resources, error: r.error };
    }
    this.partErrors.delete('metrics');
    this.lastMetrics = {
      at: this.clock.now(),
      requests: (this.http?.stats().requests ?? 0) - before,
      measured: new Set(targets.map((t) => t.id)),
    };
    const byId: Map<string, MetricSeries[]> = r.value;
    // Merge with what we had so single-point counters (Neon usage) build a history; keep 24 h.
    const keepSince = this.clock.now() - METRICS_HISTORY_MS;
    this.resources = this.resources.map((res) => {
      const series = byId.get(res.id);
      if (!series) return res;
      const old = new Map(res.metrics.map((m) => [m.name, m]));
      return { ...res, metrics: series.map((m) => mergeSeries(old.get(m.name), m, keepSince)) };
    });
    return { resources: this.resources };
  }

  async testConnection(signal?: AbortSignal): Promise<TestConnectionResult> {
    const client = this.client;
    if (!client) {
      if (this.setupError)
        throw new CloudtopError(this.setupError.code, this.setupError.message, {
          provider: this.descriptor.id,
          hint: this.setupError.hint,
        });
      throw new CloudtopError(
        'config',
        `${this.descriptor.displayName} has no credentials for account "${this.account}"`,
        {
          provider: this.descriptor.id,
          hint: `Run \`cloudtop auth set ${this.descriptor.id}\` or set them in Providers → ${this.descriptor.displayName}`,
        },
      );
    }
    const r = await this.runPart('test', (s) => client.testConnection(s), signal);
    if (!r.ok)
      throw new CloudtopError(r.error.code, r.error.message, {
        provider: r.error.provider,
        hint: r.error.hint,
        status: r.error.status,
        retryable: r.error.retryable,
      });
    return { ...r.value, detail: redact(r.value.detail, this.secrets) };
  }

  setNextPoll(epochMs: number | undefined): void {
    this.nextPollMs = epochMs;
  }

  currentOffers(): GpuOffer[] {
    return this.offers;
  }

  currentResources(): Resource[] {
    return this.resources;
  }

  status(): ProviderStatus {
    const d = this.descriptor;
    const iso = (ms: number | undefined): string | undefined =>
      ms === undefined ? undefined : new Date(ms).toISOString();
    const now = this.clock.now();
    const base: ProviderStatus = {
      provider: d.id,
      account: this.account,
      displayName: d.displayName,
      kind: d.kind,
      state: 'ok',
      stale: false,
      offerCount: this.offers.length,
      resourceCount: this.resources.length,
    };
    if (this.demo) base.demo = true;
    if (this.fixedState) {
      base.state = this.fixedState;
      if (this.setupError) base.error = this.setupError;
      return base;
    }
    const errors = [...this.partErrors.values()];
    const hasData = this.hasOffers || this.hasResources;
    if (errors.length > 0) {
      // Failing but still showing something (last good data, or the other part) is "degraded".
      const failedMain = this.partErrors.has('offers') || this.partErrors.has('resources');
      const anyGood = hasData || this.lastSuccessMs !== undefined;
      base.state = failedMain && !anyGood ? 'error' : 'degraded';
      base.error = this.partErrors.get('offers') ?? this.partErrors.get('resources') ?? errors[0];
    }
    const lastOk = this.lastSuccessMs;
    const failedLast = this.partErrors.has('offers') || this.partErrors.has('resources');
    base.stale =
      this.lastAttemptMs !== undefined && (failedLast || lastOk === undefined || now - lastOk > this.staleAfterMs);
    const ls = iso(lastOk);
    if (ls) base.lastSuccess = ls;
    const la = iso(this.lastAttemptMs);
    if (la) base.lastAttempt = la;
    const np = iso(this.nextPollMs);
    if (np) base.nextPoll = np;
    if (this.limiter) {
      const u = this.limiter.usage();
      base.rateLimit = { used: u.used, limit: u.limit, windowMs: u.windowMs };
      if (u.blockedUntil !== undefined) base.rateLimit.blockedUntil = new Date(u.blockedUntil).toISOString();
    }
    if (this.lastRequestCount !== undefined) base.lastRequestCount = this.lastRequestCount;
    if (this.lastDurationMs !== undefined) base.lastDurationMs = this.lastDurationMs;
    return base;
  }

  /** Request counters of this account's client (bench, /metrics). */
  stats(): { requests: number; retries: number; errors: number; cacheHits: number; staleServed: number } | undefined {
    return this.http?.stats();
  }

  /** Aborts everything in flight; the runtime is not used afterwards. */
  dispose(): void {
    this.lifetime.abort(Object.assign(new Error('provider runtime disposed'), { name: 'AbortError' }));
    this.cache?.clear();
  }

  /**
   * Runs one part under the overall timeout. The result settles when the work does or when the
   * timeout/abort fires, whichever is first: a hung provider cannot hold anyone.
   */
  private async runPart<T>(
    part: Part | 'test',
    work: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; value: T } | { ok: false; error: ErrorInfo }> {
    const d = this.descriptor;
    const dl = deadline(this.clock, this.refreshTimeoutMs, [signal, this.lifetime.signal]);
    try {
      const value = await Promise.race([Promise.resolve().then(() => work(dl.signal)), dl.done]);
      return { ok: true, value };
    } catch (e) {
      let info: ErrorInfo;
      if (dl.timedOut()) {
        info = new CloudtopError(
          'timeout',
          `${d.displayName}: ${part} did not finish within ${Math.round(this.refreshTimeoutMs / 1000)} s`,
          {
            provider: d.id,
            hint: `${d.displayName} is slow or not answering; cloudtop keeps the last good data and tries again`,
          },
        ).toInfo();
      } else if (
        (signal?.aborted || this.lifetime.signal.aborted) &&
        !(e instanceof CloudtopError && e.code !== 'cancelled')
      ) {
        info = {
          code: 'cancelled',
          message: `${d.displayName}: ${part} was cancelled`,
          retryable: false,
          provider: d.id,
        };
      } else {
        info = toErrorInfo(e, d.id);
      }
      info = withAuthHint(scrubErrorInfo(info, this.secrets), d);
      this.log.warn({ part, code: info.code, status: info.status }, info.message);
      return { ok: false, error: info };
    } finally {
      dl.cancel();
    }
  }

  /** Keeps the metrics the slower metrics poll found across a resources refresh, and merges those a resource list carries. */
  private keepMetrics(next: Resource[]): Resource[] {
    if (this.resources.length === 0) return next;
    const prev = new Map(this.resources.map((r) => [r.id, r]));
    const keepSince = this.clock.now() - METRICS_HISTORY_MS;
    return next.map((r) => {
      const old = prev.get(r.id);
      if (!old || old.metrics.length === 0) return r;
      if (r.metrics.length === 0) return { ...r, metrics: old.metrics };
      // Metrics that come with the resource list (RunPod's utilisation: one point per poll) build
      // a 24 h series across polls, like fetched metrics do, so they chart instead of staying a dot.
      const before = new Map(old.metrics.map((m) => [m.name, m]));
      return { ...r, metrics: r.metrics.map((m) => mergeSeries(before.get(m.name), m, keepSince)) };
    });
  }
}
