/**
 * Date ticks for a time axis (the History view's availability timeline): local midnights, a whole
 * number of days apart, few enough to be read (at most MAX_TICKS), each with its place on the axis.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
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
