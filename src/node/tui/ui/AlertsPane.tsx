/** Pane 3: watch events as they fire, newest first (suppressed ones dimmed, with why). */
import { memo } from 'react';
import { Text } from 'ink';
import { Empty, HeaderRow, Pane, Row } from './Pane';
import { tint, useLook } from './context';
import { fit, fitEnd, oneLine, visibleWindow } from '../text';
import { money } from '../../cli/output/format';
import type { AlertRow } from '../view-model';
import type { AlertEvent } from '../../../shared/model';

const KIND_WORD: Record<AlertEvent['kind'], string> = {
  appeared: 'appeared',
  'price-drop': 'cheaper',
  disappeared: 'gone',
};
const KIND_COLOUR = { appeared: 'green', 'price-drop': 'cyan', disappeared: 'yellow' } as const;

interface AlertsPaneProps {
  rows: readonly AlertRow[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  watchCount: number;
  bell: boolean;
}

const clock = (iso: string): string => {
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

export const AlertsPane = memo(function AlertsPane(p: AlertsPaneProps) {
  const look = useLook();
  const g = look.glyphs;
  const time = 8;
  const kind = 10;
  const price = 7;
  const what = Math.max(6, p.width - 2 - time - 1 - kind - 1 - price - 1);
  const body = Math.max(0, p.height - 2);
  const { start, end } = visibleWindow(p.rows.length, p.selected, body);
  return (
    <Pane
      index={3}
      title="Alerts"
      info={`${p.rows.length} · ${p.watchCount} watch${p.watchCount === 1 ? '' : 'es'}${p.bell ? '' : ' · bell off'}`}
      focused={p.focused}
      width={p.width}
      height={p.height}
    >
      <HeaderRow
        text={`${fit('TIME', time, g)} ${fit('EVENT', kind, g)} ${fitEnd('$/GPU-h', price, g)} ${fit('WHAT', what, g)}`}
      />
      {p.rows.length === 0 ? (
        <Empty text={p.watchCount ? 'No alerts yet.' : 'No watches: select a GPU and press w.'} width={p.width} />
      ) : (
        p.rows.slice(start, end).map((r, i) => {
          const e = r.event;
          const first = e.offers[0];
          const more = e.offers.length > 1 ? ` +${e.offers.length - 1}` : '';
          const text = first ? `${first.count}x ${first.model} ${first.provider} ${first.region}${more}` : e.watchName;
          return (
            <Row key={r.key} selected={start + i === p.selected} focused={p.focused}>
              <Text dimColor={look.color}>{fit(clock(e.at), time, g)}</Text>{' '}
              <Text {...tint(look, e.suppressed ? 'gray' : KIND_COLOUR[e.kind])}>
                {fit(e.suppressed ? `(${KIND_WORD[e.kind]})` : KIND_WORD[e.kind], kind, g)}
              </Text>{' '}
              {fitEnd(first ? money(first.perGpuHour) : '', price, g)} {fit(oneLine(text, g), what, g)}
            </Row>
          );
        })
      )}
    </Pane>
  );
});
