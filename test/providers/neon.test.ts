/**
 * Contract tests: the real Neon provider (official @neondatabase/api-client over axios' fetch
 * adapter bound to our collector HttpClient) against the Neon simulator on loopback.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { neonProvider } from '../../src/core/providers/neon';
import { ResourceSchema, type Resource } from '../../src/shared/model';
import { caught as rejection } from './harness';
import { startNeonSim, type NeonRunningSim } from '../../src/sim/neon';
import { connectProvider, type ConnectOptions } from '../helpers/real-provider-client';

const signal = (): AbortSignal => new AbortController().signal;

function connect(sim: NeonRunningSim, apiKey: string, o: Partial<ConnectOptions> = {}) {
  return connectProvider(neonProvider, { baseUrl: sim.baseUrl, credentials: { apiKey }, ...o });
}

const byKind = (rs: Resource[], kind: Resource['kind']): Resource[] => rs.filter((r) => r.kind === kind);
const projectPaths = (sim: NeonRunningSim, from = 0) =>
  sim.http.requests.slice(from).filter((q) => q.path === '/api/v2/projects');

describe('Neon descriptor', () => {
  it('declares the documented base URL and at most half the documented rate limit', () => {
    expect(neonProvider.defaultBaseUrl).toBe('https://console.neon.tech/api/v2');
    expect(neonProvider.kind).toBe('cloud');
    // Half of 700/min, spent in bursts of at most half the 40/s per-route burst.
    const { intervalCap, intervalMs, burst } = neonProvider.rateLimit;
    expect((intervalCap / intervalMs) * 60_000).toBeLessThanOrEqual(350);
    expect(burst).toBeDefined();
    expect((burst!.intervalCap / burst!.intervalMs) * 1000).toBeLessThanOrEqual(20);
    expect(neonProvider.capabilities).toEqual({ offers: false, resources: true, metrics: true });
    expect(neonProvider.credentialSchema.safeParse({ apiKey: 'k', orgId: '' }).success).toBe(true);
    expect(neonProvider.credentialSchema.safeParse({ apiKey: 'k', orgId: 'Org With Spaces' }).success).toBe(false);
  });
});

describe('Neon provider against the simulator', () => {
  let sim: NeonRunningSim;
  beforeAll(async () => {
    sim = await startNeonSim({ seed: 5 });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.http.control.reset());

  it('tells an organization key from a personal key', async () => {
    expect((await connect(sim, sim.keys.org).client.testConnection(signal())).detail).toBe(
      'Organization API key valid',
    );
    expect((await connect(sim, sim.keys.personal).client.testConnection(signal())).detail).toBe(
      'Personal API key valid; 2 organizations: Acme, Hobby',
    );
  });

  it('rejects a wrong key with an actionable message that never echoes it', async () => {
    const bogus = 'napi_thisisnotarealkey0000000000000000000000000000000000000000000';
    const e = await rejection(connect(sim, bogus).client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.status).toBe(401);
    expect(e.message).toBe('Neon rejected the API key (401 on auth) — Neon says "authentication required"');
    expect(e.hint).toMatch(/API key/);
    expect(`${e.message}${e.hint}`).not.toContain(bogus);
  });

  it('lists projects, branches, databases and computes with state, autoscaling and suspend timeout', async () => {
    const { client } = connect(sim, sim.keys.org);
    const rs = await client.fetchResources!(signal());
    for (const r of rs) expect(ResourceSchema.safeParse(r).success).toBe(true);
    const acme = sim.scenario.orgs[0]!;
    const simProjects = sim.scenario.projects.filter((p) => p.org_id === acme.id);
    expect(
      byKind(rs, 'project')
        .map((r) => r.name)
        .sort(),
    ).toEqual(simProjects.map((p) => p.name).sort());
    expect(byKind(rs, 'branch')).toHaveLength(simProjects.reduce((a, p) => a + p.branches.length, 0));
    expect(byKind(rs, 'database')).toHaveLength(
      simProjects.reduce((a, p) => a + p.branches.reduce((x, b) => x + b.databases.length, 0), 0),
    );
    const computes = byKind(rs, 'compute-endpoint');
    expect(computes).toHaveLength(simProjects.reduce((a, p) => a + p.endpoints.length, 0));
    for (const c of computes) {
      const e = simProjects.flatMap((p) => p.endpoints).find((x) => x.id === c.meta.endpointId)!;
      expect(c.state).toBe(e.current_state === 'active' ? 'running' : 'idle');
      expect(c.meta.minCu).toBe(e.min_cu);
      expect(c.meta.maxCu).toBe(e.max_cu);
      const expected =
        e.suspend_timeout_seconds === -1
          ? 'never'
          : `${e.suspend_timeout_seconds === 0 ? 300 : e.suspend_timeout_seconds} s`;
      expect(c.meta.suspendTimeout).toBe(expected);
      expect(c.parentId).toBe(
        `neon:branch:${e ? simProjects.find((p) => p.endpoints.includes(e))!.id : ''}/${e.branch_id}`,
      );
    }
    expect(computes.some((c) => c.state === 'running')).toBe(true);
    expect(computes.some((c) => c.state === 'idle')).toBe(true);
    const awake = byKind(rs, 'project').find((p) => p.meta.activeComputes === 1)!;
    expect(awake.state).toBe('running');
    expect(awake.region).toMatch(/^(aws|azure)-/);
  });

  it('with a personal key, lists personal projects and every organization it belongs to', async () => {
    const personal = await startNeonSim({ scenario: 'personal-key', seed: 8 });
    try {
      const { client } = connect(personal, personal.credentials.apiKey!);
      const rs = await client.fetchResources!(signal());
      expect(byKind(rs, 'project')).toHaveLength(personal.scenario.projects.length);
      const orgParams = projectPaths(personal).map((q) => new URLSearchParams(q.query).get('org_id'));
      expect(orgParams).toContain(null);
      for (const o of personal.scenario.orgs) expect(orgParams).toContain(o.id);
    } finally {
      await personal.close();
    }
  });

  it('follows the projects cursor until an empty page and branches until `next` disappears', async () => {
    const many = await startNeonSim({ scenario: 'many-projects', seed: 9 });
    try {
      const [big] = many.scenario.addProjects(1, many.scenario.orgs[0]!.id, { branches: 250 });
      // This test is about paging; the first poll of 231 projects exceeds Neon's 700/min on purpose.
      many.scenario.rateLimit.perMinute = 100_000;
      const { client } = connect(many, many.credentials.apiKey!);
      const rs = await client.fetchResources!(signal());
      const projects = byKind(rs, 'project');
      expect(projects).toHaveLength(231);
      expect(new Set(projects.map((p) => p.id)).size).toBe(231);
      // 231 projects at 100 per page: three full-or-partial pages, then the empty page that ends it.
      const pages = projectPaths(many);
      expect(pages).toHaveLength(4);
      expect(new URLSearchParams(pages[0]!.query).get('cursor')).toBeNull();
      const branches = byKind(rs, 'branch').filter((b) => b.meta.projectId === big!.id);
      expect(branches).toHaveLength(250);
      const branchPages = many.http.requests.filter((q) => q.path === `/api/v2/projects/${big!.id}/branches`);
      expect(branchPages).toHaveLength(3);
    } finally {
      await many.close();
    }
  });

  it('reads billing-period usage and hourly consumption without waking any compute', async () => {
    // A fresh simulator (new port), so every connection the client needs is a new socket we see.
    const sim = await startNeonSim({ seed: 5 });
    const connects: string[] = [];
    const original = net.Socket.prototype.connect;
    const spy = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
      this: net.Socket,
      ...args: unknown[]
    ) {
      const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string; port?: number } | number;
      connects.push(typeof first === 'object' ? `${first.host}:${first.port}` : `${String(args[1])}:${first}`);
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    });
    const idleBefore = sim.scenario.projects
      .flatMap((p) => p.endpoints)
      .filter((e) => e.current_state === 'idle')
      .map((e) => e.id);
    const before = sim.http.requests.length;
    try {
      const { client } = connect(sim, sim.keys.org);
      const rs = await client.fetchResources!(signal());
      const m = await client.fetchMetrics!(rs, signal());
      const project = byKind(rs, 'project')[0]!;
      const series = m.get(project.id)!;
      expect(series.map((s) => s.name)).toEqual(
        expect.arrayContaining([
          'active_time_seconds',
          'compute_time_seconds',
          'written_data_bytes',
          'data_transfer_bytes',
          'storage_bytes',
          'compute_unit_seconds',
          'network_transfer',
        ]),
      );
      const simProject = sim.scenario.projects.find((p) => p.id === project.meta.projectId)!;
      expect(series.find((s) => s.name === 'active_time_seconds')!.points[0]![1]).toBe(simProject.active_time_seconds);
      const cu = series.find((s) => s.name === 'compute_unit_seconds')!;
      expect(cu.points).toHaveLength(24);
      expect(cu.stepMs).toBe(3_600_000);
      const branch = byKind(rs, 'branch')[0]!;
      expect(m.get(branch.id)!.map((s) => s.name)).toContain('logical_size_bytes');
      // One consumption request per organization per poll: a short page ends it (no empty extra page).
      const consumption = sim.http.requests
        .slice(before)
        .filter((q) => q.path === '/api/v2/consumption_history/v2/projects');
      const orgs = new Set(byKind(rs, 'project').map((p) => p.meta.orgId));
      expect(consumption).toHaveLength(orgs.size);
    } finally {
      spy.mockRestore();
      await sim.close();
    }
    expect(connects.length).toBeGreaterThan(0);
    expect(new Set(connects)).toEqual(new Set([`127.0.0.1:${sim.http.port}`]));
    const hosts = sim.scenario.computeHosts();
    expect(connects.some((c) => hosts.some((h) => c.startsWith(h)))).toBe(false);
    expect(sim.scenario.wakes).toBe(0);
    const sent = sim.http.requests.slice(before);
    expect(sent.every((q) => q.method === 'GET' && q.path.startsWith('/api/v2/'))).toBe(true);
    expect(
      sim.scenario.projects
        .flatMap((p) => p.endpoints)
        .filter((e) => e.current_state === 'idle')
        .map((e) => e.id),
    ).toEqual(idleBefore);
  });

  it('says "not available on this plan" on the project when consumption history is plan-gated', async () => {
    const free = await startNeonSim({ scenario: 'free-plan', seed: 12 });
    try {
      const { client } = connect(free, free.credentials.apiKey!);
      const rs = await client.fetchResources!(signal());
      const m = await client.fetchMetrics!(rs, signal());
      const project = byKind(rs, 'project')[0]!;
      const names = m.get(project.id)!.map((s) => s.name);
      expect(names).toContain('active_time_seconds');
      expect(names).not.toContain('compute_unit_seconds');
      const consumption = free.http.requests.filter((q) => q.path === '/api/v2/consumption_history/v2/projects');
      expect(consumption.map((q) => q.status)).toEqual([403]);
      const again = byKind(await client.fetchResources!(signal()), 'project').find((p) => p.id === project.id)!;
      expect(again.issues).toEqual([
        expect.objectContaining({
          code: 'forbidden',
          message: 'Consumption history: not available on this plan',
          status: 403,
        }),
      ]);
      expect(again.issues[0]!.hint).toMatch(/Launch, Scale/);
    } finally {
      await free.close();
    }
  });

  it('shows a compute suspending and resuming between polls', async () => {
    const { client } = connect(sim, sim.keys.org);
    const e = sim.scenario.projects[0]!.endpoints[0]!;
    sim.scenario.setEndpointState(e.id, 'active');
    const find = (rs: Resource[]) => rs.find((r) => r.meta.endpointId === e.id)!;
    expect(find(await client.fetchResources!(signal())).state).toBe('running');
    sim.scenario.setEndpointState(e.id, 'idle');
    const idle = find(await client.fetchResources!(signal()));
    expect(idle.state).toBe('idle');
    expect(idle.meta.suspendedAt).toBe(e.suspended_at);
    sim.scenario.setEndpointState(e.id, 'active');
    expect(find(await client.fetchResources!(signal())).state).toBe('running');
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const { client, http } = connect(sim, sim.keys.org);
    sim.scenario.tooManyRequests(1, { retryAfterSeconds: 1, pathIncludes: '/auth' });
    const before = sim.http.requests.length;
    await client.testConnection(signal());
    const tries = sim.http.requests.slice(before).filter((q) => q.path === '/api/v2/auth');
    expect(tries.map((q) => q.status)).toEqual([429, 200]);
    // Never earlier than asked (a lower bound only: a slow machine can only make the gap longer).
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
    expect(http.stats().retries).toBe(1);
  });

  it('backs off on a 429 without Retry-After and gives up with rate_limited when it persists', async () => {
    const { client } = connect(sim, sim.keys.org);
    sim.scenario.tooManyRequests(1, { pathIncludes: '/auth' });
    await expect(client.testConnection(signal())).resolves.toMatchObject({ ok: true });
    sim.scenario.tooManyRequests(10, { pathIncludes: '/auth' });
    const e = await rejection(connect(sim, sim.keys.org).client.testConnection(signal()));
    expect(e.code).toBe('rate_limited');
    expect(e.status).toBe(429);
  });

  it('turns a truncated body and a wrong shape into bad_response naming the field', async () => {
    const { client } = connect(sim, sim.keys.org, { retry: { retries: 0 } });
    sim.scenario.malformedNext('/projects');
    expect((await rejection(client.fetchResources!(signal()))).code).toBe('bad_response');
    sim.http.control.failNext({
      status: 200,
      pathIncludes: '/endpoints',
      headers: { 'content-type': 'application/json' },
      body: { endpoints: [{ id: 'ep-x' }] },
    });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/compute endpoint list: unexpected response shape at "endpoints\[0\]\.project_id"/);
  });

  it('times out a hung request', async () => {
    const { client } = connect(sim, sim.keys.org, { timeoutMs: 300, retry: { retries: 0 } });
    sim.http.control.hangNext(1);
    expect((await rejection(client.testConnection(signal()))).code).toBe('timeout');
  });

  it('retries a 503 (safe to retry per Neon) with the collector policy', async () => {
    const { client } = connect(sim, sim.keys.org);
    sim.http.control.failNext({
      status: 503,
      pathIncludes: '/auth',
      headers: { 'content-type': 'application/json' },
      body: { code: '', message: 'service unavailable' },
    });
    await expect(client.testConnection(signal())).resolves.toMatchObject({ ok: true });
  });
});
