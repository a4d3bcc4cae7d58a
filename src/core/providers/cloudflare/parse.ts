/**
 * Cloudflare payloads → cloudtop model. Pure and zod-validated: a payload that does not have the
 * shape we rely on becomes a `bad_response` CloudtopError naming the field, never a half-filled
 * resource. Shapes follow the SDK 7.3 types and the live API (docs/providers/cloudflare.md),
 * which differ from the 2024 OpenAPI in one place we depend on: R2 list returns
 * `result: {buckets: [...]}` (the spec still says an array).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { validatePayload } from '../kit/payload';
import { CloudtopError, type ErrorInfo, type MetricSeries, type Resource } from '../../../shared/model';
import { PROVIDER, EnvelopeSchema } from './descriptor';

export { PROVIDER, EnvelopeSchema };

const DASH = 'https://dash.cloudflare.com';

// ---------------------------------------------------------------------------------------------
// Validation helper

/** Parses `data` or throws `bad_response` naming the first offending field (the kit's one wording). */
export function validate<T>(schema: z.ZodType<T>, data: unknown, where: string): T {
  return validatePayload(schema, data, { provider: PROVIDER, displayName: 'Cloudflare', what: where });
}

// ---------------------------------------------------------------------------------------------
// REST schemas

export const TokenVerifySchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    status: z.string().min(1),
    expires_on: z.string().nullish(),
    not_before: z.string().nullish(),
  }),
);
export type TokenVerify = z.infer<typeof TokenVerifySchema>;

export const AccountSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    name: z.string(),
    type: z.string().optional(),
    created_on: z.string().nullish(),
  }),
);
export type Account = z.infer<typeof AccountSchema>;

export const AccountsPageSchema = lazySchema(() =>
  z.object({
    result: z.array(AccountSchema),
    result_info: z
      .looseObject({
        page: z.number().optional(),
        per_page: z.number().optional(),
        count: z.number().optional(),
        total_count: z.number().optional(),
        total_pages: z.number().optional(),
      })
      .nullish(),
  }),
);
export type AccountsPage = z.infer<typeof AccountsPageSchema>;

export const ScriptSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().min(1),
    tag: z.string().optional(),
    created_on: z.string().nullish(),
    modified_on: z.string().nullish(),
    usage_model: z.string().nullish(),
    compatibility_date: z.string().nullish(),
    handlers: z.array(z.string()).nullish(),
    placement_mode: z.string().nullish(),
    has_assets: z.boolean().nullish(),
    logpush: z.boolean().nullish(),
  }),
);
export type Script = z.infer<typeof ScriptSchema>;
export const ScriptListSchema = lazySchema(() => z.array(ScriptSchema));

export const BucketSchema = lazySchema(() =>
  z.looseObject({
    name: z.string().min(1),
    creation_date: z.string().nullish(),
    location: z.string().nullish(),
    jurisdiction: z.string().nullish(),
    storage_class: z.string().nullish(),
  }),
);
export type Bucket = z.infer<typeof BucketSchema>;

/** Whole body of `GET /accounts/{id}/r2/buckets` (read raw because the SDK drops the cursor). */
export const R2ListBodySchema = lazySchema(() =>
  z.looseObject({
    success: z.literal(true),
    result: z.looseObject({ buckets: z.array(BucketSchema).default([]) }),
    result_info: z.looseObject({ cursor: z.string().nullish(), per_page: z.number().nullish() }).nullish(),
  }),
);

export function parseR2Page(body: unknown): { buckets: Bucket[]; cursor: string | undefined } {
  const b = validate(R2ListBodySchema, body, 'R2 bucket list');
  return { buckets: b.result.buckets, cursor: b.result_info?.cursor || undefined };
}

// ---------------------------------------------------------------------------------------------
// Resources

const iso = (ms: number): string => new Date(ms).toISOString();

export const accountResourceId = (accountId: string): string => `cloudflare:account:${accountId}`;
export const workerResourceId = (accountId: string, script: string): string =>
  `cloudflare:worker:${accountId}/${script}`;
export const bucketResourceId = (accountId: string, bucket: string): string => `cloudflare:r2:${accountId}/${bucket}`;

function compact(
  meta: Record<string, string | number | boolean | null | undefined>,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(meta)) if (v !== undefined) out[k] = v;
  return out;
}

export function accountResource(a: Account, profile: string, fetchedAtMs: number): Resource {
  return {
    id: accountResourceId(a.id),
    provider: PROVIDER,
    account: profile,
    kind: 'account',
    name: a.name,
    state: 'running',
    stateRaw: 'active',
    meta: compact({ accountId: a.id, type: a.type ?? null }),
    metrics: [],
    issues: [],
    fetchedAt: iso(fetchedAtMs),
    consoleUrl: `${DASH}/${encodeURIComponent(a.id)}`,
  };
}

export function workerResource(a: Account, s: Script, profile: string, fetchedAtMs: number): Resource {
  return {
    id: workerResourceId(a.id, s.id),
    provider: PROVIDER,
    account: profile,
    kind: 'worker',
    name: s.id,
    // Workers run on every Cloudflare location; there is no single region to show.
    region: 'global',
    state: 'running',
    stateRaw: 'deployed',
    parentId: accountResourceId(a.id),
    meta: compact({
      accountId: a.id,
      accountName: a.name,
      usageModel: s.usage_model ?? null,
      compatibilityDate: s.compatibility_date ?? null,
      modifiedOn: s.modified_on ?? null,
      handlers: s.handlers?.join(',') ?? null,
      placement: s.placement_mode ?? null,
    }),
    metrics: [],
    issues: [],
    fetchedAt: iso(fetchedAtMs),
    consoleUrl: `${DASH}/${encodeURIComponent(a.id)}/workers/services/view/${encodeURIComponent(s.id)}/production`,
  };
}

export function bucketResource(a: Account, b: Bucket, profile: string, fetchedAtMs: number): Resource {
  return {
    // Names are unique per jurisdiction only: an eu bucket may share its name with a default one.
    id: bucketResourceId(a.id, analyticsBucketName(b)),
    provider: PROVIDER,
    account: profile,
    kind: 'bucket',
    name: b.name,
    // Live responses may send the location upper-case (ENAM); normalise for display and filters.
    region: b.location ? b.location.toLowerCase() : undefined,
    state: 'running',
    stateRaw: 'available',
    parentId: accountResourceId(a.id),
    meta: compact({
      accountId: a.id,
      accountName: a.name,
      jurisdiction: b.jurisdiction ?? 'default',
      storageClass: b.storage_class ?? null,
      createdOn: b.creation_date ?? null,
    }),
    metrics: [],
    issues: [],
    fetchedAt: iso(fetchedAtMs),
    consoleUrl: `${DASH}/${encodeURIComponent(a.id)}/r2/${encodeURIComponent(b.jurisdiction ?? 'default')}/buckets/${encodeURIComponent(b.name)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// GraphQL Analytics

const GqlErrorSchema = lazySchema(() =>
  z.looseObject({
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).nullish(),
    extensions: z.looseObject({ code: z.string().optional(), timestamp: z.string().optional() }).nullish(),
  }),
);
export type GqlError = z.infer<typeof GqlErrorSchema>;

const num = lazySchema(() => z.number().nullish());

const WorkersRowSchema = lazySchema(() =>
  z.looseObject({
    sum: z.looseObject({ requests: num, errors: num, subrequests: num }).nullish(),
    quantiles: z.looseObject({ cpuTimeP50: num, cpuTimeP99: num }).nullish(),
    dimensions: z.looseObject({
      datetimeFiveMinutes: z.string().optional(),
      datetime: z.string().optional(),
      scriptName: z.string(),
    }),
  }),
);
const R2OpsRowSchema = lazySchema(() =>
  z.looseObject({
    sum: z.looseObject({ requests: num }).nullish(),
    dimensions: z.looseObject({
      datetimeHour: z.string().optional(),
      datetime: z.string().optional(),
      bucketName: z.string(),
    }),
  }),
);
const R2StorageRowSchema = lazySchema(() =>
  z.looseObject({
    max: z.looseObject({ objectCount: num, payloadSize: num, metadataSize: num, uploadCount: num }).nullish(),
    dimensions: z.looseObject({ datetime: z.string(), bucketName: z.string() }),
  }),
);

const datasetBody = <T extends z.ZodType>(dataset: string, row: T) =>
  z.looseObject({
    data: z
      .looseObject({
        viewer: z.looseObject({ accounts: z.array(z.looseObject({ [dataset]: z.array(row).nullish() })) }).nullish(),
      })
      .nullish(),
    errors: z.array(GqlErrorSchema).nullish(),
  });

export const WORKERS_DATASET = 'workersInvocationsAdaptive';
export const R2_OPS_DATASET = 'r2OperationsAdaptiveGroups';
export const R2_STORAGE_DATASET = 'r2StorageAdaptiveGroups';

/**
 * What a GraphQL error means for the user. Cloudflare answers authorisation problems with HTTP 200
 * and `errors[]` (`extensions.code: "authz"`): a token without Account Analytics Read gets
 * "not authorized…", a plan without the dataset gets "…does not have access to the path".
 */
export type AnalyticsProblem =
  | { kind: 'permission'; message: string }
  | { kind: 'plan'; message: string }
  | { kind: 'range'; message: string }
  | { kind: 'rate_limited'; message: string }
  | { kind: 'other'; message: string };

export function classifyGraphqlErrors(errors: readonly GqlError[]): AnalyticsProblem {
  const text = errors.map((e) => e.message).join('; ');
  const authz = errors.some((e) => e.extensions?.code === 'authz');
  if (/does not have access|not available|not entitled|upgrade/i.test(text)) return { kind: 'plan', message: text };
  // "cannot request data older than 2678400s" (the docs' own error example): the plan's retention or
  // the dataset's maximum range. Asking again gives the same answer, so it is not retryable.
  if (/cannot request data older than|time range|query range/i.test(text)) return { kind: 'range', message: text };
  if (authz || /not authori[sz]ed|unauthori[sz]ed|permission/i.test(text)) return { kind: 'permission', message: text };
  if (/rate limit|budget depleted|too many/i.test(text)) return { kind: 'rate_limited', message: text };
  return { kind: 'other', message: text };
}

export function analyticsIssue(problem: AnalyticsProblem, what: string): ErrorInfo {
  switch (problem.kind) {
    case 'permission':
      return {
        code: 'forbidden',
        message: `${what}: needs Account Analytics Read`,
        retryable: false,
        provider: PROVIDER,
        hint: 'Edit the API token in the Cloudflare dashboard and add Account → Account Analytics → Read.',
      };
    case 'plan':
      return {
        code: 'forbidden',
        message: `${what}: not available on this Cloudflare plan`,
        retryable: false,
        provider: PROVIDER,
        hint: 'This analytics dataset is not included in the account plan.',
      };
    case 'range':
      return {
        code: 'forbidden',
        message: `${what}: outside the time range this Cloudflare plan allows (${problem.message})`,
        retryable: false,
        provider: PROVIDER,
        hint: 'The account plan keeps this analytics dataset for a limited time; a higher plan keeps more.',
      };
    case 'rate_limited':
      return {
        code: 'rate_limited',
        message: `${what}: GraphQL rate limit reached`,
        retryable: true,
        provider: PROVIDER,
      };
    case 'other':
      return { code: 'upstream', message: `${what}: Cloudflare analytics error`, retryable: true, provider: PROVIDER };
  }
}

type DatasetResult<R> = { rows: R[] } | { problem: AnalyticsProblem };
/** Series per script/bucket name, or why the dataset could not be read. */
export type AnalyticsResult = { series: Map<string, MetricSeries[]> } | { problem: AnalyticsProblem };

function readDataset<R>(body: unknown, dataset: string, row: z.ZodType<R>): DatasetResult<R> {
  const b = validate(datasetBody(dataset, row), body, `GraphQL ${dataset}`) as {
    data?: { viewer?: { accounts: Record<string, R[] | null | undefined>[] } | null } | null;
    errors?: GqlError[] | null;
  };
  if (b.errors && b.errors.length > 0) return { problem: classifyGraphqlErrors(b.errors) };
  const accounts = b.data?.viewer?.accounts;
  if (!accounts) {
    throw new CloudtopError('bad_response', `Cloudflare GraphQL ${dataset}: response has neither data nor errors`, {
      provider: PROVIDER,
    });
  }
  return { rows: accounts.flatMap((a) => a[dataset] ?? []) };
}

const ts = (s: string, where: string): number => {
  const t = Date.parse(s);
  if (Number.isNaN(t))
    throw new CloudtopError('bad_response', `Cloudflare GraphQL ${where}: invalid datetime`, { provider: PROVIDER });
  return t;
};

function pushPoint(
  map: Map<string, Map<string, MetricSeries>>,
  key: string,
  s: Omit<MetricSeries, 'points'>,
  t: number,
  v: number | null | undefined,
): void {
  if (v === null || v === undefined || !Number.isFinite(v)) return;
  let byName = map.get(key);
  if (!byName) map.set(key, (byName = new Map()));
  let series = byName.get(s.name);
  if (!series) byName.set(s.name, (series = { ...s, points: [] }));
  series.points.push([t, v]);
}

function finish(map: Map<string, Map<string, MetricSeries>>): Map<string, MetricSeries[]> {
  const out = new Map<string, MetricSeries[]>();
  for (const [k, byName] of map) {
    const list = [...byName.values()];
    for (const s of list) s.points.sort((a, b) => a[0] - b[0]);
    out.set(k, list);
  }
  return out;
}

export const WORKERS_STEP_MS = 5 * 60_000;
export const R2_OPS_STEP_MS = 60 * 60_000;

/**
 * workersInvocationsAdaptive rows (grouped by 5-minute bucket and script) → series per script.
 * cpuTime quantiles arrive in microseconds (schema field descriptions); we chart milliseconds.
 */
export function parseWorkersAnalytics(body: unknown): AnalyticsResult {
  const r = readDataset(body, WORKERS_DATASET, WorkersRowSchema);
  if ('problem' in r) return r;
  const map = new Map<string, Map<string, MetricSeries>>();
  for (const row of r.rows) {
    const stamp = row.dimensions.datetimeFiveMinutes ?? row.dimensions.datetime;
    if (!stamp)
      throw new CloudtopError('bad_response', `Cloudflare GraphQL ${WORKERS_DATASET}: row without a time dimension`, {
        provider: PROVIDER,
      });
    const t = ts(stamp, WORKERS_DATASET);
    const key = row.dimensions.scriptName;
    const step = { stepMs: WORKERS_STEP_MS };
    pushPoint(map, key, { name: 'requests', label: 'Requests', unit: 'requests', ...step }, t, row.sum?.requests);
    pushPoint(map, key, { name: 'errors', label: 'Errors', unit: 'errors', ...step }, t, row.sum?.errors);
    pushPoint(
      map,
      key,
      { name: 'subrequests', label: 'Subrequests', unit: 'requests', ...step },
      t,
      row.sum?.subrequests,
    );
    const us = (v: number | null | undefined): number | undefined =>
      v === null || v === undefined ? undefined : v / 1000;
    pushPoint(
      map,
      key,
      { name: 'cpu_time_p50', label: 'CPU time p50', unit: 'ms', ...step },
      t,
      us(row.quantiles?.cpuTimeP50),
    );
    pushPoint(
      map,
      key,
      { name: 'cpu_time_p99', label: 'CPU time p99', unit: 'ms', ...step },
      t,
      us(row.quantiles?.cpuTimeP99),
    );
  }
  return { series: mergeSameBucket(finish(map)) };
}

/** Several rows may share a bucket (e.g. a query grouped by status too): amounts add, quantiles keep the max. */
function mergeSameBucket(m: Map<string, MetricSeries[]>): Map<string, MetricSeries[]> {
  for (const list of m.values()) {
    for (const s of list) {
      const byT = new Map<number, number>();
      const add = s.unit !== 'ms';
      for (const [t, v] of s.points) {
        const prev = byT.get(t);
        byT.set(t, prev === undefined ? v : add ? prev + v : Math.max(prev, v));
      }
      s.points = [...byT.entries()].sort((a, b) => a[0] - b[0]);
    }
  }
  return m;
}

export function parseR2Operations(body: unknown): AnalyticsResult {
  const r = readDataset(body, R2_OPS_DATASET, R2OpsRowSchema);
  if ('problem' in r) return r;
  const map = new Map<string, Map<string, MetricSeries>>();
  for (const row of r.rows) {
    const stamp = row.dimensions.datetimeHour ?? row.dimensions.datetime;
    if (!stamp)
      throw new CloudtopError('bad_response', `Cloudflare GraphQL ${R2_OPS_DATASET}: row without a time dimension`, {
        provider: PROVIDER,
      });
    pushPoint(
      map,
      row.dimensions.bucketName,
      { name: 'operations', label: 'Operations', unit: 'operations', stepMs: R2_OPS_STEP_MS },
      ts(stamp, R2_OPS_DATASET),
      row.sum?.requests,
    );
  }
  return { series: mergeSameBucket(finish(map)) };
}

export function parseR2Storage(body: unknown): AnalyticsResult {
  const r = readDataset(body, R2_STORAGE_DATASET, R2StorageRowSchema);
  if ('problem' in r) return r;
  const map = new Map<string, Map<string, MetricSeries>>();
  for (const row of r.rows) {
    const t = ts(row.dimensions.datetime, R2_STORAGE_DATASET);
    const key = row.dimensions.bucketName;
    pushPoint(map, key, { name: 'storage_bytes', label: 'Stored bytes', unit: 'bytes' }, t, row.max?.payloadSize);
    pushPoint(map, key, { name: 'metadata_bytes', label: 'Metadata bytes', unit: 'bytes' }, t, row.max?.metadataSize);
    pushPoint(map, key, { name: 'objects', label: 'Objects', unit: 'objects' }, t, row.max?.objectCount);
  }
  return { series: finish(map) };
}

/** Jurisdictional buckets are reported as `eu_<bucket>` in `bucketName` (R2 metrics docs). */
export function analyticsBucketName(b: Pick<Bucket, 'name' | 'jurisdiction'>): string {
  return b.jurisdiction && b.jurisdiction !== 'default' ? `${b.jurisdiction}_${b.name}` : b.name;
}
