import { afterEach, describe, expect, it } from 'vitest';
import { startSimulators, type SimFleet } from '../../../src/sim/launch';
import { runCliTest } from './harness';

let fleet: SimFleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

// Vast's offer-search cache (12 s) would hide polls faster than that: the scenario needs every poll.
const config = { providers: { vastai: { options: { searchCacheMs: 0 } } } };

describe('cloudtop watch', () => {
  it('--exit-on-match exits 0 with the H100 offer that appears on the 4th poll', async () => {
    fleet = await startSimulators({ providers: ['vastai'], scenario: 'h100-appears' });
    const r = await runCliTest(
      ['watch', '--provider', 'vastai', '--gpu', 'H100', '--interval', '1s', '--exit-on-match', '--output', 'json'],
      {
        env: fleet.env,
        config,
      },
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { offers: { gpu: { model: string; rawName: string }; provider: string }[] };
    expect(doc.offers.length).toBeGreaterThan(0);
    for (const o of doc.offers) {
      expect(o.gpu.model).toMatch(/^H100/);
      expect(o.provider).toBe('vastai');
    }
    const searches = fleet.sims[0]!.http.requests.filter((q) => q.path.startsWith('/api/v0/bundles'));
    expect(searches.length).toBe(4);
  });

  it('fires once per offer, not on every poll', async () => {
    fleet = await startSimulators({ providers: ['vastai'], scenario: 'h100-appears' });
    const sim = fleet.sims[0]!;
    const searches = () => sim.http.requests.filter((q) => q.path.startsWith('/api/v0/bundles')).length;
    const r = await runCliTest(
      ['watch', '--provider', 'vastai', '--gpu', 'H100-SXM', '--interval', '1s', '--output', 'json'],
      {
        env: fleet.env,
        config,
        // Four polls until it appears, then four more where it stays.
        interruptWhen: () => searches() >= 8,
      },
    );
    expect(r.code).toBe(0);
    const events = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; offers: { offerId: string }[] });
    const appeared = events.filter((e) => e.kind === 'appeared');
    expect(appeared).toHaveLength(1);
    const ids = appeared[0]!.offers.map((o) => o.offerId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 40_000);
});
