/**
 * Resampling of metric series to a common step, so charts can overlay series from providers that
 * report at different granularities (Cloudflare 5-minute groups, Neon hourly consumption, polled
 * gauges). Pure: no clock, no I/O. Buckets are aligned to multiples of the step since the epoch, so
 * two series resampled with the same step always share the same grid.
 */
import type { MetricPoint, MetricSeries } from '../model/resource';

type Aggregation = 'sum' | 'avg' | 'max' | 'min' | 'last';

/**
 * How points falling into one bucket combine, by unit. Amounts per interval add up (requests in
 * two 5-minute groups make the requests of the 10-minute bucket); sizes and cumulative counters are
 * gauges where the peak (for a monotonic counter: the latest) is the honest summary; rates,
 * latencies and percentages average.
 */
const AGGREGATION_BY_UNIT: Record<string, Aggregation> = {
  count: 'sum',
  requests: 'sum',
  errors: 'sum',
  operations: 'sum',
  'cu-seconds': 'sum',
  bytes: 'max',
  objects: 'max',
  seconds: 'max',
  'byte-hours': 'max',
  percent: 'avg',
  ratio: 'avg',
  ms: 'avg',
  us: 'avg',
  cu: 'avg',
  'requests/s': 'avg',
  'bytes/s': 'avg',
  'bytes/h': 'avg',
};

/** The aggregation used for a unit when the caller does not choose one (unknown units average). */
export function aggregationForUnit(unit: string): Aggregation {
  return AGGREGATION_BY_UNIT[unit] ?? 'avg';
}

/** Steps a chart axis reads well at, in ms (1 s … 1 day). */
const NICE_STEPS_MS: readonly number[] = [
  1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** The smallest nice step ≥ `ms` (multiples of a day beyond the table). */
export function niceStep(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return NICE_STEPS_MS[0]!;
  for (const s of NICE_STEPS_MS) if (s >= ms) return s;
  const day = 86_400_000;
  return Math.ceil(ms / day) * day;
}

/** The typical spacing of a series' points (median gap), or undefined with fewer than two points. */
export function inferStepMs(points: readonly MetricPoint[]): number | undefined {
  if (points.length < 2) return undefined;
  const ts = points.map((p) => p[0]).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    const g = ts[i]! - ts[i - 1]!;
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

function combine(values: number[], agg: Aggregation): number {
  switch (agg) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    case 'last':
      return values[values.length - 1]!;
  }
}

interface ResampleOptions {
  stepMs: number;
  /** Default: by unit (aggregationForUnit). */
  aggregation?: Aggregation;
  /** Drop points before this time (epoch ms, inclusive). */
  start?: number;
  /** Drop points at or after this time (epoch ms, exclusive). */
  end?: number;
  /**
   * Empty buckets between the first and last point: left out (a gap in the chart, the default) or
   * filled with 0 (right for amounts whose absence means "none happened", e.g. Workers requests).
   */
  fill?: 'gap' | 'zero';
}

/**
 * Resamples one series onto the epoch-aligned grid of `stepMs`. Each output point is stamped with
 * its bucket start. Non-finite values are ignored; the input is not modified.
 */
export function resample(series: MetricSeries, opts: ResampleOptions): MetricSeries {
  const step = opts.stepMs;
  if (!Number.isFinite(step) || step <= 0) throw new RangeError(`stepMs must be a positive number, got ${step}`);
  const agg = opts.aggregation ?? aggregationForUnit(series.unit);
  const buckets = new Map<number, number[]>();
  const sorted = [...series.points].sort((a, b) => a[0] - b[0]);
  for (const [t, v] of sorted) {
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    if (opts.start !== undefined && t < opts.start) continue;
    if (opts.end !== undefined && t >= opts.end) continue;
    const b = Math.floor(t / step) * step;
    const list = buckets.get(b);
    if (list) list.push(v);
    else buckets.set(b, [v]);
  }
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  const points: MetricPoint[] = [];
  if (opts.fill === 'zero' && keys.length > 0) {
    for (let b = keys[0]!; b <= keys[keys.length - 1]!; b += step) {
      const vals = buckets.get(b);
      points.push([b, vals ? combine(vals, agg) : 0]);
    }
  } else {
    for (const b of keys) points.push([b, combine(buckets.get(b)!, agg)]);
  }
  return { ...series, points, stepMs: step };
}

interface CommonStepOptions {
  /** Most points a chart should get per series over [start, end). Default 120. */
  maxPoints?: number;
  start?: number;
  end?: number;
  /** Per-series aggregation override, by series name. */
  aggregation?: Record<string, Aggregation>;
  fill?: 'gap' | 'zero';
}

/**
 * Picks one step for several series (at least the coarsest native step, so no series is
 * up-sampled into fake detail, and coarse enough to stay under maxPoints over the span) and
 * resamples them all onto it.
 */
export function resampleToCommonStep(
  seriesList: readonly MetricSeries[],
  opts: CommonStepOptions = {},
): { stepMs: number; series: MetricSeries[] } {
  const maxPoints = Math.max(1, opts.maxPoints ?? 120);
  let native = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of seriesList) {
    const st = s.stepMs ?? inferStepMs(s.points) ?? 0;
    native = Math.max(native, st);
    for (const [t] of s.points) {
      if (!Number.isFinite(t)) continue;
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
  }
  const start = opts.start ?? (Number.isFinite(lo) ? lo : 0);
  const end = opts.end ?? (Number.isFinite(hi) ? hi + 1 : start + 1);
  const span = Math.max(1, end - start);
  const stepMs = niceStep(Math.max(native, span / maxPoints));
  const series = seriesList.map((s) =>
    resample(s, { stepMs, aggregation: opts.aggregation?.[s.name], start: opts.start, end: opts.end, fill: opts.fill }),
  );
  return { stepMs, series };
}

/** The most recent point's value, or undefined for an empty series. */
export function latestValue(series: MetricSeries): number | undefined {
  let best: MetricPoint | undefined;
  for (const p of series.points) if (!best || p[0] >= best[0]) best = p;
  return best?.[1];
}

/**
 * Merges a freshly fetched series into a cached one (metrics are fetched on their own slower
 * interval and windows overlap): new points win on equal timestamps, points older than
 * `keepSinceMs` are dropped, order is by time.
 */
export function mergeSeries(older: MetricSeries | undefined, newer: MetricSeries, keepSinceMs?: number): MetricSeries {
  const byT = new Map<number, number>();
  for (const [t, v] of older?.points ?? []) byT.set(t, v);
  for (const [t, v] of newer.points) byT.set(t, v);
  const points: MetricPoint[] = [...byT.entries()]
    .filter(([t]) => keepSinceMs === undefined || t >= keepSinceMs)
    .sort((a, b) => a[0] - b[0]);
  return { ...newer, points };
}
