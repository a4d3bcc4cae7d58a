/**
 * Vast.ai simulator: speaks the real console.vast.ai API on loopback, so cloudtop, curl and the
 * official CLI (`VAST_URL=<url> vastai search offers 'gpu_name=H100_SXM'`) get the answers the real
 * server would give.
 *
 * - `POST /api/v0/bundles/` (also without the trailing slash, `GET ?q=`, and the CLI's
 *   `PUT /api/v0/search/asks/`): applies filters, order, limit, `type` and `allocated_storage`.
 *   Anonymous search is allowed (third-party evidence, docs/providers/vastai.md); a wrong key gets the spec's
 *   404 `{"error": "auth_error", "msg": "Invalid user key"}`.
 * - `GET /api/v0/gpu_names/unique/`: what the CLI asks first.
 * - `GET /api/v1/instances/`: keyset pages of at most 25 (`after_token` / `next_token`), Bearer or
 *   `?api_key=` required.
 * - 429 after a burst above the endpoint's rate, with no `Retry-After` (plain text on bundles, the
 *   spec's `{"detail": ...}` on instances).
 */
import {
  bearer,
  seededRandom,
  startHttpSim,
  type HttpSim,
  type SimRequest,
  type SimResponse,
} from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import { GPU_MODELS, makeInstance, makeOffer, makeOffers, type VastSimInstance, type VastSimOffer } from './catalog';
import { parseQuery, QueryError, runQuery, fieldValue, matches, OPS, type Op } from './query';
import { RateLimiter, type BucketSpec } from './rate-limit';

export const VAST_SIM_API_KEY = 'sim-vastai-key-0123456789abcdef';
/** A valid key without the `instance_read` permission (a scoped key). */
export const VAST_SIM_SCOPED_KEY = 'sim-vastai-scoped-key-misc-only';

/** Per-endpoint limits: bundles 10/min per IP (search_offers.yaml); instances threshold 1.0 (1/s). */
const VAST_SIM_LIMITS: Record<'bundles' | 'instances' | 'other', BucketSpec> = {
  bundles: { burst: 10, perSecond: 10 / 60 },
  instances: { burst: 5, perSecond: 1 },
  other: { burst: 10, perSecond: 2 },
};

const VASTAI_SCENARIOS = ['default', 'empty', 'many-instances', 'h100-appears', 'no-anonymous'] as const;
type VastScenarioName = (typeof VASTAI_SCENARIOS)[number];

interface VastScenario {
  /** The live market (mutate through the helpers or directly). */
  readonly offers: VastSimOffer[];
  readonly instances: VastSimInstance[];
  readonly limiter: RateLimiter;
  /** Adds an offer (defaults filled in realistically) and returns it. */
  addOffer(overrides?: Partial<VastSimOffer>): VastSimOffer;
  removeOffer(id: number): boolean;
  /** Sets an offer's base $/h (whole offer, before storage). */
  setPrice(id: number, dphBase: number): void;
  /** Multiplies matching offers' prices by `factor`. */
  movePrices(factor: number, predicate?: (o: VastSimOffer) => boolean): void;
  setInstances(count: number): void;
  /** The next `count` requests (optionally on one path) get Vast's 429: no Retry-After. */
  tooManyRequests(count?: number, pathIncludes?: string): void;
  /** When false, offer search needs a valid key too (answers the spec's 404 "Invalid user key"). */
  anonymousSearch: boolean;
  /** Number of offer searches served so far. */
  readonly searches: number;
}

export interface VastRunningSim extends RunningSim {
  scenario: VastScenario;
  apiKey: string;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({
  status,
  body,
  headers,
});
// The official CLI rejects any Content-Type other than exactly `application/json` (docs/providers/vastai.md).
const JSON_CT = { 'content-type': 'application/json' };

function identity(req: SimRequest): string | undefined {
  return bearer(req) ?? req.query.get('api_key') ?? undefined;
}

function decodeToken(token: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && 'values' in parsed) {
      const values = (parsed as { values: unknown }).values;
      if (values && typeof values === 'object') return values as Record<string, unknown>;
    }
  } catch {
    /* fall through */
  }
  return undefined;
}

const encodeToken = (values: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify({ values })).toString('base64');

/** Query parameters arrive JSON-encoded (vast-cli `_build_url`), strings sometimes raw. */
function jsonParam(req: SimRequest, name: string): unknown {
  const raw = req.query.get(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

// Computed columns that select_filters rejects (show_instances.yaml).
const COMPUTED_INSTANCE_COLS = new Set([
  'dph_total',
  'num_gpus',
  'search',
  'instance',
  'time_remaining',
  'time_remaining_isbid',
]);

export async function startVastSim(opts: SimStartOptions = {}): Promise<VastRunningSim> {
  const scenarioName = (opts.scenario ?? 'default') as VastScenarioName;
  if (!VASTAI_SCENARIOS.includes(scenarioName))
    throw new Error(`unknown vastai scenario ${scenarioName} (have: ${VASTAI_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 7);
  let nextId = 20_000_000;
  const offerCount = opts.demo ? 320 : scenarioName === 'empty' ? 0 : 48;
  const offers: VastSimOffer[] = makeOffers(rand, offerCount, nextId);
  nextId += offerCount;
  if (scenarioName === 'h100-appears') {
    for (let i = offers.length - 1; i >= 0; i--) if (offers[i]!.gpu_name.startsWith('H100')) offers.splice(i, 1);
  }
  // A few offers on machines the caller already rents (`rented: true`, search_offers.yaml); the
  // default `rented: {eq: false}` filter hides them, so filtering is visible.
  for (const o of offers.slice(0, Math.floor(offers.length / 12))) o.rented = true;
  const instances: VastSimInstance[] = [];
  const instanceCount = scenarioName === 'many-instances' ? 60 : scenarioName === 'empty' ? 0 : 3;
  for (let i = 0; i < instanceCount; i++) instances.push(makeInstance(rand, 9_000_000 + i * 7));
  const limiter = new RateLimiter();
  let searches = 0;

  const knownOfferFields = (): Set<string> => {
    const s = new Set<string>(['reliability2', 'dph_total', 'score', 'geolocation', 'verified', 'is_bid']);
    const sample = offers[0] ?? makeOffer(seededRandom(1), 0);
    for (const k of Object.keys(sample)) s.add(k);
    return s;
  };

  const scenario: VastScenario = {
    offers,
    instances,
    limiter,
    anonymousSearch: scenarioName !== 'no-anonymous',
    get searches() {
      return searches;
    },
    addOffer(overrides = {}) {
      const o = makeOffer(rand, overrides.id ?? nextId++, overrides);
      offers.push(o);
      return o;
    },
    removeOffer(id) {
      const i = offers.findIndex((o) => o.id === id);
      if (i < 0) return false;
      offers.splice(i, 1);
      return true;
    },
    setPrice(id, dphBase) {
      const o = offers.find((x) => x.id === id);
      if (!o) throw new Error(`no offer ${id}`);
      o.dph_base = dphBase;
      o.min_bid = Math.min(o.min_bid, dphBase);
    },
    movePrices(factor, predicate = () => true) {
      for (const o of offers) {
        if (!predicate(o)) continue;
        o.dph_base = Math.round(o.dph_base * factor * 10_000) / 10_000;
        o.min_bid = Math.round(o.min_bid * factor * 10_000) / 10_000;
      }
    },
    setInstances(count) {
      instances.splice(0, instances.length);
      for (let i = 0; i < count; i++) instances.push(makeInstance(rand, 9_000_000 + i * 7));
    },
    tooManyRequests(count = 1, pathIncludes) {
      http.control.failNext(
        { status: 429, body: 'API requests too frequent', headers: { 'content-type': 'text/plain' }, pathIncludes },
        count,
      );
    },
  };

  const tooFrequent = (endpoint: 'bundles' | 'instances' | 'other'): SimResponse =>
    endpoint === 'instances'
      ? json(429, { detail: `API requests too frequent endpoint threshold=1.0` }, JSON_CT)
      : {
          status: 429,
          body: `API requests too frequent endpoint threshold=${endpoint === 'bundles' ? '6.0' : '0.5'}`,
          headers: { 'content-type': 'text/plain' },
        };

  const limited = (req: SimRequest, endpoint: 'bundles' | 'instances' | 'other'): SimResponse | undefined => {
    const who = identity(req) ?? String(req.headers['x-forwarded-for'] ?? 'loopback');
    return limiter.take(`${endpoint}|${who}`, VAST_SIM_LIMITS[endpoint]) ? undefined : tooFrequent(endpoint);
  };

  const search = (req: SimRequest, body: unknown): SimResponse => {
    const key = identity(req);
    const keyOk = key === VAST_SIM_API_KEY || key === VAST_SIM_SCOPED_KEY;
    if ((key !== undefined && !keyOk) || (key === undefined && !scenario.anonymousSearch)) {
      return json(404, { error: 'auth_error', msg: 'Invalid user key' }, JSON_CT);
    }
    const over = limited(req, 'bundles');
    if (over) return over;
    let parsed;
    try {
      parsed = parseQuery(body, knownOfferFields());
    } catch (e) {
      if (e instanceof QueryError) return json(400, { error: 'invalid_request', msg: e.message }, JSON_CT);
      throw e;
    }
    searches++;
    if (scenarioName === 'h100-appears' && searches === 4 && !offers.some((o) => o.gpu_name === 'H100 SXM')) {
      scenario.addOffer({
        gpu_name: 'H100 SXM',
        num_gpus: 8,
        verification: 'verified',
        rentable: true,
        rented: false,
        geolocation: 'Texas, US',
      });
    }
    return json(200, { offers: runQuery(offers, parsed) }, JSON_CT);
  };

  const requireKey = (req: SimRequest): SimResponse | undefined => {
    const key = identity(req);
    if (key === VAST_SIM_API_KEY) return undefined;
    if (key === VAST_SIM_SCOPED_KEY) {
      return json(
        403,
        { success: false, error: 'not_authorized', msg: 'API key lacks the instance_read permission' },
        JSON_CT,
      );
    }
    return json(401, { success: false, error: 'auth_error', msg: 'Invalid user key' }, JSON_CT);
  };

  const listInstances = (req: SimRequest): SimResponse => {
    const denied = requireKey(req);
    if (denied) return denied;
    const over = limited(req, 'instances');
    if (over) return over;
    const bad = (msg: string, error = 'invalid_request'): SimResponse => json(400, { error, msg }, JSON_CT);

    let limit = Number(jsonParam(req, 'limit') ?? 25);
    if (!Number.isFinite(limit)) return bad('Error in query parameters: limit must be an integer');
    limit = limit <= 0 ? 5 : Math.min(25, Math.floor(limit));

    const orderRaw = jsonParam(req, 'order_by') ?? [{ col: 'id', dir: 'asc' }];
    if (!Array.isArray(orderRaw)) return bad('Error in query parameters: order_by must be a JSON list');
    const sample = instances[0] ?? makeInstance(seededRandom(1), 0);
    const order: [string, 'asc' | 'desc'][] = [];
    for (const o of orderRaw as { col?: unknown; dir?: unknown }[]) {
      if (!o || typeof o.col !== 'string' || !(o.col in sample))
        return bad(`Error in query parameters: ${String(o?.col)} is not a valid order column`);
      order.push([o.col, o.dir === 'desc' ? 'desc' : 'asc']);
    }
    if (!order.some(([c]) => c === 'id')) order.push(['id', 'asc']);

    const filtersRaw = jsonParam(req, 'select_filters') ?? {};
    if (!filtersRaw || typeof filtersRaw !== 'object' || Array.isArray(filtersRaw))
      return bad('Error in query parameters: select_filters must be a JSON object');
    const filters: { field: string; op: Op; value: unknown }[] = [];
    for (const [field, spec] of Object.entries(filtersRaw as Record<string, unknown>)) {
      if (COMPUTED_INSTANCE_COLS.has(field) || !(field in sample))
        return bad(`Error in query parameters: ${field} is not a valid search key`);
      if (!spec || typeof spec !== 'object') return bad(`Error in query parameters: ${field} must be an object`);
      for (const [op, value] of Object.entries(spec as Record<string, unknown>)) {
        if (!(OPS as readonly string[]).includes(op)) return bad(`Error in query parameters: invalid operator ${op}`);
        filters.push({ field, op: op as Op, value });
      }
    }

    const cmp = (a: Record<string, unknown>, b: Record<string, unknown>): number => {
      for (const [col, dir] of order) {
        const va = fieldValue(a, col);
        const vb = fieldValue(b, col);
        if (va === vb) continue;
        const na = va === null || va === undefined;
        const nb = vb === null || vb === undefined;
        const c = na
          ? 1
          : nb
            ? -1
            : typeof va === 'number' && typeof vb === 'number'
              ? va - vb
              : String(va).localeCompare(String(vb));
        if (c !== 0) return dir === 'desc' && !na && !nb ? -c : c;
      }
      return 0;
    };
    const rows = instances.filter((r) => filters.every((f) => matches(r, f))).sort(cmp);

    let start = 0;
    const token = req.query.get('after_token');
    if (token) {
      const values = decodeToken(token);
      if (!values) return bad('Invalid after_token', 'invalid_token');
      start = rows.findIndex((r) => cmp(r, values) > 0);
      if (start < 0) start = rows.length;
    }
    const page = rows.slice(start, start + limit);
    const last = page[page.length - 1];
    const more = start + limit < rows.length;
    const nextToken = more && last ? encodeToken(Object.fromEntries(order.map(([c]) => [c, last[c]]))) : null;

    const colsRaw = jsonParam(req, 'select_cols');
    const cols = Array.isArray(colsRaw) ? (colsRaw as unknown[]).map(String) : ['*'];
    const project = (r: VastSimInstance): Record<string, unknown> =>
      cols.includes('*') ? r : Object.fromEntries(cols.map((c) => [c, r[c] ?? null]));

    const labelCounts: Record<string, number> = {};
    for (const r of rows) labelCounts[r.label ?? ''] = (labelCounts[r.label ?? ''] ?? 0) + 1;
    return json(
      200,
      {
        success: true,
        instances_found: page.length,
        total_instances: rows.length,
        label_counts: labelCounts,
        next_token: nextToken,
        instances: page.map(project),
      },
      JSON_CT,
    );
  };

  const router = (req: SimRequest): SimResponse => {
    const p = req.path.endsWith('/') ? req.path : `${req.path}/`;
    if (p === '/api/v0/bundles/') {
      if (req.method === 'POST') {
        if (req.text && req.json === undefined)
          return json(400, { error: 'invalid_request', msg: 'Invalid json body' }, JSON_CT);
        return search(req, req.json ?? {});
      }
      if (req.method === 'GET') {
        const q = jsonParam(req, 'q');
        if (q !== undefined && (typeof q !== 'object' || q === null))
          return json(400, { error: 'invalid_request', msg: 'Invalid json body' }, JSON_CT);
        return search(req, q ?? {});
      }
      return json(405, { error: 'method_not_allowed', msg: `${req.method} not allowed` }, JSON_CT);
    }
    if (p === '/api/v0/search/asks/' && req.method === 'PUT') {
      const body = req.json as { q?: unknown } | undefined;
      if (!body || typeof body !== 'object')
        return json(400, { error: 'invalid_request', msg: 'Invalid json body' }, JSON_CT);
      return search(req, body.q ?? {});
    }
    if (p === '/api/v0/gpu_names/unique/' && req.method === 'GET') {
      const over = limited(req, 'other');
      if (over) return over;
      const names = [...new Set([...GPU_MODELS.map((m) => m.name), ...offers.map((o) => o.gpu_name)])].sort();
      return json(200, { success: true, gpu_names: names }, JSON_CT);
    }
    if (p === '/api/v1/instances/' && req.method === 'GET') return listInstances(req);
    const single = /^\/api\/v0\/instances\/(\d+)\/$/.exec(p);
    if (single && req.method === 'GET') {
      const denied = requireKey(req);
      if (denied) return denied;
      const row = instances.find((i) => i.id === Number(single[1]));
      return json(200, { instances: row ?? null }, JSON_CT);
    }
    return json(404, { success: false, error: 'not_found', msg: `No route for ${req.method} ${req.path}` }, JSON_CT);
  };

  const http: HttpSim = await startHttpSim(router, { port: opts.port, maxRecords: opts.demo ? 2000 : undefined });

  const tick = (): void => {
    // Churn: a few offers vanish (rented out), a few appear, prices drift a few percent.
    const gone = Math.max(1, Math.round(offers.length * 0.03));
    for (let i = 0; i < gone && offers.length > 0; i++) offers.splice(Math.floor(rand() * offers.length), 1);
    const fresh = Math.max(1, Math.round(offerCount * 0.03));
    for (let i = 0; i < fresh; i++) scenario.addOffer();
    for (const o of offers) {
      if (rand() < 0.15) {
        const f = 1 + (rand() * 0.08 - 0.04);
        o.dph_base = Math.round(o.dph_base * f * 10_000) / 10_000;
        o.min_bid = Math.round(Math.min(o.min_bid * f, o.dph_base) * 10_000) / 10_000;
      }
      if (rand() < 0.02) o.rented = !o.rented;
    }
    for (const inst of instances) {
      if (inst.actual_status === 'loading' && rand() < 0.5) inst.actual_status = 'running';
      if (typeof inst.gpu_util === 'number') inst.gpu_util = Math.round(rand() * 1000) / 10;
    }
  };

  return {
    id: 'vastai',
    baseUrl: http.url,
    credentials: { apiKey: VAST_SIM_API_KEY },
    apiKey: VAST_SIM_API_KEY,
    http,
    scenario,
    tick,
    close: () => http.close(),
  };
}

export const vastaiSim: SimulatorDescriptor = {
  id: 'vastai',
  scenarios: [...VASTAI_SCENARIOS],
  start: (opts) => startVastSim(opts),
};
