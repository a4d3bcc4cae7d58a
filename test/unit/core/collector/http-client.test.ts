import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CloudtopError } from '../../../../src/shared/model';
import { ResponseCache } from '../../../../src/core/collector/cache';
import { realClock } from '../../../../src/core/collector/clock';
import { FakeClock } from '../../../helpers/fake-clock';
import { createHttpClient, type HttpClientOptions } from '../../../../src/core/collector/http-client';
import { Limiter } from '../../../../src/core/collector/limiter';
import { startHttpSim, type HttpSim } from '../../../../src/sim/common/http-sim';
import { ItemsSchema, capturingLogger, scriptedFetch, settle, type Reply } from './helpers';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function setup(replies: Reply[] | Parameters<typeof scriptedFetch>[1], extra: Partial<HttpClientOptions> = {}) {
  const clock = new FakeClock(T0);
  const fetch = scriptedFetch(clock, replies);
  const limiter = new Limiter({ intervalMs: 1000, intervalCap: 10, clock });
  const log = capturingLogger();
  const http = createHttpClient({
    provider: 'vastai',
    displayName: 'Vast.ai',
    account: 'default',
    baseUrl: 'https://console.vast.ai/',
    fetch,
    limiter,
    clock,
    log,
    random: () => 0.5,
    ...extra,
  });
  const sentAt = (): number[] => fetch.calls.map((c) => c.at - T0);
  return { clock, fetch, limiter, log, http, sentAt };
}

const ok: Reply = { status: 200, body: { items: [{ id: 'a', price: 1 }] } };

describe('HttpClient.request', () => {
  it('builds the URL from base, path and query, sends JSON, parses with the schema', async () => {
    const { http, fetch } = setup([ok]);
    const body = await http.json({
      path: '/api/v0/bundles/',
      query: { q: 'x y', n: 3, skip: undefined, ids: [1, 2] },
      schema: ItemsSchema,
    });
    expect(body.items[0].id).toBe('a');
    expect(fetch.calls[0].url).toBe('https://console.vast.ai/api/v0/bundles/?q=x+y&n=3&ids=1&ids=2');
    expect(fetch.calls[0].headers.accept).toBe('application/json');
    expect(http.stats()).toMatchObject({ requests: 1, retries: 0, errors: 0 });
  });

  it('a 429 with Retry-After: 7 sends nothing for 7 s (this call or any other), then resumes', async () => {
    const { clock, http, limiter, sentAt } = setup([{ status: 429, headers: { 'retry-after': '7' } }, ok]);
    const a = http.json({ path: '/a' });
    await clock.advanceAsync(1000);
    expect(limiter.usage().blockedUntil).toBe(T0 + 7000);
    const b = http.json({ path: '/b' });
    const [ra, rb] = await Promise.all([settle(clock, a), settle(clock, b)]);
    expect(ra.ok && rb.ok).toBe(true);
    const times = sentAt();
    expect(times[0]).toBe(0);
    expect(times.slice(1).every((t) => t >= 7000)).toBe(true);
    expect(times).toHaveLength(3);
    expect(http.stats().retries).toBe(1);
  });

  it('honours an HTTP-date Retry-After', async () => {
    const { clock, http, sentAt } = setup([
      { status: 503, headers: { 'retry-after': new Date(T0 + 12_000).toUTCString() } },
      ok,
    ]);
    const r = await settle(clock, http.json({ path: '/a' }));
    expect(r.ok).toBe(true);
    expect(sentAt()[1]).toBeGreaterThanOrEqual(12_000);
  });

  it('honours retry-after-ms', async () => {
    const { clock, http, sentAt } = setup([{ status: 429, headers: { 'retry-after-ms': '2500' } }, ok]);
    const r = await settle(clock, http.json({ path: '/a' }), 10);
    expect(r.ok).toBe(true);
    expect(sentAt()[1]).toBeGreaterThanOrEqual(2500);
  });

  it('an invalid Retry-After is ignored (normal jittered retry)', async () => {
    const { clock, http, sentAt } = setup([{ status: 429, headers: { 'retry-after': 'later please' } }, ok]);
    const r = await settle(clock, http.json({ path: '/a' }), 10);
    expect(r.ok).toBe(true);
    expect(sentAt()[1]).toBe(500); // random 0.5 × 1 s
  });

  it('Cloudflare-style blockOn429Ms: after a 429 nothing is sent for 300 s; calls meanwhile fail fast', async () => {
    const { clock, http, sentAt, limiter } = setup([{ status: 429 }, ok], {
      provider: 'cloudflare',
      displayName: 'Cloudflare',
      blockOn429Ms: 300_000,
    });
    const first = await settle(clock, http.json({ path: '/zones' }));
    expect(first.ok).toBe(false);
    expect((first as { error: CloudtopError }).error).toMatchObject({ code: 'rate_limited', retryAfterMs: 300_000 });
    for (const t of [10_000, 120_000, 239_000]) {
      await clock.advanceToAsync(T0 + t);
      const r = await settle(clock, http.json({ path: '/zones' }));
      expect(r.ok).toBe(false);
      expect((r as { error: CloudtopError }).error.code).toBe('rate_limited');
      expect((r as { error: CloudtopError }).error.message).toMatch(
        /Cloudflare is rate limiting cloudtop and asked to wait \d+ (s|min) more \(until /,
      );
    }
    expect(sentAt()).toEqual([0]);
    expect(limiter.usage().blockedUntil).toBe(T0 + 300_000);
    // Within the retry budget of the block's end, a call waits for it instead of failing.
    await clock.advanceToAsync(T0 + 280_000);
    const after = await settle(clock, http.json({ path: '/zones' }), 1000);
    expect(after.ok).toBe(true);
    expect(sentAt()).toEqual([0, 300_000]);
  });

  it('a permanent 500 makes 4 attempts and ends as upstream', async () => {
    const { clock, http, fetch } = setup([{ status: 500, body: { error: 'boom' } }]);
    const r = await settle(clock, http.json({ path: '/a', describeError: (_s, b) => (b as { error?: string }).error }));
    expect(fetch.calls).toHaveLength(4);
    expect(r.ok).toBe(false);
    const e = (r as { error: CloudtopError }).error;
    expect(e).toBeInstanceOf(CloudtopError);
    expect(e.code).toBe('upstream');
    expect(e.message).toBe('Vast.ai had a server error (HTTP 500) for /a: boom');
    expect(http.stats()).toMatchObject({ requests: 4, retries: 3, errors: 1 });
  });

  it.each([
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [400, 'upstream'],
    [422, 'upstream'],
  ])('HTTP %i is not retried and becomes %s', async (status, code) => {
    const { clock, http, fetch } = setup([{ status }]);
    const r = await settle(clock, http.json({ path: '/a' }));
    expect(fetch.calls).toHaveLength(1);
    expect((r as { error: CloudtopError }).error.code).toBe(code);
  });

  it('a POST is not retried unless marked idempotent', async () => {
    const a = setup([{ status: 503 }]);
    await settle(a.clock, a.http.json({ method: 'POST', path: '/search', body: { q: 1 } }));
    expect(a.fetch.calls).toHaveLength(1);
    expect(a.fetch.calls[0].body).toBe('{"q":1}');
    expect(a.fetch.calls[0].headers['content-type']).toBe('application/json');
    const b = setup([{ status: 503 }, ok]);
    const r = await settle(b.clock, b.http.json({ method: 'POST', path: '/search', body: { q: 1 }, idempotent: true }));
    expect(r.ok).toBe(true);
    expect(b.fetch.calls).toHaveLength(2);
  });

  it('a body that is not JSON → bad_response naming provider and path, not the body', async () => {
    const { clock, http } = setup([{ status: 200, body: '<html>login page SECRETSAUCE</html>' }]);
    const r = await settle(clock, http.json({ path: '/api/v0/bundles/' }));
    const e = (r as { error: CloudtopError }).error;
    expect(e.code).toBe('bad_response');
    expect(e.message).toContain('Vast.ai');
    expect(e.message).toContain('/api/v0/bundles/');
    expect(e.message).not.toContain('SECRETSAUCE');
  });

  it('a schema mismatch → bad_response with the field path, not retried', async () => {
    const { clock, http, fetch } = setup([{ status: 200, body: { items: [{ id: 'a', price: 'free' }] } }]);
    const r = await settle(clock, http.json({ path: '/api/v0/bundles/', schema: ItemsSchema }));
    const e = (r as { error: CloudtopError }).error;
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/Vast\.ai \/api\/v0\/bundles\/: unexpected response shape at "items\[0\]\.price" \(/);
    expect(e.message).not.toContain('free');
    expect(fetch.calls).toHaveLength(1);
  });

  it('a hanging answer times out per attempt on the clock (fake clock)', async () => {
    const { clock, http, fetch } = setup(['hang'], { defaultTimeoutMs: 5000 });
    const r = await settle(clock, http.json({ path: '/a' }), 50);
    expect(r.ok).toBe(false);
    expect((r as { error: CloudtopError }).error.code).toBe('timeout');
    expect(fetch.calls).toHaveLength(4);
    // 4 attempts × 5 s + jittered waits (0.5 × 1, 2, 4 s): settles in bounded time.
    expect(r.at - T0).toBe(4 * 5000 + 500 + 1000 + 2000);
  });

  it('a network failure is retried and reported as network', async () => {
    const { clock, http, fetch } = setup(['network', 'network', ok]);
    const r = await settle(clock, http.json({ path: '/a' }));
    expect(r.ok).toBe(true);
    expect(fetch.calls).toHaveLength(3);
    const c = setup(['network'], { retry: { retries: 0 } });
    const e = (await settle(c.clock, c.http.json({ path: '/a' }))) as { error: CloudtopError };
    expect(e.error.code).toBe('network');
    expect(e.error.message).toBe('Vast.ai: could not reach console.vast.ai for /a (ECONNREFUSED)');
  });

  it('cancellation by the caller ends with cancelled and no retry', async () => {
    const { clock, http, fetch } = setup(['hang']);
    const ac = new AbortController();
    const p = http.json({ path: '/a', signal: ac.signal });
    await clock.advanceAsync(100);
    ac.abort();
    const r = await settle(clock, p);
    expect((r as { error: CloudtopError }).error.code).toBe('cancelled');
    expect(fetch.calls).toHaveLength(1);
  });

  it('never follows a pagination link to another host', async () => {
    const { clock, http, fetch } = setup([ok]);
    const r = await settle(clock, http.json({ path: 'https://evil.example/steal?page=2' }));
    expect((r as { error: CloudtopError }).error.code).toBe('bad_response');
    expect(fetch.calls).toHaveLength(0);
    const same = await settle(clock, http.json({ path: 'https://console.vast.ai/api/v0/bundles/?page=2' }));
    expect(same.ok).toBe(true);
  });
});

describe('HttpClient cache', () => {
  it('serves within the TTL, refetches after it, coalesces concurrent identical requests', async () => {
    const clock = new FakeClock(T0);
    const cache = new ResponseCache({ clock });
    const { http, fetch } = (() => {
      const fetch = scriptedFetch(clock, [ok]);
      return {
        fetch,
        http: createHttpClient({
          provider: 'lambda',
          account: 'a',
          baseUrl: 'https://cloud.lambda.ai',
          fetch,
          limiter: new Limiter({ intervalMs: 1000, intervalCap: 5, clock }),
          clock,
          cache,
        }),
      };
    })();
    const [x, y] = await Promise.all([
      http.json({ path: '/types', cacheTtlMs: 10_000 }),
      http.json({ path: '/types', cacheTtlMs: 10_000 }),
    ]);
    expect(x).toEqual(y);
    expect(fetch.calls).toHaveLength(1);
    await clock.advanceAsync(9_999);
    await http.json({ path: '/types', cacheTtlMs: 10_000 });
    expect(fetch.calls).toHaveLength(1);
    expect(http.stats().cacheHits).toBe(1);
    await clock.advanceAsync(2);
    await http.json({ path: '/types', cacheTtlMs: 10_000 });
    expect(fetch.calls).toHaveLength(2);
    // Other query → other key.
    await http.json({ path: '/types', query: { region: 'x' }, cacheTtlMs: 10_000 });
    expect(fetch.calls).toHaveLength(3);
  });

  it('staleOnError answers with the last good value after a transient failure', async () => {
    const clock = new FakeClock(T0);
    const cache = new ResponseCache({ clock });
    const fetch = scriptedFetch(clock, [ok, { status: 502 }]);
    const http = createHttpClient({
      provider: 'lambda',
      account: 'a',
      baseUrl: 'https://cloud.lambda.ai',
      fetch,
      limiter: new Limiter({ intervalMs: 1000, intervalCap: 5, clock }),
      clock,
      cache,
      retry: { retries: 0 },
    });
    await http.json({ path: '/types', cacheTtlMs: 1000, staleOnError: true });
    await clock.advanceAsync(5000);
    const again = await settle(clock, http.json({ path: '/types', cacheTtlMs: 1000, staleOnError: true }));
    expect(again).toMatchObject({ ok: true, value: ok.body });
    expect(http.stats().staleServed).toBe(1);
    expect(http.lastError()?.code).toBe('upstream');
  });
});

describe('HttpClient.call (SDK calls)', () => {
  it('maps SDK errors with mapError, blocks on rate_limited and retries after it', async () => {
    const { clock, http, limiter } = setup([ok]);
    const at: number[] = [];
    const p = http.call(
      'zones.list',
      async () => {
        at.push(clock.now() - T0);
        if (at.length === 1) throw Object.assign(new Error('Too many'), { statusCode: 429 });
        return ['zone'];
      },
      {
        mapError: (e) =>
          new CloudtopError('rate_limited', 'slow down', {
            retryAfterMs: (e as { statusCode: number }).statusCode === 429 ? 5000 : 0,
          }),
      },
    );
    await clock.advanceAsync(1);
    expect(limiter.usage().blockedUntil).toBe(T0 + 5000);
    const r = await settle(clock, p);
    expect(r).toMatchObject({ ok: true, value: ['zone'] });
    expect(at[1]).toBeGreaterThanOrEqual(5000);
  });

  it('an SDK error with a status is classified; its message text is not used', async () => {
    const { clock, http } = setup([ok]);
    let n = 0;
    const r = await settle(
      clock,
      http.call('projects.get', async () => {
        n++;
        throw Object.assign(new Error('GET https://x/?token=SECRET123 failed'), { status: 404 });
      }),
    );
    const e = (r as { error: CloudtopError }).error;
    expect(e.code).toBe('not_found');
    expect(e.message).not.toContain('SECRET123');
    expect(n).toBe(1);
    const r2 = await settle(
      clock,
      http.call('projects.get', async () => {
        throw new RangeError('token SECRET123 bad');
      }),
    );
    expect((r2 as { error: CloudtopError }).error.message).toBe('Vast.ai: projects.get failed (RangeError)');
  });

  it('a call that ignores its signal still times out on the clock', async () => {
    const { clock, http } = setup([ok], { retry: { retries: 0 } });
    const r = await settle(
      clock,
      http.call('hang', () => new Promise<never>(() => {}), { timeoutMs: 2000 }),
      100,
    );
    expect((r as { error: CloudtopError }).error.code).toBe('timeout');
    expect(r.at - T0).toBe(2000);
  });

  it('caches by cacheKey', async () => {
    const clock = new FakeClock(T0);
    const http = createHttpClient({
      provider: 'neon',
      account: 'a',
      baseUrl: 'https://console.neon.tech/api/v2',
      limiter: new Limiter({ intervalMs: 1000, intervalCap: 5, clock }),
      clock,
      cache: new ResponseCache({ clock }),
    });
    let n = 0;
    const fn = async (): Promise<number> => ++n;
    expect(await http.call('projects', fn, { cacheKey: 'all', cacheTtlMs: 60_000 })).toBe(1);
    expect(await http.call('projects', fn, { cacheKey: 'all', cacheTtlMs: 60_000 })).toBe(1);
    expect(await http.call('projects', fn, { cacheKey: 'other', cacheTtlMs: 60_000 })).toBe(2);
  });
});

describe('HttpClient.fetch (for SDKs with a custom fetch)', () => {
  it('passes the limiter and blocks the account on a 429 it sees', async () => {
    const { clock, http, limiter } = setup([{ status: 429, headers: { 'retry-after': '5' } }, ok]);
    const res = await http.fetch('https://console.vast.ai/x');
    expect(res.status).toBe(429);
    expect(limiter.dispatched).toBe(1);
    expect(limiter.usage().blockedUntil).toBe(T0 + 5000);
    const next = http.fetch('https://console.vast.ai/x');
    const r = await settle(clock, next);
    expect(r.at - T0).toBe(5000);
  });

  it('inside call() the first request uses the call slot, later pages take window slots (no deadlock at concurrency 1)', async () => {
    const clock = new FakeClock(T0);
    const fetch = scriptedFetch(clock, [ok]);
    const limiter = new Limiter({ intervalMs: 1000, intervalCap: 2, concurrency: 1, clock });
    const http = createHttpClient({
      provider: 'cloudflare',
      account: 'a',
      baseUrl: 'https://api.cloudflare.com/client/v4',
      fetch,
      limiter,
      clock,
    });
    const p = http.call('paged', async () => {
      for (let page = 1; page <= 3; page++)
        await (await http.fetch(`https://api.cloudflare.com/client/v4/zones?page=${page}`)).json();
      return 'done';
    });
    const r = await settle(clock, p);
    expect(r).toMatchObject({ ok: true, value: 'done' });
    expect(fetch.calls.map((c) => c.at - T0)).toEqual([0, 0, 1000]);
    expect(limiter.dispatched).toBe(3);
    expect(http.stats().requests).toBe(3);
  });
});

describe('secrets never leak', () => {
  const SECRET = 'sk-live-PLANTED-SECRET-4f2a9c1e7b';
  const forms = [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64'), `Bearer ${SECRET}`];
  const echo = { error: `bad token ${SECRET} (Authorization: Bearer ${SECRET})` };
  const scenarios: Array<[string, Reply[]]> = [
    ['401 echoing the token', [{ status: 401, body: echo }]],
    ['403 echoing the token', [{ status: 403, body: echo }]],
    ['500 echoing the token', [{ status: 500, body: echo }]],
    [
      '429 echoing the token',
      [
        { status: 429, body: echo, headers: { 'retry-after': '1' } },
        { status: 429, body: echo },
      ],
    ],
    ['non-JSON 200 with the token', [{ status: 200, body: `oops ${SECRET}` }]],
    [
      'schema mismatch with the token as value',
      [{ status: 200, body: { items: [{ id: 1, price: SECRET }], [SECRET]: 1 } }],
    ],
    ['hang', ['hang']],
    ['network', ['network']],
  ];

  it.each(scenarios)('%s: not in the error, its info, or any log line', async (_name, replies) => {
    const { clock, http, log } = setup(replies, {
      headers: { authorization: `Bearer ${SECRET}` },
      defaultTimeoutMs: 1000,
    });
    const r = await settle(
      clock,
      http.json({
        path: '/api/v0/instances/',
        query: { api_key: SECRET },
        schema: ItemsSchema,
        describeError: (_s, b) => (typeof b === 'object' && b ? (b as { error?: string }).error : String(b)),
      }),
    );
    expect(r.ok).toBe(false);
    const e = (r as { error: CloudtopError }).error;
    expect(e).toBeInstanceOf(CloudtopError);
    const outputs = [e.message, e.hint ?? '', JSON.stringify(e.toInfo()), String(e.stack), log.text()];
    for (const out of outputs) for (const f of forms) expect(out).not.toContain(f);
  });
});

describe('against a loopback server (real clock)', () => {
  let sim: HttpSim | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('GETs JSON with a query and a bearer token', async () => {
    sim = await startHttpSim((req) => ({
      status: 200,
      body: {
        items: [{ id: req.query.get('q') ?? '', price: req.headers.authorization === 'Bearer t0k3n-value' ? 1 : 0 }],
      },
    }));
    const http = createHttpClient({
      provider: 'lambda',
      account: 'a',
      baseUrl: sim.url,
      limiter: new Limiter({ intervalMs: 1000, intervalCap: 5, clock: realClock }),
      clock: realClock,
    });
    const body = await http.json({
      path: '/api/v1/instance-types',
      query: { q: 'h100' },
      headers: { authorization: 'Bearer t0k3n-value' },
      schema: ItemsSchema,
    });
    expect(body).toEqual({ items: [{ id: 'h100', price: 1 }] });
  });

  it('a server that never answers rejects with code timeout', async () => {
    sim = await startHttpSim(() => ({ status: 200, body: { items: [] } }));
    sim.control.hangNext(1);
    const http = createHttpClient({
      provider: 'lambda',
      account: 'a',
      baseUrl: sim.url,
      limiter: new Limiter({ intervalMs: 1000, intervalCap: 5, clock: realClock }),
      clock: realClock,
      defaultTimeoutMs: 300,
      retry: { retries: 0 },
    });
    await expect(http.json({ path: '/slow' })).rejects.toMatchObject({ code: 'timeout', provider: 'lambda' });
    // The next request is served normally.
    await expect(http.json({ path: '/slow', schema: z.object({ items: z.array(z.unknown()) }) })).resolves.toEqual({
      items: [],
    });
  });

  it('a closed port is a network error', async () => {
    const s = await startHttpSim(() => ({ status: 200 }));
    const url = s.url;
    await s.close();
    const http = createHttpClient({
      provider: 'lambda',
      account: 'a',
      baseUrl: url,
      limiter: new Limiter({ intervalMs: 1000, intervalCap: 5, clock: realClock }),
      clock: realClock,
      retry: { retries: 0 },
    });
    await expect(http.json({ path: '/x' })).rejects.toMatchObject({ code: 'network' });
  });
});

describe('HttpClient timers', () => {
  it('leaves no timer behind once a request, a call or a fetched body is done', async () => {
    const { clock, http } = setup([ok]);
    await settle(clock, http.json({ path: '/a' }));
    expect(clock.pendingTimers()).toBe(0);
    const res = await http.fetch('https://console.vast.ai/x');
    // The body is read (capped, under the deadline) before fetch resolves: nothing left running.
    expect(clock.pendingTimers()).toBe(0);
    await res.json();
    expect(clock.pendingTimers()).toBe(0);
    await http.call('sdk', async () => {
      await http.fetch('https://console.vast.ai/y'); // body never read by this "SDK"
      return 1;
    });
    expect(clock.pendingTimers()).toBe(0);
  });
});
