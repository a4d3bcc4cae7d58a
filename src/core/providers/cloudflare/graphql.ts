/**
 * GraphQL Analytics queries (POST /graphql). One query per dataset, not one combined query: a
 * dataset the plan lacks fails on its own and the other datasets still chart. Dimension choices:
 * `datetimeFiveMinutes` for Workers (used by public exporters against the live API), `datetimeHour`
 * for R2 operations, `datetime` for R2 storage (as in Cloudflare's own R2 example query).
 */

/** Recent minutes of analytics are partial; ending the window a little in the past avoids fake dips. */
const ANALYTICS_LAG_MS = 5 * 60_000;
export const WORKERS_WINDOW_MS = 60 * 60_000;
export const R2_WINDOW_MS = 24 * 60 * 60_000;

export const WORKERS_QUERY = `query CloudtopWorkers($accountTag: string!, $start: Time!, $end: Time!) {
  viewer { accounts(filter: {accountTag: $accountTag}) {
    workersInvocationsAdaptive(limit: 10000, filter: {datetime_geq: $start, datetime_leq: $end}) {
      sum { requests errors subrequests }
      quantiles { cpuTimeP50 cpuTimeP99 }
      dimensions { datetimeFiveMinutes scriptName }
    } } } }`;

export const R2_OPERATIONS_QUERY = `query CloudtopR2Operations($accountTag: string!, $start: Time!, $end: Time!) {
  viewer { accounts(filter: {accountTag: $accountTag}) {
    r2OperationsAdaptiveGroups(limit: 10000, filter: {datetime_geq: $start, datetime_leq: $end}) {
      sum { requests }
      dimensions { datetimeHour bucketName }
    } } } }`;

export const R2_STORAGE_QUERY = `query CloudtopR2Storage($accountTag: string!, $start: Time!, $end: Time!) {
  viewer { accounts(filter: {accountTag: $accountTag}) {
    r2StorageAdaptiveGroups(limit: 10000, filter: {datetime_geq: $start, datetime_leq: $end}, orderBy: [datetime_DESC]) {
      max { objectCount uploadCount payloadSize metadataSize }
      dimensions { datetime bucketName }
    } } } }`;

interface AnalyticsVariables {
  accountTag: string;
  start: string;
  end: string;
  [k: string]: unknown;
}

/** Window [now - lag - span, now - lag], second precision (the API rejects sub-second noise on some nodes). */
export function analyticsWindow(accountTag: string, nowMs: number, spanMs: number): AnalyticsVariables {
  const end = Math.floor((nowMs - ANALYTICS_LAG_MS) / 1000) * 1000;
  const start = end - spanMs;
  const fmt = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { accountTag, start: fmt(start), end: fmt(end) };
}
