/**
 * Contract validation of snapshots, with a fast path for the offers.
 *
 * Validating a 10,000-offer snapshot with zod costs ~85 ms in the page: the page's CSP (no
 * 'unsafe-eval') leaves zod its interpreted path, which allocates a result per field. Nearly all
 * of that is the offers, and what the server sends is already zod's own output (it validates
 * before sending). So each offer is first checked by `isCanonicalOffer`, a plain function that
 * accepts only values that GpuOfferSchema accepts *and* returns unchanged: no unknown keys, no
 * default left to fill, nothing to trim. Such a value can stand for zod's output. If any offer
 * is not like that (a default to apply, an extra key, an unusual URL, or an invalid value), the
 * whole payload goes through zod as before, which decides and explains. The rest of the snapshot
 * (version, providers, resources…) always goes through zod.
 *
 * `isCanonicalOffer` mirrors GpuOfferSchema field by field; test/unit/shared/snapshot pins the
 * schema (a change to it fails the test until this file follows) and checks the mirror against zod
 * on generated values.
 *
 * Tried and dropped (issue #16, UI bench on the 2-core machine): parsing the shell with an empty
 * offers array instead of z.array(z.unknown()) over the 10,000 checked offers, and tight per-kind
 * loops in packedColumnsCanonical instead of a call per value. Neither moved the validate step
 * measurably (in the page over 20 cold loads, or in Node cold processes): most of that step is
 * building the schemas it needs and zod's first-parse walk of them.
 */
import * as z from 'zod';
import { lazySchema } from '../model/lazy-schema';
import {
  AvailabilityStateSchema,
  BillingSchema,
  CloudTierSchema,
  GpuVendorSchema,
  IsoDateSchema,
  PROVIDER_IDS,
  SnapshotDiffSchema,
  SnapshotSchema,
  type GpuOffer,
  type Snapshot,
  type SnapshotDiff,
} from '../model';
import { PACKED_COLUMNS, type ColumnValues, type PackedColumnName } from './wire';

type Obj = Record<string, unknown>;

const keys = (...k: string[]): ReadonlySet<string> => new Set(k);
const OFFER_KEYS = keys(
  'id',
  'provider',
  'account',
  'nativeId',
  'gpu',
  'price',
  'cloud',
  'availability',
  'region',
  'specs',
  'quality',
  'fetchedAt',
  'consoleUrl',
  'instanceType',
  'quota',
);
const GPU_KEYS = keys('model', 'family', 'rawName', 'vendor', 'variant', 'vramGb', 'count');
const PRICE_KEYS = keys('perHour', 'perGpuHour', 'currency', 'billing');
const AVAILABILITY_KEYS = keys('state', 'count', 'detail');
const REGION_KEYS = keys('id', 'name', 'country');
const SPECS_KEYS = keys('vcpus', 'ramGb', 'diskGb');
const QUALITY_KEYS = keys('reliability', 'verified');
const QUOTA_KEYS = keys('limit', 'used', 'unit', 'name', 'reason');

const PROVIDERS: ReadonlySet<unknown> = new Set(PROVIDER_IDS);
const VENDORS: ReadonlySet<unknown> = new Set(GpuVendorSchema.options);
const BILLING: ReadonlySet<unknown> = new Set(BillingSchema.options);
const STATES: ReadonlySet<unknown> = new Set(AvailabilityStateSchema.options);
const CLOUDS: ReadonlySet<unknown> = new Set(CloudTierSchema.options);

/** A plain object (what JSON.parse and structured clone make) holding no key outside `allowed`. */
function record(v: unknown, allowed: ReadonlySet<string>): v is Obj {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  // for…in, not Object.keys: no array per object. With Object.prototype as the prototype it sees the
  // own enumerable keys (and any enumerable key someone added to Object.prototype, which is refused).
  for (const k in v) if (!allowed.has(k)) return false;
  return true;
}

const str = (v: unknown): v is string => typeof v === 'string';
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.length >= 1;
/** zod's z.number(): a number, not NaN, not ±Infinity. */
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const nonNegative = (v: unknown): boolean => num(v) && v >= 0;
const opt = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || check(v);
const optStr = opt(str);
const optNonNegative = opt(nonNegative);

/**
 * URLs that the WHATWG parser certainly accepts: http(s), a host of ASCII letters, digits, dots
 * and single hyphens whose last label starts with a letter (so it is neither an IPv4 address nor
 * an `xn--` label), an optional port below 10000, then printable ASCII. Others are checked with
 * URL.canParse (exact, and ~1 µs each, which is why this comes first).
 */
const PLAIN_URL = /^https?:\/\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)*[a-z][a-z0-9]*(?::\d{1,4})?(?:[/?#][!-~]*)?$/i;
const WHITESPACE = /\s/;
// The WHATWG URL class is global in browsers and Node alike (this layer has neither's typings).
const WhatwgUrl = (globalThis as { URL?: { canParse?: (input: string) => boolean } }).URL;

/** z.url() accepts what URL.canParse accepts after trim(), and returns it trimmed: so no whitespace. */
function url(v: unknown): boolean {
  if (typeof v !== 'string' || WHITESPACE.test(v)) return false;
  return PLAIN_URL.test(v) || WhatwgUrl?.canParse?.(v) === true;
}

/** Timestamps repeat (one per provider poll): each distinct one is checked by zod's own schema once. */
function isoDate(v: unknown, seen: Set<string>): boolean {
  if (typeof v !== 'string') return false;
  if (seen.has(v)) return true;
  const r = IsoDateSchema.safeParse(v);
  if (!r.success || r.data !== v) return false;
  seen.add(v);
  return true;
}

/**
 * True only if GpuOfferSchema accepts `v` and its output deep-equals `v`. False means "ask zod",
 * not necessarily "invalid". `seenDates` may be shared across the offers of one payload.
 */
export function isCanonicalOffer(v: unknown, seenDates: Set<string> = new Set()): v is GpuOffer {
  if (!record(v, OFFER_KEYS)) return false;
  if (!nonEmpty(v.id) || !PROVIDERS.has(v.provider) || !optStr(v.account) || !str(v.nativeId)) return false;

  const g = v.gpu;
  if (!record(g, GPU_KEYS)) return false;
  if (!nonEmpty(g.model) || !nonEmpty(g.family) || !str(g.rawName) || !VENDORS.has(g.vendor)) return false;
  if (!optStr(g.variant) || !optNonNegative(g.vramGb) || !(num(g.count) && g.count > 0)) return false;

  const p = v.price;
  if (!record(p, PRICE_KEYS)) return false;
  // `currency` has a default: an absent one would be filled in by zod, so it must be there.
  if (!nonNegative(p.perHour) || !nonNegative(p.perGpuHour) || !str(p.currency) || !BILLING.has(p.billing))
    return false;

  if (v.cloud !== undefined && !CLOUDS.has(v.cloud)) return false;

  const a = v.availability;
  if (!record(a, AVAILABILITY_KEYS) || !STATES.has(a.state) || !optNonNegative(a.count) || !optStr(a.detail))
    return false;

  const r = v.region;
  if (!record(r, REGION_KEYS) || !str(r.id) || !optStr(r.name) || !optStr(r.country)) return false;

  // `specs` and `quality` default to {}: they must be there too.
  const s = v.specs;
  if (!record(s, SPECS_KEYS) || !optNonNegative(s.vcpus) || !optNonNegative(s.ramGb) || !optNonNegative(s.diskGb))
    return false;
  const q = v.quality;
  if (!record(q, QUALITY_KEYS)) return false;
  if (q.reliability !== undefined && !(num(q.reliability) && q.reliability >= 0 && q.reliability <= 1)) return false;
  if (q.verified !== undefined && typeof q.verified !== 'boolean') return false;

  if (!isoDate(v.fetchedAt, seenDates)) return false;
  if (v.consoleUrl !== undefined && !url(v.consoleUrl)) return false;
  if (!optStr(v.instanceType)) return false;
  const qt = v.quota;
  if (qt === undefined) return true;
  return (
    record(qt, QUOTA_KEYS) &&
    nonNegative(qt.limit) &&
    nonNegative(qt.used) &&
    optStr(qt.unit) &&
    optStr(qt.name) &&
    optStr(qt.reason)
  );
}

/**
 * isCanonicalOffer leaf by leaf, for offers that arrive packed (shared/snapshot/wire.ts): there the
 * objects are built by the unpacker (plain, known keys only, specs/quality/currency always there),
 * so what is left to know is whether each leaf value would pass. A packed column is judged once
 * for all offers, a dictionary column once per distinct value: ~1 ms for 10,000 offers instead of
 * ~20 for the per-offer walk in a page that has just started (cold code). Optional leaves are
 * absent when null. test/unit/shared/snapshot/validate.test.ts checks that this table and
 * isCanonicalOffer agree on generated offers.
 */
const LEAF_CHECKS: Record<PackedColumnName, (v: unknown, seenDates: Set<string>) => boolean> = {
  id: nonEmpty,
  provider: (v) => PROVIDERS.has(v),
  account: str,
  nativeId: str,
  'gpu.model': nonEmpty,
  'gpu.family': nonEmpty,
  'gpu.rawName': str,
  'gpu.vendor': (v) => VENDORS.has(v),
  'gpu.variant': str,
  'gpu.vramGb': nonNegative,
  'gpu.count': (v) => num(v) && v > 0,
  'price.perHour': nonNegative,
  'price.perGpuHour': nonNegative,
  'price.currency': str,
  'price.billing': (v) => BILLING.has(v),
  cloud: (v) => CLOUDS.has(v),
  'availability.state': (v) => STATES.has(v),
  'availability.count': nonNegative,
  'availability.detail': str,
  'region.id': str,
  'region.name': str,
  'region.country': str,
  'specs.vcpus': nonNegative,
  'specs.ramGb': nonNegative,
  'specs.diskGb': nonNegative,
  'quality.reliability': (v) => num(v) && v >= 0 && v <= 1,
  'quality.verified': (v) => typeof v === 'boolean',
  fetchedAt: isoDate,
  consoleUrl: url,
  instanceType: str,
  'quota.limit': nonNegative,
  'quota.used': nonNegative,
  'quota.unit': str,
  'quota.name': str,
  'quota.reason': str,
};

/**
 * True only if every offer built from these columns is canonical (see isCanonicalOffer). False
 * means "ask zod" (safeParseSnapshot), as there: a dictionary value that no offer uses can make it
 * false too, which costs time, never correctness.
 */
export function packedColumnsCanonical(columns: ColumnValues): boolean {
  const seen = new Set<string>();
  for (const { name, optional } of PACKED_COLUMNS) {
    const check = LEAF_CHECKS[name];
    for (const v of columns[name]) {
      if (v === null && optional) continue;
      if (!check(v, seen)) return false;
    }
  }
  return true;
}

function allCanonical(offers: unknown): offers is GpuOffer[] {
  if (!Array.isArray(offers)) return false;
  const seen = new Set<string>();
  for (const o of offers) if (!isCanonicalOffer(o, seen)) return false;
  return true;
}

// The same schemas with the offers taken as they are (already checked above).
const SnapshotShellSchema = lazySchema(() => SnapshotSchema.extend({ offers: z.array(z.unknown()) }));
const DiffShellSchema = lazySchema(() =>
  SnapshotDiffSchema.extend({
    offers: z.object({ added: z.array(z.unknown()), updated: z.array(z.unknown()), removed: z.array(z.string()) }),
  }),
);

export type ParseResult<T> = { success: true; data: T } | { success: false; error: z.ZodError };

/** `SnapshotSchema.safeParse`, with the same outcome, faster for the usual payload. */
export function safeParseSnapshot(input: unknown): ParseResult<Snapshot> {
  if (allCanonical((input as { offers?: unknown } | null)?.offers)) {
    const r = SnapshotShellSchema.safeParse(input);
    return r.success ? { success: true, data: r.data as Snapshot } : { success: false, error: r.error };
  }
  return SnapshotSchema.safeParse(input);
}

/**
 * A snapshot unpacked from the `packed-offers` encoding: `SnapshotSchema.safeParse` with the same
 * outcome, the offers judged column by column (`columns` from unpackSnapshot).
 */
export function safeParseUnpackedSnapshot(input: unknown, columns: ColumnValues): ParseResult<Snapshot> {
  if (!packedColumnsCanonical(columns)) return safeParseSnapshot(input);
  const r = SnapshotShellSchema.safeParse(input);
  return r.success ? { success: true, data: r.data as Snapshot } : { success: false, error: r.error };
}

/** `SnapshotDiffSchema.safeParse`, with the same outcome, faster for the usual payload. */
export function safeParseSnapshotDiff(input: unknown): ParseResult<SnapshotDiff> {
  const offers = (input as { offers?: { added?: unknown; updated?: unknown } } | null)?.offers;
  if (allCanonical(offers?.added) && allCanonical(offers?.updated)) {
    const r = DiffShellSchema.safeParse(input);
    return r.success ? { success: true, data: r.data as SnapshotDiff } : { success: false, error: r.error };
  }
  return SnapshotDiffSchema.safeParse(input);
}
