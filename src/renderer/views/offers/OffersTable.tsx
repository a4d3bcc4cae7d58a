/**
 * The offers table, virtualised: only the rows in view (plus overscan) are in the DOM, so 10,000+
 * offers scroll at frame rate. A real <table> with spacer rows keeps table semantics for screen
 * readers (aria-rowcount / aria-rowindex say where a row sits in the whole list).
 */
import { Button, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { GpuOffer, OfferSortKey } from '../../../shared/model';
import type { SortSpec } from '../../../shared/filter';
import { pricePerVramGbHour } from '../../../shared/filter';
import { AvailabilityBadge, StaleBadge } from '../../components/StateBadge';
import { ExternalLink } from '../../components/ExternalLink';
import { formatPrice, percent, relativeTime } from '../../lib/format';

export const ROW_HEIGHT = 40;

interface Column {
  id: string;
  label: string;
  width: number | string;
  sortKey?: OfferSortKey;
  align?: 'right';
}

// Fixed widths for everything but the GPU column, which takes what is left (min width of the table
// keeps it readable; narrower windows scroll sideways).
const COLUMNS: Column[] = [
  { id: 'gpu', label: 'GPU', width: 'auto', sortKey: 'gpu' },
  { id: 'perGpuHour', label: '$/GPU-h', width: 90, sortKey: 'perGpuHour', align: 'right' },
  { id: 'perHour', label: '$/h', width: 80, sortKey: 'perHour', align: 'right' },
  { id: 'vram', label: 'VRAM', width: 76, sortKey: 'perVramGbHour', align: 'right' },
  { id: 'provider', label: 'Provider', width: 104, sortKey: 'provider' },
  { id: 'region', label: 'Region', width: 104 },
  { id: 'billing', label: 'Billing', width: 140 },
  { id: 'availability', label: 'Availability', width: 124 },
  { id: 'reliability', label: 'Reliab.', width: 72, sortKey: 'reliability', align: 'right' },
  { id: 'age', label: 'Fetched', width: 96 },
  { id: 'actions', label: 'Actions', width: 136 },
];

export interface OffersTableProps {
  rows: readonly GpuOffer[];
  sort: SortSpec;
  onSort: (s: SortSpec) => void;
  /** Per provider: when its data was last fetched and whether it is stale (diffs omit fetchedAt-only changes). */
  freshness: ReadonlyMap<string, { name: string; lastSuccess?: string; stale: boolean }>;
  now: number;
  onWatch: (o: GpuOffer) => void;
  onOpenConsole: (o: GpuOffer) => void;
  /** Scroll to and highlight this offer; `seq` makes a repeated request for the same id count. */
  focus?: { offerId: string; seq: number };
}

export function OffersTable({ rows, sort, onSort, freshness, now, onWatch, onOpenConsole, focus }: OffersTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  const handledFocus = useRef(0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  useEffect(() => {
    if (!focus || focus.seq === handledFocus.current) return;
    const i = rows.findIndex((o) => o.id === focus.offerId);
    if (i < 0) return;
    handledFocus.current = focus.seq;
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'center' });
    scrollRef.current?.focus();
  }, [focus, rows, virtualizer]);

  const move = (to: number) => {
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, to));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => rows[active] && onWatch(rows[active]),
      o: () => rows[active] && onOpenConsole(rows[active]),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0]!.start : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <div
      ref={scrollRef}
      tabIndex={0}
      role="region"
      aria-label="Offers. Arrow keys move, Enter watches the highlighted offer, o opens its console."
      onKeyDown={onKeyDown}
      data-testid="offers-scroll"
      style={{ height: '100%', overflow: 'auto', outlineOffset: -2 }}
    >
      <Table
        stickyHeader
        highlightOnHover
        verticalSpacing={0}
        horizontalSpacing="xs"
        style={{ tableLayout: 'fixed', minWidth: 1150 }}
        aria-rowcount={rows.length + 1}
        data-testid="offers-table"
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <Table.Th
                key={c.id}
                style={{ width: c.width, textAlign: c.align, whiteSpace: 'nowrap' }}
                aria-sort={
                  c.sortKey && sort.key === c.sortKey ? (sort.dir === 'desc' ? 'descending' : 'ascending') : undefined
                }
              >
                {c.sortKey ? (
                  <UnstyledButton
                    fw={700}
                    fz="sm"
                    onClick={() =>
                      onSort({ key: c.sortKey!, dir: sort.key === c.sortKey && sort.dir !== 'desc' ? 'desc' : 'asc' })
                    }
                  >
                    {c.label}
                    {sort.key === c.sortKey ? (sort.dir === 'desc' ? ' ▼' : ' ▲') : ''}
                  </UnstyledButton>
                ) : (
                  c.label
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {padTop > 0 && (
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
          {items.map((vi) => {
            const o = rows[vi.index]!;
            const f = freshness.get(o.provider);
            return (
              <OfferRow
                key={o.id}
                offer={o}
                index={vi.index}
                active={vi.index === active}
                stale={f?.stale ?? false}
                fetchedAt={f?.lastSuccess ?? o.fetchedAt}
                providerName={f?.name ?? o.provider}
                now={now}
                onWatch={onWatch}
              />
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && (
        <Text c="dimmed" ta="center" py="xl">
          No offers match these filters.
        </Text>
      )}
    </div>
  );
}

interface RowProps {
  offer: GpuOffer;
  index: number;
  active: boolean;
  stale: boolean;
  fetchedAt: string;
  providerName: string;
  now: number;
  onWatch: (o: GpuOffer) => void;
}

const cell = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

const OfferRow = memo(function OfferRow({
  offer: o,
  index,
  active,
  stale,
  fetchedAt,
  providerName,
  now,
  onWatch,
}: RowProps) {
  const perVram = pricePerVramGbHour(o);
  return (
    <Table.Tr
      aria-rowindex={index + 2}
      aria-current={active ? 'true' : undefined}
      data-offer-row={o.id}
      data-active={active || undefined}
      style={{
        height: ROW_HEIGHT,
        background: active ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      <Table.Td style={cell} title={o.gpu.rawName}>
        <Text span fw={600} size="sm">
          {o.gpu.count}× {o.gpu.model}
        </Text>
      </Table.Td>
      <Table.Td style={{ ...cell, textAlign: 'right' }}>
        <Text span size="sm" fw={600} ff="monospace">
          {formatPrice(o.price.perGpuHour, o.price.currency)}
        </Text>
      </Table.Td>
      <Table.Td style={{ ...cell, textAlign: 'right' }}>
        <Text span size="sm" ff="monospace">
          {formatPrice(o.price.perHour, o.price.currency)}
        </Text>
      </Table.Td>
      <Table.Td
        style={{ ...cell, textAlign: 'right' }}
        title={perVram === undefined ? undefined : `${formatPrice(perVram)}/GB-h`}
      >
        {o.gpu.vramGb === undefined ? '—' : `${o.gpu.vramGb} GB`}
      </Table.Td>
      <Table.Td style={cell}>{providerName}</Table.Td>
      <Table.Td style={cell} title={o.region.name ?? o.region.id}>
        {o.region.country ? `${o.region.country} · ` : ''}
        {o.region.id}
      </Table.Td>
      <Table.Td style={cell}>
        {o.price.billing}
        {o.cloud ? ` · ${o.cloud}` : ''}
      </Table.Td>
      <Table.Td style={cell}>
        <AvailabilityBadge state={o.availability.state} count={o.availability.count} />
      </Table.Td>
      <Table.Td style={{ ...cell, textAlign: 'right' }}>
        {o.quality.reliability === undefined ? '—' : percent(o.quality.reliability)}
        {o.quality.verified ? ' ✓' : ''}
      </Table.Td>
      <Table.Td style={cell}>
        <Group gap={4} wrap="nowrap">
          <Text span size="xs" c="dimmed">
            {relativeTime(fetchedAt, now)}
          </Text>
          {stale && <StaleBadge />}
        </Group>
      </Table.Td>
      <Table.Td style={cell}>
        <Group gap={4} wrap="nowrap">
          {o.consoleUrl && (
            <ExternalLink href={o.consoleUrl} size="xs" aria-label={`Open ${providerName} console for ${o.gpu.model}`}>
              Console ↗
            </ExternalLink>
          )}
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => onWatch(o)}
            aria-label={`Watch offers like ${o.gpu.count}× ${o.gpu.model} on ${providerName}`}
          >
            Watch
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
});
