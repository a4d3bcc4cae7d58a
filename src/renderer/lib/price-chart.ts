/**
 * The geometry of the History view's price chart (daily min / median / p95 of the cheapest $/GPU-h):
 * plain SVG paths and label places, computed once per report. Pure, so it is unit-tested without a
 * DOM. It replaced a charting library whose selectors cost ~75 ms of main thread per period switch
 * (UI bench, 90 days of history), for a chart of at most a few dozen points.
 *
 * Coordinates: x is a share of the plot's width (0..1, the SVG draws it over `X_UNITS`, stretched
 * to the width); y is pixels from the top of a plot `height` tall.
 */

export interface DayPrices {
  /** `YYYY-MM-DD`. */
  day: string;
  min: number;
  p50: number;
  p95: number;
}

/** The SVG's horizontal units (its viewBox is X_UNITS wide, stretched to the plot). */
export const X_UNITS = 1000;

export interface PriceChartGeometry {
  /** Each point's place, 0..1, by its day (a day without prices leaves a gap, not a squeeze). */
  xs: number[];
  /** Pixels from the top for a price. */
  y: (price: number) => number;
  /** Prices for the horizontal grid lines and the axis labels, low to high. */
  ticks: number[];
  /** The p95 … min band, and one line per figure; lines break over days without prices. */
  band: string;
  lines: { p95: string; p50: string; min: string };
  /**
   * Indexes of the days alone (no prices the day before or after): their lines are mere strokes
   * and they have no band, so the chart marks their figures with dots.
   */
  alone: number[];
  /** Indexes of the points whose day is written under the axis (at most `maxLabels`). */
  labelled: number[];
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => {
  const [y, m, d] = day.split('-').map(Number);
  return Math.round(Date.UTC(y!, m! - 1, d!) / DAY_MS);
};

/** 1, 2, 2.5 or 5 × 10^k: the step that puts about `count` round prices over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const pow = 10 ** Math.floor(Math.log10(raw));
  // Less a hair: 0.1 / 0.1 is 1.0000000000000002 in floating point.
  const unit = raw / pow - 1e-9;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10) * pow;
}

/**
 * Round prices from below the lowest to above the highest, about `count` steps apart. A flat price
 * gets room around it (the line sits in the middle, not on an edge).
 */
export function priceTicks(low: number, high: number, count = 4): number[] {
  let lo = low;
  let hi = high;
  // Under a tenth of a cent apart is flat: no price differs by less.
  if (!(hi - lo >= 0.001)) {
    const pad = Math.max(Math.abs(lo) * 0.1, 0.01);
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  // Whole multiples of the step, rounded to its precision (0.1 + 0.2 must read 0.3).
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  const ticks: number[] = [];
  for (let n = Math.max(0, Math.floor(lo / step)); n <= Math.ceil(hi / step); n++)
    ticks.push(Number((n * step).toFixed(digits)));
  return ticks;
}

export function priceChartGeometry(points: readonly DayPrices[], height: number, maxLabels = 7): PriceChartGeometry {
  const days = points.map((p) => dayNumber(p.day));
  const first = days[0] ?? 0;
  const spanDays = (days.at(-1) ?? 0) - first;
  const xs = days.map((d) => (spanDays > 0 ? (d - first) / spanDays : 0.5));

  let low = Infinity;
  let high = -Infinity;
  for (const p of points) {
    low = Math.min(low, p.min, p.p50, p.p95);
    high = Math.max(high, p.min, p.p50, p.p95);
  }
  const ticks = points.length ? priceTicks(low, high) : [];
  const bottom = ticks[0] ?? 0;
  const top = ticks.at(-1) ?? 1;
  const y = (price: number) => round(top > bottom ? ((top - price) / (top - bottom)) * height : height / 2);
  const x = (i: number) => round(xs[i]! * X_UNITS);

  // Runs of consecutive days: lines and the band are drawn per run.
  const runs: number[][] = [];
  for (let i = 0; i < points.length; i++) {
    if (i > 0 && days[i]! - days[i - 1]! === 1) runs.at(-1)!.push(i);
    else runs.push([i]);
  }
  const line = (key: 'min' | 'p50' | 'p95') =>
    runs
      .map((run) =>
        run.length === 1
          ? // One day alone: a short level stroke at its place.
            `M${Math.max(0, x(run[0]!) - 4)} ${y(points[run[0]!]![key])}h8`
          : run.map((i, k) => `${k === 0 ? 'M' : 'L'}${x(i)} ${y(points[i]![key])}`).join(''),
      )
      .join('');
  const band = runs
    .filter((run) => run.length > 1)
    .map(
      (run) =>
        run.map((i, k) => `${k === 0 ? 'M' : 'L'}${x(i)} ${y(points[i]!.p95)}`).join('') +
        [...run]
          .reverse()
          .map((i) => `L${x(i)} ${y(points[i]!.min)}`)
          .join('') +
        'Z',
    )
    .join('');

  const stride = Math.max(1, Math.ceil(points.length / maxLabels));
  const labelled: number[] = [];
  for (let i = 0; i < points.length; i += stride) labelled.push(i);

  const alone = runs.filter((run) => run.length === 1).map((run) => run[0]!);
  return { xs, y, ticks, band, lines: { p95: line('p95'), p50: line('p50'), min: line('min') }, alone, labelled };
}

/** The point nearest to a share of the plot's width (the pointer's place). */
export function nearestPoint(xs: readonly number[], share: number): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i]! - share) < Math.abs(xs[best]! - share)) best = i;
  return best;
}

const round = (n: number): number => Math.round(n * 10) / 10;
