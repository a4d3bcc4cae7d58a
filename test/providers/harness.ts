/**
 * The set-up every provider's contract tests share: start the provider's simulator on loopback
 * (closed after each test), connect the real client to it, and read the CloudtopError a call ends with.
 */
import { afterEach, expect } from 'vitest';
import type { AnyProviderDescriptor } from '../../src/core/providers/types';
import { CloudtopError } from '../../src/shared/model';
import { connectProvider, type ConnectOptions } from '../helpers/real-provider-client';

export interface RunningSimLike {
  baseUrl: string;
  close(): Promise<void>;
}

export interface SimHarnessOptions<S extends RunningSimLike> {
  descriptor: AnyProviderDescriptor;
  startSim: (opts: { scenario?: string; seed?: number }) => Promise<S>;
  seed: number;
  /** The credentials the simulator accepts. */
  credentials: (sim: S) => Record<string, string>;
}

export function simHarness<S extends RunningSimLike>(o: SimHarnessOptions<S>) {
  let sim: S | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  return {
    async start(scenario = 'default'): Promise<S> {
      sim = await o.startSim({ scenario, seed: o.seed });
      return sim;
    },
    connect(s: S, opts: Partial<ConnectOptions> = {}, credentials: Record<string, string> = {}) {
      return connectProvider(o.descriptor, {
        baseUrl: s.baseUrl,
        credentials: { ...o.credentials(s), ...credentials },
        ...opts,
      });
    },
  };
}

export const signal = (): AbortSignal => new AbortController().signal;

/** The CloudtopError `p` rejects with; fails the test when it resolves or throws something else. */
export async function caught(p: Promise<unknown>): Promise<CloudtopError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CloudtopError);
    return e as CloudtopError;
  }
  throw new Error('expected the call to fail');
}
