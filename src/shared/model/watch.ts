import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { IsoDateSchema, ProviderIdSchema } from './common';
import { OfferFilterSchema } from './filter';

export const WatchNotifySchema = lazySchema(() =>
  z.object({
    onAppear: z.boolean().default(true),
    /** Fire when a matching offer's $/GPU-h drops below this (or by `priceDropPct`). */
    onPriceDrop: z.boolean().default(true),
    priceDropPct: z.number().min(0).max(100).default(10),
    onDisappear: z.boolean().default(false),
    /** Per watch+offer cooldown; also the hysteresis window for flicker. */
    cooldownMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(30),
  }),
);
export type WatchNotify = z.infer<typeof WatchNotifySchema>;

/** A channel's name in cloudtop.json / settings (`team-slack`); watches name the channels they use. */
export const ChannelNameSchema = lazySchema(() =>
  z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'channel names are lower-case letters, digits, - and _ (at most 40)'),
);

export const WatchSchema = lazySchema(() =>
  z.object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(120),
    enabled: z.boolean().default(true),
    filter: OfferFilterSchema,
    notify: WatchNotifySchema.default(WatchNotifySchema.parse({})),
    /** Alert channels (src/core/notify) this watch also delivers to, by name. */
    channels: z.array(ChannelNameSchema).max(20).optional(),
    /** Muted until this time. */
    snoozedUntil: IsoDateSchema.optional(),
    createdAt: IsoDateSchema,
  }),
);
export type Watch = z.infer<typeof WatchSchema>;

/** Input for creating/updating a watch (ids and timestamps are assigned by core). */
export const WatchInputSchema = lazySchema(() =>
  WatchSchema.omit({ id: true, createdAt: true }).extend({
    id: z.string().min(1).max(64).optional(),
  }),
);
export type WatchInput = z.infer<typeof WatchInputSchema>;

export const AlertKindSchema = lazySchema(() => z.enum(['appeared', 'price-drop', 'disappeared']));
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const AlertOfferRefSchema = lazySchema(() =>
  z.object({
    offerId: z.string(),
    provider: ProviderIdSchema,
    model: z.string(),
    count: z.number(),
    perGpuHour: z.number(),
    perHour: z.number(),
    region: z.string(),
    previousPerGpuHour: z.number().optional(),
    /** For `disappeared`: how long it stayed available. */
    availableForMs: z.number().optional(),
    consoleUrl: z.string().optional(),
    /**
     * For `appeared`: how long this kind (model and count at this provider) stayed on average over
     * the last week, from history; absent without history. Every face words it with typicalStayLine.
     */
    typicalStay: z.object({ meanMs: z.number().nonnegative(), episodes: z.number().int().positive() }).optional(),
  }),
);
export type AlertOfferRef = z.infer<typeof AlertOfferRefSchema>;

export const AlertEventSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    watchId: z.string(),
    watchName: z.string(),
    kind: AlertKindSchema,
    at: IsoDateSchema,
    offers: z.array(AlertOfferRefSchema).min(1),
    /** True when quiet hours, snooze, pause or the global cap kept it from notifying. */
    suppressed: z.boolean().default(false),
    suppressedReason: z.enum(['quiet-hours', 'snoozed', 'paused', 'cap']).optional(),
  }),
);
export type AlertEvent = z.infer<typeof AlertEventSchema>;
