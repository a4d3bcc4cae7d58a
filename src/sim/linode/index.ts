/**
 * Linode API v4 simulator (spec: Linode OpenAPI 4.189.2 as regenerated in zliang-akamai/go-sdk,
 * trimmed copy in test/fixtures/specs/linode with its origin in SOURCES.md). Base URL `<origin>/v4`
 * (`/v4beta` answers the same).
 *
 * - Auth: `Authorization: Bearer <token>`. A wrong token → 401 `Invalid Token` everywhere; no token
 *   is fine on the public `/linode/types`, `/regions` and `/regions/availability` and 401 elsewhere;
 *   the `no-scope` token → 403 on Linodes and stats.
 * - Collections: `page` (≥ 1) and `page_size` (25..500, default 100), `{data, page, pages, results}`;
 *   out-of-range values → 400 with `{errors: [{field, reason}]}`.
 * - `/linode/instances/{id}/stats`: 24 h of 5-minute points, `cpu` [ms, % of one core summed over
 *   cores], `netv4.in/out` bits/s, flat as the spec has it.
 * - `/regions/availability`: `{region, plan, available}` rows for GPU plans; like the real one it
 *   covers "select plans for select regions": the simulator leaves out `ap-west`, whose plans show
 *   up as `listed` in cloudtop.
 * - Rate limit per token per minute: 50 on `/stats`, 800 elsewhere (the general figure is our
 *   assumption); `X-RateLimit-Limit/Remaining/Reset` (epoch seconds) on every answer, 429
 *   `{errors: [{reason: "Too Many Requests"}]}` with `Retry-After`.
 */
import { seededRandom, startHttpSim, type HttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import {
  instanceBody,
  LINODE_REGIONS,
  linodeTypes,
  regionBody,
  typeBody,
  type LinodeSimInstance,
  type LinodeSimType,
} from './catalog';

export const LINODE_SIM_TOKEN = 'linode-sim-pat-0123456789abcdef0123456789abcdef0123456789abcdef0123';
export const LINODE_SIM_NO_SCOPE_TOKEN = 'linode-sim-pat-noscope-0123456789abcdef0123456789abcdef012';

const LINODE_SCENARIOS = ['default', 'empty', 'gpu-sold-out', 'many-linodes'] as const;
type LinodeScenarioName = (typeof LINODE_SCENARIOS)[number];

/** Regions `/regions/availability` says nothing about (to show `listed`). */
const UNREPORTED_REGIONS = new Set(['ap-west']);

interface LinodeScenario {
  readonly types: LinodeSimType[];
  readonly instances: LinodeSimInstance[];
  /** `region/plan` → has capacity (plans sold in a region and not in this set are available). */
  readonly soldOut: Set<string>;
  readonly limits: { perMinute: number; statsPerMinute: number; enabled: boolean };
  setSoldOut(plan: string, region: string, soldOut: boolean): void;
  setPrice(plan: string, hourly: number): void;
  setRegionPrice(plan: string, region: string, hourly: number): void;
  addInstance(type: string, region: string, status?: string, label?: string): LinodeSimInstance;
  setInstances(count: number): void;
  tooManyRequests(count?: number, retryAfterSeconds?: number): void;
}

export interface LinodeRunningSim extends RunningSim {
  scenario: LinodeScenario;
  token: string;
}

const errors = (status: number, reason: string, field?: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { errors: [{ reason, ...(field ? { field } : {}) }] },
  ...(headers ? { headers } : {}),
});

export async function startLinodeSim(opts: SimStartOptions = {}): Promise<LinodeRunningSim> {
  const name = (opts.scenario ?? 'default') as LinodeScenarioName;
  if (!LINODE_SCENARIOS.includes(name))
    throw new Error(`unknown linode scenario ${name} (have: ${LINODE_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 23);
  const types = linodeTypes();
  const instances: LinodeSimInstance[] = [];
  const soldOut = new Set<string>();
  if (name === 'gpu-sold-out') for (const t of types) for (const r of t.regions ?? []) soldOut.add(`${r}/${t.id}`);
  else soldOut.add('eu-central/g1-gpu-rtx6000-4');
  const limits = { perMinute: 800, statsPerMinute: 50, enabled: true };
  const used = new Map<string, number[]>();
  let nextId = 55_000_001;

  const type = (id: string): LinodeSimType => {
    const t = types.find((x) => x.id === id);
    if (!t) throw new Error(`no type ${id}`);
    return t;
  };

  const scenario: LinodeScenario = {
    types,
    instances,
    soldOut,
    limits,
    setSoldOut(plan, region, out) {
      type(plan);
      if (out) soldOut.add(`${region}/${plan}`);
      else soldOut.delete(`${region}/${plan}`);
    },
    setPrice(plan, hourly) {
      type(plan).hourly = hourly;
    },
    setRegionPrice(plan, region, hourly) {
      const t = type(plan);
      t.region_prices = [
        ...t.region_prices.filter((p) => p.id !== region),
        { id: region, hourly, monthly: Math.round(hourly * 730 * 100) / 100 },
      ];
    },
    addInstance(typeId, region, status = 'running', label) {
      type(typeId);
      const id = nextId++;
      const l: LinodeSimInstance = {
        id,
        label: label ?? `linode${id}`,
        region,
        type: typeId,
        status,
        tags: typeId.includes('gpu') ? ['ml'] : ['web'],
        load: 0.1 + rand() * 0.8,
      };
      instances.push(l);
      return l;
    },
    setInstances(count) {
      instances.splice(0, instances.length);
      const plan: [string, string, string][] = [
        ['g1-gpu-rtx6000-1', 'us-east', 'running'],
        ['g6-standard-2', 'eu-central', 'running'],
        ['g6-nanode-1', 'us-ord', 'offline'],
        ['g6-standard-4', 'us-east', 'provisioning'],
      ];
      for (let i = 0; i < count; i++) {
        const [t, r, s] = plan[i % plan.length]!;
        scenario.addInstance(t, r, s, i < plan.length ? undefined : `web-${i}`);
      }
    },
    tooManyRequests(count = 1, retryAfterSeconds = 1) {
      const r = errors(429, 'Too Many Requests', undefined, {
        ...rateHeaders(LINODE_SIM_TOKEN, limits.perMinute),
        'retry-after': String(retryAfterSeconds),
      });
      http.control.failNext({ status: r.status, body: r.body, headers: r.headers }, count);
    },
  };
  if (name === 'many-linodes') scenario.setInstances(1200);
  else if (name !== 'empty') scenario.setInstances(4);

  function rateHeaders(key: string, limit: number): Record<string, string> {
    const times = used.get(key) ?? [];
    return {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - times.length)),
      'X-RateLimit-Reset': String(Math.ceil(((times[0] ?? Date.now()) + 60_000) / 1000)),
    };
  }

  /** Sliding one-minute window per token and bucket. */
  function admit(key: string, limit: number): SimResponse | Record<string, string> {
    const now = Date.now();
    const times = (used.get(key) ?? []).filter((t) => t > now - 60_000);
    used.set(key, times);
    if (limits.enabled && times.length >= limit) {
      const wait = Math.max(1, Math.ceil((times[0]! + 60_000 - now) / 1000));
      return errors(429, 'Too Many Requests', undefined, { ...rateHeaders(key, limit), 'Retry-After': String(wait) });
    }
    times.push(now);
    return rateHeaders(key, limit);
  }

  function paged(req: SimRequest, items: unknown[], headers: Record<string, string>): SimResponse {
    const size = Number(req.query.get('page_size') ?? 100);
    const page = Number(req.query.get('page') ?? 1);
    if (!Number.isInteger(size) || size < 25 || size > 500) return errors(400, 'Must be 25-500', 'page_size', headers);
    if (!Number.isInteger(page) || page < 1) return errors(400, 'Must be an integer of at least 1', 'page', headers);
    const pages = Math.max(1, Math.ceil(items.length / size));
    return {
      status: 200,
      headers,
      body: { data: items.slice((page - 1) * size, page * size), page, pages, results: items.length },
    };
  }

  function availabilityRows(): { available: boolean; plan: string; region: string }[] {
    const out: { available: boolean; plan: string; region: string }[] = [];
    for (const r of LINODE_REGIONS) {
      if (!r.gpu || UNREPORTED_REGIONS.has(r.id)) continue;
      for (const t of types) {
        if (t.class !== 'gpu') continue;
        const sold = (t.regions ?? []).includes(r.id);
        out.push({ available: sold && !soldOut.has(`${r.id}/${t.id}`), plan: t.id, region: r.id });
      }
    }
    return out;
  }

  function stats(l: LinodeSimInstance): Record<string, unknown> {
    const t = types.find((x) => x.id === l.type)!;
    const step = 300_000;
    const end = Math.floor(Date.now() / step) * step;
    const cpu: [number, number][] = [];
    const rx: [number, number][] = [];
    const tx: [number, number][] = [];
    for (let t0 = end - 24 * 3_600_000 + step; t0 <= end; t0 += step) {
      const wave = 1 + 0.25 * Math.sin(t0 / 3_600_000);
      cpu.push([t0, Math.round(Math.min(1, l.load * wave) * 100 * t.vcpus * 100) / 100]);
      rx.push([t0, Math.round(l.load * 4_000_000 * wave)]);
      tx.push([t0, Math.round(l.load * 2_500_000 * wave)]);
    }
    const zeros = cpu.map(([t0]) => [t0, 0]);
    return {
      cpu,
      io: { io: zeros, swap: zeros },
      netv4: { in: rx, out: tx, private_in: zeros, private_out: zeros },
      netv6: { in: zeros, out: zeros, private_in: zeros, private_out: zeros },
      title: `linode.com - ${l.label} (linode${l.id}) - day (5 min avg)`,
    };
  }

  const PUBLIC = new Set(['/linode/types', '/regions', '/regions/availability']);

  const router = (req: SimRequest): SimResponse => {
    const m = /^\/v4(?:beta)?(\/.*)$/.exec(req.path);
    if (!m) return errors(404, 'Not found');
    const p = m[1]!;
    const auth = req.headers.authorization;
    const bearer = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() : undefined;
    const known = bearer === LINODE_SIM_TOKEN || bearer === LINODE_SIM_NO_SCOPE_TOKEN;
    if ((bearer !== undefined && !known) || (bearer === undefined && !PUBLIC.has(p)))
      return errors(401, 'Invalid Token');
    const isStats = /^\/linode\/instances\/\d+\/stats$/.test(p);
    const admitted = admit(
      `${bearer ?? 'anonymous'}${isStats ? ':stats' : ''}`,
      isStats ? limits.statsPerMinute : limits.perMinute,
    );
    if ('status' in admitted) return admitted as SimResponse;
    const headers = admitted as Record<string, string>;
    if (req.method !== 'GET') return errors(405, 'Method Not Allowed', undefined, headers);
    const needsScope = p.startsWith('/linode/instances');
    if (needsScope && bearer === LINODE_SIM_NO_SCOPE_TOKEN)
      return errors(403, 'Your OAuth token is not authorized to use this endpoint.', undefined, headers);

    if (p === '/linode/types') return paged(req, types.map(typeBody), headers);
    if (p === '/regions') return paged(req, LINODE_REGIONS.map(regionBody), headers);
    if (p === '/regions/availability') return paged(req, availabilityRows(), headers);
    if (p === '/linode/instances')
      return paged(
        req,
        instances.map((l) => instanceBody(l, types)),
        headers,
      );
    if (p === '/profile') {
      return {
        status: 200,
        headers,
        body: {
          authentication_type: 'password',
          authorized_keys: null,
          email: 'example-user@gmail.com',
          email_notifications: true,
          ip_whitelist_enabled: false,
          lish_auth_method: 'keys_only',
          restricted: false,
          timezone: 'US/Eastern',
          two_factor_auth: true,
          uid: 1234,
          username: 'exampleUser',
          verified_phone_number: null,
        },
      };
    }
    const st = /^\/linode\/instances\/(\d+)\/stats$/.exec(p);
    if (st) {
      const l = instances.find((x) => x.id === Number(st[1]));
      if (!l) return errors(404, 'Not found', undefined, headers);
      return { status: 200, headers, body: stats(l) };
    }
    return errors(404, 'Not found', undefined, headers);
  };

  const http: HttpSim = await startHttpSim(router, { port: opts.port, maxRecords: opts.demo ? 2000 : undefined });

  const tick = (): void => {
    for (const t of types) {
      if (t.class !== 'gpu') continue;
      for (const r of t.regions ?? []) {
        const key = `${r}/${t.id}`;
        if (rand() < 0.08) {
          if (soldOut.has(key)) soldOut.delete(key);
          else soldOut.add(key);
        }
      }
    }
    for (const l of instances) {
      l.load = Math.min(0.97, Math.max(0.03, l.load + (rand() - 0.5) * 0.1));
      if (l.status === 'provisioning' && rand() < 0.5) l.status = 'running';
    }
  };

  return {
    id: 'linode',
    baseUrl: `${http.url}/v4`,
    credentials: { token: LINODE_SIM_TOKEN },
    token: LINODE_SIM_TOKEN,
    http,
    scenario,
    tick,
    close: () => http.close(),
  };
}

export const linodeSim: SimulatorDescriptor = {
  id: 'linode',
  scenarios: [...LINODE_SCENARIOS],
  start: (opts) => startLinodeSim(opts),
};
