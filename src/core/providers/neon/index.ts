/**
 * Neon: projects, branches, databases and compute endpoints (state, autoscaling, suspend timeout)
 * with billing-period usage and, where the plan allows, hourly consumption history. Everything is
 * read from the management API (console.neon.tech); no compute is ever contacted, so a suspended
 * compute stays suspended.
 */
import { CloudtopError, type ErrorInfo, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor, TestConnectionResult } from '../types';
import { abortIfNeeded, isPermissionGap } from '../kit';
import { NeonApi, type NeonCredentials } from './client';
import {
  CONSUMPTION_METRICS,
  PROVIDER,
  branchMetrics,
  branchResource,
  consumptionIssue,
  consumptionSeries,
  databaseResource,
  endpointResource,
  projectResource,
  projectResourceId,
  projectUsageSeries,
  type Branch,
  type ProjectListItem,
} from './parse';

import { discover } from './discover';
import { neonInfo } from './descriptor';
import { countOf } from '../../../shared/format';

export { neonCredentialSchema } from './descriptor';

export { discover };
export type { NeonCredentials } from './client';

const HOUR = 3_600_000;
/** Hourly history is kept by Neon for 168 h; a day is what a chart needs. */
const CONSUMPTION_WINDOW_MS = 24 * HOUR;
const CONSUMPTION_CHUNK = 100;

/** Errors that concern the whole key (stop everything) rather than one project. */
const isGlobal = (e: unknown): boolean =>
  !(e instanceof CloudtopError) || e.code === 'auth' || e.code === 'rate_limited' || e.code === 'cancelled';

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

class NeonClient implements ProviderClient {
  private readonly api: NeonApi;
  /** Problems found by the metrics poll, by project resource id; shown by the next fetchResources. */
  private readonly metricIssuesById = new Map<string, ErrorInfo[]>();
  /** Branch counters come with the branch listing; fetchMetrics hands them on without a request. */
  private branchSeries = new Map<string, MetricSeries[]>();
  /** Org of each project from the last listing. */
  private readonly orgOf = new Map<string, string | undefined>();

  constructor(
    private readonly ctx: ProviderContext<NeonCredentials>,
    private readonly creds: NeonCredentials,
  ) {
    this.api = new NeonApi(ctx, creds);
  }

  /** Which `org_id` values to list projects for (undefined = what the key sees without one). */
  private async scopes(signal: AbortSignal): Promise<(string | undefined)[]> {
    if (this.creds.orgId) return [this.creds.orgId];
    const auth = await this.api.auth(signal);
    // Personal keys see only personal projects unless org_id is passed (listProjects docs).
    if (auth.auth_method !== 'api_key_user') return [undefined];
    try {
      const orgs = await this.api.organizations(signal);
      return [undefined, ...orgs.map((o) => o.id)];
    } catch (e) {
      if (isPermissionGap(e)) return [undefined];
      throw e;
    }
  }

  private async projects(signal: AbortSignal): Promise<ProjectListItem[]> {
    const out = new Map<string, ProjectListItem>();
    for (const org of await this.scopes(signal)) {
      const { projects, unavailable } = await this.api.listProjects(org, signal);
      if (unavailable.length > 0)
        this.ctx.log.warn(
          { count: unavailable.length },
          'Neon could not return some projects in time; they are left out of this poll',
        );
      for (const p of projects) out.set(p.id, p);
    }
    return [...out.values()];
  }

  async fetchResources(signal: AbortSignal): Promise<Resource[]> {
    const now = this.ctx.clock.now();
    const profile = this.ctx.account;
    const out: Resource[] = [];
    const branchSeries = new Map<string, MetricSeries[]>();
    for (const p of await this.projects(signal)) {
      abortIfNeeded(signal);
      this.orgOf.set(p.id, p.org_id);
      const [branches, endpoints] = await Promise.allSettled([
        this.api.listBranches(p.id, signal),
        this.api.listEndpoints(p.id, signal),
      ]);
      const bs: Branch[] = branches.status === 'fulfilled' ? branches.value : [];
      const es = endpoints.status === 'fulfilled' ? endpoints.value : [];
      const project = projectResource(p, es, bs.length, profile, now);
      out.push(project);
      for (const r of [branches, endpoints]) {
        if (r.status === 'rejected') {
          if (!isPermissionGap(r.reason)) throw r.reason;
          project.issues.push({ ...r.reason.toInfo(), message: `Not fully listed: ${r.reason.message}` });
        }
      }
      project.issues.push(...(this.metricIssuesById.get(project.id) ?? []));
      const branchName = new Map(bs.map((b) => [b.id, b.name]));
      for (const b of bs) {
        const br = branchResource(p, b, profile, now);
        out.push(br);
        branchSeries.set(br.id, branchMetrics(b, now));
        try {
          for (const d of await this.api.listDatabases(p.id, b.id, signal))
            out.push(databaseResource(p, b, d, profile, now));
        } catch (e) {
          if (!isPermissionGap(e)) throw e;
          br.issues.push({ ...e.toInfo(), message: `Databases not listed: ${e.message}` });
        }
      }
      for (const e of es) out.push(endpointResource(p, e, branchName.get(e.branch_id), profile, now));
    }
    this.branchSeries = branchSeries;
    return out;
  }

  async fetchMetrics(resources: Resource[], signal: AbortSignal): Promise<Map<string, MetricSeries[]>> {
    const out = new Map<string, MetricSeries[]>();
    const projects = resources.filter(
      (r) => r.provider === PROVIDER && r.kind === 'project' && typeof r.meta.projectId === 'string',
    );
    const issues = new Map<string, ErrorInfo[]>();
    const byOrg = new Map<string, string[]>();
    let firstError: unknown;
    let anyUsage = false;

    for (const r of projects) {
      abortIfNeeded(signal);
      const projectId = r.meta.projectId as string;
      try {
        const p = await this.api.getProject(projectId, signal);
        out.set(r.id, projectUsageSeries(p, this.ctx.clock.now()));
        anyUsage = true;
        const org =
          p.org_id ?? this.orgOf.get(projectId) ?? (typeof r.meta.orgId === 'string' ? r.meta.orgId : undefined);
        if (org) byOrg.set(org, [...(byOrg.get(org) ?? []), projectId]);
      } catch (e) {
        if (isGlobal(e)) throw e;
        firstError ??= e;
        issues.set(r.id, [
          { ...(e as CloudtopError).toInfo(), message: `Usage not read: ${(e as CloudtopError).message}` },
        ]);
      }
    }
    if (!anyUsage && firstError) throw firstError;

    // Consumption history: one request per organization (and 100 projects); it never wakes computes.
    const now = this.ctx.clock.now();
    const to = Math.floor(now / HOUR) * HOUR;
    const from = to - CONSUMPTION_WINDOW_MS;
    for (const [orgId, ids] of byOrg) {
      for (let i = 0; i < ids.length; i += CONSUMPTION_CHUNK) {
        const chunk = ids.slice(i, i + CONSUMPTION_CHUNK);
        try {
          const body = await this.api.consumption(
            { orgId, projectIds: chunk, from: isoSeconds(from), to: isoSeconds(to), metrics: CONSUMPTION_METRICS },
            signal,
          );
          for (const [projectId, series] of consumptionSeries(body, HOUR)) {
            const id = projectResourceId(projectId);
            out.set(id, [...(out.get(id) ?? []), ...series]);
          }
        } catch (e) {
          if (!(e instanceof CloudtopError) || e.code === 'auth' || e.code === 'cancelled') throw e;
          // Plan gates, the consumption API's own tight rate limit, a bad window: the usage
          // counters above are still good, so report it on the projects instead of failing.
          const issue = consumptionIssue(e);
          for (const projectId of chunk) {
            const id = projectResourceId(projectId);
            issues.set(id, [...(issues.get(id) ?? []), issue]);
          }
        }
      }
    }

    for (const r of resources) {
      if (r.provider === PROVIDER && r.kind === 'branch') {
        const s = this.branchSeries.get(r.id);
        if (s) out.set(r.id, s);
      }
    }
    this.metricIssuesById.clear();
    for (const [id, list] of issues) this.metricIssuesById.set(id, list);
    return out;
  }

  /** Issues the last metrics poll found, by resource id. */
  metricIssues(): Map<string, ErrorInfo[]> {
    return new Map(this.metricIssuesById);
  }

  async testConnection(signal: AbortSignal): Promise<TestConnectionResult> {
    const auth = await this.api.auth(signal);
    const kind =
      auth.auth_method === 'api_key_org'
        ? 'Organization API key'
        : auth.auth_method === 'api_key_user'
          ? 'Personal API key'
          : `API key (${auth.auth_method})`;
    if (auth.auth_method === 'api_key_user' && !this.creds.orgId) {
      const orgs = await this.api.organizations(signal).catch((e: unknown) => {
        if (isPermissionGap(e)) return [];
        throw e;
      });
      return {
        ok: true,
        detail: `${kind} valid; ${countOf(orgs.length, 'organization')}${
          orgs.length
            ? `: ${orgs
                .slice(0, 3)
                .map((o) => o.name)
                .join(', ')}`
            : ''
        }`,
      };
    }
    return { ok: true, detail: `${kind} valid` };
  }
}

class UnconfiguredClient implements ProviderClient {
  private fail(): never {
    throw new CloudtopError('config', 'Neon is not configured: an API key is needed', {
      provider: PROVIDER,
      hint: 'Create an API key in the Neon Console and add it in Providers → Neon (or set NEON_API_KEY and import it).',
    });
  }
  async fetchResources(): Promise<Resource[]> {
    this.fail();
  }
  async testConnection(): Promise<TestConnectionResult> {
    this.fail();
  }
}

export const neonProvider: ProviderDescriptor<NeonCredentials> = {
  ...neonInfo,
  create(ctx: ProviderContext<NeonCredentials>): ProviderClient {
    if (!ctx.credentials) return new UnconfiguredClient();
    return new NeonClient(ctx, ctx.credentials);
  },
};
