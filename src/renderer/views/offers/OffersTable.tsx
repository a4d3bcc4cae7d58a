/**
 * The offers table, windowed (lib/use-row-window.ts): only the rows in view (plus overscan) are in
 * the DOM, so 10,000+ offers scroll at frame rate. Rows are grid rows with the ARIA table roles
 * (table, rowgroup, row, columnheader, cell), with spacers above and below, so screen readers read
 * a table (aria-rowcount / aria-rowindex say where a row sits in the whole list). Rows are plain elements
 * styled by OffersTable.module.css (see there why grid, not <table>).
 *
 * Rows are keyed by position, not by offer: when a keystroke re-filters the list, the ~20 rows in
 * view keep their elements and only their text changes, instead of all their elements being
 * removed and created (UI bench: keystroke → repaint ~18 ms → ~14 ms). Like the highlighted row
 * (`active`, an index), a position then shows whichever offer is there now; so that a focused
 * Console/Watch control never silently comes to mean another offer, focus moves to the table when
 * that happens.
 */
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { AvailabilityState, GpuOffer, OfferSortKey } from '../../../shared/model';
import { pricePerVramGbHour, type SortSpec } from '../../../shared/filter';
import { billingLabel, quotaSummary, regionLabel } from '../../../shared/format';
import { formatPrice, formatPriceInColumn, percent } from '../../lib/format';
import { useRowWindow } from '../../lib/use-row-window';
import classes from './OffersTable.module.css';

export const ROW_HEIGHT = 40;

interface Column {
  id: string;
  label: string;
  /** Pixels; `fill` takes what the others leave. */
  width: number | 'fill';
  sortKey?: OfferSortKey;
  align?: 'right';
}

// Fixed widths for everything but the GPU column, which takes what is left (the table's min width
// keeps it readable; narrower windows scroll sideways).
const COLUMNS: Column[] = [
  { id: 'gpu', label: 'GPU', width: 'fill', sortKey: 'gpu' },
  { id: 'perGpuHour', label: '$/GPU-h', width: 84, sortKey: 'perGpuHour', align: 'right' },
  { id: 'perHour', label: '$/h', width: 76, sortKey: 'perHour', align: 'right' },
  { id: 'vram', label: 'VRAM', width: 68, sortKey: 'perVramGbHour', align: 'right' },
  // "DigitalOcean" and its STALE badge (offers.spec.ts checks it fits: the cell does not clip).
  { id: 'provider', label: 'Provider', width: 152, sortKey: 'provider' },
  // Long region names end in an ellipsis (the full name on hover).
  { id: 'region', label: 'Region', width: 104 },
  // "interruptible · community" whole, or "on-demand" and its QUOTA SHORT badge.
  { id: 'billing', label: 'Billing', width: 188 },
  // "available · 999" whole (OCI counts the instances it can create).
  { id: 'availability', label: 'Availability', width: 120 },
  { id: 'reliability', label: 'Reliab.', width: 64, sortKey: 'reliability', align: 'right' },
  // No "fetched … ago" per row: it is the provider's, said once in the freshness bar above the
  // table; a row says only when its provider's data is stale (in the Provider cell).
  { id: 'actions', label: 'Actions', width: 136 },
];

// The GPU column never gets narrower than this ("8× RTX-A6000" fits): in a narrow window the table
// scrolls sideways instead of cutting the GPU down to "1× RTX-3…".
const GPU_MIN_WIDTH = 120;

// Header and rows share one grid template, so their columns line up (see the CSS).
const GRID_STYLE = {
  '--offer-columns': COLUMNS.map((c) => (c.width === 'fill' ? `minmax(${GPU_MIN_WIDTH}px, 1fr)` : `${c.width}px`)).join(
    ' ',
  ),
  minWidth: COLUMNS.reduce((sum, c) => sum + (c.width === 'fill' ? GPU_MIN_WIDTH : c.width), 0),
} as CSSProperties;
const HEAD_NUM = `${classes.th} ${classes.num}`;

const LISTED_TITLE = 'Offered in the catalogue; capacity unknown';

/** The provider's words, plus what `listed` means and why a quota blocks it; none when there is nothing to say. */
function availabilityTitle(o: GpuOffer): string | undefined {
  if (o.availability.state !== 'listed' && !o.quota?.reason) return o.availability.detail;
  return [o.availability.state === 'listed' ? LISTED_TITLE : undefined, o.availability.detail, o.quota?.reason]
    .filter(Boolean)
    .join(' — ');
}
const AVAILABILITY_COLOR: Record<AvailabilityState, string> = {
  available: 'teal',
  low: 'yellow',
  none: 'gray',
  unknown: 'gray',
  listed: 'listed',
};

export interface OffersTableProps {
  rows: readonly GpuOffer[];
  sort: SortSpec;
  onSort: (s: SortSpec) => void;
  /** Per provider: its name and whether its data is stale. */
  freshness: ReadonlyMap<string, { name: string; stale: boolean }>;
  onWatch: (o: GpuOffer) => void;
  onOpenConsole: (o: GpuOffer) => void;
  /** Desktop: console links go through `onOpenConsole` (main's allow-list) instead of the browser. */
  interceptLinks: boolean;
  /** Scroll to and highlight this offer; `seq` makes a repeated request for the same id count. */
  focus?: { offerId: string; seq: number };
}

export const OffersTable = memo(function OffersTable({
  rows,
  sort,
  onSort,
  freshness,
  onWatch,
  onOpenConsole,
  interceptLinks,
  focus,
}: OffersTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  const handledFocus = useRef(0);
  // Every row in the DOM is re-rendered and laid out again on each keystroke (rows are keyed by
  // position), so as few beyond the view as scrolling needs: one, since the window moves when a
  // scroll crosses a row boundary and is at most a row behind (use-row-window.ts). Traces of table
  // keystrokes, 3 rows → 1: layout 3.1 → 2.6 ms, paint 1.9 → 1.7 ms for a key that changes every row.
  const view = useRowWindow(scrollRef, headRef, rows.length, ROW_HEIGHT, 1);
  const { scrollToIndex } = view;

  useEffect(() => {
    if (!focus || focus.seq === handledFocus.current) return;
    const i = rows.findIndex((o) => o.id === focus.offerId);
    if (i < 0) return;
    handledFocus.current = focus.seq;
    setActive(i);
    scrollToIndex(i, 'center');
    scrollRef.current?.focus();
  }, [focus, rows, scrollToIndex]);

  const move = (to: number) => {
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, to));
    setActive(i);
    scrollToIndex(i, 'auto');
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

  // A row's offer changed under a focused control inside it: hand focus to the table itself.
  const onFocusedRowReplaced = useCallback(() => scrollRef.current?.focus(), []);

  const inView: number[] = [];
  for (let i = view.start; i < view.end; i++) inView.push(i);

  return (
    <div
      ref={scrollRef}
      tabIndex={0}
      role="region"
      aria-label="Offers. Arrow keys move, Enter watches the highlighted offer, o opens its console."
      onKeyDown={onKeyDown}
      data-testid="offers-scroll"
      className={classes.scroll}
    >
      <div
        role="table"
        aria-label="Offers"
        className={classes.table}
        style={GRID_STYLE}
        aria-rowcount={rows.length + 1}
        data-testid="offers-table"
      >
        <div role="rowgroup" className={classes.head} ref={headRef}>
          <div role="row" aria-rowindex={1} className={classes.headRow}>
            {COLUMNS.map((c) => (
              <div
                role="columnheader"
                key={c.id}
                className={c.align === 'right' ? HEAD_NUM : classes.th}
                aria-sort={
                  c.sortKey && sort.key === c.sortKey ? (sort.dir === 'desc' ? 'descending' : 'ascending') : undefined
                }
              >
                {c.sortKey ? (
                  <button
                    type="button"
                    className={classes.sort}
                    onClick={() =>
                      onSort({ key: c.sortKey!, dir: sort.key === c.sortKey && sort.dir !== 'desc' ? 'desc' : 'asc' })
                    }
                  >
                    {c.label}
                    {sort.key === c.sortKey ? (sort.dir === 'desc' ? ' ▼' : ' ▲') : ''}
                  </button>
                ) : (
                  c.label
                )}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup">
          {view.padTop > 0 && <div aria-hidden="true" style={{ height: view.padTop }} />}
          {inView.map((index) => {
            const o = rows[index]!;
            const f = freshness.get(o.provider);
            return (
              <OfferRow
                key={index}
                offer={o}
                index={index}
                active={index === active}
                stale={f?.stale ?? false}
                providerName={f?.name ?? o.provider}
                onWatch={onWatch}
                onOpenConsole={interceptLinks ? onOpenConsole : undefined}
                onFocusedRowReplaced={onFocusedRowReplaced}
              />
            );
          })}
          {view.padBottom > 0 && <div aria-hidden="true" style={{ height: view.padBottom }} />}
        </div>
      </div>
      {rows.length === 0 && <p className={classes.empty}>No offers match these filters.</p>}
    </div>
  );
});

interface RowProps {
  offer: GpuOffer;
  index: number;
  active: boolean;
  stale: boolean;
  providerName: string;
  onWatch: (o: GpuOffer) => void;
  onOpenConsole?: (o: GpuOffer) => void;
  onFocusedRowReplaced: () => void;
}

const c = classes;
// Class lists built once, and one text node per cell (one string, not fragments): a row is updated
// in place on every keystroke and scroll frame, so fewer nodes is less work for React and the DOM.
const CELL_GPU = `${c.cell} ${c.strong}`;
const CELL_PRICE_GPU = `${c.cell} ${c.num} ${c.mono} ${c.strong}`;
const CELL_PRICE = `${c.cell} ${c.num} ${c.mono}`;
const CELL_NUM = `${c.cell} ${c.num}`;
const CELL_BOUNDED = `${c.cell} ${c.bounded}`;
const CELL_ACTIONS = `${c.cell} ${c.actions}`;

const OfferRow = memo(function OfferRow({
  offer: o,
  index,
  active,
  stale,
  providerName,
  onWatch,
  onOpenConsole,
  onFocusedRowReplaced,
}: RowProps) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = useRef(o.id);
  useLayoutEffect(() => {
    if (shown.current === o.id) return;
    shown.current = o.id;
    if (ref.current?.contains(document.activeElement)) onFocusedRowReplaced();
  }, [o.id, onFocusedRowReplaced]);
  const perVram = pricePerVramGbHour(o);
  const avail = o.availability;
  const openConsole = onOpenConsole
    ? (e: MouseEvent<HTMLAnchorElement>) => {
        e.preventDefault();
        onOpenConsole(o);
      }
    : undefined;
  return (
    <div
      ref={ref}
      role="row"
      className={c.row}
      aria-rowindex={index + 2}
      aria-current={active ? 'true' : undefined}
      data-offer-row={o.id}
      data-active={active || undefined}
    >
      <div role="cell" className={CELL_GPU} title={o.gpu.rawName}>
        {`${o.gpu.count}× ${o.gpu.model}`}
      </div>
      <div role="cell" className={CELL_PRICE_GPU}>
        {formatPriceInColumn(o.price.perGpuHour, o.price.currency)}
      </div>
      <div role="cell" className={CELL_PRICE}>
        {formatPriceInColumn(o.price.perHour, o.price.currency)}
      </div>
      <div role="cell" className={CELL_NUM} title={perVram === undefined ? undefined : `${formatPrice(perVram)}/GB-h`}>
        {o.gpu.vramGb === undefined ? '—' : `${o.gpu.vramGb} GB`}
      </div>
      <div role="cell" className={CELL_BOUNDED}>
        {providerName}
        {stale && (
          <span className={c.stale} title="Older than its poll interval, or the last poll failed">
            stale
          </span>
        )}
      </div>
      <div role="cell" className={c.cell} title={o.region.name ?? o.region.id}>
        {regionLabel(o.region)}
      </div>
      <div role="cell" className={CELL_BOUNDED}>
        {billingLabel(o.price.billing, o.cloud, o.provider)}
        {/* Here, not beside the availability badge, which had no room for it: a quota is per billing
            (AWS counts spot and on-demand vCPUs apart), and the clouds that have quotas write short billings. */}
        {o.quota?.reason && (
          <span className={c.stale} title={o.quota.reason} data-quota-blocked>
            {quotaSummary(o)?.badge}
          </span>
        )}
      </div>
      <div role="cell" className={CELL_BOUNDED}>
        <span className={c.badge} data-color={AVAILABILITY_COLOR[avail.state]} title={availabilityTitle(o)}>
          {avail.count !== undefined && avail.state !== 'none' ? `${avail.state} · ${avail.count}` : avail.state}
        </span>
      </div>
      <div role="cell" className={CELL_NUM}>
        {`${o.quality.reliability === undefined ? '—' : percent(o.quality.reliability)}${o.quality.verified ? ' ✓' : ''}`}
      </div>
      <div role="cell" className={CELL_ACTIONS}>
        {o.consoleUrl && /^https:\/\//.test(o.consoleUrl) && (
          <a
            className={c.link}
            href={o.consoleUrl}
            target="_blank"
            rel="noopener noreferrer"
            onClick={openConsole}
            aria-label={`Open ${providerName} console for ${o.gpu.model}`}
          >
            Console ↗
          </a>
        )}
        <button
          type="button"
          className={c.action}
          onClick={() => onWatch(o)}
          aria-label={`Watch offers like ${o.gpu.count}× ${o.gpu.model} on ${providerName}`}
        >
          Watch
        </button>
      </div>
    </div>
  );
});
