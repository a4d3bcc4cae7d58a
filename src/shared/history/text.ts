/**
 * History sentences shared by every face: the one line an alert gains ("stayed 14 min on average
 * last week"), so the terminal, desktop notifications and chat channels say it the same way.
 */

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
  return `stayed ${stayDuration(stay.meanMs)} on average last week (${stay.episodes} time${stay.episodes === 1 ? '' : 's'})`;
}
