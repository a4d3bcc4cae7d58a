/**
 * Poll scheduler (docs/design.md §6, docs/reliability.md C7), all on the injected Clock.
 *
 * - One entry per key (a provider account, or its `#metrics` poll) with its own interval.
 * - Runs of one key never overlap: the next timer is set only when a run has finished, and a
 *   manual `runNow` while a run is in flight joins that run (coalescing).
 * - Intervals are measured from the start of a run (a steady cadence), jittered ±10 %, with a
 *   minimum gap of 10 % of the interval after a run that took longer than its interval.
 *   A manual run restarts the cadence from its own start.
 * - Consecutive failures back off exponentially: interval·2^n, capped at `maxBackoffMs`
 *   (default 30 min, never below the interval itself). One success resets it.
 * - `suspend()` cancels every timer; `resume()` runs each key whose time has come at most once,
 *   then the normal schedule continues (no catch-up storm after 8 h of sleep).
 */
import { setMaxListeners } from 'node:events';
import type { Clock, TimerHandle } from './clock';
import { silentLogger, type Logger } from '../log/types';

export type ScheduledRun = (signal: AbortSignal) => Promise<boolean>;

export interface SchedulerOptions {
  clock: Clock;
  log?: Logger;
  /** Jitter source (tests). */
  random?: () => number;
  /** ± fraction of each interval. Default 0.1. */
  jitter?: number;
  /** Cap of the failure backoff. Default 30 min. */
  maxBackoffMs?: number;
  /** `stop()` waits at most this long for in-flight runs after aborting them. Default 10 s. */
  stopTimeoutMs?: number;
  /** Told whenever a key's next run time changes (undefined: none planned). */
  onScheduled?: (key: string, at: number | undefined) => void;
}

interface Entry {
  key: string;
  intervalMs: number;
  run: ScheduledRun;
  failures: number;
  timer?: TimerHandle;
  timerAt?: number;
  inflight?: Promise<boolean>;
  controller?: AbortController;
  lastStart?: number;
  /** When the next run is due, decided at the start of the current/last run. */
  plannedNext?: number;
  removed: boolean;
}

export class Scheduler {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly jitter: number;
  private readonly maxBackoffMs: number;
  private readonly stopTimeoutMs: number;
  private readonly onScheduled?: (key: string, at: number | undefined) => void;
  private readonly entries = new Map<string, Entry>();
  private started = false;
  private suspended = false;

  constructor(opts: SchedulerOptions) {
    this.clock = opts.clock;
    this.log = opts.log ?? silentLogger;
    this.random = opts.random ?? Math.random;
    this.jitter = Math.min(0.5, Math.max(0, opts.jitter ?? 0.1));
    this.maxBackoffMs = opts.maxBackoffMs ?? 30 * 60_000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
    this.onScheduled = opts.onScheduled;
  }

  /** Adds a key (or replaces its interval and run function, keeping its state). */
  add(key: string, intervalMs: number, run: ScheduledRun): void {
    if (!(intervalMs > 0)) throw new TypeError(`interval for ${key} must be positive`);
    const existing = this.entries.get(key);
    if (existing) {
      existing.run = run;
      existing.intervalMs = intervalMs;
      return;
    }
    const e: Entry = { key, intervalMs, run, failures: 0, removed: false };
    this.entries.set(key, e);
    if (this.active()) this.arm(e, this.clock.now());
  }

  /** Removes a key: its timer is cancelled and an in-flight run is aborted. */
  remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.removed = true;
    this.disarm(e);
    e.controller?.abort(abortReason('removed'));
    this.entries.delete(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Changes a key's interval; a pending timer moves to the new cadence. */
  setInterval(key: string, intervalMs: number): void {
    const e = this.entries.get(key);
    if (!e || !(intervalMs > 0)) return;
    e.intervalMs = intervalMs;
    if (e.inflight) return;
    e.plannedNext = (e.lastStart ?? this.clock.now()) + this.delayFor(e);
    if (e.timer) this.arm(e, e.plannedNext);
  }

  /** Starts polling: keys that never ran run now, the others at their planned time. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.clock.now();
    for (const e of this.entries.values()) {
      if (e.inflight) continue;
      this.arm(e, e.plannedNext ?? now);
    }
  }

  /** Stops timers, aborts in-flight runs and resolves once they have settled (or after stopTimeoutMs). */
  async stop(): Promise<void> {
    this.started = false;
    const pending: Promise<boolean>[] = [];
    for (const e of this.entries.values()) {
      this.disarm(e);
      if (e.inflight) {
        e.controller?.abort(abortReason('stopped'));
        pending.push(e.inflight);
      }
    }
    if (pending.length === 0) return;
    let timer: TimerHandle | undefined;
    await Promise.race([
      Promise.allSettled(pending),
      new Promise<void>((resolve) => {
        timer = this.clock.setTimeout(resolve, this.stopTimeoutMs);
      }),
    ]);
    timer?.cancel();
  }

  /** System suspend: no timer fires until `resume()`. In-flight runs finish on their own. */
  suspend(): void {
    if (this.suspended) return;
    this.suspended = true;
    for (const e of this.entries.values()) this.disarm(e);
  }

  /** System resume: each key that is due runs once now, the rest keep their plan. */
  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    if (!this.started) return;
    const now = this.clock.now();
    for (const e of this.entries.values()) {
      if (e.inflight) continue;
      this.arm(e, Math.max(now, e.plannedNext ?? now));
    }
  }

  /**
   * Runs the given keys (default: all) now. A key already running is not started again: its
   * current run is awaited instead. Resolves with each key's result (true = ok).
   */
  async runNow(keys?: readonly string[]): Promise<Map<string, boolean>> {
    const list = keys
      ? keys.map((k) => this.entries.get(k)).filter((e): e is Entry => e !== undefined)
      : [...this.entries.values()];
    const results = await Promise.all(list.map((e) => this.launch(e)));
    return new Map(list.map((e, i) => [e.key, results[i]]));
  }

  /** Epoch ms of the key's next run, or undefined when none is planned (stopped, suspended, unknown key). */
  nextRunAt(key: string): number | undefined {
    const e = this.entries.get(key);
    if (!e || !this.active()) return undefined;
    if (e.timer) return e.timerAt;
    return e.plannedNext;
  }

  isRunning(key: string): boolean {
    return this.entries.get(key)?.inflight !== undefined;
  }

  /** Consecutive failures of a key (0 after a success). */
  failures(key: string): number {
    return this.entries.get(key)?.failures ?? 0;
  }

  private active(): boolean {
    return this.started && !this.suspended;
  }

  private jittered(ms: number): number {
    return ms * (1 + (this.random() * 2 - 1) * this.jitter);
  }

  private delayFor(e: Entry): number {
    if (e.failures === 0) return this.jittered(e.intervalMs);
    const cap = Math.max(this.maxBackoffMs, e.intervalMs);
    const base = Math.min(cap, e.intervalMs * 2 ** e.failures);
    return Math.min(cap, this.jittered(base));
  }

  private launch(e: Entry): Promise<boolean> {
    if (e.inflight) return e.inflight;
    this.disarm(e);
    const start = this.clock.now();
    e.lastStart = start;
    // Plan assuming success so nextRunAt() answers during the run; a failure re-plans below.
    e.plannedNext = start + this.jittered(e.intervalMs);
    const controller = new AbortController();
    // A refresh fans out to many requests, each listening (and detaching) on this signal.
    setMaxListeners(0, controller.signal);
    e.controller = controller;
    const p = (async (): Promise<boolean> => {
      try {
        return (await e.run(controller.signal)) === true;
      } catch (err) {
        this.log.warn({ key: e.key, errorName: err instanceof Error ? err.name : typeof err }, 'scheduled run threw');
        return false;
      }
    })().then((ok) => {
      e.inflight = undefined;
      e.controller = undefined;
      e.failures = ok ? 0 : e.failures + 1;
      if (!ok) e.plannedNext = start + this.delayFor(e);
      if (!e.removed && this.active()) {
        const now = this.clock.now();
        this.arm(e, Math.max(e.plannedNext ?? now, now + e.intervalMs * 0.1));
      }
      return ok;
    });
    e.inflight = p;
    return p;
  }

  private arm(e: Entry, at: number): void {
    this.disarm(e, false);
    const now = this.clock.now();
    e.timerAt = Math.max(now, at);
    e.timer = this.clock.setTimeout(() => {
      e.timer = undefined;
      e.timerAt = undefined;
      if (!e.removed && this.active()) void this.launch(e);
    }, e.timerAt - now);
    this.onScheduled?.(e.key, e.timerAt);
  }

  private disarm(e: Entry, notify = true): void {
    if (!e.timer) return;
    e.timer.cancel();
    e.timer = undefined;
    e.timerAt = undefined;
    if (notify) this.onScheduled?.(e.key, undefined);
  }
}

function abortReason(why: string): Error {
  const err = new Error(`scheduler ${why}`);
  err.name = 'AbortError';
  return err;
}
