/**
 * Offers: grouped per GPU model or the full (virtualised) table, with the shared filters, search,
 * sort and per-provider freshness. Performance notes (10,000 offers, see bench/ui.bench.ts):
 * the full list is sorted once per sort change and then only filtered (filtering keeps order), and
 * the expensive children are memoised, so a keystroke re-renders the input, the count and the
 * visible rows only.
 */
import {
  Box,
  Button,
  Center,
  CloseButton,
  Group,
  Indicator,
  Loader,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { memo, startTransition, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { filterOffers, sortOffers, type SortSpec } from '../../../shared/filter';
import { groupByModel } from '../../../shared/offers';
import type { GpuOffer, OfferFilter, OfferSortKey, ProviderStatus } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useNow } from '../../lib/use-now';
import { relativeTime } from '../../lib/format';
import { useAppState, useStore } from '../../state/context';
import { FilterFields } from './FilterFields';
import { FreshnessBar } from './FreshnessBar';
import { GroupedOffers } from './GroupedOffers';
import { OffersTable } from './OffersTable';
import { watchDraftFromModel, watchDraftFromOffer } from './watch-draft';

const SORTS: { value: OfferSortKey; label: string }[] = [
  { value: 'perGpuHour', label: '$/GPU-h' },
  { value: 'perHour', label: '$/h' },
  { value: 'perVramGbHour', label: '$/VRAM-GB-h' },
  { value: 'gpu', label: 'GPU model' },
  { value: 'provider', label: 'Provider' },
  { value: 'reliability', label: 'Reliability' },
];

const EMPTY: GpuOffer[] = [];
const NO_STATUSES: ProviderStatus[] = [];
const SELLABLE: OfferFilter['availability'] = ['available', 'low', 'unknown'];
type Mode = 'grouped' | 'table';

let painted = false;

export function OffersView() {
  const store = useStore();
  const offers = useAppState((s) => s.snapshot?.offers ?? EMPTY);
  const loading = useAppState((s) => s.snapshot === undefined);
  const statuses = useAppState((s) => s.snapshot?.providers ?? NO_STATUSES);
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
  const effective = useMemo<OfferFilter>(() => {
    const f: OfferFilter = { ...deferredFilter };
    if (search.trim()) f.search = search.trim();
    if (hideUnavailable && !f.availability) f.availability = SELLABLE;
    return f;
  }, [deferredFilter, search, hideUnavailable]);
  const ordered = useMemo(() => (mode === 'table' ? sortOffers(offers, sort) : offers), [offers, sort, mode]);
  const filtered = useMemo(() => filterOffers(ordered, effective), [ordered, effective]);
  const groups = useMemo(() => (mode === 'grouped' ? groupByModel(filtered) : []), [filtered, mode]);

  const offerStatuses = useMemo(() => statuses.filter((p) => p.kind === 'gpu-market' || p.offerCount > 0), [statuses]);
  const freshness = useMemo(
    () =>
      new Map(
        offerStatuses.map((p) => [
          p.provider as string,
          { name: p.displayName, lastSuccess: p.lastSuccess, stale: p.stale },
        ]),
      ),
    [offerStatuses],
  );
  const providerNames = useMemo(() => new Map(providers.map((p) => [p.id as string, p.displayName])), [providers]);

  // First paint of real offers: a mark for the UI bench, then the filter form.
  useEffect(() => {
    if (offers.length === 0 || painted) return;
    requestAnimationFrame(() => {
      painted = true;
      performance.mark('cloudtop:offers-painted');
      startTransition(() => setPanelReady(true));
    });
  }, [offers.length]);
  useEffect(() => {
    if (!loading && offers.length === 0) setPanelReady(true);
  }, [loading, offers.length]);

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
  const count = loading
    ? 'Loading offers…'
    : `${mode === 'grouped' ? `${groups.length} models · ` : ''}${filtered.length.toLocaleString('en-US')} of ${offers.length.toLocaleString('en-US')} offers`;

  return (
    <Box style={{ display: 'flex', height: '100%', minHeight: 0 }}>
      {showFilters && (
        <Box
          component="aside"
          aria-label="Offer filters"
          w={240}
          style={{ flexShrink: 0, borderRight: '1px solid var(--mantine-color-default-border)' }}
        >
          <ScrollArea h="100%" p="sm" type="auto">
            <Group justify="space-between" mb="xs">
              <Text fw={600} size="sm">
                Filters
              </Text>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => store.setOfferFilter({})}
                disabled={activeFilters === 0}
              >
                Clear
              </Button>
            </Group>
            {panelReady ? (
              <FilterFields
                value={filter}
                onChange={store.setOfferFilter}
                offers={offers}
                providers={providers}
                idPrefix="offers-filter"
              />
            ) : (
              <Loader size="sm" aria-label="Loading filters" />
            )}
          </ScrollArea>
        </Box>
      )}
      <Stack gap="xs" p="sm" style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
        <Group gap="xs" wrap="wrap">
          <Indicator label={activeFilters} size={16} disabled={activeFilters === 0 || showFilters}>
            <Button
              size="xs"
              variant="default"
              onClick={() => store.updateOffersUi({ showFilters: !showFilters })}
              aria-expanded={showFilters}
            >
              {showFilters ? 'Hide filters' : 'Filters'}
            </Button>
          </Indicator>
          <SearchBox value={search} onChange={store.setOfferSearch} />
          <Toolbar mode={mode} sort={sort} hideUnavailable={hideUnavailable} onMode={changeMode} onSort={setSort} />
          <Text size="sm" c="dimmed" ml="auto" data-testid="offer-count" role="status">
            {count}
          </Text>
        </Group>
        <FreshnessBar statuses={offerStatuses} now={now} />
        <ProviderErrors statuses={offerStatuses} now={now} />
        <Box style={{ flex: 1, minHeight: 0, overflow: mode === 'grouped' ? 'auto' : 'hidden' }}>
          {loading ? (
            <Center py="xl">
              <Loader aria-label="Loading offers" />
            </Center>
          ) : mode === 'grouped' ? (
            <GroupedOffers groups={groups} providerNames={providerNames} onShow={onShowModel} onWatch={onWatchModel} />
          ) : (
            <OffersTable
              rows={filtered}
              sort={sort}
              onSort={setSort}
              freshness={freshness}
              now={now}
              onWatch={onWatch}
              onOpenConsole={onOpenConsole}
              interceptLinks={desktop}
              focus={focus}
            />
          )}
        </Box>
      </Stack>
    </Box>
  );
}

const SearchBox = memo(function SearchBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <TextInput
      id="offer-search"
      aria-label="Search offers"
      placeholder="Search model, region, provider…  ( / )"
      size="xs"
      w={280}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          onChange('');
          e.currentTarget.blur();
        }
      }}
      rightSection={value ? <CloseButton size="sm" aria-label="Clear search" onClick={() => onChange('')} /> : null}
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
      <SegmentedControl
        size="xs"
        value={mode}
        onChange={(v) => props.onMode(v as Mode)}
        data={[
          { value: 'grouped', label: 'Per GPU model' },
          { value: 'table', label: 'All offers' },
        ]}
        aria-label="Offers layout"
      />
      {mode === 'table' && (
        <Group gap={4} wrap="nowrap">
          <Select
            size="xs"
            w={150}
            aria-label="Sort by"
            data={SORTS}
            value={sort.key}
            allowDeselect={false}
            onChange={(v) => v && onSort({ ...sort, key: v as OfferSortKey })}
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
