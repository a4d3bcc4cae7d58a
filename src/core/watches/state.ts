/**
 * The watches engine's memory between evaluations. Plain JSON so core can persist it next to the
 * settings and survive restarts without re-notifying everything that is still on offer.
 */
import * as z from 'zod';
import { lazySchema } from '../../shared/model/lazy-schema';
import { AlertOfferRefSchema } from '../../shared/model';

export const PENDING_KINDS = ['appeared', 'price-drop'] as const;

export const WatchKeyStateSchema = lazySchema(() =>
  z.object({
    watchId: z.string(),
    offerId: z.string(),
    /** Matched at the last evaluation. */
    active: z.boolean(),
    /** Start of the current (or last) availability run. A flicker within the cooldown extends the run. */
    runStart: z.number(),
    /** When it stopped matching (while inactive); inactive keys are forgotten 24 h after this. */
    lostAt: z.number().optional(),
    /** $/GPU-h the next price drop is measured against: the run's first price, then each delivered alert's. */
    basePerGpuHour: z.number(),
    /** Last delivered (not suppressed) appeared / price-drop alert: the per-key cooldown runs from here. */
    notifiedAt: z.number().optional(),
    /** Good news owed for this run, held by the cooldown or a suppression until it can be delivered. */
    pending: z.enum(PENDING_KINDS).optional(),
    pendingPrevPerGpuHour: z.number().optional(),
    /** A suppressed event for the pending alert was already recorded: do not repeat it every poll. */
    pendingReported: z.boolean().default(false),
    /** Some event of this run was emitted, so "no longer available" means something to the user. */
    runReported: z.boolean().default(false),
    /** "No longer available" already emitted for this run. */
    goneReported: z.boolean().default(false),
    /** Last known offer details, for the disappeared event when the offer has left the snapshot. */
    ref: AlertOfferRefSchema,
  }),
);
export type WatchKeyState = z.infer<typeof WatchKeyStateSchema>;

export const WatchEngineStateSchema = lazySchema(() =>
  z.object({
    version: z.literal(1),
    keys: z.record(z.string(), WatchKeyStateSchema),
    /** Delivery times of notifications in the last 10 minutes (global cap). */
    sent: z.array(z.number()),
  }),
);
export type WatchEngineState = z.infer<typeof WatchEngineStateSchema>;

export function emptyWatchState(): WatchEngineState {
  return { version: 1, keys: {}, sent: [] };
}

/** Persisted state from disk: anything unreadable starts fresh (worst case: one repeat notification). */
export function loadWatchState(raw: unknown): WatchEngineState {
  const parsed = WatchEngineStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : emptyWatchState();
}

/** Unambiguous whatever characters the ids contain. */
export function watchKey(watchId: string, offerId: string): string {
  return `${watchId.length}:${watchId}|${offerId}`;
}
