/**
 * Abort plumbing for timeouts on the Clock. A call must settle within its timeout even when the
 * code it runs ignores its AbortSignal (a hung socket, an SDK that drops the signal), so callers
 * race their work against `Deadline.done`.
 */
import { setMaxListeners } from 'node:events';
import type { Clock, TimerHandle } from './clock';

export interface Deadline {
  /** Aborts when the time is up or any parent aborts. */
  readonly signal: AbortSignal;
  /** True when the deadline (not a parent) caused the abort. */
  timedOut(): boolean;
  /** Rejects with the abort reason once `signal` aborts; never resolves. */
  readonly done: Promise<never>;
  /** Stops the timer and detaches from the parents. */
  cancel(): void;
}

export function makeAbortError(message = 'The operation was aborted'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

/** A DOMException-like TimeoutError, what `AbortSignal.timeout()` uses; SDKs recognise it. */
export function makeTimeoutError(ms: number): Error {
  const e = new Error(`The operation timed out after ${ms} ms`);
  e.name = 'TimeoutError';
  return e;
}

export function deadline(clock: Clock, ms: number, parents: ReadonlyArray<AbortSignal | undefined> = []): Deadline {
  const controller = new AbortController();
  // Many concurrent requests legitimately listen to one signal; each listener is removed when done.
  setMaxListeners(0, controller.signal);
  let timedOut = false;
  const detach: Array<() => void> = [];
  let rejectDone: (e: unknown) => void = () => {};
  const done = new Promise<never>((_, reject) => {
    rejectDone = reject;
  });
  // Nobody may be listening when the abort happens after the work finished.
  done.catch(() => {});

  const abort = (reason: unknown): void => {
    if (controller.signal.aborted) return;
    // No timer may outlive the abort: real timers would keep a CLI process alive. (`timer` is
    // initialised below before anything can call abort.)
    timer?.cancel();
    controller.abort(reason);
    rejectDone(reason);
  };

  const timer: TimerHandle | undefined = Number.isFinite(ms)
    ? clock.setTimeout(() => {
        timedOut = true;
        abort(makeTimeoutError(ms));
      }, ms)
    : undefined;

  for (const p of parents) {
    if (!p) continue;
    if (p.aborted) {
      abort(p.reason ?? makeAbortError());
      break;
    }
    const onAbort = (): void => abort(p.reason ?? makeAbortError());
    p.addEventListener('abort', onAbort, { once: true });
    detach.push(() => p.removeEventListener('abort', onAbort));
  }

  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done,
    cancel: () => {
      timer?.cancel();
      for (const d of detach) d();
      detach.length = 0;
    },
  };
}

/** An AbortSignal that aborts when any of the given signals does. */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): { signal: AbortSignal; dispose(): void } {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length === 1) return { signal: list[0], dispose: () => {} };
  const controller = new AbortController();
  // Many concurrent requests legitimately listen to one signal; each listener is removed when done.
  setMaxListeners(0, controller.signal);
  const detach: Array<() => void> = [];
  for (const s of list) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const onAbort = (): void => controller.abort(s.reason);
    s.addEventListener('abort', onAbort, { once: true });
    detach.push(() => s.removeEventListener('abort', onAbort));
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const d of detach) d();
    },
  };
}
