/**
 * DigitalOcean API v2 simulator (spec: digitalocean/openapi, trimmed copy in
 * test/fixtures/specs/digitalocean with its origin in SOURCES.md).
 *
 * - Auth: `Authorization: Bearer <token>`; a missing or unknown token → 401 `unauthorized`; a
 *   token without a scope (the `no-monitoring` token) → 403 `forbidden` on monitoring calls.
 * - `GET /v2/droplets`, `GET /v2/sizes`: `page`/`per_page` (1..200, default 20), `links.pages`
 *   with absolute `https://api.digitalocean.com/...` URLs as the real API sends, `meta.total`.
 * - `GET /v2/monitoring/metrics/droplet/cpu|bandwidth`: Prometheus matrices; `host_id`, `start`,
 *   `end` (and `interface`, `direction`) required, 400 `bad_request` otherwise. CPU values are
 *   cumulative seconds per mode.
 * - `GET /v2/account`.
 * - Rate limit: 5,000/hour (headers `ratelimit-limit/remaining/reset`, reset in epoch seconds on
 *   every answer) and 250/minute; the minute burst answers 429 with `retry-after`, the hourly one
 *   without (as DigitalOcean documents). Body `{"id": "too_many_requests", ...}`.
 */
import { seededRandom, startHttpSim, type HttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import { DO_REGIONS, doSizes, dropletBody, type DoSimDroplet, type DoSimSize } from './catalog';

export const DO_SIM_TOKEN = 'dop_v1_sim0123456789abcdef0123456789abcdef0123456789abcdef01234567';
/** A token that can read Droplets and sizes but lacks `monitoring:read`. */
export const DO_SIM_NO_MONITORING_TOKEN = 'dop_v1_simnomonitoring0123456789abcdef0123456789abcdef012345';
const DO_REAL_ORIGIN = 'https://api.digitalocean.com';

const DO_SCENARIOS = ['default', 'empty', 'gpu-unavailable', 'many-droplets'] as const;
type DoScenarioName = (typeof DO_SCENARIOS)[number];

interface DoScenario {
  readonly sizes: DoSimSize[];
  readonly droplets: DoSimDroplet[];
  /** Rate limit per token: requests per hour and per minute. */
  readonly limits: { perHour: number; perMinute: number; enabled: boolean };
  setAvailable(slug: string, available: boolean): void;
  setRegions(slug: string, regions: string[]): void;
  setPrice(slug: string, hourly: number): void;
  addDroplet(sizeSlug: string, region: string, status?: string, name?: string): DoSimDroplet;
  setDroplets(count: number): void;
  /** The next `count` requests get 429; with `retryAfterSeconds` as the burst limit, without as the hourly one. */
  tooManyRequests(count?: number, retryAfterSeconds?: number): void;
}

export interface DoRunningSim extends RunningSim {
  scenario: DoScenario;
  token: string;
}

const err = (status: number, id: string, message: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { id, message, request_id: '4d9d8375-3c56-4925-a3e7-eb137fed17e9' },
  ...(headers ? { headers } : {}),
});

function intParam(q: URLSearchParams, name: string, dflt: number, min: number, max: number): number | string {
  const raw = q.get(name);
  if (raw === null) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) return `${name} must be an integer of at least ${min}`;
  return Math.min(n, max);
}

export async function startDigitalOceanSim(opts: SimStartOptions = {}): Promise<DoRunningSim> {
  const name = (opts.scenario ?? 'default') as DoScenarioName;
  if (!DO_SCENARIOS.includes(name))
    throw new Error(`unknown digitalocean scenario ${name} (have: ${DO_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 17);
  const sizes = doSizes();
  if (name === 'gpu-unavailable') for (const s of sizes) if (s.gpu_info) s.available = false;
  const droplets: DoSimDroplet[] = [];
  const limits = { perHour: 5000, perMinute: 250, enabled: true };
  const used = new Map<string, number[]>();
  let nextId = 448543583;

  const scenario: DoScenario = {
    sizes,
    droplets,
    limits,
    setAvailable(slug, available) {
      size(slug).available = available;
    },
    setRegions(slug, regions) {
      size(slug).regions = [...regions];
    },
    setPrice(slug, hourly) {
      const s = size(slug);
      s.price_hourly = hourly;
      s.price_monthly = Math.round(hourly * 672 * 100) / 100;
    },
    addDroplet(sizeSlug, region, status = 'active', dropletName) {
      size(sizeSlug);
      const id = nextId++;
      const d: DoSimDroplet = {
        id,
        name: dropletName ?? `${sizeSlug}-${region}-${id % 1000}`,
        status,
        size_slug: sizeSlug,
        region,
        tags: sizeSlug.startsWith('gpu-') ? ['ml'] : ['web', 'env:prod'],
        created_at: new Date(Date.UTC(2026, 0, 1) + (id % 1000) * 3_600_000).toISOString().replace('.000', ''),
        load: 0.1 + rand() * 0.8,
      };
      droplets.push(d);
      return d;
    },
    setDroplets(count) {
      droplets.splice(0, droplets.length);
      const plan: [string, string, string][] = [
        ['gpu-h100x1-80gb', 'tor1', 'active'],
        ['s-2vcpu-4gb', 'nyc3', 'active'],
        ['s-1vcpu-1gb', 'ams3', 'off'],
        ['s-4vcpu-8gb', 'fra1', 'new'],
      ];
      for (let i = 0; i < count; i++) {
        const [slug, region, status] = plan[i % plan.length]!;
        scenario.addDroplet(slug, region, status, i < plan.length ? undefined : `web-${i}`);
      }
    },
    tooManyRequests(count = 1, retryAfterSeconds) {
      for (let i = 0; i < count; i++) {
        const r = err(429, 'too_many_requests', 'API rate limit exceeded.', {
          ...rateHeaders(DO_SIM_TOKEN, 0),
          ...(retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {}),
        });
        http.control.failNext({ status: r.status, body: r.body, headers: r.headers });
      }
    },
  };
  function size(slug: string): DoSimSize {
    const s = sizes.find((x) => x.slug === slug);
    if (!s) throw new Error(`no size ${slug}`);
    return s;
  }
  if (name === 'many-droplets') scenario.setDroplets(450);
  else if (name !== 'empty') scenario.setDroplets(4);

  function rateHeaders(token: string, remainingOverride?: number): Record<string, string> {
    const times = used.get(token) ?? [];
    const oldest = times[0] ?? Date.now();
    return {
      'ratelimit-limit': String(limits.perHour),
      'ratelimit-remaining': String(remainingOverride ?? Math.max(0, limits.perHour - times.length)),
      'ratelimit-reset': String(Math.ceil((oldest + 3_600_000) / 1000)),
    };
  }

  /** Sliding windows per token: false + response when over a limit. */
  function admit(token: string): SimResponse | undefined {
    if (!limits.enabled) return undefined;
    const now = Date.now();
    const times = (used.get(token) ?? []).filter((t) => t > now - 3_600_000);
    used.set(token, times);
    if (times.length >= limits.perHour)
      return err(429, 'too_many_requests', 'API rate limit exceeded.', rateHeaders(token, 0));
    const lastMinute = times.filter((t) => t > now - 60_000);
    if (lastMinute.length >= limits.perMinute) {
      const wait = Math.max(1, Math.ceil((lastMinute[0]! + 60_000 - now) / 1000));
      return err(429, 'too_many_requests', 'API rate limit exceeded.', {
        ...rateHeaders(token),
        'retry-after': String(wait),
      });
    }
    times.push(now);
    return undefined;
  }

  function paged(req: SimRequest, key: string, items: unknown[], headers: Record<string, string>): SimResponse {
    const perPage = intParam(req.query, 'per_page', 20, 1, 200);
    const page = intParam(req.query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
    if (typeof perPage === 'string') return err(400, 'bad_request', perPage, headers);
    if (typeof page === 'string') return err(400, 'bad_request', page, headers);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number): string => `${DO_REAL_ORIGIN}${req.path}?page=${p}&per_page=${perPage}`;
    const pages: Record<string, string> = {};
    if (page > 1) {
      pages.first = link(1);
      pages.prev = link(Math.min(page - 1, last));
    }
    if (page < last) {
      pages.next = link(page + 1);
      pages.last = link(last);
    }
    return {
      status: 200,
      headers,
      body: {
        [key]: items.slice((page - 1) * perPage, page * perPage),
        links: { pages },
        meta: { total: items.length },
      },
    };
  }

  function window(req: SimRequest, headers: Record<string, string>): { start: number; end: number } | SimResponse {
    for (const p of ['host_id', 'start', 'end'])
      if (!req.query.get(p)) return err(400, 'bad_request', `${p} is required`, headers);
    const start = Number(req.query.get('start'));
    const end = Number(req.query.get('end'));
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start)
      return err(400, 'bad_request', 'start and end must be Unix timestamps with start before end', headers);
    return { start, end };
  }

  const STEP = 120;
  const stepTimes = (start: number, end: number): number[] => {
    const out: number[] = [];
    for (let t = Math.ceil(start / STEP) * STEP; t <= end && out.length < 1000; t += STEP) out.push(t);
    return out;
  };

  function cpuMatrix(d: DoSimDroplet, start: number, end: number): unknown {
    const vcpus = sizes.find((s) => s.slug === d.size_slug)?.vcpus ?? 1;
    const modes: Record<string, number> = {
      idle: 0.0,
      iowait: 0.02,
      irq: 0,
      nice: 0.01,
      softirq: 0.005,
      steal: 0.005,
      system: 0.2,
      user: 0.76,
    };
    // Cumulative seconds since an arbitrary boot: busy share `load` (with a slow wave), split over the modes.
    const result = Object.entries(modes).map(([mode, share]) => ({
      metric: { host_id: String(d.id), mode },
      values: stepTimes(start, end).map((t) => {
        const uptime = t - 1_700_000_000;
        // ∫ (load + 0.1·sin(u/3600)) du: monotonic while load stays put.
        const cumulativeBusy = vcpus * (uptime * d.load + 360 * (1 - Math.cos(uptime / 3600)));
        const seconds = mode === 'idle' ? uptime * vcpus - cumulativeBusy : cumulativeBusy * share;
        return [t, seconds.toFixed(2)] as [number, string];
      }),
    }));
    return { status: 'success', data: { resultType: 'matrix', result } };
  }

  function bandwidthMatrix(d: DoSimDroplet, start: number, end: number, iface: string, direction: string): unknown {
    const scale = iface === 'public' ? 1 : 0.1;
    const dir = direction === 'inbound' ? 1 : 0.6;
    return {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { direction, host_id: String(d.id), interface: iface },
            values: stepTimes(start, end).map((t) => [
              t,
              String(Math.max(0, d.load * 40 * scale * dir * (1 + 0.3 * Math.sin(t / 900)))),
            ]),
          },
        ],
      },
    };
  }

  const router = (req: SimRequest): SimResponse => {
    const auth = req.headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth) : null;
    const token = m?.[1]?.trim();
    if (token !== DO_SIM_TOKEN && token !== DO_SIM_NO_MONITORING_TOKEN)
      return err(401, 'unauthorized', 'Unable to authenticate you');
    const limited = admit(token);
    if (limited) return limited;
    const headers = rateHeaders(token);
    if (req.method !== 'GET') return err(405, 'method_not_allowed', `${req.method} is not supported here`, headers);
    const p = req.path;
    if (p === '/v2/account') {
      return {
        status: 200,
        headers,
        body: {
          account: {
            droplet_limit: 25,
            floating_ip_limit: 5,
            email: 'sammy@digitalocean.com',
            name: 'Sammy the Shark',
            uuid: 'b6fr89dbf6d9156cace5f3c78dc9851d957381ef',
            email_verified: true,
            status: 'active',
            status_message: ' ',
            team: { uuid: '5df3e3004a17e242b7c20ca6c9fc25b701a47ece', name: 'My Team' },
          },
        },
      };
    }
    if (p === '/v2/droplets') {
      const tag = req.query.get('tag_name');
      const type = req.query.get('type');
      const list = droplets.filter(
        (d) =>
          (!tag || d.tags.includes(tag)) &&
          (!type || (type === 'gpus') === Boolean(sizes.find((s) => s.slug === d.size_slug)?.gpu_info)),
      );
      return paged(
        req,
        'droplets',
        list.map((d) => dropletBody(d, sizes)),
        headers,
      );
    }
    const one = /^\/v2\/droplets\/(\d+)$/.exec(p);
    if (one) {
      const d = droplets.find((x) => x.id === Number(one[1]));
      return d
        ? { status: 200, headers, body: { droplet: dropletBody(d, sizes) } }
        : err(404, 'not_found', 'The resource you were accessing could not be found.', headers);
    }
    if (p === '/v2/sizes') return paged(req, 'sizes', sizes, headers);
    if (p.startsWith('/v2/monitoring/metrics/droplet/')) {
      if (token === DO_SIM_NO_MONITORING_TOKEN)
        return err(403, 'forbidden', 'You are not authorized to perform this operation', headers);
      const w = window(req, headers);
      if ('status' in w) return w;
      const d = droplets.find((x) => String(x.id) === req.query.get('host_id'));
      const empty = { status: 'success', data: { resultType: 'matrix', result: [] } };
      // Monitoring only has data for Droplets that run (and exist).
      const live = d && d.status === 'active' ? d : undefined;
      if (p === '/v2/monitoring/metrics/droplet/cpu')
        return { status: 200, headers, body: live ? cpuMatrix(live, w.start, w.end) : empty };
      if (p === '/v2/monitoring/metrics/droplet/bandwidth') {
        const iface = req.query.get('interface');
        const direction = req.query.get('direction');
        if (iface !== 'public' && iface !== 'private')
          return err(400, 'bad_request', 'interface must be public or private', headers);
        if (direction !== 'inbound' && direction !== 'outbound')
          return err(400, 'bad_request', 'direction must be inbound or outbound', headers);
        return { status: 200, headers, body: live ? bandwidthMatrix(live, w.start, w.end, iface, direction) : empty };
      }
    }
    return err(404, 'not_found', 'The resource you were accessing could not be found.', headers);
  };

  const http: HttpSim = await startHttpSim(router, { port: opts.port, maxRecords: opts.demo ? 2000 : undefined });

  const tick = (): void => {
    // GPU sizes come and go per region; prices move rarely; loads drift.
    for (const s of sizes) {
      if (!s.gpu_info) continue;
      if (rand() < 0.1) {
        const r = DO_REGIONS[Math.floor(rand() * DO_REGIONS.length)]!.slug;
        s.regions = s.regions.includes(r) ? s.regions.filter((x) => x !== r) : [...s.regions, r];
      }
      if (rand() < 0.03) s.available = !s.available;
    }
    for (const d of droplets) {
      d.load = Math.min(0.97, Math.max(0.03, d.load + (rand() - 0.5) * 0.1));
      if (d.status === 'new' && rand() < 0.5) d.status = 'active';
    }
  };

  return {
    id: 'digitalocean',
    baseUrl: http.url,
    credentials: { token: DO_SIM_TOKEN },
    token: DO_SIM_TOKEN,
    http,
    scenario,
    tick,
    close: () => http.close(),
  };
}

export const digitaloceanSim: SimulatorDescriptor = {
  id: 'digitalocean',
  scenarios: [...DO_SCENARIOS],
  start: (opts) => startDigitalOceanSim(opts),
};
