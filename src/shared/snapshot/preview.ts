/**
 * The snapshot preview: what the grouped Offers view paints first, computed by `cloudtop serve` and
 * sent to a page the moment its socket opens — the per-model groups (both ways the view can open:
 * every offer, or with "hide unavailable" on), the offer count and the providers' statuses, a few KB
 * instead of the 10,000 offers. The page paints from it, then asks for the full snapshot.
 *
 * Why: with 10,000 offers, taking the full snapshot in (transfer, parse, unpack, validate, group) on
 * the way to the first paint made it ~17 % slower than with 200 offers (UI bench, the same build
 * against both, loads in turn: 385 vs 318 and 386 vs 314 ms medians).
 */
import * as z from 'zod';
import { lazySchema } from '../model/lazy-schema';
import { IsoDateSchema, ProviderStatusSchema, type AvailabilityState, type Snapshot } from '../model';
import { filterOffers } from '../filter';
import { groupByModel } from '../offers';
import { GpuModelGroupSchema } from '../offers/schema';

/** The availability states the Offers view keeps when "hide unavailable" is on: all but `none`. */
export const SELLABLE_STATES: AvailabilityState[] = ['available', 'low', 'unknown', 'listed'];

export const SnapshotPreviewSchema = lazySchema(() =>
  z.object({
    /** The snapshot this was computed from. */
    version: z.number().int().nonnegative(),
    takenAt: IsoDateSchema,
    demo: z.boolean(),
    providers: z.array(ProviderStatusSchema),
    /** Offers in that snapshot. */
    offerCount: z.number().int().nonnegative(),
    groups: z.object({
      /** groupByModel over every offer. */
      all: z.array(GpuModelGroupSchema),
      /** groupByModel over the offers in SELLABLE_STATES. */
      sellable: z.array(GpuModelGroupSchema),
    }),
  }),
);
export type SnapshotPreview = z.infer<typeof SnapshotPreviewSchema>;

/** The preview of `snapshot`: what the Offers view would compute from its offers, with no filter set. */
export function previewOf(snapshot: Snapshot): SnapshotPreview {
  return {
    version: snapshot.version,
    takenAt: snapshot.takenAt,
    demo: snapshot.demo,
    providers: snapshot.providers,
    offerCount: snapshot.offers.length,
    groups: {
      all: groupByModel(snapshot.offers),
      sellable: groupByModel(filterOffers(snapshot.offers, { availability: SELLABLE_STATES })),
    },
  };
}
