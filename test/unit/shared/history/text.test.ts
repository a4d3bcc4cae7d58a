import { describe, expect, it } from 'vitest';
import {
  alertHistoryLine,
  modelHistoryHint,
  stayDuration,
  typicalStayLine,
  usuallyStaysText,
} from '../../../../src/shared/history/text';
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

describe('model row hint and alert line', () => {
  const NOW = Date.UTC(2026, 0, 5, 12);
  it('says available now or when it was last seen, then how long it usually stays', () => {
    const stay = { meanMs: 14 * 60_000, episodes: 9 };
    expect(modelHistoryHint({ availableNow: true, lastSeen: new Date(NOW).toISOString(), stay }, NOW)).toBe(
      'available now · usually stays 14 min (9 times last week)',
    );
    expect(
      modelHistoryHint({ availableNow: false, lastSeen: new Date(NOW - 3 * 3_600_000).toISOString(), stay: null }, NOW),
    ).toBe('last seen 3 h ago');
    expect(modelHistoryHint({ availableNow: false, lastSeen: null, stay: null }, NOW)).toBe('never seen available');
    expect(usuallyStaysText({ meanMs: 40_000, episodes: 1 })).toBe('usually stays 40 s (1 time last week)');
  });

  it('alertHistoryLine is typicalStayLine of the offer the alert is about', () => {
    expect(alertHistoryLine({ typicalStay: { meanMs: 14 * 60_000, episodes: 9 } })).toBe(
      'stayed 14 min on average last week (9 times)',
    );
    expect(alertHistoryLine({})).toBeUndefined();
  });
});
