import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayTicks, shortCalendarDay } from '../../../../src/renderer/lib/time-axis';

const DAY = 24 * 60 * 60 * 1000;
const localDate = (t: number) => {
  const d = new Date(t);
  return { y: d.getFullYear(), m: d.getMonth(), day: d.getDate(), h: d.getHours(), min: d.getMinutes() };
};

describe('dayTicks', () => {
  it('labels each local midnight of a week, in order, placed between 0 and 1', () => {
    const to = new Date(2026, 10, 20, 15, 30).getTime();
    const ticks = dayTicks(to - 7 * DAY, to, 'en-US');
    expect(ticks.map((t) => t.label)).toEqual(['Nov 14', 'Nov 15', 'Nov 16', 'Nov 17', 'Nov 18', 'Nov 19', 'Nov 20']);
    expect(ticks[0]!.share).toBeGreaterThan(0);
    expect(ticks.at(-1)!.share).toBeLessThan(1);
  });

  it('steps a week apart over 30 days and two weeks over 90, never more than 8 labels', () => {
    const to = new Date(2026, 11, 6, 18, 0).getTime();
    const month = dayTicks(to - 30 * DAY, to, 'en-US');
    expect(month.map((t) => t.label)).toEqual(['Nov 7', 'Nov 14', 'Nov 21', 'Nov 28', 'Dec 5']);
    const quarter = dayTicks(to - 90 * DAY, to, 'en-US');
    expect(quarter).toHaveLength(7);
    expect(quarter[1]!.at - quarter[0]!.at).toBeGreaterThanOrEqual(14 * DAY - 3_600_000);
  });

  it('holds for any span: local midnights, whole days apart, inside the span, at most 8', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1, max: 400 * DAY }),
        (from, span) => {
          const ticks = dayTicks(from, from + span);
          expect(ticks.length).toBeLessThanOrEqual(8);
          for (const [i, t] of ticks.entries()) {
            expect(t.at).toBeGreaterThanOrEqual(from);
            expect(t.at).toBeLessThanOrEqual(from + span);
            expect(t.share).toBeCloseTo((t.at - from) / span);
            const d = localDate(t.at);
            expect([d.h, d.min]).toEqual([0, 0]);
            if (i > 0) {
              // Whole days: the calendar distance, whatever a daylight-saving change did to the hours.
              const prev = localDate(ticks[i - 1]!.at);
              const days = Math.round((Date.UTC(d.y, d.m, d.day) - Date.UTC(prev.y, prev.m, prev.day)) / DAY);
              expect(days).toBe(Math.round((ticks[1]!.at - ticks[0]!.at) / DAY));
            }
          }
        },
      ),
    );
  });

  it('gives nothing for an empty or reversed span', () => {
    expect(dayTicks(10, 10)).toEqual([]);
    expect(dayTicks(10, 5)).toEqual([]);
    expect(dayTicks(Number.NaN, 5)).toEqual([]);
  });
});

describe('shortCalendarDay', () => {
  it('names a YYYY-MM-DD day like the timeline names its ticks, whatever the time zone', () => {
    expect(shortCalendarDay('2026-11-29', 'en-US')).toBe('Nov 29');
    expect(shortCalendarDay('2026-01-01', 'en-US')).toBe('Jan 1');
    const tick = dayTicks(new Date(2026, 10, 28, 12).getTime(), new Date(2026, 10, 30, 12).getTime(), 'en-US')[0]!;
    expect(shortCalendarDay('2026-11-29', 'en-US')).toBe(tick.label);
  });
});
