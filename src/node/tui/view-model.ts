/**
 * Pure derivations from a snapshot to the rows each pane shows. No React, no I/O: the panes render
 * these, the bench times them, the tests check them. Filtering, grouping and sorting are the shared
 * ones (src/shared/filter, src/shared/offers/group), so `cloudtop top` lists exactly what the window
 * and `cloudtop offers --group` list for the same search.
 */
import { filterOffers } from '../../shared/filter';
import { groupByModel, type GpuModelGroup } from '../../shared/offers/group';
import { latestValue } from '../../shared/metrics';
import type { AlertEvent, GpuOffer, MetricSeries, ProviderStatus, Resource } from '../../shared/model';
import type { PriceHistorySource } from './price-history';
import { trendOf, type Trend } from './sparkline';

export const PANES = ['gpus', 'resources', 'alerts', 'providers'] as const;
export type PaneId = (typeof PANES)[number];

// ── GPUs ─────────────────────────────────────────────────────────────────────────────────────────

export const GPU_SORTS = ['price', 'available', 'model', 'vram'] as const;
export type GpuSort = (typeof GPU_SORTS)[number];
export const GPU_SORT_LABELS: Record<GpuSort, string> = {
  price: '$/GPU-h',
  available: 'available',
  model: 'model',
  vram: 'VRAM',
};

export interface GpuRow {
  key: string;
  group: GpuModelGroup;
  /** Cheapest rentable samples, oldest first (session or history store). */
  prices: readonly number[];
  trend: Trend | undefined;
}

/** The offers a search leaves (the window's search box: every word must occur). */
export function searchOffers(offers: readonly GpuOffer[], search: string): readonly GpuOffer[] {
  const q = search.trim();
  return q ? filterOffers(offers, { search: q }) : offers;
}

export function gpuRows(
  offers: readonly GpuOffer[],
  search: string,
  sort: GpuSort,
  history: PriceHistorySource,
  /** groupByModel(offers) when the caller has it already (no search: nothing to recompute). */
  allGroups?: readonly GpuModelGroup[],
): GpuRow[] {
  const groups = !search.trim() && allGroups ? allGroups : groupByModel(searchOffers(offers, search));
  const rows = groups.map((group): GpuRow => {
    const prices = history.series(group.model);
    return { key: group.model, group, prices, trend: trendOf(prices) };
  });
  // groupByModel already orders by price (rentable first); the others are stable re-sorts of that.
  if (sort === 'available') rows.sort((a, b) => b.group.availableCount - a.group.availableCount);
  else if (sort === 'model') rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  else if (sort === 'vram') rows.sort((a, b) => (b.group.vramGb ?? -1) - (a.group.vramGb ?? -1));
  return rows;
}

/** The offers of one model, cheapest first (details view). */
export function offersOfModel(offers: readonly GpuOffer[], model: string, search: string): GpuOffer[] {
  return searchOffers(offers, search)
    .filter((o) => o.gpu.model === model)
    .sort((a, b) => a.price.perGpuHour - b.price.perGpuHour);
}

// ── Resources ────────────────────────────────────────────────────────────────────────────────────

export const RESOURCE_SORTS = ['provider', 'name', 'state', 'metric'] as const;
export type ResourceSort = (typeof RESOURCE_SORTS)[number];
export const RESOURCE_SORT_LABELS: Record<ResourceSort, string> = {
  provider: 'provider',
  name: 'name',
  state: 'state',
  metric: 'metric',
};

export interface ResourceRow {
  key: string;
  resource: Resource;
  /** CPU if the resource reports it, else its first series (requests for a worker, …). */
  metric?: MetricSeries;
  latest?: number;
}

/** Preferred "main metric" names, most telling first. */
const MAIN_METRICS = ['cpu_utilization', 'gpu_utilization', 'requests', 'compute_unit_seconds', 'operations'];

export function mainMetric(r: Resource): MetricSeries | undefined {
  for (const name of MAIN_METRICS) {
    const m = r.metrics.find((s) => s.name === name && s.points.length > 0);
    if (m) return m;
  }
  return r.metrics.find((s) => s.points.length > 0);
}

const STATE_ORDER: Record<Resource['state'], number> = {
  error: 0,
  starting: 1,
  stopping: 2,
  running: 3,
  idle: 4,
  stopped: 5,
  unknown: 6,
};

const text = (s: string): string => s.toLowerCase();

/** Resources whose provider, kind, name, region or state contain every word of the search. */
export function resourceRows(resources: readonly Resource[], search: string, sort: ResourceSort): ResourceRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: ResourceRow[] = [];
  for (const r of resources) {
    if (words.length) {
      const hay = text(`${r.provider} ${r.kind} ${r.name} ${r.region ?? ''} ${r.state} ${r.stateRaw ?? ''}`);
      if (!words.every((w) => hay.includes(w))) continue;
    }
    const metric = mainMetric(r);
    rows.push({ key: r.id, resource: r, metric, latest: metric ? latestValue(metric) : undefined });
  }
  const byName = (a: ResourceRow, b: ResourceRow): number => a.resource.name.localeCompare(b.resource.name);
  if (sort === 'provider') rows.sort((a, b) => a.resource.provider.localeCompare(b.resource.provider) || byName(a, b));
  else if (sort === 'name') rows.sort(byName);
  else if (sort === 'state')
    rows.sort((a, b) => STATE_ORDER[a.resource.state] - STATE_ORDER[b.resource.state] || byName(a, b));
  else rows.sort((a, b) => (b.latest ?? -Infinity) - (a.latest ?? -Infinity) || byName(a, b));
  return rows;
}

// ── Alerts ───────────────────────────────────────────────────────────────────────────────────────

export interface AlertRow {
  key: string;
  event: AlertEvent;
}

/** Newest first; a search keeps events whose watch name, kind or offers mention every word. */
export function alertRows(events: readonly AlertEvent[], search: string): AlertRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const out: AlertRow[] = [];
  for (const event of events) {
    if (words.length) {
      const hay = text(
        `${event.watchName} ${event.kind} ${event.offers.map((o) => `${o.model} ${o.provider} ${o.region}`).join(' ')}`,
      );
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push({ key: event.id, event });
  }
  return out;
}

// ── Providers ────────────────────────────────────────────────────────────────────────────────────

export interface ProviderRow {
  key: string;
  status: ProviderStatus;
}

const PROVIDER_ORDER: Record<ProviderStatus['state'], number> = {
  error: 0,
  degraded: 1,
  ok: 2,
  unconfigured: 3,
  disabled: 4,
};

/** Problems first, then healthy, then the ones not in use. */
export function providerRows(providers: readonly ProviderStatus[]): ProviderRow[] {
  return providers
    .map((status) => ({ key: `${status.provider}/${status.account}`, status }))
    .sort(
      (a, b) =>
        PROVIDER_ORDER[a.status.state] - PROVIDER_ORDER[b.status.state] ||
        a.status.displayName.localeCompare(b.status.displayName),
    );
}

/** Providers in use (not unconfigured or disabled). */
export const inUse = (p: ProviderStatus): boolean => p.state !== 'unconfigured' && p.state !== 'disabled';
