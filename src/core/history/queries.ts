/**
 * The questions history answers (issue #16), shared by every face: episodes (when a match became
 * available, how long it stayed, how often), the week × hour heatmap, daily prices per provider,
 * "last seen", and an hourly price trend for sparklines. Everything reads the hourly tier and the
 * episodes, never raw polls, so a 30-day question stays small.
 */
import type { DatabaseSync } from 'node:sqlite';
import { matchesGpuQuery } from '../../shared/gpu';
import {
  DAY_MS,
  HOUR_MS,
  emptyHeatmapCells,
  percentileSorted,
  type DailyPrice,
  type Episode,
  type EpisodeSummary,
  type Heatmap,
  type HistoryQuery,
  type HistoryReport,
  type HistorySeriesKey,
  type LastSeen,
  type PriceTrend,
} from '../../shared/history/schema';
import type { Billing, CloudTier, GpuVendor, ProviderId } from '../../shared/model';
import { PRICE_SCALE } from './schema';
import { isAvailableState } from './store';

interface SeriesInfo extends HistorySeriesKey {
  id: number;
  state: string;
  lastListed: number;
}

interface SeriesDbRow {
  id: number;
  provider: ProviderId;
  model: string;
  family: string;
  vendor: GpuVendor;
  variant: string | null;
  vram_gb: number | null;
  count: number;
  region: string;
  billing: Billing;
  cloud: string;
  state: string;
  last_listed: number;
}

const iso = (t: number): string => new Date(t).toISOString();

/** The offer kinds a question is about. */
export function matchingSeries(
  db: DatabaseSync,
  q: Pick<HistoryQuery, 'gpu' | 'providers' | 'regions' | 'count'>,
): SeriesInfo[] {
  const rows = db
    .prepare(
      'SELECT id, provider, model, family, vendor, variant, vram_gb, count, region, billing, cloud, state, last_listed FROM series',
    )
    .all() as unknown as SeriesDbRow[];
  const regions = q.regions?.map((r) => r.toLowerCase());
  const out: SeriesInfo[] = [];
  for (const r of rows) {
    if (q.providers && !q.providers.includes(r.provider)) continue;
    if (regions && !regions.includes(r.region.toLowerCase())) continue;
    if (q.count !== undefined && r.count !== q.count) continue;
    const gpu = {
      model: r.model,
      family: r.family,
      vendor: r.vendor,
      ...(r.variant ? { variant: r.variant } : {}),
      ...(r.vram_gb !== null ? { vramGb: r.vram_gb } : {}),
    };
    if (!matchesGpuQuery(q.gpu, gpu)) continue;
    out.push({
      id: r.id,
      provider: r.provider,
      model: r.model,
      count: r.count,
      region: r.region,
      billing: r.billing,
      ...(r.cloud ? { cloud: r.cloud as CloudTier } : {}),
      state: r.state,
      lastListed: r.last_listed,
    });
  }
  return out;
}

const keyFields = (s: SeriesInfo): HistorySeriesKey => ({
  provider: s.provider,
  model: s.model,
  count: s.count,
  region: s.region,
  billing: s.billing,
  ...(s.cloud ? { cloud: s.cloud } : {}),
});

const idList = (series: readonly SeriesInfo[]): string => series.map((s) => s.id).join(',') || 'NULL';

export function queryEpisodes(db: DatabaseSync, series: readonly SeriesInfo[], from: number, now: number): Episode[] {
  const byId = new Map(series.map((s) => [s.id, s]));
  const rows = db
    .prepare(
      `SELECT series_id, start, "end" FROM episodes WHERE series_id IN (${idList(series)})
       AND ("end" IS NULL OR "end" >= ?) ORDER BY start`,
    )
    .all(from) as Array<{ series_id: number; start: number; end: number | null }>;
  return rows.map((r) => ({
    ...keyFields(byId.get(r.series_id)!),
    start: iso(r.start),
    end: r.end === null ? null : iso(r.end),
    durationMs: Math.max(0, (r.end ?? now) - r.start),
  }));
}

export function summariseEpisodes(episodes: readonly Episode[], from: number, now: number): EpisodeSummary {
  const closed = episodes
    .filter((e) => e.end !== null)
    .map((e) => e.durationMs)
    .sort((a, b) => a - b);
  const started = episodes.filter((e) => Date.parse(e.start) >= from).length;
  const days = Math.max(1 / 24, (now - from) / DAY_MS);
  return {
    count: episodes.length,
    medianMs: percentileSorted(closed, 0.5) ?? null,
    p90Ms: percentileSorted(closed, 0.9) ?? null,
    perDay: Math.round((started / days) * 100) / 100,
  };
}

export function queryHeatmap(
  db: DatabaseSync,
  series: readonly SeriesInfo[],
  from: number,
  tzOffsetMinutes: number,
): Heatmap {
  const rows = db
    .prepare(
      `SELECT hour, max(CAST(avail AS REAL) / polls) AS share FROM hourly
       WHERE series_id IN (${idList(series)}) AND hour >= ? GROUP BY hour`,
    )
    .all(Math.floor(from / HOUR_MS)) as Array<{ hour: number; share: number }>;
  const sum = emptyHeatmapCells();
  const n: number[][] = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const r of rows) {
    const { weekday, hourOfDay } = localSlot(r.hour * HOUR_MS, tzOffsetMinutes);
    sum[weekday]![hourOfDay] = (sum[weekday]![hourOfDay] ?? 0) + r.share;
    n[weekday]![hourOfDay]! += 1;
  }
  const cells = sum.map((row, d) => row.map((v, h) => (v === null ? null : Math.round((v / n[d]![h]!) * 1000) / 1000)));
  return { tzOffsetMinutes, cells };
}

/** Weekday (0 = Monday) and hour of day of an instant in a fixed-offset zone. */
export function localSlot(t: number, tzOffsetMinutes: number): { weekday: number; hourOfDay: number; day: string } {
  const local = t + tzOffsetMinutes * 60_000;
  const dayIndex = Math.floor(local / DAY_MS);
  return {
    // 1970-01-01 was a Thursday (Monday-based index 3).
    weekday: (((dayIndex + 3) % 7) + 7) % 7,
    hourOfDay: Math.floor((local - dayIndex * DAY_MS) / HOUR_MS),
    day: new Date(dayIndex * DAY_MS).toISOString().slice(0, 10),
  };
}

export function queryDailyPrices(
  db: DatabaseSync,
  series: readonly SeriesInfo[],
  from: number,
  tzOffsetMinutes: number,
): DailyPrice[] {
  const provider = new Map(series.map((s) => [s.id, s.provider]));
  const rows = db
    .prepare(
      `SELECT series_id AS s, hour AS h, price_sum / price_n AS p FROM hourly
       WHERE series_id IN (${idList(series)}) AND hour >= ? AND price_n > 0`,
    )
    .all(Math.floor(from / HOUR_MS)) as Array<{ s: number; h: number; p: number }>;
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${localSlot(r.h * HOUR_MS, tzOffsetMinutes).day}|${provider.get(r.s)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r.p);
  }
  const out: DailyPrice[] = [];
  for (const [key, values] of groups) {
    const [day, prov] = key.split('|') as [string, ProviderId];
    values.sort((a, b) => a - b);
    out.push({
      day,
      provider: prov,
      min: values[0]! / PRICE_SCALE,
      p50: percentileSorted(values, 0.5)! / PRICE_SCALE,
      p95: percentileSorted(values, 0.95)! / PRICE_SCALE,
      samples: values.length,
    });
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.provider < b.provider ? -1 : 1));
}

/** Cheapest price per hour across the matching kinds: a sparkline's points. */
export function queryPriceTrend(db: DatabaseSync, series: readonly SeriesInfo[], from: number): PriceTrend {
  const rows = db
    .prepare(
      `SELECT hour, min(price_min) AS p FROM hourly WHERE series_id IN (${idList(series)}) AND hour >= ?
       AND price_min IS NOT NULL GROUP BY hour ORDER BY hour`,
    )
    .all(Math.floor(from / HOUR_MS)) as Array<{ hour: number; p: number }>;
  return rows.map((r) => [r.hour * HOUR_MS, r.p / PRICE_SCALE]);
}

export function queryLastSeen(db: DatabaseSync, series: readonly SeriesInfo[], now: number): LastSeen[] {
  if (series.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT series_id AS s, max(coalesce("end", ?)) AS t FROM episodes WHERE series_id IN (${idList(series)})
       GROUP BY series_id`,
    )
    .all(now) as Array<{ s: number; t: number }>;
  const last = new Map(rows.map((r) => [r.s, r.t]));
  return series.map((s) => {
    const t = last.get(s.id);
    return {
      ...keyFields(s),
      availableNow: isAvailableState(s.state),
      lastSeen: t === undefined ? null : iso(Math.min(t, now)),
      lastListed: iso(s.lastListed),
    };
  });
}

/** The whole answer for one question. */
export function historyReport(db: DatabaseSync, q: HistoryQuery, now: number): HistoryReport {
  const from = now - q.sinceMs;
  const series = matchingSeries(db, q);
  const episodes = queryEpisodes(db, series, from, now);
  return {
    query: q,
    from: iso(from),
    to: iso(now),
    recording: true,
    episodes,
    summary: summariseEpisodes(episodes, from, now),
    heatmap: queryHeatmap(db, series, from, q.tzOffsetMinutes),
    prices: queryDailyPrices(db, series, from, q.tzOffsetMinutes),
    trend: queryPriceTrend(db, series, from),
    lastSeen: queryLastSeen(db, series, now),
  };
}

/** The answer when there is no history to read (nothing recorded yet on this machine). */
export function emptyHistoryReport(q: HistoryQuery, now: number): HistoryReport {
  return {
    query: q,
    from: iso(now - q.sinceMs),
    to: iso(now),
    recording: false,
    episodes: [],
    summary: { count: 0, medianMs: null, p90Ms: null, perDay: 0 },
    heatmap: { tzOffsetMinutes: q.tzOffsetMinutes, cells: emptyHeatmapCells() },
    prices: [],
    trend: [],
    lastSeen: [],
  };
}
