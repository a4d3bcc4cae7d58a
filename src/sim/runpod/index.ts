/**
 * RunPod simulator: a loopback server speaking REST v2 (+ the GraphQL spot-price query) as
 * test/fixtures/specs/runpod/openapi-v2.json describes it. Base URL = what `defaultBaseUrl`
 * (`https://api.runpod.io`) is for the real API; paths start with /v2/.
 *
 * Scenarios: `default` (small, deterministic: an H100 in two secure DCs and one community DC, an RTX
 * 4090, a sold-out A100, an AMD MI300X, three pods), `demo` (the full catalogue with churn),
 * `sold-out` (default with every stock at NONE), `empty` (no GPU types, no pods), `rate-limited`
 * (default with a 5-requests-per-10-s window, to watch the 429 handling). `demo: true` loads the demo
 * catalogue; each `tick()` (the fleet's churn timer, src/sim/launch.ts) flips some stock levels, moves
 * some prices by up to ±4 % and ages running pods. Churn is seeded (`seed`, default 42).
 */
import { startHttpSim, seededRandom } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import { RateBudget } from './ratelimit';
import { createRouter } from './router';
import { loadDefault, RunpodScenario } from './state';

export { RunpodScenario, DEFAULT_POLICY, type RateWindowPolicy, type KeyAccess, type NewGpuType } from './state';
export type { Level, Tier, SimGpuType, SimPod } from './data';

/** Looks like a RunPod key (`rpa_…`); accepted by every simulator instance. */
export const RUNPOD_SIM_KEY = 'rpa_SIMULATOR0KEY0FOR0TESTS0AND0DEMO0000000000';
const RUNPOD_SCENARIOS = ['default', 'demo', 'sold-out', 'empty', 'rate-limited'] as const;

export interface RunpodSim extends RunningSim {
  /** Data and behaviour controls (GPU types, stock, prices, pods, keys, rate-limit policy). */
  scenario: RunpodScenario;
  budget: RateBudget;
}

export async function startRunpodSim(opts: SimStartOptions = {}): Promise<RunpodSim> {
  const scenarioName = opts.demo ? 'demo' : (opts.scenario ?? 'default');
  if (!(RUNPOD_SCENARIOS as readonly string[]).includes(scenarioName))
    throw new Error(`runpod sim: unknown scenario "${scenarioName}" (known: ${RUNPOD_SCENARIOS.join(', ')})`);
  const scenario = new RunpodScenario(seededRandom(opts.seed ?? 42));
  scenario.addKey(RUNPOD_SIM_KEY);
  switch (scenarioName) {
    case 'demo':
      scenario.loadDemo();
      break;
    case 'sold-out':
      loadDefault(scenario);
      scenario.sellOut();
      break;
    case 'empty':
      break;
    case 'rate-limited':
      loadDefault(scenario);
      scenario.setRateLimitPolicy([{ name: 'minute', quota: 5, windowSec: 10 }]);
      break;
    default:
      loadDefault(scenario);
  }
  const budget = new RateBudget(() => scenario.policy);
  const http = await startHttpSim(createRouter(scenario, budget), {
    port: opts.port,
    maxRecords: opts.demo ? 2000 : undefined,
  });
  return {
    id: 'runpod',
    baseUrl: http.url,
    credentials: { apiKey: RUNPOD_SIM_KEY },
    http,
    scenario,
    budget,
    tick: () => scenario.tick(),
    close: () => http.close(),
  };
}

export const runpodSim: SimulatorDescriptor = {
  id: 'runpod',
  scenarios: [...RUNPOD_SCENARIOS],
  start: startRunpodSim,
};
