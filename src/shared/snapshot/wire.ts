/**
 * "Packed offers": the transport encoding of the offers in the full snapshot that `cloudtop serve`
 * pushes to the page. As plain JSON, 10,000 offers are ~5 MB of repeated keys and repeated values
 * ("gpu", "perGpuHour", "nvidia", "USD"…), which the page pays for in transfer, JSON.parse and
 * garbage. Packed, they are one array per leaf field of GpuOffer, and a column whose values repeat
 * is sent once per distinct value plus an index per offer.
 *
 * The encoding carries no meaning of its own: unpacking gives back the very offers that were packed
 * (same keys, same order, absent optional keys absent), and the receiver validates them exactly as
 * it validates plain offers. `unpackOffers` only checks what it needs to decode (shape, lengths,
 * indexes, the JS type of each value), so that no malformed input turns into an offer that plain
 * JSON could not have carried; everything else (enums, ranges, URLs, dates) is the schema's job.
 *
 * Format, version 3:
 *
 *   { version: 3, count: n, columns: { "id": [...], "gpu.model": { dict: [...], idx: "##$#%" }, ... } }
 *
 * One column per entry of PACKED_COLUMNS (all of them, no other), each one of
 *  - n values;
 *  - { dict, idx }: n indexes into dict;
 *  - { prefixes, idx, suffix } (string columns): value i is prefixes[idx[i]] + suffix[i], for values
 *    that are all different but share a few beginnings, such as ids ("vastai:" + the provider's id)
 *    and per-offer console URLs (a 40-character URL is sent as an index and its last few characters).
 * `idx` is an array of n whole numbers, or (version 3) a string of n characters for a table of at
 * most 57 entries: character i's code minus 35 is row i's index ("#" is 0, "[" is 56; none of them
 * is escaped in JSON). A 10,000-row column is then one string the page's JSON.parse makes in one
 * go, instead of 10,000 numbers to parse and an array to hold them. With FakeCore's 10,000 offers
 * (27 of their 35 columns): a 667 KB frame instead of 977 KB, JSON.parse 3.6 ms instead of 10.9
 * (Node, cold).
 * `null` stands for an absent optional field (the schema never allows null in an offer, so it
 * cannot be a value); in a prefixed column, a null suffix (its index is still checked).
 * The packer picks whichever form is shortest as JSON.
 */
import type { GpuOffer, Snapshot } from '../model';

export const PACKED_OFFERS_VERSION = 3;

/**
 * The frame-level `encoding` of a `snapshot` event whose `payload.offers` is PackedOffers. The
 * packed object sits where the array was so that a client that does not know the encoding finds
 * no offers array and drops the frame as outside the contract, rather than showing zero offers.
 */
export const PACKED_OFFERS_ENCODING = 'packed-offers';

type Leaf = string | number | boolean;
type Kind = 'string' | 'number' | 'boolean';

/**
 * Leaf fields of GpuOffer as zod outputs them, in the schema's key order: name, JS type, optional.
 * Nested objects are flattened to `object.field`; specs and quality are always there (their
 * defaults are filled), only their fields are optional. test/unit/shared/snapshot/wire.test.ts
 * checks this list against GpuOfferSchema.
 */
const SPEC = [
  ['id', 'string', false],
  ['provider', 'string', false],
  ['account', 'string', true],
  ['nativeId', 'string', false],
  ['gpu.model', 'string', false],
  ['gpu.family', 'string', false],
  ['gpu.rawName', 'string', false],
  ['gpu.vendor', 'string', false],
  ['gpu.variant', 'string', true],
  ['gpu.vramGb', 'number', true],
  ['gpu.count', 'number', false],
  ['price.perHour', 'number', false],
  ['price.perGpuHour', 'number', false],
  ['price.currency', 'string', false],
  ['price.billing', 'string', false],
  ['cloud', 'string', true],
  ['availability.state', 'string', false],
  ['availability.count', 'number', true],
  ['availability.detail', 'string', true],
  ['region.id', 'string', false],
  ['region.name', 'string', true],
  ['region.country', 'string', true],
  ['specs.vcpus', 'number', true],
  ['specs.ramGb', 'number', true],
  ['specs.diskGb', 'number', true],
  ['quality.reliability', 'number', true],
  ['quality.verified', 'boolean', true],
  ['fetchedAt', 'string', false],
  ['consoleUrl', 'string', true],
  ['instanceType', 'string', true],
  // `quota` is optional as a whole: its leaves are all nullable columns, and the unpacker insists
  // that limit and used are either both there or both absent (and the rest absent with them).
  ['quota.limit', 'number', true],
  ['quota.used', 'number', true],
  ['quota.unit', 'string', true],
  ['quota.name', 'string', true],
  ['quota.reason', 'string', true],
] as const satisfies readonly (readonly [string, Kind, boolean])[];

export type PackedColumnName = (typeof SPEC)[number][0];

export const PACKED_COLUMNS: readonly { name: PackedColumnName; kind: Kind; optional: boolean }[] = SPEC.map(
  ([name, kind, optional]) => ({ name, kind, optional }),
);
const COLUMN_NAMES: ReadonlySet<string> = new Set(SPEC.map(([name]) => name));

type PackedColumn =
  | (Leaf | null)[]
  | { dict: (Leaf | null)[]; idx: Indexes }
  | { prefixes: string[]; idx: Indexes; suffix: (string | null)[] };

/** Indexes into a table: numbers, or a string of codes (see the format above). */
type Indexes = number[] | string;

/**
 * The code of index 0 in a string of indexes ("#"), and the largest table whose indexes travel as
 * codes: "#" to "[", which stops short of the backslash (JSON escapes it, and '"' before "#").
 */
const CODE_ZERO = 35;
const MAX_CODED_TABLE = 57;

/** The indexes as JSON carries them best: a string of codes where the table is small enough. */
function indexes(idx: number[], tableSize: number): Indexes {
  if (tableSize > MAX_CODED_TABLE) return idx;
  let codes = '';
  // In slices: one call with 10,000+ arguments could overflow the stack.
  for (let at = 0; at < idx.length; at += 4096)
    codes += String.fromCharCode(...idx.slice(at, at + 4096).map((k) => k + CODE_ZERO));
  return codes;
}

/** What index k into a table of `tableSize` entries costs in JSON: one code, or its digits and a comma. */
function indexChars(k: number, tableSize: number): number {
  return tableSize <= MAX_CODED_TABLE ? 1 : digits(k) + 1;
}

export interface PackedOffers {
  version: typeof PACKED_OFFERS_VERSION;
  count: number;
  columns: Record<PackedColumnName, PackedColumn>;
}

/** A snapshot as pushed with the `packed-offers` encoding. */
export type PackedSnapshot = Omit<Snapshot, 'offers'> & { offers: PackedOffers };

type Obj = Record<string, unknown>;

// ---- packing (server) -------------------------------------------------------------------------

function leafOf(o: GpuOffer, path: readonly string[]): unknown {
  let v: unknown = o;
  for (const k of path) v = (v as Obj | null | undefined)?.[k];
  return v;
}

/**
 * Below this many characters saved, a dictionary is not worth an indirection: it is chosen only
 * when it makes the column's JSON shorter by more than this.
 */
const DICT_MIN_SAVING = 16;

function digits(k: number): number {
  return k < 10 ? 1 : k < 100 ? 2 : k < 1000 ? 3 : k < 10_000 ? 4 : k < 100_000 ? 5 : String(k).length;
}

/** Plain or dictionary, whichever is shorter as JSON (what the page receives and parses). */
function encodeColumn(values: (Leaf | null)[]): PackedColumn {
  const index = new Map<Leaf | null, number>();
  const dict: (Leaf | null)[] = [];
  const idx: number[] = [];
  for (const v of values) {
    // A Map does not tell -0 from 0; JSON would not either, but unpacking an unserialised
    // packed object must give back -0.
    if (v === 0 && Object.is(v, -0)) return values;
    let k = index.get(v);
    if (k === undefined) {
      k = dict.length;
      index.set(v, k);
      dict.push(v);
    }
    idx.push(k);
  }
  const chars = dict.map((v) => JSON.stringify(v).length);
  let plain = 0;
  let packed = 0;
  for (const k of idx) {
    plain += chars[k]! + 1;
    packed += indexChars(k, dict.length);
  }
  for (const c of chars) packed += c + 1;
  const prefixed = dict.length * 2 > values.length ? encodePrefixed(values) : undefined;
  if (prefixed && prefixed.chars + DICT_MIN_SAVING < Math.min(plain, packed)) return prefixed.column;
  return packed + DICT_MIN_SAVING < plain ? { dict, idx: indexes(idx, dict.length) } : values;
}

/**
 * Where a value is cut into prefix and suffix: after its last separator (`/`, `:`, `=`, `?`, `#`,
 * `&`, `.`, `-`, `_`), so that "https://example.com/offers/123" and "vastai:123" share their
 * beginnings. Not a meaning of its own: any cut gives back the value when joined.
 */
const CUT = /[/:=?#&._-][^/:=?#&._-]*$/;

/** The column as { prefixes, idx, suffix } and its length as JSON, if it is a string column. */
function encodePrefixed(
  values: (Leaf | null)[],
): { column: { prefixes: string[]; idx: Indexes; suffix: (string | null)[] }; chars: number } | undefined {
  const index = new Map<string, number>();
  const prefixes: string[] = [];
  const idx: number[] = [];
  const suffix: (string | null)[] = [];
  let chars = 40; // the keys and brackets
  for (const v of values) {
    if (v === null) {
      idx.push(0);
      suffix.push(null);
      chars += 7;
      continue;
    }
    if (typeof v !== 'string') return undefined;
    const m = CUT.exec(v);
    const cut = m ? m.index + 1 : 0;
    const prefix = v.slice(0, cut);
    let k = index.get(prefix);
    if (k === undefined) {
      k = prefixes.length;
      index.set(prefix, k);
      prefixes.push(prefix);
      chars += JSON.stringify(prefix).length + 1;
    }
    const rest = v.slice(cut);
    idx.push(k);
    suffix.push(rest);
    chars += JSON.stringify(rest).length + 1;
  }
  if (prefixes.length === 0) prefixes.push('');
  for (const k of idx) chars += indexChars(k, prefixes.length);
  return { column: { prefixes, idx: indexes(idx, prefixes.length), suffix }, chars };
}

/**
 * Packs offers that GpuOfferSchema has accepted (the server validates first). Throws a TypeError
 * if an offer is not shaped like one (a missing required field, a value of the wrong type, a
 * number JSON cannot carry): that would otherwise reach the page as null, i.e. as an absent field.
 */
export function packOffers(offers: readonly GpuOffer[]): PackedOffers {
  const columns = {} as Record<PackedColumnName, PackedColumn>;
  for (const [name, kind, optional] of SPEC) {
    const path = name.split('.');
    const values: (Leaf | null)[] = [];
    for (let i = 0; i < offers.length; i++) {
      const v = leafOf(offers[i]!, path);
      if (v === undefined && optional) values.push(null);
      else if (typeof v === kind && (kind !== 'number' || Number.isFinite(v))) values.push(v as Leaf);
      else throw new TypeError(`packOffers: offer ${i} has ${describe(v)} at ${name}, not a ${kind}`);
    }
    columns[name] = encodeColumn(values);
  }
  return { version: PACKED_OFFERS_VERSION, count: offers.length, columns };
}

/** The snapshot with its offers packed (same key order, so the frame reads as before). */
export function packSnapshot(snapshot: Snapshot): PackedSnapshot {
  return { ...snapshot, offers: packOffers(snapshot.offers) };
}

// ---- unpacking (page) -------------------------------------------------------------------------

/**
 * `offers` are shaped like GpuOffer with each leaf of the right JS type, and nothing more is
 * known about them: they are `unknown` so that the compiler insists on validation (safeParseSnapshot).
 */
type UnpackResult = { ok: true; offers: unknown[]; columns: ColumnValues } | { ok: false; reason: string };
export type UnpackSnapshotResult = { ok: true; payload: Obj; columns: ColumnValues } | { ok: false; reason: string };

/**
 * Per column, the values that occur in it (each distinct one once for a dictionary column; null
 * is an absent optional field): what a validator has to look at to judge every offer's field at
 * once (shared/snapshot/validate.ts, `packedColumnsCanonical`).
 */
export type ColumnValues = Record<PackedColumnName, readonly unknown[]>;

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason: `packed offers: ${reason}` });

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? 'a long string' : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'object' ? 'an object' : typeof v;
}

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(o: Obj, allowed: readonly string[]): string | undefined {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) return k;
  return undefined;
}

/** A column as n values, null for absent; or why it cannot be one. */
function decodeColumn(c: unknown, n: number, kind: Kind, optional: boolean): unknown[] | string {
  const expected = optional ? `a ${kind} or null` : `a ${kind}`;
  if (Array.isArray(c)) {
    if (c.length !== n) return `${c.length} values for ${n} offers`;
    // Holes in a sparse array read as undefined, which fails here like any other wrong type.
    for (let i = 0; i < n; i++) {
      const v: unknown = c[i];
      if (v === null ? !optional : typeof v !== kind) return `row ${i} is ${describe(v)}, not ${expected}`;
    }
    return c as unknown[];
  }
  if (!isObject(c)) return `${describe(c)} is neither an array, {dict, idx} nor {prefixes, idx, suffix}`;
  if (Object.hasOwn(c, 'prefixes')) return decodePrefixed(c, n, kind, optional);
  const extra = onlyKeys(c, ['dict', 'idx']);
  if (extra !== undefined) return `unexpected field "${extra}" next to dict and idx`;
  const { dict, idx } = c;
  if (!Array.isArray(dict)) return `dict is ${describe(dict)}, not an array`;
  for (let k = 0; k < dict.length; k++) {
    const v: unknown = dict[k];
    if (v === null ? !optional : typeof v !== kind) return `dict entry ${k} is ${describe(v)}, not ${expected}`;
  }
  return lookUp(idx, n, dict, 'dict');
}

/**
 * Row i's entry of `table` for each of the n indexes in `idx`, or why `idx` is not n indexes into
 * it. One loop per form, that checks and looks up at once: it runs over 300,000 indexes while the
 * page's code is still cold.
 */
function lookUp<T>(idx: unknown, n: number, table: readonly T[], what: string): T[] | string {
  const size = table.length;
  if (typeof idx !== 'string' && !Array.isArray(idx)) return `idx is ${describe(idx)}, not an array or a string`;
  if (idx.length !== n) return `${idx.length} indexes for ${n} offers`;
  const out = new Array<T>(n);
  if (typeof idx === 'string') {
    for (let i = 0; i < n; i++) {
      const k = idx.charCodeAt(i) - CODE_ZERO;
      if (k < 0 || k >= size)
        return `row ${i}: index ${k} (code ${JSON.stringify(idx[i])}) is out of range (${what} has ${size} entries)`;
      out[i] = table[k]!;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const k: unknown = idx[i];
    // A number first (`>>>` would convert anything else, and `{"valueOf":1,"toString":1}` throws),
    // then `k >>> 0 === k`: a whole number in [0, 2³²), so no fraction, NaN or negative.
    if (typeof k !== 'number' || k >>> 0 !== k || k >= size)
      return typeof k === 'number' && Number.isInteger(k)
        ? `row ${i}: index ${k} is out of range (${what} has ${size} entries)`
        : `row ${i}: index ${describe(k)} is not a whole number`;
    out[i] = table[k]!;
  }
  return out;
}

/** A { prefixes, idx, suffix } column as n values, or why it cannot be one. */
function decodePrefixed(c: Obj, n: number, kind: Kind, optional: boolean): unknown[] | string {
  if (kind !== 'string') return `prefixes in a ${kind} column`;
  const extra = onlyKeys(c, ['prefixes', 'idx', 'suffix']);
  if (extra !== undefined) return `unexpected field "${extra}" next to prefixes, idx and suffix`;
  const { prefixes, idx, suffix } = c;
  if (!Array.isArray(prefixes)) return `prefixes is ${describe(prefixes)}, not an array`;
  if (!Array.isArray(suffix)) return `suffix is ${describe(suffix)}, not an array`;
  if (suffix.length !== n) return `${suffix.length} suffixes for ${n} offers`;
  for (let k = 0; k < prefixes.length; k++) {
    const v: unknown = prefixes[k];
    if (typeof v !== 'string') return `prefix ${k} is ${describe(v)}, not a string`;
  }
  const starts = lookUp(idx, n, prefixes as string[], 'prefixes');
  if (typeof starts === 'string') return starts;
  const expected = optional ? 'a string or null' : 'a string';
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const rest: unknown = suffix[i];
    if (rest === null ? !optional : typeof rest !== 'string')
      return `row ${i}: suffix ${describe(rest)} is not ${expected}`;
    out[i] = rest === null ? null : starts[i]! + rest;
  }
  return out;
}

/**
 * Decodes PackedOffers. Never throws (on any value JSON.parse can produce): anything that is not
 * a well-formed packed object of this version is refused with the reason.
 */
export function unpackOffers(packed: unknown): UnpackResult {
  if (!isObject(packed)) return fail(`expected an object, got ${describe(packed)}`);
  const extra = onlyKeys(packed, ['version', 'count', 'columns']);
  if (extra !== undefined) return fail(`unexpected field "${extra}"`);
  if (packed.version !== PACKED_OFFERS_VERSION)
    return fail(`version ${describe(packed.version)} is not ${PACKED_OFFERS_VERSION}, the one this page reads`);
  const n = packed.count;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    return fail(`count is ${describe(n)}, not a whole number ≥ 0`);
  const columns = packed.columns;
  if (!isObject(columns)) return fail(`columns is ${describe(columns)}, not an object`);
  for (const k of Object.keys(columns)) if (!COLUMN_NAMES.has(k)) return fail(`unknown column "${k}"`);

  const col = {} as Record<PackedColumnName, unknown[]>;
  const values = {} as Record<PackedColumnName, readonly unknown[]>;
  for (const [name, kind, optional] of SPEC) {
    if (!Object.hasOwn(columns, name)) return fail(`column "${name}" is missing`);
    const raw = columns[name];
    const c = decodeColumn(raw, n, kind, optional);
    if (typeof c === 'string') return fail(`column "${name}": ${c}`);
    col[name] = c;
    // What the validator looks at: each distinct value once for a dictionary, else every value.
    values[name] = isObject(raw) && Array.isArray(raw.dict) ? (raw.dict as unknown[]) : c;
  }

  const id = col.id;
  const provider = col.provider;
  const account = col.account;
  const nativeId = col.nativeId;
  const model = col['gpu.model'];
  const family = col['gpu.family'];
  const rawName = col['gpu.rawName'];
  const vendor = col['gpu.vendor'];
  const variant = col['gpu.variant'];
  const vramGb = col['gpu.vramGb'];
  const gpuCount = col['gpu.count'];
  const perHour = col['price.perHour'];
  const perGpuHour = col['price.perGpuHour'];
  const currency = col['price.currency'];
  const billing = col['price.billing'];
  const cloud = col.cloud;
  const state = col['availability.state'];
  const availCount = col['availability.count'];
  const detail = col['availability.detail'];
  const regionId = col['region.id'];
  const regionName = col['region.name'];
  const country = col['region.country'];
  const vcpus = col['specs.vcpus'];
  const ramGb = col['specs.ramGb'];
  const diskGb = col['specs.diskGb'];
  const reliability = col['quality.reliability'];
  const verified = col['quality.verified'];
  const fetchedAt = col.fetchedAt;
  const consoleUrl = col.consoleUrl;
  const instanceType = col.instanceType;
  const qLimit = col['quota.limit'];
  const qUsed = col['quota.used'];
  const qUnit = col['quota.unit'];
  const qName = col['quota.name'];
  const qReason = col['quota.reason'];
  for (let i = 0; i < n; i++) {
    const whole = qLimit[i] !== null;
    if ((qUsed[i] !== null) !== whole || (!whole && (qUnit[i] !== null || qName[i] !== null || qReason[i] !== null)))
      return fail(`row ${i}: quota fields without quota.limit and quota.used`);
  }

  // Keys come in the schema's order whatever is absent, so offers with the same fields share one
  // hidden class (and read back exactly like zod's output through JSON). Each object is built by one
  // literal per combination of its optional fields rather than by adding them one by one: added
  // properties live in a separate backing array that is reallocated as it grows, about four more
  // objects per offer for the young-generation GC to copy. Measured cold in Node, as the page runs
  // it: unpacking 10,000 offers 37 → 32 ms, of which GC 24 → 16 ms.
  const offers: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const va = variant[i];
    const vr = vramGb[i];
    const m = model[i];
    const f = family[i];
    const r = rawName[i];
    const v = vendor[i];
    const c = gpuCount[i];
    const gpu =
      va === null
        ? vr === null
          ? { model: m, family: f, rawName: r, vendor: v, count: c }
          : { model: m, family: f, rawName: r, vendor: v, vramGb: vr, count: c }
        : vr === null
          ? { model: m, family: f, rawName: r, vendor: v, variant: va, count: c }
          : { model: m, family: f, rawName: r, vendor: v, variant: va, vramGb: vr, count: c };
    const st = state[i];
    const ac = availCount[i];
    const ad = detail[i];
    const availability =
      ac === null
        ? ad === null
          ? { state: st }
          : { state: st, detail: ad }
        : ad === null
          ? { state: st, count: ac }
          : { state: st, count: ac, detail: ad };
    const rid = regionId[i];
    const rn = regionName[i];
    const rc = country[i];
    const region =
      rn === null
        ? rc === null
          ? { id: rid }
          : { id: rid, country: rc }
        : rc === null
          ? { id: rid, name: rn }
          : { id: rid, name: rn, country: rc };
    // An empty literal has room for four properties in the object itself: these need no literal each.
    const specs: Obj = {};
    if (vcpus[i] !== null) specs.vcpus = vcpus[i];
    if (ramGb[i] !== null) specs.ramGb = ramGb[i];
    if (diskGb[i] !== null) specs.diskGb = diskGb[i];
    const quality: Obj = {};
    if (reliability[i] !== null) quality.reliability = reliability[i];
    if (verified[i] !== null) quality.verified = verified[i];
    const price = { perHour: perHour[i], perGpuHour: perGpuHour[i], currency: currency[i], billing: billing[i] };

    const oid = id[i];
    const p = provider[i];
    const acc = account[i];
    const nid = nativeId[i];
    const cl = cloud[i];
    const at = fetchedAt[i];
    // The trailing optional fields (console URL, instance type, quota) are added after: at the end,
    // they keep the order, and most offers have at most one of them.
    const o: Obj =
      acc === null
        ? cl === null
          ? { id: oid, provider: p, nativeId: nid, gpu, price, availability, region, specs, quality, fetchedAt: at }
          : {
              id: oid,
              provider: p,
              nativeId: nid,
              gpu,
              price,
              cloud: cl,
              availability,
              region,
              specs,
              quality,
              fetchedAt: at,
            }
        : cl === null
          ? {
              id: oid,
              provider: p,
              account: acc,
              nativeId: nid,
              gpu,
              price,
              availability,
              region,
              specs,
              quality,
              fetchedAt: at,
            }
          : {
              id: oid,
              provider: p,
              account: acc,
              nativeId: nid,
              gpu,
              price,
              cloud: cl,
              availability,
              region,
              specs,
              quality,
              fetchedAt: at,
            };
    if (consoleUrl[i] !== null) o.consoleUrl = consoleUrl[i];
    if (instanceType[i] !== null) o.instanceType = instanceType[i];
    if (qLimit[i] !== null) {
      const quota: Obj = { limit: qLimit[i], used: qUsed[i] };
      if (qUnit[i] !== null) quota.unit = qUnit[i];
      if (qName[i] !== null) quota.name = qName[i];
      if (qReason[i] !== null) quota.reason = qReason[i];
      o.quota = quota;
    }
    offers.push(o);
  }
  return { ok: true, offers, columns: values };
}

/** A `packed-offers` snapshot payload with its offers unpacked (and, like them, not yet validated). */
export function unpackSnapshot(payload: unknown): UnpackSnapshotResult {
  if (!isObject(payload)) return fail(`the snapshot is ${describe(payload)}, not an object`);
  const r = unpackOffers(payload.offers);
  return r.ok ? { ok: true, payload: { ...payload, offers: r.offers }, columns: r.columns } : r;
}
