/**
 * Trends for the Offers view's GPU-model rows (issue #16): for every model on screen at once, the
 * daily p50 of the hourly cheapest $/GPU·h (the sparkline), whether it is available now or when it
 * was last, and how long it stayed on average last week (the hover). One call answers all rows:
 * the series table is read once, and each (provider, model) pair is one range read of the
 * per-model hourly table, like the History view's own question.
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
import type { ProviderId } from '../../shared/model';
import { PRICE_SCALE } from './schema';
import { isAvailableState } from './store';
import { hourScope, loadHours, queryLastSeen, type HourRow, type SeriesInfo } from './queries';

interface SeriesRow {
  id: number;
  provider: ProviderId;
  model: string;
  count: number;
  region: string;
  billing: SeriesInfo['billing'];
  cloud: string;
  state: string;
  last_listed: number;
  open_since: number | null;
}

/** The series of the asked models, grouped per model (exact canonical names). */
function seriesByModel(db: DatabaseSync, models: readonly string[]): Map<string, SeriesInfo[]> {
  const out = new Map<string, SeriesInfo[]>();
  if (models.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT id, provider, model, count, region, billing, cloud, state, last_listed, open_since FROM series
       WHERE model IN (${models.map(() => '?').join(',')})`,
    )
    .all(...models) as unknown as SeriesRow[];
  for (const r of rows) {
    let list = out.get(r.model);
    if (!list) out.set(r.model, (list = []));
    list.push({
      id: r.id,
      provider: r.provider,
      model: r.model,
      count: r.count,
      region: r.region,
      billing: r.billing,
      ...(r.cloud ? { cloud: r.cloud as NonNullable<SeriesInfo['cloud']> } : {}),
      state: r.state,
      lastListed: r.last_listed,
      openSince: r.open_since,
    });
  }
  return out;
}

/**
 * Mean length of the episodes that ended in [from, now] and how many there were, over the given
 * kinds; undefined when none ended. The one definition behind "stayed 14 min on average last week".
 * Read through the (series, start) key: the episodes that started in the window by range, and per
 * kind the one that started before it (episodes of a kind never overlap, so at most that one can
 * end inside the window) by one seek — never all of a kind's 90 days.
 */
export function typicalStayOf(
  db: DatabaseSync,
  series: ReadonlyArray<{ id: number }>,
  from: number,
): TypicalStay | undefined {
  if (series.length === 0) return undefined;
  const inWindow = db
    .prepare(
      `SELECT count(*) AS n, sum("end" - start) AS total FROM episodes
       WHERE series_id IN (${series.map((s) => s.id).join(',')}) AND start >= ?`,
    )
    .get(from) as { n: number; total: number | null };
  let n = inWindow.n;
  let total = inWindow.total ?? 0;
  const before = db.prepare(
    'SELECT start, "end" FROM episodes WHERE series_id = ? AND start < ? ORDER BY start DESC LIMIT 1',
  );
  for (const s of series) {
    const e = before.get(s.id, from) as { start: number; end: number } | undefined;
    if (e && e.end >= from) {
      n++;
      total += e.end - e.start;
    }
  }
  if (n === 0) return undefined;
  return { meanMs: total / n, episodes: n };
}

/**
 * Per day (in the query's zone): the p50 over the day's hours of the cheapest provider's mean
 * price for the model in that hour; oldest first.
 */
export function dailyMedians(hours: readonly HourRow[], tzOffsetMinutes: number): Array<[number, number]> {
  const cheapest = new Map<number, number>();
  for (const r of hours) {
    if (r.priceMean === null) continue;
    const c = cheapest.get(r.hour);
    if (c === undefined || r.priceMean < c) cheapest.set(r.hour, r.priceMean);
  }
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
    const hours = loadHours(db, hourScope(series, {}), from);
    const seen = queryLastSeen(db, series, now);
    let lastSeen: string | null = null;
    for (const s of seen) if (s.lastSeen && (lastSeen === null || s.lastSeen > lastSeen)) lastSeen = s.lastSeen;
    trends.push({
      model,
      daily: dailyMedians(hours, q.tzOffsetMinutes),
      availableNow: series.some((s) => isAvailableState(s.state)),
      lastSeen,
      stay: typicalStayOf(db, series, now - TYPICAL_STAY_WINDOW_MS) ?? null,
    });
  }
  return { recording: true, at: now, trends };
}

/**
 * Per model, the cheapest $/GPU·h at which it was available in each of the `hours` whole hours
 * before the current one, oldest first (the terminal's sparklines): per hour, the lowest of the
 * providers' mean cheapest prices, among providers that had it available at some poll of that
 * hour; NaN for an hour with no such provider (sold out, or not recorded). One range read per
 * (provider, model) of the per-model hourly table.
 */
export function queryHourlyCheapest(
  db: DatabaseSync,
  models: readonly string[],
  hours: number,
  now: number,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const current = Math.floor(now / HOUR_MS);
  const first = current - hours;
  for (const [model, series] of seriesByModel(db, [...new Set(models)])) {
    const cheapest = new Array<number>(hours).fill(Number.NaN);
    for (const r of loadHours(db, hourScope(series, {}), first * HOUR_MS)) {
      const i = r.hour - first;
      if (i < 0 || i >= hours || r.share === 0 || r.priceMean === null) continue;
      const price = r.priceMean / PRICE_SCALE;
      if (!(cheapest[i]! <= price)) cheapest[i] = price;
    }
    out.set(model, cheapest);
  }
  return out;
}

export function emptyModelTrends(now: number): ModelTrends {
  return { recording: false, at: now, trends: [] };
}
