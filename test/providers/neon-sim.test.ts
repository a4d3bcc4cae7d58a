/**
 * The Neon simulator against Neon's official OpenAPI document (neon-api-v2-openapi.yaml, shipped in
 * @neondatabase/api-client 2.7.3): every answer cloudtop reads is validated, errors included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNeonSim, type NeonRunningSim } from '../../src/sim/neon';
import { assertValid, loadSpec, responseValidator } from '../helpers/openapi';

const spec = loadSpec('neon/neon-api-v2-openapi.yaml');
const v = (path: string, status: number | string) => responseValidator(spec, 'get', path, status);

describe('Neon simulator vs the official OpenAPI', () => {
  let sim: NeonRunningSim;
  const get = async (p: string, key?: string): Promise<{ status: number; body: unknown; headers: Headers }> => {
    const res = await fetch(`${sim.baseUrl}${p}`, { headers: { authorization: `Bearer ${key ?? sim.keys.org}` } });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };

  beforeAll(async () => {
    sim = await startNeonSim({ seed: 31 });
  });
  afterAll(() => sim.close());

  it('projects: pages, the empty last page, and project details', async () => {
    const first = await get('/projects?limit=2');
    assertValid(v('/projects', 200), first.body, 'GET /projects');
    const b = first.body as { projects: { id: string }[]; pagination: { cursor: string } };
    expect(b.projects).toHaveLength(2);
    let cursor = b.pagination.cursor;
    let last: unknown;
    for (let i = 0; i < 5; i++) {
      const page = await get(`/projects?limit=2&cursor=${encodeURIComponent(cursor)}`);
      assertValid(v('/projects', 200), page.body, 'GET /projects (next)');
      last = page.body;
      const pb = page.body as typeof b;
      if (pb.projects.length === 0) break;
      cursor = pb.pagination.cursor;
    }
    expect((last as typeof b).projects).toEqual([]);
    expect((last as typeof b).pagination.cursor.length).toBeGreaterThan(0);
    const detail = await get(`/projects/${b.projects[0]!.id}`);
    assertValid(v('/projects/{project_id}', 200), detail.body, 'GET /projects/{id}');
  });

  it('branches (with `next`), databases and endpoints', async () => {
    const p = sim.scenario.projects[0]!;
    const page1 = await get(`/projects/${p.id}/branches?limit=2`);
    assertValid(v('/projects/{project_id}/branches', 200), page1.body, 'GET branches');
    const next = (page1.body as { pagination: { next?: string } }).pagination.next!;
    expect(next).toBeTruthy();
    const page2 = await get(`/projects/${p.id}/branches?limit=2&cursor=${encodeURIComponent(next)}`);
    assertValid(v('/projects/{project_id}/branches', 200), page2.body, 'GET branches (last)');
    expect((page2.body as { pagination: { next?: string } }).pagination.next).toBeUndefined();
    const dbs = await get(`/projects/${p.id}/branches/${p.branches[0]!.id}/databases`);
    assertValid(v('/projects/{project_id}/branches/{branch_id}/databases', 200), dbs.body, 'GET databases');
    const eps = await get(`/projects/${p.id}/endpoints`);
    assertValid(v('/projects/{project_id}/endpoints', 200), eps.body, 'GET endpoints');
    const states = (eps.body as { endpoints: { current_state: string }[] }).endpoints.map((e) => e.current_state);
    expect(states.every((s) => ['init', 'active', 'idle'].includes(s))).toBe(true);
  });

  it('auth and organizations', async () => {
    assertValid(v('/auth', 200), (await get('/auth')).body, 'GET /auth');
    assertValid(
      v('/users/me/organizations', 200),
      (await get('/users/me/organizations', sim.keys.personal)).body,
      'GET orgs',
    );
  });

  it('consumption history v2: data, the plan gate (403), the hourly range (406) and 429', async () => {
    const org = sim.scenario.orgs[0]!;
    const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const from = new Date(to.getTime() - 6 * 3_600_000);
    const q = (o: string, f = from) =>
      `/consumption_history/v2/projects?org_id=${o}&from=${f.toISOString()}&to=${to.toISOString()}&granularity=hourly&metrics=compute_unit_seconds,public_network_transfer_bytes`;
    const okRes = await get(q(org.id));
    expect(okRes.status).toBe(200);
    assertValid(v('/consumption_history/v2/projects', 200), okRes.body, 'consumption 200');
    const frames = (okRes.body as { projects: { periods: { consumption: unknown[] }[] }[] }).projects[0]!.periods[0]!
      .consumption;
    expect(frames).toHaveLength(6);

    const free = sim.scenario.orgs.find((o) => o.plan === 'free')!;
    const gated = await get(q(free.id), sim.keys.freeOrg);
    expect(gated.status).toBe(403);
    assertValid(v('/consumption_history/v2/projects', 403), gated.body, 'consumption 403');
    expect((gated.body as { message: string }).message).toMatch(/requires a Launch, Scale/);

    const tooOld = await get(q(org.id, new Date(to.getTime() - 200 * 3_600_000)));
    expect(tooOld.status).toBe(406);
    assertValid(v('/consumption_history/v2/projects', 406), tooOld.body, 'consumption 406');

    sim.scenario.tooManyRequests(1, { retryAfterSeconds: 2, pathIncludes: '/consumption_history' });
    const limited = await get(q(org.id));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    assertValid(v('/consumption_history/v2/projects', 429), limited.body, 'consumption 429');
  });

  it('errors are GeneralError', async () => {
    const unauth = await get('/projects', 'napi_wrong');
    expect(unauth.status).toBe(401);
    assertValid(v('/projects', 'default'), unauth.body, '401');
    const missing = await get('/projects/no-such-project-1/endpoints');
    expect(missing.status).toBe(404);
    assertValid(v('/projects/{project_id}/endpoints', 'default'), missing.body, '404');
  });

  it('a 429 past the per-key budget', async () => {
    const s = await startNeonSim({ seed: 1 });
    try {
      s.scenario.rateLimit.perMinute = 2;
      const h = { authorization: `Bearer ${s.keys.org}` };
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${s.baseUrl}/auth`, { headers: h })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await s.close();
    }
  });

  it('tick(): active computes accrue usage, computes suspend and resume', async () => {
    let now = Date.UTC(2026, 2, 1, 12, 0, 0);
    const s = await startNeonSim({ seed: 4, demo: true, now: () => now });
    try {
      const eps = s.scenario.projects.flatMap((p) => p.endpoints);
      const usage = (): number => s.scenario.projects.reduce((a, p) => a + p.compute_time_seconds, 0);
      const seen = new Set<string>();
      const before = usage();
      s.tick();
      for (let i = 0; i < 30; i++) {
        now += 60_000;
        const prev = new Map(eps.map((e) => [e.id, e.current_state]));
        s.tick();
        for (const e of eps) if (prev.get(e.id) !== e.current_state) seen.add(`${prev.get(e.id)}->${e.current_state}`);
      }
      expect(usage()).toBeGreaterThan(before);
      expect(seen).toEqual(new Set(['active->idle', 'idle->active']));
      expect(s.scenario.wakes).toBe(0);
    } finally {
      await s.close();
    }
  });
});
