/**
 * Snapshot diff of 10,000 offers (issue #2 item 11; target < 50 ms). Prints figures, asserts nothing.
 * The "next" side is a fresh copy of every offer (as after a real refresh: new objects, new
 * fetchedAt), with 5 % repriced, 1 % removed and 1 % added, so no reference-equality shortcut helps.
 *
 *   npx tsx bench/diff.bench.ts
 */
import { pathToFileURL } from 'node:url';
import type { GpuOffer, Snapshot } from '../src/shared/model';
import { diffSnapshots } from '../src/core/snapshot/diff';
import { SnapshotStore } from '../src/core/snapshot/store';
import { FakeClock } from '../test/helpers/fake-clock';
import { applyDiff } from '../src/shared/snapshot/apply-diff';

function offer(n: number, fetchedAt: string, price = 0.2 + (n % 97) / 10): GpuOffer {
  const count = 1 + (n % 8);
  return {
    id: `vastai:${n}`,
    provider: 'vastai',
    account: 'default',
    nativeId: String(n),
    gpu: {
      model: n % 2 ? 'H100-SXM' : 'RTX-4090',
      family: n % 2 ? 'H100' : 'RTX-4090',
      rawName: n % 2 ? 'H100 SXM5 80GB' : 'RTX 4090',
      vendor: 'nvidia',
      vramGb: n % 2 ? 80 : 24,
      count,
    },
    price: {
      perHour: price * count,
      perGpuHour: price,
      currency: 'USD',
      billing: n % 3 ? 'on-demand' : 'interruptible',
    },
    availability: { state: 'available', count: n % 5 },
    region: { id: `region-${n % 20}`, country: 'US' },
    specs: { vcpus: 8 * count, ramGb: 32 * count, diskGb: 200 },
    quality: { reliability: 0.99, verified: n % 2 === 0 },
    fetchedAt,
    consoleUrl: `https://cloud.vast.ai/create/?offer=${n}`,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const round = (x: number): number => Math.round(x * 100) / 100;

export async function run(): Promise<Record<string, number | string>> {
  const N = 10_000;
  const RUNS = 21;
  const t1 = '2025-01-01T00:00:00.000Z';
  const t2 = '2025-01-01T00:00:30.000Z';
  const prevOffers = Array.from({ length: N }, (_, i) => offer(i, t1));
  const nextOffers: GpuOffer[] = [];
  for (let i = 0; i < N; i++) {
    if (i % 100 === 7) continue; // 1 % removed
    nextOffers.push(i % 20 === 3 ? offer(i, t2, 9.99) : offer(i, t2)); // 5 % repriced, rest refetched
  }
  for (let i = N; i < N + N / 100; i++) nextOffers.push(offer(i, t2)); // 1 % added
  const base = { takenAt: t1, providers: [], resources: [], demo: false };
  const a: Snapshot = { version: 1, offers: prevOffers, ...base };
  const b: Snapshot = { version: 2, offers: nextOffers, ...base, takenAt: t2 };

  const diffMs: number[] = [];
  let diff = diffSnapshots(a, b);
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    diff = diffSnapshots(a, b);
    diffMs.push(performance.now() - t);
  }

  const applyMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    applyDiff(a, diff);
    applyMs.push(performance.now() - t);
  }

  // The store path a poll takes: replace a 10k slice, merge, diff, freeze.
  const storeMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const store = new SnapshotStore(new FakeClock(0));
    const status = {
      provider: 'vastai' as const,
      account: 'default',
      displayName: 'Vast.ai',
      kind: 'gpu-market' as const,
      state: 'ok' as const,
      stale: false,
      offerCount: N,
      resourceCount: 0,
    };
    store.applyProvider('vastai', 'default', { status, offers: prevOffers });
    const t = performance.now();
    store.applyProvider('vastai', 'default', { status, offers: nextOffers });
    storeMs.push(performance.now() - t);
  }

  // For comparison: the naive approach (stringify both sides).
  const naiveMs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    const m = new Map(prevOffers.map((o) => [o.id, JSON.stringify({ ...o, fetchedAt: undefined })]));
    let changed = 0;
    for (const o of nextOffers) if (m.get(o.id) !== JSON.stringify({ ...o, fetchedAt: undefined })) changed++;
    naiveMs.push(performance.now() - t);
    void changed;
  }

  return {
    'diff.offers': N,
    'diff.added': diff.offers.added.length,
    'diff.updated': diff.offers.updated.length,
    'diff.removed': diff.offers.removed.length,
    'diff.median_ms': round(median(diffMs)),
    'diff.max_ms': round(Math.max(...diffMs)),
    'applyDiff.median_ms': round(median(applyMs)),
    'store.applyProvider.median_ms': round(median(storeMs)),
    'naive_stringify.median_ms': round(median(naiveMs)),
    'diff.target_ms': 50,
    runs: RUNS,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void run().then((r) => console.log(r));
}
