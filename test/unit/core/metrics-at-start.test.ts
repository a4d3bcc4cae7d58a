/**
 * The first metrics come with the first poll's resources, not one metrics interval (5 min) after
 * start: at start the metrics pass runs beside the first poll, before any resource is known.
 */
import { describe, expect, it } from 'vitest';
import { startSimulators, type SimFleet } from '../../../src/sim/launch';
import { coreOverSim } from '../../helpers/sim-core';
import type { Snapshot } from '../../../src/shared/model';

const neonCore = (fleet: SimFleet) => coreOverSim(fleet, 'neon');
const withMetrics = (s: Snapshot) => s.resources.some((r) => r.metrics.some((m) => m.points.length > 0));

describe('createCore metrics at start', () => {
  it('a one-shot refresh without metrics (`cloudtop offers`) makes no metrics calls', async () => {
    const fleet = await startSimulators({ providers: ['neon'] });
    const core = neonCore(fleet);
    try {
      const snap = await core.refresh();
      expect(snap.resources.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1500));
      expect(withMetrics(core.snapshot())).toBe(false);
      expect(withMetrics(await core.refresh({ metrics: true }))).toBe(true);
    } finally {
      await core.stop();
      await fleet.close();
    }
  }, 30_000);

  it('a started core shows its resources’ metrics within seconds of the first poll', async () => {
    const fleet = await startSimulators({ providers: ['neon'] });
    const core = neonCore(fleet);
    try {
      const seen = new Promise<Snapshot>((resolve) => core.onSnapshot((s) => withMetrics(s) && resolve(s)));
      core.start();
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no metrics 15 s after start (the metrics interval is 300 s)')), 15_000),
      );
      const snap = await Promise.race([seen, timeout]);
      expect(snap.resources.length).toBeGreaterThan(0);
    } finally {
      await core.stop();
      await fleet.close();
    }
  }, 30_000);
});
