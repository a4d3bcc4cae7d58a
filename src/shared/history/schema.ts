/**
 * History questions and answers (issue #16), described once with zod so every face — CLI, window
 * (IPC / WebSocket), REST, TUI — asks the same question and validates the same answer. The store
 * and the queries live in src/core/history; these are only the shapes and pure helpers.
 */
import * as z from 'zod';
import { lazySchema } from '../model/lazy-schema';
import { BillingSchema, CloudTierSchema } from '../model/offer';
import { IsoDateSchema, ProviderIdSchema } from '../model/common';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** "Last week" of the alerts' history line and the Offers rows' hover ("stayed 14 min on average last week"). */
export const TYPICAL_STAY_WINDOW_MS = 7 * DAY_MS;
/** The longest window a query may ask for (the hourly data is kept 90 days by default). */
export const MAX_HISTORY_SINCE_MS = 366 * DAY_MS;

/** A history question: one GPU (family alias or canonical model), optionally narrowed. */
export const HistoryQuerySchema = lazySchema(() =>
  z
    .object({
      /** Family alias (`H100`) or canonical model (`H100-SXM`), as in offer filters. */
      gpu: z.string().trim().min(1).max(64),
      providers: z.array(ProviderIdSchema).max(20).optional(),
      /** Region ids (exact, case-insensitive). */
      regions: z.array(z.string().min(1).max(64)).max(50).optional(),
      /** GPUs per offer (8 for an 8× box). */
      count: z.number().int().positive().max(1024).optional(),
      /** How far back, in ms. Default 30 days. */
      sinceMs: z
        .number()
        .int()
        .positive()
        .max(MAX_HISTORY_SINCE_MS)
        .default(30 * DAY_MS),
      /** Minutes east of UTC for the heatmap and day boundaries (the viewer's zone). Default UTC. */
      tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
    })
    .strict(),
);
export type HistoryQuery = z.output<typeof HistoryQuerySchema>;
export type HistoryQueryInput = z.input<typeof HistoryQuerySchema>;

/** What identifies one line of history: an offer kind, not one offer. */
export const HistorySeriesKeySchema = lazySchema(() =>
  z.object({
    provider: ProviderIdSchema,
    model: z.string(),
    count: z.number(),
    region: z.string(),
    billing: BillingSchema,
    cloud: CloudTierSchema.optional(),
  }),
);
export type HistorySeriesKey = z.infer<typeof HistorySeriesKeySchema>;

/** One stretch of availability: from the poll that first saw it to the last poll that still did. */
export const EpisodeSchema = lazySchema(() =>
  HistorySeriesKeySchema.extend({
    start: IsoDateSchema,
    /** Null while it is still available. */
    end: IsoDateSchema.nullable(),
    durationMs: z.number().nonnegative(),
  }),
);
export type Episode = z.infer<typeof EpisodeSchema>;

export const EpisodeSummarySchema = lazySchema(() =>
  z.object({
    count: z.number().int().nonnegative(),
    /** Median and 90th percentile of closed episodes' durations; null when none closed. */
    medianMs: z.number().nonnegative().nullable(),
    p90Ms: z.number().nonnegative().nullable(),
    /** Episodes started per day recorded (from the report's `observedFrom`). */
    perDay: z.number().nonnegative(),
  }),
);
export type EpisodeSummary = z.infer<typeof EpisodeSummarySchema>;

/**
 * Week × hour availability: `cells[weekday][hour]` is the share (0..1) of that hour's polls in
 * which any match was available, averaged over the weeks of the window; null where nothing was
 * polled. Weekday 0 is Monday. Hours are in the query's zone.
 */
export const HeatmapSchema = lazySchema(() =>
  z.object({
    tzOffsetMinutes: z.number().int(),
    cells: z.array(z.array(z.number().min(0).max(1).nullable()).length(24)).length(7),
  }),
);
export type Heatmap = z.infer<typeof HeatmapSchema>;

/** Per day and provider: min / p50 / p95 over the day's hours of the cheapest matching $/GPU·h. */
export const DailyPriceSchema = lazySchema(() =>
  z.object({
    /** `YYYY-MM-DD` in the query's zone. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    provider: ProviderIdSchema,
    min: z.number().nonnegative(),
    p50: z.number().nonnegative(),
    p95: z.number().nonnegative(),
    /** Hours behind the figures. */
    samples: z.number().int().positive(),
  }),
);
export type DailyPrice = z.infer<typeof DailyPriceSchema>;

export const LastSeenSchema = lazySchema(() =>
  HistorySeriesKeySchema.extend({
    availableNow: z.boolean(),
    /** End of the latest availability episode (or now, when available); null: never seen available. */
    lastSeen: IsoDateSchema.nullable(),
    /** Last poll that listed it at all. */
    lastListed: IsoDateSchema,
  }),
);
export type LastSeen = z.infer<typeof LastSeenSchema>;

/** Hourly cheapest price points for a sparkline (`[epoch ms of the hour, $/GPU·h]`). */
export const PriceTrendSchema = lazySchema(() => z.array(z.tuple([z.number(), z.number().nonnegative()])));
export type PriceTrend = z.infer<typeof PriceTrendSchema>;

/**
 * What a question can be narrowed by: the providers, GPU counts and regions recorded for its GPU.
 * Each list is under the question's other narrowing (RunPod's regions once RunPod is asked for),
 * so every value offered leads somewhere; sorted.
 */
export const HistoryFacetsSchema = lazySchema(() =>
  z.object({
    providers: z.array(ProviderIdSchema),
    counts: z.array(z.number().int().positive()),
    regions: z.array(z.string()),
  }),
);
export type HistoryFacets = z.infer<typeof HistoryFacetsSchema>;

/** The whole answer for one question, as `cloudtop history -o json` prints it. */
export const HistoryReportSchema = lazySchema(() =>
  z.object({
    query: HistoryQuerySchema,
    from: IsoDateSchema,
    to: IsoDateSchema,
    /**
     * Where the recorded part of [from, to] starts: `from`, or later when cloudtop began polling
     * these providers after it (a new install, or data past the retention); null when it never
     * has. `summary.perDay` is over this span, and the faces draw their timelines from it.
     */
    observedFrom: IsoDateSchema.nullable(),
    /** False when this face has no history store (nothing recorded yet, or recording is off). */
    recording: z.boolean(),
    episodes: z.array(EpisodeSchema),
    summary: EpisodeSummarySchema,
    heatmap: HeatmapSchema,
    prices: z.array(DailyPriceSchema),
    trend: PriceTrendSchema,
    lastSeen: z.array(LastSeenSchema),
    facets: HistoryFacetsSchema,
  }),
);
export type HistoryReport = z.infer<typeof HistoryReportSchema>;

/**
 * Trends for the Offers view's GPU-model rows: one question for every model on screen (one batched
 * call, not one per row), answered from the hourly tier and the episodes.
 */
export const ModelTrendsQuerySchema = lazySchema(() =>
  z
    .object({
      /** Canonical models (`H100-SXM`), as the grouped rows show them; exact, not family aliases. */
      models: z.array(z.string().trim().min(1).max(64)).max(500),
      /** Days of daily prices for the sparkline. Default 14. */
      days: z.number().int().min(1).max(90).default(14),
      /** Minutes east of UTC for day boundaries (the viewer's zone). Default UTC. */
      tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
    })
    .strict(),
);
export type ModelTrendsQuery = z.output<typeof ModelTrendsQuerySchema>;
export type ModelTrendsQueryInput = z.input<typeof ModelTrendsQuerySchema>;

/** Mean episode length and how many episodes ended in the window (the alerts' "stayed … on average"). */
export const TypicalStaySchema = lazySchema(() =>
  z.object({
    meanMs: z.number().nonnegative(),
    episodes: z.number().int().positive(),
  }),
);
export type TypicalStay = z.infer<typeof TypicalStaySchema>;

export const ModelTrendSchema = lazySchema(() =>
  z.object({
    model: z.string(),
    /** `[epoch ms of the day's start (query zone), p50 of the hourly cheapest $/GPU·h]`, oldest first. */
    daily: z.array(z.tuple([z.number(), z.number().nonnegative()])),
    /** Any kind of this model available at the last poll. */
    availableNow: z.boolean(),
    /** When any kind of it was last available (now when it is); null: never seen available. */
    lastSeen: IsoDateSchema.nullable(),
    /** Over the last week, all providers; null when no episode ended in it. */
    stay: TypicalStaySchema.nullable(),
  }),
);
export type ModelTrend = z.infer<typeof ModelTrendSchema>;

export const ModelTrendsSchema = lazySchema(() =>
  z.object({
    /** False when this face has no history store. */
    recording: z.boolean(),
    /** When the answer was computed (epoch ms): "last seen … ago" is relative to the viewer's clock. */
    at: z.number(),
    /** Only models with any history; the others are left out. */
    trends: z.array(ModelTrendSchema),
  }),
);
export type ModelTrends = z.infer<typeof ModelTrendsSchema>;

/** Nearest-rank percentile of an ascending array (p in 0..1); undefined when empty. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The key one line of history is stored under. */
export function seriesKeyString(k: HistorySeriesKey): string {
  return `${k.provider}|${k.model}|${k.count}|${k.region}|${k.billing}|${k.cloud ?? ''}`;
}

/** An empty 7 × 24 grid. */
export function emptyHeatmapCells(): Array<Array<number | null>> {
  return Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => null));
}
