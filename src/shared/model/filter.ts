import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { BillingSchema, CloudTierSchema, AvailabilityStateSchema } from './offer';
import { ProviderIdSchema } from './common';

/**
 * One filter for CLI, UI and watches. Every field is optional; an empty filter matches everything.
 * `gpu` entries are family aliases (`H100`, `4090`) or exact canonical models (`H100-SXM`).
 */
export const OfferFilterSchema = lazySchema(() =>
  z
    .object({
      gpu: z.array(z.string().min(1)).optional(),
      minCount: z.number().int().positive().optional(),
      maxCount: z.number().int().positive().optional(),
      maxPricePerGpuHour: z.number().nonnegative().optional(),
      maxPricePerHour: z.number().nonnegative().optional(),
      minVramGb: z.number().nonnegative().optional(),
      providers: z.array(ProviderIdSchema).optional(),
      /** Region ids or ISO country codes. */
      regions: z.array(z.string().min(1)).optional(),
      billing: z.array(BillingSchema).optional(),
      cloud: z.array(CloudTierSchema).optional(),
      minReliability: z.number().min(0).max(1).optional(),
      verified: z.boolean().optional(),
      /** Availability states to keep; default for watches: available + low. */
      availability: z.array(AvailabilityStateSchema).optional(),
      /** Free-text search over model, raw name, region, provider. */
      search: z.string().optional(),
    })
    .strict(),
);
export type OfferFilter = z.infer<typeof OfferFilterSchema>;

export const OfferSortKeySchema = lazySchema(() =>
  z.enum(['perGpuHour', 'perHour', 'perVramGbHour', 'gpu', 'provider', 'reliability']),
);
export type OfferSortKey = z.infer<typeof OfferSortKeySchema>;
export const OfferSortSchema = lazySchema(() =>
  z.object({
    key: OfferSortKeySchema,
    dir: z.enum(['asc', 'desc']).default('asc'),
  }),
);
export type OfferSort = z.infer<typeof OfferSortSchema>;
