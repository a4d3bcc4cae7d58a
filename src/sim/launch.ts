/**
 * Starts simulators for `cloudtop sim`, `cloudtop serve --demo`, tests and benchmarks, and gives
 * the environment that points cloudtop (or curl, or the official Vast CLI) at them.
 */
import type { ProviderId } from '../shared/model';
import { simulators } from './index';
import type { RunningSim, SimStartOptions } from './types';

export interface SimFleet {
  sims: RunningSim[];
  /** CLOUDTOP_<ID>_BASE_URL for every simulator. */
  env: Record<string, string>;
  /** Credentials each simulator accepts, by provider. */
  credentials: Partial<Record<ProviderId, Record<string, string>>>;
  /** Starts churn: every `everyMs`, each simulator advances one step. */
  startChurn(everyMs: number): void;
  close(): Promise<void>;
}

export async function startSimulators(opts: SimStartOptions & { providers?: ProviderId[] } = {}): Promise<SimFleet> {
  const chosen = simulators.filter((s) => !opts.providers || opts.providers.includes(s.id));
  const sims: RunningSim[] = [];
  try {
    for (const s of chosen) {
      if (opts.scenario && opts.scenario !== 'default' && !s.scenarios.includes(opts.scenario)) {
        throw new Error(`simulator ${s.id} has no scenario "${opts.scenario}" (has: ${s.scenarios.join(', ')})`);
      }
      sims.push(
        await s.start({
          demo: opts.demo,
          seed: opts.seed,
          scenario: opts.scenario,
          port: opts.port ? opts.port + sims.length : undefined,
        }),
      );
    }
  } catch (e) {
    await Promise.all(sims.map((s) => s.close()));
    throw e;
  }
  let timer: NodeJS.Timeout | undefined;
  return {
    sims,
    env: Object.fromEntries(sims.map((s) => [`CLOUDTOP_${s.id.toUpperCase()}_BASE_URL`, s.baseUrl])),
    credentials: Object.fromEntries(sims.map((s) => [s.id, s.credentials])),
    startChurn(everyMs) {
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        for (const s of sims) s.tick();
      }, everyMs);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all(sims.map((s) => s.close()));
    },
  };
}
