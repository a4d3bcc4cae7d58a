/**
 * 10,000 offers through normalise → filter → sort → group → diff → watches (issue #7 item 7; target:
 * all stages together < 100 ms). Prints figures, asserts nothing. Raw names are the real provider
 * spellings from test/unit/shared/gpu/normalize.test.ts, with Vast-style noisy VRAM hints.
 *
 *   npx tsx bench/offers.bench.ts
 */
import { pathToFileURL } from 'node:url';
import type { GpuOffer, OfferFilter, ProviderId, Snapshot, Watch } from '../src/shared/model';
import { normalizeGpu } from '../src/shared/gpu/normalize';
import { filterOffers } from '../src/shared/filter/match';
import { sortOffers } from '../src/shared/filter/sort';
import { groupByModel } from '../src/shared/offers/group';
import { diffSnapshots } from '../src/core/snapshot/diff';
import { evaluateWatches } from '../src/core/watches/engine';
import { NotificationSettingsSchema } from '../src/shared/settings/schema';

type Raw = [provider: ProviderId, name: string, vramGb: number | undefined];
const NAMES: Raw[] = [
  ['vastai', 'RTX 4090', 23.99],
  ['vastai', 'RTX 3090', 23.99],
  ['vastai', 'H100 SXM', 79.65],
  ['vastai', 'H100 PCIE', 79.65],
  ['vastai', 'H100 NVL', 93.58],
  ['vastai', 'A100 SXM4', 79.65],
  ['vastai', 'A100 PCIE', 39.59],
  ['vastai', 'RTX A6000', 47.99],
  ['vastai', 'RTX 6000Ada', 47.99],
  ['vastai', 'Q RTX 8000', 47.99],
  ['vastai', 'Tesla V100', 15.99],
  ['vastai', 'RTX 4070S Ti', 15.99],
  ['vastai', 'RTX 5090', 31.84],
  ['vastai', 'L40S', 44.99],
  ['runpod', 'NVIDIA H100 80GB HBM3', undefined],
  ['runpod', 'NVIDIA H100 PCIe', undefined],
  ['runpod', 'NVIDIA A100 80GB PCIe', undefined],
  ['runpod', 'NVIDIA A100-SXM4-80GB', undefined],
  ['runpod', 'NVIDIA GeForce RTX 4090', undefined],
  ['runpod', 'NVIDIA RTX 6000 Ada Generation', undefined],
  ['runpod', 'NVIDIA RTX PRO 6000 Blackwell Server Edition', undefined],
  ['runpod', 'AMD Instinct MI300X OAM', undefined],
  ['runpod', 'NVIDIA H200', undefined],
  ['lambda', 'H100 (80 GB SXM5)', undefined],
  ['lambda', 'A100 (40 GB PCIe)', undefined],
  ['lambda', 'GH200 (96 GB)', undefined],
  ['lambda', 'B200 (180 GB SXM6)', undefined],
  ['lambda', 'RTX 6000 (24 GB)', undefined],
  ['oci', 'BM.GPU.H100.8', undefined],
  ['oci', 'NVIDIA A100-SXM4-40GB', undefined],
];
const REGIONS = [
  ['US-TX', 'US'],
  ['EU-RO-1', 'RO'],
  ['us-east-1', 'US'],
  ['eu-frankfurt-1', 'DE'],
  ['CA', 'CA'],
  ['JP', 'JP'],
] as const;
const STATES = ['available', 'available', 'available', 'low', 'none', 'unknown'] as const;

/** Small deterministic PRNG: same offers every run, so figures compare across runs. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface RawOffer {
  provider: ProviderId;
  nativeId: string;
  name: string;
  vramGb: number | undefined;
  count: number;
  perHour: number;
  region: readonly [string, string];
  state: (typeof STATES)[number];
  reliability: number;
}

function rawOffers(n: number, seed: number): RawOffer[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const [provider, name, vramGb] = NAMES[Math.floor(rnd() * NAMES.length)] as Raw;
    const count = [1, 1, 2, 4, 8][Math.floor(rnd() * 5)] as number;
    return {
      provider,
      nativeId: String(i),
      name,
      vramGb,
      count,
      perHour: Math.round((0.2 + rnd() * 4) * count * 1000) / 1000,
      region: REGIONS[Math.floor(rnd() * REGIONS.length)] as (typeof REGIONS)[number],
      state: STATES[Math.floor(rnd() * STATES.length)] as (typeof STATES)[number],
      reliability: 0.8 + rnd() * 0.2,
    };
  });
}

function toOffer(r: RawOffer, fetchedAt: string): GpuOffer {
  const n = normalizeGpu(r.name, { vramGb: r.vramGb, provider: r.provider });
  return {
    id: `${r.provider}:${r.nativeId}`,
    provider: r.provider,
    nativeId: r.nativeId,
    gpu: { ...n, rawName: r.name, count: r.count },
    price: { perHour: r.perHour, perGpuHour: r.perHour / r.count, currency: 'USD', billing: 'on-demand' },
    availability: { state: r.state },
    region: { id: r.region[0], country: r.region[1] },
    specs: {},
    quality: { reliability: r.reliability },
    fetchedAt,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const round = (x: number): number => Math.round(x * 100) / 100;

function time<T>(samples: number[], fn: () => T): T {
  const t = performance.now();
  const out = fn();
  samples.push(performance.now() - t);
  return out;
}

export async function run(): Promise<Record<string, number | string>> {
  const N = 10_000;
  const RUNS = 9;
  const t1 = '2026-01-01T00:00:00.000Z';
  const t2 = '2026-01-01T00:00:30.000Z';
  const raws = rawOffers(N, 1);
  // The next poll: 5 % repriced, the rest refetched as new objects.
  const rawsNext = raws.map((r, i) => (i % 20 === 3 ? { ...r, perHour: r.perHour * 0.8 } : r));
  const filter: OfferFilter = {
    gpu: ['H100', 'A100-80GB', '4090'],
    minCount: 2,
    maxPricePerGpuHour: 3,
    availability: ['available', 'low'],
    regions: ['US', 'DE'],
  };
  const watches: Watch[] = ['H100', 'H100-SXM', 'A100-80GB', 'RTX 4090', 'MI300X'].map((gpu, i) => ({
    id: `w${i}`,
    name: gpu,
    enabled: true,
    filter: { gpu: [gpu], maxPricePerGpuHour: 2.5 },
    notify: { onAppear: true, onPriceDrop: true, priceDropPct: 10, onDisappear: true, cooldownMinutes: 30 },
    createdAt: t1,
  }));
  const notifications = NotificationSettingsSchema.parse({});
  const snap = (version: number, offers: GpuOffer[], takenAt: string): Snapshot => ({
    version,
    takenAt,
    providers: [],
    offers,
    resources: [],
    demo: false,
  });

  const ms = { normalise: [] as number[], filter: [] as number[], sort: [] as number[], group: [] as number[] };
  const more = { diff: [] as number[], watches: [] as number[], uniqueNames: [] as number[] };
  let kept = 0;
  let groups = 0;
  let events = 0;
  for (let r = 0; r <= RUNS; r++) {
    const offers = time(ms.normalise, () => raws.map((x) => toOffer(x, t1)));
    const filtered = time(ms.filter, () => filterOffers(offers, filter));
    time(ms.sort, () => sortOffers(offers, { key: 'perGpuHour' }));
    const grouped = time(ms.group, () => groupByModel(offers));
    const next = rawsNext.map((x) => toOffer(x, t2));
    time(more.diff, () => diffSnapshots(snap(1, offers, t1), snap(2, next, t2)));
    const first = evaluateWatches(undefined, {
      watches,
      previous: undefined,
      next: snap(1, offers, t1),
      notifications,
      now: Date.parse(t1),
    });
    const second = time(more.watches, () =>
      evaluateWatches(first.state, {
        watches,
        previous: snap(1, offers, t1),
        next: snap(2, next, t2),
        notifications,
        now: Date.parse(t2),
      }),
    );
    // What a provider parser pays when it caches by raw name (30 distinct names per 10,000 offers).
    time(more.uniqueNames, () => {
      const cache = new Map<string, ReturnType<typeof normalizeGpu>>();
      for (const x of raws) {
        const k = `${x.provider}\n${x.name}\n${x.vramGb}`;
        if (!cache.has(k)) cache.set(k, normalizeGpu(x.name, { vramGb: x.vramGb, provider: x.provider }));
      }
    });
    kept = filtered.length;
    groups = grouped.length;
    events = first.events.length + second.events.length;
    if (r === 0) for (const xs of [...Object.values(ms), ...Object.values(more)]) xs.length = 0; // warm-up
  }
  const med = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round(median(v))])) as Record<
    keyof typeof ms,
    number
  >;
  const diffMs = round(median(more.diff));
  return {
    'offers.count': N,
    'normalise.median_ms': med.normalise,
    'filter.median_ms': med.filter,
    'sort.median_ms': med.sort,
    'group.median_ms': med.group,
    'diff.median_ms': diffMs,
    'pipeline.total_ms (normalise+filter+sort+group+diff)': round(
      med.normalise + med.filter + med.sort + med.group + diffMs,
    ),
    'pipeline.target_ms': 100,
    'watches.evaluate_5_watches.median_ms': round(median(more.watches)),
    'normalise.cached_by_name.median_ms': round(median(more.uniqueNames)),
    'filter.kept': kept,
    'group.models': groups,
    'watches.events': events,
    runs: RUNS,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void run().then((r) => console.log(r));
}
