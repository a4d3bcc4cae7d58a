/**
 * Neon API calls, nothing else: the official `@neondatabase/api-client` (axios). Its transport is
 * our `ctx.http.fetch` (axios' fetch adapter with a custom `env.fetch`), so every request passes the
 * collector's limiter and timeout; every call also runs inside `ctx.http.call`, which retries with
 * the one policy and maps axios errors (status, Retry-After) through `mapNeonError`. The client has
 * no retries of its own. Only management-API hosts are contacted: nothing here connects to a
 * compute endpoint, so reading state and usage never wakes a suspended compute.
 */
import type { Api } from '@neondatabase/api-client';
import { sdkErrorMapper } from '../kit';
import { lazySdk } from '../lazy-sdk';

/** The SDK (and axios) load on first use (see lazy-sdk.ts). */
const sdk = lazySdk<typeof import('@neondatabase/api-client')>('@neondatabase/api-client');
import { CloudtopError } from '../../../shared/model';
import type { ProviderContext } from '../types';
import {
  AuthDetailsSchema,
  BranchesPageSchema,
  ConsumptionV2Schema,
  DatabasesSchema,
  EndpointsSchema,
  OrganizationsSchema,
  PROVIDER,
  ProjectSchema,
  ProjectsPageSchema,
  validate,
  type AuthDetails,
  type Branch,
  type ConsumptionV2,
  type Database,
  type Endpoint,
  type Organization,
  type Project,
  type ProjectListItem,
} from './parse';

export interface NeonCredentials extends Record<string, string | undefined> {
  apiKey: string;
  orgId?: string;
}

const KEY_HINT =
  'Create an API key in the Neon Console (Account settings → API keys, or the organization settings) and save it in Providers → Neon.';
/** Neon's own error text (`GeneralError.message`), trimmed; never our request. */
function neonMessage(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = (data as { message?: unknown }).message;
  return typeof m === 'string' && m.trim() ? m.trim().slice(0, 200) : undefined;
}

/** What we read from an axios error (checked structurally: axios is the SDK's dependency, not ours). */
interface AxiosLikeError {
  isAxiosError: true;
  code?: string;
  cause?: unknown;
  response?: { status: number; headers?: unknown; data?: unknown };
}

function isAxiosError(e: unknown): e is AxiosLikeError {
  return typeof e === 'object' && e !== null && (e as { isAxiosError?: unknown }).isAxiosError === true;
}

export function mapNeonError(name: string, nowMs: number): (e: unknown) => Error {
  return sdkErrorMapper({
    provider: PROVIDER,
    displayName: 'Neon',
    what: name,
    nowMs,
    networkHint: 'Check the network connection or the Neon base URL.',
    read: (e) => {
      if (!isAxiosError(e)) return undefined;
      const res = e.response;
      if (!res) {
        return {
          cause: e.cause,
          cancelled: e.code === 'ERR_CANCELED',
          timedOut: e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT',
          network: true,
        };
      }
      return { status: res.status, headers: res.headers, detail: neonMessage(res.data), cause: e.cause };
    },
    special: (f) => {
      const suffix = f.detail ? ` — Neon says "${f.detail}"` : '';
      if (f.status === 401)
        return new CloudtopError('auth', `Neon rejected the API key (401 on ${name})${suffix}`, {
          provider: PROVIDER,
          status: 401,
          hint: KEY_HINT,
        });
      if (f.status === 403)
        return new CloudtopError('forbidden', `Neon denied ${name} (403)${suffix}`, {
          provider: PROVIDER,
          status: 403,
          hint: 'The API key is valid but may not read this (project-scoped keys see one project; some data needs a paid plan).',
        });
      return undefined;
    },
    hintFor: (status) =>
      status === 429
        ? 'Neon allows about 700 requests per minute (consumption history about 30); cloudtop backs off and retries.'
        : undefined,
  });
}

const PROJECTS_PER_PAGE = 100;
const BRANCHES_PER_PAGE = 100;
const CONSUMPTION_PER_PAGE = 100;
/** More than the kit's DEFAULT_MAX_PAGES: pages hold 100 branches and an organisation can have many. */
const MAX_PAGES = 500;

interface ConsumptionQuery {
  orgId: string;
  projectIds: string[];
  from: string;
  to: string;
  metrics: readonly string[];
}

export class NeonApi {
  readonly sdk: Api<unknown>;

  constructor(
    private readonly ctx: ProviderContext<NeonCredentials>,
    credentials: NeonCredentials,
  ) {
    this.sdk = sdk().createApiClient({
      apiKey: credentials.apiKey,
      baseURL: ctx.baseUrl,
      adapter: 'fetch',
      env: { fetch: ctx.http.fetch },
      // No axios timeout and no retry plugin: ctx.http.call owns both.
      timeout: 0,
    });
  }

  /** One SDK call under the collector; resolves with the response body (validated by the caller). */
  private run(
    name: string,
    fn: (signal: AbortSignal) => Promise<{ data: unknown }>,
    signal: AbortSignal | undefined,
    extra: { cacheKey?: string; cacheTtlMs?: number } = {},
  ): Promise<unknown> {
    return this.ctx.http.call(name, async (s) => (await fn(s)).data, {
      idempotent: true,
      signal,
      mapError: mapNeonError(name, this.ctx.clock.now()),
      ...extra,
    });
  }

  async auth(signal?: AbortSignal): Promise<AuthDetails> {
    const body = await this.run('auth', (s) => this.sdk.getAuthDetails({ signal: s }), signal, {
      cacheKey: 'auth',
      cacheTtlMs: 60 * 60_000,
    });
    return validate(AuthDetailsSchema, body, 'auth details');
  }

  async organizations(signal?: AbortSignal): Promise<Organization[]> {
    const body = await this.run(
      'users.me.organizations',
      (s) => this.sdk.getCurrentUserOrganizations({ signal: s }),
      signal,
      {
        cacheKey: 'orgs',
        cacheTtlMs: 15 * 60_000,
      },
    );
    return validate(OrganizationsSchema, body, 'organization list').organizations;
  }

  /** Every project (of `orgId`, or what the key sees), following `pagination.cursor` until an empty page. */
  async listProjects(
    orgId: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ projects: ProjectListItem[]; unavailable: string[] }> {
    const projects: ProjectListItem[] = [];
    const unavailable: string[] = [];
    const seen = new Set<string>();
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const query = { limit: PROJECTS_PER_PAGE, ...(cursor ? { cursor } : {}), ...(orgId ? { org_id: orgId } : {}) };
      const body = await this.run('projects.list', (s) => this.sdk.listProjects(query, { signal: s }), signal);
      const page = validate(ProjectsPageSchema, body, 'project list');
      unavailable.push(...(page.unavailable_project_ids ?? []));
      const fresh = page.projects.filter((p) => !seen.has(p.id));
      for (const p of fresh) {
        seen.add(p.id);
        projects.push(p);
      }
      const next = page.pagination?.cursor;
      // The cursor is always present (required in the spec): only an empty page ends the list.
      if (page.projects.length === 0 || fresh.length === 0 || !next || cursors.has(next)) break;
      cursors.add(next);
      cursor = next;
    }
    return { projects, unavailable };
  }

  async getProject(projectId: string, signal?: AbortSignal): Promise<Project> {
    const body = await this.run('projects.get', (s) => this.sdk.getProject(projectId, { signal: s }), signal);
    return validate(ProjectSchema, body, 'project details').project;
  }

  /** Every branch, following `pagination.next` (absent on the last page). */
  async listBranches(projectId: string, signal?: AbortSignal): Promise<Branch[]> {
    const out: Branch[] = [];
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const params = { projectId, limit: BRANCHES_PER_PAGE, ...(cursor ? { cursor } : {}) };
      // Branches change rarely; a short cache keeps a poll at about one request per project.
      const body = await this.run('branches.list', (s) => this.sdk.listProjectBranches(params, { signal: s }), signal, {
        cacheKey: `${projectId}:${cursor ?? ''}`,
        cacheTtlMs: 3 * 60_000,
      });
      const page = validate(BranchesPageSchema, body, 'branch list');
      out.push(...page.branches);
      const next = page.pagination?.next;
      if (!next || page.branches.length === 0 || cursors.has(next)) break;
      cursors.add(next);
      cursor = next;
    }
    return out;
  }

  async listDatabases(projectId: string, branchId: string, signal?: AbortSignal): Promise<Database[]> {
    const body = await this.run(
      'databases.list',
      (s) => this.sdk.listProjectBranchDatabases(projectId, branchId, { signal: s }),
      signal,
      {
        // Databases change rarely; one listing per branch every 10 minutes is plenty.
        cacheKey: `${projectId}/${branchId}`,
        cacheTtlMs: 10 * 60_000,
      },
    );
    return validate(DatabasesSchema, body, 'database list').databases;
  }

  async listEndpoints(projectId: string, signal?: AbortSignal): Promise<Endpoint[]> {
    const body = await this.run(
      'endpoints.list',
      (s) => this.sdk.listProjectEndpoints(projectId, { signal: s }),
      signal,
    );
    return validate(EndpointsSchema, body, 'compute endpoint list').endpoints;
  }

  /** Hourly consumption history (v2) for up to 100 projects of one organization, all pages. */
  async consumption(q: ConsumptionQuery, signal?: AbortSignal): Promise<ConsumptionV2> {
    const merged: ConsumptionV2 = { projects: [] };
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const query = {
        org_id: q.orgId,
        project_ids: q.projectIds,
        from: q.from,
        to: q.to,
        granularity: sdk().ConsumptionHistoryGranularity.Hourly,
        metrics: [...q.metrics],
        limit: CONSUMPTION_PER_PAGE,
        ...(cursor ? { cursor } : {}),
      };
      const body = await this.run(
        'consumption.projects',
        (s) => this.sdk.getConsumptionHistoryPerProjectV2(query, { signal: s }),
        signal,
      );
      const page = validate(ConsumptionV2Schema, body, 'consumption history');
      merged.projects.push(...page.projects);
      const next = page.pagination?.cursor;
      // Neon always sends a cursor (the last project id), so a short page is the end: following it
      // would spend one more request of the ~30/min consumption budget on an empty page every poll.
      if (page.projects.length < CONSUMPTION_PER_PAGE || !next || cursors.has(next)) break;
      cursors.add(next);
      cursor = next;
    }
    return merged;
  }
}
