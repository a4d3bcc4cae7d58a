/**
 * Just enough of Cloudflare's GraphQL Analytics API for the queries cloudtop (and Cloudflare's
 * own doc examples) send: `viewer.accounts(filter: {accountTag}).<dataset>(limit, filter,
 * orderBy) { sum/quantiles/max {…} dimensions {…} }` for workersInvocationsAdaptive,
 * r2OperationsAdaptiveGroups and r2StorageAdaptiveGroups. Only the selected fields come back, in
 * the `{data, errors}` envelope with `errors: null` on success.
 */
import { bucketOps, diurnal, noise, workerGroup, type CfSimAccount, type CfSimBucket } from './data';

const DATASETS = ['workersInvocationsAdaptive', 'r2OperationsAdaptiveGroups', 'r2StorageAdaptiveGroups'] as const;
type Dataset = (typeof DATASETS)[number];

interface DatasetRequest {
  dataset: Dataset;
  /** Key in the response (alias or dataset name). */
  key: string;
  limit: number;
  filter: Record<string, string>;
  orderDesc: boolean;
  selection: Record<string, string[]>;
}

export interface ParsedQuery {
  accountTag: string | undefined;
  datasets: DatasetRequest[];
}

export class GraphqlParseError extends Error {}

/** Text between the bracket at `open` and its match. */
function balanced(s: string, open: number, o: string, c: string): { inner: string; end: number } {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && --depth === 0) return { inner: s.slice(open + 1, i), end: i };
  }
  throw new GraphqlParseError(`unbalanced ${o}${c}`);
}

function resolveValue(raw: string, variables: Record<string, unknown>): string | undefined {
  const v = raw.trim();
  if (v.startsWith('$')) {
    const val = variables[v.slice(1)];
    return val === undefined || val === null ? undefined : String(val);
  }
  if (v.startsWith('"')) return v.slice(1, -1);
  return v;
}

function parsePairs(text: string, variables: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)\s*:\s*(\$\w+|"[^"]*"|[\w.-]+)/g)) {
    const val = resolveValue(m[2]!, variables);
    if (val !== undefined) out[m[1]!] = val;
  }
  return out;
}

export function parseAnalyticsQuery(query: string, variables: Record<string, unknown>): ParsedQuery {
  if (typeof query !== 'string' || !/\bviewer\b/.test(query)) throw new GraphqlParseError('query must select viewer');
  const acc = /accounts\s*\(\s*filter\s*:\s*\{([^}]*)\}/.exec(query);
  const accountTag = acc ? parsePairs(acc[1]!, variables).accountTag : undefined;
  const datasets: DatasetRequest[] = [];
  for (const dataset of DATASETS) {
    const re = new RegExp(`(?:(\\w+)\\s*:\\s*)?\\b${dataset}\\s*\\(`, 'g');
    for (const m of query.matchAll(re)) {
      const argsOpen = m.index! + m[0].length - 1;
      const args = balanced(query, argsOpen, '(', ')');
      const selOpen = query.indexOf('{', args.end);
      if (selOpen < 0) throw new GraphqlParseError(`${dataset} needs a selection`);
      const sel = balanced(query, selOpen, '{', '}');
      const limitM = /limit\s*:\s*(\$\w+|\d+)/.exec(args.inner);
      const limit = limitM ? Number(resolveValue(limitM[1]!, variables)) : 100;
      const filterIdx = args.inner.search(/filter\s*:\s*\{/);
      const filter =
        filterIdx >= 0
          ? parsePairs(balanced(args.inner, args.inner.indexOf('{', filterIdx), '{', '}').inner, variables)
          : {};
      const orderDesc = /orderBy\s*:\s*\[[^\]]*datetime\w*_DESC/.test(args.inner);
      const selection: Record<string, string[]> = {};
      for (const sm of sel.inner.matchAll(/(\w+)\s*\{([^}]*)\}/g))
        selection[sm[1]!] = sm[2]!.split(/[\s,]+/).filter(Boolean);
      datasets.push({
        dataset,
        key: m[1] ?? dataset,
        limit: Number.isFinite(limit) ? limit : 100,
        filter,
        orderDesc,
        selection,
      });
    }
  }
  if (datasets.length === 0) throw new GraphqlParseError('no supported dataset in query');
  return { accountTag, datasets };
}

const TIME_DIMENSIONS: Record<string, number> = {
  datetime: 60_000,
  datetimeMinute: 60_000,
  datetimeFiveMinutes: 300_000,
  datetimeFifteenMinutes: 900_000,
  datetimeHour: 3_600_000,
  date: 86_400_000,
};

const fmt = (ms: number, dim: string): string =>
  dim === 'date' ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pick(obj: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = obj[f] ?? null;
  return out;
}

/** Bucket starts covering [from, to]. */
function buckets(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let b = Math.floor(from / step) * step; b <= to; b += step) out.push(b);
  return out;
}

interface WindowInfo {
  from: number;
  to: number;
  step: number;
  timeDim: string | undefined;
}

export function windowOf(req: DatasetRequest, nowMs: number): WindowInfo {
  const geq = req.filter.datetime_geq ?? req.filter.datetime_gt ?? req.filter.date_geq;
  const leq = req.filter.datetime_leq ?? req.filter.datetime_lt ?? req.filter.date_leq;
  const from = geq ? Date.parse(geq) : nowMs - 3_600_000;
  const to = Math.min(leq ? Date.parse(leq) : nowMs, nowMs);
  const dims = req.selection.dimensions ?? [];
  const timeDim = dims.find((d) => d in TIME_DIMENSIONS);
  const step = timeDim ? TIME_DIMENSIONS[timeDim]! : Math.max(60_000, to - from);
  return { from, to, step, timeDim };
}

const analyticsName = (b: CfSimBucket): string =>
  b.jurisdiction === 'default' ? b.name : `${b.jurisdiction}_${b.name}`;

/** Rows for one dataset request (already authorised and windowed). */
export function datasetRows(
  seed: number,
  account: CfSimAccount,
  req: DatasetRequest,
  nowMs: number,
): Record<string, unknown>[] {
  const { from, to, step, timeDim } = windowOf(req, nowMs);
  if (!(to >= from)) return [];
  const dims = req.selection.dimensions ?? [];
  const rows: Record<string, unknown>[] = [];
  const times = timeDim ? buckets(from, to, step) : [from];
  const dimValues = (t: number, extra: Record<string, unknown>): Record<string, unknown> | undefined =>
    req.selection.dimensions ? pick({ ...extra, ...(timeDim ? { [timeDim]: fmt(t, timeDim) } : {}) }, dims) : undefined;
  const withParts = (parts: Record<string, Record<string, unknown> | undefined>): Record<string, unknown> => {
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parts)) if (v !== undefined) row[k] = v;
    return row;
  };

  if (req.dataset === 'workersInvocationsAdaptive') {
    for (const w of account.workers) {
      if (req.filter.scriptName && req.filter.scriptName !== w.id) continue;
      for (const t of times) {
        const g = workerGroup(seed, w, t, timeDim ? step : to - from);
        if (g.requests === 0) continue;
        const statuses: [string, number, number][] = dims.includes('status')
          ? [
              ['success', g.requests - g.errors, 0],
              ['scriptThrewException', g.errors, g.errors],
            ]
          : [['', g.requests, g.errors]];
        for (const [status, requests, errors] of statuses) {
          if (requests === 0) continue;
          const share = requests / g.requests;
          const q = {
            cpuTimeP50: g.cpuTimeP50,
            cpuTimeP75: Math.round(g.cpuTimeP50 * 1.3),
            cpuTimeP90: Math.round(g.cpuTimeP50 * 1.8),
            cpuTimeP99: g.cpuTimeP99,
            cpuTimeP999: Math.round(g.cpuTimeP99 * 1.4),
          };
          rows.push(
            withParts({
              sum: pick(
                {
                  requests,
                  errors,
                  subrequests: Math.round(g.subrequests * share),
                  duration: Math.round(requests * g.cpuTimeP50 * 3) / 1e6,
                },
                req.selection.sum,
              ),
              quantiles: pick(q, req.selection.quantiles),
              dimensions: dimValues(t, { scriptName: w.id, ...(status ? { status } : {}) }),
            }),
          );
        }
      }
    }
  } else if (req.dataset === 'r2OperationsAdaptiveGroups') {
    const actions: [string, number][] = dims.includes('actionType')
      ? [
          ['GetObject', 0.62],
          ['HeadObject', 0.14],
          ['PutObject', 0.16],
          ['ListObjects', 0.08],
        ]
      : [['', 1]];
    for (const b of account.buckets) {
      const name = analyticsName(b);
      if (req.filter.bucketName && req.filter.bucketName !== name) continue;
      for (const t of times) {
        const total = bucketOps(seed, b, t, timeDim ? step : to - from);
        for (const [actionType, share] of actions) {
          const requests = Math.round(total * share);
          if (requests === 0) continue;
          rows.push(
            withParts({
              sum: pick({ requests }, req.selection.sum),
              dimensions: dimValues(t, {
                bucketName: name,
                ...(actionType ? { actionType, actionStatus: 'success' } : {}),
              }),
            }),
          );
        }
      }
    }
  } else {
    // Storage is sampled about hourly; a query without a time dimension gets the window's max.
    const storageTimes = timeDim ? buckets(from, to, Math.max(step, 3_600_000)) : [to];
    for (const b of account.buckets) {
      const name = analyticsName(b);
      if (req.filter.bucketName && req.filter.bucketName !== name) continue;
      for (const t of storageTimes) {
        const age = Math.max(0, nowMs - t) / 86_400_000;
        const grow =
          1 -
          Math.min(0.3, age * 0.004) +
          0.002 * diurnal(t) * noise(seed, b.name, Math.floor(t / 3_600_000) * 3_600_000);
        const max = {
          objectCount: Math.round(b.objects * grow),
          uploadCount: Math.round(b.objects * 0.001),
          payloadSize: Math.round(b.bytes * grow),
          metadataSize: Math.round(b.objects * grow * 180),
        };
        rows.push(withParts({ max: pick(max, req.selection.max), dimensions: dimValues(t, { bucketName: name }) }));
      }
    }
  }
  if (req.orderDesc && timeDim) {
    const at = (r: Record<string, unknown>): string =>
      String((r.dimensions as Record<string, unknown> | undefined)?.[timeDim] ?? '');
    rows.sort((a, b) => at(b).localeCompare(at(a)));
  }
  return rows.slice(0, Math.max(0, req.limit));
}
