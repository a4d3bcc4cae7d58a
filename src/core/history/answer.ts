/**
 * The `history.report` channel's handler, one small function every transport calls (Electron IPC,
 * the WebSocket, REST): the request is already validated with HistoryQuerySchema by the
 * dispatcher; a face without a history file answers an empty report that says so.
 */
import type { HistoryQuery, HistoryReport, ModelTrends, ModelTrendsQuery } from '../../shared/history/schema';
import type { HistoryReader } from './index';
import { emptyHistoryReport } from './queries';
import { emptyModelTrends } from './trends';

export function answerHistoryReport(
  history: HistoryReader | undefined,
  query: HistoryQuery,
  now: number = Date.now(),
): HistoryReport {
  return history ? history.report(query) : emptyHistoryReport(query, now);
}

/** The `history.trends` channel's handler (the Offers view's sparklines and hover text). */
export function answerModelTrends(
  history: HistoryReader | undefined,
  query: ModelTrendsQuery,
  now: number = Date.now(),
): ModelTrends {
  return history ? history.trends(query) : emptyModelTrends(now);
}
