/**
 * docs/reliability.md §8 targets 1–3 end to end: Scheduler + ProviderRuntime + HttpClient + Limiter on
 * a fake clock for 24 h, with 0 %, 50 % and 100 % injected failures (429 with and without
 * Retry-After, 503 with Retry-After, 500). Checks every request the "server" saw.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../../../helpers/fake-clock';
import { ProviderRuntime } from '../../../../src/core/collector/provider-runner';
import { Scheduler } from '../../../../src/core/collector/scheduler';
import type { AnyProviderDescriptor } from '../../../../src/core/providers/types';
import { makeOffer } from '../snapshot/fixtures';
import { rng } from './helpers';

const HOUR = 3600_000;
const CAP = 2;
const WINDOW = 1000;
const BLOCK = 300_000;

const descriptor: AnyProviderDescriptor = {
  id: 'cloudflare',
  displayName: 'Cloudflare',
  kind: 'cloud',
  credentialFields: [{ name: 'apiToken', label: 'API token', secret: true, optional: false }],
  credentialSchema: z.object({ apiToken: z.string() }),
  rateLimit: { documented: '1200 / 5 min', intervalMs: WINDOW, intervalCap: CAP, blockOn429Ms: BLOCK },
  defaultPollMs: 30_000,
  capabilities: { offers: true, resources: false, metrics: false },
  consoleUrl: 'https://dash.cloudflare.com',
  defaultBaseUrl: 'https://api.cloudflare.com/client/v4',
  create: (ctx) => ({
    async fetchOffers(signal) {
      const out = [];
      for (let page = 1; page <= 3; page++) {
        const body = await ctx.http.json({
          path: '/things',
          query: { page },
          signal,
          schema: z.object({ n: z.array(z.number()) }),
        });
        out.push(...body.n.map((n) => makeOffer(page * 100 + n)));
      }
      return out;
    },
    testConnection: async () => ({ ok: true, detail: '' }),
  }),
};

interface Seen {
  at: number;
  status: number;
  /** Silence the client owes after this answer. */
  silenceMs: number;
}

function soak(failRate: number, kinds: Array<'429' | '429-ra' | '503-ra' | '500'>, seed: number) {
  const clock = new FakeClock(Date.UTC(2025, 0, 1));
  const random = rng(seed);
  const seen: Seen[] = [];
  const fetch = (async () => {
    const at = clock.now();
    if (random() < failRate) {
      const kind = kinds[Math.floor(random() * kinds.length)];
      const ra = 1 + Math.floor(random() * 20);
      if (kind === '429')
        return (seen.push({ at, status: 429, silenceMs: BLOCK }), new Response(null, { status: 429 }));
      if (kind === '429-ra')
        return (
          seen.push({ at, status: 429, silenceMs: Math.max(BLOCK, ra * 1000) }),
          new Response(null, { status: 429, headers: { 'retry-after': String(ra) } })
        );
      if (kind === '503-ra')
        return (
          seen.push({ at, status: 503, silenceMs: ra * 1000 }),
          new Response(null, { status: 503, headers: { 'retry-after': String(ra) } })
        );
      return (seen.push({ at, status: 500, silenceMs: 0 }), new Response(null, { status: 500 }));
    }
    seen.push({ at, status: 200, silenceMs: 0 });
    return new Response(JSON.stringify({ n: [1, 2, 3] }), { status: 200 });
  }) as typeof globalThis.fetch;
  const rt = new ProviderRuntime({
    descriptor,
    account: 'default',
    credentials: { apiToken: 'tkn' },
    fetch,
    clock,
    random,
  });
  const scheduler = new Scheduler({ clock, random });
  scheduler.add('cloudflare/default', descriptor.defaultPollMs, async (signal) => !(await rt.refresh(signal)).error);
  return { clock, seen, rt, scheduler };
}

function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

async function run24h(s: ReturnType<typeof soak>): Promise<void> {
  s.scheduler.start();
  for (let t = 0; t < 24 * HOUR; t += 10 * 60_000) await s.clock.advanceAsync(10 * 60_000);
  await s.scheduler.stop();
}

describe('24 h soak on a fake clock', () => {
  it.each([
    [0, 1],
    [0.5, 2],
    [1, 3],
  ])('failure rate %s: no window over the cap, no request inside any server-requested silence', async (rate, seed) => {
    const s = soak(rate, ['429', '429-ra', '503-ra', '500'], seed);
    await run24h(s);
    const times = s.seen.map((x) => x.at);
    expect(times.length).toBeGreaterThan(0);
    expect(maxInWindow(times, WINDOW)).toBeLessThanOrEqual(CAP);
    // 600 per 5 min is half of Cloudflare's documented 1200.
    expect(maxInWindow(times, 300_000)).toBeLessThanOrEqual(600);
    let violations = 0;
    for (const x of s.seen) {
      if (!x.silenceMs) continue;
      violations += s.seen.filter((y) => y.at > x.at && y.at < x.at + x.silenceMs).length;
    }
    expect(violations).toBe(0);
    if (rate === 0) {
      // 30 s polls × 3 pages, nothing else.
      expect(s.seen.length).toBeGreaterThan(24 * 120 * 3 * 0.9);
      expect(s.rt.status().state).toBe('ok');
    }
  });

  it.each([
    ['500', ['500'] as const],
    ['429', ['429'] as const],
  ])('a provider always failing with %s gets ≤ 12 requests in any hour after the first', async (_label, kinds) => {
    const s = soak(1, [...kinds], 9);
    await run24h(s);
    const later = s.seen.map((x) => x.at).filter((t) => t >= s.seen[0].at + HOUR);
    expect(later.length).toBeGreaterThan(0);
    expect(maxInWindow(later, HOUR)).toBeLessThanOrEqual(12);
    expect(s.rt.status()).toMatchObject({ state: 'error', stale: true });
  });
});
