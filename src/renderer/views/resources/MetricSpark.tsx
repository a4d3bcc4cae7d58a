import '@mantine/charts/styles.css';
import { Group, Stack, Text } from '@mantine/core';
import { Sparkline } from '@mantine/charts';
import type { MetricSeries } from '../../../shared/model';
import { humanizeKey } from '../../../shared/format';
import { formatNumber } from '../../lib/format';

/** A metric as a small chart plus its numbers in text (the chart alone says nothing to a screen reader). */
export function MetricSpark({ series }: { series: MetricSeries }) {
  const values = series.points.map((p) => p[1]);
  const last = values.at(-1);
  const min = values.length ? Math.min(...values) : undefined;
  const max = values.length ? Math.max(...values) : undefined;
  const label = series.label ?? humanizeKey(series.name);
  const summary =
    last === undefined
      ? `${label}: ${series.note ?? 'no data'}`
      : `${label}: ${formatNumber(last, series.unit)} now, range ${formatNumber(min!, series.unit)}–${formatNumber(max!, series.unit)}`;
  return (
    <Stack gap={2} data-metric={series.name}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" truncate>
          {label}
        </Text>
        <Text size="xs" fw={600} ff="monospace">
          {last === undefined ? '—' : formatNumber(last, series.unit)}
        </Text>
      </Group>
      {values.length > 1 ? (
        <Sparkline
          h={36}
          data={values}
          curveType="monotone"
          color={series.name.includes('error') ? 'red' : 'indigo'}
          fillOpacity={0.35}
          strokeWidth={1.5}
          role="img"
          aria-label={summary}
        />
      ) : (
        // One point is not a line yet: the series grows with each poll (24 h kept).
        <Text size="xs" c="dimmed">
          {last === undefined ? (series.note ?? 'no data yet') : 'first sample: the chart starts at the next poll'}
        </Text>
      )}
    </Stack>
  );
}
