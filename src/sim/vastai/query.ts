/**
 * The offer-search query language of `POST /api/v0/bundles/`, as the real server applies it:
 * a flat object of `{field: {op: value}}` filters (ops eq/neq/gt/gte/lt/lte/in/notin), plus the
 * special keys `order`, `limit`, `type`, `allocated_storage`, `disable_bundling`.
 *
 * Matches what the official CLI sends: values may arrive as strings ("4", "0.99") because
 * vast-cli's parse_query only converts booleans and null, so comparisons coerce to the field's type.
 */
import type { VastSimOffer } from './catalog';

export const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notin'] as const;
export type Op = (typeof OPS)[number];

const SPECIAL_KEYS = new Set(['order', 'limit', 'type', 'allocated_storage', 'disable_bundling', 'select_cols']);

/**
 * The filter keys the search accepts: vast-cli's `offers_fields` plus `os_version` from
 * search_offers.yaml. Row-only fields such as `reliability2` (a response field) are not search keys:
 * a query naming one gets the "not a valid search key" 400, as the real API answers.
 */
const SEARCH_FIELDS: ReadonlySet<string> = new Set([
  'bw_nvlink',
  'compute_cap',
  'cpu_arch',
  'cpu_cores',
  'cpu_cores_effective',
  'cpu_ghz',
  'cpu_ram',
  'cuda_max_good',
  'datacenter',
  'direct_port_count',
  'driver_version',
  'disk_bw',
  'disk_space',
  'dlperf',
  'dlperf_per_dphtotal',
  'dph_total',
  'duration',
  'external',
  'flops_per_dphtotal',
  'gpu_arch',
  'gpu_display_active',
  'gpu_frac',
  'gpu_mem_bw',
  'gpu_name',
  'gpu_ram',
  'gpu_total_ram',
  'gpu_max_power',
  'gpu_max_temp',
  'has_avx',
  'host_id',
  'id',
  'inet_down',
  'inet_down_cost',
  'inet_up',
  'inet_up_cost',
  'machine_id',
  'min_bid',
  'mobo_name',
  'num_gpus',
  'pci_gen',
  'pcie_bw',
  'reliability',
  'rentable',
  'rented',
  'storage_cost',
  'static_ip',
  'total_flops',
  'ubuntu_version',
  'os_version',
  'verification',
  'verified',
  'vms_enabled',
  'geolocation',
  'cluster_id',
]);

/**
 * Fields the query may name that are not stored under that name on the row (vast-cli
 * `offers_fields` plus its aliases), resolved by `fieldValue`.
 */
const VIRTUAL_FIELDS = new Set([
  'verified',
  'datacenter',
  'ubuntu_version',
  'cuda_vers',
  'dph',
  'dlperf_usd',
  'flops_usd',
  'display_active',
]);

/** Offer types the server accepts: the spec spells `ondemand`, the CLI and docs send `on-demand`. */
const TYPE_ALIASES: Record<string, 'on-demand' | 'bid' | 'reserved'> = {
  'on-demand': 'on-demand',
  ondemand: 'on-demand',
  // Third-party clients send "ask" for on-demand.
  ask: 'on-demand',
  bid: 'bid',
  reserved: 'reserved',
};

export interface ParsedQuery {
  filters: { field: string; op: Op; value: unknown }[];
  order: [string, 'asc' | 'desc'][];
  limit: number | undefined;
  type: 'on-demand' | 'bid' | 'reserved';
  allocatedStorage: number;
}

export class QueryError extends Error {}

/** Filters the real API applies when the query does not mention the field (search_offers.yaml defaults). */
const DEFAULT_FILTERS: Record<string, Record<string, unknown>> = {
  verified: { eq: true },
  rentable: { eq: true },
  rented: { eq: false },
};

/** Spec default for `allocated_storage` when the query has none (GB). */
const DEFAULT_ALLOCATED_STORAGE = 8;

/** `orderFields`: the keys `order` may name (any column of the row, as the CLI's default `score`). */
export function parseQuery(body: unknown, orderFields: ReadonlySet<string>): ParsedQuery {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new QueryError('Invalid json body');
  const q = body as Record<string, unknown>;
  const filters: ParsedQuery['filters'] = [];
  const merged: Record<string, unknown> = { ...DEFAULT_FILTERS, ...q };
  for (const [field, spec] of Object.entries(merged)) {
    if (SPECIAL_KEYS.has(field)) continue;
    if (!SEARCH_FIELDS.has(field) && !VIRTUAL_FIELDS.has(field)) {
      throw new QueryError(`Error in query parameters: ${field} is not a valid search key`);
    }
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
      throw new QueryError(`Error in query parameters: ${field} must be an object like {"eq": value}`);
    }
    for (const [op, value] of Object.entries(spec as Record<string, unknown>)) {
      if (!(OPS as readonly string[]).includes(op)) {
        throw new QueryError(`Error in query parameters: invalid operator ${op} for ${field}`);
      }
      if ((op === 'in' || op === 'notin') && !Array.isArray(value)) {
        throw new QueryError(`Error in query parameters: ${field}.${op} needs a list`);
      }
      filters.push({ field, op: op as Op, value });
    }
  }

  const order: ParsedQuery['order'] = [];
  if (q.order !== undefined) {
    if (!Array.isArray(q.order))
      throw new QueryError('Error in query parameters: order must be a list of [field, direction]');
    for (const entry of q.order) {
      if (!Array.isArray(entry) || entry.length < 1 || typeof entry[0] !== 'string') {
        throw new QueryError('Error in query parameters: order must be a list of [field, direction]');
      }
      const field = entry[0];
      if (!orderFields.has(field) && !VIRTUAL_FIELDS.has(field)) {
        throw new QueryError(`Error in query parameters: ${field} is not a valid order key`);
      }
      const dir = entry[1] === 'desc' ? 'desc' : 'asc';
      order.push([field, dir]);
    }
  } else order.push(['score', 'desc']);

  let limit: number | undefined;
  if (q.limit !== undefined && q.limit !== null) {
    limit = Number(q.limit);
    if (!Number.isInteger(limit) || limit < 0)
      throw new QueryError('Error in query parameters: limit must be a non-negative integer');
  }

  let type: ParsedQuery['type'] = 'on-demand';
  if (q.type !== undefined) {
    const t = typeof q.type === 'string' ? TYPE_ALIASES[q.type] : undefined;
    if (!t) throw new QueryError(`Error in query parameters: invalid type ${JSON.stringify(q.type)}`);
    type = t;
  }

  let allocatedStorage = DEFAULT_ALLOCATED_STORAGE;
  if (q.allocated_storage !== undefined) {
    allocatedStorage = Number(q.allocated_storage);
    if (!Number.isFinite(allocatedStorage) || allocatedStorage < 0) {
      throw new QueryError('Error in query parameters: allocated_storage must be a number');
    }
  }
  return { filters, order, limit, type, allocatedStorage };
}

const countryOf = (geo: unknown): string | undefined => {
  if (typeof geo !== 'string') return undefined;
  const m = /(?:^|,\s*)([A-Z]{2})\s*$/.exec(geo.trim());
  return m?.[1];
};

/** The value a filter or order key reads from a row. */
export function fieldValue(row: Record<string, unknown>, field: string): unknown {
  switch (field) {
    case 'verified':
      return row.verified ?? row.verification === 'verified';
    case 'datacenter':
      return row.hosting_type === 1;
    case 'ubuntu_version':
      return row.os_version;
    case 'cuda_vers':
      return row.cuda_max_good;
    case 'dph':
      return row.dph_total;
    case 'dlperf_usd':
      return row.dlperf_per_dphtotal;
    case 'flops_usd':
      return row.flops_per_dphtotal;
    case 'display_active':
      return row.gpu_display_active;
    case 'driver_version':
      return row.driver_vers;
    default:
      return row[field];
  }
}

/** Coerces a filter value to the type of the row's value (the CLI sends numbers as strings). */
function coerce(value: unknown, like: unknown): unknown {
  if (typeof like === 'number' && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
    // "535.86.05" style driver versions.
    if (/^\d+\.\d+(\.\d+)?$/.test(value)) {
      const [a = '0', b = '0', c = '0'] = value.split('.');
      return Number(a.padStart(3, '0') + b.padStart(3, '0') + c.padStart(3, '0'));
    }
  }
  if (typeof like === 'boolean' && typeof value === 'string') {
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
  }
  if (typeof like === 'boolean' && typeof value === 'number') return value !== 0;
  return value;
}

function matchesGeo(row: Record<string, unknown>, op: Op, value: unknown): boolean {
  const cc = countryOf(row.geolocation);
  const geo = typeof row.geolocation === 'string' ? row.geolocation : undefined;
  const hit = (v: unknown): boolean => typeof v === 'string' && (v.toUpperCase() === cc || v === geo);
  switch (op) {
    case 'eq':
      return hit(value);
    case 'neq':
      return !hit(value);
    case 'in':
      return (value as unknown[]).some(hit);
    case 'notin':
      return !(value as unknown[]).some(hit);
    default:
      return false;
  }
}

export function matches(row: Record<string, unknown>, filter: ParsedQuery['filters'][number]): boolean {
  const { field, op, value } = filter;
  if (field === 'geolocation') return matchesGeo(row, op, value);
  const actual = fieldValue(row, field);
  if (value === null) {
    if (op === 'eq') return actual === null || actual === undefined;
    if (op === 'neq') return actual !== null && actual !== undefined;
    return false;
  }
  // SQL semantics: a NULL column never satisfies a comparison.
  if (actual === null || actual === undefined) return false;
  switch (op) {
    case 'eq':
      return actual === coerce(value, actual);
    case 'neq':
      return actual !== coerce(value, actual);
    case 'in':
      return (value as unknown[]).some((v) => actual === coerce(v, actual));
    case 'notin':
      return !(value as unknown[]).some((v) => actual === coerce(v, actual));
    default: {
      const v = coerce(value, actual);
      if (typeof actual !== typeof v) return false;
      const a = actual as number | string;
      const b = v as number | string;
      if (op === 'gt') return a > b;
      if (op === 'gte') return a >= b;
      if (op === 'lt') return a < b;
      return a <= b;
    }
  }
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The row as the API returns it for this query: prices depend on `type` and `allocated_storage`. */
function priceRow(offer: VastSimOffer, q: Pick<ParsedQuery, 'type' | 'allocatedStorage'>): Record<string, unknown> {
  // Storage is priced per GB-month: per hour = GB × $/GB/month / (30 × 24).
  const diskHour = round((offer.storage_cost * q.allocatedStorage) / 720, 6);
  const gpuHour = q.type === 'bid' ? offer.min_bid : offer.dph_base;
  const total = round(gpuHour + diskHour, 6);
  const totalFlops = Number(offer.total_flops) || 0;
  const dlperf = Number(offer.dlperf) || 0;
  return {
    ...offer,
    is_bid: q.type === 'bid',
    dph_total: total,
    dph_total_adj: total,
    storage_total_cost: diskHour,
    vram_costperhour: round(total / Math.max(1, offer.gpu_total_ram as number), 8),
    dlperf_per_dphtotal: total > 0 ? round(dlperf / total, 2) : 0,
    flops_per_dphtotal: total > 0 ? round(totalFlops / total, 2) : 0,
    // Vast's score favours performance per dollar weighted by reliability.
    score: total > 0 ? round((dlperf / total) * offer.reliability ** 4, 4) : 0,
    discount_rate: 0,
    discounted_hourly: 0,
    discounted_dph_total: total,
    search: {
      gpuCostPerHour: gpuHour,
      diskHour,
      totalHour: total,
      discountTotalHour: 0,
      discountedTotalPerHour: total,
    },
    instance: {
      gpuCostPerHour: gpuHour,
      diskHour,
      totalHour: total,
      discountTotalHour: 0,
      discountedTotalPerHour: total,
    },
  };
}

function compare(a: unknown, b: unknown): number {
  // NULLs sort last in either direction, as Postgres does for ASC (and we keep it for DESC too).
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

/** Applies a parsed query to the market: price, filter, order, limit. */
export function runQuery(offers: readonly VastSimOffer[], q: ParsedQuery): Record<string, unknown>[] {
  const rows = offers.map((o) => priceRow(o, q)).filter((row) => q.filters.every((f) => matches(row, f)));
  rows.sort((x, y) => {
    for (const [field, dir] of q.order) {
      const va = fieldValue(x, field);
      const vb = fieldValue(y, field);
      const nullish = (v: unknown): boolean => v === null || v === undefined;
      if (nullish(va) || nullish(vb)) {
        const c = compare(va, vb);
        if (c !== 0) return c;
        continue;
      }
      const c = compare(va, vb);
      if (c !== 0) return dir === 'desc' ? -c : c;
    }
    return (x.id as number) - (y.id as number);
  });
  const limited = q.limit === undefined ? rows : rows.slice(0, q.limit);
  return limited.map((row, i) => ({ ...row, rn: i + 1 }));
}
