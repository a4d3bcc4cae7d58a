/**
 * History sentences shared by every face: the one line an alert gains ("stayed 14 min on average
 * last week"), so the terminal, desktop notifications and chat channels say it the same way.
 */
import { formatAgo } from '../format/time';
import { countOf } from '../format/count';

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

/** The alert's history line, or undefined when nothing was recorded for that kind last week. */
export function typicalStayLine(stay: { meanMs: number; episodes: number } | undefined): string | undefined {
  if (!stay || stay.episodes === 0) return undefined;
  return `stayed ${stayDuration(stay.meanMs)} on average last week (${countOf(stay.episodes, 'time')})`;
}

/** `usually stays 14 min (9 times last week)`: the same figure as the alert line, said about a row. */
export function usuallyStaysText(stay: { meanMs: number; episodes: number } | null | undefined): string | undefined {
  if (!stay || stay.episodes === 0) return undefined;
  return `usually stays ${stayDuration(stay.meanMs)} (${countOf(stay.episodes, 'time')} last week)`;
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
