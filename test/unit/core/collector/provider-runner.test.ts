import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CloudtopError, type GpuOffer, type MetricSeries, type Resource } from '../../../../src/shared/model';
import { FakeClock } from '../../../helpers/fake-clock';
import { ProviderRuntime } from '../../../../src/core/collector/provider-runner';
import type { AnyProviderDescriptor, ProviderClient, ProviderContext } from '../../../../src/core/providers/types';
import { makeOffer, makeResource } from '../snapshot/fixtures';
import { capturingLogger, scriptedFetch, settle, type Reply } from './helpers';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const KEY = 'vk-PLANTED-0123456789abcdef';

function descriptor(
  create: (ctx: ProviderContext) => ProviderClient,
  over: Partial<AnyProviderDescriptor> = {},
): AnyProviderDescriptor {
  return {
    id: 'vastai',
    displayName: 'Vast.ai',
    kind: 'gpu-market',
    credentialFields: [{ name: 'apiKey', label: 'API key', secret: true, optional: false }],
    credentialSchema: z.object({ apiKey: z.string().min(16) }),
    rateLimit: { documented: '1 req/s', intervalMs: 1000, intervalCap: 5 },
    defaultPollMs: 30_000,
    capabilities: { offers: true, resources: true, metrics: true },
    consoleUrl: 'https://cloud.vast.ai',
    defaultBaseUrl: 'https://console.vast.ai',
    create,
    ...over,
  };
}

/** A client that reads offers/resources through ctx.http from a scripted fetch. */
function httpClient(ctx: ProviderContext): ProviderClient {
  return {
    async fetchOffers(signal) {
      const body = await ctx.http.json({
        path: '/offers',
        signal,
        headers: { authorization: `Bearer ${ctx.credentials?.apiKey ?? ''}` },
        schema: z.object({ offers: z.array(z.number()) }),
      });
      return body.offers.map((n) =>
        makeOffer(n, { fetchedAt: new Date(ctx.clock.now()).toISOString(), account: undefined }),
      );
    },
    async fetchResources(signal) {
      const body = await ctx.http.json({
        path: '/resources',
        signal,
        schema: z.object({ resources: z.array(z.number()) }),
      });
      return body.resources.map((n) => makeResource(n, { provider: 'vastai', id: `vastai:res-${n}` }));
    },
    async fetchMetrics(resources) {
      const m = new Map<string, MetricSeries[]>();
      for (const r of resources)
        m.set(r.id, [{ name: 'cpu_utilization', unit: 'percent', points: [[ctx.clock.now(), 42]] }]);
      return m;
    },
    async testConnection() {
      await ctx.http.json({ path: '/me' });
      return { ok: true, detail: 'Key valid for user demo' };
    },
  };
}

function runtimeWith(
  replies: Reply[] | ((call: { url: string }, n: number) => Reply),
  over: Partial<ConstructorParameters<typeof ProviderRuntime>[0]> = {},
) {
  const clock = new FakeClock(T0);
  const fetch = scriptedFetch(clock, replies as never);
  const log = capturingLogger();
  const rt = new ProviderRuntime({
    descriptor: descriptor(httpClient),
    account: 'default',
    credentials: { apiKey: KEY },
    fetch,
    clock,
    log,
    random: () => 0.5,
    ...over,
  });
  return { clock, fetch, log, rt };
}

const byPath =
  (map: Record<string, Reply>) =>
  (call: { url: string }): Reply =>
    map[new URL(call.url).pathname] ?? { status: 404 };

describe('ProviderRuntime', () => {
  it('refreshes offers and resources concurrently and reports an ok status', async () => {
    const { clock, rt, fetch } = runtimeWith(
      byPath({
        '/offers': { status: 200, body: { offers: [1, 2, 3] }, delayMs: 200 },
        '/resources': { status: 200, body: { resources: [7] }, delayMs: 300 },
      }),
    );
    const r = await settle(clock, rt.refresh(), 10);
    expect(r.ok).toBe(true);
    const res = (r as { value: Awaited<ReturnType<ProviderRuntime['refresh']>> }).value;
    expect(res.offers.map((o) => o.id)).toEqual(['vastai:1', 'vastai:2', 'vastai:3']);
    expect(res.offers.every((o) => o.account === 'default')).toBe(true);
    expect(res.resources.map((x) => x.id)).toEqual(['vastai:res-7']);
    expect(res.error).toBeUndefined();
    // Concurrent: both requests left at t0.
    expect(fetch.calls.map((c) => c.at - T0)).toEqual([0, 0]);
    expect(r.at - T0).toBe(300);
    const s = rt.status();
    expect(s).toMatchObject({
      provider: 'vastai',
      account: 'default',
      state: 'ok',
      stale: false,
      offerCount: 3,
      resourceCount: 1,
      lastRequestCount: 2,
      lastDurationMs: 300,
    });
    expect(s.lastSuccess).toBe(new Date(T0 + 300).toISOString());
    expect(s.rateLimit).toEqual({ used: 2, limit: 5, windowMs: 1000 });
  });

  it('a failing part keeps its last good data: degraded + stale, error recorded', async () => {
    let failing = false;
    const { clock, rt } = runtimeWith((call) => {
      const p = new URL(call.url).pathname;
      if (p === '/offers') return failing ? { status: 500 } : { status: 200, body: { offers: [1, 2] } };
      return { status: 200, body: { resources: [1] } };
    });
    await settle(clock, rt.refresh());
    failing = true;
    const r = await settle(clock, rt.refresh());
    const res = (r as { value: Awaited<ReturnType<ProviderRuntime['refresh']>> }).value;
    expect(res.offers.map((o) => o.id)).toEqual(['vastai:1', 'vastai:2']);
    expect(res.error).toMatchObject({ code: 'upstream', provider: 'vastai', status: 500 });
    const s = rt.status();
    expect(s.state).toBe('degraded');
    expect(s.stale).toBe(true);
    expect(s.error?.code).toBe('upstream');
    expect(s.lastSuccess).toBe(new Date(T0).toISOString());
    expect(Date.parse(s.lastAttempt!)).toBeGreaterThan(T0);
    failing = false;
    await settle(clock, rt.refresh());
    expect(rt.status()).toMatchObject({ state: 'ok', stale: false });
    expect(rt.status().error).toBeUndefined();
  });

  it('never succeeded and failing → error', async () => {
    const { clock, rt } = runtimeWith([{ status: 401 }]);
    await settle(clock, rt.refresh());
    expect(rt.status()).toMatchObject({ state: 'error', stale: true, error: { code: 'auth', retryable: false } });
  });

  it('offers ok but resources failing → degraded', async () => {
    const { clock, rt } = runtimeWith(
      byPath({ '/offers': { status: 200, body: { offers: [1] } }, '/resources': { status: 403 } }),
    );
    const r = await settle(clock, rt.refresh());
    expect((r as { value: { offers: GpuOffer[] } }).value.offers).toHaveLength(1);
    expect(rt.status()).toMatchObject({ state: 'degraded', error: { code: 'forbidden' } });
  });

  it('data older than its poll interval is stale', async () => {
    const { clock, rt } = runtimeWith([{ status: 200, body: { offers: [], resources: [] } }], { pollMs: 60_000 });
    await settle(clock, rt.refresh());
    expect(rt.status().stale).toBe(false);
    await clock.advanceAsync(60_000);
    expect(rt.status().stale).toBe(false); // within 1.5 × interval (jitter + fetch time)
    await clock.advanceAsync(31_000);
    expect(rt.status().stale).toBe(true);
  });

  it('a hanging or throwing provider never delays another (fake clock)', async () => {
    const clock = new FakeClock(T0);
    const hang = new ProviderRuntime({
      descriptor: descriptor(() => ({
        fetchOffers: () => new Promise<GpuOffer[]>(() => {}), // ignores its signal
        fetchResources: () => {
          throw new Error('sync throw');
        },
        testConnection: async () => ({ ok: true, detail: '' }),
      })),
      account: 'a',
      credentials: { apiKey: KEY },
      clock,
      refreshTimeoutMs: 20_000,
    });
    const quick = new ProviderRuntime({
      descriptor: descriptor(
        (ctx) => ({
          fetchOffers: async (signal) => {
            await ctx.clock.sleep(100, signal);
            return [makeOffer(1, {}, 'runpod')];
          },
          testConnection: async () => ({ ok: true, detail: '' }),
        }),
        { id: 'runpod', displayName: 'RunPod', capabilities: { offers: true, resources: false, metrics: false } },
      ),
      account: 'a',
      credentials: { apiKey: KEY },
      clock,
    });
    const done: Record<string, number> = {};
    const pHang = hang.refresh().then((r) => ((done.hang = clock.now() - T0), r));
    const pQuick = quick.refresh().then((r) => ((done.quick = clock.now() - T0), r));
    await clock.advanceAsync(100);
    expect(done.quick).toBe(100);
    expect(done.hang).toBeUndefined();
    expect((await pQuick).offers).toHaveLength(1);
    await clock.advanceAsync(19_899);
    expect(done.hang).toBeUndefined();
    await clock.advanceAsync(1);
    expect(done.hang).toBe(20_000);
    const r = await pHang;
    expect(r.error).toMatchObject({ code: 'timeout', provider: 'vastai' });
    expect(r.error?.message).toBe('Vast.ai: offers did not finish within 20 s');
    expect(hang.status().state).toBe('error');
    expect(quick.status().state).toBe('ok');
  });

  it('concurrent refresh calls share one refresh', async () => {
    const { clock, rt, fetch } = runtimeWith([{ status: 200, body: { offers: [1], resources: [] }, delayMs: 50 }]);
    const [a, b] = [rt.refresh(), rt.refresh()];
    await clock.advanceAsync(100);
    expect(await a).toBe(await b);
    expect(fetch.calls).toHaveLength(2); // offers + resources, once
  });

  it('refreshMetrics merges series into resources; a later resources refresh keeps them', async () => {
    const { clock, rt } = runtimeWith([{ status: 200, body: { offers: [], resources: [1, 2] } }]);
    await settle(clock, rt.refresh());
    const m = await settle(clock, rt.refreshMetrics());
    const resources = (m as { value: { resources: Resource[] } }).value.resources;
    expect(resources.map((r) => r.metrics[0]?.name)).toEqual(['cpu_utilization', 'cpu_utilization']);
    await clock.advanceAsync(30_000);
    const again = (await settle(clock, rt.refresh())) as { value: { resources: Resource[] } };
    expect(again.value.resources[0].metrics).toHaveLength(1);
  });

  it('metrics a resource list carries (one point per poll) build a 24 h series across polls', async () => {
    const clock = new FakeClock(T0);
    let util = 10;
    const rt = new ProviderRuntime({
      descriptor: descriptor(
        () => ({
          testConnection: async () => ({ ok: true, detail: 'ok' }),
          async fetchResources() {
            util += 10;
            return [
              {
                ...makeResource(1, { provider: 'vastai', id: 'vastai:pod-1' }),
                metrics: [
                  { name: 'gpu_utilization', unit: 'percent', points: [[clock.now(), util]] },
                  { name: 'memory_utilization', unit: 'percent', points: [[clock.now(), 50]] },
                ],
              },
            ];
          },
        }),
        { capabilities: { offers: false, resources: true, metrics: false } },
      ),
      account: 'default',
      credentials: { apiKey: KEY },
      clock,
      log: capturingLogger(),
      random: () => 0.5,
    });
    const values = async () =>
      ((await settle(clock, rt.refresh())) as { value: { resources: Resource[] } }).value.resources[0]!.metrics.map(
        (m) => [m.name, m.points.map(([, v]) => v)],
      );
    await values();
    clock.advance(60_000);
    expect(await values()).toEqual([
      ['gpu_utilization', [20, 30]],
      ['memory_utilization', [50, 50]],
    ]);
    // A day later the first two points are older than 24 h: dropped.
    clock.advance(24 * 3_600_000 - 30_000);
    expect(await values()).toEqual([
      ['gpu_utilization', [30, 40]],
      ['memory_utilization', [50, 50]],
    ]);
  });

  it('a metrics failure keeps the data and marks the provider degraded', async () => {
    const clock = new FakeClock(T0);
    const rt = new ProviderRuntime({
      descriptor: descriptor(() => ({
        fetchResources: async () => [makeResource(1, { provider: 'vastai', id: 'vastai:res-1' })],
        fetchMetrics: async () => {
          throw new CloudtopError('forbidden', 'Vast.ai refused access (HTTP 403)', { provider: 'vastai' });
        },
        testConnection: async () => ({ ok: true, detail: '' }),
      })),
      account: 'a',
      credentials: { apiKey: KEY },
      clock,
    });
    await rt.refresh();
    const m = await rt.refreshMetrics();
    expect(m.error?.code).toBe('forbidden');
    expect(m.resources).toHaveLength(1);
    expect(rt.status()).toMatchObject({ state: 'degraded', stale: false, error: { code: 'forbidden' } });
  });

  it('unconfigured, anonymous, disabled and invalid credentials', async () => {
    const clock = new FakeClock(T0);
    const un = new ProviderRuntime({ descriptor: descriptor(httpClient), account: 'a', credentials: null, clock });
    expect(un.status().state).toBe('unconfigured');
    expect(await un.refresh()).toEqual({ offers: [], resources: [] });
    await expect(un.testConnection()).rejects.toMatchObject({ code: 'config' });

    const fetch = scriptedFetch(clock, [{ status: 200, body: { offers: [5], resources: [1] } }]);
    const anon = new ProviderRuntime({
      descriptor: descriptor(httpClient, { anonymousOffers: true }),
      account: 'a',
      credentials: null,
      clock,
      fetch,
    });
    const r = await settle(clock, anon.refresh());
    expect((r as { value: { offers: GpuOffer[]; resources: Resource[] } }).value.offers).toHaveLength(1);
    expect(fetch.calls.map((c) => new URL(c.url).pathname)).toEqual(['/offers']);

    const off = new ProviderRuntime({
      descriptor: descriptor(httpClient),
      account: 'a',
      credentials: { apiKey: KEY },
      clock,
      enabled: false,
    });
    expect(off.status().state).toBe('disabled');

    const bad = new ProviderRuntime({
      descriptor: descriptor(httpClient),
      account: 'a',
      credentials: { apiKey: 'short-secret' },
      clock,
    });
    const s = bad.status();
    expect(s).toMatchObject({ state: 'error', error: { code: 'config' } });
    expect(s.error?.message).toContain('apiKey');
    expect(JSON.stringify(s)).not.toContain('short-secret');

    const broken = new ProviderRuntime({
      descriptor: descriptor(() => {
        throw new Error(`cannot parse key ${KEY}`);
      }),
      account: 'a',
      credentials: { apiKey: KEY },
      clock,
    });
    expect(broken.status()).toMatchObject({ state: 'error', error: { code: 'config' } });
    expect(JSON.stringify(broken.status())).not.toContain(KEY);
  });

  it('testConnection goes through the client', async () => {
    const { clock, rt } = runtimeWith([{ status: 200, body: {} }]);
    const r = await settle(clock, rt.testConnection());
    expect(r).toMatchObject({ ok: true, value: { ok: true, detail: 'Key valid for user demo' } });
    const failing = runtimeWith([{ status: 401 }]);
    const f = await settle(failing.clock, failing.rt.testConnection());
    expect((f as { error: CloudtopError }).error).toMatchObject({ code: 'auth', provider: 'vastai' });
  });

  it('a 429 shows in rateLimit.blockedUntil; dispose cancels in-flight work', async () => {
    const { clock, rt } = runtimeWith([{ status: 429, headers: { 'retry-after': '600' } }]);
    await settle(clock, rt.refresh());
    expect(rt.status().rateLimit?.blockedUntil).toBe(new Date(T0 + 600_000).toISOString());
    expect(rt.status().error?.code).toBe('rate_limited');

    const h = runtimeWith(['hang']);
    const p = h.rt.refresh();
    await h.clock.advanceAsync(10);
    h.rt.dispose();
    const r = await settle(h.clock, p);
    expect((r as { value: { error?: { code: string } } }).value.error?.code).toBe('cancelled');
    // Cancelling is not a provider failure.
    expect(h.rt.status().error).toBeUndefined();
  });

  it('the API key appears in no status, error or log line', async () => {
    const { clock, rt, log } = runtimeWith([
      { status: 401, body: { msg: `bad key ${KEY}` } },
      { status: 500, body: KEY },
    ]);
    await settle(clock, rt.refresh());
    await settle(
      clock,
      rt.testConnection().catch((e: unknown) => e),
    );
    expect(JSON.stringify(rt.status())).not.toContain(KEY);
    expect(log.text()).not.toContain(KEY);
  });

  it('an on-demand refresh keeps fresh data when the rate limit would make it wait, and waits for nothing during a 429 block', async () => {
    // A poll makes 2 requests (offers, resources); this provider allows 4 a minute.
    const ok = byPath({
      '/offers': { status: 200, body: { offers: [1] } },
      '/resources': { status: 200, body: { resources: [7] } },
    });
    const limited = runtimeWith(ok, {
      descriptor: descriptor(httpClient, {
        rateLimit: { documented: '4 a minute', intervalMs: 60_000, intervalCap: 4 },
      }),
    });
    expect(limited.rt.keepsPollOnDemand(30_000)).toBe(false); // nothing held yet
    await settle(limited.clock, limited.rt.refresh());
    expect(limited.rt.keepsPollOnDemand(30_000)).toBe(false); // 2 of 4 used: room for a poll
    await settle(limited.clock, limited.rt.refresh());
    // 4 of 4 used: a poll now waits ~a minute. Fresh data is kept; data as old as the poll interval is not.
    expect(limited.rt.keepsPollOnDemand(30_000)).toBe(true);
    await limited.clock.advanceAsync(30_000);
    expect(limited.rt.keepsPollOnDemand(30_000)).toBe(false);

    // Metrics: kept for a minute once every resource held was measured.
    expect(limited.rt.keepsMetricsOnDemand(300_000)).toBe(false);
    await limited.clock.advanceAsync(60_000);
    await settle(limited.clock, limited.rt.refreshMetrics());
    expect(limited.rt.keepsMetricsOnDemand(300_000)).toBe(true);
    await limited.clock.advanceAsync(61_000);
    expect(limited.rt.keepsMetricsOnDemand(300_000)).toBe(false);

    // A 429 block of 10 minutes, with no data at all: nothing to wait for.
    const blocked = runtimeWith([{ status: 429, headers: { 'retry-after': '600' } }]);
    await settle(blocked.clock, blocked.rt.refresh());
    expect(blocked.rt.keepsPollOnDemand(30_000)).toBe(true);
    expect(blocked.rt.keepsMetricsOnDemand(300_000)).toBe(true);
    await blocked.clock.advanceAsync(600_000);
    expect(blocked.rt.keepsPollOnDemand(30_000)).toBe(false);
    expect(blocked.rt.keepsMetricsOnDemand(300_000)).toBe(false);
  });
});
