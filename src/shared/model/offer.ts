import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { IsoDateSchema, ProviderIdSchema } from './common';

export const GpuVendorSchema = lazySchema(() => z.enum(['nvidia', 'amd', 'intel', 'other']));
export type GpuVendor = z.infer<typeof GpuVendorSchema>;

export const GpuInfoSchema = lazySchema(() =>
  z.object({
    /** Canonical key that keeps family, memory and form factor: `H100-SXM`, `A100-80GB`, `RTX-4090`. */
    model: z.string().min(1),
    /** Family used for loose matching: `H100`, `A100`, `RTX-4090`. */
    family: z.string().min(1),
    /** Exactly what the provider called it. */
    rawName: z.string(),
    vendor: GpuVendorSchema,
    /** Form factor / variant the provider stated (`SXM`, `PCIE`, `NVL`), if any. */
    variant: z.string().optional(),
    /** VRAM per GPU in GB. */
    vramGb: z.number().nonnegative().optional(),
    count: z.number().positive(),
  }),
);
export type GpuInfo = z.infer<typeof GpuInfoSchema>;

export const BillingSchema = lazySchema(() => z.enum(['on-demand', 'interruptible', 'spot', 'reserved']));
export type Billing = z.infer<typeof BillingSchema>;

export const PriceSchema = lazySchema(() =>
  z.object({
    /** Whole offer, per hour. */
    perHour: z.number().nonnegative(),
    /** perHour / gpu.count. */
    perGpuHour: z.number().nonnegative(),
    currency: z.string().default('USD'),
    billing: BillingSchema,
  }),
);
export type Price = z.infer<typeof PriceSchema>;

/**
 * `listed`: a catalogue entry (the cloud lists the size and a price) whose capacity nobody reported —
 * offered, capacity unknown. Distinct from `available`/`low` (capacity seen) and `none` (sold out);
 * watches fire on it only when their filter asks for it (docs/design.md §11).
 */
export const AvailabilityStateSchema = lazySchema(() => z.enum(['available', 'low', 'none', 'unknown', 'listed']));
export type AvailabilityState = z.infer<typeof AvailabilityStateSchema>;

export const AvailabilitySchema = lazySchema(() =>
  z.object({
    state: AvailabilityStateSchema,
    /** How many units (instances/GPUs) the provider says are free, when it says. */
    count: z.number().nonnegative().optional(),
    /** Provider's own words ("OUT_OF_HOST_CAPACITY", "High"). */
    detail: z.string().optional(),
  }),
);
export type Availability = z.infer<typeof AvailabilitySchema>;

/**
 * The account's quota for what this offer needs (GPUs or vCPUs of its family, per region), when the
 * provider reports one. `reason` is set when the quota is why the offer cannot be launched
 * ("quota NVIDIA_H100_GPUS in us-central1 is 0").
 */
export const OfferQuotaSchema = lazySchema(() =>
  z.object({
    limit: z.number().nonnegative(),
    used: z.number().nonnegative(),
    /** What the quota counts (`GPUs`, `vCPUs`) and its provider name (`NVIDIA_H100_GPUS`). */
    unit: z.string().optional(),
    name: z.string().optional(),
    reason: z.string().optional(),
  }),
);
export type OfferQuota = z.infer<typeof OfferQuotaSchema>;

export const RegionSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    name: z.string().optional(),
    /** ISO 3166-1 alpha-2 where known. */
    country: z.string().optional(),
  }),
);
export type Region = z.infer<typeof RegionSchema>;

export const OfferSpecsSchema = lazySchema(() =>
  z.object({
    vcpus: z.number().nonnegative().optional(),
    ramGb: z.number().nonnegative().optional(),
    diskGb: z.number().nonnegative().optional(),
  }),
);

export const OfferQualitySchema = lazySchema(() =>
  z.object({
    /** 0..1 */
    reliability: z.number().min(0).max(1).optional(),
    verified: z.boolean().optional(),
  }),
);

export const CloudTierSchema = lazySchema(() => z.enum(['secure', 'community']));
export type CloudTier = z.infer<typeof CloudTierSchema>;

export const GpuOfferSchema = lazySchema(() =>
  z.object({
    /** Stable id: `<provider>:<native id>` (native id may itself carry region/tier). */
    id: z.string().min(1),
    provider: ProviderIdSchema,
    /** Profile (account) the offer was fetched with. */
    account: z.string().optional(),
    nativeId: z.string(),
    gpu: GpuInfoSchema,
    price: PriceSchema,
    cloud: CloudTierSchema.optional(),
    availability: AvailabilitySchema,
    region: RegionSchema,
    specs: OfferSpecsSchema.default({}),
    quality: OfferQualitySchema.default({}),
    fetchedAt: IsoDateSchema,
    /** https link to the provider console for this offer. */
    consoleUrl: z.url().optional(),
    /** Instance type / shape name where the provider has one (`gpu_8x_h100_sxm5`, `BM.GPU.H100.8`). */
    instanceType: z.string().optional(),
    /** The account's quota for this offer, where the provider reports one (optional). */
    quota: OfferQuotaSchema.optional(),
  }),
);
export type GpuOffer = z.infer<typeof GpuOfferSchema>;
