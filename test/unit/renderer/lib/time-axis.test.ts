import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayTicks, shortCalendarDay, timeTicks } from '../../../../src/renderer/lib/time-axis';

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

describe('timeTicks', () => {
  const MIN = 60_000;

  it('marks round times of day under two days, and names a midnight by its day', () => {
    // Seven minutes recorded: a tick each minute.
    const t0 = new Date(2026, 11, 6, 21, 52, 30).getTime();
    expect(timeTicks(t0, t0 + 7 * MIN, 'en-GB').map((t) => t.label)).toEqual([
      '21:53',
      '21:54',
      '21:55',
      '21:56',
      '21:57',
      '21:58',
      '21:59',
    ]);
    // Five hours: every hour on the hour.
    const evening = new Date(2026, 11, 6, 19, 20).getTime();
    expect(timeTicks(evening, evening + 5 * 60 * MIN, 'en-GB').map((t) => t.label)).toEqual([
      '20:00',
      '21:00',
      '22:00',
      '23:00',
      '7 Dec',
    ]);
    // A day and a half: every 6 hours; 12-hour clocks where the locale has them.
    const ticks = timeTicks(evening, evening + 36 * 60 * MIN, 'en-US');
    expect(ticks.map((t) => t.label)).toEqual(['Dec 7', '6:00 AM', '12:00 PM', '6:00 PM', 'Dec 8', '6:00 AM']);
  });

  it('leaves two days and more to dayTicks', () => {
    const to = new Date(2026, 11, 6, 18, 0).getTime();
    expect(timeTicks(to - 7 * DAY, to, 'en-US')).toEqual(dayTicks(to - 7 * DAY, to, 'en-US'));
  });

  /** The property, for spans starting between `lo` and `hi`. */
  function checkTicks(lo: number, hi: number, numRuns = 100): void {
    const offset = (t: number) => new Date(t).getTimezoneOffset();
    const clockMinutes = (t: number) => localDate(t).h * 60 + localDate(t).min;
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: MIN, max: 2 * DAY - 1 }), (from, span) => {
        const ticks = timeTicks(from, from + span);
        expect(ticks.length).toBeGreaterThan(0);
        expect(ticks.length).toBeLessThanOrEqual(8);
        // The step: how far apart ticks are where the clock did not change between them (a
        // daylight-saving change puts the ticks either side of it an hour more or less apart).
        const steady = ticks
          .slice(1)
          .flatMap((t, i) => (offset(t.at) === offset(ticks[i]!.at) ? [t.at - ticks[i]!.at] : []));
        const step = steady.length ? Math.min(...steady) / MIN : 1;
        for (const [i, t] of ticks.entries()) {
          expect(t.at).toBeGreaterThanOrEqual(from);
          expect(t.at).toBeLessThanOrEqual(from + span);
          expect(t.share).toBeCloseTo((t.at - from) / span);
          expect(clockMinutes(t.at) % step).toBe(0);
          if (i === 0) continue;
          expect(t.at).toBeGreaterThan(ticks[i - 1]!.at);
          if (offset(t.at) === offset(ticks[i - 1]!.at)) expect(t.at - ticks[i - 1]!.at).toBe(step * MIN);
        }
      }),
      { numRuns },
    );
  }

  it('holds for any span under two days: round local times, evenly apart, inside the span, at most 8', () => {
    checkTicks(Date.UTC(2020, 0, 1), Date.UTC(2030, 0, 1));
  });

  it('holds across daylight-saving changes (an hour skipped or repeated, or half an hour on Lord Howe)', () => {
    const zone = process.env.TZ;
    try {
      for (const [tz, day] of [
        ['America/New_York', Date.UTC(2024, 2, 10)],
        ['America/New_York', Date.UTC(2024, 10, 3)],
        ['Australia/Lord_Howe', Date.UTC(2024, 3, 7)],
        ['Europe/Berlin', Date.UTC(2024, 9, 27)],
      ] as const) {
        process.env.TZ = tz;
        expect(new Date(day - DAY).getTimezoneOffset()).not.toBe(new Date(day + DAY).getTimezoneOffset());
        // The cases that go wrong are narrow (a span that ends just past the change): many runs.
        checkTicks(day - 2 * DAY, day + DAY, 2000);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('gives nothing for an empty or reversed span', () => {
    expect(timeTicks(10, 10)).toEqual([]);
    expect(timeTicks(10, 5)).toEqual([]);
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
