import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { IsoDateSchema } from './common';
import { GpuOfferSchema } from './offer';
import { ResourceSchema } from './resource';
import { ProviderStatusSchema } from './provider';

/** The one snapshot type every face reads. Immutable; `version` grows by one per change. */
export const SnapshotSchema = lazySchema(() =>
  z.object({
    version: z.number().int().nonnegative(),
    takenAt: IsoDateSchema,
    providers: z.array(ProviderStatusSchema),
    offers: z.array(GpuOfferSchema),
    resources: z.array(ResourceSchema),
    /** Running against simulators (`--demo`). */
    demo: z.boolean().default(false),
  }),
);
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** Changes between two snapshot versions: what is pushed when the snapshot is large. */
export const SnapshotDiffSchema = lazySchema(() =>
  z.object({
    fromVersion: z.number().int().nonnegative(),
    toVersion: z.number().int().nonnegative(),
    takenAt: IsoDateSchema,
    providers: z.array(ProviderStatusSchema),
    offers: z.object({
      added: z.array(GpuOfferSchema),
      updated: z.array(GpuOfferSchema),
      removed: z.array(z.string()),
    }),
    resources: z.object({
      added: z.array(ResourceSchema),
      updated: z.array(ResourceSchema),
      removed: z.array(z.string()),
    }),
    demo: z.boolean().default(false),
  }),
);
export type SnapshotDiff = z.infer<typeof SnapshotDiffSchema>;
