/**
 * The documents `/api/v1` answers, composed from the shared model's zod schemas: the CLI's JSON
 * document (docs/json-output.md) plus the watches, alerts and event payloads. The OpenAPI document
 * is generated from these (openapi.ts), and the tests validate real answers against it.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import {
  AlertEventSchema,
  GpuOfferSchema,
  IsoDateSchema,
  MetricSeriesSchema,
  ProviderStatusSchema,
  ResourceSchema,
  SnapshotDiffSchema,
  WatchSchema,
} from '../../../shared/model';
import { GpuModelGroupSchema } from '../../../shared/offers/schema';
import { JSON_SCHEMA_VERSION } from '../../cli/render';
import { HistoryReportSchema } from '../../../shared/history/schema';

/** A resource as the CLI prints it: each metric carries its latest value (render.ts resourceJson). */
export const ResourceOutSchema = lazySchema(() =>
  ResourceSchema.extend({
    metrics: z.array(MetricSeriesSchema.extend({ latest: z.number().nullable() })),
  }),
);

const DocumentBase = lazySchema(() =>
  z.object({
    schemaVersion: z.literal(JSON_SCHEMA_VERSION),
    takenAt: IsoDateSchema,
    demo: z.boolean(),
    providers: z.array(ProviderStatusSchema),
  }),
);

export const OffersDocumentSchema = lazySchema(() =>
  DocumentBase.extend({
    offers: z.array(GpuOfferSchema),
    groups: z.array(GpuModelGroupSchema).optional(),
  }),
);
export const ResourcesDocumentSchema = lazySchema(() => DocumentBase.extend({ resources: z.array(ResourceOutSchema) }));
export const ProvidersDocumentSchema = DocumentBase;
export const WatchesDocumentSchema = lazySchema(() =>
  z.object({
    schemaVersion: z.literal(JSON_SCHEMA_VERSION),
    watches: z.array(WatchSchema),
  }),
);
export const AlertsDocumentSchema = lazySchema(() =>
  z.object({
    schemaVersion: z.literal(JSON_SCHEMA_VERSION),
    alerts: z.array(AlertEventSchema),
  }),
);
/** `GET /api/v1/history`: the `cloudtop history -o json` document (without the local file path). */
export const HistoryDocumentSchema = lazySchema(() =>
  HistoryReportSchema.extend({ schemaVersion: z.literal(JSON_SCHEMA_VERSION) }),
);
/** First event of `/api/v1/events`: the version later `snapshot` diffs start from. */
export const HelloEventSchema = lazySchema(() =>
  z.object({ version: z.number().int().nonnegative(), takenAt: IsoDateSchema }),
);

export const ApiErrorSchema = lazySchema(() =>
  z.object({
    error: z.object({
      code: z.enum(['bad_request', 'unauthorized', 'forbidden', 'not_found', 'method_not_allowed', 'rate_limited']),
      message: z.string(),
      /** The query parameter at fault, for bad_request. */
      parameter: z.string().nullable().optional(),
      retryAfterSeconds: z.number().int().positive().optional(),
    }),
  }),
);
export type ApiError = z.infer<typeof ApiErrorSchema>['error'];

export { AlertEventSchema, SnapshotDiffSchema };
