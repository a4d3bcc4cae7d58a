import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import { IsoDateSchema, ProviderIdSchema } from './common';
import { ErrorInfoSchema } from './error-schema';

export const MetricPointSchema = lazySchema(() => z.tuple([z.number(), z.number()])); // [epoch ms, value]
export type MetricPoint = z.infer<typeof MetricPointSchema>;

export const MetricSeriesSchema = lazySchema(() =>
  z.object({
    /** Stable metric name: `cpu_utilization`, `requests`, `errors`, `cpu_time_p99`… */
    name: z.string(),
    /** Display label. */
    label: z.string().optional(),
    /** `percent`, `count`, `bytes`, `ms`, `seconds`, `requests/s`… */
    unit: z.string(),
    points: z.array(MetricPointSchema),
    /** Step in ms between points after resampling, if resampled. */
    stepMs: z.number().positive().optional(),
    /** Shown instead of a chart when the provider cannot report this metric ("not reported"). */
    note: z.string().max(200).optional(),
  }),
);
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

export const RESOURCE_KINDS = [
  'instance',
  'gpu-instance',
  'pod',
  'worker',
  'bucket',
  'project',
  'database',
  'branch',
  'compute-endpoint',
  'account',
  'other',
] as const;
export const ResourceKindSchema = lazySchema(() => z.enum(RESOURCE_KINDS));
export type ResourceKind = z.infer<typeof ResourceKindSchema>;

/** Normalised lifecycle state; `stateRaw` keeps the provider's word. */
export const ResourceStateSchema = lazySchema(() =>
  z.enum(['running', 'idle', 'starting', 'stopping', 'stopped', 'error', 'unknown']),
);
export type ResourceState = z.infer<typeof ResourceStateSchema>;

export const ResourceSchema = lazySchema(() =>
  z.object({
    /** `<provider>:<native id>` */
    id: z.string().min(1),
    provider: ProviderIdSchema,
    account: z.string().optional(),
    kind: ResourceKindSchema,
    name: z.string(),
    region: z.string().optional(),
    state: ResourceStateSchema,
    stateRaw: z.string().optional(),
    /** Parent resource id (branch → project, compute → branch). */
    parentId: z.string().optional(),
    /** Small, display-only facts (shape, autoscaling limits…). Never secrets. */
    meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
    metrics: z.array(MetricSeriesSchema).default([]),
    /** A problem reading this resource or its metrics ("needs Account Analytics Read"). */
    issues: z.array(ErrorInfoSchema).default([]),
    fetchedAt: IsoDateSchema,
    consoleUrl: z.url().optional(),
  }),
);
export type Resource = z.infer<typeof ResourceSchema>;
