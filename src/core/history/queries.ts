/**
 * The questions history answers (issue #16), shared by every face: episodes (when a match became
 * available, how long it stayed, how often), the week × hour heatmap, daily prices per provider,
 * "last seen", and an hourly price trend for sparklines. Everything reads the hourly tier, the
 * episodes and the series rows, never raw polls, so a 30-day question stays small.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
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
  type HistoryFacets,
  type HistoryQuery,
  type HistoryReport,
  type HistorySeriesKey,
  type LastSeen,
  type PriceTrend,
} from '../../shared/history/schema';
import type { Billing, CloudTier, GpuVendor, ProviderId } from '../../shared/model';
import { PRICE_SCALE } from './schema';
import { isAvailableState } from './store';

export interface SeriesInfo extends HistorySeriesKey {
  id: number;
  state: string;
  lastListed: number;
  /** Start of the episode in progress. */
  openSince: number | null;
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
  open_since: number | null;
}

const iso = (t: number): string => new Date(t).toISOString();

type Narrowing = Pick<HistoryQuery, 'providers' | 'regions' | 'count'>;

/** The offer kinds a question is about (the series table is small: read it and match in JS). */
export function matchingSeries(db: DatabaseSync, q: Pick<HistoryQuery, 'gpu'> & Narrowing): SeriesInfo[] {
  return narrowSeries(seriesOfGpu(db, q.gpu), q);
}

/** Every offer kind recorded for a GPU query, whatever its provider, count or region. */
function seriesOfGpu(db: DatabaseSync, gpuQuery: string): SeriesInfo[] {
  const rows = db
    .prepare(
      `SELECT id, provider, model, family, vendor, variant, vram_gb, count, region, billing, cloud, state,
       last_listed, open_since FROM series`,
    )
    .all() as unknown as SeriesDbRow[];
  const out: SeriesInfo[] = [];
  for (const r of rows) {
    const gpu = {
      model: r.model,
      family: r.family,
      vendor: r.vendor,
      ...(r.variant ? { variant: r.variant } : {}),
      ...(r.vram_gb !== null ? { vramGb: r.vram_gb } : {}),
    };
    if (!matchesGpuQuery(gpuQuery, gpu)) continue;
    out.push(seriesInfoOf(r));
  }
  return out;
}

/** The series columns every question reads, as a SeriesInfo (the GPU columns only match queries). */
export type SeriesInfoRow = Omit<SeriesDbRow, 'family' | 'vendor' | 'variant' | 'vram_gb'>;

export function seriesInfoOf(r: SeriesInfoRow): SeriesInfo {
  return {
    id: r.id,
    provider: r.provider,
    model: r.model,
    count: r.count,
    region: r.region,
    billing: r.billing,
    ...(r.cloud ? { cloud: r.cloud as CloudTier } : {}),
    state: r.state,
    lastListed: r.last_listed,
    openSince: r.open_since,
  };
}

/** Each narrowing of a question as a test of one series; an absent narrowing lets everything through. */
function narrowingTests(q: Narrowing) {
  const regions = q.regions?.map((r) => r.toLowerCase());
  return {
    provider: (s: SeriesInfo) => !q.providers || q.providers.includes(s.provider),
    region: (s: SeriesInfo) => !regions || regions.includes(s.region.toLowerCase()),
    count: (s: SeriesInfo) => q.count === undefined || s.count === q.count,
  };
}

function narrowSeries(series: readonly SeriesInfo[], q: Narrowing): SeriesInfo[] {
  const t = narrowingTests(q);
  return series.filter((s) => t.provider(s) && t.region(s) && t.count(s));
}

/**
 * What the question can be narrowed by (faceted search): each list comes from the GPU's series
 * under the other two narrowings, so choosing RunPod leaves RunPod's regions and counts, while the
 * provider list still offers every provider that has them.
 */
export function queryFacets(series: readonly SeriesInfo[], q: Narrowing): HistoryFacets {
  const t = narrowingTests(q);
  const values = <T>(keep: (s: SeriesInfo) => boolean, pick: (s: SeriesInfo) => T): T[] => [
    ...new Set(series.filter(keep).map(pick)),
  ];
  return {
    providers: values(
      (s) => t.region(s) && t.count(s),
      (s) => s.provider,
    ).sort(),
    counts: values(
      (s) => t.provider(s) && t.region(s),
      (s) => s.count,
    ).sort((a, b) => a - b),
    regions: values(
      (s) => t.provider(s) && t.count(s),
      (s) => s.region,
    ).sort((a, b) => a.localeCompare(b)),
  };
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

/** Most episodes a report lists (the summary still counts them all). */
export const EPISODE_LIST_LIMIT = 500;

/**
 * Episodes that started in [from, now] (and the one in progress, whenever it started): the latest
 * `limit` listed (newest first), and the summary — count, median and p90 of closed durations,
 * starts per day — over all of them. Per day means per day recorded: from `observedFrom` (the
 * later of `from` and the start of the file's coverage, see coverageStart) to now.
 */
export function queryEpisodes(
  db: DatabaseSync,
  series: readonly SeriesInfo[],
  from: number,
  now: number,
  observedFrom = from,
  limit = EPISODE_LIST_LIMIT,
): { episodes: Episode[]; summary: EpisodeSummary } {
  const byId = new Map(series.map((s) => [s.id, s]));
  // Durations of the window (the key's range per kind), as arrays: no object per row.
  const ids = idList(series);
  const rows = allArrays(
    db.prepare(`SELECT "end" - start FROM episodes WHERE series_id IN (${ids}) AND start >= ?`),
    from,
  );
  const durations = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) durations[i] = rows[i]![0] as number;
  durations.sort();
  // The newest `limit` (SQLite keeps a bounded heap for ORDER BY … LIMIT).
  const latest = allArrays(
    db.prepare(
      `SELECT series_id, start, "end" FROM episodes WHERE series_id IN (${ids}) AND start >= ? ORDER BY start DESC LIMIT ?`,
    ),
    from,
    limit,
  ) as Array<[number, number, number]>;
  const open = series.filter((s) => s.openSince !== null);
  const listed: Array<[number, number, number | null]> = [
    ...open.map((s): [number, number, number | null] => [s.id, s.openSince!, null]),
    ...latest,
  ];
  listed.sort((x, y) => y[1] - x[1]);
  const episodes = listed.slice(0, limit).map(([id, start, end]) => ({
    ...keyFields(byId.get(id)!),
    start: iso(start),
    end: end === null ? null : iso(end),
    durationMs: Math.max(0, (end ?? now) - start),
  }));
  const started = rows.length + open.filter((s) => s.openSince! >= from).length;
  const days = Math.max(1 / 24, (now - Math.max(from, observedFrom)) / DAY_MS);
  return {
    episodes,
    summary: {
      count: rows.length + open.length,
      medianMs: percentileSorted(durations, 0.5) ?? null,
      p90Ms: percentileSorted(durations, 0.9) ?? null,
      perDay: Math.round((started / days) * 100) / 100,
    },
  };
}

/** Rows as arrays where node:sqlite can (Node 22.16+ / 24), objects turned into arrays elsewhere. */
function allArrays(stmt: StatementSync, ...params: Array<string | number>): unknown[][] {
  const s = stmt as StatementSync & { setReturnArrays?: (on: boolean) => void };
  if (typeof s.setReturnArrays === 'function') {
    s.setReturnArrays(true);
    return s.all(...params) as unknown as unknown[][];
  }
  return (stmt.all(...params) as Array<Record<string, unknown>>).map((r) => Object.values(r));
}

/**
 * Which hourly rows a question reads: the per-model table when it asks about whole models (no
 * region or count), else the per-kind one. Both expose provider, hour, polls, avail, price_min,
 * price_sum, price_n.
 */
export interface HourScope {
  series: readonly SeriesInfo[];
  byModel: boolean;
}

export function hourScope(series: readonly SeriesInfo[], q: Pick<HistoryQuery, 'regions' | 'count'>): HourScope {
  return { series, byModel: !q.regions?.length && q.count === undefined };
}

/** One hour of one provider (and model or kind): what the three hourly questions need. */
export interface HourRow {
  provider: ProviderId;
  hour: number;
  /** Share of the hour's polls with something available. */
  share: number;
  /** Cheapest price seen in the hour, and the mean of the cheapest (1/10,000 $), null when unpriced. */
  priceMin: number | null;
  priceMean: number | null;
}

/** Reads the hourly rows of a scope once; heatmap, prices and trend are computed from them. */
export function loadHours(db: DatabaseSync, scope: HourScope, from: number): HourRow[] {
  const hour = Math.floor(from / HOUR_MS);
  const out: HourRow[] = [];
  const push = (provider: ProviderId, rows: unknown[][]): void => {
    for (const [h, polls, avail, min, sum, n] of rows as Array<[number, number, number, number | null, number, number]>)
      out.push({ provider, hour: h, share: avail / polls, priceMin: min, priceMean: n > 0 ? sum / n : null });
  };
  if (scope.byModel) {
    const stmt = db.prepare(
      'SELECT hour, polls, avail, price_min, price_sum, price_n FROM model_hourly WHERE provider = ? AND model = ? AND hour >= ?',
    );
    const pairs = new Map(scope.series.map((s) => [`${s.provider}\u0000${s.model}`, s]));
    for (const s of pairs.values()) push(s.provider, allArrays(stmt, s.provider, s.model, hour));
  } else {
    const stmt = db.prepare(
      'SELECT hour, polls, avail, price_min, price_sum, price_n FROM hourly WHERE series_id = ? AND hour >= ?',
    );
    for (const s of scope.series) push(s.provider, allArrays(stmt, s.id, hour));
  }
  return out;
}

export function queryHeatmap(hours: readonly HourRow[], tzOffsetMinutes: number): Heatmap {
  // Any match available: the best share per hour.
  const best = new Map<number, number>();
  for (const r of hours) best.set(r.hour, Math.max(best.get(r.hour) ?? 0, r.share));
  const sum = emptyHeatmapCells();
  const n: number[][] = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const [hour, share] of best) {
    const { weekday, hourOfDay } = localSlot(hour * HOUR_MS, tzOffsetMinutes);
    sum[weekday]![hourOfDay] = (sum[weekday]![hourOfDay] ?? 0) + share;
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

/**
 * Daily prices per provider: each hour's cheapest matching $/GPU·h (the hour's mean of the
 * cheapest kind), then min / p50 / p95 over the day's hours — "what an H100-hour cost" as someone
 * renting the cheapest match would have paid. Grouped in SQL so 30 days stay a few thousand rows.
 */
export function queryDailyPrices(hours: readonly HourRow[], tzOffsetMinutes: number): DailyPrice[] {
  // The cheapest match per provider and hour.
  const cheapest = new Map<string, { provider: ProviderId; hour: number; p: number }>();
  for (const r of hours) {
    if (r.priceMean === null) continue;
    const key = r.provider + r.hour;
    const c = cheapest.get(key);
    if (!c || r.priceMean < c.p) cheapest.set(key, { provider: r.provider, hour: r.hour, p: r.priceMean });
  }
  const offset = tzOffsetMinutes * 60_000;
  const groups = new Map<string, number[]>();
  for (const r of cheapest.values()) {
    const day = Math.floor((r.hour * HOUR_MS + offset) / DAY_MS);
    const key = `${day}|${r.provider}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r.p);
  }
  const out: DailyPrice[] = [];
  for (const [key, values] of groups) {
    const [day, provider] = key.split('|') as [string, ProviderId];
    values.sort((a, b) => a - b);
    out.push({
      day: new Date(Number(day) * DAY_MS).toISOString().slice(0, 10),
      provider,
      min: values[0]! / PRICE_SCALE,
      p50: percentileSorted(values, 0.5)! / PRICE_SCALE,
      p95: percentileSorted(values, 0.95)! / PRICE_SCALE,
      samples: values.length,
    });
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.provider < b.provider ? -1 : 1));
}

/** Cheapest price per hour across the matching kinds: a sparkline's points. */
export function queryPriceTrend(hours: readonly HourRow[]): PriceTrend {
  const min = new Map<number, number>();
  for (const r of hours) if (r.priceMin !== null) min.set(r.hour, Math.min(min.get(r.hour) ?? Infinity, r.priceMin));
  return [...min.entries()].sort((a, b) => a[0] - b[0]).map(([h, p]) => [h * HOUR_MS, p / PRICE_SCALE]);
}

export function queryLastSeen(db: DatabaseSync, series: readonly SeriesInfo[], now: number): LastSeen[] {
  if (series.length === 0) return [];
  // Episodes of a kind never overlap, so the one that started last ended last: one index seek per
  // kind instead of reading all its episodes for max("end") (90 days of them on a busy market).
  const latest = db.prepare('SELECT "end" FROM episodes WHERE series_id = ? ORDER BY start DESC LIMIT 1');
  return series.map((s) => {
    let t: number | undefined;
    if (s.openSince !== null) t = now;
    else t = (latest.get(s.id) as { end: number } | undefined)?.end;
    return {
      ...keyFields(s),
      availableNow: isAvailableState(s.state),
      lastSeen: t === undefined ? null : iso(Math.min(t, now)),
      lastListed: iso(s.lastListed),
    };
  });
}

/**
 * Since when the file holds polls of these providers (all it has polled when none are named): the
 * oldest of their first polls still kept; null when it holds none.
 */
export function coverageStart(db: DatabaseSync, providers?: readonly string[]): number | null {
  const where = providers ? `WHERE provider IN (${providers.map(() => '?').join(',') || 'NULL'})` : '';
  const row = db.prepare(`SELECT min(since) AS t FROM coverage ${where}`).get(...(providers ?? [])) as {
    t: number | null;
  };
  return row.t;
}

/** The whole answer for one question. */
export function historyReport(db: DatabaseSync, q: HistoryQuery, now: number): HistoryReport {
  const from = now - q.sinceMs;
  const covered = coverageStart(db, q.providers);
  const observedFrom = covered === null ? null : Math.min(now, Math.max(from, covered));
  const ofGpu = seriesOfGpu(db, q.gpu);
  const series = narrowSeries(ofGpu, q);
  const { episodes, summary } = queryEpisodes(db, series, from, now, observedFrom ?? from);
  const hours = loadHours(db, hourScope(series, q), from);
  return {
    query: q,
    from: iso(from),
    to: iso(now),
    observedFrom: observedFrom === null ? null : iso(observedFrom),
    recording: true,
    episodes,
    summary,
    heatmap: queryHeatmap(hours, q.tzOffsetMinutes),
    prices: queryDailyPrices(hours, q.tzOffsetMinutes),
    trend: queryPriceTrend(hours),
    lastSeen: queryLastSeen(db, series, now),
    facets: queryFacets(ofGpu, q),
  };
}

/** The answer when there is no history to read (nothing recorded yet on this machine). */
export function emptyHistoryReport(q: HistoryQuery, now: number): HistoryReport {
  return {
    query: q,
    from: iso(now - q.sinceMs),
    to: iso(now),
    observedFrom: null,
    recording: false,
    episodes: [],
    summary: { count: 0, medianMs: null, p90Ms: null, perDay: 0 },
    heatmap: { tzOffsetMinutes: q.tzOffsetMinutes, cells: emptyHeatmapCells() },
    prices: [],
    trend: [],
    lastSeen: [],
    facets: { providers: [], counts: [], regions: [] },
  };
}
