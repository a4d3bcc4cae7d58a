/**
 * Ticks for a time axis (the History view's availability timeline), few enough to be read (at
 * most MAX_TICKS), each with its place on the axis: local midnights a whole number of days apart
 * over two days and more; below that, round local times (every minute … 12 h), a midnight among
 * them named by its day.
 */
const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const STEPS_DAYS = [1, 2, 7, 14, 28];
const MAX_TICKS = 8;

export interface TimeTick {
  /** Epoch ms of the local midnight. */
  at: number;
  /** Where it falls between `from` (0) and `to` (1). */
  share: number;
  label: string;
}

/** The first local midnight at or after `t`. */
function nextMidnight(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  if (d.getTime() < t) d.setDate(d.getDate() + 1);
  return d.getTime();
}

const shortDays = new Map<string | undefined, Intl.DateTimeFormat>();

/** "Nov 7" (in the reader's locale): how the History view names a day, on every axis. */
export function shortDay(date: Date, locale?: string): string {
  let format = shortDays.get(locale);
  if (!format) shortDays.set(locale, (format = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' })));
  return format.format(date);
}

/** A `YYYY-MM-DD` calendar day (the history's daily prices) as `shortDay` says it. */
export function shortCalendarDay(day: string, locale?: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return shortDay(new Date(y!, m! - 1, d), locale);
}

export function dayTicks(from: number, to: number, locale?: string): TimeTick[] {
  if (!(to > from)) return [];
  const days = (to - from) / DAY_MS;
  const step = STEPS_DAYS.find((s) => days / s <= MAX_TICKS) ?? Math.ceil(days / MAX_TICKS);
  const ticks: TimeTick[] = [];
  // Stepped with setDate, not by adding 24 h: a day with a daylight-saving change is 23 or 25 h long.
  const d = new Date(nextMidnight(from));
  while (d.getTime() <= to) {
    const at = d.getTime();
    ticks.push({ at, share: (at - from) / (to - from), label: shortDay(d, locale) });
    d.setDate(d.getDate() + step);
  }
  return ticks;
}

/** Steps under two days, in minutes: each divides an hour or a day, so ticks fall on round times. */
const STEPS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720];

const clockTimes = new Map<string | undefined, Intl.DateTimeFormat>();

/** "21:30" / "9:30 PM" (in the reader's locale). */
function clockTime(date: Date, locale?: string): string {
  let format = clockTimes.get(locale);
  if (!format)
    clockTimes.set(locale, (format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' })));
  return format.format(date);
}

/** Ticks for any span: days from two days up (dayTicks), round times of day below. */
export function timeTicks(from: number, to: number, locale?: string): TimeTick[] {
  if (!(to > from)) return [];
  if (to - from >= 2 * DAY_MS) return dayTicks(from, to, locale);
  // The longer of time and the local clock: a spring-forward night is an hour longer on the clock,
  // a fall-back night an hour longer in time (the repeated hour gets its ticks twice).
  const real = (to - from) / MINUTE_MS;
  const minutes = Math.max(real, real + new Date(from).getTimezoneOffset() - new Date(to).getTimezoneOffset());
  // Under MAX_TICKS steps in the span: at most MAX_TICKS ticks, even with one at each end.
  const step = STEPS_MINUTES.find((s) => minutes / s < MAX_TICKS) ?? 24 * 60;
  // The first local time at or after `from` whose minutes since local midnight are a multiple of
  // the step; then stepped on the local clock, so a daylight-saving change keeps them round.
  const d = new Date(Math.ceil(from / MINUTE_MS) * MINUTE_MS);
  roundUp(d, step);
  const ticks: TimeTick[] = [];
  while (d.getTime() <= to) {
    const at = d.getTime();
    const midnight = d.getHours() === 0 && d.getMinutes() === 0;
    ticks.push({ at, share: (at - from) / (to - from), label: midnight ? shortDay(d, locale) : clockTime(d, locale) });
    const next = d.getHours() * 60 + d.getMinutes() + step;
    // Past midnight: restart the count there (a day is a multiple of every step).
    if (next >= 24 * 60) {
      d.setDate(d.getDate() + 1);
      d.setHours(0, 0, 0, 0);
    } else d.setHours(Math.floor(next / 60), next % 60, 0, 0);
    // The hour a daylight-saving change repeats: setHours names its first pass, which is behind.
    if (d.getTime() <= at) d.setTime(at + step * MINUTE_MS);
    // The hour it skips: setHours lands an hour on, maybe off the step.
    roundUp(d, step);
  }
  return ticks;
}

/**
 * Moves `d` on to the first local time whose minutes since midnight are a multiple of `step`. In
 * milliseconds, not with setMinutes: in the hour a daylight-saving change repeats, setMinutes
 * lands in its first pass, behind where it started.
 */
function roundUp(d: Date, step: number): void {
  for (let i = 0; i < 3; i++) {
    const late = (d.getHours() * 60 + d.getMinutes()) % step;
    if (late === 0) return;
    d.setTime(d.getTime() + (step - late) * MINUTE_MS);
  }
}
