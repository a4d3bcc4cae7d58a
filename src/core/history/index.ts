/**
 * History (issue #16): one node:sqlite file in the data dir, written by whichever face polls,
 * read by all. `openHistory` gives a face the recorder (fed from `core.onSnapshot`) and the
 * query API every face shares — the CLI, the window over IPC / WebSocket, REST, the TUI.
 */
import { existsSync } from 'node:fs';
import {
  HistoryQuerySchema,
  seriesKeyString,
  ModelTrendsQuerySchema,
  type HistoryQueryInput,
  type HistoryReport,
  type ModelTrends,
  type ModelTrendsQueryInput,
  type TypicalStay,
} from '../../shared/history/schema';
import type { GpuOffer, Snapshot } from '../../shared/model';
import type { Logger } from '../log/types';
import { historyReport, matchingSeries, queryLastSeen } from './queries';
import { HistoryRecorder } from './recorder';
import { HistoryStore, type RetentionOptions } from './store';
import { queryHourlyCheapest, queryModelTrends, typicalStayOf } from './trends';

export { HISTORY_FILE_NAME } from './open';
export { HistoryStore, DEFAULT_RETENTION, isAvailableState, type RetentionOptions } from './store';
export { HistoryRecorder, observeOffers } from './recorder';
export { historyReport, emptyHistoryReport } from './queries';
export { queryModelTrends, emptyModelTrends } from './trends';
export { withTypicalStay } from './alert-line';
export { retentionFromSettings } from './retention';

/** What every face may ask history. */
export interface HistoryReader {
  /** Episodes, heatmap, daily prices, trend and last seen for one question. */
  report(query: HistoryQueryInput): HistoryReport;
  /**
   * When each offer's kind was last available (ISO), for offers not available now; offers
   * without history are left out.
   */
  lastSeen(offers: readonly GpuOffer[]): Map<string, string>;
  /**
   * Mean length and count of the episodes of a model (at a provider, when given) that ended in the
   * last `windowMs`: the alerts' history line.
   */
  typicalStay(
    q: { provider?: GpuOffer['provider']; model: string; count?: number },
    windowMs: number,
  ): TypicalStay | undefined;
  /** Sparkline prices, last seen and typical stay for many GPU models at once (Offers view rows). */
  trends(query: ModelTrendsQueryInput): ModelTrends;
  /**
   * Per GPU model, its cheapest available $/GPU·h in each of the last `hours` whole hours, oldest
   * first, NaN where it was not available (the terminal's sparklines); models never recorded are
   * left out.
   */
  hourlyCheapest(models: readonly string[], hours: number): Map<string, number[]>;
}

export interface History extends HistoryReader {
  readonly file: string;
  /** Feed every snapshot here; writes only what is new, never throws. */
  record(snapshot: Snapshot): void;
  /** What retention keeps from now on (the settings' `history` section); applied with the next snapshot. */
  setRetention(retention: Partial<RetentionOptions>): void;
  close(): void;
}

export interface OpenHistoryFaceOptions {
  file: string;
  log?: Logger;
  now?: () => number;
  retention?: Partial<RetentionOptions>;
  /** What this face polls (see HistoryRecorder). */
  parts?: ReadonlyArray<'offers' | 'resources'>;
  /** False: do not create the file when it does not exist (readers); returns undefined then. */
  create?: boolean;
  onNotice?: (message: string) => void;
}

export function openHistory(o: OpenHistoryFaceOptions): History | undefined {
  if (o.create === false && o.file !== ':memory:' && !existsSync(o.file)) return undefined;
  const now = o.now ?? Date.now;
  const store = HistoryStore.open(o.file, { retention: o.retention, onNotice: o.onNotice, now });
  return historyFromStore(store, o);
}

/** The face API over an open store (tests and tools that fill a store themselves use it too). */
export function historyFromStore(store: HistoryStore, o: Omit<OpenHistoryFaceOptions, 'file'> = {}): History {
  const now = o.now ?? Date.now;
  const recorder = new HistoryRecorder(store, { log: o.log, now, parts: o.parts });
  return {
    file: store.file,
    record: (s) => recorder.record(s),
    setRetention(r) {
      store.setRetention(r);
      recorder.pruneSoon();
    },
    close: () => store.close(),
    report: (q) => historyReport(store.db, HistoryQuerySchema.parse(q), now()),
    lastSeen(offers) {
      const out = new Map<string, string>();
      const wanted = offers.filter((o) => o.availability.state !== 'available' && o.availability.state !== 'low');
      if (wanted.length === 0) return out;
      const models = [...new Set(wanted.map((o) => `=${o.gpu.model}`))];
      const seen = new Map<string, string>();
      for (const gpu of models) {
        for (const l of queryLastSeen(store.db, matchingSeries(store.db, { gpu }), now()))
          if (l.lastSeen) seen.set(seriesKeyString(l), l.lastSeen);
      }
      for (const o of wanted) {
        const key = seriesKeyString({
          provider: o.provider,
          model: o.gpu.model,
          count: o.gpu.count,
          region: o.region.id,
          billing: o.price.billing,
          ...(o.cloud ? { cloud: o.cloud } : {}),
        });
        const t = seen.get(key);
        if (t) out.set(o.id, t);
      }
      return out;
    },
    typicalStay(q, windowMs) {
      const series = matchingSeries(store.db, {
        gpu: `=${q.model}`,
        providers: q.provider ? [q.provider] : undefined,
        count: q.count,
      });
      return typicalStayOf(store.db, series, now() - windowMs);
    },
    trends: (q) => queryModelTrends(store.db, ModelTrendsQuerySchema.parse(q), now()),
    hourlyCheapest: (models, hours) => queryHourlyCheapest(store.db, models, hours, now()),
  };
}
