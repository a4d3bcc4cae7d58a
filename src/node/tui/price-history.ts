/**
 * Where the GPU pane's sparkline and trend arrow come from: the cheapest rentable $/GPU-h per GPU
 * model over time.
 *
 * The seam: `PriceHistorySource` is all the TUI reads. `StoredPriceHistory` reads the history
 * store (src/core/history), which `cloudtop top` records into like every face that polls: the last
 * day by the hour, so the sparkline means something from the first frame. `SessionPriceHistory`
 * remembers what this session saw (one sample per snapshot that changed offers), for a run
 * without history (`CLOUDTOP_HISTORY=off`, or a file that would not open).
 */
import type { HistoryReader } from '../../core/history';
import type { GpuModelGroup } from '../../shared/offers/group';

export interface PriceHistorySource {
  /** What the sparkline spans, for its column header: "PRICE (24 h)". */
  readonly span: string;
  /** One sample per model from the groups of a new snapshot (all offers, unfiltered). */
  record(atMs: number, groups: readonly GpuModelGroup[]): void;
  /** Cheapest rentable $/GPU-h samples for a model, oldest first (NaN where it was sold out). */
  series(model: string): readonly number[];
}

/** In-memory ring of the last `capacity` samples per model. Bounded whatever the churn. */
export class SessionPriceHistory implements PriceHistorySource {
  readonly span = 'session';
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

const HOURS_BEFORE_NOW = 23;
/** Recorded hours (of any model) before the last day is worth a sparkline of its own. */
const HOURS_TO_SHOW = 2;

/**
 * The last day from the history store: the cheapest available $/GPU-h of each of the 23 whole
 * hours before this one, then the cheapest now (the snapshot's, as the price column shows it), so
 * the trend arrow says how now compares with the last hour recorded. Read again for each snapshot
 * whose offers changed (the core has recorded it by then, and the hourly rows move with each poll):
 * one grouped read per model, 4 ms for 15 models in the 90-day bench file. A read that fails
 * keeps the last answer.
 *
 * Until the store holds two whole hours (a new install, `top --demo`), an hourly line would be one
 * glyph: the sparklines show this session's samples then, and the header says which it is.
 */
export class StoredPriceHistory implements PriceHistorySource {
  private readonly session = new SessionPriceHistory();
  private past = new Map<string, number[]>();
  private readonly now = new Map<string, number>();
  private stored = false;

  constructor(private readonly reader: Pick<HistoryReader, 'hourlyCheapest'>) {}

  get span(): string {
    return this.stored ? '24 h' : this.session.span;
  }

  record(atMs: number, groups: readonly GpuModelGroup[]): void {
    this.session.record(atMs, groups);
    try {
      this.past = this.reader.hourlyCheapest(
        groups.map((g) => g.model),
        HOURS_BEFORE_NOW,
      );
      this.stored = [...this.past.values()].some((hours) => hours.filter(Number.isFinite).length >= HOURS_TO_SHOW);
    } catch {
      // Keep the last answer: the sparkline is a glance, not worth an error on the screen.
    }
    this.now.clear();
    for (const g of groups) this.now.set(g.model, g.cheapest ? g.cheapest.perGpuHour : Number.NaN);
  }

  series(model: string): readonly number[] {
    if (!this.stored) return this.session.series(model);
    const now = this.now.get(model);
    if (now === undefined) return [];
    return [...(this.past.get(model) ?? new Array<number>(HOURS_BEFORE_NOW).fill(Number.NaN)), now];
  }
}
