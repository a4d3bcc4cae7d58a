import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../helpers/fake-clock';
import { Limiter } from '../../../../src/core/collector/limiter';
import { rng } from './helpers';

/** Largest number of dispatches in any window of `windowMs` (half-open: [t, t + windowMs)). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('Limiter', () => {
  it.each([
    { cap: 2, interval: 1000, concurrency: 4, calls: 10_000 },
    { cap: 5, interval: 1000, concurrency: 2, calls: 3000 },
    { cap: 600, interval: 300_000, concurrency: 8, calls: 4000 },
  ])(
    'never exceeds $cap per $interval ms over $calls calls (concurrency $concurrency)',
    async ({ cap, interval, concurrency, calls }) => {
      const clock = new FakeClock(0);
      const limiter = new Limiter({ intervalMs: interval, intervalCap: cap, concurrency, clock });
      const random = rng(42);
      const dispatched: number[] = [];
      let running = 0;
      let maxRunning = 0;
      const all: Promise<void>[] = [];
      for (let i = 0; i < calls; i++) {
        all.push(
          limiter.schedule(async () => {
            dispatched.push(clock.now());
            running++;
            maxRunning = Math.max(maxRunning, running);
            await clock.sleep(Math.floor(random() * 1500));
            running--;
          }),
        );
        // Bursts of arrivals while the queue drains.
        if (i % 500 === 0) await clock.advanceAsync(Math.floor(random() * 2000));
      }
      const done = Promise.all(all);
      let finished = false;
      void done.then(() => (finished = true));
      while (!finished) await clock.advanceAsync(interval);
      expect(dispatched).toHaveLength(calls);
      expect(maxInWindow(dispatched, interval)).toBeLessThanOrEqual(cap);
      expect(maxRunning).toBeLessThanOrEqual(concurrency);
      // It also uses the budget: the queue is not needlessly slow.
      expect(maxInWindow(dispatched, interval)).toBe(cap);
    },
  );

  it.each([
    // Neon: 700/min documented, 40/s per route.
    { main: { intervalMs: 60_000, intervalCap: 350 }, burst: { intervalMs: 1000, intervalCap: 20 }, calls: 2000 },
    { main: { intervalMs: 60_000, intervalCap: 100 }, burst: { intervalMs: 1000, intervalCap: 10 }, calls: 700 },
  ])(
    'with a burst window both windows hold and both are used up (main $main.intervalCap per $main.intervalMs ms)',
    async ({ main, burst, calls }) => {
      const clock = new FakeClock(0);
      const limiter = new Limiter({ ...main, burst, concurrency: 8, clock });
      const random = rng(7);
      const dispatched: number[] = [];
      const usedSeen: number[] = [];
      // Every call arrives at once: the worst case for a burst.
      const all = Array.from({ length: calls }, () =>
        limiter.schedule(async () => {
          dispatched.push(clock.now());
          usedSeen.push(limiter.usage().used);
          await clock.sleep(Math.floor(random() * 300));
        }),
      );
      let finished = false;
      void Promise.all(all).then(() => (finished = true));
      while (!finished) await clock.advanceAsync(burst.intervalMs / 4);
      expect(dispatched).toHaveLength(calls);
      expect(maxInWindow(dispatched, burst.intervalMs)).toBe(burst.intervalCap);
      expect(maxInWindow(dispatched, main.intervalMs)).toBe(main.intervalCap);
      // usage() reports the main window and agrees with what was dispatched.
      expect(Math.max(...usedSeen)).toBe(main.intervalCap);
    },
  );

  it('a burst window lets one refresh go out at once instead of one request per slot', async () => {
    const clock = new FakeClock(0);
    const spread = new Limiter({ intervalMs: 1000, intervalCap: 5, concurrency: 60, clock });
    const burst = new Limiter({
      intervalMs: 60_000,
      intervalCap: 350,
      burst: { intervalMs: 1000, intervalCap: 20 },
      concurrency: 60,
      clock,
    });
    const finishAt = async (l: Limiter): Promise<number> => {
      const start = clock.now();
      const all = Promise.all(Array.from({ length: 60 }, () => l.schedule(async () => undefined)));
      let done = false;
      void all.then(() => (done = true));
      while (!done) await clock.advanceAsync(100);
      return clock.now() - start;
    };
    expect(await finishAt(spread)).toBeGreaterThanOrEqual(11_000);
    expect(await finishAt(burst)).toBeLessThanOrEqual(2_100);
  });

  it('blockUntil: nothing is dispatched before the block ends, then it resumes', async () => {
    const clock = new FakeClock(0);
    const limiter = new Limiter({ intervalMs: 1000, intervalCap: 10, clock });
    limiter.blockUntil(7000);
    expect(limiter.usage().blockedUntil).toBe(7000);
    const at: number[] = [];
    const all = [1, 2, 3].map(() => limiter.schedule(async () => void at.push(clock.now())));
    await clock.advanceAsync(6999);
    expect(at).toEqual([]);
    await clock.advanceAsync(1);
    await Promise.all(all);
    expect(at).toEqual([7000, 7000, 7000]);
    expect(limiter.usage().blockedUntil).toBeUndefined();
  });

  it('a shorter block never shortens a longer one', async () => {
    const clock = new FakeClock(0);
    const limiter = new Limiter({ intervalMs: 1000, intervalCap: 10, clock });
    limiter.blockUntil(300_000);
    limiter.blockUntil(7000);
    expect(limiter.blockedUntil()).toBe(300_000);
  });

  it('usage reports the sliding-window count', async () => {
    const clock = new FakeClock(0);
    const limiter = new Limiter({ intervalMs: 1000, intervalCap: 3, clock });
    await Promise.all([1, 2].map(() => limiter.schedule(async () => {})));
    expect(limiter.usage()).toEqual({ used: 2, limit: 3, windowMs: 1000 });
    await clock.advanceAsync(1000);
    expect(limiter.usage().used).toBe(0);
  });

  it('aborting a waiting task rejects it without taking a slot', async () => {
    const clock = new FakeClock(0);
    const limiter = new Limiter({ intervalMs: 1000, intervalCap: 1, clock });
    await limiter.schedule(async () => {});
    const ac = new AbortController();
    let ran = false;
    const p = limiter.schedule(async () => void (ran = true), { signal: ac.signal });
    await clock.advanceAsync(10);
    ac.abort();
    await expect(p).rejects.toBeDefined();
    await clock.advanceAsync(5000);
    expect(ran).toBe(false);
    expect(limiter.dispatched).toBe(1);
    await limiter.onIdle();
  });

  it('acquire (window only) shares the same window as schedule', async () => {
    const clock = new FakeClock(0);
    const limiter = new Limiter({ intervalMs: 1000, intervalCap: 2, clock });
    const at: number[] = [];
    const ps = [0, 1, 2, 3].map((i) =>
      (i % 2 ? limiter.acquire() : limiter.schedule(async () => {})).then(() => at.push(clock.now())),
    );
    await clock.advanceAsync(3000);
    await Promise.all(ps);
    expect(at).toEqual([0, 0, 1000, 1000]);
  });

  it.each([
    { name: 'one window', main: { intervalMs: 60_000, intervalCap: 50 } },
    {
      name: 'with a burst window',
      main: { intervalMs: 60_000, intervalCap: 30 },
      burst: { intervalMs: 1000, intervalCap: 4 },
    },
  ])('waitFor(n) says when n more requests will all have gone, as they then do ($name)', async ({ main, burst }) => {
    const random = rng(7);
    for (let round = 0; round < 60; round++) {
      const clock = new FakeClock(0);
      const limiter = new Limiter({ ...main, ...(burst ? { burst } : {}), concurrency: 1000, clock });
      // Some history: requests spread over the last minute or so.
      const earlier = Math.floor(random() * 90);
      for (let i = 0; i < earlier; i++) {
        void limiter.schedule(async () => undefined);
        await clock.advanceAsync(Math.floor(random() * 1500));
      }
      if (round % 10 === 9) limiter.blockUntil(clock.now() + 20_000);
      const n = 1 + Math.floor(random() * 70);
      await clock.advanceAsync(0);
      const start = clock.now();
      const predicted = limiter.waitFor(n);
      let last = start;
      const all = Array.from({ length: n }, () => limiter.schedule(async () => void (last = clock.now())));
      let done = false;
      void Promise.all(all).then(() => (done = true));
      while (!done) await clock.advanceAsync(100);
      expect({ round, waited: last - start }).toEqual({ round, waited: predicted });
    }
  });
});
