/**
 * Offers: grouped per GPU model or the full (virtualised) table, with the shared filters, search,
 * sort and per-provider freshness. Performance notes (10,000 offers, see bench/ui.bench.ts):
 * the full list is sorted once per sort change and then only filtered (filtering keeps order);
 * typing on in the search box filters the previous result, not the whole list; the search texts
 * are built in idle time after the first paint; and the expensive children (filter panel, toolbar,
 * rows) are memoised and the search input is uncontrolled, so a keystroke re-renders the count and
 * the visible rows only.
 */
import {
  Box,
  Button,
  Center,
  CloseButton,
  Group,
  Indicator,
  Loader,
  NativeSelect,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import {
  Suspense,
  lazy,
  memo,
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  filterOffers,
  nearMisses,
  prepareSearch,
  searchNarrows,
  sortOffers,
  type NearMiss,
  type SortSpec,
} from '../../../shared/filter';
import { groupByModel } from '../../../shared/offers';
import type { GpuOffer, OfferFilter, OfferSortKey, ProviderInfo, ProviderStatus } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ViewBoundary } from '../../components/ViewBoundary';
import { Segmented } from '../../components/Segmented';
import { useNow } from '../../lib/use-now';
import { formatCount, relativeTime } from '../../lib/format';
import { useAppState, useStore } from '../../state/context';
import { previewGroups } from '../../state/store';
import { FreshnessBar } from './FreshnessBar';
import { NearMisses } from './NearMisses';
import { GroupedOffers } from './GroupedOffers';
import { OffersTable } from './OffersTable';
import classes from './OffersView.module.css';
import { watchDraftFromModel, watchDraftFromOffer } from './watch-draft';
import { countOf, providerNamesFrom } from '../../../shared/format';
import { SELLABLE_STATES } from '../../../shared/snapshot/preview';

const SORTS: { value: OfferSortKey; label: string }[] = [
  { value: 'perGpuHour', label: '$/GPU-h' },
  { value: 'perHour', label: '$/h' },
  { value: 'perVramGbHour', label: '$/VRAM-GB-h' },
  { value: 'gpu', label: 'GPU model' },
  { value: 'provider', label: 'Provider' },
  { value: 'reliability', label: 'Reliability' },
];

const EMPTY: GpuOffer[] = [];
const NO_MISSES: NearMiss[] = [];
const NO_STATUSES: ProviderStatus[] = [];
type Mode = 'grouped' | 'table';

let painted = false;

export function OffersView() {
  const store = useStore();
  const offers = useAppState((s) => s.snapshot?.offers ?? EMPTY);
  // Browser mode's first paint: the groups as the server computed them (store.ts previewGroups),
  // while the full snapshot is on its way.
  const previewed = useAppState(previewGroups);
  const total = useAppState((s) => s.snapshot?.offers.length ?? s.preview?.offerCount ?? 0);
  const previewModels = useAppState((s) => s.preview?.groups.all);
  const loading = useAppState((s) => s.snapshot === undefined) && previewed === undefined;
  const statuses = useAppState((s) => s.snapshot?.providers ?? s.preview?.providers ?? NO_STATUSES);
  const providers = useAppState((s) => s.providers);
  const focus = useAppState((s) => s.focus);
  const savedMode = useAppState((s) => s.settings?.settings.ui.offersView);
  const hideUnavailable = useAppState((s) => s.settings?.settings.ui.hideUnavailable ?? false);
  const desktop = useAppState((s) => s.appInfo?.mode === 'desktop');
  const filter = useAppState((s) => s.offers.filter);
  const search = useAppState((s) => s.offers.search);
  const sort = useAppState((s) => s.offers.sort);
  const showFilters = useAppState((s) => s.offers.showFilters);
  const mode: Mode = useAppState((s) => s.offers.mode) ?? savedMode ?? 'grouped';
  const now = useNow(15_000);
  // The filter form is a dozen inputs: mount it after the offers have painted, not before.
  const [panelReady, setPanelReady] = useState(painted);

  // Search filters in the same render as the keystroke: with cached search texts and a pre-sorted
  // list, 10,000 offers filter in a few ms, and one commit paints sooner than an urgent + a
  // deferred one (bench: ~16 ms vs ~26 ms per keystroke). Form changes stay deferred.
  const deferredFilter = useDeferredValue(filter);
  const base = useMemo<OfferFilter>(
    () =>
      hideUnavailable && !deferredFilter.availability
        ? { ...deferredFilter, availability: SELLABLE_STATES }
        : deferredFilter,
    [deferredFilter, hideUnavailable],
  );
  const ordered = useMemo(() => (mode === 'table' ? sortOffers(offers, sort) : offers), [offers, sort, mode]);
  // The last result, to narrow from while the user types on (same list, same form filter), when it
  // is smaller than the list: otherwise the list itself, whose search texts are prepared in idle time.
  const last = useRef<{ ordered: readonly GpuOffer[]; base: OfferFilter; search: string; rows: GpuOffer[] }>(null);
  const filtered = useMemo(() => {
    const q = search.trim();
    const prev = last.current;
    const from =
      prev &&
      prev.ordered === ordered &&
      prev.base === base &&
      prev.rows.length < ordered.length &&
      searchNarrows(prev.search, q)
        ? prev.rows
        : ordered;
    const rows = filterOffers(from, q ? { ...base, search: q } : base);
    last.current = { ordered, base, search: q, rows };
    return rows;
  }, [ordered, base, search]);
  const groups = useMemo(
    () => previewed ?? (mode === 'grouped' ? groupByModel(filtered) : []),
    [previewed, filtered, mode],
  );
  const shown = useMemo(
    () => (previewed ? previewed.reduce((n, g) => n + g.offerCount, 0) : filtered.length),
    [previewed, filtered],
  );

  // Nothing shown out of something: which one condition, removed, would show offers.
  const misses = useMemo(() => {
    if (previewed || filtered.length > 0 || offers.length === 0) return NO_MISSES;
    const q = search.trim();
    return nearMisses(offers, q ? { ...base, search: q } : base);
  }, [previewed, filtered, offers, base, search]);
  const dropCondition = useCallback(
    (key: keyof OfferFilter) => {
      // Availability limited by "Hide sold out", not by the form: turn that off.
      if (key === 'availability' && !store.getState().offers.filter.availability) {
        void store.updateSettings({ ui: { hideUnavailable: false } }).catch(() => undefined);
        return;
      }
      store.setOfferFilter((f) => {
        const next = { ...f };
        delete next[key];
        return next;
      });
    },
    [store],
  );

  const offerStatuses = useMemo(() => statuses.filter((p) => p.kind === 'gpu-market' || p.offerCount > 0), [statuses]);
  const freshness = useMemo(
    () => new Map(offerStatuses.map((p) => [p.provider as string, { name: p.displayName, stale: p.stale }])),
    [offerStatuses],
  );
  const providerNames = useMemo(() => new Map(providers.map((p) => [p.id as string, p.displayName])), [providers]);
  const providerNamesRecord = useMemo(() => providerNamesFrom(providers), [providers]);

  // First paint of real offers: a mark for the UI bench, then the filter form.
  const anyShown = offers.length > 0 || (previewed?.length ?? 0) > 0;
  useEffect(() => {
    if (!anyShown || painted) return;
    requestAnimationFrame(() => {
      painted = true;
      performance.mark('cloudtop:offers-painted');
      startTransition(() => setPanelReady(true));
    });
  }, [anyShown]);
  // No offers at all (not merely none yet, while the preview shows): the form has nothing to wait for.
  const noOffers = !loading && offers.length === 0 && previewed === undefined;
  useEffect(() => {
    if (noOffers) setPanelReady(true);
  }, [noOffers]);
  // The first keystroke should not pay for building 10,000 search texts: build them when idle,
  // aligned with the list that is filtered (the sorted one in the table).
  useEffect(() => {
    if (ordered.length === 0) return;
    return whenIdle(() => prepareSearch(ordered));
  }, [ordered]);

  const changeMode = useCallback(
    (m: Mode) => {
      store.updateOffersUi({ mode: m });
      void store.updateSettings({ ui: { offersView: m } }).catch(() => undefined);
    },
    [store],
  );
  const setSort = useCallback((s: SortSpec) => store.updateOffersUi({ sort: s }), [store]);
  const onWatch = useCallback((o: GpuOffer) => store.startWatchDraft(watchDraftFromOffer(o)), [store]);
  const onOpenConsole = useCallback(
    (o: GpuOffer) => {
      if (!o.consoleUrl) return;
      if (desktop) void store.openExternal(o.consoleUrl);
      else window.open(o.consoleUrl, '_blank', 'noopener,noreferrer');
    },
    [desktop, store],
  );
  const onShowModel = useCallback(
    (model: string) => {
      store.setOfferFilter((f) => ({ ...f, gpu: [model] }));
      changeMode('table');
    },
    [store, changeMode],
  );
  const onWatchModel = useCallback(
    (g: { model: string; cheapest?: { perGpuHour: number } }) =>
      store.startWatchDraft(watchDraftFromModel(g.model, g.cheapest?.perGpuHour)),
    [store],
  );
  const activeFilters = Object.keys(filter).length;
  const countText = (models: number, n: number) =>
    `${mode === 'grouped' ? `${countOf(models, 'model')} · ` : ''}${formatCount(n)} of ${formatCount(total)} offers`;
  const count = loading ? 'Loading offers…' : countText(groups.length, shown);
  // The widest this count gets (nothing filtered out): the toolbar keeps that much room for it, so
  // it does not re-wrap (and move the table) as the count changes with each keystroke.
  // How many models the whole list has (the toolbar keeps room for the widest count). While nothing
  // is filtered out — the first paint — that is the number of groups already made; otherwise it is
  // counted once per snapshot. Either way not another pass over 10,000 offers on the first paint.
  const modelCounts = useRef(new WeakMap<readonly GpuOffer[], number>());
  let modelCount = 0;
  if (mode === 'grouped') {
    if (previewed) modelCount = previewModels?.length ?? groups.length;
    else {
      const known = modelCounts.current.get(offers);
      modelCount = known ?? (filtered.length === offers.length ? groups.length : countModels(offers));
      if (known === undefined) modelCounts.current.set(offers, modelCount);
    }
  }
  // The rows' history (sparkline, last seen, typical stay): one call for every model in the
  // snapshot, made in idle time after the offers have painted, and answered from the store's cache
  // while the model set stays the same.
  const trends = useAppState((s) => s.trends);
  useEffect(() => {
    if (mode !== 'grouped') return;
    if (offers.length === 0) {
      // Painted from the preview: the same models, named by its groups.
      if (!previewModels?.length) return;
      return whenIdle(() => void store.loadTrends(previewModels.map((g) => g.model).sort()));
    }
    return whenIdle(() => {
      const models = new Set<string>();
      for (const o of offers) models.add(o.gpu.model);
      void store.loadTrends([...models].sort());
    });
  }, [offers, previewModels, mode, store]);
  const widestCount = loading ? count : countText(modelCount, total);

  // Plain elements with CSS-module classes for the layout around the toolbar and the table: they
  // re-render with every keystroke, and as Mantine components (Box, Stack, Group, Text) each one ran
  // Mantine's style-props machinery again.
  return (
    <div className={classes.view}>
      {/* The form's choices come from the offers: not before they are in. */}
      {showFilters && <FiltersPanel offers={offers} providers={providers} ready={panelReady && !previewed} />}
      <div className={classes.main}>
        <div className={classes.toolbar}>
          <FiltersToggle active={activeFilters} shown={showFilters} />
          <SearchBox />
          <Toolbar mode={mode} sort={sort} hideUnavailable={hideUnavailable} onMode={changeMode} onSort={setSort} />
          <p data-testid="offer-count" role="status" className={classes.count} data-widest={widestCount}>
            <span>{count}</span>
          </p>
        </div>
        <FreshnessBar statuses={offerStatuses} now={now} />
        <ProviderErrors statuses={offerStatuses} now={now} />
        <NearMisses
          misses={misses}
          soldOutHidden={hideUnavailable && !filter.availability}
          names={providerNamesRecord}
          onDrop={dropCondition}
        />
        <div className={classes.body} data-mode={mode}>
          {loading ? (
            <Center py="xl">
              <Loader aria-label="Loading offers" />
            </Center>
          ) : mode === 'grouped' ? (
            <GroupedOffers
              groups={groups}
              providerNames={providerNames}
              onShow={onShowModel}
              onWatch={onWatchModel}
              onHistory={store.showHistory}
              trends={trends}
              now={now}
            />
          ) : (
            <OffersTable
              rows={filtered}
              sort={sort}
              onSort={setSort}
              freshness={freshness}
              onWatch={onWatch}
              onOpenConsole={onOpenConsole}
              interceptLinks={desktop}
              focus={focus}
            />
          )}
        </div>
      </div>
    </div>
  );
}

/** The filters button, with how many filters are set while the panel is hidden. */
const FiltersToggle = memo(function FiltersToggle({ active, shown }: { active: number; shown: boolean }) {
  const store = useStore();
  return (
    <Indicator label={active} size={16} disabled={active === 0 || shown}>
      <Button
        size="xs"
        variant="default"
        onClick={() => store.updateOffersUi({ showFilters: !shown })}
        aria-expanded={shown}
      >
        {shown ? 'Hide filters' : 'Filters'}
      </Button>
    </Indicator>
  );
});

// The filter form mounts after the offers have painted: its code (multi-selects, number inputs)
// is a chunk of its own, fetched meanwhile, not part of what the first paint waits for.
const FilterFields = lazy(() => import('./FilterFields').then((m) => ({ default: m.FilterFields })));

/** The filter form. Memoised and subscribed to the filter itself, so search keystrokes skip it. */
const FiltersPanel = memo(function FiltersPanel({
  offers,
  providers,
  ready,
}: {
  offers: readonly GpuOffer[];
  providers: readonly ProviderInfo[];
  ready: boolean;
}) {
  const store = useStore();
  const filter = useAppState((s) => s.offers.filter);
  return (
    <Box
      component="aside"
      aria-label="Offer filters"
      w={240}
      style={{ flexShrink: 0, borderRight: '1px solid var(--mantine-color-default-border)' }}
    >
      {/* A plain scrolling box: Mantine's ScrollArea (custom scrollbars, resize observers) cost
          ~10 ms of the first paint for a panel that rarely scrolls. */}
      <div style={{ height: '100%', overflowY: 'auto', padding: 'var(--mantine-spacing-sm)' }}>
        <Group justify="space-between" mb="xs">
          <Text fw={600} size="sm">
            Filters
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => store.setOfferFilter({})}
            disabled={Object.keys(filter).length === 0}
          >
            Clear
          </Button>
        </Group>
        {ready ? (
          <ViewBoundary name="The filters">
            <Suspense fallback={<Loader size="sm" aria-label="Loading filters" />}>
              <FilterFields
                value={filter}
                onChange={store.setOfferFilter}
                offers={offers}
                providers={providers}
                idPrefix="offers-filter"
              />
            </Suspense>
          </ViewBoundary>
        ) : (
          <Loader size="sm" aria-label="Loading filters" />
        )}
      </div>
    </Box>
  );
});

function countModels(offers: readonly GpuOffer[]): number {
  const models = new Set<string>();
  for (const o of offers) models.add(o.gpu.model);
  return models.size;
}

/** Runs `fn` when the browser is idle (or soon, where there is no requestIdleCallback); returns a canceller. */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const t = setTimeout(fn, 200);
  return () => clearTimeout(t);
}

const MODES: { value: Mode; label: string }[] = [
  { value: 'grouped', label: 'Per GPU model' },
  { value: 'table', label: 'All offers' },
];

/**
 * The search box, uncontrolled: a keystroke goes to the store and the input is not re-rendered
 * (as a controlled Mantine TextInput it re-rendered, wrapper and all, on every keystroke). A search
 * set from elsewhere (Escape, the clear button, another view) is written into the input.
 */
const SearchBox = memo(function SearchBox() {
  const store = useStore();
  const hasText = useAppState((s) => s.offers.search !== '');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const sync = () => {
      const search = store.getState().offers.search;
      if (ref.current && ref.current.value !== search) ref.current.value = search;
    };
    sync();
    return store.subscribe(sync);
  }, [store]);
  const set = store.setOfferSearch;
  return (
    <TextInput
      ref={ref}
      id="offer-search"
      aria-label="Search offers"
      placeholder="Search model, region, provider…  ( / )"
      size="xs"
      w={280}
      defaultValue={store.getState().offers.search}
      onChange={(e) => set(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          set('');
          e.currentTarget.blur();
        }
      }}
      rightSection={hasText ? <CloseButton size="sm" aria-label="Clear search" onClick={() => set('')} /> : null}
    />
  );
});

const Toolbar = memo(function Toolbar(props: {
  mode: Mode;
  sort: SortSpec;
  hideUnavailable: boolean;
  onMode: (m: Mode) => void;
  onSort: (s: SortSpec) => void;
}) {
  const store = useStore();
  const { mode, sort, onSort } = props;
  return (
    <>
      <Segmented value={mode} onChange={props.onMode} data={MODES} aria-label="Offers layout" />
      {mode === 'table' && (
        <Group gap={4} wrap="nowrap">
          {/* A native select: Mantine's Select (combobox, popover, scroll area, focus trap) made
              switching to the table ~20 ms slower, and the typing right after it. */}
          <NativeSelect
            size="xs"
            w={150}
            aria-label="Sort by"
            data={SORTS}
            value={sort.key}
            onChange={(e) => onSort({ ...sort, key: e.currentTarget.value as OfferSortKey })}
          />
          <Button
            size="xs"
            variant="default"
            onClick={() => onSort({ ...sort, dir: sort.dir === 'desc' ? 'asc' : 'desc' })}
            aria-label={
              sort.dir === 'desc' ? 'Sorted descending: switch to ascending' : 'Sorted ascending: switch to descending'
            }
          >
            {sort.dir === 'desc' ? '▼ desc' : '▲ asc'}
          </Button>
        </Group>
      )}
      <Switch
        size="xs"
        label="Hide sold out"
        checked={props.hideUnavailable}
        onChange={(e) =>
          void store.updateSettings({ ui: { hideUnavailable: e.currentTarget.checked } }).catch(() => undefined)
        }
      />
    </>
  );
});

/** A failing provider's error, next to its (stale) offers. */
const ProviderErrors = memo(function ProviderErrors({ statuses, now }: { statuses: ProviderStatus[]; now: number }) {
  const failing = statuses.filter((p) => p.error && (p.state === 'error' || p.state === 'degraded'));
  return (
    <>
      {failing.map((p) => (
        <ErrorNotice
          key={`${p.provider}/${p.account}`}
          compact
          title={`${p.displayName}: ${p.stale ? `showing data from ${relativeTime(p.lastSuccess, now)} (stale)` : p.state}`}
          error={p.error!}
        />
      ))}
    </>
  );
});
