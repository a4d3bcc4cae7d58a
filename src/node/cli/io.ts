/** Streams and environment a CLI run uses; tests pass their own to run commands in-process. */
import type { Readable, Writable } from 'node:stream';

type StopSignal = 'SIGINT' | 'SIGTERM';

export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  env: Record<string, string | undefined>;
  /** Resolves when the user presses Ctrl+C (SIGINT), SIGTERM arrives or the run is cancelled. */
  interrupted: Promise<void>;
  /** Which signal ended the run, once `interrupted` has resolved (undefined for a cancelled test run). */
  stopSignal?: () => StopSignal | undefined;
}

export function processIO(): CliIO {
  let signal: StopSignal | undefined;
  const interrupted = new Promise<void>((resolve) => {
    const on = (s: StopSignal) => () => {
      signal ??= s;
      resolve();
    };
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read on first use: process.stdin opens standard input (fs streams or a socket) and only auth
    // and top need it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    interrupted,
    stopSignal: () => signal,
  };
}

/** Exit codes (documented in README "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** Every requested provider failed. */
  allFailed: 1,
  /** Usage or configuration error. */
  usage: 2,
  /** Stopped with Ctrl+C (SIGINT): 128 + 2, the shell convention, so `cloudtop watch … && next` does not run `next`. */
  interrupted: 130,
  /** A one-shot command stopped by SIGTERM before it printed (128 + 15). serve, sim and watch exit 0 on SIGTERM. */
  terminated: 143,
} as const;

/** Thrown for usage/config problems: the message is shown as is, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Waits `ms` or until the run is interrupted, whichever comes first. The timer is deliberately not
 * unref'd: it is what keeps a `watch` / `--watch` process alive between polls (an unref'd one let
 * Node exit with 13, "unsettled top-level await", after the first poll). It is cleared on interrupt.
 */
export function sleepUnlessInterrupted(ms: number, interrupted: Promise<void>): Promise<'tick' | 'stop'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('tick'), ms);
    void interrupted.then(() => {
      clearTimeout(timer);
      resolve('stop');
    });
  });
}

export const STOPPED: unique symbol = Symbol('stopped');

/** Settles with the work's result, or with STOPPED as soon as the run is interrupted. */
export function unlessInterrupted<T>(work: Promise<T>, interrupted: Promise<void>): Promise<T | typeof STOPPED> {
  return Promise.race([work, interrupted.then((): typeof STOPPED => STOPPED)]);
}
