/**
 * Contract tests: the real Cloudflare provider (official SDK 7.3 + our collector HttpClient) against
 * the Cloudflare simulator on loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../helpers/fake-clock';
import { cloudflareProvider } from '../../src/core/providers/cloudflare';
import { ResourceSchema, type Resource } from '../../src/shared/model';
import { caught as rejection } from './harness';
import { startCloudflareSim, type CloudflareRunningSim } from '../../src/sim/cloudflare';
import { connectProvider } from '../helpers/real-provider-client';

const signal = (): AbortSignal => new AbortController().signal;

function connect(
  sim: CloudflareRunningSim,
  apiToken: string,
  extra: Record<string, string> = {},
  o: Parameters<typeof connectProvider>[1] extends infer T ? Partial<T> : never = {},
) {
  return connectProvider(cloudflareProvider, { baseUrl: sim.baseUrl, credentials: { apiToken, ...extra }, ...o });
}

const byKind = (rs: Resource[], kind: Resource['kind']): Resource[] => rs.filter((r) => r.kind === kind);

describe('Cloudflare descriptor', () => {
  it('declares the documented base URL and at most half the documented rate limit', () => {
    expect(cloudflareProvider.defaultBaseUrl).toBe('https://api.cloudflare.com/client/v4');
    expect(cloudflareProvider.kind).toBe('cloud');
    expect(cloudflareProvider.capabilities).toEqual({ offers: false, resources: true, metrics: true });
    const { intervalCap, intervalMs, blockOn429Ms } = cloudflareProvider.rateLimit;
    expect((intervalCap / intervalMs) * 300_000).toBeLessThanOrEqual(600);
    // Half of the announced burst policy (100 per 60 s).
    expect((intervalCap / intervalMs) * 60_000).toBeLessThanOrEqual(50);
    expect(blockOn429Ms).toBe(300_000);
    expect(cloudflareProvider.defaultMetricsPollMs).toBeGreaterThan(cloudflareProvider.defaultPollMs);
    expect(cloudflareProvider.credentialSchema.safeParse({ apiToken: 'x', accountId: '' }).success).toBe(true);
    expect(cloudflareProvider.credentialSchema.safeParse({ apiToken: 'x', accountId: 'nope' }).success).toBe(false);
    expect(cloudflareProvider.credentialSchema.safeParse({ apiToken: '' }).success).toBe(false);
  });
});

describe('Cloudflare provider against the simulator', () => {
  let sim: CloudflareRunningSim;
  beforeAll(async () => {
    sim = await startCloudflareSim({ seed: 3 });
  });
  afterAll(() => sim.close());
  afterEach(() => sim.http.control.reset());

  it('verifies a user token and names the accounts', async () => {
    const { client } = connect(sim, sim.tokens.full);
    const r = await client.testConnection(signal());
    expect(r.detail).toBe('User token active; 1 account: Acme Corp');
  });

  it('falls back to the account endpoint for account-owned tokens', async () => {
    const before = sim.http.requests.length;
    const { client } = connect(sim, sim.tokens.account);
    const r = await client.testConnection(signal());
    expect(r.detail).toMatch(/^Account token active/);
    const paths = sim.http.requests.slice(before).map((q) => q.path);
    expect(paths[0]).toBe('/client/v4/user/tokens/verify');
    expect(paths).toContain(`/client/v4/accounts/${sim.scenario.accounts[0]!.id}/tokens/verify`);
  });

  it('says a disabled token is disabled and an unknown token is rejected, without echoing it', async () => {
    const disabled = await rejection(connect(sim, sim.tokens.disabled).client.testConnection(signal()));
    expect(disabled.code).toBe('auth');
    expect(disabled.message).toMatch(/disabled/);

    const bogus = 'bogus-token-value-0123456789abcdefXYZ';
    const e = await rejection(connect(sim, bogus).client.testConnection(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/Cloudflare rejected the API token/);
    expect(e.hint).toMatch(/api-tokens/);
    expect(`${e.message} ${e.hint}`).not.toContain(bogus);

    const listing = await rejection(connect(sim, bogus).client.fetchResources!(signal()));
    expect(listing.code).toBe('auth');
    expect(listing.message).not.toContain(bogus);
  });

  it('lists the account, its Workers and its R2 buckets as valid resources', async () => {
    const { client } = connect(sim, sim.tokens.full);
    const rs = await client.fetchResources!(signal());
    for (const r of rs) expect(ResourceSchema.safeParse(r).success).toBe(true);
    const acct = sim.scenario.accounts[0]!;
    expect(byKind(rs, 'account').map((r) => r.name)).toEqual(['Acme Corp']);
    expect(
      byKind(rs, 'worker')
        .map((r) => r.name)
        .sort(),
    ).toEqual(acct.workers.map((w) => w.id).sort());
    expect(
      byKind(rs, 'bucket')
        .map((r) => r.name)
        .sort(),
    ).toEqual(acct.buckets.map((b) => b.name).sort());
    const w = byKind(rs, 'worker')[0]!;
    expect(w.id).toBe(`cloudflare:worker:${acct.id}/${w.name}`);
    expect(w.parentId).toBe(`cloudflare:account:${acct.id}`);
    expect(w.state).toBe('running');
    expect(w.consoleUrl).toMatch(/^https:\/\/dash\.cloudflare\.com\//);
    const b = byKind(rs, 'bucket')[0]!;
    expect(b.region).toBe(acct.buckets.find((x) => x.name === b.name)!.location);
    // The SDK must not add legacy auth headers from the environment, and never retries by itself.
    const last = sim.http.requests[sim.http.requests.length - 1]!;
    expect(last.headers['x-auth-key']).toBeUndefined();
    expect(last.headers['x-stainless-retry-count']).toBe('0');
  });

  it('pages through every account and every R2 bucket to the end', async () => {
    const big = await startCloudflareSim({ scenario: 'many-accounts', seed: 5 });
    try {
      const acct = big.scenario.accounts[0]!;
      big.scenario.addBuckets(acct.id, 2149);
      const { client } = connect(big, big.credentials.apiToken!);
      const rs = await client.fetchResources!(signal());
      expect(byKind(rs, 'account')).toHaveLength(57);
      expect(new Set(byKind(rs, 'account').map((r) => r.id)).size).toBe(57);
      const buckets = byKind(rs, 'bucket').filter((r) => r.meta.accountId === acct.id);
      expect(buckets).toHaveLength(2150);
      expect(new Set(buckets.map((r) => r.id)).size).toBe(2150);
      const reqs = big.http.requests;
      const pages = reqs
        .filter((q) => q.path === '/client/v4/accounts')
        .map((q) => new URLSearchParams(q.query).get('page'));
      // 57 accounts at 50 per page: two pages, the short second page ends it (no empty third page).
      expect(pages).toEqual(['1', '2']);
      const r2All = reqs.filter((q) => q.path === `/client/v4/accounts/${acct.id}/r2/buckets`);
      // One listing per jurisdiction (cf-r2-jurisdiction header), each paged to its end.
      const jurisdictions = r2All.map((q) => q.headers['cf-r2-jurisdiction']);
      expect([...new Set(jurisdictions)]).toEqual(['default', 'eu', 'fedramp']);
      const r2 = r2All.filter((q) => q.headers['cf-r2-jurisdiction'] === 'default');
      expect(r2.length).toBeGreaterThan(1);
      expect(new URLSearchParams(r2[0]!.query).get('cursor')).toBeNull();
      expect(new URLSearchParams(r2[1]!.query).get('cursor')).toMatch(/^1-/);
    } finally {
      await big.close();
    }
  });

  it('lists R2 buckets in every jurisdiction (default, eu, fedramp), even when names repeat', async () => {
    const acct = sim.scenario.accounts[0]!;
    const twin = acct.buckets.find((b) => b.jurisdiction === 'default')!;
    acct.buckets.push({ ...twin, jurisdiction: 'eu' }, { ...twin, name: 'gov-archive', jurisdiction: 'fedramp' });
    const { client } = connect(sim, sim.credentials.apiToken!);
    const rs = byKind(await client.fetchResources!(signal()), 'bucket').filter((r) => r.meta.accountId === acct.id);
    const seen = rs.map((r) => `${String(r.meta.jurisdiction)}/${r.name}`).sort();
    expect(seen).toEqual(acct.buckets.map((b) => `${b.jurisdiction}/${b.name}`).sort());
    expect(new Set(rs.map((r) => r.id)).size).toBe(rs.length);
    expect(rs.find((r) => r.name === 'gov-archive')?.meta.jurisdiction).toBe('fedramp');
  });

  it('shows a missing permission on the account instead of dropping the Workers silently', async () => {
    const t = sim.scenario.addToken({ permissions: ['account:read', 'r2:read', 'analytics:read'] });
    const { client } = connect(sim, t.value);
    const rs = await client.fetchResources!(signal());
    expect(byKind(rs, 'worker')).toHaveLength(0);
    expect(byKind(rs, 'bucket').length).toBeGreaterThan(0);
    const issue = byKind(rs, 'account')[0]!.issues[0]!;
    expect(issue.code).toBe('forbidden');
    expect(issue.message).toMatch(/^Workers not listed: .*needs Workers Scripts Read/);
  });

  it('reads Workers and R2 metrics from GraphQL Analytics', async () => {
    const { client } = connect(sim, sim.tokens.full);
    const rs = await client.fetchResources!(signal());
    const m = await client.fetchMetrics!(rs, signal());
    const acct = sim.scenario.accounts[0]!;
    for (const w of byKind(rs, 'worker')) {
      const series = m.get(w.id)!;
      expect(series.map((s) => s.name).sort()).toEqual([
        'cpu_time_p50',
        'cpu_time_p99',
        'errors',
        'requests',
        'subrequests',
      ]);
      const req = series.find((s) => s.name === 'requests')!;
      expect(req.stepMs).toBe(300_000);
      expect(req.points.length).toBeGreaterThanOrEqual(12);
      expect(req.points.reduce((a, p) => a + p[1], 0)).toBeGreaterThan(0);
      const p50 = series.find((s) => s.name === 'cpu_time_p50')!;
      const simWorker = acct.workers.find((x) => x.id === w.name)!;
      // The API reports microseconds; we chart milliseconds.
      for (const [, v] of p50.points) expect(v).toBeCloseTo(simWorker.cpuP50Us / 1000, -1);
      expect(p50.unit).toBe('ms');
    }
    for (const b of byKind(rs, 'bucket')) {
      const names = m.get(b.id)!.map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(['operations', 'storage_bytes', 'objects']));
    }
    const gql = sim.http.requests.filter((q) => q.path === '/client/v4/graphql');
    expect(gql.length).toBeGreaterThanOrEqual(3);
    expect(rs.every((r) => r.issues.length === 0)).toBe(true);
  });

  it('puts "needs Account Analytics Read" on every Worker and bucket when the token lacks it', async () => {
    const { client } = connect(sim, sim.tokens.noAnalytics);
    const first = await client.fetchResources!(signal());
    const m = await client.fetchMetrics!(first, signal());
    expect(m.size).toBe(0);
    const rs = await client.fetchResources!(signal());
    for (const r of rs.filter((x) => x.kind === 'worker' || x.kind === 'bucket')) {
      expect(r.issues.map((i) => i.message)).toContainEqual(expect.stringMatching(/needs Account Analytics Read$/));
      expect(r.issues[0]!.hint).toMatch(/Account Analytics → Read/);
    }
  });

  it('marks a dataset the plan lacks on the bucket and still charts the others', async () => {
    const free = await startCloudflareSim({ scenario: 'free-plan', seed: 9 });
    try {
      const { client } = connect(free, free.credentials.apiToken!);
      const rs = await client.fetchResources!(signal());
      const m = await client.fetchMetrics!(rs, signal());
      const bucket = byKind(rs, 'bucket')[0]!;
      expect(m.get(bucket.id)!.map((s) => s.name)).toEqual(['operations']);
      const again = byKind(await client.fetchResources!(signal()), 'bucket')[0]!;
      expect(again.issues.map((i) => i.message)).toEqual(['R2 storage metrics: not available on this Cloudflare plan']);
      expect(byKind(await client.fetchResources!(signal()), 'worker')[0]!.issues).toEqual([]);
    } finally {
      await free.close();
    }
  });

  it('turns a truncated JSON body into bad_response', async () => {
    const { client } = connect(sim, sim.tokens.full, {}, { retry: { retries: 0 } });
    sim.scenario.malformedNext('/workers/scripts');
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/workers\.scripts\.list/);
  });

  it('rejects a body of the wrong shape naming the field', async () => {
    const { client } = connect(sim, sim.tokens.full, {}, { retry: { retries: 0 } });
    sim.http.control.failNext({
      status: 200,
      pathIncludes: '/r2/buckets',
      headers: { 'content-type': 'application/json' },
      // The 2024 OpenAPI's (stale) shape: result as an array.
      body: { success: true, errors: [], messages: [], result: [{ name: 'a' }] },
    });
    const e = await rejection(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/R2 bucket list: unexpected response shape at "result"/);
  });

  it('times out a hung request instead of waiting forever', async () => {
    const { client } = connect(sim, sim.tokens.full, {}, { timeoutMs: 300, retry: { retries: 0 } });
    sim.http.control.hangNext(1);
    const e = await rejection(client.testConnection(signal()));
    expect(e.code).toBe('timeout');
  });

  it('retries a 5xx once with the collector policy (the SDK itself never retries)', async () => {
    const { client, http } = connect(sim, sim.tokens.full);
    sim.http.control.failNext({ status: 502, pathIncludes: '/user/tokens/verify', body: 'bad gateway' });
    const before = sim.http.requests.length;
    await client.testConnection(signal());
    const verifies = sim.http.requests.slice(before).filter((q) => q.path.endsWith('/user/tokens/verify'));
    expect(verifies.map((q) => q.status)).toEqual([502, 200]);
    expect(verifies.every((q) => q.headers['x-stainless-retry-count'] === '0')).toBe(true);
    expect(http.stats().retries).toBe(1);
  });
});

describe('Cloudflare rate limit: 1200 / 5 min, then every call blocked for 5 minutes', () => {
  it('stops sending for the whole block after a 429 and resumes when it ends', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12, 0, 0));
    const sim = await startCloudflareSim({ seed: 4, now: () => clock.now() });
    try {
      sim.scenario.budget.limit = 6;
      const { client, http } = connect(sim, sim.tokens.full, {}, { clock, timeoutMs: 60_000 });
      await client.fetchResources!(signal()); // accounts, scripts, buckets in 3 jurisdictions: 5 requests
      const e = await rejection(client.fetchResources!(signal())); // accounts cached; the 7th request is refused
      expect(e.code).toBe('rate_limited');
      expect(e.status).toBe(429);
      const blockedAt = clock.now();
      expect(http.limiter.blockedUntil()).toBe(blockedAt + 300_000);
      expect(sim.scenario.blockedUntil(sim.tokens.full)).toBe(blockedAt + 300_000);

      // During the block nothing reaches Cloudflare, not even a different endpoint: a call that would
      // wait longer than the retry budget fails at once.
      const sent = sim.http.requests.length;
      await clock.advanceAsync(200_000);
      const during = await rejection(client.testConnection(signal()));
      expect(during.code).toBe('rate_limited');
      expect(sim.http.requests.length).toBe(sent);

      // A call made just before the end waits for it, then goes out.
      sim.scenario.budget.limit = 1200;
      await clock.advanceAsync(99_000);
      const late = client.testConnection(signal());
      await clock.advanceAsync(999);
      expect(sim.http.requests.length).toBe(sent);
      await clock.advanceAsync(1);
      await expect(late).resolves.toMatchObject({ ok: true });
      expect(http.limiter.blockedUntil()).toBeUndefined();
      expect(sim.http.requests.length).toBeGreaterThan(sent);
    } finally {
      await sim.close();
    }
  });

  it('answers the real budget: the 1201st request within 5 minutes gets 429 with retry-after 300', async () => {
    const sim = await startCloudflareSim({ seed: 6 });
    try {
      const url = `${sim.baseUrl}/user/tokens/verify`;
      const headers = { authorization: `Bearer ${sim.tokens.full}` };
      const statuses: number[] = [];
      for (let i = 0; i < 1201; i++) statuses.push((await fetch(url, { headers })).status);
      expect(statuses.slice(0, 1200).every((s) => s === 200)).toBe(true);
      const res = await fetch(`${sim.baseUrl}/accounts`, { headers });
      expect(statuses[1200]).toBe(429);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(290);
      const body = (await res.json()) as { success: boolean; errors: { code: number }[] };
      expect(body.success).toBe(false);
      expect(body.errors[0]!.code).toBe(971);
    } finally {
      await sim.close();
    }
  });
});
