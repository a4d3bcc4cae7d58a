import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  aggregationForUnit,
  inferStepMs,
  latestValue,
  mergeSeries,
  niceStep,
  resample,
  resampleToCommonStep,
} from '../../../../src/shared/metrics/resample';
import type { MetricSeries } from '../../../../src/shared/model';

const MIN = 60_000;
const series = (name: string, unit: string, points: [number, number][], stepMs?: number): MetricSeries => ({
  name,
  unit,
  points,
  ...(stepMs ? { stepMs } : {}),
});

describe('aggregationForUnit', () => {
  it('adds amounts, keeps the peak of sizes and averages latencies', () => {
    expect(aggregationForUnit('requests')).toBe('sum');
    expect(aggregationForUnit('count')).toBe('sum');
    expect(aggregationForUnit('cu-seconds')).toBe('sum');
    expect(aggregationForUnit('bytes')).toBe('max');
    expect(aggregationForUnit('ms')).toBe('avg');
    expect(aggregationForUnit('percent')).toBe('avg');
    expect(aggregationForUnit('something-new')).toBe('avg');
  });
});

describe('resample', () => {
  it('sums 5-minute request groups into 15-minute buckets aligned to the epoch', () => {
    const t0 = 1_700_000_100_000; // not aligned to 15 min
    const s = series('requests', 'requests', [
      [t0, 1],
      [t0 + 5 * MIN, 2],
      [t0 + 10 * MIN, 3],
      [t0 + 15 * MIN, 4],
    ]);
    const out = resample(s, { stepMs: 15 * MIN });
    expect(out.stepMs).toBe(15 * MIN);
    for (const [t] of out.points) expect(t % (15 * MIN)).toBe(0);
    expect(out.points.reduce((a, p) => a + p[1], 0)).toBe(10);
    expect(out.points.length).toBe(2);
  });

  it('averages latencies and keeps the max of storage sizes', () => {
    const t = 1_700_000_000_000 - (1_700_000_000_000 % (10 * MIN));
    const lat = resample(
      series('cpu_time_p50', 'ms', [
        [t, 2],
        [t + MIN, 4],
      ]),
      { stepMs: 10 * MIN },
    );
    expect(lat.points).toEqual([[t, 3]]);
    const size = resample(
      series('storage', 'bytes', [
        [t, 100],
        [t + MIN, 90],
      ]),
      { stepMs: 10 * MIN },
    );
    expect(size.points).toEqual([[t, 100]]);
    const last = resample(
      series('x', 'bytes', [
        [t + MIN, 7],
        [t, 100],
      ]),
      { stepMs: 10 * MIN, aggregation: 'last' },
    );
    expect(last.points).toEqual([[t, 7]]);
  });

  it('leaves gaps by default and fills zeros on request', () => {
    const t = 0;
    const s = series('requests', 'requests', [
      [t, 1],
      [t + 3 * MIN, 1],
    ]);
    expect(resample(s, { stepMs: MIN }).points).toEqual([
      [0, 1],
      [3 * MIN, 1],
    ]);
    expect(resample(s, { stepMs: MIN, fill: 'zero' }).points).toEqual([
      [0, 1],
      [MIN, 0],
      [2 * MIN, 0],
      [3 * MIN, 1],
    ]);
  });

  it('drops non-finite values and points outside [start, end) without touching the input', () => {
    const pts: [number, number][] = [
      [0, 1],
      [MIN, Number.NaN],
      [2 * MIN, 5],
      [3 * MIN, 9],
    ];
    const s = series('requests', 'requests', pts);
    const out = resample(s, { stepMs: MIN, start: MIN, end: 3 * MIN });
    expect(out.points).toEqual([[2 * MIN, 5]]);
    expect(s.points).toBe(pts);
    expect(pts.length).toBe(4);
  });

  it('rejects a non-positive step', () => {
    expect(() => resample(series('a', 'ms', []), { stepMs: 0 })).toThrow(RangeError);
  });

  it('never loses or invents an amount (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 1000 })), {
          maxLength: 200,
        }),
        fc.constantFrom(1_000, 60_000, 300_000, 3_600_000),
        (pts, step) => {
          const out = resample(series('requests', 'requests', pts), { stepMs: step });
          const total = (p: [number, number][]): number => p.reduce((a, x) => a + x[1], 0);
          expect(total(out.points)).toBe(total(pts));
          const ts = out.points.map((p) => p[0]);
          expect(new Set(ts).size).toBe(ts.length);
          expect([...ts].sort((a, b) => a - b)).toEqual(ts);
        },
      ),
    );
  });
});

describe('steps', () => {
  it('infers the median spacing and rounds up to a nice step', () => {
    expect(
      inferStepMs([
        [0, 1],
        [5 * MIN, 1],
        [10 * MIN, 1],
        [60 * MIN, 1],
      ]),
    ).toBe(5 * MIN);
    expect(inferStepMs([[0, 1]])).toBeUndefined();
    expect(niceStep(4 * MIN)).toBe(5 * MIN);
    expect(niceStep(5 * MIN)).toBe(5 * MIN);
    expect(niceStep(50 * 3_600_000)).toBe(3 * 86_400_000);
    expect(niceStep(-1)).toBe(1_000);
  });

  it('puts a 5-minute and an hourly series on one grid without up-sampling the hourly one', () => {
    const h = 3_600_000;
    const fine = series(
      'requests',
      'requests',
      Array.from({ length: 24 }, (_, i) => [i * 5 * MIN, 1] as [number, number]),
      5 * MIN,
    );
    const coarse = series(
      'compute',
      'cu-seconds',
      [
        [0, 10],
        [h, 20],
      ],
      h,
    );
    const { stepMs, series: out } = resampleToCommonStep([fine, coarse]);
    expect(stepMs).toBe(h);
    expect(out[0]!.points).toEqual([
      [0, 12],
      [h, 12],
    ]);
    expect(out[1]!.points).toEqual([
      [0, 10],
      [h, 20],
    ]);
  });

  it('coarsens the step to stay under maxPoints', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => [i * MIN, 1] as [number, number]);
    const { stepMs, series: out } = resampleToCommonStep([series('requests', 'requests', pts)], { maxPoints: 50 });
    expect(out[0]!.points.length).toBeLessThanOrEqual(50);
    expect(stepMs).toBe(30 * MIN);
  });
});

describe('latestValue / mergeSeries', () => {
  it('reads the newest point regardless of order', () => {
    expect(
      latestValue(
        series('a', 'ms', [
          [5, 1],
          [9, 2],
          [7, 3],
        ]),
      ),
    ).toBe(2);
    expect(latestValue(series('a', 'ms', []))).toBeUndefined();
  });

  it('merges overlapping windows, newest wins, old points expire', () => {
    const a = series('r', 'requests', [
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const b = series('r', 'requests', [
      [3, 30],
      [4, 4],
    ]);
    expect(mergeSeries(a, b).points).toEqual([
      [1, 1],
      [2, 2],
      [3, 30],
      [4, 4],
    ]);
    expect(mergeSeries(a, b, 3).points).toEqual([
      [3, 30],
      [4, 4],
    ]);
    expect(mergeSeries(undefined, b).points).toEqual(b.points);
  });
});
