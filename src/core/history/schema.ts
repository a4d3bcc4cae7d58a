/**
 * The history file's tables and their migrations. `PRAGMA user_version` is the schema version;
 * each migration runs in its own IMMEDIATE transaction that re-reads the version first, so two
 * processes opening an old file at once migrate it exactly once.
 *
 * What is stored (issue #16: changes and aggregates, not every row of every poll):
 * - series: one row per offer kind (provider, GPU model, count, region, billing, cloud tier) with its
 *   latest state, offer count and cheapest price, and when it was first/last listed;
 * - polls: one row per provider poll (raw tier; gap detection and the last confirmation time);
 * - changes: a row only when a series' state, offer count or cheapest price changed (raw tier);
 * - hourly: per series and hour, polls / polls available / offers / cheapest price min, max, sum;
 * - model_hourly: the same per provider and model across its kinds (what model-wide queries read);
 * - episodes: closed availability stretches, start and end (the open one is series.open_since);
 * Every table is keyed by series first (WITHOUT ROWID, no secondary index): queries read a few
 * series over a time range, and retention deletes per series, so no index is worth its bytes.
 * - metric_series / metric_points / metric_hourly: resource metrics beyond the 24 h kept in memory.
 * - coverage (2): per provider, since when the file holds its polls, so that "how often per day" and
 *   the timeline are over the time actually recorded, not the whole period asked about.
 * Prices are integers in 1/10,000 $ (varints, a third of a REAL's size).
 */
import type { DatabaseSync } from 'node:sqlite';
import { HOUR_MS } from '../../shared/history/schema';

export const PRICE_SCALE = 10_000;

type Migration = (db: DatabaseSync) => void;

export const MIGRATIONS: readonly Migration[] = [
  // 1: first schema.
  (db) => {
    db.exec(`
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        family TEXT NOT NULL,
        vendor TEXT NOT NULL,
        variant TEXT,
        vram_gb REAL,
        count REAL NOT NULL,
        region TEXT NOT NULL,
        billing TEXT NOT NULL,
        cloud TEXT NOT NULL DEFAULT '',
        first_listed INTEGER NOT NULL,
        last_listed INTEGER NOT NULL,
        state TEXT NOT NULL,
        offers INTEGER NOT NULL,
        price INTEGER,
        -- Start of the availability episode in progress; null when not available.
        open_since INTEGER,
        UNIQUE (provider, model, count, region, billing, cloud)
      );
      CREATE TABLE polls (
        provider TEXT NOT NULL,
        t INTEGER NOT NULL,
        PRIMARY KEY (provider, t)
      ) WITHOUT ROWID;
      CREATE TABLE changes (
        series_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        state TEXT NOT NULL,
        offers INTEGER NOT NULL,
        price INTEGER,
        PRIMARY KEY (series_id, t)
      ) WITHOUT ROWID;
      CREATE TABLE hourly (
        series_id INTEGER NOT NULL,
        hour INTEGER NOT NULL,
        polls INTEGER NOT NULL,
        avail INTEGER NOT NULL,
        offers_max INTEGER NOT NULL,
        price_min INTEGER,
        price_max INTEGER,
        price_sum INTEGER NOT NULL DEFAULT 0,
        price_n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (series_id, hour)
      ) WITHOUT ROWID;
      -- Per provider, model and hour, over all its kinds: polls listing it, polls with any kind
      -- available, the cheapest kind's price (min, and sum / n for the mean). What model-wide
      -- questions read: a few thousand rows for 30 days instead of one per kind and hour.
      CREATE TABLE model_hourly (
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        hour INTEGER NOT NULL,
        polls INTEGER NOT NULL,
        avail INTEGER NOT NULL,
        price_min INTEGER,
        price_sum INTEGER NOT NULL DEFAULT 0,
        price_n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (provider, model, hour)
      ) WITHOUT ROWID;
      -- Closed episodes; the one in progress is series.open_since.
      CREATE TABLE episodes (
        series_id INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (series_id, start)
      ) WITHOUT ROWID;
      CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        resource TEXT NOT NULL,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        UNIQUE (resource, name)
      );
      CREATE TABLE metric_points (
        series_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        v REAL NOT NULL,
        PRIMARY KEY (series_id, t)
      ) WITHOUT ROWID;
      CREATE TABLE metric_hourly (
        series_id INTEGER NOT NULL,
        hour INTEGER NOT NULL,
        n INTEGER NOT NULL,
        sum REAL NOT NULL,
        min REAL NOT NULL,
        max REAL NOT NULL,
        PRIMARY KEY (series_id, hour)
      ) WITHOUT ROWID;
    `);
  },
  // 2: coverage. Filled from what a version-1 file holds: its oldest poll, hour or first listing.
  (db) => {
    db.exec(`
      CREATE TABLE coverage (
        provider TEXT PRIMARY KEY,
        since INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO coverage (provider, since)
        SELECT provider, min(t) FROM (
          SELECT provider, min(t) AS t FROM polls GROUP BY provider
          UNION ALL SELECT provider, min(hour) * ${HOUR_MS} FROM model_hourly GROUP BY provider
          UNION ALL SELECT provider, min(first_listed) FROM series GROUP BY provider
        ) GROUP BY provider;
    `);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
