import { describe, expect, it } from 'vitest';
import { latestValue, mergeSeries } from '../../../../src/shared/metrics/series';
import type { MetricSeries } from '../../../../src/shared/model';

const series = (name: string, unit: string, points: [number, number][]): MetricSeries => ({ name, unit, points });

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
