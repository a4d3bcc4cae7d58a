/** Pane 2: your resources with their state and a sparkline of their main metric (CPU where there is one). */
import { memo } from 'react';
import { Text } from 'ink';
import { Empty, HeaderRow, Pane, Row } from './Pane';
import { RESOURCE_COLOUR, tint, useLook } from './context';
import { fit, fitEnd, oneLine, visibleWindow } from '../text';
import { sparkline } from '../sparkline';
import type { ResourceRow } from '../view-model';

interface ResourcesPaneProps {
  rows: readonly ResourceRow[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  sortLabel: string;
  loading: boolean;
}

/** `12.3%`, `4.1k` — the latest value of the main metric in 6 columns. */
function shortValue(v: number | undefined, unit: string | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  if (unit === 'percent') return `${v.toFixed(v < 10 ? 1 : 0)}%`;
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return abs >= 10 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1);
}

export const ResourcesPane = memo(function ResourcesPane(p: ResourcesPaneProps) {
  const look = useLook();
  const g = look.glyphs;
  const state = 9;
  const provider = p.width >= 56 ? 11 : 0;
  const value = 6;
  const spark = p.width >= 36 ? Math.min(16, Math.floor(p.width / 5)) : 0;
  // Two columns of margin on the right: the Alerts pane sits next to this one.
  const name = Math.max(
    4,
    p.width - 2 - 2 - (provider ? provider + 1 : 0) - state - 1 - (spark ? spark + 1 : 0) - value - 1,
  );
  const body = Math.max(0, p.height - 2);
  const { start, end } = visibleWindow(p.rows.length, p.selected, body);
  const header = `${provider ? `${fit('PROVIDER', provider, g)} ` : ''}${fit('NAME', name, g)} ${fit('STATE', state, g)}${
    spark ? ` ${fit('METRIC', spark, g)}` : ''
  } ${fitEnd('NOW', value, g)}`;
  return (
    <Pane
      index={2}
      title="Resources"
      info={`${p.rows.length} · sort ${p.sortLabel}`}
      focused={p.focused}
      width={p.width}
      height={p.height}
    >
      <HeaderRow text={header} />
      {p.rows.length === 0 ? (
        <Empty
          text={p.loading ? 'Waiting for the first poll…' : 'No resources (configure a cloud provider).'}
          width={p.width}
        />
      ) : (
        p.rows.slice(start, end).map((r, i) => {
          const res = r.resource;
          const points = r.metric?.points.map((pt) => pt[1]) ?? [];
          return (
            <Row key={r.key} selected={start + i === p.selected} focused={p.focused}>
              {provider ? `${fit(res.provider, provider, g)} ` : ''}
              {fit(oneLine(res.name, g), name, g)}{' '}
              <Text {...tint(look, RESOURCE_COLOUR[res.state])}>{fit(res.state, state, g)}</Text>
              {spark ? ` ${sparkline(points, spark, g.spark)}` : ''}{' '}
              {fitEnd(shortValue(r.latest, r.metric?.unit), value, g)}
            </Row>
          );
        })
      )}
    </Pane>
  );
});
