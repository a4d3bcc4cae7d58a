/**
 * Hetzner Cloud API simulator. Shapes from Hetzner's own Go library (hetznercloud/hcloud-go
 * hcloud/schema), checked by test/providers/hetzner-sim.test.ts against the schema derived from
 * it (test/fixtures/specs/hetzner, origin in SOURCES.md); the envelope and error texts from the
 * spec description (Getting Started, Errors, Pagination, Rate Limiting). Base URL `<origin>/v1`.
 *
 * - Auth: `Authorization: Bearer <token>` on every call; else 401 `unauthorized`.
 * - `GET /servers`: `page`, `per_page` (default 25, max 50), `meta.pagination` and a `Link` header.
 * - `GET /servers/{id}/metrics`: `type` (cpu | disk | network, repeatable), `start`, `end` (RFC 3339)
 *   required, `step` optional; 400 `invalid_input` naming the field otherwise; 404 `not_found`.
 *   `cpu` counts 100 per vCPU; network series `network.0.bandwidth.in/out` (bytes/s) and `pps`.
 * - Rate limit 3,600/hour per project refilling one a second; `RateLimit-Limit/Remaining/Reset`
 *   (Unix time of full recovery) on every answer; 429 `rate_limit_exceeded` without Retry-After.
 */
import { seededRandom, startHttpSim, type HttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';

export const HETZNER_SIM_TOKEN = 'hcloudsimLRK9DAWQ1ZAEFSrCNEEzLCUwhYX1U3g7wMg4dTlkkDC96fyDuyJ39nVbVjCKSDfj';

const HETZNER_SCENARIOS = ['default', 'empty', 'many-servers'] as const;
type HetznerScenarioName = (typeof HETZNER_SCENARIOS)[number];

const LOCATIONS = {
  fsn1: {
    id: 1,
    name: 'fsn1',
    description: 'Falkenstein DC Park 1',
    country: 'DE',
    city: 'Falkenstein',
    latitude: 50.47612,
    longitude: 12.370071,
    network_zone: 'eu-central',
  },
  nbg1: {
    id: 2,
    name: 'nbg1',
    description: 'Nuremberg DC Park 1',
    country: 'DE',
    city: 'Nuremberg',
    latitude: 49.452102,
    longitude: 11.076665,
    network_zone: 'eu-central',
  },
  hel1: {
    id: 3,
    name: 'hel1',
    description: 'Helsinki DC Park 1',
    country: 'FI',
    city: 'Helsinki',
    latitude: 60.169855,
    longitude: 24.938379,
    network_zone: 'eu-central',
  },
  ash: {
    id: 4,
    name: 'ash',
    description: 'Ashburn, VA',
    country: 'US',
    city: 'Ashburn, VA',
    latitude: 39.045821,
    longitude: -77.487073,
    network_zone: 'us-east',
  },
} as const;
type LocationName = keyof typeof LOCATIONS;

const TYPES = {
  cx22: {
    id: 104,
    name: 'cx22',
    description: 'CX22',
    category: 'cost_optimized',
    cores: 2,
    memory: 4,
    disk: 40,
    cpu_type: 'shared',
    architecture: 'x86',
    hourly: '0.0062',
  },
  cpx31: {
    id: 9,
    name: 'cpx31',
    description: 'CPX 31',
    category: 'regular_purpose',
    cores: 4,
    memory: 8,
    disk: 160,
    cpu_type: 'shared',
    architecture: 'x86',
    hourly: '0.0238',
  },
  ccx33: {
    id: 98,
    name: 'ccx33',
    description: 'CCX33 Dedicated CPU',
    category: 'general_purpose',
    cores: 8,
    memory: 32,
    disk: 240,
    cpu_type: 'dedicated',
    architecture: 'x86',
    hourly: '0.0808',
  },
} as const;
type TypeName = keyof typeof TYPES;

interface HetznerSimServer {
  id: number;
  name: string;
  status: string;
  type: TypeName;
  location: LocationName;
  labels: Record<string, string>;
  load: number;
}

interface HetznerScenario {
  readonly servers: HetznerSimServer[];
  readonly limits: { perHour: number; enabled: boolean };
  addServer(type: TypeName, location: LocationName, status?: string, name?: string): HetznerSimServer;
  setServers(count: number): void;
  /** The next `count` requests get 429 `rate_limit_exceeded` with the RateLimit-* headers. */
  tooManyRequests(count?: number, resetInSeconds?: number): void;
}

export interface HetznerRunningSim extends RunningSim {
  scenario: HetznerScenario;
  token: string;
}

const error = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  details: unknown = null,
): SimResponse => ({
  status,
  body: { error: { code, message, details } },
  ...(headers ? { headers } : {}),
});

function serverTypeBody(t: (typeof TYPES)[TypeName]): Record<string, unknown> {
  const price = (loc: string) => {
    const net = Number(t.hourly);
    return {
      location: loc,
      price_hourly: { net: t.hourly, gross: (net * 1.19).toFixed(4) },
      price_monthly: { net: (net * 672).toFixed(4), gross: (net * 672 * 1.19).toFixed(4) },
      included_traffic: 21990232555520,
      price_per_tb_traffic: { net: '1.0000', gross: '1.1900' },
    };
  };
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    category: t.category,
    cores: t.cores,
    memory: t.memory,
    disk: t.disk,
    storage_type: 'local',
    cpu_type: t.cpu_type,
    architecture: t.architecture,
    included_traffic: 0,
    deprecated: false,
    deprecation: null,
    prices: Object.keys(LOCATIONS).map(price),
    locations: Object.values(LOCATIONS).map((l) => ({
      id: l.id,
      name: l.name,
      recommended: l.name !== 'ash',
      available: true,
      deprecation: null,
    })),
  };
}

function serverBody(s: HetznerSimServer): Record<string, unknown> {
  const octet = (s.id % 250) + 2;
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    created: '2026-01-10T09:00:00+00:00',
    public_net: {
      ipv4: {
        id: 4711 + s.id,
        ip: `198.51.100.${octet}`,
        blocked: false,
        dns_ptr: `static.${octet}.100.51.198.clients.your-server.de`,
      },
      ipv6: { id: 4712 + s.id, ip: '2001:db8:1c11:3400::/64', blocked: false, dns_ptr: [] },
      floating_ips: [],
      firewalls: [],
    },
    private_net: [],
    server_type: serverTypeBody(TYPES[s.type]),
    included_traffic: 21990232555520,
    outgoing_traffic: 123456789,
    ingoing_traffic: 987654321,
    backup_window: null,
    rescue_enabled: false,
    iso: null,
    locked: false,
    location: LOCATIONS[s.location],
    image: { id: 161547269, type: 'system', status: 'available', name: 'ubuntu-24.04', os_flavor: 'ubuntu' },
    protection: { delete: false, rebuild: false },
    labels: s.labels,
    volumes: [],
    primary_disk_size: TYPES[s.type].disk,
    placement_group: null,
    load_balancers: [],
  };
}

export async function startHetznerSim(opts: SimStartOptions = {}): Promise<HetznerRunningSim> {
  const name = (opts.scenario ?? 'default') as HetznerScenarioName;
  if (!HETZNER_SCENARIOS.includes(name))
    throw new Error(`unknown hetzner scenario ${name} (have: ${HETZNER_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 31);
  const servers: HetznerSimServer[] = [];
  const limits = { perHour: 3600, enabled: true };
  // Token bucket of the project: `tokens` left, refilling one a second up to perHour.
  const bucket = { tokens: limits.perHour, at: Date.now() };
  let nextId = 42_000_001;

  const scenario: HetznerScenario = {
    servers,
    limits,
    addServer(type, location, status = 'running', serverName) {
      const id = nextId++;
      const s: HetznerSimServer = {
        id,
        name: serverName ?? `${type}-${location}-${id % 1000}`,
        status,
        type,
        location,
        labels: { env: 'prod' },
        load: 0.1 + rand() * 0.8,
      };
      servers.push(s);
      return s;
    },
    setServers(count) {
      servers.splice(0, servers.length);
      const plan: [TypeName, LocationName, string][] = [
        ['ccx33', 'fsn1', 'running'],
        ['cx22', 'nbg1', 'running'],
        ['cpx31', 'hel1', 'off'],
        ['cx22', 'ash', 'starting'],
      ];
      for (let i = 0; i < count; i++) {
        const [t, l, st] = plan[i % plan.length]!;
        scenario.addServer(t, l, st, i < plan.length ? undefined : `web-${i}`);
      }
    },
    tooManyRequests(count = 1, resetInSeconds = 1) {
      const headers = {
        'RateLimit-Limit': String(limits.perHour),
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds),
      };
      const r = error(429, 'rate_limit_exceeded', 'limit of 3600 requests per hour reached', headers);
      http.control.failNext({ status: r.status, body: r.body, headers: r.headers }, count);
    },
  };
  if (name === 'many-servers') scenario.setServers(120);
  else if (name !== 'empty') scenario.setServers(4);

  function take(): { ok: boolean; headers: Record<string, string> } {
    const now = Date.now();
    bucket.tokens = Math.min(limits.perHour, bucket.tokens + (now - bucket.at) / 1000);
    bucket.at = now;
    const ok = !limits.enabled || bucket.tokens >= 1;
    if (ok && limits.enabled) bucket.tokens -= 1;
    const missing = limits.perHour - bucket.tokens;
    return {
      ok,
      headers: {
        'RateLimit-Limit': String(limits.perHour),
        'RateLimit-Remaining': String(Math.floor(bucket.tokens)),
        'RateLimit-Reset': String(Math.ceil(now / 1000 + missing)),
      },
    };
  }

  function linkHeader(path: string, page: number, perPage: number, last: number): string {
    const u = (p: number) => `<https://api.hetzner.cloud/v1${path}?page=${p}&per_page=${perPage}>`;
    const parts: string[] = [];
    if (page > 1) parts.push(`${u(page - 1)}; rel="prev"`);
    if (page < last) parts.push(`${u(page + 1)}; rel="next"`);
    parts.push(`${u(last)}; rel="last"`);
    return parts.join(', ');
  }

  function metrics(req: SimRequest, s: HetznerSimServer, headers: Record<string, string>): SimResponse {
    const types = req.query.getAll('type');
    if (types.length === 0)
      return error(400, 'invalid_input', "invalid input in field 'type'", headers, {
        fields: [{ name: 'type', messages: ['is required'] }],
      });
    for (const t of types)
      if (!['cpu', 'disk', 'network'].includes(t))
        return error(400, 'invalid_input', "invalid input in field 'type'", headers, {
          fields: [{ name: 'type', messages: ['is invalid'] }],
        });
    const start = Date.parse(req.query.get('start') ?? '');
    const end = Date.parse(req.query.get('end') ?? '');
    for (const [field, v] of [
      ['start', start],
      ['end', end],
    ] as const)
      if (!Number.isFinite(v))
        return error(400, 'invalid_input', `invalid input in field '${field}'`, headers, {
          fields: [{ name: field, messages: ['is required'] }],
        });
    if (end <= start)
      return error(400, 'invalid_input', "invalid input in field 'end'", headers, {
        fields: [{ name: 'end', messages: ['must be after start'] }],
      });
    const stepRaw = req.query.get('step');
    const step = stepRaw ? Number(stepRaw) : Math.max(1, Math.round((end - start) / 1000 / 100));
    if (!Number.isFinite(step) || step <= 0)
      return error(400, 'invalid_input', "invalid input in field 'step'", headers, {
        fields: [{ name: 'step', messages: ['is invalid'] }],
      });
    const times: number[] = [];
    for (let t = Math.ceil(start / 1000 / step) * step; t <= end / 1000 && times.length < 1000; t += step)
      times.push(t);
    const cores = TYPES[s.type].cores;
    const wave = (t: number) => 1 + 0.2 * Math.sin(t / 600);
    const ts: Record<string, { values: [number, string][] }> = {};
    const live = s.status === 'running';
    const val = (f: (t: number) => number) => times.map((t): [number, string] => [t, live ? f(t).toFixed(4) : '0']);
    if (types.includes('cpu')) ts.cpu = { values: val((t) => Math.min(100 * cores, s.load * wave(t) * 100 * cores)) };
    if (types.includes('disk')) {
      for (const k of ['disk.0.iops.read', 'disk.0.iops.write', 'disk.0.bandwidth.read', 'disk.0.bandwidth.write'])
        ts[k] = { values: val((t) => s.load * 50 * wave(t)) };
    }
    if (types.includes('network')) {
      ts['network.0.pps.in'] = { values: val((t) => s.load * 900 * wave(t)) };
      ts['network.0.pps.out'] = { values: val((t) => s.load * 600 * wave(t)) };
      ts['network.0.bandwidth.in'] = { values: val((t) => s.load * 500_000 * wave(t)) };
      ts['network.0.bandwidth.out'] = { values: val((t) => s.load * 300_000 * wave(t)) };
    }
    return {
      status: 200,
      headers,
      body: {
        metrics: { start: new Date(start).toISOString(), end: new Date(end).toISOString(), step, time_series: ts },
      },
    };
  }

  const router = (req: SimRequest): SimResponse => {
    const m = /^\/v1(\/.*)$/.exec(req.path);
    if (!m) return error(404, 'not_found', 'not found');
    const p = m[1]!;
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() : undefined;
    if (token !== HETZNER_SIM_TOKEN) return error(401, 'unauthorized', 'unable to authenticate');
    const rl = take();
    if (!rl.ok) return error(429, 'rate_limit_exceeded', 'limit of 3600 requests per hour reached', rl.headers);
    const headers = rl.headers;
    if (req.method !== 'GET') return error(405, 'method_not_allowed', `${req.method} is not allowed here`, headers);
    if (p === '/servers') {
      const page = Number(req.query.get('page') ?? 1);
      const perPage = Number(req.query.get('per_page') ?? 25);
      if (!Number.isInteger(page) || page < 1)
        return error(400, 'invalid_input', "invalid input in field 'page'", headers, {
          fields: [{ name: 'page', messages: ['is invalid'] }],
        });
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 50)
        return error(400, 'invalid_input', "invalid input in field 'per_page'", headers, {
          fields: [{ name: 'per_page', messages: ['must be between 1 and 50'] }],
        });
      const last = Math.max(1, Math.ceil(servers.length / perPage));
      return {
        status: 200,
        headers: { ...headers, Link: linkHeader(p, page, perPage, last) },
        body: {
          servers: servers.slice((page - 1) * perPage, page * perPage).map(serverBody),
          meta: {
            pagination: {
              page,
              per_page: perPage,
              previous_page: page > 1 ? page - 1 : null,
              next_page: page < last ? page + 1 : null,
              last_page: last,
              total_entries: servers.length,
            },
          },
        },
      };
    }
    if (p === '/server_types')
      return {
        status: 200,
        headers,
        body: {
          server_types: Object.values(TYPES).map(serverTypeBody),
          meta: {
            pagination: {
              page: 1,
              per_page: 25,
              previous_page: null,
              next_page: null,
              last_page: 1,
              total_entries: Object.keys(TYPES).length,
            },
          },
        },
      };
    const one = /^\/servers\/(\d+)(\/metrics)?$/.exec(p);
    if (one) {
      const s = servers.find((x) => x.id === Number(one[1]));
      if (!s) return error(404, 'not_found', 'server not found', headers);
      return one[2] ? metrics(req, s, headers) : { status: 200, headers, body: { server: serverBody(s) } };
    }
    return error(404, 'not_found', 'not found', headers);
  };

  const http: HttpSim = await startHttpSim(router, { port: opts.port, maxRecords: opts.demo ? 2000 : undefined });

  const tick = (): void => {
    for (const s of servers) {
      s.load = Math.min(0.97, Math.max(0.03, s.load + (rand() - 0.5) * 0.1));
      if (s.status === 'starting' && rand() < 0.5) s.status = 'running';
    }
  };

  return {
    id: 'hetzner',
    baseUrl: `${http.url}/v1`,
    credentials: { token: HETZNER_SIM_TOKEN },
    token: HETZNER_SIM_TOKEN,
    http,
    scenario,
    tick,
    close: () => http.close(),
  };
}

export const hetznerSim: SimulatorDescriptor = {
  id: 'hetzner',
  scenarios: [...HETZNER_SCENARIOS],
  start: (opts) => startHetznerSim(opts),
};
