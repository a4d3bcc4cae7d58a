/**
 * An on-demand refresh (the window's Refresh, `top`'s r, each turn of the CLI's -w loop) against a
 * provider whose rate limit it has spent: Cloudflare allows us 50 calls a minute, and a refresh with
 * metrics makes 15 (9 to list, 6 for analytics). Before, the fourth refresh within a minute waited
 * ~50 s for the limiter, and every provider's answer with it.
 */
import { describe, expect, it } from 'vitest';
import { startSimulators } from '../../../src/sim/launch';
import { coreOverSim } from '../../helpers/sim-core';

async function cloudflare() {
  const fleet = await startSimulators({ providers: ['cloudflare'] });
  const core = coreOverSim(fleet, 'cloudflare');
  const requests = fleet.sims[0]!.http.requests;
  const graphql = () => requests.filter((r) => r.path.endsWith('/graphql')).length;
  return { fleet, core, requests, graphql };
}

describe('an on-demand refresh and the rate limit', () => {
  it('refreshes pressed again and again answer at once: past the limit they keep what they hold', async () => {
    const { fleet, core, requests } = await cloudflare();
    try {
      const took: number[] = [];
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        const snap = await core.refresh({ metrics: true });
        took.push(performance.now() - t0);
        expect(snap.resources.some((r) => r.kind === 'worker' && r.metrics.length > 0)).toBe(true);
      }
      // Without the rule the fourth waited for the window to roll over (about 50 s).
      expect(Math.max(...took), `each refresh took ${took.map((t) => Math.round(t)).join(', ')} ms`).toBeLessThan(5000);
      const status = core.snapshot().providers.find((p) => p.provider === 'cloudflare')!;
      expect(status.state).toBe('ok');
      // Within the 50 a minute; the polls that would have waited were not sent.
      expect(requests.length).toBeLessThanOrEqual(50);
      expect(requests.length).toBeGreaterThan(15);
    } finally {
      await core.stop();
      await fleet.close();
    }
  }, 30_000);

  it('measures metrics once per refresh, and not again within the minute (no provider measures finer)', async () => {
    const { fleet, core, graphql } = await cloudflare();
    try {
      await core.refresh({ metrics: true });
      const first = graphql();
      expect(first).toBeGreaterThan(0);
      await core.refresh({ metrics: true });
      await core.refresh({ metrics: true });
      expect(graphql()).toBe(first);
    } finally {
      await core.stop();
      await fleet.close();
    }
  }, 30_000);
});
