/**
 * The window's state: what the core told us (snapshot, providers, settings, watches, alerts) plus
 * a little UI state that several views share (current view, an offer to focus, a watch draft).
 * Views read it through `useAppState(selector)` and change things through the actions, which call
 * the CloudtopApi and fold the answers back in.
 */
import type { AppInfo, CloudtopApi, SettingsView } from '../../shared/ipc/contract';
import type { SortSpec } from '../../shared/filter';
import type {
  AlertEvent,
  ErrorInfo,
  OfferFilter,
  ProviderId,
  ProviderInfo,
  Snapshot,
  Watch,
  WatchInput,
} from '../../shared/model';
import type { SettingsPatch } from '../../shared/settings/schema';
import { DAY_MS, type HistoryReport, type ModelTrend } from '../../shared/history/schema';
import type { HistoryPeriod } from '../views/history/periods';
import type { GpuModelGroup } from '../../shared/offers';
import type { SnapshotPreview } from '../../shared/snapshot/preview';
import { errorInfoOf } from '../api/errors';
import { sparkPath } from '../lib/sparkline';
import type { ConnectionState } from '../api/ws-api';

export const VIEWS = ['offers', 'resources', 'providers', 'watches', 'settings', 'history'] as const;
export type ViewId = (typeof VIEWS)[number];

export interface AppState {
  connection: ConnectionState;
  appInfo?: AppInfo;
  snapshot?: Snapshot;
  /**
   * Browser mode, until the full snapshot is in: what the server sent on connect for the first
   * paint (per-model groups, counts, provider statuses). See previewGroups.
   */
  preview?: SnapshotPreview;
  providers: ProviderInfo[];
  settings?: SettingsView;
  watches: Watch[];
  alerts: AlertEvent[];
  /** The first load failed (nothing to show yet). */
  loadError?: ErrorInfo;
  refreshing: boolean;
  view: ViewId;
  /** Offer to scroll to and highlight (notification click, 'focus.offer'). `seq` re-triggers. */
  focus?: { offerId: string; seq: number };
  /** "Watch this" from an offer row: opens the editor prefilled. */
  watchDraft?: WatchInput;
  /**
   * Offers view state, kept here so it survives switching views. `search` lives apart from the
   * other filter fields so typing in it does not re-render the filter form.
   */
  offers: { filter: OfferFilter; search: string; sort: SortSpec; mode?: 'grouped' | 'table'; showFilters: boolean };
  /**
   * History view state, kept here so the question (and its last answer, shown while a fresh one
   * loads) survive switching views.
   */
  history: HistoryUiState;
  /** History per GPU model for the Offers rows (sparkline, last seen, typical stay); see loadTrends. */
  trends?: TrendsState;
}

export interface HistoryUiState {
  gpu: string;
  since: HistoryPeriod;
  /** The question narrowed to one provider, GPU count or region (null: any). */
  narrow: HistoryNarrowing;
  /** The price chart's provider; null: the first with prices. */
  chartProvider: string | null;
  /** The answer to the question last asked. */
  report?: HistoryReport;
}

export interface HistoryNarrowing {
  provider: ProviderId | null;
  count: number | null;
  region: string | null;
}

const ANY: HistoryNarrowing = { provider: null, count: null, region: null };

/** One GPU model's history as a row shows it: the answer plus its sparkline, drawn once. */
export interface RowTrend extends ModelTrend {
  /** SVG path of the daily p50 over the window (lib/sparkline.ts); undefined without prices. */
  path?: string;
}

export interface TrendsState {
  /** False: this face keeps no history (the rows show no trend column). */
  recording: boolean;
  /** When the core answered (epoch ms). */
  at: number;
  byModel: ReadonlyMap<string, RowTrend>;
}

/** Days in a row's sparkline. */
export const TREND_DAYS = 14;
/** History moves by the hour: asking again for the same models within this is answered from the cache. */
export const TRENDS_TTL_MS = 5 * 60_000;

/**
 * The grouped Offers view's groups as the preview holds them, while the view shows exactly that:
 * no full snapshot yet, Offers in the grouped layout, nothing filtered or searched. Otherwise
 * undefined (the view needs the offers themselves).
 */
export function previewGroups(s: AppState): readonly GpuModelGroup[] | undefined {
  const p = s.preview;
  if (!p || s.snapshot) return undefined;
  const o = s.offers;
  const mode = o.mode ?? s.settings?.settings.ui.offersView ?? 'grouped';
  if (mode !== 'grouped' || Object.keys(o.filter).length > 0 || o.search.trim() !== '') return undefined;
  return s.settings?.settings.ui.hideUnavailable ? p.groups.sellable : p.groups.all;
}

/** The snapshot preview and the pushes after it (browser mode: WebSocketApi). */
export interface PreviewSource {
  onPreview(listener: (preview: SnapshotPreview) => void): () => void;
  /** Starts the pushes: the full snapshot, then diffs. */
  subscribe(): Promise<void>;
}

/** Optional connection reporting (browser mode). */
export interface ConnectionSource {
  readonly connection: ConnectionState;
  onConnection(listener: (s: ConnectionState) => void): () => void;
}

const MAX_ALERTS = 200;

export class AppStore {
  private state: AppState;
  private readonly listeners = new Set<() => void>();
  private readonly alertListeners = new Set<(e: AlertEvent) => void>();
  private focusSeq = 0;

  /** Settles when the preview or a snapshot is in. */
  private firstData: Promise<void>;
  private gotData: () => void = () => undefined;
  private subscribing: Promise<void> | undefined;

  /**
   * `preview`: the transport sends the snapshot preview on connect (browser mode); load() waits for
   * it instead of asking for the snapshot, and startSnapshots() asks for the rest.
   * `showFilters`: whether the Offers view opens with its filter panel (boot.tsx: only in a window
   * wide enough for the panel and the table side by side).
   */
  constructor(
    readonly api: CloudtopApi,
    connection?: ConnectionSource,
    private readonly opts: { preview?: PreviewSource; pushTimeoutMs?: number; showFilters?: boolean } = {},
  ) {
    this.firstData = new Promise((ok) => (this.gotData = ok));
    this.state = {
      connection: connection?.connection ?? 'open',
      providers: [],
      watches: [],
      alerts: [],
      refreshing: false,
      view: 'offers',
      offers: {
        filter: {},
        search: '',
        sort: { key: 'perGpuHour', dir: 'asc' },
        showFilters: opts.showFilters ?? true,
      },
      history: { gpu: 'H100', since: '30d', narrow: ANY, chartProvider: null },
    };
    connection?.onConnection((c) => {
      this.set({ connection: c });
      // After a reconnect, anything may have changed while we were away.
      if (c === 'open' && this.state.appInfo) void this.reloadLists();
    });
    api.on('snapshot', (snapshot) => {
      this.set({ snapshot, preview: undefined });
      this.gotData();
    });
    // A preview after the full snapshot (a reconnect's) has nothing the snapshot lacks.
    opts.preview?.onPreview((preview) => {
      if (!this.state.snapshot) this.set({ preview });
      this.gotData();
    });
    api.on('alert', (e) => {
      this.set({ alerts: [e, ...this.state.alerts.filter((a) => a.id !== e.id)].slice(0, MAX_ALERTS) });
      for (const l of this.alertListeners) l(e);
    });
    api.on('settings.changed', (settings) => this.set({ settings }));
    api.on('focus.offer', ({ offerId }) => this.focusOffer(offerId));
  }

  getState = (): AppState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onAlert(listener: (e: AlertEvent) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  /**
   * Resolves once the first load is in (the snapshot — or the preview, when the first view can be
   * drawn from it — with the app info, providers, settings, watches and alerts, or the error that
   * stops it), or after `maxWaitMs`. The app mounts then:
   * one render with everything instead of an empty frame first and the data after (the first
   * render is the slow one: every component's code runs cold). The lists come with it because a
   * render without them is not the one the user should see (provider ids for names, the default
   * layout for the saved one) and a second render right after the first held the offers' first
   * frame back (the lists' answers arrive just behind the snapshot).
   */
  whenReady(maxWaitMs: number): Promise<void> {
    return new Promise((ok) => {
      const ready = () => {
        const s = this.state;
        if (s.loadError !== undefined) return true;
        if (s.appInfo === undefined) return false;
        return s.snapshot !== undefined || (s.view === 'offers' && previewGroups(s) !== undefined);
      };
      if (ready()) return ok();
      const done = () => {
        clearTimeout(timer);
        off();
        ok();
      };
      const timer = setTimeout(done, maxWaitMs);
      const off = this.subscribe(() => ready() && done());
    });
  }

  private set(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** First load: everything the views need, in parallel. */
  async load(): Promise<void> {
    try {
      const [appInfo, , snapshot] = await Promise.all([
        this.api.invoke('app.info', {}),
        this.reloadLists(),
        this.initialSnapshot(),
      ]);
      const patch: Partial<AppState> = { appInfo, loadError: undefined };
      if (snapshot) patch.snapshot = this.newer(snapshot);
      this.set(patch);
      // A first view the preview cannot draw (the table, Resources …) needs the snapshot now.
      if (!this.state.snapshot && !(this.state.view === 'offers' && previewGroups(this.state)))
        void this.startSnapshots().catch(() => undefined);
    } catch (e) {
      this.set({ loadError: errorInfoOf(e) });
    }
  }

  /**
   * Browser mode: asks the server for the full snapshot and the pushes after it (boot.tsx, once
   * the preview has painted; load(), when the first view needs the offers). Asks once (again only
   * after a failure; a lost connection subscribes again by itself, WebSocketApi); elsewhere a no-op.
   */
  startSnapshots = (): Promise<void> => {
    const source = this.opts.preview;
    if (!source) return Promise.resolve();
    this.subscribing ??= source.subscribe().catch((e: unknown) => {
      this.subscribing = undefined;
      throw e;
    });
    return this.subscribing;
  };

  /** The snapshot to start with (undefined: the preview came instead, or is already here). */
  private initialSnapshot(): Promise<Snapshot | undefined> {
    if (this.state.snapshot) return Promise.resolve(this.state.snapshot);
    if (!this.opts.preview) return this.api.invoke('snapshot.get', {});
    if (this.state.preview) return Promise.resolve(undefined);
    // The preview comes on connect; if it has not come after a while (slow link), subscribe: the
    // snapshot then comes as a push (and settles firstData), or the failure stops the load.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fallback = new Promise<undefined>((_, fail) => {
      timer = setTimeout(() => this.startSnapshots().catch(fail), this.opts.pushTimeoutMs ?? 15_000);
    });
    return Promise.race([this.firstData.then(() => undefined), fallback]).finally(() => clearTimeout(timer));
  }

  private newer(s: Snapshot): Snapshot {
    const cur = this.state.snapshot;
    return cur && cur.version > s.version ? cur : s;
  }

  async reloadLists(): Promise<void> {
    const [providers, settings, watches, alerts] = await Promise.all([
      this.api.invoke('providers.list', {}),
      this.api.invoke('settings.get', {}),
      this.api.invoke('watches.list', {}),
      this.api.invoke('alerts.history', {}),
    ]);
    this.set({ providers, settings, watches, alerts });
  }

  setView = (view: ViewId): void => this.set({ view });

  /** Shows one offer (notification click): all filters off, table layout, scrolled to it. */
  focusOffer = (offerId: string): void => {
    this.set({
      view: 'offers',
      focus: { offerId, seq: ++this.focusSeq },
      offers: { ...this.state.offers, filter: {}, search: '', mode: 'table' },
    });
  };

  updateOffersUi = (patch: Partial<AppState['offers']>): void => {
    this.set({ offers: { ...this.state.offers, ...patch } });
  };

  setOfferFilter = (next: OfferFilter | ((f: OfferFilter) => OfferFilter)): void => {
    const filter = typeof next === 'function' ? next(this.state.offers.filter) : next;
    this.updateOffersUi({ filter });
  };

  setOfferSearch = (search: string): void => this.updateOffersUi({ search });

  updateHistoryUi = (patch: Partial<HistoryUiState>): void => {
    this.set({ history: { ...this.state.history, ...patch } });
  };

  /**
   * A GPU model's history (its sparkline in the Offers view): the History view, asking about it
   * across every provider, count and region, as the sparkline does.
   */
  showHistory = (model: string): void => {
    this.set({ view: 'history', history: { ...this.state.history, gpu: model, narrow: ANY, chartProvider: null } });
  };

  private trendsAsked: { models: ReadonlySet<string>; at: number } | undefined;
  private trendsInFlight: Promise<void> | undefined;

  /**
   * Sparkline prices, last seen and typical stay for these GPU models: one `history.trends` call
   * for all of them, cached — asking again for models already answered within TRENDS_TTL_MS (or
   * while a call is out) costs nothing, so a view may call this on every snapshot. A failure is
   * quiet (trends are extra) and retried after the TTL.
   */
  loadTrends = (models: readonly string[], now: number = Date.now()): Promise<void> => {
    const asked = this.trendsAsked;
    if (asked && now - asked.at < TRENDS_TTL_MS && models.every((m) => asked.models.has(m)))
      return this.trendsInFlight ?? Promise.resolve();
    const wanted = new Set(models);
    this.trendsAsked = { models: wanted, at: now };
    const tzOffsetMinutes = -new Date(now).getTimezoneOffset();
    const call = this.api
      .invoke('history.trends', { models: [...wanted].slice(0, 500), days: TREND_DAYS, tzOffsetMinutes })
      .then(
        (r) => {
          const offset = tzOffsetMinutes * 60_000;
          const today = Math.floor((r.at + offset) / DAY_MS) * DAY_MS - offset;
          const from = today - (TREND_DAYS - 1) * DAY_MS;
          const byModel = new Map<string, RowTrend>();
          for (const t of r.trends) {
            const path = sparkPath(t.daily, from, today);
            byModel.set(t.model, path ? { ...t, path } : t);
          }
          this.set({ trends: { recording: r.recording, at: r.at, byModel } });
        },
        () => undefined,
      )
      .finally(() => {
        if (this.trendsInFlight === call) this.trendsInFlight = undefined;
      });
    this.trendsInFlight = call;
    return call;
  };

  async refresh(providers?: ProviderId[]): Promise<void> {
    this.set({ refreshing: true });
    try {
      await this.api.invoke('refresh', providers ? { providers } : {});
    } finally {
      this.set({ refreshing: false });
    }
  }

  startWatchDraft = (draft: WatchInput): void => this.set({ view: 'watches', watchDraft: draft });
  clearWatchDraft = (): void => this.set({ watchDraft: undefined });

  async saveWatch(input: WatchInput): Promise<Watch> {
    const saved = await this.api.invoke('watches.save', input);
    const exists = this.state.watches.some((w) => w.id === saved.id);
    this.set({
      watches: exists ? this.state.watches.map((w) => (w.id === saved.id ? saved : w)) : [...this.state.watches, saved],
    });
    return saved;
  }

  async deleteWatch(id: string): Promise<void> {
    await this.api.invoke('watches.delete', { id });
    this.set({ watches: this.state.watches.filter((w) => w.id !== id) });
  }

  async snoozeWatch(id: string, until: string | null): Promise<void> {
    const w = await this.api.invoke('watches.snooze', { id, until });
    this.set({ watches: this.state.watches.map((x) => (x.id === id ? w : x)) });
  }

  async updateSettings(patch: SettingsPatch): Promise<void> {
    this.set({ settings: await this.api.invoke('settings.update', patch) });
  }

  async pauseNotifications(until: string | null): Promise<void> {
    this.set({ settings: await this.api.invoke('notifications.pause', { until }) });
  }

  /** Opens a provider console link: through main in the desktop app; the page opens it in a browser. */
  async openExternal(url: string): Promise<boolean> {
    const r = await this.api.invoke('app.openExternal', { url });
    return r.opened;
  }
}
