/**
 * The full snapshot frame `cloudtop serve` pushes, with FakeCore's 10,000 offers: plain JSON
 * against packed offers (src/shared/snapshot/wire.ts). Sizes, JSON.parse of each frame, unpacking,
 * and the page's validation after either. Node, not the page: compare the figures as ratios.
 *
 *   npx tsx bench/wire-offers.bench.ts        (or `npm run bench -- wire-offers`)
 */
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SnapshotSchema } from '../src/shared/model';
import { safeParseSnapshot, safeParseUnpackedSnapshot } from '../src/shared/snapshot/validate';
import { PACKED_OFFERS_ENCODING, packSnapshot, unpackSnapshot } from '../src/shared/snapshot/wire';
import { FakeCore } from '../test/helpers/fake-core';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const round = (x: number): number => Math.round(x * 100) / 100;

// Each run starts with a clean heap: otherwise it also pays for collecting the previous run's
// 10,000 offers, which the page (that keeps them) never does.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function timed(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return round(median(samples));
}

export async function run(): Promise<Record<string, number | string>> {
  const N = 10_000;
  const RUNS = 15;
  // As the server sends it: zod's output.
  const snapshot = SnapshotSchema.parse(new FakeCore({ offers: N }).snapshot());
  const plain = JSON.stringify({ type: 'event', channel: 'snapshot', payload: snapshot });
  const packed = JSON.stringify({
    type: 'event',
    channel: 'snapshot',
    payload: packSnapshot(snapshot),
    encoding: PACKED_OFFERS_ENCODING,
  });
  const packedPayload = (JSON.parse(packed) as { payload: unknown }).payload;

  const check = unpackSnapshot(packedPayload);
  if (!check.ok) throw new Error(check.reason);
  if (JSON.stringify(check.payload) !== JSON.stringify(snapshot))
    throw new Error('packed snapshot does not round-trip');

  // Warm-up, so the first timed run is not the one that compiles.
  for (let r = 0; r < 3; r++) {
    JSON.parse(plain);
    JSON.parse(packed);
    unpackSnapshot(packedPayload);
  }
  const plainPayload = (JSON.parse(plain) as { payload: unknown }).payload;
  const unpacked = check.payload;

  return {
    offers: N,
    'plain frame (bytes)': Buffer.byteLength(plain),
    'packed frame (bytes)': Buffer.byteLength(packed),
    'packed / plain': round(Buffer.byteLength(packed) / Buffer.byteLength(plain)),
    'JSON.parse plain, median (ms)': timed(RUNS, () => JSON.parse(plain)),
    'JSON.parse packed, median (ms)': timed(RUNS, () => JSON.parse(packed)),
    'unpack, median (ms)': timed(RUNS, () => unpackSnapshot(packedPayload)),
    'JSON.parse + unpack packed, median (ms)': timed(RUNS, () =>
      unpackSnapshot((JSON.parse(packed) as { payload: unknown }).payload),
    ),
    'validate plain offers, median (ms)': timed(RUNS, () => safeParseSnapshot(plainPayload)),
    'validate unpacked offers, offer by offer, median (ms)': timed(RUNS, () => safeParseSnapshot(unpacked)),
    'validate unpacked offers, column by column (what the page does), median (ms)': timed(RUNS, () =>
      safeParseUnpackedSnapshot(unpacked, check.columns),
    ),
    'pack (server, once per version), median (ms)': timed(RUNS, () => packSnapshot(snapshot)),
    runs: RUNS,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void run().then((r) => console.log(r));
}
