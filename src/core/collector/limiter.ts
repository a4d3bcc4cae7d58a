/**
 * Per provider-account request limiter (docs/design.md §6, docs/reliability.md C1/C2).
 *
 * Two parts:
 * - concurrency: p-queue (`concurrency` only). It needs no timers in that mode.
 * - rate: a strict sliding window (at most `intervalCap` dispatches in any `intervalMs`), optionally a
 *   second, shorter `burst` window (Neon: 700/min overall but 40/s per route; Cloudflare: 1200 per
 *   5 min but a 100/min burst policy), plus a provider-wide block (`blockUntil`) after a 429. This part is written here on the injected
 *   Clock because p-queue's own `interval`/`strict` mode reads `Date.now()` and the global
 *   `setTimeout`, which a fake clock cannot drive; it implements the same rule as p-queue's
 *   `strict: true` (a dispatch at `t` counts until `t + intervalMs`).
 *
 * Cancellation is by AbortSignal only (never `queue.clear()`, whose waiting promises never settle).
 */
import PQueue from 'p-queue';
import type { Clock, TimerHandle } from './clock';

export interface RateWindow {
  intervalMs: number;
  intervalCap: number;
}

export interface LimiterOptions extends RateWindow {
  /** A second window that must hold too: lets a budget stated per minute be spent in a burst. */
  burst?: RateWindow;
  /** Requests in flight at once for this account. Default 4. */
  concurrency?: number;
  clock: Clock;
}

export interface LimiterUsage {
  /** Dispatches in the current sliding window. */
  used: number;
  limit: number;
  windowMs: number;
  /** Epoch ms until which nothing is sent, when a block is active. */
  blockedUntil?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  cleanup: () => void;
}

function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

export class Limiter {
  readonly intervalMs: number;
  readonly intervalCap: number;
  /** The main window first; every one of them must have room for a dispatch. */
  private readonly windows: readonly RateWindow[];
  /** The longest window: ticks older than this count in none. */
  private readonly horizonMs: number;
  private readonly clock: Clock;
  private readonly queue: PQueue;
  /** Dispatch times still inside the window, oldest first, from index `head`. */
  private ticks: number[] = [];
  private head = 0;
  private waiters: Waiter[] = [];
  private waitersHead = 0;
  private timer: TimerHandle | undefined;
  private timerAt = 0;
  private blockedUntilMs = 0;
  private dispatchedTotal = 0;

  constructor(opts: LimiterOptions) {
    const windows = [opts, ...(opts.burst ? [opts.burst] : [])].map((w) => {
      if (!(w.intervalMs > 0) || !Number.isFinite(w.intervalMs))
        throw new TypeError('intervalMs must be a positive number');
      if (!(w.intervalCap >= 1) || !Number.isFinite(w.intervalCap)) throw new TypeError('intervalCap must be ≥ 1');
      return { intervalMs: w.intervalMs, intervalCap: Math.floor(w.intervalCap) };
    });
    this.windows = windows;
    this.horizonMs = Math.max(...windows.map((w) => w.intervalMs));
    this.intervalMs = windows[0].intervalMs;
    this.intervalCap = windows[0].intervalCap;
    this.clock = opts.clock;
    this.queue = new PQueue({ concurrency: Math.max(1, opts.concurrency ?? 4) });
  }

  /**
   * Runs `fn` once a concurrency slot and a window slot are free and no block is active.
   * Aborting `signal` while waiting rejects with the signal's reason and frees nothing it never took.
   */
  schedule<T>(fn: () => Promise<T>, opts: { signal?: AbortSignal } = {}): Promise<T> {
    const { signal } = opts;
    return this.queue.add(
      async () => {
        await this.acquire(signal);
        return fn();
      },
      signal ? { signal } : {},
    );
  }

  /**
   * Takes one window slot (waiting for it and for any block to end) without a concurrency slot.
   * For requests made inside an already scheduled task (SDK pagination through `http.fetch`).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // Fast path keeps FIFO order: only when nobody is waiting.
    if (this.waiters.length - this.waitersHead === 0 && this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter, this.waitersHead);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortReason(signal!));
        this.pump();
      };
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Nothing is dispatched before `epochMs` (a later block wins; an earlier one is ignored). */
  blockUntil(epochMs: number): void {
    if (!Number.isFinite(epochMs) || epochMs <= this.blockedUntilMs) return;
    this.blockedUntilMs = epochMs;
    this.pump();
  }

  /** Epoch ms of the active block, or undefined. */
  blockedUntil(): number | undefined {
    return this.blockedUntilMs > this.clock.now() ? this.blockedUntilMs : undefined;
  }

  usage(): LimiterUsage {
    const now = this.clock.now();
    this.expire(now);
    const u: LimiterUsage = {
      used: this.countWithin(now, this.intervalMs),
      limit: this.intervalCap,
      windowMs: this.intervalMs,
    };
    if (this.blockedUntilMs > now) u.blockedUntil = this.blockedUntilMs;
    return u;
  }

  /**
   * How long from now until `n` more requests could all have been dispatched (0: at once): those
   * already waiting go first, a block must end, and no window may go over its cap.
   */
  waitFor(n: number): number {
    const now = this.clock.now();
    this.expire(now);
    const need = Math.max(0, n) + (this.waiters.length - this.waitersHead);
    if (need === 0) return 0;
    // Played forward on a copy, one dispatch at a time as pump() would: exact with several windows,
    // where one window's wait moves what another allows.
    const ticks = this.ticks.slice(this.head);
    let t = Math.max(now, this.blockedUntilMs);
    for (let k = 0; k < need; k++) {
      t = this.freeAt(t, ticks, 0);
      ticks.push(t);
    }
    return t - now;
  }

  /** Total dispatches since creation (tests, metrics). */
  get dispatched(): number {
    return this.dispatchedTotal;
  }

  /** Tasks waiting for a concurrency slot plus those waiting for a window slot. */
  get waiting(): number {
    return this.queue.size + (this.waiters.length - this.waitersHead);
  }

  /** Tasks holding a concurrency slot. */
  get running(): number {
    return this.queue.pending;
  }

  /** Resolves when no task is queued or running. */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }

  private expire(now: number): void {
    while (this.head < this.ticks.length && now - this.ticks[this.head] >= this.horizonMs) this.head++;
    if (this.head > 64 && this.head * 2 > this.ticks.length) {
      this.ticks = this.ticks.slice(this.head);
      this.head = 0;
    }
  }

  private tryTake(): boolean {
    const now = this.clock.now();
    if (now < this.blockedUntilMs) return false;
    this.expire(now);
    if (this.freeAt(now) > now) return false;
    this.ticks.push(now);
    this.dispatchedTotal++;
    return true;
  }

  private pump(): void {
    while (this.waitersHead < this.waiters.length && this.tryTake()) {
      const w = this.waiters[this.waitersHead++];
      w.cleanup();
      w.resolve();
    }
    if (this.waitersHead > 64 && this.waitersHead * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.waitersHead);
      this.waitersHead = 0;
    }
    if (this.waitersHead >= this.waiters.length) {
      this.clearTimer();
      return;
    }
    const now = this.clock.now();
    let wakeAt = now;
    if (this.blockedUntilMs > now) wakeAt = this.blockedUntilMs;
    wakeAt = Math.max(wakeAt, this.freeAt(now));
    if (this.timer && this.timerAt === wakeAt) return;
    this.clearTimer();
    this.timerAt = wakeAt;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wakeAt - now);
  }

  /**
   * When every window next has room (`now` if it has room already). Ticks are in order, so a window is
   * full exactly when its cap-th most recent tick is still inside it, and frees when that tick leaves.
   */
  private freeAt(now: number, ticks = this.ticks, head = this.head): number {
    let at = now;
    for (const w of this.windows) {
      const i = ticks.length - w.intervalCap;
      if (i < head) continue;
      const t = ticks[i];
      if (now - t < w.intervalMs) at = Math.max(at, t + w.intervalMs);
    }
    return at;
  }

  /** Dispatches inside the last `ms` (binary search: ticks are in order). */
  private countWithin(now: number, ms: number): number {
    let lo = this.head;
    let hi = this.ticks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (now - this.ticks[mid] >= ms) lo = mid + 1;
      else hi = mid;
    }
    return this.ticks.length - lo;
  }

  private clearTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
