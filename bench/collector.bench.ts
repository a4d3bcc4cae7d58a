/**
 * Collector refresh of 6 simulated providers (issue #2 item 11): each a loopback server with its
 * own latency (50–400 ms) and 2–4 pages fetched one after another. Every provider is refreshed
 * through ProviderRuntime with the real clock, first alone (its own critical path), then all six
 * at once. Figure: wall time of the joint refresh ÷ slowest provider's own critical path
 * (target ≤ 1.2: providers must not wait for each other). Prints figures, asserts nothing.
 *
 *   npx tsx bench/collector.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PROVIDER_IDS, type GpuOffer, type ProviderId } from '../src/shared/model';
import { realClock } from '../src/core/collector/clock';
import { ProviderRuntime } from '../src/core/collector/provider-runner';
import type { AnyProviderDescriptor } from '../src/core/providers/types';
import { startHttpSim, type HttpSim } from '../src/sim/common/http-sim';

const PAGE_SIZE = 50;
const SETUPS: Array<{ latencyMs: number; pages: number }> = [
  { latencyMs: 50, pages: 4 },
  { latencyMs: 120, pages: 2 },
  { latencyMs: 200, pages: 3 },
  { latencyMs: 280, pages: 2 },
  { latencyMs: 350, pages: 3 },
  { latencyMs: 400, pages: 4 },
];

const PageSchema = z.object({
  offers: z.array(z.object({ id: z.number(), price: z.number(), gpu: z.string() })),
  next: z.number().nullable(),
});

function simDescriptor(id: ProviderId): AnyProviderDescriptor {
  return {
    id,
    displayName: `Sim ${id}`,
    kind: 'gpu-market',
    credentialFields: [],
    credentialSchema: z.object({}),
    anonymousOffers: true,
    rateLimit: { documented: 'bench', intervalMs: 1000, intervalCap: 10 },
    defaultPollMs: 30_000,
    capabilities: { offers: true, resources: false, metrics: false },
    consoleUrl: 'https://example.invalid',
    defaultBaseUrl: 'http://127.0.0.1:1',
    create: (ctx) => ({
      async fetchOffers(signal) {
        const out: GpuOffer[] = [];
        let page: number | null = 1;
        while (page !== null) {
          const body: z.infer<typeof PageSchema> = await ctx.http.json({
            path: '/offers',
            query: { page },
            schema: PageSchema,
            signal,
          });
          const fetchedAt = new Date(ctx.clock.now()).toISOString();
          for (const o of body.offers) {
            out.push({
              id: `${id}:${o.id}`,
              provider: id,
              nativeId: String(o.id),
              gpu: { model: o.gpu, family: o.gpu, rawName: o.gpu, vendor: 'nvidia', count: 1 },
              price: { perHour: o.price, perGpuHour: o.price, currency: 'USD', billing: 'on-demand' },
              availability: { state: 'available' },
              region: { id: 'sim' },
              specs: {},
              quality: {},
              fetchedAt,
            });
          }
          page = body.next;
        }
        return out;
      },
      testConnection: async () => ({ ok: true, detail: 'sim' }),
    }),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<Record<string, number | string>> {
  const sims: HttpSim[] = [];
  try {
    for (const s of SETUPS) {
      const pages = s.pages;
      const sim = await startHttpSim((req) => {
        const page = Number(req.query.get('page') ?? '1');
        const offers = Array.from({ length: PAGE_SIZE }, (_, i) => ({
          id: page * 1000 + i,
          price: 1 + i / 100,
          gpu: 'H100-SXM',
        }));
        return { status: 200, body: { offers, next: page < pages ? page + 1 : null } };
      });
      sim.control.latencyMs = s.latencyMs;
      sims.push(sim);
    }
    const runtimes = SETUPS.map(
      (_, i) =>
        new ProviderRuntime({
          descriptor: simDescriptor(PROVIDER_IDS[i]),
          account: 'bench',
          baseUrl: sims[i].url,
          credentials: null,
          clock: realClock,
        }),
    );
    // Warm up connections and JIT once.
    await Promise.all(runtimes.map((r) => r.refresh()));

    const ROUNDS = 3;
    const ratios: number[] = [];
    const walls: number[] = [];
    const slowestSolo: number[] = [];
    let offers = 0;
    let requests = 0;
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const solo: number[] = [];
      for (const r of runtimes) {
        const t = performance.now();
        await r.refresh();
        solo.push(performance.now() - t);
      }
      const t = performance.now();
      const results = await Promise.all(runtimes.map((r) => r.refresh()));
      const wall = performance.now() - t;
      const slowest = Math.max(...solo);
      walls.push(wall);
      slowestSolo.push(slowest);
      ratios.push(wall / slowest);
      offers = results.reduce((n, r) => n + r.offers.length, 0);
      errors = results.filter((r) => r.error).length;
      requests = runtimes.reduce((n, r) => n + (r.status().lastRequestCount ?? 0), 0);
    }
    for (const r of runtimes) r.dispose();
    const ideal = Math.max(...SETUPS.map((s) => s.latencyMs * s.pages));
    return {
      providers: SETUPS.length,
      'setup(latency_ms x pages)': SETUPS.map((s) => `${s.latencyMs}x${s.pages}`).join(' '),
      ideal_critical_path_ms: ideal,
      'slowest_solo_ms(median)': Math.round(median(slowestSolo)),
      'all_six_wall_ms(median)': Math.round(median(walls)),
      'wall_over_slowest(median)': Math.round(median(ratios) * 1000) / 1000,
      'wall_over_slowest(max)': Math.round(Math.max(...ratios) * 1000) / 1000,
      target: '≤ 1.2',
      offers_per_refresh: offers,
      requests_per_refresh: requests,
      failed_providers: errors,
      rounds: ROUNDS,
    };
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void run().then((r) => console.log(r));
}
