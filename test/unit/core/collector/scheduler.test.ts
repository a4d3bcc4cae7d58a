import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../helpers/fake-clock';
import { Scheduler } from '../../../../src/core/collector/scheduler';
import { rng } from './helpers';

const MIN = 60_000;

function recorder(clock: FakeClock, opts: { durationMs?: number; ok?: () => boolean } = {}) {
  const starts: number[] = [];
  let running = 0;
  let overlap = false;
  const run = async (signal: AbortSignal): Promise<boolean> => {
    starts.push(clock.now());
    running++;
    if (running > 1) overlap = true;
    try {
      await clock.sleep(opts.durationMs ?? 0, signal);
    } catch {
      return false;
    } finally {
      running--;
    }
    return opts.ok ? opts.ok() : true;
  };
  return { run, starts, overlapped: () => overlap };
}

describe('Scheduler', () => {
  it('start runs each key now, then every interval ±10 %', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: rng(1) });
    const a = recorder(clock);
    s.add('a', MIN, a.run);
    s.start();
    await clock.advanceAsync(60 * MIN);
    expect(a.starts[0]).toBe(0);
    const gaps = a.starts.slice(1).map((t, i) => t - a.starts[i]);
    expect(gaps.length).toBeGreaterThan(50);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(0.9 * MIN);
      expect(g).toBeLessThanOrEqual(1.1 * MIN);
    }
    // Jitter is real: not all gaps equal.
    expect(new Set(gaps).size).toBeGreaterThan(10);
    await s.stop();
  });

  it('never overlaps runs of one key even when a run outlasts its interval', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: () => 0.5 });
    const a = recorder(clock, { durationMs: 90_000 });
    s.add('a', MIN, a.run);
    s.start();
    for (let i = 0; i < 20; i++) {
      await clock.advanceAsync(17_000);
      void s.runNow(['a']);
    }
    expect(a.overlapped()).toBe(false);
    await s.stop();
  });

  it('runNow coalesces with an in-flight run and restarts the cadence from a manual run', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: () => 0.5 });
    const a = recorder(clock, { durationMs: 5000 });
    s.add('a', MIN, a.run);
    s.start();
    await clock.advanceAsync(1000);
    const p1 = s.runNow(['a']);
    const p2 = s.runNow();
    await clock.advanceAsync(5000);
    expect(await p1).toEqual(new Map([['a', true]]));
    expect(await p2).toEqual(new Map([['a', true]]));
    expect(a.starts).toEqual([0]);
    expect(s.nextRunAt('a')).toBe(MIN);
    // A manual run at 30 s moves the next timer to 30 s + interval.
    await clock.advanceToAsync(30_000);
    const p3 = s.runNow(['a']);
    await clock.advanceAsync(5000);
    await p3;
    expect(a.starts).toEqual([0, 30_000]);
    expect(s.nextRunAt('a')).toBe(30_000 + MIN);
    await clock.advanceToAsync(30_000 + MIN + 1);
    expect(a.starts).toEqual([0, 30_000, 30_000 + MIN]);
    await s.stop();
  });

  it('backs off exponentially on consecutive failures, capped, and resets on success', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: () => 0.5, maxBackoffMs: 30 * MIN });
    let failing = true;
    const a = recorder(clock, { ok: () => !failing });
    s.add('a', MIN, a.run);
    s.start();
    await clock.advanceAsync(3 * 3600_000);
    const gaps = a.starts.slice(1).map((t, i) => t - a.starts[i]);
    expect(gaps.slice(0, 6)).toEqual([2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN, 30 * MIN, 30 * MIN]);
    expect(s.failures('a')).toBeGreaterThan(5);
    failing = false;
    const before = a.starts.length;
    await clock.advanceAsync(30 * MIN);
    await clock.advanceAsync(10 * MIN);
    const after = a.starts.slice(before - 1);
    const g2 = after.slice(1).map((t, i) => t - after[i]);
    expect(g2.at(-1)).toBe(MIN);
    expect(s.failures('a')).toBe(0);
    await s.stop();
  });

  it('a throwing run counts as a failure and does not break the scheduler', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: () => 0.5 });
    let n = 0;
    s.add('a', MIN, async () => {
      n++;
      throw new Error('boom');
    });
    s.start();
    await clock.advanceAsync(10 * MIN);
    expect(n).toBeGreaterThan(1);
    expect(s.failures('a')).toBe(n);
    await s.stop();
  });

  it('after 8 h of suspend, resume gives at most one run per key in the first 10 s, then the normal schedule', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: rng(3) });
    const recs = ['vastai/default', 'runpod/default', 'cloudflare/default', 'cloudflare/default#metrics'].map((k) => {
      const r = recorder(clock, { durationMs: 800 });
      s.add(k, k.endsWith('#metrics') ? 5 * MIN : 30_000, r.run);
      return r;
    });
    s.start();
    await clock.advanceAsync(10 * MIN);
    s.suspend();
    const counts = recs.map((r) => r.starts.length);
    await clock.advanceAsync(8 * 3600_000);
    expect(recs.map((r) => r.starts.length)).toEqual(counts);
    const wake = clock.now();
    s.resume();
    await clock.advanceAsync(10_000);
    for (const r of recs) expect(r.starts.filter((t) => t >= wake && t < wake + 10_000).length).toBeLessThanOrEqual(1);
    for (const r of recs) expect(r.starts.filter((t) => t >= wake).length).toBe(1);
    await clock.advanceAsync(10 * MIN);
    expect(recs[0].starts.filter((t) => t >= wake).length).toBeGreaterThan(10);
    await s.stop();
  });

  it('a wake without a suspend event (timers overdue after sleep) also runs each key once', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: rng(4) });
    const recs = [1, 2, 3].map((i) => {
      const r = recorder(clock);
      s.add(`k${i}`, i * 10_000, r.run);
      return r;
    });
    s.start();
    await clock.advanceAsync(MIN);
    clock.jump(8 * 3600_000);
    const wake = clock.now();
    await clock.advanceAsync(10_000);
    for (const r of recs) expect(r.starts.filter((t) => t >= wake && t < wake + 10_000).length).toBeLessThanOrEqual(1);
    await s.stop();
  });

  it('a short suspend keeps the plan (no extra run on resume)', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: () => 0.5 });
    const a = recorder(clock);
    s.add('a', MIN, a.run);
    s.start();
    await clock.advanceAsync(10_000);
    s.suspend();
    expect(s.nextRunAt('a')).toBeUndefined();
    await clock.advanceAsync(5000);
    s.resume();
    expect(s.nextRunAt('a')).toBe(MIN);
    await clock.advanceAsync(MIN - 15_000 - 1);
    expect(a.starts).toEqual([0]);
    await clock.advanceAsync(1);
    expect(a.starts).toEqual([0, MIN]);
    await s.stop();
  });

  it('stop aborts in-flight runs, settles, and no timer fires afterwards', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock });
    let aborted = false;
    let runs = 0;
    s.add('a', MIN, async (signal) => {
      runs++;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve())));
      return false;
    });
    s.start();
    await clock.advanceAsync(10);
    await s.stop();
    expect(aborted).toBe(true);
    await clock.advanceAsync(60 * MIN);
    expect(runs).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('remove aborts and forgets a key; setInterval moves its cadence; runNow works before start', async () => {
    const clock = new FakeClock(0);
    const s = new Scheduler({ clock, random: () => 0.5 });
    const a = recorder(clock);
    const b = recorder(clock);
    s.add('a', MIN, a.run);
    s.add('b', MIN, b.run);
    const first = s.runNow(['a']);
    await clock.advanceAsync(0);
    await first;
    expect(a.starts).toEqual([0]);
    expect(s.nextRunAt('a')).toBeUndefined(); // not started: nothing planned
    s.start();
    expect(s.nextRunAt('a')).toBe(MIN);
    s.setInterval('a', 5 * MIN);
    expect(s.nextRunAt('a')).toBe(5 * MIN);
    s.remove('b');
    await clock.advanceAsync(10 * MIN);
    expect(b.starts).toEqual([]);
    expect(a.starts).toEqual([0, 5 * MIN, 10 * MIN]);
    expect(s.keys()).toEqual(['a']);
    await s.stop();
  });
});
