/**
 * Metric series as the providers report them: the latest value (TUI, details) and the merge of a
 * fresh fetch into the cached series (metrics are fetched on their own, overlapping windows). Pure.
 */
import type { MetricPoint, MetricSeries } from '../model/resource';

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
