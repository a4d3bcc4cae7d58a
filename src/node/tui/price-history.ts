/**
 * Where the GPU pane's sparkline and trend arrow come from: the cheapest rentable $/GPU-h per GPU
 * model over time.
 *
 * The seam: `PriceHistorySource` is all the TUI reads. Today `SessionPriceHistory` remembers what
 * this session saw (one sample per snapshot that changed offers). When the history store
 * (src/core/history, docs/design.md §11) lands, an adapter implementing `series()` from its price
 * aggregates (and `record()` as a no-op, or a write-through) is passed to `topCommand` instead,
 * and the sparkline shows hours or days instead of minutes. Nothing else changes.
 */
import type { GpuModelGroup } from '../../shared/offers/group';

export interface PriceHistorySource {
  /** One sample per model from the groups of a new snapshot (all offers, unfiltered). */
  record(atMs: number, groups: readonly GpuModelGroup[]): void;
  /** Cheapest rentable $/GPU-h samples for a model, oldest first (NaN where it was sold out). */
  series(model: string): readonly number[];
}

/** In-memory ring of the last `capacity` samples per model. Bounded whatever the churn. */
export class SessionPriceHistory implements PriceHistorySource {
  private readonly samples = new Map<string, number[]>();
  private lastAt = -Infinity;

  constructor(private readonly capacity = 120) {}

  record(atMs: number, groups: readonly GpuModelGroup[]): void {
    // Snapshots can come in bursts (one per provider finishing a poll): one sample per second at most,
    // the later one winning, so a refresh does not fill the sparkline with near-duplicates.
    const replace = atMs - this.lastAt < 1000;
    if (!replace) this.lastAt = atMs;
    const seen = new Set<string>();
    for (const g of groups) {
      seen.add(g.model);
      this.push(g.model, g.cheapest ? g.cheapest.perGpuHour : Number.NaN, replace);
    }
    // A model that vanished from every market is sold out from now on.
    for (const model of this.samples.keys()) if (!seen.has(model)) this.push(model, Number.NaN, replace);
  }

  series(model: string): readonly number[] {
    return this.samples.get(model) ?? [];
  }

  private push(model: string, value: number, replace: boolean): void {
    let s = this.samples.get(model);
    if (!s) this.samples.set(model, (s = []));
    if (replace && s.length > 0) s[s.length - 1] = value;
    else {
      s.push(value);
      if (s.length > this.capacity) s.splice(0, s.length - this.capacity);
    }
  }
}
