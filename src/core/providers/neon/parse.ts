/**
 * Neon API v2 payloads → cloudtop model. Pure and zod-validated against the fields we rely on
 * (neon-api-v2-openapi.yaml, docs/providers/neon.md); a violation becomes `bad_response`
 * naming the field. Unknown extra fields are tolerated: Neon adds fields often.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { validatePayload } from '../kit/payload';
import {
  CloudtopError,
  type ErrorInfo,
  type MetricSeries,
  type Resource,
  type ResourceState,
} from '../../../shared/model';
import { PROVIDER } from './descriptor';

export { PROVIDER };

const CONSOLE = 'https://console.neon.tech';

/** Parses `data` or throws `bad_response` naming the first offending field (the kit's one wording). */
export function validate<T>(schema: z.ZodType<T>, data: unknown, where: string): T {
  return validatePayload(schema, data, { provider: PROVIDER, displayName: 'Neon', what: where });
}

// ---------------------------------------------------------------------------------------------
// Schemas (only what we use is required)

const id = lazySchema(() => z.string().min(1));
const int = lazySchema(() => z.number());

export const AuthDetailsSchema = lazySchema(() => z.looseObject({ account_id: z.string(), auth_method: z.string() }));
export type AuthDetails = z.infer<typeof AuthDetailsSchema>;

export const OrganizationsSchema = lazySchema(() =>
  z.looseObject({
    organizations: z.array(z.looseObject({ id, name: z.string(), plan: z.string().optional() })),
  }),
);
export type Organization = z.infer<typeof OrganizationsSchema>['organizations'][number];

export const ProjectListItemSchema = lazySchema(() =>
  z.looseObject({
    id,
    name: z.string(),
    region_id: z.string(),
    platform_id: z.string().optional(),
    pg_version: int,
    created_at: z.string(),
    updated_at: z.string().optional(),
    org_id: z.string().optional(),
    synthetic_storage_size: int.optional(),
    compute_last_active_at: z.string().optional(),
    provisioner: z.string().optional(),
  }),
);
export type ProjectListItem = z.infer<typeof ProjectListItemSchema>;

export const ProjectsPageSchema = lazySchema(() =>
  z.looseObject({
    projects: z.array(ProjectListItemSchema),
    unavailable_project_ids: z.array(z.string()).optional(),
    // Required by the spec, but we never trust it alone to end the list.
    pagination: z.looseObject({ cursor: z.string().optional() }).optional(),
  }),
);
export type ProjectsPage = z.infer<typeof ProjectsPageSchema>;

export const ProjectSchema = lazySchema(() =>
  z.looseObject({
    project: z.looseObject({
      id,
      active_time_seconds: int,
      compute_time_seconds: int,
      written_data_bytes: int,
      data_transfer_bytes: int,
      data_storage_bytes_hour: int,
      synthetic_storage_size: int.optional(),
      consumption_period_start: z.string(),
      consumption_period_end: z.string(),
      org_id: z.string().optional(),
      owner: z.looseObject({ subscription_type: z.string().optional() }).optional(),
    }),
  }),
);
export type Project = z.infer<typeof ProjectSchema>['project'];

export const BranchSchema = lazySchema(() =>
  z.looseObject({
    id,
    project_id: id,
    parent_id: z.string().optional(),
    name: z.string(),
    current_state: z.string(),
    pending_state: z.string().optional(),
    default: z.boolean(),
    protected: z.boolean(),
    logical_size: int.optional(),
    created_at: z.string(),
    updated_at: z.string(),
    active_time_seconds: int,
    compute_time_seconds: int,
    written_data_bytes: int,
    data_transfer_bytes: int,
  }),
);
export type Branch = z.infer<typeof BranchSchema>;

export const BranchesPageSchema = lazySchema(() =>
  z.looseObject({
    branches: z.array(BranchSchema),
    pagination: z.looseObject({ next: z.string().optional() }).optional(),
  }),
);

export const DatabasesSchema = lazySchema(() =>
  z.looseObject({
    databases: z.array(
      z.looseObject({ id: int, branch_id: id, name: z.string(), owner_name: z.string(), created_at: z.string() }),
    ),
  }),
);
export type Database = z.infer<typeof DatabasesSchema>['databases'][number];

export const EndpointSchema = lazySchema(() =>
  z.looseObject({
    id,
    project_id: id,
    branch_id: id,
    region_id: z.string(),
    type: z.string(),
    current_state: z.string(),
    pending_state: z.string().optional(),
    autoscaling_limit_min_cu: z.number(),
    autoscaling_limit_max_cu: z.number(),
    suspend_timeout_seconds: int,
    disabled: z.boolean(),
    name: z.string().optional(),
    provisioner: z.string().optional(),
    last_active: z.string().optional(),
    suspended_at: z.string().optional(),
    started_at: z.string().optional(),
  }),
);
export type Endpoint = z.infer<typeof EndpointSchema>;
export const EndpointsSchema = lazySchema(() => z.looseObject({ endpoints: z.array(EndpointSchema) }));

export const ConsumptionV2Schema = lazySchema(() =>
  z.looseObject({
    projects: z.array(
      z.looseObject({
        project_id: id,
        periods: z.array(
          z.looseObject({
            period_plan: z.string().optional(),
            consumption: z.array(
              z.looseObject({
                timeframe_start: z.string(),
                timeframe_end: z.string().optional(),
                metrics: z.array(z.looseObject({ metric_name: z.string(), value: z.number() })).default([]),
              }),
            ),
          }),
        ),
      }),
    ),
    pagination: z.looseObject({ cursor: z.string().optional() }).optional(),
  }),
);
export type ConsumptionV2 = z.infer<typeof ConsumptionV2Schema>;

// ---------------------------------------------------------------------------------------------
// Resources

const iso = (ms: number): string => new Date(ms).toISOString();
export const projectResourceId = (p: string): string => `neon:project:${p}`;
export const branchResourceId = (p: string, b: string): string => `neon:branch:${p}/${b}`;
export const databaseResourceId = (p: string, b: string, name: string): string => `neon:database:${p}/${b}/${name}`;
export const endpointResourceId = (p: string, e: string): string => `neon:endpoint:${p}/${e}`;

const projectUrl = (p: string): string => `${CONSOLE}/app/projects/${encodeURIComponent(p)}`;
const branchUrl = (p: string, b: string): string => `${projectUrl(p)}/branches/${encodeURIComponent(b)}`;

export function endpointState(current: string): ResourceState {
  switch (current) {
    case 'active':
      return 'running';
    case 'idle':
      return 'idle';
    case 'init':
      return 'starting';
    default:
      return 'unknown';
  }
}

export function branchState(current: string): ResourceState {
  switch (current) {
    case 'ready':
      return 'running';
    case 'init':
    case 'resetting':
      return 'starting';
    case 'archived':
      return 'stopped';
    default:
      return 'unknown';
  }
}

/** Seconds of inactivity before a compute suspends: 0 means Neon's default (300), -1 never. */
export function effectiveSuspendTimeout(s: number): number | 'never' {
  if (s < 0) return 'never';
  return s === 0 ? 300 : s;
}

/** A project is as awake as its most awake compute. */
export function projectState(endpoints: readonly Endpoint[]): { state: ResourceState; raw: string } {
  if (endpoints.some((e) => e.current_state === 'active')) return { state: 'running', raw: 'active' };
  if (endpoints.some((e) => e.current_state === 'init')) return { state: 'starting', raw: 'init' };
  return { state: 'idle', raw: endpoints.length > 0 ? 'idle' : 'no computes' };
}

const point = (name: string, label: string, unit: string, t: number, v: number | undefined): MetricSeries[] =>
  v === undefined || !Number.isFinite(v) ? [] : [{ name, label, unit, points: [[t, v]] }];

export function projectResource(
  p: ProjectListItem,
  endpoints: readonly Endpoint[],
  branchCount: number,
  profile: string,
  nowMs: number,
): Resource {
  const st = projectState(endpoints);
  return {
    id: projectResourceId(p.id),
    provider: PROVIDER,
    account: profile,
    kind: 'project',
    name: p.name,
    region: p.region_id,
    state: st.state,
    stateRaw: st.raw,
    meta: {
      projectId: p.id,
      pgVersion: p.pg_version,
      orgId: p.org_id ?? null,
      computes: endpoints.length,
      activeComputes: endpoints.filter((e) => e.current_state === 'active').length,
      branches: branchCount,
      lastActive: p.compute_last_active_at ?? null,
    },
    // Metrics come from fetchMetrics only: the collector keeps a resource's metrics across resource
    // polls only when the fresh resource carries none.
    metrics: [],
    issues: [],
    fetchedAt: iso(nowMs),
    consoleUrl: projectUrl(p.id),
  };
}

export function branchMetrics(b: Branch, nowMs: number): MetricSeries[] {
  return [
    ...point('logical_size_bytes', 'Logical size', 'bytes', nowMs, b.logical_size),
    ...point('compute_time_seconds', 'Compute time (billing period)', 'seconds', nowMs, b.compute_time_seconds),
    ...point('active_time_seconds', 'Active time (billing period)', 'seconds', nowMs, b.active_time_seconds),
  ];
}

export function branchResource(p: ProjectListItem, b: Branch, profile: string, nowMs: number): Resource {
  return {
    id: branchResourceId(p.id, b.id),
    provider: PROVIDER,
    account: profile,
    kind: 'branch',
    name: b.name,
    region: p.region_id,
    state: branchState(b.current_state),
    stateRaw: b.current_state,
    parentId: projectResourceId(p.id),
    meta: {
      projectId: p.id,
      branchId: b.id,
      default: b.default,
      protected: b.protected,
      parent: b.parent_id ?? null,
      updatedAt: b.updated_at,
    },
    metrics: [],
    issues: [],
    fetchedAt: iso(nowMs),
    consoleUrl: branchUrl(p.id, b.id),
  };
}

export function databaseResource(p: ProjectListItem, b: Branch, d: Database, profile: string, nowMs: number): Resource {
  return {
    id: databaseResourceId(p.id, b.id, d.name),
    provider: PROVIDER,
    account: profile,
    kind: 'database',
    name: d.name,
    region: p.region_id,
    state: branchState(b.current_state),
    stateRaw: b.current_state,
    parentId: branchResourceId(p.id, b.id),
    meta: { projectId: p.id, branchId: b.id, branch: b.name, owner: d.owner_name },
    metrics: [],
    issues: [],
    fetchedAt: iso(nowMs),
    consoleUrl: `${branchUrl(p.id, b.id)}/tables`,
  };
}

export function endpointResource(
  p: ProjectListItem,
  e: Endpoint,
  branchName: string | undefined,
  profile: string,
  nowMs: number,
): Resource {
  const suspend = effectiveSuspendTimeout(e.suspend_timeout_seconds);
  return {
    id: endpointResourceId(p.id, e.id),
    provider: PROVIDER,
    account: profile,
    kind: 'compute-endpoint',
    name: e.name ?? e.id,
    region: e.region_id,
    state: endpointState(e.current_state),
    stateRaw: e.pending_state ? `${e.current_state} → ${e.pending_state}` : e.current_state,
    parentId: branchResourceId(p.id, e.branch_id),
    meta: {
      projectId: p.id,
      endpointId: e.id,
      branch: branchName ?? e.branch_id,
      type: e.type,
      minCu: e.autoscaling_limit_min_cu,
      maxCu: e.autoscaling_limit_max_cu,
      autoscaling:
        e.autoscaling_limit_min_cu === e.autoscaling_limit_max_cu
          ? `${e.autoscaling_limit_min_cu} CU`
          : `${e.autoscaling_limit_min_cu}–${e.autoscaling_limit_max_cu} CU`,
      suspendTimeoutSeconds: suspend === 'never' ? null : suspend,
      suspendTimeout: suspend === 'never' ? 'never' : `${suspend} s`,
      disabled: e.disabled,
      lastActive: e.last_active ?? null,
      suspendedAt: e.suspended_at ?? null,
    },
    metrics: [],
    issues: [],
    fetchedAt: iso(nowMs),
    consoleUrl: branchUrl(p.id, e.branch_id),
  };
}

/** Billing-period usage counters of getProject (they reset each period and lag a little). */
export function projectUsageSeries(p: Project, nowMs: number): MetricSeries[] {
  return [
    ...point('active_time_seconds', 'Active time (billing period)', 'seconds', nowMs, p.active_time_seconds),
    ...point('compute_time_seconds', 'Compute time (billing period)', 'seconds', nowMs, p.compute_time_seconds),
    ...point('written_data_bytes', 'Written data (billing period)', 'bytes', nowMs, p.written_data_bytes),
    ...point('data_transfer_bytes', 'Data transfer (billing period)', 'bytes', nowMs, p.data_transfer_bytes),
    ...point('data_storage_byte_hours', 'Storage (billing period)', 'byte-hours', nowMs, p.data_storage_bytes_hour),
    ...point('storage_bytes', 'Storage', 'bytes', nowMs, p.synthetic_storage_size),
  ];
}

export const CONSUMPTION_METRICS = ['compute_unit_seconds', 'public_network_transfer_bytes'] as const;
const CONSUMPTION_SERIES: Record<string, { name: string; label: string; unit: string }> = {
  compute_unit_seconds: { name: 'compute_unit_seconds', label: 'Compute (CU-seconds per hour)', unit: 'cu-seconds' },
  // A per-hour amount expressed as a rate, so resampling to a coarser step averages correctly.
  public_network_transfer_bytes: { name: 'network_transfer', label: 'Network transfer', unit: 'bytes/h' },
};

/** Hourly consumption history (v2) → series per project id. */
export function consumptionSeries(body: ConsumptionV2, stepMs: number): Map<string, MetricSeries[]> {
  const out = new Map<string, MetricSeries[]>();
  for (const proj of body.projects) {
    const byName = new Map<string, MetricSeries>();
    for (const period of proj.periods) {
      for (const frame of period.consumption) {
        const t = Date.parse(frame.timeframe_start);
        if (Number.isNaN(t))
          throw new CloudtopError('bad_response', 'Neon consumption history: invalid timeframe_start', {
            provider: PROVIDER,
          });
        for (const m of frame.metrics) {
          const def = CONSUMPTION_SERIES[m.metric_name];
          if (!def) continue;
          let s = byName.get(def.name);
          if (!s) byName.set(def.name, (s = { ...def, stepMs, points: [] }));
          s.points.push([t, m.value]);
        }
      }
    }
    for (const s of byName.values()) s.points.sort((a, b) => a[0] - b[0]);
    const prev = out.get(proj.project_id) ?? [];
    out.set(proj.project_id, [...prev, ...byName.values()]);
  }
  return out;
}

export function consumptionIssue(e: CloudtopError): ErrorInfo {
  if (e.code === 'forbidden') {
    return {
      code: 'forbidden',
      message: 'Consumption history: not available on this plan',
      retryable: false,
      provider: PROVIDER,
      hint: 'Neon offers per-hour consumption history on the Launch, Scale, Business and Enterprise plans; the billing-period counters are still shown.',
      status: e.status,
    };
  }
  return { ...e.toInfo(), message: `Consumption history: ${e.message}` };
}
