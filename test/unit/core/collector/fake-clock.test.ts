import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../helpers/fake-clock';

describe('FakeClock', () => {
  it('fires timers in due order, ties in creation order, and moves now to each due time', () => {
    const clock = new FakeClock(1000);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 50);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 10);
    clock.setTimeout(() => seen.push(['c', clock.now()]), 50);
    clock.advance(49);
    expect(seen).toEqual([['a', 1010]]);
    clock.advance(1);
    expect(seen).toEqual([
      ['a', 1010],
      ['b', 1050],
      ['c', 1050],
    ]);
    expect(clock.now()).toBe(1050);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = new FakeClock(0);
    const at: number[] = [];
    const tick = (): void => {
      at.push(clock.now());
      if (at.length < 5) clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.advance(1000);
    expect(at).toEqual([100, 200, 300, 400, 500]);
  });

  it('cancelled timers never fire', () => {
    const clock = new FakeClock(0);
    let fired = false;
    const t = clock.setTimeout(() => (fired = true), 10);
    t.cancel();
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('advanceAsync lets promise chains run between timers', async () => {
    const clock = new FakeClock(0);
    const log: string[] = [];
    const worker = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(1000);
        await Promise.resolve();
        log.push(`step ${i} at ${clock.now()}`);
      }
    };
    const done = worker();
    await clock.advanceAsync(10_000);
    await done;
    expect(log).toEqual(['step 0 at 1000', 'step 1 at 2000', 'step 2 at 3000']);
  });

  it('sleep rejects with AbortError when aborted and removes its timer', async () => {
    const clock = new FakeClock(0);
    const ac = new AbortController();
    const p = clock.sleep(5000, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('jump moves time without firing; the next advance fires overdue timers once', () => {
    const clock = new FakeClock(0);
    let n = 0;
    clock.setTimeout(() => n++, 1000);
    clock.jump(8 * 3600_000);
    expect(n).toBe(0);
    clock.advance(0);
    expect(n).toBe(1);
    expect(clock.now()).toBe(8 * 3600_000);
  });
});
