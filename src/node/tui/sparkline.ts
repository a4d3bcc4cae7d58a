/** Sparklines and trend arrows from a series of numbers (prices, CPU %), oldest first. */
import type { Glyphs } from './glyphs';

/**
 * The last `width` values as one character each, scaled between their min and max; a flat series
 * sits on the middle level. Shorter series are right-aligned (padded with spaces on the left), so
 * every row's newest sample is in the same column. Non-finite values show as a space (a gap).
 */
export function sparkline(values: readonly number[], width: number, levels: readonly string[]): string {
  if (width <= 0) return '';
  const tail = values.slice(-width);
  let min = Infinity;
  let max = -Infinity;
  for (const v of tail) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const top = levels.length - 1;
  let out = '';
  for (const v of tail) {
    if (!Number.isFinite(v)) out += ' ';
    else if (max === min) out += levels[Math.floor(top / 2)];
    else out += levels[Math.round(((v - min) / (max - min)) * top)];
  }
  return out.padStart(width, ' ');
}

export type Trend = 'up' | 'down' | 'flat';

/** Direction of the most recent change in the series ('flat' when it never changed). */
export function trendOf(values: readonly number[]): Trend | undefined {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return undefined;
  const last = finite[finite.length - 1]!;
  for (let i = finite.length - 2; i >= 0; i--) {
    const v = finite[i]!;
    if (v !== last) return last > v ? 'up' : 'down';
  }
  return 'flat';
}

export function trendGlyph(t: Trend | undefined, g: Glyphs): string {
  return t === undefined ? ' ' : t === 'up' ? g.up : t === 'down' ? g.down : g.flat;
}
