/** Streams and environment a CLI run uses; tests pass their own to run commands in-process. */
import type { Readable, Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  env: Record<string, string | undefined>;
  /** Resolves when the user presses Ctrl+C (SIGINT) or the run is cancelled. */
  interrupted: Promise<void>;
}

export function processIO(): CliIO {
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, interrupted };
}

/** Exit codes (documented in README "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** Every requested provider failed. */
  allFailed: 1,
  /** Usage or configuration error. */
  usage: 2,
} as const;

/** Thrown for usage/config problems: the message is shown as is, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
