import { Group, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { MetricSeries } from '../../../shared/model';
import { humanizeKey } from '../../../shared/format';
import { formatNumber } from '../../lib/format';
import { sparkPath, type SparkBox } from '../../lib/sparkline';

/** The SVG's units: stretched to the card's width (the stroke is not: non-scaling). */
const BOX: SparkBox = { width: 100, height: 36, pad: 2 };

/** A metric as a small chart plus its numbers in text (the chart alone says nothing to a screen reader). */
export function MetricSpark({ series }: { series: MetricSeries }) {
  const values = series.points.map((p) => p[1]);
  const line = useMemo(
    () => sparkPath(series.points, series.points[0]?.[0] ?? 0, series.points.at(-1)?.[0] ?? 0, BOX),
    [series.points],
  );
  const last = values.at(-1);
  const min = values.length ? Math.min(...values) : undefined;
  const max = values.length ? Math.max(...values) : undefined;
  const label = series.label ?? humanizeKey(series.name);
  const color = series.name.includes('error') ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-indigo-6)';
  const summary =
    last === undefined
      ? `${label}: ${series.note ?? 'no data'}`
      : `${label}: ${formatNumber(last, series.unit)} now, range ${formatNumber(min!, series.unit)}–${formatNumber(max!, series.unit)}`;
  return (
    <Stack
      gap={2}
      data-metric={series.name}
      data-empty={last === undefined || undefined}
      data-first-sample={values.length === 1 || undefined}
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" truncate>
          {label}
        </Text>
        <Text size="xs" fw={600} ff="monospace">
          {last === undefined ? '—' : formatNumber(last, series.unit)}
        </Text>
      </Group>
      {values.length > 1 && line ? (
        <svg
          viewBox={`0 0 ${BOX.width} ${BOX.height}`}
          preserveAspectRatio="none"
          height={BOX.height}
          width="100%"
          role="img"
          aria-label={summary}
          style={{ display: 'block', overflow: 'visible' }}
        >
          <path
            d={`${line}L${BOX.width} ${BOX.height}L0 ${BOX.height}Z`}
            fill={color}
            fillOpacity={0.2}
            stroke="none"
          />
          <path d={line} fill="none" stroke={color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        </svg>
      ) : (
        // One point is not a line yet: the series grows with each poll or metrics pass (24 h kept).
        <Text size="xs" c="dimmed">
          {last === undefined ? (series.note ?? 'no data yet') : 'first sample: the chart starts with the next one'}
        </Text>
      )}
    </Stack>
  );
}
