import { describe, expect, it } from 'vitest';
import { stayDuration, typicalStayLine } from '../../../../src/shared/history/text';
import { percentileSorted, seriesKeyString } from '../../../../src/shared/history/schema';

describe('history wording and helpers', () => {
  it('says how long a GPU usually stays', () => {
    expect(typicalStayLine({ meanMs: 14 * 60_000, episodes: 9 })).toBe('stayed 14 min on average last week (9 times)');
    expect(typicalStayLine({ meanMs: 40_000, episodes: 1 })).toBe('stayed 40 s on average last week (1 time)');
    expect(typicalStayLine(undefined)).toBeUndefined();
    expect(stayDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(stayDuration(120 * 60_000)).toBe('2 h');
    expect(stayDuration(5 * 24 * 3_600_000)).toBe('5 d');
  });

  it('nearest-rank percentiles and stable series keys', () => {
    expect(percentileSorted([], 0.5)).toBeUndefined();
    expect(percentileSorted([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentileSorted([1, 2, 3, 4], 0.9)).toBe(4);
    expect(percentileSorted(Float64Array.from([5]), 0.95)).toBe(5);
    expect(
      seriesKeyString({ provider: 'runpod', model: 'H100-SXM', count: 8, region: 'US-TX-3', billing: 'spot' }),
    ).toBe('runpod|H100-SXM|8|US-TX-3|spot|');
  });
});
