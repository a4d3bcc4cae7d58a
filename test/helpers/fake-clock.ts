/**
 * A Clock for tests: time only moves when the test says so, so hours of polling, Retry-After
 * blocks and backoff run in milliseconds and never flake on a busy machine.
 *
 * - `advance(ms)` runs the due timers synchronously, in due order (ties: creation order).
 * - `advanceAsync(ms)` does the same but lets promise chains settle before and after every timer,
 *   so code that awaits between timers (limiter → fetch → retry sleep) behaves as with real time.
 * - `jump(ms)` moves time without firing anything (a laptop asleep), later advances fire the
 *   overdue timers once, like real timers after a wake-up.
 */
import { sleepWith, type Clock, type TimerHandle } from '../../src/core/collector/clock';

interface FakeTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

// Captured at load so a test that also mocks global timers cannot break the flush.
const realSetImmediate = globalThis.setImmediate;

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  /** Sorted by (due, seq). */
  private timers: FakeTimer[] = [];

  /** Defaults to a fixed, readable instant so ISO strings in assertions are stable. */
  constructor(startMs: number = Date.UTC(2025, 0, 1, 0, 0, 0)) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: FakeTimer = {
      due: this.t + Math.max(0, Number.isFinite(ms) ? ms : 0),
      seq: this.seq++,
      fn,
      cancelled: false,
    };
    this.insert(timer);
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        const i = this.timers.indexOf(timer);
        if (i >= 0) this.timers.splice(i, 1);
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** Number of timers waiting to fire. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** When the next timer is due, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.timers[0]?.due;
  }

  /** Runs every timer due within `ms`, synchronously. Promise continuations run only afterwards. */
  advance(ms: number): void {
    const target = this.t + Math.max(0, ms);
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > target) break;
      this.fire(next);
    }
    this.t = target;
  }

  /** Runs every timer due within `ms`, letting promises settle before and after each one. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.t + Math.max(0, ms);
    await this.flush();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > target) break;
      this.fire(next);
      await this.flush();
    }
    this.t = target;
    await this.flush();
  }

  /** Advances to the given epoch ms (no-op when it is in the past). */
  async advanceToAsync(epochMs: number): Promise<void> {
    await this.advanceAsync(Math.max(0, epochMs - this.t));
  }

  /**
   * Keeps firing timers until none is left or `limitMs` of fake time has passed. For "run the
   * whole scenario" tests; a recurring scheduler never runs out of timers, hence the limit.
   */
  async runAllAsync(limitMs: number = 24 * 3600_000): Promise<void> {
    const stop = this.t + limitMs;
    await this.flush();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > stop) break;
      this.fire(next);
      await this.flush();
    }
  }

  /** Moves time forward without firing timers (the machine was asleep). */
  jump(ms: number): void {
    this.t += Math.max(0, ms);
  }

  /** Lets every pending promise continuation run (one macrotask turn, twice for chained I/O-free work). */
  async flush(): Promise<void> {
    await new Promise<void>((r) => realSetImmediate(r));
    await new Promise<void>((r) => realSetImmediate(r));
  }

  private fire(timer: FakeTimer): void {
    this.timers.shift();
    if (timer.due > this.t) this.t = timer.due;
    timer.cancelled = true;
    timer.fn();
  }

  private insert(timer: FakeTimer): void {
    // Binary search for the first timer due strictly later: equal due times keep creation order.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timers[mid].due <= timer.due) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
  }
}
