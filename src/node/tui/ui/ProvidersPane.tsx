/**
 * Pane 4, the header: every provider in use with its state, freshness (age of the last good data)
 * and rate-limit use (requests in the current limiter window / our cap). Compact cells when not
 * focused; one line per provider, with the error, when focused.
 */
import { memo, useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { Empty, HeaderRow, Pane, Row } from './Pane';
import { PROVIDER_COLOUR, tint, useLook } from './context';
import { fit, fitEnd, oneLine, visibleWindow } from '../text';
import { duration } from '../../cli/output/format';
import type { ProviderStatus } from '../../../shared/model';
import { inUse, type ProviderRow } from '../view-model';

/**
 * Re-renders its user every `ms` (only the header ticks; the panes below re-render on data). A tick
 * costs a whole frame (ink redraws the screen's text), and idle must stay idle (bench/tui.bench.ts).
 */
function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/**
 * Age of the last good data in at most 5 columns, in 10-second steps under a minute and whole minutes
 * above: what a 10-second tick can keep true (providers poll every minute or more).
 */
export function freshness(p: ProviderStatus, now: number): string {
  if (!p.lastSuccess) return p.lastAttempt ? 'failed' : 'never';
  const ms = Math.max(0, now - Date.parse(p.lastSuccess));
  if (ms < 10_000) return '<10s';
  if (ms < 60_000) return `${Math.floor(ms / 10_000) * 10}s`;
  return duration(Math.floor(ms / 60_000) * 60_000);
}

export function rateUse(p: ProviderStatus): string {
  if (!p.rateLimit) return '-';
  if (p.rateLimit.blockedUntil && Date.parse(p.rateLimit.blockedUntil) > Date.now()) return 'blocked';
  return `${p.rateLimit.used}/${p.rateLimit.limit}`;
}

const AGE_TICK_MS = 10_000;

/** A compact cell at its narrowest: state glyph, a 9-column name, age (5) and rate use (7). */
const CELL_WIDTH = 26;
/** Columns of a cell that are not its name. */
const CELL_FIXED = CELL_WIDTH - 9;
/** Longest name a cell shows whole ("Hetzner Cloud", "DigitalOcean/team"). */
const NAME_MAX = 18;

/**
 * The compact form's layout: as few lines as the narrowest cells need, the cells then spread evenly
 * over them, and the room that leaves given to the names. Twelve providers at 120 columns: three
 * lines of four, and names of 13 ("Hetzner Cloud") instead of "Cloudfla…" and "DigitalO…".
 */
export function compactLayout(count: number, width: number): { lines: number; perLine: number; nameWidth: number } {
  const lines = Math.max(1, Math.ceil(count / Math.max(1, Math.floor(width / CELL_WIDTH))));
  const perLine = Math.max(1, Math.ceil(count / lines));
  const nameWidth = Math.min(NAME_MAX, Math.max(9, Math.floor(width / perLine) - CELL_FIXED));
  return { lines, perLine, nameWidth };
}

/** Height of the compact form's body. */
export function compactLines(count: number, width: number): number {
  return compactLayout(count, width).lines;
}

interface ProvidersPaneProps {
  rows: readonly ProviderRow[];
  selected: number;
  focused: boolean;
  width: number;
  height: number;
}

export const ProvidersPane = memo(function ProvidersPane(p: ProvidersPaneProps) {
  const look = useLook();
  const g = look.glyphs;
  const now = useNow(AGE_TICK_MS);
  const used = p.rows.filter((r) => inUse(r.status));
  const idle = p.rows.length - used.length;
  const info = `${used.length} in use${idle ? `, ${idle} not configured` : ''}`;
  if (!p.focused) {
    const { perLine, nameWidth } = compactLayout(used.length, p.width);
    const lines: ProviderRow[][] = [];
    for (let i = 0; i < used.length; i += perLine) lines.push(used.slice(i, i + perLine));
    return (
      <Pane index={4} title="Providers" info={info} focused={false} width={p.width} height={p.height}>
        {used.length === 0 ? (
          <Empty text="No provider configured: cloudtop auth set <provider>" width={p.width} />
        ) : null}
        {lines.map((line, i) => (
          <Box key={i}>
            {line.map((r) => {
              const s = r.status;
              const name = s.account === 'default' ? s.displayName : `${s.displayName}/${s.account}`;
              return (
                <Text key={r.key} wrap="truncate">
                  {' '}
                  <Text {...tint(look, PROVIDER_COLOUR[s.state])}>{g.provider[s.state]}</Text>{' '}
                  <Text {...(s.stale ? tint(look, 'yellow') : {})}>
                    {fit(name, nameWidth, g)} {fitEnd(freshness(s, now), 5, g)}
                  </Text>{' '}
                  <Text dimColor={look.color}>{fit(rateUse(s), 7, g)}</Text>
                </Text>
              );
            })}
          </Box>
        ))}
      </Pane>
    );
  }
  const err = Math.max(0, p.width - 2 - 16 - 1 - 12 - 1 - 7 - 1 - 8 - 1 - 12 - 1);
  const body = Math.max(0, p.height - 2);
  const { start, end } = visibleWindow(p.rows.length, p.selected, body);
  return (
    <Pane index={4} title="Providers" info={info} focused width={p.width} height={p.height}>
      <HeaderRow
        text={`${fit('PROVIDER', 16, g)} ${fit('STATE', 12, g)} ${fitEnd('AGE', 7, g)} ${fit('RATE', 8, g)} ${fit('OFFERS/RES', 12, g)} ${fit('ERROR', err, g)}`}
      />
      {p.rows.slice(start, end).map((r, i) => {
        const s = r.status;
        const name = s.account === 'default' ? s.displayName : `${s.displayName}/${s.account}`;
        return (
          <Row key={r.key} selected={start + i === p.selected} focused>
            {fit(name, 16, g)}{' '}
            <Text {...tint(look, PROVIDER_COLOUR[s.state])}>
              {fit(`${g.provider[s.state]} ${s.state}${s.stale ? '*' : ''}`, 12, g)}
            </Text>{' '}
            {fitEnd(freshness(s, now), 7, g)} {fit(rateUse(s), 8, g)} {fit(`${s.offerCount}/${s.resourceCount}`, 12, g)}{' '}
            <Text {...tint(look, 'red')}>{fit(oneLine(s.error?.message ?? '', g), err, g)}</Text>
          </Row>
        );
      })}
    </Pane>
  );
});
