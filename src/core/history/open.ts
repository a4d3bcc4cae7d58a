/**
 * Opens the history file: WAL (readers never block the writer, a kill -9 loses at most the
 * transaction in flight), a busy timeout so two processes polling at once (the app and
 * `cloudtop watch`) wait for each other instead of failing, incremental auto-vacuum so the size
 * cap can give pages back, and the migrations of schema.ts. A file that is not a database is kept
 * aside as `<name>.corrupt-<time>` and a fresh one started: recording must never crash a face.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { CloudtopError } from '../../shared/model/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';

export const HISTORY_FILE_NAME = 'history.sqlite';

export interface OpenHistoryOptions {
  /** Milliseconds to wait for another process's write lock. Writes are short; default 2 s. */
  busyTimeoutMs?: number;
  /** Told when a corrupt file was moved aside (the face reports it once). */
  onNotice?: (message: string) => void;
  now?: () => number;
}

export function openHistoryDatabase(file: string, o: OpenHistoryOptions = {}): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  try {
    return prepare(file, o);
  } catch (e) {
    if (!isCorruption(e) || file === ':memory:') throw wrap(e, file);
    const aside = `${file}.corrupt-${new Date((o.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
    o.onNotice?.(`The history file was damaged; it was kept as ${aside} and a new one started.`);
    try {
      return prepare(file, o);
    } catch (e2) {
      throw wrap(e2, file);
    }
  }
}

/**
 * node:sqlite, loaded when a history file is opened rather than at start-up (`cloudtop status` and
 * `--version` never need it). On a Node without it the face runs on, without history.
 */
function sqlite(): typeof import('node:sqlite') {
  const m = process.getBuiltinModule?.('node:sqlite') as typeof import('node:sqlite') | undefined;
  if (!m)
    throw new CloudtopError('config', `History needs node:sqlite (Node.js 24; this is ${process.version})`, {
      hint: 'Run cloudtop on Node.js 24, or set CLOUDTOP_HISTORY=off',
    });
  return m;
}

function prepare(file: string, o: OpenHistoryOptions): DatabaseSync {
  const db = new (sqlite().DatabaseSync)(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(o.busyTimeoutMs ?? 2000))}`);
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new CloudtopError(
        'config',
        `The history file ${file} has schema version ${version}, newer than this cloudtop understands (${SCHEMA_VERSION})`,
        { hint: 'Update cloudtop, or point CLOUDTOP_HOME elsewhere' },
      );
    }
    // auto_vacuum only takes effect before the first table exists.
    if (version === 0) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    if (file !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the file.
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db);
    // Reads the first page: a file that is not a database fails here, not at the first write.
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

function migrate(db: DatabaseSync): void {
  for (let target = 1; target <= SCHEMA_VERSION; target++) {
    if (userVersion(db) >= target) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have migrated while we waited for the lock.
      if (userVersion(db) < target) {
        MIGRATIONS[target - 1]!(db);
        db.exec(`PRAGMA user_version = ${target}`);
      }
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  }
}

function isCorruption(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : '';
  const code = (e as { errcode?: number }).errcode;
  // SQLITE_CORRUPT (11), SQLITE_NOTADB (26).
  return code === 11 || code === 26 || /not a database|malformed/i.test(msg);
}

function wrap(e: unknown, file: string): Error {
  if (e instanceof CloudtopError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new CloudtopError('config', `Cannot open the history file ${file}: ${detail}`, { cause: e });
}
