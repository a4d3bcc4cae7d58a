/**
 * `core.settings` and `core.watches`: validated edits of the settings file. A provider's base URL
 * changed from the app needs a confirmation naming where its credentials will go; provider changes
 * (poll interval, enabled) take effect at once through `onProvidersChanged`.
 */
import {
  CloudtopError,
  WatchInputSchema,
  type AlertEvent,
  type ProviderId,
  type Watch,
  type WatchInput,
} from '../../shared/model';
import { SettingsPatchSchema, type Settings, type SettingsPatch } from '../../shared/settings/schema';
import { providerRegistry } from '../providers/registry';
import type { Core } from '../types';
import type { SettingsCell } from './settings-cell';

/** A base URL changed from the app needs a confirmation that names where the credentials will go. */
function confirmBaseUrlChange(
  id: ProviderId,
  current: string | undefined,
  next: string | undefined,
  confirmation: string | undefined,
): void {
  if (next === undefined || next === current || confirmation === next) return;
  const name = providerRegistry.find((d) => d.id === id)?.displayName ?? id;
  throw new CloudtopError(
    'config',
    `Changing the ${name} base URL sends its credentials to ${new URL(next).origin} from now on; not changed without confirmation`,
    {
      provider: id,
      hint: `To confirm, send the change again with providers.${id}.confirmBaseUrl set to "${next}"`,
    },
  );
}

/** Every poll is kept within the hourly history, never beyond it (the hourly cut ends the record). */
function checkHistoryRetention(h: Settings['history']): void {
  if (h.rawDays <= h.hourlyDays) return;
  throw new CloudtopError(
    'config',
    `History: every poll kept ${h.rawDays} days is longer than the hourly history (${h.hourlyDays} days); not changed`,
    { hint: `Keep every poll at most ${h.hourlyDays} days, or the hourly history at least ${h.rawDays} days` },
  );
}

/** The settings after a validated patch. */
function applySettingsPatch(settings: Settings, p: SettingsPatch): Settings {
  const history = { ...settings.history, ...(p.history ?? {}) };
  if (p.history) checkHistoryRetention(history);
  const providers = { ...settings.providers };
  for (const [id, patchEntry] of Object.entries(p.providers ?? {})) {
    const pid = id as ProviderId;
    const { confirmBaseUrl, ...ps } = patchEntry;
    confirmBaseUrlChange(pid, settings.providers[pid]?.baseUrl, ps.baseUrl, confirmBaseUrl);
    providers[pid] = { ...providers[pid], ...ps } as Settings['providers'][ProviderId];
  }
  return {
    ...settings,
    ...(p.theme !== undefined ? { theme: p.theme } : {}),
    ...(p.launchAtLogin !== undefined ? { launchAtLogin: p.launchAtLogin } : {}),
    ...(p.autoUpdate !== undefined ? { autoUpdate: p.autoUpdate } : {}),
    ...(p.metricsPollSeconds !== undefined ? { metricsPollSeconds: p.metricsPollSeconds } : {}),
    notifications: {
      ...settings.notifications,
      ...p.notifications,
      quietHours: { ...settings.notifications.quietHours, ...(p.notifications?.quietHours ?? {}) },
    },
    providers,
    ui: { ...settings.ui, ...(p.ui ?? {}) },
    history,
  };
}

export function settingsApi(
  cell: SettingsCell,
  on: { providersChanged: (ids: ProviderId[]) => void; historyChanged: (history: Settings['history']) => void },
): Core['settings'] {
  return {
    view: () => cell.view(),
    update(patch) {
      // Validated here: the patch comes from a face.
      const p = SettingsPatchSchema.parse(patch);
      cell.save(applySettingsPatch(cell.get(), p));
      if (p.providers) on.providersChanged(Object.keys(p.providers) as ProviderId[]);
      if (p.history) on.historyChanged(cell.get().history);
      return cell.view();
    },
    pauseNotifications(until) {
      const settings = cell.get();
      const n = { ...settings.notifications };
      if (until) n.pausedUntil = until;
      else delete n.pausedUntil;
      cell.save({ ...settings, notifications: n });
      return cell.view();
    },
  };
}

/** `list`: settings watches plus the ones cloudtop.json defines. */
export function watchesApi({
  cell,
  list,
  history,
  now,
}: {
  cell: SettingsCell;
  list: () => Watch[];
  history: () => AlertEvent[];
  now: () => string;
}): Core['watches'] {
  const saveWatches = (watches: Watch[]) => cell.save({ ...cell.get(), watches });
  return {
    list,
    save(input: WatchInput) {
      const parsed = WatchInputSchema.parse(input);
      const current = cell.get().watches;
      const existing = parsed.id ? current.find((w) => w.id === parsed.id) : undefined;
      const watch: Watch = existing
        ? { ...existing, ...parsed, id: existing.id, createdAt: existing.createdAt }
        : { ...parsed, id: parsed.id ?? crypto.randomUUID(), createdAt: now() };
      saveWatches([...current.filter((w) => w.id !== watch.id), watch]);
      return watch;
    },
    delete(id) {
      const before = cell.get().watches.length;
      saveWatches(cell.get().watches.filter((w) => w.id !== id));
      return cell.get().watches.length < before;
    },
    snooze(id, until) {
      const current = cell.get().watches;
      const w = current.find((x) => x.id === id);
      if (!w) throw new CloudtopError('not_found', `No watch with id "${id}"`);
      const next: Watch = { ...w };
      if (until) next.snoozedUntil = until;
      else delete next.snoozedUntil;
      saveWatches(current.map((x) => (x.id === id ? next : x)));
      return next;
    },
    history,
  };
}
