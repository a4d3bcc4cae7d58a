/**
 * `cloudtop history --gpu H100 [--provider …] [--region …] [--count n] [--since 30d]`: what the
 * history file (src/core/history) knows about one GPU — availability episodes, a week × hour
 * heatmap as text blocks, daily prices per provider, and when unavailable kinds were last seen.
 * Reads only: it never polls and never creates the file.
 */
import path from 'node:path';
import { HISTORY_FILE_NAME, openHistory } from '../../../core/history';
import { emptyHistoryReport } from '../../../core/history/queries';
import { DAY_MS, HistoryQuerySchema, type HistoryQuery, type HistoryReport } from '../../../shared/history/schema';
import { cloudtopPaths } from '../../paths';
import type { CliContext } from '../context';
import type { ProviderId } from '../../../shared/model';
import { EXIT, UsageError } from '../io';
import { duration, money, parseDuration } from '../output/format';
import { renderTable } from '../output/table';
import type { Style } from '../output/ansi';
import { JSON_SCHEMA_VERSION } from '../render';
import { decimalFlag } from '../offer-args';
import { billingLabel, countOf } from '../../../shared/format';
import { unknownGpuHint } from '../../../shared/gpu';
import { episodeLength, partialRecordText, perDayText } from '../../../shared/history/text';

/** `30d`, `2w`, `12h`, `90m`: how far back. */
function parseSince(input: string): number {
  const m = /^(\d+(?:\.\d+)?)(d|w)$/.exec(input.trim());
  if (m) return Math.round(Number(m[1]) * (m[2] === 'w' ? 7 : 1) * DAY_MS);
  return parseDuration(input);
}

/** Parses the history flags (`GET /api/v1/history` reads its query parameters with this too). */
export function historyQueryFromOptions(
  o: Record<string, unknown>,
  providers: ProviderId[] | undefined,
  tzOffsetMinutes = -new Date().getTimezoneOffset(),
): HistoryQuery {
  if (typeof o.gpu !== 'string' || !o.gpu.trim()) throw new UsageError('--gpu is required (e.g. --gpu H100)');
  let sinceMs: number;
  try {
    sinceMs = parseSince(String(o.since ?? '30d'));
  } catch {
    throw new UsageError(`--since: "${String(o.since)}" is not a duration (use e.g. 30d, 2w, 12h)`);
  }
  const regions = (o.region as string[] | undefined)
    ?.flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  const count = decimalFlag('--count', o.count, { int: true, min: 1, max: 1024 });
  const parsed = HistoryQuerySchema.safeParse({
    gpu: o.gpu,
    ...(providers ? { providers } : {}),
    ...(regions?.length ? { regions } : {}),
    ...(count !== undefined ? { count } : {}),
    sinceMs,
    tzOffsetMinutes,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = { gpu: '--gpu', regions: '--region', count: '--count', sinceMs: '--since' }[String(issue.path[0])];
    throw new UsageError(`${flag ?? String(issue.path[0])}: ${issue.message}`);
  }
  return parsed.data;
}

export async function historyCommand(ctx: CliContext, o: Record<string, unknown>): Promise<number> {
  const query = historyQueryFromOptions(o, ctx.opts.providers);
  const file = path.join(cloudtopPaths(ctx.io.env).settingsDir, HISTORY_FILE_NAME);
  const notices: string[] = [];
  const history = openHistory({ file, create: false, onNotice: (m) => notices.push(m) });
  let report: HistoryReport;
  try {
    report = history ? history.report(query) : emptyHistoryReport(query, Date.now());
  } finally {
    history?.close();
  }
  for (const n of notices) ctx.io.stderr.write(ctx.style.yellow(`! ${n}\n`));
  if (ctx.opts.output === 'json') {
    ctx.io.stdout.write(JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, file, ...report }, null, 2) + '\n');
    return EXIT.ok;
  }
  ctx.io.stdout.write(renderHistory(ctx.style, report, ctx.opts.output === 'wide', history !== undefined));
  return EXIT.ok;
}

const TABLE_EPISODES = 15;
const TABLE_DAYS = 14;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const BLOCKS = ['·', '░', '▒', '▓', '█'];

function renderHistory(style: Style, r: HistoryReport, wide: boolean, hasFile: boolean): string {
  const q = r.query;
  const narrowed = [q.providers?.join(','), q.regions?.join(','), q.count ? `${q.count}×` : undefined]
    .filter(Boolean)
    .join(' ');
  let out = style.bold(`${q.gpu}${narrowed ? ` (${narrowed})` : ''}: last ${duration(q.sinceMs)}\n`);
  if (!hasFile) {
    return (
      out +
      'No history yet. cloudtop records it while the desktop app, `cloudtop serve`, `cloudtop watch`, `cloudtop top` or any `-w` loop runs.\n'
    );
  }
  if (r.lastSeen.length === 0) return out + nothingRecorded(r, narrowed);
  const now = Date.parse(r.to);
  const s = r.summary;
  const partial = partialRecordText(r);
  if (partial && r.observedFrom)
    out += style.dim(`${capitalise(partial)}, since ${localTime(r.observedFrom)}: the figures cover that time.\n`);
  const perDay = perDayText(r);
  out += `\nAvailability: ${countOf(s.count, 'episode')}${perDay ? `, ${perDay}` : ''}`;
  const stayed = (ms: number): string => episodeLength(ms, duration);
  out += s.medianMs !== null ? `; stays ${stayed(s.medianMs)} (median), ${stayed(s.p90Ms ?? 0)} (p90)\n` : '\n';
  const shown = wide ? r.episodes : r.episodes.slice(0, TABLE_EPISODES);
  if (shown.length) {
    out += renderTable(
      shown,
      [
        { header: 'PROVIDER', get: (e) => e.provider },
        { header: 'GPU', get: (e) => e.model },
        { header: 'N', get: (e) => String(e.count), align: 'right' },
        { header: 'REGION', get: (e) => e.region, max: 24 },
        { header: 'BILLING', get: (e) => billingLabel(e.billing, e.cloud, e.provider) },
        { header: 'START', get: (e) => localTime(e.start) },
        { header: 'END', get: (e) => (e.end ? localTime(e.end) : style.green('available now')) },
        // "one poll" only for one that ended: one still open has just appeared.
        { header: 'STAYED', get: (e) => (e.end ? stayed(e.durationMs) : duration(e.durationMs)), align: 'right' },
      ],
      { wide },
    );
    if (r.episodes.length > shown.length || s.count > r.episodes.length)
      out += style.dim(`Newest ${shown.length} of ${s.count} (-o wide lists up to ${r.episodes.length}).\n`);
  }
  out += `\nWhen it is available (share of polls, your time zone; ${BLOCKS.join(' ')} = none … always):\n`;
  out += renderHeatmap(r);
  const days = wide
    ? r.prices
    : r.prices.slice(-TABLE_DAYS * Math.max(1, new Set(r.prices.map((p) => p.provider)).size));
  if (days.length) {
    out += '\nCheapest $/GPU-h per day (over the day’s hours):\n';
    out += renderTable(
      days,
      [
        { header: 'DAY', get: (p) => p.day },
        { header: 'PROVIDER', get: (p) => p.provider },
        { header: 'MIN', get: (p) => money(p.min), align: 'right' },
        { header: 'P50', get: (p) => money(p.p50), align: 'right' },
        { header: 'P95', get: (p) => money(p.p95), align: 'right' },
        { header: 'HOURS', get: (p) => String(p.samples), align: 'right' },
      ],
      { wide },
    );
  }
  const gone = r.lastSeen.filter((l) => !l.availableNow);
  if (gone.length) {
    out += '\nNot available now:\n';
    out += renderTable(
      gone,
      [
        { header: 'PROVIDER', get: (l) => l.provider },
        { header: 'GPU', get: (l) => l.model },
        { header: 'N', get: (l) => String(l.count), align: 'right' },
        { header: 'REGION', get: (l) => l.region, max: 24 },
        { header: 'BILLING', get: (l) => billingLabel(l.billing, l.cloud, l.provider) },
        {
          header: 'LAST SEEN',
          get: (l) => (l.lastSeen ? `${duration(now - Date.parse(l.lastSeen))} ago` : 'never available'),
        },
      ],
      { wide },
    );
  }
  return out;
}

const FACET_VALUES = 12;

/**
 * Nothing recorded for the question: when it was narrowed (`-p lambda`), what was recorded for its
 * GPU instead, so the next question can be one that has an answer.
 */
function nothingRecorded(r: HistoryReport, narrowed: string): string {
  const gpu = r.query.gpu;
  // Nothing at all recorded for a GPU name nothing has (a typo: H1OO): say which GPUs it may mean.
  const hint = (): string => {
    const h = unknownGpuHint(gpu);
    return h ? `${h}\n` : '';
  };
  if (!narrowed) return `Nothing matching ${gpu} was ever recorded.\n${hint()}`;
  const list = (values: readonly string[]): string =>
    values.length > FACET_VALUES
      ? `${values.slice(0, FACET_VALUES).join(', ')} and ${values.length - FACET_VALUES} more`
      : values.join(', ');
  const f = r.facets;
  const options = [
    f.providers.length ? `--provider ${list(f.providers)}` : '',
    f.counts.length ? `--count ${list(f.counts.map(String))}` : '',
    f.regions.length ? `--region ${list(f.regions)}` : '',
  ].filter(Boolean);
  return (
    `Nothing matching ${gpu} (${narrowed}) was ever recorded.\n` +
    (options.length ? `Recorded for ${gpu}: ${options.join('; ')}.\n` : hint())
  );
}

function renderHeatmap(r: HistoryReport): string {
  const head =
    '     ' +
    Array.from({ length: 24 }, (_, h) => (h % 3 === 0 ? String(h).padStart(2, '0') : '  '))
      .join('')
      .trimEnd();
  const rows = r.heatmap.cells.map(
    (row, d) =>
      `${WEEKDAYS[d]}  ` +
      row
        .map((v) => (v === null ? '  ' : BLOCKS[Math.min(4, v === 0 ? 0 : 1 + Math.floor(v * 3.999))]!.repeat(2)))
        .join(''),
  );
  return [head, ...rows].join('\n') + '\n';
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
