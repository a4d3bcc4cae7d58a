/**
 * The Vast.ai simulator against the official spec (search_offers.yaml, show_instances.yaml) and
 * against the query semantics the official CLI relies on.
 *
 * Known-wrong parts of the spec, and how they are handled here:
 * - search_offers.yaml's 200 example shows `offers` as one object; the schema (and the real API)
 *   say array. We validate against the schema, and check each row's field types against the
 *   example's row instead (the example's fields are the documented ones).
 * - the request `type` enum says `ondemand`; the CLI and docs send `on-demand`. The request check
 *   adds `on-demand` to the enum.
 * - the request `order` schema puts minItems/maxItems 2 on the list instead of on each
 *   [field, direction] pair, so a one-key order (the CLI default) fails it; the check moves them.
 * - the spec answers a bad key on /bundles/ with 404 (not 401); the simulator does the same and the
 *   client treats a 404 "Invalid user key" as an auth error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildVastQuery } from '../../src/core/providers/vastai/query';
import { startVastSim, VAST_SIM_API_KEY, type VastRunningSim } from '../../src/sim/vastai';
import { fieldValue } from '../../src/sim/vastai/query';
import { assertValid, loadSpec, responseValidator } from '../helpers/openapi';

let sim: VastRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(opts: Parameters<typeof startVastSim>[0] = {}): Promise<VastRunningSim> {
  sim = await startVastSim({ seed: 3, ...opts });
  return sim;
}

const search = spec('vast/search_offers.yaml');
const instancesSpec = spec('vast/show_instances.yaml');
function spec(file: string) {
  return loadSpec(file);
}

interface Reply {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: unknown;
  text: string;
}

async function call(
  s: VastRunningSim,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${s.baseUrl}${path}`, {
    method,
    headers: {
      'User-Agent': 'vastai-cli/1.0.0',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    body: parsed,
    text,
  };
}

const offersOf = (r: Reply): Record<string, unknown>[] => (r.body as { offers: Record<string, unknown>[] }).offers;

/** JSON type of each field in the spec's example row; null in the example = any type. */
function exampleRowTypes(): Record<string, string> {
  const op = search.doc.paths['/api/v0/bundles/']!.post as {
    responses: Record<string, { content: Record<string, { example: { offers: Record<string, unknown> } }> }>;
  };
  const row = op.responses['200']!.content['application/json']!.example.offers;
  const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, kind(v)]));
}

describe('POST /api/v0/bundles/ matches the spec', () => {
  it('200 body validates against the schema; rows carry every documented field with its type', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v0/bundles/', buildVastQuery());
    expect(r.status).toBe(200);
    // The CLI refuses anything but exactly this content type.
    expect(r.contentType).toBe('application/json');
    assertValid(responseValidator(search, 'post', '/api/v0/bundles/', 200), r.body, 'bundles 200');
    const types = exampleRowTypes();
    for (const row of offersOf(r)) {
      for (const [field, type] of Object.entries(types)) {
        expect(row, `field ${field}`).toHaveProperty(field);
        if (type === 'null' || row[field] === null) continue;
        // The example writes integers as numbers and floats as numbers: both are `number`.
        expect(Array.isArray(row[field]) ? 'array' : typeof row[field], `type of ${field}`).toBe(type);
      }
    }
  });

  it('the query cloudtop sends validates against the request schema (with the `on-demand` spelling)', () => {
    const raw = (
      search.doc.paths['/api/v0/bundles/']!.post as {
        requestBody: { content: Record<string, { schema: Record<string, unknown> }> };
      }
    ).requestBody.content['application/json']!.schema;
    const schema = structuredClone(raw) as {
      properties: { type: { enum: string[] }; order: Record<string, unknown> & { items: Record<string, unknown> } };
    };
    schema.properties.type.enum.push('on-demand');
    // Spec bug: minItems/maxItems 2 sit on `order` itself, not on its [field, direction] pairs, so
    // the spec's own CLI default `[["score","desc"]]` would fail. Move them where they belong.
    const { minItems, maxItems } = schema.properties.order;
    delete schema.properties.order.minItems;
    delete schema.properties.order.maxItems;
    Object.assign(schema.properties.order.items, { minItems, maxItems });
    const validate = search.ajv.compile(schema);
    assertValid(
      validate,
      buildVastQuery({
        gpuNames: ['H100 SXM'],
        minGpus: 2,
        maxPricePerHour: 10,
        minReliability: 0.99,
        countries: ['US'],
      }),
      'request',
    );
    assertValid(validate, buildVastQuery({}, 'interruptible'), 'bid request');
  });

  it('400 for a bad query, with Vast’s error body', async () => {
    const s = await start();
    const validate = responseValidator(search, 'post', '/api/v0/bundles/', 400);
    const cases: [unknown, RegExp][] = [
      ['{not json', /Invalid json body/],
      [{ no_such_field: { eq: 1 } }, /no_such_field is not a valid search key/],
      // A response field, not a search key (vast-cli offers_fields; search_offers.yaml).
      [{ reliability2: { gte: 0.9 } }, /reliability2 is not a valid search key/],
      [{ gpu_name: { like: 'H100' } }, /invalid operator like/],
      [{ gpu_name: 'H100 SXM' }, /gpu_name must be an object/],
      [{ gpu_name: { in: 'H100 SXM' } }, /needs a list/],
      [{ order: 'dph_total' }, /order must be a list/],
      [{ order: [['nope', 'asc']] }, /nope is not a valid order key/],
      [{ type: 'interruptible' }, /invalid type/],
      [{ limit: -1 }, /limit/],
    ];
    for (const [body, msg] of cases) {
      const r = await call(s, 'POST', '/api/v0/bundles/', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: 'invalid_request', msg: expect.stringMatching(msg) });
      assertValid(validate, r.body, 'bundles 400');
    }
  });

  it('a wrong key gets the spec\'s 404 "Invalid user key"', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v0/bundles/', {}, { Authorization: 'Bearer nope' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'auth_error', msg: 'Invalid user key' });
    assertValid(responseValidator(search, 'post', '/api/v0/bundles/', 404), r.body, 'bundles 404');
  });
});

describe('offer search applies the query like the real API', () => {
  it('answers the official CLI: `vastai search offers "gpu_name=H100_SXM num_gpus>=4 reliability>0.99"`', async () => {
    const s = await start({ demo: true });
    // GET /gpu_names/unique/ comes first; names use spaces.
    const names = await call(s, 'GET', '/api/v0/gpu_names/unique/');
    expect(names.body).toMatchObject({ success: true, gpu_names: expect.arrayContaining(['H100 SXM', 'RTX 4090']) });
    // Exactly what vast-cli's parse_query produces: numbers stay strings, underscores become spaces.
    const body = {
      verified: { eq: true },
      external: { eq: false },
      rentable: { eq: true },
      rented: { eq: false },
      gpu_name: { eq: 'H100 SXM' },
      num_gpus: { gte: '4' },
      reliability: { gt: '0.99' },
      order: [['score', 'desc']],
      type: 'on-demand',
      allocated_storage: 5.0,
    };
    const r = await call(s, 'POST', '/api/v0/bundles/', body, { Authorization: `Bearer ${VAST_SIM_API_KEY}` });
    expect(r.contentType).toBe('application/json');
    const rows = offersOf(r);
    const expected = s.scenario.offers.filter(
      (o) =>
        o.gpu_name === 'H100 SXM' &&
        o.num_gpus >= 4 &&
        o.reliability > 0.99 &&
        o.verification === 'verified' &&
        o.rentable &&
        !o.rented &&
        o.external === false,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    const scores = rows.map((o) => o.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // allocated_storage 5 GB is priced in: dph_total = dph_base + 5 × storage_cost / 720.
    for (const o of rows)
      expect(o.dph_total).toBeCloseTo((o.dph_base as number) + (5 * (o.storage_cost as number)) / 720, 5);
  });

  it('supports every operator, on any field, and geolocation by country code', async () => {
    const s = await start({ demo: true });
    s.scenario.limiter.enabled = false;
    const any = { verified: { in: [true, false] }, rented: { in: [true, false] } };
    const all = offersOf(await call(s, 'POST', '/api/v0/bundles/', any));
    expect(all).toHaveLength(s.scenario.offers.filter((o) => o.rentable).length);
    const q = async (body: Record<string, unknown>) =>
      offersOf(await call(s, 'POST', '/api/v0/bundles', { ...any, ...body }));
    const cases: [Record<string, unknown>, (o: Record<string, unknown>) => boolean][] = [
      [{ num_gpus: { eq: 8 } }, (o) => o.num_gpus === 8],
      [{ num_gpus: { neq: 1 } }, (o) => o.num_gpus !== 1],
      [{ dph_total: { lt: 1 } }, (o) => (o.dph_total as number) < 1],
      [{ dph_total: { lte: 1, gt: 0.5 } }, (o) => (o.dph_total as number) <= 1 && (o.dph_total as number) > 0.5],
      [{ gpu_ram: { gte: 80_000 } }, (o) => (o.gpu_ram as number) >= 80_000],
      [{ gpu_name: { in: ['RTX 4090', 'RTX 3090'] } }, (o) => o.gpu_name === 'RTX 4090' || o.gpu_name === 'RTX 3090'],
      [{ gpu_name: { notin: ['RTX 4090'] } }, (o) => o.gpu_name !== 'RTX 4090'],
      [{ geolocation: { in: ['US', 'CA'] } }, (o) => /, (US|CA)$/.test(o.geolocation as string)],
      [{ geolocation: { notin: ['US'] } }, (o) => !/, US$/.test(o.geolocation as string)],
      [{ verified: { eq: false } }, (o) => o.verification !== 'verified'],
      [{ datacenter: { eq: true } }, (o) => o.hosting_type === 1],
      [{ cuda_max_good: { gte: '12.8' } }, (o) => (o.cuda_max_good as number) >= 12.8],
      [{ driver_version: { gte: '560.35.03' } }, (o) => (o.driver_vers as number) >= 560035003],
    ];
    for (const [filter, pred] of cases) {
      const rows = await q(filter);
      const expected = all.filter(pred);
      expect(rows.map((o) => o.id).sort(), JSON.stringify(filter)).toEqual(expected.map((o) => o.id).sort());
    }
  });

  it('orders by several keys and applies limit after ordering', async () => {
    const s = await start({ demo: true });
    const rows = offersOf(
      await call(s, 'POST', '/api/v0/bundles/', {
        order: [
          ['num_gpus', 'desc'],
          ['dph_total', 'asc'],
        ],
        limit: 40,
      }),
    );
    expect(rows).toHaveLength(40);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      const ok =
        (a.num_gpus as number) > (b.num_gpus as number) ||
        (a.num_gpus === b.num_gpus && (a.dph_total as number) <= (b.dph_total as number));
      expect(ok, `row ${i}`).toBe(true);
    }
    expect(rows[0]!.num_gpus).toBe(Math.max(...s.scenario.offers.map((o) => o.num_gpus)));
  });

  it('prices bid searches at the minimum bid and marks them is_bid', async () => {
    const s = await start();
    const rows = offersOf(await call(s, 'POST', '/api/v0/bundles/', { type: 'bid', allocated_storage: 0 }));
    for (const o of rows) {
      expect(o.is_bid).toBe(true);
      expect(o.dph_total).toBeCloseTo(o.min_bid as number, 6);
    }
    // The spec spelling `ondemand` is accepted too.
    expect((await call(s, 'POST', '/api/v0/bundles/', { type: 'ondemand' })).status).toBe(200);
  });

  it('also answers GET ?q= and the CLI’s PUT /api/v0/search/asks/', async () => {
    const s = await start();
    const q = { gpu_name: { eq: 'RTX 4090' }, order: [['dph_total', 'asc']] };
    const post = offersOf(await call(s, 'POST', '/api/v0/bundles/', q));
    const get = offersOf(await call(s, 'GET', `/api/v0/bundles?q=${encodeURIComponent(JSON.stringify(q))}`));
    const put = offersOf(await call(s, 'PUT', '/api/v0/search/asks/', { select_cols: ['*'], q }));
    expect(get.map((o) => o.id)).toEqual(post.map((o) => o.id));
    expect(put.map((o) => o.id)).toEqual(post.map((o) => o.id));
  });

  it('429s a burst above 10 searches/min with no Retry-After, plain text like the real API', async () => {
    const s = await start();
    const statuses: number[] = [];
    let last: Reply | undefined;
    for (let i = 0; i < 12; i++) {
      last = await call(s, 'POST', '/api/v0/bundles/', {});
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((x) => x === 200)).toBe(true);
    expect(statuses[11]).toBe(429);
    expect(last!.retryAfter).toBeNull();
    expect(last!.text).toMatch(/^API requests too frequent/);
  });
});

describe('GET /api/v1/instances/ matches the spec', () => {
  const auth = { Authorization: `Bearer ${VAST_SIM_API_KEY}` };

  it('keyset pages validate against show_instances.yaml and cover every instance once', async () => {
    const s = await start({ scenario: 'many-instances' });
    const validate = responseValidator(instancesSpec, 'get', '/api/v1/instances/', 200);
    const seen: number[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const qs = new URLSearchParams({
        limit: '25',
        order_by: JSON.stringify([{ col: 'id', dir: 'asc' }]),
        select_filters: '{}',
      });
      if (token) qs.set('after_token', token);
      const r = await call(s, 'GET', `/api/v1/instances/?${qs}`, undefined, auth);
      expect(r.status).toBe(200);
      assertValid(validate, r.body, `instances page ${pages}`);
      const body = r.body as {
        instances: { id: number; start_date: number; extra_env: string[][] }[];
        next_token: string | null;
        instances_found: number;
        total_instances: number;
      };
      expect(body.instances_found).toBe(body.instances.length);
      expect(body.total_instances).toBe(60);
      // The CLI computes duration from start_date and builds a dict from extra_env pairs.
      for (const i of body.instances) {
        expect(typeof i.start_date).toBe('number');
        expect(i.extra_env.every((p) => p.length === 2)).toBe(true);
      }
      seen.push(...body.instances.map((i) => i.id));
      token = body.next_token;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(s.scenario.instances.map((i) => i.id).sort((a, b) => a - b));
  });

  it('caps limit at 25, treats ≤0 as 5, accepts ?api_key=, applies select_filters/select_cols and desc order', async () => {
    const s = await start({ scenario: 'many-instances' });
    s.scenario.limiter.enabled = false;
    const get = async (qs: string, headers: Record<string, string> = auth) =>
      (await call(s, 'GET', `/api/v1/instances/?${qs}`, undefined, headers)).body as {
        instances: Record<string, unknown>[];
      };
    expect((await get('limit=100')).instances).toHaveLength(25);
    expect((await get('limit=0')).instances).toHaveLength(5);
    expect((await get(`limit=3&api_key=${VAST_SIM_API_KEY}`, {})).instances).toHaveLength(3);
    const running = await get(`select_filters=${encodeURIComponent('{"actual_status":{"eq":"running"}}')}`);
    expect(running.instances.every((i) => i.actual_status === 'running')).toBe(true);
    const cols = await get(`limit=2&select_cols=${encodeURIComponent('["id","label","nope"]')}`);
    expect(Object.keys(cols.instances[0]!).sort()).toEqual(['id', 'label', 'nope']);
    expect(cols.instances[0]!.nope).toBeNull();
    const desc = await get(`order_by=${encodeURIComponent('[{"col":"id","dir":"desc"}]')}`);
    const ids = desc.instances.map((i) => fieldValue(i, 'id') as number);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('400 for a bad token or computed filter, 401 without a key, 429 {"detail"} after a burst — all per the spec', async () => {
    const s = await start({ scenario: 'many-instances' });
    const v400 = responseValidator(instancesSpec, 'get', '/api/v1/instances/', 400);
    const badToken = await call(s, 'GET', '/api/v1/instances/?after_token=garbage', undefined, auth);
    expect(badToken.status).toBe(400);
    expect(badToken.body).toMatchObject({ error: 'invalid_token' });
    assertValid(v400, badToken.body, 'invalid token');
    const computed = await call(
      s,
      'GET',
      `/api/v1/instances/?select_filters=${encodeURIComponent('{"dph_total":{"lt":1}}')}`,
      undefined,
      auth,
    );
    expect(computed.status).toBe(400);
    expect(computed.body).toMatchObject({ error: 'invalid_request', msg: expect.stringContaining('dph_total') });
    assertValid(v400, computed.body, 'computed filter');

    const noKey = await call(s, 'GET', '/api/v1/instances/');
    expect(noKey.status).toBe(401);
    assertValid(responseValidator(instancesSpec, 'get', '/api/v1/instances/', 401), noKey.body, '401');

    let r: Reply | undefined;
    for (let i = 0; i < 8 && r?.status !== 429; i++)
      r = await call(s, 'GET', '/api/v1/instances/?limit=1', undefined, auth);
    expect(r!.status).toBe(429);
    expect(r!.retryAfter).toBeNull();
    assertValid(responseValidator(instancesSpec, 'get', '/api/v1/instances/', 429), r!.body, '429');
  });
});

describe('demo mode', () => {
  it('has a few hundred offers, churns on tick, and is reproducible from the seed', async () => {
    const a = await startVastSim({ demo: true, seed: 99 });
    const b = await startVastSim({ demo: true, seed: 99 });
    try {
      expect(a.scenario.offers.length).toBeGreaterThanOrEqual(200);
      expect(a.scenario.offers.map((o) => [o.id, o.dph_base])).toEqual(
        b.scenario.offers.map((o) => [o.id, o.dph_base]),
      );
      const before = new Map(a.scenario.offers.map((o) => [o.id, o.dph_base]));
      a.tick();
      const after = new Map(a.scenario.offers.map((o) => [o.id, o.dph_base]));
      const gone = [...before.keys()].filter((id) => !after.has(id));
      const fresh = [...after.keys()].filter((id) => !before.has(id));
      const moved = [...after].filter(([id, p]) => before.has(id) && before.get(id) !== p);
      expect(gone.length).toBeGreaterThan(0);
      expect(fresh.length).toBeGreaterThan(0);
      expect(moved.length).toBeGreaterThan(0);
      for (const [id, p] of moved) expect(Math.abs(p / before.get(id)! - 1)).toBeLessThan(0.05);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('scenario h100-appears: no H100 SXM until the 4th search', async () => {
    const s = await start({ scenario: 'h100-appears' });
    const h100 = async () =>
      offersOf(await call(s, 'POST', '/api/v0/bundles/', { gpu_name: { eq: 'H100 SXM' } })).length;
    expect([await h100(), await h100(), await h100()]).toEqual([0, 0, 0]);
    expect(await h100()).toBe(1);
  });
});
