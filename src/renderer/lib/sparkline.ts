/**
 * A price sparkline as one SVG path string, built once when the trends arrive (not per render):
 * the Offers rows then only place a string. Pure, so it is unit-tested without a DOM.
 */

export interface SparkBox {
  width: number;
  height: number;
  /** Room kept at the top and bottom so the stroke is not clipped. */
  pad: number;
}

export const SPARK_BOX: SparkBox = { width: 72, height: 20, pad: 2 };

/**
 * `points` are `[t, value]`, oldest first; `from`..`to` is the window they are placed in (a day
 * without data leaves a gap in x, not a squeeze). One point draws a short dash at its place.
 * Undefined when there is nothing to draw.
 */
export function sparkPath(
  points: ReadonlyArray<readonly [number, number]>,
  from: number,
  to: number,
  box: SparkBox = SPARK_BOX,
): string | undefined {
  if (points.length === 0 || !(to > from)) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const [, v] of points) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  const h = box.height - 2 * box.pad;
  const x = (t: number) => round(Math.min(1, Math.max(0, (t - from) / (to - from))) * box.width);
  // A flat line sits in the middle; otherwise the cheapest day is at the bottom.
  const y = (v: number) => round(box.pad + (span > 0 ? (1 - (v - min) / span) * h : h / 2));
  if (points.length === 1) {
    const [t, v] = points[0]!;
    const x0 = Math.max(0, Math.min(box.width - 4, x(t) - 2));
    return `M${x0} ${y(v)}h4`;
  }
  let d = '';
  for (let i = 0; i < points.length; i++) d += `${i === 0 ? 'M' : 'L'}${x(points[i]![0])} ${y(points[i]![1])}`;
  return d;
}

const round = (n: number): number => Math.round(n * 10) / 10;
