/**
 * snapshot → tray menu model (docs/design.md §9). Pure: main turns the model into a native Menu, and only
 * when it differs from the last one (see `trayModelEqual`), so the menu never flickers or rebuilds
 * on a snapshot that changes nothing a user can see in it.
 *
 * What the tray shows, top to bottom:
 *  - one line per watched GPU: the cheapest offer one can rent now (available or low) under that
 *    watch's filter, with its provider and how many offers match; or "none available";
 *  - one line per provider in use: health (OK, stale, degraded, error with its short message);
 *  - when the data was last refreshed;
 *  - actions: open, refresh now, pause notifications (1 h / until tomorrow) or resume, quit.
 *
 * Icon priority: a watched GPU you can rent now > a provider error > stale data > ok. Availability
 * wins because it is the reason the app runs; an error still shows in the tooltip and the menu.
 */
import type { AvailabilityState, GpuOffer, ProviderStatus, Snapshot, Watch } from '../model';
import type { Settings } from '../settings/schema';
import { compileFilter } from '../filter/match';
import { countOf, formatPerGpuHour } from '../format';
import { cleanText, clip, formatAgo, formatClock, formatMoney, parseIsoMs } from './format';

export type TrayIconState = 'ok' | 'available' | 'error' | 'stale';
type PauseSpan = '1h' | 'tomorrow';

/** What a click does. Serialisable, so the model can be compared and tested as data. */
export type TrayAction =
  | { type: 'open' }
  | { type: 'focus-offer'; offerId: string }
  | { type: 'refresh' }
  /** Resolved to a time at click time (`pauseUntil`), so the model does not change every second. */
  | { type: 'pause'; span: PauseSpan }
  | { type: 'resume' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] };

export interface TrayMenuModel {
  icon: TrayIconState;
  /** At most 127 characters (the Windows tray limit). */
  tooltip: string;
  items: TrayMenuItem[];
}

interface TrayMenuOptions {
  /** A refresh is running: "Refresh now" is disabled. */
  refreshing?: boolean;
  /** Most watched-GPU lines shown; the rest is summed up in one line. */
  maxWatchLines?: number;
  /** Local hour "until tomorrow" ends at. Default 8 (a paused night ends in the morning). */
  tomorrowHour?: number;
}

export const TOOLTIP_MAX = 127;
const LABEL_MAX = 80;
const RENTABLE: ReadonlySet<AvailabilityState> = new Set(['available', 'low']);
const HOUR_MS = 3_600_000;
const DEFAULT_TOMORROW_HOUR = 8;

interface WatchLine {
  key: string;
  label: string;
  offerId?: string;
  available: boolean;
  cheapest?: GpuOffer;
}

function watchActive(w: Watch, now: number): boolean {
  if (!w.enabled) return false;
  const snoozed = parseIsoMs(w.snoozedUntil);
  return snoozed === undefined || snoozed <= now;
}

function displayName(snapshot: Snapshot, provider: string): string {
  return cleanText(snapshot.providers.find((p) => p.provider === provider)?.displayName ?? provider);
}

/** Cheaper first; at equal price the more available, then the lower id (stable across snapshots). */
function better(a: GpuOffer, b: GpuOffer): boolean {
  if (a.price.perGpuHour !== b.price.perGpuHour) return a.price.perGpuHour < b.price.perGpuHour;
  if (a.availability.state !== b.availability.state) return a.availability.state === 'available';
  return a.id < b.id;
}

function watchLines(snapshot: Snapshot, watches: readonly Watch[], now: number): WatchLine[] {
  const lines: WatchLine[] = [];
  const seen = new Set<string>();
  for (const w of watches) {
    if (!watchActive(w, now)) continue;
    // One line per GPU the watch names; a watch without a GPU list is one line under its name.
    const gpus = w.filter.gpu?.length ? w.filter.gpu : [undefined];
    for (const gpu of gpus) {
      const filter = { ...w.filter, gpu: gpu ? [gpu] : undefined };
      const match = compileFilter(filter);
      let cheapest: GpuOffer | undefined;
      let count = 0;
      for (const o of snapshot.offers) {
        if (!RENTABLE.has(o.availability.state) || !match(o)) continue;
        count++;
        if (!cheapest || better(o, cheapest)) cheapest = o;
      }
      const name = cleanText(gpu ?? w.name);
      const cap = w.filter.maxPricePerGpuHour !== undefined ? ` ≤ ${formatMoney(w.filter.maxPricePerGpuHour)}` : '';
      const label = cheapest
        ? `${name}: ${formatPerGpuHour(cheapest.price.perGpuHour, cheapest.price.currency)} on ${displayName(snapshot, cheapest.provider)}` +
          (count > 1 ? ` (${count} offers)` : '')
        : `${name}${cap}: none available`;
      const key = `${name}\n${label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push({ key, label: clip(label, LABEL_MAX), offerId: cheapest?.id, available: !!cheapest, cheapest });
    }
  }
  return lines;
}

function providerLine(p: ProviderStatus, now: number): string {
  const name = cleanText(p.displayName);
  const account = p.account !== 'default' ? ` (${cleanText(p.account)})` : '';
  let state: string;
  if (p.state === 'error') {
    state = `error: ${p.error ? cleanText(p.error.message) : 'unknown'}`;
  } else if (p.stale) {
    const last = parseIsoMs(p.lastSuccess);
    state = last !== undefined ? `stale, last update ${formatAgo(last, now)}` : 'stale';
  } else if (p.state === 'degraded') {
    state = 'degraded';
  } else if (p.kind === 'gpu-market' || p.offerCount > 0) {
    state = `OK · ${countOf(p.offerCount, 'offer')}`;
  } else {
    state = `OK · ${countOf(p.resourceCount, 'resource')}`;
  }
  return clip(`${name}${account}: ${state}`, LABEL_MAX);
}

/** Providers the user has (or that run without credentials): unconfigured and disabled ones are noise here. */
function activeProviders(snapshot: Snapshot): ProviderStatus[] {
  return snapshot.providers.filter((p) => p.state !== 'unconfigured' && p.state !== 'disabled');
}

function lastRefresh(snapshot: Snapshot): number | undefined {
  let last: number | undefined;
  for (const p of snapshot.providers) {
    const t = parseIsoMs(p.lastSuccess);
    if (t !== undefined && (last === undefined || t > last)) last = t;
  }
  return last;
}

/** Next local `hour`:00 after the next midnight: "until tomorrow (morning)". */
export function tomorrowAt(now: number, hour: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}

/** The ISO time a pause chosen now ends. */
export function pauseUntil(span: PauseSpan, now: number, tomorrowHour = DEFAULT_TOMORROW_HOUR): string {
  return new Date(span === '1h' ? now + HOUR_MS : tomorrowAt(now, tomorrowHour)).toISOString();
}

export function trayIconState(snapshot: Snapshot, watches: readonly Watch[], now: number): TrayIconState {
  return iconFrom(watchLines(snapshot, watches, now), activeProviders(snapshot));
}

function iconFrom(lines: WatchLine[], providers: ProviderStatus[]): TrayIconState {
  if (lines.some((l) => l.available)) return 'available';
  if (providers.some((p) => p.state === 'error')) return 'error';
  if (providers.some((p) => p.stale)) return 'stale';
  return 'ok';
}

function tooltipFor(icon: TrayIconState, lines: WatchLine[], providers: ProviderStatus[], snapshot: Snapshot): string {
  const parts: string[] = [];
  const best = lines
    .filter((l) => l.cheapest)
    .sort((a, b) => a.cheapest!.price.perGpuHour - b.cheapest!.price.perGpuHour)[0];
  if (best?.cheapest) {
    const o = best.cheapest;
    parts.push(
      `${cleanText(o.gpu.model)} ${formatPerGpuHour(o.price.perGpuHour, o.price.currency)} on ${displayName(snapshot, o.provider)}`,
    );
  }
  const errors = providers.filter((p) => p.state === 'error').length;
  if (errors) parts.push(`${errors} provider${errors > 1 ? 's' : ''} failing`);
  else if (icon === 'stale' || providers.some((p) => p.stale)) parts.push('data is stale');
  if (!parts.length) parts.push(providers.length ? 'all providers OK' : 'no providers configured');
  const demo = snapshot.demo ? ' (demo data)' : '';
  return clip(`cloudtop${demo}: ${parts.join(' · ')}`, TOOLTIP_MAX);
}

export function buildTrayMenu(
  snapshot: Snapshot,
  watches: readonly Watch[],
  settings: Pick<Settings, 'notifications'>,
  now: number,
  opts: TrayMenuOptions = {},
): TrayMenuModel {
  const maxWatchLines = opts.maxWatchLines ?? 8;
  const lines = watchLines(snapshot, watches, now);
  const providers = activeProviders(snapshot);
  const icon = iconFrom(lines, providers);
  const items: TrayMenuItem[] = [];

  if (snapshot.demo) items.push({ type: 'label', label: 'Demo data (simulated providers)' });

  if (lines.length) {
    items.push({ type: 'label', label: 'Watched GPUs' });
    // Rentable first, cheapest first; the rest keep the watch order.
    const ordered = [...lines].sort((a, b) => {
      if (a.available !== b.available) return a.available ? -1 : 1;
      if (a.cheapest && b.cheapest) return a.cheapest.price.perGpuHour - b.cheapest.price.perGpuHour;
      return 0;
    });
    for (const l of ordered.slice(0, maxWatchLines)) {
      items.push(
        l.offerId
          ? { type: 'action', label: l.label, action: { type: 'focus-offer', offerId: l.offerId }, enabled: true }
          : { type: 'label', label: l.label },
      );
    }
    if (ordered.length > maxWatchLines)
      items.push({ type: 'label', label: `… ${ordered.length - maxWatchLines} more in the window` });
  } else {
    items.push({ type: 'label', label: 'No watches: add one in the window' });
  }

  items.push({ type: 'separator' });
  if (providers.length) {
    items.push({ type: 'label', label: 'Providers' });
    for (const p of providers) items.push({ type: 'label', label: providerLine(p, now) });
  } else {
    items.push({ type: 'label', label: 'No providers configured' });
  }
  const last = lastRefresh(snapshot);
  items.push({
    type: 'label',
    label: last !== undefined ? `Last refresh: ${formatAgo(last, now)}` : 'Not refreshed yet',
  });

  items.push({ type: 'separator' });
  items.push({ type: 'action', label: 'Open cloudtop', action: { type: 'open' }, enabled: true });
  items.push({
    type: 'action',
    label: opts.refreshing ? 'Refreshing…' : 'Refresh now',
    action: { type: 'refresh' },
    enabled: !opts.refreshing,
  });

  const n = settings.notifications;
  const pausedUntil = parseIsoMs(n.pausedUntil);
  if (!n.enabled) {
    items.push({ type: 'label', label: 'Notifications are off (Settings)' });
  } else if (pausedUntil !== undefined && pausedUntil > now) {
    items.push({ type: 'label', label: `Notifications paused until ${formatClock(pausedUntil)}` });
    items.push({ type: 'action', label: 'Resume notifications', action: { type: 'resume' }, enabled: true });
  } else {
    const hour = opts.tomorrowHour ?? DEFAULT_TOMORROW_HOUR;
    items.push({
      type: 'submenu',
      label: 'Pause notifications',
      items: [
        { type: 'action', label: 'For 1 hour', action: { type: 'pause', span: '1h' }, enabled: true },
        {
          type: 'action',
          label: `Until tomorrow ${String(hour).padStart(2, '0')}:00`,
          action: { type: 'pause', span: 'tomorrow' },
          enabled: true,
        },
      ],
    });
  }

  items.push({ type: 'separator' });
  items.push({ type: 'action', label: 'Quit cloudtop', action: { type: 'quit' }, enabled: true });

  return { icon, tooltip: tooltipFor(icon, lines, providers, snapshot), items };
}
