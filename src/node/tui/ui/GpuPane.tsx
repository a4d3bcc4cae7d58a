/** Pane 1: one row per GPU model — cheapest $/GPU-h, where, available/total, trend and sparkline. */
import { memo } from 'react';
import { Text } from 'ink';
import { Empty, HeaderRow, Pane, Row } from './Pane';
import { tint, useLook, type Look } from './context';
import { fit, fitEnd, visibleWindow } from '../text';
import { sparkline, trendGlyph } from '../sparkline';
import { money } from '../../cli/output/format';
import type { GpuRow } from '../view-model';
import { countOf } from '../../../shared/format';

interface GpuColumns {
  model: number;
  price: number;
  where: number;
  avail: number;
  spark: number;
}

/** Column widths for a pane `width` wide (2 for the cursor, 1 between columns). */
function gpuColumns(width: number): GpuColumns {
  const model = width >= 100 ? 18 : 14;
  const price = 8;
  const avail = 9;
  const fixed = 2 + model + 1 + price + 2 + 1 + avail + 1;
  const rest = Math.max(0, width - fixed);
  const spark = rest >= 28 ? Math.min(32, rest - 18) : rest >= 20 ? rest - 14 : 0;
  const where = Math.max(0, rest - spark - (spark ? 1 : 0));
  return { model, price, where, avail, spark };
}

function gpuRowText(r: GpuRow, c: GpuColumns, look: Look): { main: string; trend: string; tail: string } {
  const g = look.glyphs;
  const best = r.group.cheapest;
  const price = best ? money(best.perGpuHour) : money(r.group.cheapestAny.perGpuHour);
  const where = best ? `${best.provider} ${best.regionId}` : 'sold out';
  const main = `${fit(r.key, c.model, g)} ${fitEnd(price, c.price, g)} `;
  const tail = ` ${fit(where, c.where, g)} ${fitEnd(`${r.group.availableCount}/${r.group.offerCount}`, c.avail, g)}${
    c.spark ? ` ${sparkline(r.prices, c.spark, g.spark)}` : ''
  }`;
  return { main, trend: trendGlyph(r.trend, g), tail };
}

interface GpuPaneProps {
  rows: readonly GpuRow[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
  offerCount: number;
  sortLabel: string;
  loading: boolean;
  /** Changes when the price history has a new sample (rows carry the series by reference). */
  historyVersion: number;
  /** What the sparklines span ("24 h", "session"). */
  priceSpan: string;
}

export const GpuPane = memo(function GpuPane(p: GpuPaneProps) {
  const look = useLook();
  const g = look.glyphs;
  const c = gpuColumns(p.width);
  const body = Math.max(0, p.height - 2);
  const { start, end } = visibleWindow(p.rows.length, p.selected, body);
  const header = `${fit('GPU', c.model, g)} ${fitEnd('$/GPU-h', c.price, g)}   ${fit('WHERE (cheapest)', c.where, g)} ${fitEnd('AVAIL/ALL', c.avail, g)}${c.spark ? ` ${fit(`PRICE (${p.priceSpan})`, c.spark, g)}` : ''}`;
  const info = `${countOf(p.rows.length, 'model')}, ${countOf(p.offerCount, 'offer')} · sort ${p.sortLabel}`;
  return (
    <Pane index={1} title="GPUs" info={info} focused={p.focused} width={p.width} height={p.height}>
      <HeaderRow text={header} />
      {p.rows.length === 0 ? (
        <Empty text={p.loading ? 'Waiting for the first poll…' : 'No GPU offers match.'} width={p.width} />
      ) : (
        p.rows.slice(start, end).map((r, i) => {
          const t = gpuRowText(r, c, look);
          const colour = r.trend === 'down' ? 'green' : r.trend === 'up' ? 'red' : undefined;
          return (
            <Row key={r.key} selected={start + i === p.selected} focused={p.focused}>
              {t.main}
              <Text {...tint(look, colour)}>{t.trend}</Text>
              <Text {...(r.group.cheapest ? {} : tint(look, 'gray'))}>{t.tail}</Text>
            </Row>
          );
        })
      )}
    </Pane>
  );
});
