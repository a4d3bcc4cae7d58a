/**
 * Trends for the Offers view's GPU-model rows (issue #16): for every model on screen at once, the
 * daily p50 of the hourly cheapest $/GPU·h (the sparkline), whether it is available now or when it
 * was last, and how long it stayed on average last week (the hover). One call answers all rows:
 * the series table is read once, then per model three statements that do their seeks and grouping
 * in SQL (each row or call crossing into JS costs more than SQLite's own work here).
 */
import type { DatabaseSync } from 'node:sqlite';
import {
  DAY_MS,
  HOUR_MS,
  percentileSorted,
  TYPICAL_STAY_WINDOW_MS,
  type ModelTrend,
  type ModelTrends,
  type ModelTrendsQuery,
  type TypicalStay,
} from '../../shared/history/schema';
import { PRICE_SCALE } from './schema';
import { isAvailableState } from './store';
import { seriesInfoOf, type SeriesInfo, type SeriesInfoRow } from './queries';

/** The series of the asked models, grouped per model (exact canonical names). */
function seriesByModel(db: DatabaseSync, models: readonly string[]): Map<string, SeriesInfo[]> {
  const out = new Map<string, SeriesInfo[]>();
  if (models.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT id, provider, model, count, region, billing, cloud, state, last_listed, open_since FROM series
       WHERE model IN (${models.map(() => '?').join(',')})`,
    )
    .all(...models) as unknown as SeriesInfoRow[];
  for (const r of rows) {
    let list = out.get(r.model);
    if (!list) out.set(r.model, (list = []));
    list.push(seriesInfoOf(r));
  }
  return out;
}

/**
 * Mean length of the episodes that ended in [from, now] and how many there were, over the given
 * kinds; undefined when none ended. The one definition behind "stayed 14 min on average last week".
 * Read through the (series, start) key: the episodes that started in the window by range, and per
 * kind the one that started before it (episodes of a kind never overlap, so at most that one can
 * end inside the window) by one seek — never all of a kind's 90 days. Both in SQL: a seek per kind
 * from JS cost ~15 µs of call overhead each, most of the Offers rows' question (bench: 14 → 6 ms).
 */
export function typicalStayOf(
  db: DatabaseSync,
  series: ReadonlyArray<{ id: number }>,
  from: number,
): TypicalStay | undefined {
  if (series.length === 0) return undefined;
  const ids = idList(series);
  const inWindow = db
    .prepare(
      `SELECT count(*) AS n, sum("end" - start) AS total FROM episodes WHERE series_id IN (${ids}) AND start >= ?`,
    )
    .get(from) as { n: number; total: number | null };
  const endingInside = db
    .prepare(
      `SELECT count(*) AS n, sum(e."end" - e.start) AS total FROM series s
       JOIN episodes e ON e.series_id = s.id
         AND e.start = (SELECT max(start) FROM episodes p WHERE p.series_id = s.id AND p.start < ?1)
       WHERE s.id IN (${ids}) AND e."end" >= ?1`,
    )
    .get(from) as { n: number; total: number | null };
  const n = inWindow.n + endingInside.n;
  if (n === 0) return undefined;
  return { meanMs: ((inWindow.total ?? 0) + (endingInside.total ?? 0)) / n, episodes: n };
}

/** Series ids for an `IN (…)` list: integers from the series table, never user text. */
const idList = (series: ReadonlyArray<{ id: number }>): string => series.map((s) => Math.trunc(s.id)).join(',');

/**
 * When any of these kinds was last available: now when one is, else the end of the latest closed
 * episode (per kind its last one, by a seek in SQL); null when none ever was.
 */
function lastAvailable(db: DatabaseSync, series: readonly SeriesInfo[], now: number): number | null {
  if (series.some((s) => s.openSince !== null)) return now;
  if (series.length === 0) return null;
  const row = db
    .prepare(
      `SELECT max(e."end") AS t FROM series s
       JOIN episodes e ON e.series_id = s.id AND e.start = (SELECT max(start) FROM episodes p WHERE p.series_id = s.id)
       WHERE s.id IN (${idList(series)})`,
    )
    .get() as { t: number | null };
  return row.t === null ? null : Math.min(row.t, now);
}

/**
 * Per hour from `fromHour`, a model's cheapest price (1/10,000 $): the lowest of its providers'
 * mean cheapest over the hour's polls, only among providers that had it available at some poll of
 * the hour when `availableOnly`. Grouped in SQL: one row per hour crosses into JS, not one per
 * provider and hour (bench: the Offers rows' 14 days of 15 models, 21 → 13 ms).
 */
function cheapestByHour(
  db: DatabaseSync,
  series: readonly SeriesInfo[],
  fromHour: number,
  availableOnly: boolean,
): Array<[number, number]> {
  const model = series[0]?.model;
  if (model === undefined) return [];
  const providers = [...new Set(series.map((s) => s.provider))];
  const rows = db
    .prepare(
      `SELECT hour, min(CAST(price_sum AS REAL) / price_n) AS p FROM model_hourly
       WHERE provider IN (${providers.map(() => '?').join(',')}) AND model = ? AND hour >= ? AND price_n > 0
       ${availableOnly ? 'AND avail > 0' : ''} GROUP BY hour ORDER BY hour`,
    )
    .all(...providers, model, fromHour) as Array<{ hour: number; p: number }>;
  return rows.map((r) => [r.hour, r.p]);
}

/**
 * Per day (in the query's zone): the p50 over the day's hours of the cheapest provider's mean
 * price for the model in that hour (`[hour, 1/10,000 $]`, from cheapestByHour); oldest first.
 */
export function dailyMedians(
  cheapest: ReadonlyArray<[number, number]>,
  tzOffsetMinutes: number,
): Array<[number, number]> {
  const offset = tzOffsetMinutes * 60_000;
  const days = new Map<number, number[]>();
  for (const [hour, p] of cheapest) {
    const day = Math.floor((hour * HOUR_MS + offset) / DAY_MS);
    let list = days.get(day);
    if (!list) days.set(day, (list = []));
    list.push(p);
  }
  return [...days.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, ps]) => {
      ps.sort((a, b) => a - b);
      return [day * DAY_MS - offset, percentileSorted(ps, 0.5)! / PRICE_SCALE];
    });
}

export function queryModelTrends(db: DatabaseSync, q: ModelTrendsQuery, now: number): ModelTrends {
  const models = [...new Set(q.models)];
  const byModel = seriesByModel(db, models);
  // Whole days in the viewer's zone: today and the `days - 1` before it.
  const offset = q.tzOffsetMinutes * 60_000;
  const from = (Math.floor((now + offset) / DAY_MS) - (q.days - 1)) * DAY_MS - offset;
  const trends: ModelTrend[] = [];
  for (const model of models) {
    const series = byModel.get(model);
    if (!series) continue;
    const last = lastAvailable(db, series, now);
    trends.push({
      model,
      daily: dailyMedians(cheapestByHour(db, series, Math.floor(from / HOUR_MS), false), q.tzOffsetMinutes),
      availableNow: series.some((s) => isAvailableState(s.state)),
      lastSeen: last === null ? null : new Date(last).toISOString(),
      stay: typicalStayOf(db, series, now - TYPICAL_STAY_WINDOW_MS) ?? null,
    });
  }
  return { recording: true, at: now, trends };
}

/**
 * Per model, the cheapest $/GPU·h at which it was available in each of the `hours` whole hours
 * before the current one, oldest first (the terminal's sparklines): per hour, the lowest of the
 * providers' mean cheapest prices, among providers that had it available at some poll of that
 * hour; NaN for an hour with no such provider (sold out, or not recorded). One grouped read of
 * the per-model hourly table per model.
 */
export function queryHourlyCheapest(
  db: DatabaseSync,
  models: readonly string[],
  hours: number,
  now: number,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const first = Math.floor(now / HOUR_MS) - hours;
  for (const [model, series] of seriesByModel(db, [...new Set(models)])) {
    const cheapest = new Array<number>(hours).fill(Number.NaN);
    for (const [hour, price] of cheapestByHour(db, series, first, true))
      if (hour - first < hours) cheapest[hour - first] = price / PRICE_SCALE;
    out.set(model, cheapest);
  }
  return out;
}

export function emptyModelTrends(now: number): ModelTrends {
  return { recording: false, at: now, trends: [] };
}
