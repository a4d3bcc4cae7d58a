/**
 * Kill -9 while writing (issue #16 acceptance): a child process writes big polls in a loop and is
 * killed with SIGKILL right after it announced a transaction, again and again. After every kill
 * the file opens cleanly, passes SQLite's integrity check, and every poll the child saw commit is
 * still there, with its episodes consistent (at most one open per series).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../../src/core/history/store';
import { useTmpDirs } from '../../../helpers/tmp-dirs';

const tmp = useTmpDirs('cloudtop-history-kill-');
const WRITER = fileURLToPath(new URL('../../../helpers/history-writer.ts', import.meta.url));
const ROUNDS = 5;

interface Round {
  committed: number[];
  killedDuring: number | undefined;
}

function writeUntilKilled(file: string, firstT: number, killAfterBegins: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(firstT)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: number[] = [];
    let begins = 0;
    let killedDuring: number | undefined;
    let buf = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const [kind, t] = buf.slice(0, nl).split(' ');
        buf = buf.slice(nl + 1);
        if (kind === 'commit') committed.push(Number(t));
        if (kind === 'begin' && ++begins === killAfterBegins && killedDuring === undefined) {
          killedDuring = Number(t);
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${err}`));
      else resolve({ committed, killedDuring });
    });
  });
}

describe('history survives kill -9 during writes', () => {
  it(`keeps every committed poll and opens cleanly after ${ROUNDS} kills`, async () => {
    const file = path.join(tmp(), 'history.sqlite');
    const allCommitted: number[] = [];
    let t = Date.UTC(2026, 0, 5);
    for (let round = 0; round < ROUNDS; round++) {
      const r = await writeUntilKilled(file, t, 3 + round);
      allCommitted.push(...r.committed);
      expect(r.killedDuring).toBeDefined();

      const store = HistoryStore.open(file);
      try {
        expect(store.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
        const polls = new Set((store.db.prepare('SELECT t FROM polls').all() as Array<{ t: number }>).map((p) => p.t));
        for (const c of allCommitted) expect(polls.has(c)).toBe(true);
        const torn = store.db.prepare('SELECT count(*) AS n FROM episodes WHERE "end" < start').get();
        expect(torn).toEqual({ n: 0 });
        // Every kind is either in an episode (open_since) or not, matching its recorded state.
        const mismatched = store.db
          .prepare(`SELECT count(*) AS n FROM series WHERE (open_since IS NOT NULL) != (state IN ('available', 'low'))`)
          .get();
        expect(mismatched).toEqual({ n: 0 });
        const series = (store.db.prepare('SELECT count(*) AS n FROM series').get() as { n: number }).n;
        // 3000 observations fold into 1600 kinds (model × count × region); a torn write would differ.
        expect(series).toBe(1600);
      } finally {
        store.close();
      }
      // The next writer continues after the poll that was being written.
      t = (r.killedDuring ?? t) + 60_000;
    }
  }, 120_000);
});
