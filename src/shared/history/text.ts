/**
 * History sentences shared by every face: the one line an alert gains ("stayed 14 min on average
 * last week"), so the terminal, desktop notifications and chat channels say it the same way.
 */
import { formatAgo } from '../format/time';
import { countOf } from '../format/count';
import { DAY_MS, type HistoryReport } from './schema';

/** "40 s", "14 min", "2 h 5 min", "3 d". */
export function stayDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/*
 * An episode runs from the poll that first saw it to the last poll that still did, so one seen by
 * a single poll lasts 0 s: it was gone by the next poll, some time under the poll interval. The
 * sentences below say that instead of "stays 0 s" (or "9 in 10 stay under 0 s").
 */
const BY_NEXT_POLL = 'gone by the next poll';

/** The alert's history line, or undefined when nothing was recorded for that kind last week. */
export function typicalStayLine(stay: { meanMs: number; episodes: number } | undefined): string | undefined {
  if (!stay || stay.episodes === 0) return undefined;
  const times = countOf(stay.episodes, 'time');
  if (stay.meanMs === 0) return `${BY_NEXT_POLL} each time last week (${times})`;
  return `stayed ${stayDuration(stay.meanMs)} on average last week (${times})`;
}

/** `usually stays 14 min (9 times last week)`: the same figure as the alert line, said about a row. */
export function usuallyStaysText(stay: { meanMs: number; episodes: number } | null | undefined): string | undefined {
  if (!stay || stay.episodes === 0) return undefined;
  return `${usuallyStays(stay.meanMs)} (${countOf(stay.episodes, 'time')} last week)`;
}

/** "usually stays 14 min" about a median (or mean) stay. */
export function usuallyStays(ms: number): string {
  return ms === 0 ? `usually ${BY_NEXT_POLL}` : `usually stays ${stayDuration(ms)}`;
}

/** "9 in 10 stay under 2 h" about the 90th percentile. */
export function mostStayUnder(p90Ms: number): string {
  return p90Ms === 0 ? `9 in 10 ${BY_NEXT_POLL}` : `9 in 10 stay under ${stayDuration(p90Ms)}`;
}

/** One episode's length: "14 min" (or as `format` says it), "one poll" for one no later poll saw. */
export function episodeLength(ms: number, format: (ms: number) => string = stayDuration): string {
  return ms === 0 ? 'one poll' : format(ms);
}

/**
 * The hover text of a GPU-model row in the Offers view: `available now · usually stays 14 min (9
 * times last week)`, `last seen 3 h ago · …`, or `never seen available` when history has it only
 * listed.
 */
export function modelHistoryHint(
  t: { availableNow: boolean; lastSeen: string | null; stay: { meanMs: number; episodes: number } | null },
  now: number,
): string {
  const seen = t.availableNow
    ? 'available now'
    : t.lastSeen
      ? `last seen ${formatAgo(Date.parse(t.lastSeen), now)}`
      : 'never seen available';
  const stay = usuallyStaysText(t.stay);
  return stay ? `${seen} · ${stay}` : seen;
}

/**
 * The history line of an alert about `offer` (its `typicalStay`, filled in by the core for
 * `appeared` and `price-drop`): the one function desktop and browser notifications, chat channels
 * and `cloudtop watch` take it from.
 */
export function alertHistoryLine(offer: { typicalStay?: { meanMs: number; episodes: number } }): string | undefined {
  return typicalStayLine(offer.typicalStay);
}

type RecordedPart = Pick<HistoryReport, 'from' | 'to' | 'observedFrom'>;

/** How long of a report's period was recorded (see HistoryReport.observedFrom); 0 when none of it. */
export function recordedMs(r: RecordedPart): number {
  return r.observedFrom === null ? 0 : Math.max(0, Date.parse(r.to) - Date.parse(r.observedFrom));
}

/**
 * "2.57 a day", over the days recorded; undefined under a day recorded, where a daily rate would
 * be a guess from a few hours.
 */
export function perDayText(r: RecordedPart & Pick<HistoryReport, 'summary'>): string | undefined {
  return recordedMs(r) >= DAY_MS ? `${r.summary.perDay} a day` : undefined;
}

/** "recorded for 7 min": said when the record is shorter than the period asked about. */
export function partialRecordText(r: RecordedPart): string | undefined {
  if (r.observedFrom === null || Date.parse(r.observedFrom) <= Date.parse(r.from)) return undefined;
  return `recorded for ${stayDuration(recordedMs(r))}`;
}
