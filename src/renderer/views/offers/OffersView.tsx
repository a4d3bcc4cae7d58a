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
import { useCallback, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { filterOffers, sortOffers, type SortSpec } from '../../../shared/filter';
import { groupByModel } from '../../../shared/offers';
import type { GpuOffer, OfferFilter, OfferSortKey } from '../../../shared/model';
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

const selectOffers = (s: { snapshot?: { offers: GpuOffer[] } }) => s.snapshot?.offers ?? EMPTY;
const EMPTY: GpuOffer[] = [];

export function OffersView() {
  const store = useStore();
  const offers = useAppState(selectOffers);
  const hasSnapshot = useAppState((s) => s.snapshot !== undefined);
  const statuses = useAppState((s) => s.snapshot?.providers);
  const providers = useAppState((s) => s.providers);
  const focus = useAppState((s) => s.focus);
  const ui = useAppState((s) => s.settings?.settings.ui);
  const desktop = useAppState((s) => s.appInfo?.mode === 'desktop');
  const now = useNow(15_000);

  const offersUi = useAppState((s) => s.offers);
  const { filter, search, sort, showFilters } = offersUi;
  const mode = offersUi.mode ?? ui?.offersView ?? 'grouped';
  const setFilter = store.setOfferFilter;
  const setSort = (next: SortSpec | ((s: SortSpec) => SortSpec)) =>
    store.updateOffersUi({ sort: typeof next === 'function' ? next(sort) : next });
  const hideUnavailable = ui?.hideUnavailable ?? false;
  const marked = useRef(false);

  // Typing stays responsive: filtering 10,000 offers runs at lower priority than the keystroke.
  const deferredSearch = useDeferredValue(search);
  const deferredFilter = useDeferredValue(filter);
  const effective = useMemo<OfferFilter>(() => {
    const f: OfferFilter = { ...deferredFilter };
    if (deferredSearch.trim()) f.search = deferredSearch.trim();
    if (hideUnavailable && !f.availability) f.availability = ['available', 'low', 'unknown'];
    return f;
  }, [deferredFilter, deferredSearch, hideUnavailable]);
  const filtered = useMemo(() => filterOffers(offers, effective), [offers, effective]);
  const sorted = useMemo(() => (mode === 'table' ? sortOffers(filtered, sort) : filtered), [filtered, sort, mode]);
  const groups = useMemo(() => (mode === 'grouped' ? groupByModel(filtered) : []), [filtered, mode]);

  const offerStatuses = useMemo(
    () => (statuses ?? []).filter((p) => p.kind === 'gpu-market' || p.offerCount > 0),
    [statuses],
  );
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
  const failing = offerStatuses.filter((p) => p.error && (p.state === 'error' || p.state === 'degraded'));

  // For the UI bench: when the offers first painted.
  useEffect(() => {
    if (marked.current || offers.length === 0) return;
    marked.current = true;
    requestAnimationFrame(() => performance.mark('cloudtop:offers-painted'));
  }, [offers.length]);

  const changeMode = (m: 'grouped' | 'table') => {
    store.updateOffersUi({ mode: m });
    void store.updateSettings({ ui: { offersView: m } }).catch(() => undefined);
  };
  const onWatch = useCallback((o: GpuOffer) => store.startWatchDraft(watchDraftFromOffer(o)), [store]);
  const onOpenConsole = useCallback(
    (o: GpuOffer) => {
      if (!o.consoleUrl) return;
      if (desktop) void store.openExternal(o.consoleUrl);
      else window.open(o.consoleUrl, '_blank', 'noopener,noreferrer');
    },
    [desktop, store],
  );
  const activeFilters = Object.keys(filter).length;
  const loading = !hasSnapshot;

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
                onClick={() => setFilter({})}
                disabled={activeFilters === 0}
              >
                Clear
              </Button>
            </Group>
            <FilterFields
              value={filter}
              onChange={setFilter}
              offers={offers}
              providers={providers}
              idPrefix="offers-filter"
            />
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
          <TextInput
            id="offer-search"
            aria-label="Search offers"
            placeholder="Search model, region, provider…  ( / )"
            size="xs"
            w={280}
            value={search}
            onChange={(e) => store.setOfferSearch(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                store.setOfferSearch('');
                e.currentTarget.blur();
              }
            }}
            rightSection={
              search ? <CloseButton size="sm" aria-label="Clear search" onClick={() => store.setOfferSearch('')} /> : null
            }
          />
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => changeMode(v as 'grouped' | 'table')}
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
                onChange={(v) => v && setSort((s) => ({ ...s, key: v as OfferSortKey }))}
              />
              <Button
                size="xs"
                variant="default"
                onClick={() => setSort((s) => ({ ...s, dir: s.dir === 'desc' ? 'asc' : 'desc' }))}
                aria-label={
                  sort.dir === 'desc'
                    ? 'Sorted descending: switch to ascending'
                    : 'Sorted ascending: switch to descending'
                }
              >
                {sort.dir === 'desc' ? '▼ desc' : '▲ asc'}
              </Button>
            </Group>
          )}
          <Switch
            size="xs"
            label="Hide sold out"
            checked={hideUnavailable}
            onChange={(e) =>
              void store.updateSettings({ ui: { hideUnavailable: e.currentTarget.checked } }).catch(() => undefined)
            }
          />
          <Text size="sm" c="dimmed" ml="auto" data-testid="offer-count" role="status">
            {loading
              ? 'Loading offers…'
              : `${mode === 'grouped' ? `${groups.length} models · ` : ''}${filtered.length.toLocaleString('en-US')} of ${offers.length.toLocaleString('en-US')} offers`}
          </Text>
        </Group>
        <FreshnessBar statuses={offerStatuses} now={now} />
        {failing.map((p) => (
          <ErrorNotice
            key={`${p.provider}/${p.account}`}
            compact
            title={`${p.displayName}: ${p.stale ? `showing data from ${relativeTime(p.lastSuccess, now)} (stale)` : p.state}`}
            error={p.error!}
          />
        ))}
        <Box style={{ flex: 1, minHeight: 0, overflow: mode === 'grouped' ? 'auto' : 'hidden' }}>
          {loading ? (
            <Center py="xl">
              <Loader aria-label="Loading offers" />
            </Center>
          ) : mode === 'grouped' ? (
            <GroupedOffers
              groups={groups}
              providerNames={providerNames}
              onShow={(model) => {
                setFilter((f) => ({ ...f, gpu: [model] }));
                changeMode('table');
              }}
              onWatch={(g) => store.startWatchDraft(watchDraftFromModel(g.model, g.cheapest?.perGpuHour))}
            />
          ) : (
            <OffersTable
              rows={sorted}
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
