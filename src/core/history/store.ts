/**
 * The history store: writes one provider poll (or a batch of metric points) per transaction and
 * applies retention. Every write is a single `BEGIN IMMEDIATE … COMMIT`, so a process killed at any
 * point leaves the file as it was after the previous commit (WAL), and a second process polling
 * the same providers waits for the lock instead of interleaving. Episode logic reads the series'
 * state from the file, not from memory, so two writers agree on what is open.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AvailabilityState, Billing, CloudTier, GpuVendor, ProviderId } from '../../shared/model';
import { DAY_MS, HOUR_MS } from '../../shared/history/schema';
import { openHistoryDatabase, type OpenHistoryOptions } from './open';
import { PRICE_SCALE } from './schema';

/** One offer kind as seen in one poll (the recorder folds the offers of a poll into these). */
export interface SeriesObservation {
  provider: ProviderId;
  model: string;
  family: string;
  vendor: GpuVendor;
  variant?: string;
  vramGb?: number;
  count: number;
  region: string;
  billing: Billing;
  cloud?: CloudTier;
  /** Best availability among its offers. */
  state: AvailabilityState | string;
  /** Offers of this kind listed in the poll. */
  offers: number;
  /** Cheapest $/GPU·h (among available offers when any is available). */
  perGpuHour?: number;
}

export interface MetricBatch {
  resource: string;
  name: string;
  unit: string;
  points: ReadonlyArray<readonly [number, number]>;
}

export interface RetentionOptions {
  /** Raw tier (polls, changes, metric points). Default 7 days. */
  rawDays: number;
  /** Hourly tier and episodes. Default 90 days. */
  hourlyDays: number;
  /** Size cap for the file; the oldest days go first. Default 150 MB. */
  maxBytes: number;
  /**
   * A provider silent for longer than this (app closed, laptop asleep, crash) ends its open
   * episodes at their last confirmation instead of bridging the gap. Default 15 minutes.
   */
  gapMs: number;
}

export const DEFAULT_RETENTION: RetentionOptions = {
  rawDays: 7,
  hourlyDays: 90,
  maxBytes: 150 * 1024 * 1024,
  gapMs: 15 * 60_000,
};

interface HistoryStoreOptions extends OpenHistoryOptions {
  retention?: Partial<RetentionOptions>;
}

/** Availability that counts as "available" for episodes and the heatmap. */
export function isAvailableState(state: string): boolean {
  return state === 'available' || state === 'low';
}

const toPrice = (v: number | undefined): number | null =>
  v === undefined || !Number.isFinite(v) ? null : Math.round(v * PRICE_SCALE);

interface SeriesRow {
  id: number;
  model: string;
  count: number;
  region: string;
  billing: string;
  cloud: string;
  state: string;
  offers: number;
  price: number | null;
  open_since: number | null;
}

const keyOf = (model: string, count: number, region: string, billing: string, cloud: string): string =>
  `${model}|${count}|${region}|${billing}|${cloud}`;

export class HistoryStore {
  /** What prune keeps; the settings' `history` section can change it while the file is open (setRetention). */
  retention: RetentionOptions;
  private readonly st: Record<string, StatementSync>;

  constructor(
    readonly db: DatabaseSync,
    readonly file: string,
    retention: Partial<RetentionOptions> = {},
  ) {
    this.retention = { ...DEFAULT_RETENTION, ...retention };
    const p = (sql: string): StatementSync => db.prepare(sql);
    this.st = {
      prevPoll: p('SELECT max(t) AS t FROM polls WHERE provider = ? AND t < ?'),
      insertPoll: p('INSERT OR IGNORE INTO polls (provider, t) VALUES (?, ?)'),
      // A poll older than the coverage's start (two writers, clocks apart) moves the start back.
      cover: p(
        'INSERT INTO coverage (provider, since) VALUES (?1, ?2) ON CONFLICT (provider) DO UPDATE SET since = min(since, ?2)',
      ),
      seriesOf: p(
        'SELECT id, model, count, region, billing, cloud, state, offers, price, open_since FROM series WHERE provider = ?',
      ),
      insertSeries: p(`INSERT INTO series (provider, model, family, vendor, variant, vram_gb, count, region, billing,
        cloud, first_listed, last_listed, state, offers, price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'absent', 0, NULL)
        RETURNING id`),
      touchSeries: p('UPDATE series SET last_listed = max(last_listed, ?) WHERE id = ?'),
      setState: p('UPDATE series SET state = ?, offers = ?, price = ? WHERE id = ?'),
      insertChange: p('INSERT OR REPLACE INTO changes (series_id, t, state, offers, price) VALUES (?, ?, ?, ?, ?)'),
      upsertHourly:
        p(`INSERT INTO hourly (series_id, hour, polls, avail, offers_max, price_min, price_max, price_sum, price_n)
        VALUES (?1, ?2, 1, ?3, ?4, ?5, ?5, coalesce(?5, 0), ?6)
        ON CONFLICT (series_id, hour) DO UPDATE SET polls = polls + 1, avail = avail + ?3,
          offers_max = max(offers_max, ?4),
          price_min = CASE WHEN ?5 IS NULL THEN price_min ELSE min(coalesce(price_min, ?5), ?5) END,
          price_max = CASE WHEN ?5 IS NULL THEN price_max ELSE max(coalesce(price_max, ?5), ?5) END,
          price_sum = price_sum + coalesce(?5, 0), price_n = price_n + ?6`),
      upsertModelHourly:
        p(`INSERT INTO model_hourly (provider, model, hour, polls, avail, price_min, price_sum, price_n)
        VALUES (?1, ?2, ?3, 1, ?4, ?5, coalesce(?5, 0), ?6)
        ON CONFLICT (provider, model, hour) DO UPDATE SET polls = polls + 1, avail = avail + ?4,
          price_min = CASE WHEN ?5 IS NULL THEN price_min ELSE min(coalesce(price_min, ?5), ?5) END,
          price_sum = price_sum + coalesce(?5, 0), price_n = price_n + ?6`),
      setOpen: p('UPDATE series SET open_since = ? WHERE id = ?'),
      insertEpisode: p('INSERT OR REPLACE INTO episodes (series_id, start, "end") VALUES (?1, ?2, max(?2, ?3))'),
      metricSeries: p('SELECT id FROM metric_series WHERE resource = ? AND name = ?'),
      insertMetricSeries: p('INSERT INTO metric_series (resource, name, unit) VALUES (?, ?, ?) RETURNING id'),
      insertPoint: p('INSERT OR IGNORE INTO metric_points (series_id, t, v) VALUES (?, ?, ?)'),
      lastPoint: p('SELECT max(t) AS t FROM metric_points WHERE series_id = ?'),
    };
  }

  /** Changes what the next prune keeps; fields not given stay as they are. */
  setRetention(r: Partial<RetentionOptions>): void {
    this.retention = { ...this.retention, ...r };
  }

  static open(file: string, o: HistoryStoreOptions = {}): HistoryStore {
    return new HistoryStore(openHistoryDatabase(file, o), file, o.retention);
  }

  /**
   * Records one successful poll of `provider` at `t`: every offer kind it listed (kinds it no
   * longer lists become "absent"), episodes opened and closed, the hour's aggregates.
   */
  recordPoll(provider: ProviderId, t: number, observations: readonly SeriesObservation[]): void {
    this.tx(() => {
      const prev = (this.st.prevPoll!.get(provider, t) as { t: number | null }).t;
      this.st.insertPoll!.run(provider, t);
      this.st.cover!.run(provider, t);
      const hour = Math.floor(t / HOUR_MS);
      const byKey = new Map<string, SeriesRow>();
      for (const r of this.st.seriesOf!.all(provider) as unknown as SeriesRow[])
        byKey.set(keyOf(r.model, r.count, r.region, r.billing, r.cloud), r);
      // After a silence, what was open ended at the last poll that confirmed it.
      if (prev !== null && t - prev > this.retention.gapMs) {
        for (const row of byKey.values()) if (row.open_since !== null) this.closeEpisode(row, prev);
      }

      const seen = new Set<number>();
      const models = new Map<string, { avail: boolean; price: number | null; availPrice: number | null }>();
      for (const o of observations) {
        const cloud = o.cloud ?? '';
        const key = keyOf(o.model, o.count, o.region, o.billing, cloud);
        let row = byKey.get(key);
        if (!row) {
          const inserted = this.st.insertSeries!.get(
            provider,
            o.model,
            o.family,
            o.vendor,
            o.variant ?? null,
            o.vramGb ?? null,
            o.count,
            o.region,
            o.billing,
            cloud,
            t,
            t,
          ) as { id: number };
          row = {
            id: inserted.id,
            model: o.model,
            count: o.count,
            region: o.region,
            billing: o.billing,
            cloud,
            state: 'absent',
            offers: 0,
            price: null,
            open_since: null,
          };
          byKey.set(key, row);
        } else {
          this.st.touchSeries!.run(t, row.id);
        }
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        const price = toPrice(o.perGpuHour);
        const avail = isAvailableState(o.state);
        const m = models.get(o.model) ?? { avail: false, price: null, availPrice: null };
        models.set(o.model, m);
        m.avail ||= avail;
        if (price !== null) {
          m.price = m.price === null ? price : Math.min(m.price, price);
          if (avail) m.availPrice = m.availPrice === null ? price : Math.min(m.availPrice, price);
        }
        this.applyState(row, t, o.state, o.offers, price);
        this.st.upsertHourly!.run(row.id, hour, avail ? 1 : 0, o.offers, price, price === null ? 0 : 1);
        if (avail && row.open_since === null) {
          this.st.setOpen!.run(t, row.id);
          row.open_since = t;
        }
        if (!avail && row.open_since !== null) this.closeEpisode(row, prev ?? t);
      }
      for (const [model, m] of models) {
        const price = m.availPrice ?? m.price;
        this.st.upsertModelHourly!.run(provider, model, hour, m.avail ? 1 : 0, price, price === null ? 0 : 1);
      }
      // Kinds this poll no longer lists: gone.
      for (const row of byKey.values()) {
        if (seen.has(row.id)) continue;
        this.applyState(row, t, 'absent', 0, null);
        if (row.open_since !== null) this.closeEpisode(row, prev ?? t);
      }
    });
  }

  /** Moves the episode in progress into `episodes`, ending at `end` (its last confirmation). */
  private closeEpisode(row: SeriesRow, end: number): void {
    this.st.insertEpisode!.run(row.id, row.open_since!, end);
    this.st.setOpen!.run(null, row.id);
    row.open_since = null;
  }

  private applyState(row: SeriesRow, t: number, state: string, offers: number, price: number | null): void {
    if (row.state === state && row.offers === offers && row.price === price) return;
    this.st.setState!.run(state, offers, price, row.id);
    this.st.insertChange!.run(row.id, t, state, offers, price);
    row.state = state;
    row.offers = offers;
    row.price = price;
  }

  /** Stores metric points newer than what the file already has for each series. */
  recordMetrics(batches: readonly MetricBatch[]): number {
    let written = 0;
    if (batches.length === 0) return 0;
    this.tx(() => {
      for (const b of batches) {
        let row = this.st.metricSeries!.get(b.resource, b.name) as { id: number } | undefined;
        row ??= this.st.insertMetricSeries!.get(b.resource, b.name, b.unit) as { id: number };
        const last = (this.st.lastPoint!.get(row.id) as { t: number | null }).t ?? -Infinity;
        for (const [t, v] of b.points) {
          if (t <= last || !Number.isFinite(t) || !Number.isFinite(v)) continue;
          written += Number(this.st.insertPoint!.run(row.id, Math.round(t), v).changes);
        }
      }
    });
    return written;
  }

  /**
   * Retention: raw rows older than `rawDays` go (metric points are first rolled up per hour),
   * hourly rows and episodes older than `hourlyDays` go, then whole oldest days until the file is
   * under `maxBytes`.
   */
  prune(now: number): { deletedDays: number; bytes: number } {
    const r = this.retention;
    const rawCut = Math.floor((now - r.rawDays * DAY_MS) / HOUR_MS) * HOUR_MS;
    this.tx(() => {
      // Per series: every table is keyed by series first, so each delete is a short range.
      const rollup = this.db.prepare(
        `INSERT INTO metric_hourly (series_id, hour, n, sum, min, max)
         SELECT series_id, t / ${HOUR_MS}, count(*), sum(v), min(v), max(v) FROM metric_points
         WHERE series_id = ?1 AND t < ?2 GROUP BY t / ${HOUR_MS}
         ON CONFLICT (series_id, hour) DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum,
           min = min(min, excluded.min), max = max(max, excluded.max)`,
      );
      const dropPoints = this.db.prepare('DELETE FROM metric_points WHERE series_id = ? AND t < ?');
      for (const { id } of this.db.prepare('SELECT id FROM metric_series').all() as Array<{ id: number }>) {
        rollup.run(id, rawCut);
        dropPoints.run(id, rawCut);
      }
      const dropChanges = this.db.prepare('DELETE FROM changes WHERE series_id = ? AND t < ?');
      for (const id of this.seriesIds()) dropChanges.run(id, rawCut);
      const dropPolls = this.db.prepare('DELETE FROM polls WHERE provider = ? AND t < ?');
      for (const { provider } of this.db.prepare('SELECT DISTINCT provider FROM series').all() as Array<{
        provider: string;
      }>)
        dropPolls.run(provider, rawCut);
      this.dropBefore(now - r.hourlyDays * DAY_MS);
    });
    let deletedDays = 0;
    let bytes = this.sizeBytes();
    if (bytes > r.maxBytes) {
      const oldest = (this.db.prepare('SELECT min(first_listed) AS t FROM series').get() as { t: number | null }).t;
      let cut = oldest ?? now;
      while (bytes > r.maxBytes && cut < now) {
        cut += DAY_MS;
        deletedDays++;
        this.tx(() => this.dropBefore(cut));
        this.db.exec('PRAGMA incremental_vacuum');
        bytes = this.sizeBytes();
      }
    }
    this.db.exec('PRAGMA incremental_vacuum');
    return { deletedDays, bytes: this.sizeBytes() };
  }

  private seriesIds(): number[] {
    return (this.db.prepare('SELECT id FROM series').all() as Array<{ id: number }>).map((r) => r.id);
  }

  private dropBefore(cut: number): void {
    const hour = Math.floor(cut / HOUR_MS);
    const hourly = this.db.prepare('DELETE FROM hourly WHERE series_id = ? AND hour < ?');
    const episodes = this.db.prepare('DELETE FROM episodes WHERE series_id = ?1 AND start < ?2 AND "end" < ?2');
    for (const id of this.seriesIds()) {
      hourly.run(id, hour);
      episodes.run(id, cut);
    }
    this.db.prepare('DELETE FROM model_hourly WHERE hour < ?').run(hour);
    // What is left of a provider's record starts at the cut; one with nothing left has no record.
    this.db
      .prepare(
        'DELETE FROM coverage WHERE NOT EXISTS (SELECT 1 FROM model_hourly m WHERE m.provider = coverage.provider)',
      )
      .run();
    this.db.prepare('UPDATE coverage SET since = ? WHERE since < ?').run(cut, cut);
    const metricHourly = this.db.prepare('DELETE FROM metric_hourly WHERE series_id = ? AND hour < ?');
    for (const { id } of this.db.prepare('SELECT id FROM metric_series').all() as Array<{ id: number }>)
      metricHourly.run(id, hour);
    this.db
      .prepare(
        `DELETE FROM series WHERE last_listed < ?1 AND open_since IS NULL
         AND NOT EXISTS (SELECT 1 FROM episodes e WHERE e.series_id = series.id)`,
      )
      .run(cut);
  }

  /** Pages in use (the size the cap is about; the WAL is checkpointed back into them). */
  sizeBytes(): number {
    const pages = (this.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    const free = (this.db.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count;
    const size = (this.db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    return (pages - free) * size;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private tx(fn: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (e) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }
}
