import { describe, expect, it } from 'vitest';
import {
  alertHistoryLine,
  episodeLength,
  modelHistoryHint,
  mostStayUnder,
  partialRecordText,
  perDayText,
  recordedMs,
  stayDuration,
  typicalStayLine,
  usuallyStays,
  usuallyStaysText,
} from '../../../../src/shared/history/text';
import { DAY_MS, percentileSorted, seriesKeyString } from '../../../../src/shared/history/schema';

describe('history wording and helpers', () => {
  it('says how long a GPU usually stays', () => {
    expect(typicalStayLine({ meanMs: 14 * 60_000, episodes: 9 })).toBe('stayed 14 min on average last week (9 times)');
    expect(typicalStayLine({ meanMs: 40_000, episodes: 1 })).toBe('stayed 40 s on average last week (1 time)');
    expect(typicalStayLine(undefined)).toBeUndefined();
    expect(stayDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(stayDuration(120 * 60_000)).toBe('2 h');
    expect(stayDuration(5 * 24 * 3_600_000)).toBe('5 d');
  });

  it('a stay no later poll saw is "gone by the next poll", never "0 s"', () => {
    expect(typicalStayLine({ meanMs: 0, episodes: 3 })).toBe('gone by the next poll each time last week (3 times)');
    expect(usuallyStaysText({ meanMs: 0, episodes: 1 })).toBe('usually gone by the next poll (1 time last week)');
    expect(usuallyStays(0)).toBe('usually gone by the next poll');
    expect(usuallyStays(14 * 60_000)).toBe('usually stays 14 min');
    expect(mostStayUnder(0)).toBe('9 in 10 gone by the next poll');
    expect(mostStayUnder(2 * 3_600_000)).toBe('9 in 10 stay under 2 h');
    expect(episodeLength(0)).toBe('one poll');
    expect(episodeLength(40_000)).toBe('40 s');
    expect(episodeLength(40_000, (ms) => `${ms / 1000}s`)).toBe('40s');
  });

  it('per day and the recorded span: over the time recorded, and said when it is shorter than the period', () => {
    const to = Date.UTC(2026, 11, 6, 21, 0);
    const report = (observedFrom: number | null, perDay = 2.5) => ({
      from: new Date(to - 30 * DAY_MS).toISOString(),
      to: new Date(to).toISOString(),
      observedFrom: observedFrom === null ? null : new Date(observedFrom).toISOString(),
      summary: { count: 5, medianMs: null, p90Ms: null, perDay },
    });
    // All 30 days recorded.
    expect(recordedMs(report(to - 30 * DAY_MS))).toBe(30 * DAY_MS);
    expect(perDayText(report(to - 30 * DAY_MS))).toBe('2.5 a day');
    expect(partialRecordText(report(to - 30 * DAY_MS))).toBeUndefined();
    // Two days of it.
    expect(perDayText(report(to - 2 * DAY_MS))).toBe('2.5 a day');
    expect(partialRecordText(report(to - 2 * DAY_MS))).toBe('recorded for 2 d');
    // Seven minutes: no daily rate from that.
    expect(perDayText(report(to - 7 * 60_000))).toBeUndefined();
    expect(partialRecordText(report(to - 7 * 60_000))).toBe('recorded for 7 min');
    // Nothing recorded for these providers.
    expect(recordedMs(report(null))).toBe(0);
    expect(perDayText(report(null))).toBeUndefined();
    expect(partialRecordText(report(null))).toBeUndefined();
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
