/**
 * `GET /api/v1/openapi.json`: an OpenAPI 3.1 document generated from the zod schemas in schemas.ts
 * (`z.toJSONSchema`, JSON Schema 2020-12, which is OpenAPI 3.1's dialect) and from the CLI's own
 * flag list for the query parameters, so the document cannot drift from what the server does.
 */
import * as z from 'zod';
import {
  AlertEventSchema,
  AlertsDocumentSchema,
  ApiErrorSchema,
  HelloEventSchema,
  HistoryDocumentSchema,
  OffersDocumentSchema,
  ProvidersDocumentSchema,
  ResourcesDocumentSchema,
  SnapshotDiffSchema,
  WatchesDocumentSchema,
} from './schemas';
import {
  HISTORY_PARAMETERS,
  KIND_PARAMETER,
  PROVIDER_PARAMETER,
  offersParameters,
  type QueryParameterInfo,
} from './query';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType): Json {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

function parameter(p: QueryParameterInfo): Json {
  const item = { type: 'string' };
  return {
    name: p.name,
    in: 'query',
    required: false,
    description: p.description,
    schema: p.boolean ? { type: 'boolean' } : p.repeatable ? { type: 'array', items: item } : item,
    ...(p.repeatable ? { style: 'form', explode: true } : {}),
  };
}

const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));

function jsonGet(summary: string, schema: string, params: QueryParameterInfo[], etag: boolean): Json {
  return {
    get: {
      summary,
      ...(params.length ? { parameters: params.map(parameter) } : {}),
      responses: {
        '200': {
          description: 'OK',
          headers: {
            ...(etag ? { ETag: { description: 'Changes with the snapshot version', schema: { type: 'string' } } } : {}),
            'Cache-Control': { schema: { type: 'string', const: 'no-store' } },
          },
          content: { 'application/json': { schema: ref(schema) } },
        },
        ...(etag ? { '304': { description: 'Not modified (If-None-Match matched the ETag)' } } : {}),
        ...errors(...(params.length ? [400] : []), 401, 403, 429),
      },
    },
  };
}

export function openApiDocument(version: string): Json {
  const errorResponse = (description: string): Json => ({
    description,
    content: { 'application/json': { schema: ref('Error') } },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'cloudtop serve API',
      version,
      summary: 'Read-only JSON for scripts and dashboards: the same documents as `cloudtop … -o json`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/offers': jsonGet(
        'GPU offers, filtered like `cloudtop offers` (query parameters = its flags)',
        'OffersDocument',
        offersParameters(),
        true,
      ),
      '/api/v1/resources': jsonGet(
        'Your resources, like `cloudtop resources`',
        'ResourcesDocument',
        [KIND_PARAMETER, PROVIDER_PARAMETER],
        true,
      ),
      '/api/v1/providers': jsonGet('Provider status, like `cloudtop status`', 'ProvidersDocument', [], true),
      '/api/v1/watches': jsonGet('Saved watches', 'WatchesDocument', [], true),
      '/api/v1/alerts': jsonGet('Alert history, newest last', 'AlertsDocument', [], true),
      '/api/v1/history': jsonGet(
        'Availability episodes, week × hour heatmap, daily prices and last seen for one GPU, like `cloudtop history` (days in UTC)',
        'HistoryDocument',
        HISTORY_PARAMETERS,
        false,
      ),
      '/api/v1/events': {
        get: {
          summary:
            'Server-Sent Events: `hello` (HelloEvent), then `snapshot` (SnapshotDiff from the previous version) and `alert` (AlertEvent)',
          responses: {
            '200': { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
            ...errors(401, 403, 429),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          summary: 'This document',
          responses: {
            '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The token `cloudtop serve` prints in its URL (`?token=…`)',
        },
      },
      responses: {
        E400: errorResponse('A query parameter is invalid; `error.parameter` names it'),
        E401: errorResponse('No token'),
        E403: errorResponse('Wrong token'),
        E429: errorResponse('Too many requests for this token; see Retry-After'),
      },
      schemas: {
        OffersDocument: schemaOf(OffersDocumentSchema),
        ResourcesDocument: schemaOf(ResourcesDocumentSchema),
        ProvidersDocument: schemaOf(ProvidersDocumentSchema),
        WatchesDocument: schemaOf(WatchesDocumentSchema),
        AlertsDocument: schemaOf(AlertsDocumentSchema),
        HistoryDocument: schemaOf(HistoryDocumentSchema),
        HelloEvent: schemaOf(HelloEventSchema),
        SnapshotDiff: schemaOf(SnapshotDiffSchema),
        AlertEvent: schemaOf(AlertEventSchema),
        Error: schemaOf(ApiErrorSchema),
      },
    },
  };
}
