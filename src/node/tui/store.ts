/**
 * The TUI's live state: the core's snapshot, the alert events seen this session and what the
 * footer should say. One external store for React (`useSyncExternalStore`), fed by the core's push
 * events, so the panes re-render when data changes and never poll.
 */
import type { Core } from '../../core/types';
import { groupByModel, type GpuModelGroup } from '../../shared/offers/group';
import { describeFilter } from '../../shared/filter';
import {
  WatchNotifySchema,
  type AlertEvent,
  type ProviderId,
  type ProviderInfo,
  type Snapshot,
  type Watch,
} from '../../shared/model';
import type { PriceHistorySource } from './price-history';

export interface TopState {
  snapshot: Snapshot;
  /** Newest first, at most ALERTS_KEPT. */
  alerts: readonly AlertEvent[];
  refreshing: boolean;
  /** One line for the footer ("Watching H100-SXM…", an error); cleared by the next key. */
  message?: { text: string; tone: 'info' | 'error' };
  /** Bumped when the price history got a new sample (the GPU pane re-reads it). */
  historyVersion: number;
  /** groupByModel of all offers, computed once per snapshot (history sample and the unfiltered pane). */
  groups: readonly GpuModelGroup[];
}

interface TopStoreOptions {
  core: Core;
  history: PriceHistorySource;
  /** Rings the terminal bell (BEL) on a delivered alert; undefined = no bell. */
  bell?: () => void;
  now?: () => number;
}

const ALERTS_KEPT = 500;

export class TopStore {
  private state: TopState;
  private readonly listeners = new Set<() => void>();
  private readonly offs: Array<() => void> = [];
  private lastOffers: Snapshot['offers'] | undefined;

  constructor(private readonly opts: TopStoreOptions) {
    const snapshot = opts.core.snapshot();
    this.state = {
      snapshot,
      alerts: opts.core.watches.history().slice(0, ALERTS_KEPT),
      refreshing: false,
      historyVersion: 0,
      groups: [],
    };
    this.state.groups = this.recordPrices(snapshot) ?? [];
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Starts listening to the core. Returns nothing; `stop()` undoes it. */
  start(): void {
    this.offs.push(
      this.opts.core.onSnapshot((snapshot) => {
        const groups = this.recordPrices(snapshot);
        if (groups) this.set({ snapshot, groups, historyVersion: this.state.historyVersion + 1 });
        else this.set({ snapshot });
      }),
      this.opts.core.onAlert((event) => {
        this.set({ alerts: [event, ...this.state.alerts].slice(0, ALERTS_KEPT) });
        if (!event.suppressed && event.kind !== 'disappeared') this.opts.bell?.();
      }),
    );
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  /**
   * Groups the offers and takes one history sample per snapshot whose offers changed; undefined when
   * they did not (resource-only pushes add nothing).
   */
  private recordPrices(snapshot: Snapshot): GpuModelGroup[] | undefined {
    if (snapshot.offers === this.lastOffers) return undefined;
    this.lastOffers = snapshot.offers;
    const groups = groupByModel(snapshot.offers);
    if (groups.length) this.opts.history.record(this.now(), groups);
    return groups;
  }

  getState = (): TopState => this.state;

  watchCount(): number {
    return this.opts.core.watches.list().length;
  }

  providerInfo(id: ProviderId): ProviderInfo | undefined {
    return this.opts.core.providers().find((p) => p.id === id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<TopState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  say(text: string, tone: 'info' | 'error' = 'info'): void {
    this.set({ message: { text, tone } });
  }

  clearMessage(): void {
    if (this.state.message) this.set({ message: undefined });
  }

  /** `r`: every provider now, metrics included; concurrent presses coalesce in the core. */
  async refresh(): Promise<void> {
    if (this.state.refreshing) return;
    this.set({ refreshing: true, message: { text: 'Refreshing every provider', tone: 'info' } });
    try {
      await this.opts.core.refresh({ metrics: true });
      this.set({ refreshing: false, message: undefined });
    } catch (e) {
      this.set({ refreshing: false, message: { text: `Refresh failed: ${(e as Error).message}`, tone: 'error' } });
    }
  }

  /**
   * `w`: a watch on the GPU model (every provider, any price; edit it in the window or settings to
   * narrow it). Saved like the window saves one, so it survives this session and the app sees it.
   */
  watchModel(model: string): Watch | undefined {
    const existing = this.opts.core.watches
      .list()
      .find((w) => w.filter.gpu?.length === 1 && w.filter.gpu[0] === model && Object.keys(w.filter).length === 1);
    if (existing) {
      this.say(`Already watching ${model} ("${existing.name}").`);
      return existing;
    }
    try {
      const filter = { gpu: [model] };
      const watch = this.opts.core.watches.save({
        name: describeFilter(filter) || model,
        enabled: true,
        filter,
        notify: WatchNotifySchema.parse({ onAppear: true, onPriceDrop: true }),
      });
      this.say(`Watching ${watch.name}: alerts show in pane 3 from the next poll (r refreshes now).`);
      return watch;
    } catch (e) {
      this.say(`Could not save the watch: ${(e as Error).message}`, 'error');
      return undefined;
    }
  }
}
