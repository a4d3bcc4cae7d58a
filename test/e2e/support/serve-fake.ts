/**
 * `cloudtop serve` over the in-memory FakeCore: the e2e specs that script exact situations and the
 * UI bench use it (demo.spec.ts runs the real `cloudtop serve --demo`). Run directly
 * (`tsx test/e2e/support/serve-fake.ts`, OFFERS=10000, HISTORY=1, STATIC_DIR) it prints the URL, like the CLI does.
 */
import { FakeCore, makeOffer } from '../../helpers/fake-core';
import { startServer, type RunningServer } from '../../../src/node/server';
import { seedCoreHistory } from './seed-history';

export interface FakeServe {
  core: FakeCore;
  server: RunningServer;
}

export interface ServeFakeOptions {
  offers?: number;
  demo?: boolean;
  port?: number;
  secretStorage?: 'keychain' | 'session';
  /** The built renderer to serve (the UI bench compares two builds). Default out/renderer. */
  staticDir?: string;
  /** A filled history store for every offered model (sparklines, last seen, typical stay). */
  history?: boolean;
  /** How much history: days back (14) and minutes between polls (10). */
  historyDays?: number;
  historyStepMin?: number;
  /** Runs before the server starts (e.g. to plant settings issues the first load must show). */
  prepare?: (core: FakeCore) => void;
}

export async function serveFake(opts: ServeFakeOptions = {}): Promise<FakeServe> {
  const core = new FakeCore({ offers: opts.offers ?? 500, demo: opts.demo ?? true, now: () => Date.now() - 90_000 });
  if (opts.history) seedCoreHistory(core, { days: opts.historyDays, stepMin: opts.historyStepMin });
  opts.prepare?.(core);
  const server = await startServer({
    core,
    port: opts.port ?? 0,
    demo: opts.demo ?? true,
    version: '0.0.0-e2e',
    staticDir: opts.staticDir ?? 'out/renderer',
    secretStorage: opts.secretStorage,
  });
  return { core, server };
}

export { makeOffer };

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const offers = Number(process.env.OFFERS ?? 500);
  // HISTORY=1: with a filled history store (the UI bench measures with sparklines present).
  const { server } = await serveFake({
    offers,
    port: Number(process.env.PORT ?? 0),
    history: process.env.HISTORY === '1',
    // HISTORY_DAYS, HISTORY_STEP_MIN: a longer history (the UI bench's History view figure).
    ...(process.env.HISTORY_DAYS ? { historyDays: Number(process.env.HISTORY_DAYS) } : {}),
    ...(process.env.HISTORY_STEP_MIN ? { historyStepMin: Number(process.env.HISTORY_STEP_MIN) } : {}),
    // STATIC_DIR: another build's out/renderer (the UI bench's UI_BENCH_COMPARE_DIR).
    ...(process.env.STATIC_DIR ? { staticDir: process.env.STATIC_DIR } : {}),
  });
  console.log(server.url);
}
