import '../../theme/all-styles';
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { memo, useEffect, useMemo, useState } from 'react';
import { billingLabel, countOf } from '../../../shared/format';
import { GPU_CATALOG } from '../../../shared/gpu/catalog';
import { unknownGpuQuery } from '../../../shared/gpu/unknown';
import { DAY_MS, type HistoryFacets, type HistoryReport, type HistorySeriesKey } from '../../../shared/history/schema';
import type { ProviderId } from '../../../shared/model';
import {
  episodeLength,
  mostStayUnder,
  partialRecordText,
  perDayText,
  stayDuration,
  usuallyStays,
} from '../../../shared/history/text';
import { errorInfoOf } from '../../api/errors';
import { relativeTime } from '../../lib/format';
import { timeTicks } from '../../lib/time-axis';
import { useNow } from '../../lib/use-now';
import { useAppState, useStore } from '../../state/context';
import type { HistoryNarrowing } from '../../state/store';
import { HISTORY_PERIODS, type HistoryPeriod } from './periods';
import { DailyPriceChart } from './DailyPriceChart';
import classes from './HistoryView.module.css';

const SINCE: Record<HistoryPeriod, number> = { '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS };
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const TIMELINE_KINDS = 12;

type NameOf = (provider: string) => string;

/** An offer kind in words: every part of its series key, so two kinds never share a label (or a timeline row). */
const kindLabel = (e: HistorySeriesKey, nameOf: NameOf): string =>
  `${nameOf(e.provider)} · ${e.count}× ${e.model} · ${e.region} · ${billingLabel(e.billing, e.cloud, e.provider)}`;

// Sentences, not labels: Mantine's badges would print them in capitals.
const SUMMARY_BADGE = { variant: 'light', tt: 'none', fw: 600 } as const;

/** Availability share (0–1) → the heatmap's and its legend's colour. */
const heatColor = (v: number) =>
  `color-mix(in srgb, var(--mantine-color-teal-6) ${Math.round(15 + v * 85)}%, transparent)`;

/**
 * History (issue #16): for one GPU, when it was available (a timeline per offer kind), at what
 * hours (week × hour heatmap) and what it cost (daily cheapest $/GPU·h, p50 with the p95 and min
 * around it). Asks the core over the contract's `history.report` channel.
 */
export function HistoryView() {
  const store = useStore();
  const offers = useAppState((s) => s.snapshot?.offers);
  const providerInfos = useAppState((s) => s.providers);
  const nameOf = useMemo<NameOf>(() => {
    const names = new Map(providerInfos.map((p) => [p.id as string, p.displayName]));
    return (id) => names.get(id) ?? id;
  }, [providerInfos]);
  // The families in the offers, then every other GPU the catalogue knows: history is as much for
  // what is not offered now.
  const suggestions = useMemo(() => {
    const offered = [...new Set((offers ?? []).map((o) => o.gpu.family))].sort().slice(0, 200);
    const known = new Set(offered);
    return [...offered, ...GPU_CATALOG.map((e) => e.family).filter((f) => !known.has(f))];
  }, [offers]);
  // The question and its last answer live in the store: they survive switching views, and the
  // Offers view's sparklines open this view on their model (store.showHistory).
  const { gpu, since, narrow, chartProvider, report } = useAppState((s) => s.history);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const query = gpu.trim();
    if (!query) return;
    let live = true;
    const timer = setTimeout(() => {
      store.api
        .invoke('history.report', {
          gpu: query,
          sinceMs: SINCE[since],
          tzOffsetMinutes: -new Date().getTimezoneOffset(),
          ...(narrow.provider ? { providers: [narrow.provider] } : {}),
          ...(narrow.count ? { count: narrow.count } : {}),
          ...(narrow.region ? { regions: [narrow.region] } : {}),
        })
        .then(
          (r) => {
            if (!live) return;
            store.updateHistoryUi({ report: r });
            setError(undefined);
          },
          (e: unknown) => live && setError(errorInfoOf(e).message),
        );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [store, gpu, since, narrow]);

  const providers = useMemo(() => [...new Set(report?.prices.map((p) => p.provider))], [report]);
  const shownProvider =
    chartProvider && providers.includes(chartProvider as never) ? chartProvider : (providers[0] ?? null);
  const setNarrow = (patch: Partial<HistoryNarrowing>) => store.updateHistoryUi({ narrow: { ...narrow, ...patch } });

  return (
    <Stack p="md" gap="md" data-testid="history-view">
      <Group align="end" gap="md">
        <TextInput
          label="GPU"
          description="Family or model: H100, H100-SXM, A100-80GB, 4090"
          value={gpu}
          onChange={(e) => store.updateHistoryUi({ gpu: e.currentTarget.value })}
          list="history-gpu-suggestions"
          w={220}
          data-testid="history-gpu"
        />
        <datalist id="history-gpu-suggestions">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <SegmentedControl
          aria-label="Period"
          value={since}
          onChange={(v) => store.updateHistoryUi({ since: v as HistoryPeriod })}
          data={HISTORY_PERIODS.map((k) => ({ value: k, label: `Last ${k}` }))}
        />
        <Narrowing narrow={narrow} facets={report?.facets} nameOf={nameOf} onChange={setNarrow} />
      </Group>
      {error && (
        <Alert color="red" title="Cannot load history" role="alert">
          {error}
        </Alert>
      )}
      {report && !report.recording && (
        <Alert color="blue" title="No history yet">
          cloudtop records history while it polls: the desktop app, `cloudtop serve`, `cloudtop watch`, `cloudtop top`
          or any `-w` loop.
        </Alert>
      )}
      {report && report.recording && report.lastSeen.length === 0 && (
        <UnknownGpu gpu={report.query.gpu} onPick={(g) => store.updateHistoryUi({ gpu: g })} />
      )}
      {report && report.recording && (
        <>
          <Summary report={report} />
          <Paper withBorder p="md">
            <Title order={2} size="h5" mb="xs">
              When it was available
            </Title>
            <Timeline report={report} nameOf={nameOf} />
          </Paper>
          <Group align="stretch" gap="md" grow>
            <Paper withBorder p="md">
              <Title order={2} size="h5" mb="xs">
                At what hours (share of polls, your time)
              </Title>
              <Heatmap report={report} />
            </Paper>
            <Paper withBorder p="md">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h5">
                  Cheapest $/GPU·h per day
                </Title>
                {providers.length > 1 && (
                  <Select
                    aria-label="Price chart provider"
                    size="xs"
                    w={140}
                    data={providers.map((id) => ({ value: id, label: nameOf(id) }))}
                    value={shownProvider}
                    onChange={(p) => store.updateHistoryUi({ chartProvider: p })}
                  />
                )}
              </Group>
              <PriceChart report={report} provider={shownProvider} nameOf={nameOf} />
            </Paper>
          </Group>
          <NotAvailableNow report={report} nameOf={nameOf} />
        </>
      )}
    </Stack>
  );
}

/** Nothing recorded for a GPU name nothing has (a typo: H1OO): the GPUs it may mean, one click each. */
function UnknownGpu({ gpu, onPick }: { gpu: string; onPick: (gpu: string) => void }) {
  const unknown = useMemo(() => unknownGpuQuery(gpu), [gpu]);
  if (!unknown) return null;
  return (
    <Alert
      color="yellow"
      title={`No GPU cloudtop knows is called “${unknown.query}”`}
      data-testid="history-unknown-gpu"
    >
      {unknown.nearest.length ? (
        <Group gap="xs">
          <Text size="sm">Did you mean</Text>
          {unknown.nearest.map((g) => (
            <Button key={g} size="compact-xs" variant="light" onClick={() => onPick(g)}>
              {g}
            </Button>
          ))}
        </Group>
      ) : (
        <Text size="sm">It is looked up as typed: only a GPU named exactly that would be found.</Text>
      )}
    </Alert>
  );
}

/** The choice that lifts a narrowing: the first option of each list, so keyboards and screen readers find it. */
const ANY_VALUE = '*';

/** The facet's options: "any" first, then its values, with the one chosen even when this answer does not list it (yet). */
function facetOptions<T extends string | number>(
  any: string,
  values: readonly T[] | undefined,
  chosen: T | null,
  label: (v: T) => string = String,
): { value: string; label: string }[] {
  const all = [...(values ?? [])];
  if (chosen !== null && !all.includes(chosen)) all.push(chosen);
  return [{ value: ANY_VALUE, label: any }, ...all.map((v) => ({ value: String(v), label: label(v) }))];
}

const chosenOf = (v: string | null): string | null => (v === null || v === ANY_VALUE ? null : v);

/**
 * Narrows the question to one provider, GPU count or region, as `cloudtop history -p/--count/--region`
 * does. The choices are the report's facets: what was recorded for this GPU under the other two.
 */
function Narrowing({
  narrow,
  facets,
  nameOf,
  onChange,
}: {
  narrow: HistoryNarrowing;
  facets: HistoryFacets | undefined;
  nameOf: NameOf;
  onChange: (patch: Partial<HistoryNarrowing>) => void;
}) {
  const common = { allowDeselect: false, comboboxProps: { width: 'target' as const } };
  return (
    <>
      <Select
        {...common}
        label="Provider"
        w={150}
        data={facetOptions('Any provider', facets?.providers, narrow.provider, nameOf)}
        value={narrow.provider ?? ANY_VALUE}
        onChange={(v) => onChange({ provider: chosenOf(v) as ProviderId | null })}
        data-testid="history-provider"
      />
      <Select
        {...common}
        label="GPUs per offer"
        w={120}
        data={facetOptions('Any count', facets?.counts, narrow.count, (n) => `${n}×`)}
        value={narrow.count === null ? ANY_VALUE : String(narrow.count)}
        onChange={(v) => {
          const n = chosenOf(v);
          onChange({ count: n === null ? null : Number(n) });
        }}
        data-testid="history-count"
      />
      <Select
        {...common}
        label="Region"
        searchable
        nothingFoundMessage="Not recorded for this GPU"
        w={160}
        data={facetOptions('Any region', facets?.regions, narrow.region)}
        value={narrow.region ?? ANY_VALUE}
        onChange={(v) => onChange({ region: chosenOf(v) })}
        data-testid="history-region"
      />
    </>
  );
}

function Summary({ report }: { report: HistoryReport }) {
  const s = report.summary;
  const now = report.lastSeen.filter((l) => l.availableNow).length;
  const perDay = perDayText(report);
  const partial = partialRecordText(report);
  return (
    <Group gap="sm" data-testid="history-summary">
      <Badge {...SUMMARY_BADGE}>{countOf(s.count, 'episode')}</Badge>
      {perDay && <Badge {...SUMMARY_BADGE}>{perDay}</Badge>}
      {s.medianMs !== null && <Badge {...SUMMARY_BADGE}>{usuallyStays(s.medianMs)}</Badge>}
      {s.p90Ms !== null && <Badge {...SUMMARY_BADGE}>{mostStayUnder(s.p90Ms)}</Badge>}
      <Badge
        {...SUMMARY_BADGE}
        color={now ? 'green' : 'gray'}
      >{`${now} of ${countOf(report.lastSeen.length, 'kind')} available now`}</Badge>
      {partial && (
        <Badge
          {...SUMMARY_BADGE}
          color="gray"
          title={`cloudtop has polled these providers since ${EPISODE_TIME.format(Date.parse(report.observedFrom!))}: the figures and the timeline cover that time`}
          data-testid="history-recorded"
        >
          {partial}
        </Badge>
      )}
    </Group>
  );
}

interface TimelineRowData {
  kind: string;
  bars: { key: string; left: string; width: string; open: boolean; label: string }[];
}

// One formatter for every bar's label (Date#toLocaleString builds one per call: 1,000 calls for
// 500 episodes, a good part of the view's render).
const EPISODE_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** The timeline's span: the recorded part of the period (all of it, once cloudtop has polled that long). */
const timelineSpan = (report: HistoryReport): { from: number; to: number } => ({
  from: Date.parse(report.observedFrom ?? report.from),
  to: Date.parse(report.to),
});

/**
 * The timeline's rows: one per offer kind (most recent first, at most TIMELINE_KINDS), its bars
 * placed on the recorded span; and how many kinds the episodes have in all.
 */
function timelineRows(report: HistoryReport, nameOf: NameOf): { rows: TimelineRowData[]; kinds: number } {
  const { from, to } = timelineSpan(report);
  const span = Math.max(1, to - from);
  const rows = new Map<string, TimelineRowData>();
  const left = new Set<string>();
  for (const e of report.episodes) {
    const kind = kindLabel(e, nameOf);
    let row = rows.get(kind);
    if (!row) {
      if (rows.size >= TIMELINE_KINDS) {
        left.add(kind);
        continue;
      }
      rows.set(kind, (row = { kind, bars: [] }));
    }
    const start = Math.max(from, Date.parse(e.start));
    const end = e.end ? Date.parse(e.end) : to;
    row.bars.push({
      key: e.start,
      left: `${((start - from) / span) * 100}%`,
      width: `${((end - start) / span) * 100}%`,
      open: !e.end,
      label: `${EPISODE_TIME.format(Date.parse(e.start))} – ${e.end ? EPISODE_TIME.format(end) : 'now'} (${e.end ? episodeLength(e.durationMs) : stayDuration(e.durationMs)})`,
    });
  }
  return { rows: [...rows.values()], kinds: rows.size + left.size };
}

/**
 * One row per offer kind, each episode a bar on the axis of the recorded part of the period, with
 * the days (or, under two days, the hours) marked under the rows. Up to 500 episodes: the bars are plain elements (with a Mantine Tooltip and Box per bar,
 * switching the period cost 317 ms of long tasks in the UI bench), and each row has one tooltip
 * that follows the pointer and says which bar it is over.
 */
function Timeline({ report, nameOf }: { report: HistoryReport; nameOf: NameOf }) {
  const { rows, kinds } = useMemo(() => timelineRows(report, nameOf), [report, nameOf]);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Not available at any time in this period.
      </Text>
    );
  return (
    <Stack gap={4} data-testid="history-timeline">
      {rows.map((row) => (
        <TimelineRow key={row.kind} row={row} />
      ))}
      <TimeAxis {...timelineSpan(report)} />
      {kinds > rows.length && <MoreKinds shown={rows.length} of={kinds} testId="history-timeline-more" />}
    </Stack>
  );
}

const TimelineRow = memo(function TimelineRow({ row }: { row: TimelineRowData }) {
  const [hovered, setHovered] = useState<string | null>(null);
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="xs" w={LABEL_COLUMN} truncate title={row.kind} style={{ flexShrink: 0 }}>
        {row.kind}
      </Text>
      <Tooltip.Floating label={hovered} disabled={hovered === null} role="tooltip">
        <div
          className={classes.track}
          onMouseOver={(e) => setHovered((e.target as HTMLElement).getAttribute('aria-label'))}
          onMouseLeave={() => setHovered(null)}
        >
          <Bars bars={row.bars} />
        </div>
      </Tooltip.Floating>
    </Group>
  );
});

// Not re-rendered when the row's tooltip changes.
const Bars = memo(function Bars({ bars }: { bars: TimelineRowData['bars'] }) {
  return bars.map((b) => (
    <div
      key={b.key}
      role="img"
      aria-label={b.label}
      data-testid="history-episode"
      data-open={b.open || undefined}
      className={classes.episode}
      style={{ left: b.left, width: b.width }}
    />
  ));
});

const LABEL_COLUMN = 300;
const TICK_LINE = '1px solid var(--mantine-color-default-border)';

function TimeAxis({ from, to }: { from: number; to: number }) {
  const ticks = timeTicks(from, to);
  return (
    <Group gap="xs" wrap="nowrap" aria-hidden="true">
      <Box w={LABEL_COLUMN} style={{ flexShrink: 0 }} />
      <Box pos="relative" h={16} style={{ flex: 1 }} data-testid="history-axis">
        {ticks.map((t) => (
          <Text
            key={t.at}
            span
            size="xs"
            c="dimmed"
            pos="absolute"
            top={0}
            data-tick={new Date(t.at).toISOString()}
            style={{
              left: `${t.share * 100}%`,
              whiteSpace: 'nowrap',
              lineHeight: '16px',
              // A line at the tick, the label beside it; the last labels sit on its left so they
              // do not run past the axis.
              ...(t.share > 0.92
                ? { transform: 'translateX(-100%)', borderRight: TICK_LINE, paddingRight: 3 }
                : { borderLeft: TICK_LINE, paddingLeft: 3 }),
            }}
          >
            {t.label}
          </Text>
        ))}
      </Box>
    </Group>
  );
}

/** Under a list cut to its most recently seen kinds: how many it shows, and how to see the rest. */
function MoreKinds({ shown, of, testId }: { shown: number; of: number; testId: string }) {
  return (
    <Text size="xs" c="dimmed" mt={4} data-testid={testId}>
      {`Showing ${shown} of ${of} kinds, those seen most recently: narrow by provider, GPUs per offer or region to see the others.`}
    </Text>
  );
}

const GONE_ROWS = 12;

/**
 * The kinds of this question not available now, the most recently seen first, and when each last
 * was ("last seen" of issue #16; the CLI's "Not available now" table): what may come back soon.
 */
function NotAvailableNow({ report, nameOf }: { report: HistoryReport; nameOf: NameOf }) {
  const now = useNow(30_000);
  const gone = useMemo(
    () =>
      report.lastSeen
        .filter((l) => !l.availableNow)
        // ISO times sort as text; never seen available (null) last.
        .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '')),
    [report],
  );
  if (gone.length === 0) return null;
  return (
    <Paper withBorder p="md" data-testid="history-gone">
      <Title order={2} size="h5" mb="xs">
        Not available now
      </Title>
      <table className={classes.gone}>
        <thead>
          <tr>
            <th>Offer kind</th>
            <th>Last available</th>
          </tr>
        </thead>
        <tbody>
          {gone.slice(0, GONE_ROWS).map((l) => {
            const kind = kindLabel(l, nameOf);
            return (
              <tr key={kind}>
                <td>{kind}</td>
                <td title={l.lastSeen ? EPISODE_TIME.format(Date.parse(l.lastSeen)) : undefined}>
                  {l.lastSeen ? relativeTime(l.lastSeen, now) : 'never available'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {gone.length > GONE_ROWS && <MoreKinds shown={GONE_ROWS} of={gone.length} testId="history-gone-more" />}
    </Paper>
  );
}

function Heatmap({ report }: { report: HistoryReport }) {
  return (
    <>
      {/* A plain table: 168 cells of Mantine's Table.Td were most of the view's render after the timeline. */}
      <table className={classes.heatmap} data-testid="history-heatmap">
        <thead>
          <tr>
            <th />
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} className={classes.hour}>
                {h % 3 === 0 ? String(h).padStart(2, '0') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.heatmap.cells.map((row, d) => (
            <tr key={d}>
              <th className={classes.weekday}>{WEEKDAYS[d]}</th>
              {row.map((v, h) => (
                <td
                  key={h}
                  className={classes.cell}
                  title={`${WEEKDAYS[d]} ${String(h).padStart(2, '0')}:00 — ${v === null ? 'no data' : `${Math.round(v * 100)} % of polls`}`}
                  style={v === null ? undefined : { background: heatColor(v) }}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Group gap={4} mt={6} justify="flex-end" data-testid="history-heatmap-legend">
        <Text size="xs" c="dimmed">
          never
        </Text>
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <Box key={v} w={14} h={10} style={{ background: heatColor(v), borderRadius: 2 }} />
        ))}
        <Text size="xs" c="dimmed">
          every poll
        </Text>
      </Group>
    </>
  );
}

function PriceChart({ report, provider, nameOf }: { report: HistoryReport; provider: string | null; nameOf: NameOf }) {
  const points = useMemo(() => report.prices.filter((p) => p.provider === provider), [report, provider]);
  if (points.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No prices recorded in this period.
      </Text>
    );
  return (
    <DailyPriceChart
      points={points}
      label={`Daily cheapest price for ${report.query.gpu} on ${provider === null ? 'no provider' : nameOf(provider)}`}
    />
  );
}
