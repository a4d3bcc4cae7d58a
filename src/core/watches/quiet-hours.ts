/**
 * Quiet hours in the user's local time. The zone is injectable so tests do not depend on the
 * machine's TZ: a fixed UTC offset, an IANA zone (via Intl), or by default the process's own zone.
 */
export type TimeZoneOption = { utcOffsetMinutes: number } | { iana: string };

interface QuietHours {
  enabled: boolean;
  /** HH:MM, 24-hour. */
  start: string;
  end: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

const DAY = 24 * 60;

/** Minutes since local midnight, 0..1439. */
export function localMinutesOfDay(now: number, tz?: TimeZoneOption): number {
  if (tz && 'utcOffsetMinutes' in tz) {
    const m = Math.floor(now / 60_000) + tz.utcOffsetMinutes;
    return ((m % DAY) + DAY) % DAY;
  }
  if (tz && 'iana' in tz) {
    let h = 0;
    let min = 0;
    for (const part of formatterFor(tz.iana).formatToParts(new Date(now))) {
      if (part.type === 'hour') h = Number(part.value) % 24;
      if (part.type === 'minute') min = Number(part.value);
    }
    return h * 60 + min;
  }
  const d = new Date(now);
  return d.getHours() * 60 + d.getMinutes();
}

function parseHhMm(s: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/**
 * [start, end) in local time; a range whose end is before its start wraps midnight (22:00–07:00).
 * start == end is an empty range: we would rather notify than silently mute a whole day.
 */
export function inQuietHours(q: QuietHours | undefined, minutesOfDay: number): boolean {
  if (!q?.enabled) return false;
  const start = parseHhMm(q.start);
  const end = parseHhMm(q.end);
  if (start === undefined || end === undefined || start === end) return false;
  return start < end ? minutesOfDay >= start && minutesOfDay < end : minutesOfDay >= start || minutesOfDay < end;
}
