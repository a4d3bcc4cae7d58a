/**
 * The `history.report` channel's handler, one small function every transport calls (Electron IPC,
 * the WebSocket, REST): the request is already validated with HistoryQuerySchema by the
 * dispatcher; a face without a history file answers an empty report that says so.
 */
import type { HistoryQuery, HistoryReport } from '../../shared/history/schema';
import type { HistoryReader } from './index';
import { emptyHistoryReport } from './queries';

export function answerHistoryReport(
  history: HistoryReader | undefined,
  query: HistoryQuery,
  now: number = Date.now(),
): HistoryReport {
  return history ? history.report(query) : emptyHistoryReport(query, now);
}
