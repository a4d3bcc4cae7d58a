/**
 * Neon simulator: the management API v2 under `/api/v2` on loopback, in the shapes of the official
 * OpenAPI (neon-api-v2-openapi.yaml) and docs/providers/neon.md:
 *
 * - Bearer API keys: organization keys, and personal keys that see personal projects plus, with
 *   `org_id`, their organizations' (`/users/me/organizations`); `/auth` tells which;
 * - `/projects` newest first with cursor paging: `pagination.cursor` is always present and the list
 *   ends with an empty `projects` page; `/branches` pages with `pagination.next`, absent on the
 *   last page; databases and compute endpoints (`current_state` active/idle/init, autoscaling limits,
 *   suspend timeout);
 * - `/consumption_history/v2/projects` with its required parameters, the hourly 168-hour range
 *   (406 beyond) and the plan gate: a Free-plan organization gets the spec's 403;
 * - errors as `GeneralError {code, message, request_id}`; 429 past 700 requests/min per key (30/min
 *   for consumption), with or without `Retry-After` (undocumented, so both are exercised).
 *
 * Compute hosts (`ep-….aws.neon.tech`) are only named, never served: reading state and usage must
 * not touch them. `scenario.wakes` counts anything that would have woken a compute.
 */
import { bearer, seededRandom, startHttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import {
  accrue,
  hostOf,
  isoAt,
  makeProject,
  neonName,
  type NeonPlan,
  type NeonSimEndpoint,
  type NeonSimKey,
  type NeonSimOrg,
  type NeonSimProject,
} from './data';

export type { NeonPlan, NeonSimEndpoint, NeonSimKey, NeonSimOrg, NeonSimProject } from './data';

const NEON_SCENARIOS = ['default', 'many-projects', 'free-plan', 'personal-key', 'empty'] as const;
type NeonScenarioName = (typeof NEON_SCENARIOS)[number];
export const API_PREFIX = '/api/v2';

interface NeonScenario {
  readonly orgs: NeonSimOrg[];
  readonly projects: NeonSimProject[];
  readonly keys: Map<string, NeonSimKey>;
  /** General budget per key (Neon: 700/min) and the consumption budget per org (about 30/min). */
  rateLimit: { perMinute: number; consumptionPerMinute: number; retryAfterSeconds: number | undefined };
  now: () => number;
  addOrg(plan?: NeonPlan, name?: string): NeonSimOrg;
  addProjects(count: number, orgId?: string, opts?: { branches?: number }): NeonSimProject[];
  addKey(spec: { auth_method: NeonSimKey['auth_method']; orgId?: string; memberOf?: string[] }): NeonSimKey;
  /** Sets a compute's state (a suspend or a resume as Neon would do it). */
  setEndpointState(endpointId: string, state: NeonSimEndpoint['current_state']): void;
  /** The next `count` matching requests get 429, with `Retry-After` when `retryAfterSeconds` is given. */
  tooManyRequests(count?: number, opts?: { retryAfterSeconds?: number; pathIncludes?: string }): void;
  /** The next matching request gets HTTP 200 with a truncated JSON body. */
  malformedNext(pathIncludes?: string): void;
  /** Requests that would have woken a compute (start calls). Must stay 0 for a monitoring client. */
  readonly wakes: number;
  /** Every compute host name the simulator has handed out. */
  computeHosts(): string[];
}

export interface NeonRunningSim extends RunningSim {
  scenario: NeonScenario;
  keys: { org: string; personal: string; freeOrg: string };
}

const JSON_CT = { 'content-type': 'application/json' };

function noise(seed: number, key: string, t: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ Math.floor(t / 1000), 0x01000193);
  return seededRandom(h)();
}

function makeKey(rand: () => number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'napi_';
  for (let i = 0; i < 64; i++) s += chars[Math.floor(rand() * chars.length)];
  return s;
}

export async function startNeonSim(opts: SimStartOptions & { now?: () => number } = {}): Promise<NeonRunningSim> {
  const scenarioName = (opts.scenario ?? 'default') as NeonScenarioName;
  if (!NEON_SCENARIOS.includes(scenarioName))
    throw new Error(`unknown neon scenario ${scenarioName} (have: ${NEON_SCENARIOS.join(', ')})`);
  const seed = opts.seed ?? 17;
  const rand = seededRandom(seed);
  const orgs: NeonSimOrg[] = [];
  const projects: NeonSimProject[] = [];
  const keys = new Map<string, NeonSimKey>();
  const hits = new Map<string, number[]>();
  let wakes = 0;
  let requestSeq = 0;
  let lastTick: number | undefined;
  // Projects are created one apart, newest last, so creation order is unambiguous.
  let createdAt = Date.UTC(2025, 0, 6, 9, 0, 0);

  const scenario: NeonScenario = {
    orgs,
    projects,
    keys,
    rateLimit: { perMinute: 700, consumptionPerMinute: 30, retryAfterSeconds: undefined },
    now: opts.now ?? (() => Date.now()),
    addOrg(plan = 'launch', name) {
      const id = `org-${neonName(rand)}`;
      const o: NeonSimOrg = {
        id,
        name: name ?? `${id.split('-')[1]} team`,
        handle: id.slice(4),
        plan,
        created_at: isoAt(createdAt),
      };
      orgs.push(o);
      return o;
    },
    addProjects(count, orgId, o = {}) {
      const made: NeonSimProject[] = [];
      for (let i = 0; i < count; i++) {
        createdAt += 3_600_000 + Math.floor(rand() * 60_000);
        made.push(makeProject(rand, createdAt, orgId, o));
      }
      projects.push(...made);
      return made;
    },
    addKey(spec) {
      const k: NeonSimKey = {
        value: makeKey(rand),
        auth_method: spec.auth_method,
        orgId: spec.orgId,
        memberOf: spec.memberOf ?? (spec.orgId ? [spec.orgId] : []),
      };
      keys.set(k.value, k);
      return k;
    },
    setEndpointState(endpointId, state) {
      for (const p of projects) {
        const e = p.endpoints.find((x) => x.id === endpointId);
        if (!e) continue;
        const at = isoAt(scenario.now());
        if (state === 'idle' && e.current_state !== 'idle') e.suspended_at = at;
        if (state === 'active' && e.current_state !== 'active') e.started_at = at;
        if (e.current_state === 'active') e.last_active = at;
        e.current_state = state;
        e.updated_at = at;
        return;
      }
      throw new Error(`no simulated Neon endpoint ${endpointId}`);
    },
    tooManyRequests(count = 1, o = {}) {
      http.control.failNext(
        {
          status: 429,
          pathIncludes: o.pathIncludes,
          headers: {
            ...JSON_CT,
            ...(o.retryAfterSeconds !== undefined ? { 'retry-after': String(o.retryAfterSeconds) } : {}),
          },
          body: { code: '', message: 'rate limit exceeded' },
        },
        count,
      );
    },
    malformedNext(pathIncludes) {
      http.control.failNext({ status: 200, pathIncludes, headers: JSON_CT, body: '{"projects":[{"id":"half' });
    },
    get wakes() {
      return wakes;
    },
    computeHosts: () => projects.flatMap((p) => p.endpoints.map((e) => hostOf(p, e))),
  };

  // --- scenario data
  const demo = opts.demo === true;
  const main = scenario.addOrg(scenarioName === 'free-plan' ? 'free' : 'launch', 'Acme');
  const free = scenarioName === 'free-plan' ? main : scenario.addOrg('free', 'Hobby');
  if (scenarioName === 'many-projects') scenario.addProjects(230, main.id, { branches: 1 });
  else if (scenarioName !== 'empty') {
    const ps = scenario.addProjects(demo ? 8 : 3, main.id, { branches: 3 });
    // Always one awake and one asleep compute, so both states are visible.
    ps[0]!.endpoints[0]!.current_state = 'active';
    if (ps[1]) for (const e of ps[1].endpoints) e.current_state = 'idle';
    if (free !== main) scenario.addProjects(1, free.id, { branches: 1 });
  }
  const orgKey = scenario.addKey({ auth_method: 'api_key_org', orgId: main.id });
  const personal = scenario.addKey({ auth_method: 'api_key_user', memberOf: [main.id, free.id] });
  const freeKey = scenario.addKey({ auth_method: 'api_key_org', orgId: free.id });
  if (scenarioName === 'personal-key') scenario.addProjects(1, undefined, { branches: 1 });
  const credentialKey = scenarioName === 'personal-key' ? personal : orgKey;

  // --- helpers
  const error = (status: number, message: string, headers: Record<string, string> = {}): SimResponse => ({
    status,
    headers: { ...JSON_CT, ...headers },
    body: { code: '', message, request_id: `req-${(++requestSeq).toString(16).padStart(8, '0')}` },
  });
  const ok = (body: unknown): SimResponse => ({ status: 200, headers: JSON_CT, body });

  function limited(key: string, perMinute: number): boolean {
    const now = scenario.now();
    const list = (hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (list.length >= perMinute) {
      hits.set(key, list);
      return true;
    }
    list.push(now);
    hits.set(key, list);
    return false;
  }
  const tooMany = (): SimResponse =>
    error(
      429,
      'rate limit exceeded',
      scenario.rateLimit.retryAfterSeconds !== undefined
        ? { 'retry-after': String(scenario.rateLimit.retryAfterSeconds) }
        : {},
    );

  /** Projects a key may see; `orgId` narrows to one organization the key may act for. */
  function visible(k: NeonSimKey, orgId: string | null): NeonSimProject[] | undefined {
    if (k.auth_method === 'api_key_org') {
      if (orgId && orgId !== k.orgId) return undefined;
      return projects.filter((p) => p.org_id === k.orgId);
    }
    if (orgId) return k.memberOf.includes(orgId) ? projects.filter((p) => p.org_id === orgId) : undefined;
    return projects.filter((p) => p.org_id === undefined);
  }
  const canSee = (k: NeonSimKey, p: NeonSimProject): boolean =>
    k.auth_method === 'api_key_org' ? p.org_id === k.orgId : p.org_id === undefined || k.memberOf.includes(p.org_id);

  const listItem = (p: NeonSimProject): Record<string, unknown> => ({
    id: p.id,
    platform_id: p.region_id.startsWith('azure') ? 'azure' : 'aws',
    region_id: p.region_id,
    name: p.name,
    provisioner: 'k8s-neonvm',
    default_endpoint_settings: {
      autoscaling_limit_min_cu: 0.25,
      autoscaling_limit_max_cu: 2,
      suspend_timeout_seconds: 0,
    },
    settings: { allowed_ips: { ips: [], protected_branches_only: false }, enable_logical_replication: false },
    pg_version: p.pg_version,
    proxy_host: `${p.region_id.replace(/^aws-|^azure-/, '')}.aws.neon.tech`,
    branch_logical_size_limit: 0,
    branch_logical_size_limit_bytes: 10_737_418_240,
    store_passwords: true,
    active_time: p.active_time_seconds,
    cpu_used_sec: p.compute_time_seconds,
    creation_source: 'console',
    created_at: p.created_at,
    updated_at: p.updated_at,
    synthetic_storage_size: p.synthetic_storage_size,
    owner_id: p.owner_id,
    ...(p.org_id ? { org_id: p.org_id } : {}),
    ...(p.endpoints.some((e) => e.last_active)
      ? {
          compute_last_active_at: p.endpoints
            .map((e) => e.last_active ?? '')
            .sort()
            .pop(),
        }
      : {}),
    history_retention_seconds: 86_400,
  });

  const endpointBody = (p: NeonSimProject, e: NeonSimEndpoint): Record<string, unknown> => ({
    host: hostOf(p, e),
    id: e.id,
    ...(e.name ? { name: e.name } : {}),
    project_id: p.id,
    branch_id: e.branch_id,
    autoscaling_limit_min_cu: e.min_cu,
    autoscaling_limit_max_cu: e.max_cu,
    region_id: p.region_id,
    type: e.type,
    current_state: e.current_state,
    settings: { pg_settings: {} },
    pooler_enabled: false,
    pooler_mode: 'transaction',
    disabled: e.disabled,
    passwordless_access: true,
    ...(e.last_active ? { last_active: e.last_active } : {}),
    creation_source: 'console',
    created_at: e.created_at,
    updated_at: e.updated_at,
    ...(e.started_at ? { started_at: e.started_at } : {}),
    ...(e.suspended_at ? { suspended_at: e.suspended_at } : {}),
    proxy_host: `${p.region_id.replace(/^aws-|^azure-/, '')}.aws.neon.tech`,
    suspend_timeout_seconds: e.suspend_timeout_seconds,
    provisioner: 'k8s-neonvm',
  });

  const encodeNext = (offset: number): string => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
  const decodeNext = (s: string): number | undefined => {
    try {
      const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { o?: unknown };
      return typeof v.o === 'number' && v.o >= 0 ? v.o : undefined;
    } catch {
      return undefined;
    }
  };

  function consumption(req: SimRequest, k: NeonSimKey): SimResponse {
    const q = req.query;
    const orgId = q.get('org_id');
    const metricsRaw = q
      .getAll('metrics')
      .flatMap((m) => m.split(','))
      .filter(Boolean);
    const from = Date.parse(q.get('from') ?? '');
    const to = Date.parse(q.get('to') ?? '');
    const granularity = q.get('granularity');
    if (!orgId) return error(400, 'org_id is required');
    if (metricsRaw.length === 0) return error(400, 'metrics is required');
    if (Number.isNaN(from) || Number.isNaN(to)) return error(400, 'from and to must be date-time values');
    if (!granularity || !['hourly', 'daily', 'monthly'].includes(granularity))
      return error(400, 'granularity must be one of hourly, daily, monthly');
    const org = orgs.find((o) => o.id === orgId);
    if (!org || (k.auth_method === 'api_key_org' ? k.orgId !== orgId : !k.memberOf.includes(orgId)))
      return error(404, 'organization not found');
    if (org.plan === 'free') {
      return error(
        403,
        'Not available for this account. Project consumption history requires a Launch, Scale, Agent, Business, or Enterprise plan.',
      );
    }
    if (limited(`consumption:${orgId}`, scenario.rateLimit.consumptionPerMinute)) return tooMany();
    const now = scenario.now();
    const step = granularity === 'hourly' ? 3_600_000 : granularity === 'daily' ? 86_400_000 : 30 * 86_400_000;
    const maxRange =
      granularity === 'hourly' ? 168 * 3_600_000 : granularity === 'daily' ? 60 * 86_400_000 : 366 * 86_400_000;
    if (now - from > maxRange)
      return error(406, `the requested range is not available with ${granularity} granularity`);
    const limit = Math.min(100, Math.max(1, Number(q.get('limit') ?? 10) || 10));
    const wanted = q
      .getAll('project_ids')
      .flatMap((x) => x.split(','))
      .filter(Boolean);
    const inOrg = projects
      .filter((p) => p.org_id === orgId && (wanted.length === 0 || wanted.includes(p.id)))
      .sort((a, b) => a.id.localeCompare(b.id));
    const cursor = q.get('cursor');
    const start = cursor ? inOrg.findIndex((p) => p.id > cursor) : 0;
    const page = start < 0 ? [] : inOrg.slice(start, start + limit);
    const monthStart = new Date(now);
    const periodStart = Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth(), 1);
    const t0 = Math.floor(from / step) * step;
    return ok({
      projects: page.map((p) => ({
        project_id: p.id,
        periods: [
          {
            period_id: `79ec829f-1828-4006-ac82-${p.id
              .replace(/[^0-9]/g, '')
              .padStart(12, '0')
              .slice(-12)}`,
            period_plan: org.plan,
            period_start: isoAt(periodStart),
            consumption: Array.from({ length: Math.max(0, Math.ceil((Math.min(to, now) - t0) / step)) }, (_, i) => {
              const t = t0 + i * step;
              const busy = p.endpoints.reduce(
                (a, e) => a + e.cu * (step / 1000) * (noise(seed, e.id, t) < 0.35 ? noise(seed, `${e.id}:f`, t) : 0),
                0,
              );
              const values: Record<string, number> = {
                compute_unit_seconds: Math.round(busy),
                public_network_transfer_bytes: Math.round(busy * 900),
                private_network_transfer_bytes: 0,
                root_branch_bytes_month: Math.round(p.synthetic_storage_size * (step / (30 * 86_400_000))),
                child_branch_bytes_month: 0,
                instant_restore_bytes_month: 0,
                extra_branches_month: 0,
                snapshot_storage_bytes_month: 0,
              };
              return {
                timeframe_start: isoAt(t),
                timeframe_end: isoAt(t + step),
                metrics: metricsRaw.filter((m) => m in values).map((m) => ({ metric_name: m, value: values[m]! })),
              };
            }),
          },
        ],
      })),
      pagination: { cursor: page.length > 0 ? page[page.length - 1]!.id : (cursor ?? inOrg[0]?.id ?? 'end') },
    });
  }

  function router(req: SimRequest): SimResponse {
    if (!req.path.startsWith(`${API_PREFIX}/`)) return error(404, 'not found');
    const path = req.path.slice(API_PREFIX.length);
    const token = bearer(req);
    const k = token ? keys.get(token) : undefined;
    if (!k) return error(401, 'authentication required');
    if (limited(`key:${k.value}`, scenario.rateLimit.perMinute)) return tooMany();

    let m: RegExpExecArray | null;
    if (req.method === 'POST' && (m = /^\/projects\/([^/]+)\/endpoints\/([^/]+)\/start$/.exec(path))) {
      wakes++;
      scenario.setEndpointState(m[2]!, 'active');
      return ok({ endpoint: {}, operations: [] });
    }
    if (req.method !== 'GET') return error(405, 'method not allowed');

    if (path === '/auth')
      return ok({
        account_id: k.auth_method === 'api_key_org' ? k.orgId! : '629982cc-de05-43db-ae16-28f2399c4910',
        auth_method: k.auth_method,
      });
    if (path === '/users/me/organizations') {
      // Org keys get their own organization (docs/providers/neon.md).
      return ok({
        organizations: orgs
          .filter((o) => k.memberOf.includes(o.id))
          .map((o) => ({
            id: o.id,
            name: o.name,
            handle: o.handle,
            plan: o.plan,
            created_at: o.created_at,
            updated_at: o.created_at,
            managed_by: 'console',
          })),
      });
    }
    if (path === '/projects') {
      const limitRaw = Number(req.query.get('limit') ?? 10);
      if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 400)
        return error(400, 'limit must be between 1 and 400');
      const list = visible(k, req.query.get('org_id'));
      if (!list) return error(403, 'you do not have access to this organization');
      const newestFirst = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
      const cursor = req.query.get('cursor');
      const rest = cursor ? newestFirst.filter((p) => p.created_at < cursor) : newestFirst;
      const page = rest.slice(0, limitRaw);
      return ok({
        projects: page.map(listItem),
        pagination: { cursor: page.length > 0 ? page[page.length - 1]!.created_at : (cursor ?? isoAt(scenario.now())) },
        applications: {},
        integrations: {},
      });
    }
    if (path === '/consumption_history/v2/projects') return consumption(req, k);

    if ((m = /^\/projects\/([^/]+)(\/.*)?$/.exec(path))) {
      const p = projects.find((x) => x.id === m![1]);
      if (!p || !canSee(k, p)) return error(404, `project ${m[1]} not found`);
      const rest = m[2] ?? '';
      const org = orgs.find((o) => o.id === p.org_id);
      if (rest === '') {
        const period = new Date(scenario.now());
        const start = Date.UTC(period.getUTCFullYear(), period.getUTCMonth(), 1);
        const end = Date.UTC(period.getUTCFullYear(), period.getUTCMonth() + 1, 1);
        const { active_time: _a, ...item } = listItem(p);
        return ok({
          project: {
            ...item,
            active_time_seconds: p.active_time_seconds,
            compute_time_seconds: p.compute_time_seconds,
            written_data_bytes: p.written_data_bytes,
            data_transfer_bytes: p.data_transfer_bytes,
            data_storage_bytes_hour: p.data_storage_bytes_hour,
            cpu_used_sec: p.compute_time_seconds,
            consumption_period_start: isoAt(start),
            consumption_period_end: isoAt(end),
            owner: {
              email: 'owner@example.com',
              name: 'Sim Owner',
              branches_limit: 10,
              subscription_type: org?.plan === 'free' ? 'free_v3' : 'launch_v3',
            },
          },
        });
      }
      if (rest === '/branches') {
        const limitRaw = Number(req.query.get('limit') ?? 10_000);
        if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 10_000)
          return error(400, 'limit must be between 1 and 10000');
        const sortBy = req.query.get('sort_by') ?? 'updated_at';
        const sortOrder = req.query.get('sort_order') ?? 'desc';
        const cursor = req.query.get('cursor');
        const offset = cursor ? decodeNext(cursor) : 0;
        if (offset === undefined) return error(400, 'invalid cursor');
        const page = p.branches.slice(offset, offset + limitRaw);
        const more = offset + limitRaw < p.branches.length;
        return ok({
          branches: page.map((b) => ({
            id: b.id,
            project_id: p.id,
            ...(b.parent_id ? { parent_id: b.parent_id, parent_lsn: '0/1DE2850' } : {}),
            name: b.name,
            current_state: b.current_state,
            state_changed_at: b.state_changed_at,
            logical_size: b.logical_size,
            creation_source: 'console',
            primary: b.default,
            default: b.default,
            protected: b.protected,
            cpu_used_sec: b.compute_time_seconds,
            compute_time_seconds: b.compute_time_seconds,
            active_time_seconds: b.active_time_seconds,
            written_data_bytes: b.written_data_bytes,
            data_transfer_bytes: b.data_transfer_bytes,
            created_at: b.created_at,
            updated_at: b.updated_at,
            init_source: 'parent-data',
          })),
          annotations: {},
          pagination: {
            ...(more ? { next: encodeNext(offset + limitRaw) } : {}),
            sort_by: sortBy,
            sort_order: sortOrder,
          },
        });
      }
      if ((m = /^\/branches\/([^/]+)\/databases$/.exec(rest))) {
        const b = p.branches.find((x) => x.id === m![1]);
        if (!b) return error(404, `branch ${m[1]} not found`);
        return ok({ databases: b.databases.map((d) => ({ ...d, branch_id: b.id })) });
      }
      if (rest === '/endpoints') return ok({ endpoints: p.endpoints.map((e) => endpointBody(p, e)) });
    }
    return error(404, 'not found');
  }

  const http = await startHttpSim(router, { port: opts.port });

  return {
    id: 'neon',
    baseUrl: `${http.url}${API_PREFIX}`,
    credentials: { apiKey: credentialKey.value },
    http,
    scenario,
    keys: { org: orgKey.value, personal: personal.value, freeOrg: freeKey.value },
    tick() {
      // Active computes accrue usage; some go to sleep after their timeout, some wake on traffic.
      const now = scenario.now();
      const elapsed = lastTick === undefined ? 60 : Math.max(1, Math.min(3600, Math.round((now - lastTick) / 1000)));
      lastTick = now;
      for (const p of projects) {
        accrue(p, elapsed);
        for (const e of p.endpoints) {
          if (e.current_state === 'active') {
            e.cu = Math.min(e.max_cu, Math.max(e.min_cu, e.cu * (rand() < 0.5 ? 2 : 0.5)));
            if (e.suspend_timeout_seconds !== -1 && rand() < 0.15) scenario.setEndpointState(e.id, 'idle');
          } else if (e.current_state === 'idle' && rand() < 0.1) {
            scenario.setEndpointState(e.id, 'active');
          }
        }
      }
    },
    close: () => http.close(),
  };
}

export const neonSim: SimulatorDescriptor = {
  id: 'neon',
  scenarios: [...NEON_SCENARIOS],
  start: (opts) => startNeonSim(opts),
};
