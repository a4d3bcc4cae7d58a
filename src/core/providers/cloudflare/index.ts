/**
 * Cloudflare: accounts, Workers scripts and R2 buckets (REST, official SDK) with Workers and R2
 * metrics from the GraphQL Analytics API. Permission or plan gaps become issues on the resources
 * they affect ("needs Account Analytics Read"), never an empty screen.
 */
import { CloudtopError, type ErrorInfo, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor, TestConnectionResult } from '../types';
import { abortIfNeeded, isPermissionGap } from '../kit';
import { CloudflareApi, type CloudflareCredentials } from './client';
import {
  R2_OPERATIONS_QUERY,
  R2_STORAGE_QUERY,
  R2_WINDOW_MS,
  WORKERS_QUERY,
  WORKERS_WINDOW_MS,
  analyticsWindow,
} from './graphql';
import {
  PROVIDER,
  R2_OPS_DATASET,
  R2_OPS_STEP_MS,
  R2_STORAGE_DATASET,
  WORKERS_DATASET,
  WORKERS_STEP_MS,
  accountResource,
  analyticsBucketName,
  analyticsIssue,
  bucketResource,
  parseR2Operations,
  parseR2Storage,
  parseWorkersAnalytics,
  workerResource,
  type Account,
  type AnalyticsProblem,
  type AnalyticsResult,
} from './parse';

import { discover } from './discover';
import { cloudflareInfo } from './descriptor';
import { countOf } from '../../../shared/format';

export { cloudflareCredentialSchema } from './descriptor';

export { discover };
export type { CloudflareCredentials } from './client';

/** Errors that mean "this token may not read this part", not "the API is unwell". */

function listingIssue(what: string, e: CloudtopError): ErrorInfo {
  return { ...e.toInfo(), message: `${what} not listed: ${e.message}` };
}

/** Zero-filled amounts for the grid of a window: a Worker with no rows had no invocations. */
function zeroFill(
  series: MetricSeries[] | undefined,
  names: readonly [string, string, string][],
  startMs: number,
  endMs: number,
  stepMs: number,
): MetricSeries[] {
  const out = new Map((series ?? []).map((s) => [s.name, s]));
  const first = Math.ceil(startMs / stepMs) * stepMs;
  for (const [name, label, unit] of names) {
    const s = out.get(name) ?? { name, label, unit, stepMs, points: [] };
    const have = new Map(s.points.map(([t, v]) => [t, v]));
    const points: [number, number][] = [];
    for (let t = first; t <= endMs; t += stepMs) points.push([t, have.get(t) ?? 0]);
    // Keep any point the API placed off our grid.
    for (const [t, v] of s.points) if (!points.some((p) => p[0] === t)) points.push([t, v]);
    points.sort((a, b) => a[0] - b[0]);
    out.set(name, { ...s, points });
  }
  return [...out.values()];
}

const WORKER_AMOUNTS: readonly [string, string, string][] = [
  ['requests', 'Requests', 'requests'],
  ['errors', 'Errors', 'errors'],
  ['subrequests', 'Subrequests', 'requests'],
];
const R2_AMOUNTS: readonly [string, string, string][] = [['operations', 'Operations', 'operations']];

class CloudflareClient implements ProviderClient {
  private readonly api: CloudflareApi;
  /** Analytics problems found by the last metrics poll, by resource id then dataset; shown by fetchResources. */
  private readonly analyticsIssues = new Map<string, Map<string, ErrorInfo>>();

  constructor(
    private readonly ctx: ProviderContext<CloudflareCredentials>,
    private readonly creds: CloudflareCredentials,
  ) {
    this.api = new CloudflareApi(ctx, creds);
  }

  private async accounts(signal: AbortSignal): Promise<Account[]> {
    if (!this.creds.accountId) return this.api.listAccounts(signal);
    try {
      return [await this.api.getAccount(this.creds.accountId, signal)];
    } catch (e) {
      // A token scoped to Workers/R2 may not read account details; the id alone is enough to go on.
      if (isPermissionGap(e)) return [{ id: this.creds.accountId, name: this.creds.accountId }];
      throw e;
    }
  }

  async fetchResources(signal: AbortSignal): Promise<Resource[]> {
    const now = this.ctx.clock.now();
    const profile = this.ctx.account;
    const out: Resource[] = [];
    for (const account of await this.accounts(signal)) {
      abortIfNeeded(signal);
      const acct = accountResource(account, profile, now);
      out.push(acct);
      const [scripts, buckets] = await Promise.allSettled([
        this.api.listScripts(account.id, signal),
        this.api.listBuckets(account.id, signal),
      ]);
      if (scripts.status === 'fulfilled') {
        for (const s of scripts.value) out.push(this.withIssues(workerResource(account, s, profile, now)));
      } else if (isPermissionGap(scripts.reason)) {
        acct.issues.push(listingIssue('Workers', scripts.reason));
      } else throw scripts.reason;
      if (buckets.status === 'fulfilled') {
        for (const b of buckets.value) out.push(this.withIssues(bucketResource(account, b, profile, now)));
      } else if (isPermissionGap(buckets.reason)) {
        acct.issues.push(listingIssue('R2 buckets', buckets.reason));
      } else throw buckets.reason;
    }
    return out;
  }

  private withIssues(r: Resource): Resource {
    const issues = this.analyticsIssues.get(r.id);
    if (issues) r.issues.push(...issues.values());
    return r;
  }

  private noteProblem(
    ids: readonly string[],
    dataset: string,
    problem: AnalyticsProblem | undefined,
    what: string,
  ): void {
    for (const id of ids) {
      let byDataset = this.analyticsIssues.get(id);
      if (!problem) {
        byDataset?.delete(dataset);
        if (byDataset && byDataset.size === 0) this.analyticsIssues.delete(id);
        continue;
      }
      if (!byDataset) this.analyticsIssues.set(id, (byDataset = new Map()));
      byDataset.set(dataset, analyticsIssue(problem, what));
    }
  }

  /** Runs one analytics query; token or plan gaps come back as a problem, everything else throws. */
  private async query(
    name: string,
    query: string,
    vars: Record<string, unknown>,
    parse: (body: unknown) => AnalyticsResult,
    signal: AbortSignal,
  ): Promise<AnalyticsResult> {
    try {
      return parse(await this.api.graphql(name, query, vars, signal));
    } catch (e) {
      // GraphQL answers a missing Analytics permission with 401/403 on some paths (errors.mdx).
      if (e instanceof CloudtopError && (e.code === 'forbidden' || e.code === 'auth')) {
        return { problem: { kind: 'permission', message: e.message } };
      }
      throw e;
    }
  }

  async fetchMetrics(resources: Resource[], signal: AbortSignal): Promise<Map<string, MetricSeries[]>> {
    const out = new Map<string, MetricSeries[]>();
    const byAccount = new Map<string, { workers: Map<string, string>; buckets: Map<string, string> }>();
    for (const r of resources) {
      if (r.provider !== PROVIDER || (r.kind !== 'worker' && r.kind !== 'bucket')) continue;
      const accountId = r.meta.accountId;
      if (typeof accountId !== 'string') continue;
      let entry = byAccount.get(accountId);
      if (!entry) byAccount.set(accountId, (entry = { workers: new Map(), buckets: new Map() }));
      if (r.kind === 'worker') entry.workers.set(r.name, r.id);
      else {
        const jurisdiction = typeof r.meta.jurisdiction === 'string' ? r.meta.jurisdiction : undefined;
        entry.buckets.set(analyticsBucketName({ name: r.name, jurisdiction }), r.id);
      }
    }

    for (const [accountId, { workers, buckets }] of byAccount) {
      abortIfNeeded(signal);
      const now = this.ctx.clock.now();
      if (workers.size > 0) {
        const vars = analyticsWindow(accountId, now, WORKERS_WINDOW_MS);
        const r = await this.query('workers', WORKERS_QUERY, vars, parseWorkersAnalytics, signal);
        const ids = [...workers.values()];
        this.noteProblem(ids, WORKERS_DATASET, 'problem' in r ? r.problem : undefined, 'Workers metrics');
        if ('series' in r) {
          const [start, end] = [Date.parse(vars.start), Date.parse(vars.end)];
          for (const [script, id] of workers)
            out.set(id, zeroFill(r.series.get(script), WORKER_AMOUNTS, start, end, WORKERS_STEP_MS));
        }
      }
      if (buckets.size > 0) {
        const vars = analyticsWindow(accountId, now, R2_WINDOW_MS);
        const ids = [...buckets.values()];
        const ops = await this.query('r2.operations', R2_OPERATIONS_QUERY, vars, parseR2Operations, signal);
        this.noteProblem(ids, R2_OPS_DATASET, 'problem' in ops ? ops.problem : undefined, 'R2 operations metrics');
        const storage = await this.query('r2.storage', R2_STORAGE_QUERY, vars, parseR2Storage, signal);
        this.noteProblem(
          ids,
          R2_STORAGE_DATASET,
          'problem' in storage ? storage.problem : undefined,
          'R2 storage metrics',
        );
        const [start, end] = [Date.parse(vars.start), Date.parse(vars.end)];
        for (const [name, id] of buckets) {
          const list: MetricSeries[] = [];
          if ('series' in ops) list.push(...zeroFill(ops.series.get(name), R2_AMOUNTS, start, end, R2_OPS_STEP_MS));
          if ('series' in storage) list.push(...(storage.series.get(name) ?? []));
          if ('series' in ops || 'series' in storage) out.set(id, list);
        }
      }
    }
    return out;
  }

  /** Issues the last metrics poll found, by resource id (for faces that show them before the next resource poll). */
  metricIssues(): Map<string, ErrorInfo[]> {
    return new Map([...this.analyticsIssues].map(([id, m]) => [id, [...m.values()]]));
  }

  async testConnection(signal: AbortSignal): Promise<TestConnectionResult> {
    let kind = 'User';
    let verified;
    try {
      verified = await this.api.verifyUserToken(signal);
    } catch (e) {
      // Account-owned tokens fail on /user/tokens/verify (reported as 400/401/403 code 1000):
      // check the account endpoint before calling the token invalid.
      if (
        !(e instanceof CloudtopError) ||
        !['auth', 'forbidden', 'not_found', 'upstream'].includes(e.code) ||
        e.retryable
      )
        throw e;
      const accountId = this.creds.accountId ?? (await this.api.listAccounts(signal).catch(() => []))[0]?.id;
      if (!accountId) throw e;
      try {
        verified = await this.api.verifyAccountToken(accountId, signal);
        kind = 'Account';
      } catch {
        throw e;
      }
    }
    if (verified.status !== 'active') {
      throw new CloudtopError('auth', `The Cloudflare API token is ${verified.status}`, {
        provider: PROVIDER,
        hint: 'Roll or re-enable the token at https://dash.cloudflare.com/profile/api-tokens.',
      });
    }
    try {
      const accounts = await this.accounts(signal);
      const names = accounts
        .map((a) => a.name)
        .slice(0, 3)
        .join(', ');
      const more = accounts.length > 3 ? ` and ${accounts.length - 3} more` : '';
      return {
        ok: true,
        detail: `${kind} token active; ${countOf(accounts.length, 'account')}${names ? `: ${names}${more}` : ''}`,
      };
    } catch (e) {
      if (isPermissionGap(e)) return { ok: true, detail: `${kind} token active (cannot list accounts: ${e.message})` };
      throw e;
    }
  }
}

/** Used when no credentials are configured: every call explains what is missing. */
class UnconfiguredClient implements ProviderClient {
  private fail(): never {
    throw new CloudtopError('config', 'Cloudflare is not configured: an API token is needed', {
      provider: PROVIDER,
      hint: 'Create a read-only API token at https://dash.cloudflare.com/profile/api-tokens and add it in Providers → Cloudflare.',
    });
  }
  async fetchResources(): Promise<Resource[]> {
    this.fail();
  }
  async testConnection(): Promise<TestConnectionResult> {
    this.fail();
  }
}

export const cloudflareProvider: ProviderDescriptor<CloudflareCredentials> = {
  ...cloudflareInfo,
  create(ctx: ProviderContext<CloudflareCredentials>): ProviderClient {
    if (!ctx.credentials) return new UnconfiguredClient();
    return new CloudflareClient(ctx, ctx.credentials);
  },
};
