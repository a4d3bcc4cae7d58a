/**
 * Zod schemas for the grouped view's data (group.ts): the REST API's `--group` document and the
 * browser's first-paint preview (shared/snapshot/preview.ts) both carry groups, and both ends check them.
 */
import * as z from 'zod';
import { lazySchema } from '../model/lazy-schema';
import { AvailabilityStateSchema, BillingSchema, GpuVendorSchema, ProviderIdSchema } from '../model';
import type { GpuModelGroup } from './group';

const GroupOfferRefSchema = lazySchema(() =>
  z.object({
    offerId: z.string(),
    provider: ProviderIdSchema,
    regionId: z.string(),
    country: z.string().optional(),
    perGpuHour: z.number(),
    perHour: z.number(),
    count: z.number(),
    billing: BillingSchema,
    state: AvailabilityStateSchema,
  }),
);

/** GpuModelGroup, checked against that type below. */
export const GpuModelGroupSchema = lazySchema(() =>
  z.object({
    model: z.string(),
    family: z.string(),
    vendor: GpuVendorSchema,
    vramGb: z.number().optional(),
    offerCount: z.number().int(),
    availableCount: z.number().int(),
    availability: z.record(AvailabilityStateSchema, z.number().int()),
    providers: z.array(ProviderIdSchema),
    cheapest: GroupOfferRefSchema.optional(),
    cheapestAny: GroupOfferRefSchema,
  }),
);
// Compile-time: every GpuModelGroup the grouping code builds is a valid GpuModelGroupSchema value.
export type GroupMatchesType =
  GpuModelGroup extends z.infer<typeof GpuModelGroupSchema> ? true : 'GpuModelGroupSchema drifted from GpuModelGroup';
const groupMatches: GroupMatchesType = true;
void groupMatches;
