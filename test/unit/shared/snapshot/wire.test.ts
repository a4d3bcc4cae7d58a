import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AvailabilityStateSchema,
  BillingSchema,
  CloudTierSchema,
  GpuOfferSchema,
  GpuVendorSchema,
  PROVIDER_IDS,
  SnapshotSchema,
  type GpuOffer,
} from '../../../../src/shared/model';
import { isCanonicalOffer, safeParseSnapshot } from '../../../../src/shared/snapshot/validate';
import {
  PACKED_COLUMNS,
  PACKED_OFFERS_VERSION,
  packOffers,
  packSnapshot,
  unpackOffers,
  unpackSnapshot,
  type PackedOffers,
} from '../../../../src/shared/snapshot/wire';
import { FakeCore } from '../../../helpers/fake-core';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/** What the page gets: the packed object through JSON. */
const overJson = (offers: GpuOffer[]) => unpackOffers(clone(packOffers(offers)));

// Few distinct values often (dictionary columns), any value sometimes (plain columns).
const str = fc.oneof(fc.constantFrom('', 'a', 'USD', 'H100-SXM', 'us-east-1', 'ü "q" \\'), fc.string());
const num = fc.oneof(fc.constantFrom(0, 1, 8, 80, 0.5, 2.399), fc.double({ noNaN: true, noDefaultInfinity: true }));

/**
 * Offers with every optional field present or absent (never present as undefined: that is not
 * something JSON or zod's output carries), keys in the schema's order. The values are only of the
 * right JS type: packing is about types, the schema's finer rules are not its business.
 */
const offerArb: fc.Arbitrary<GpuOffer> = fc.record(
  {
    id: str,
    provider: fc.constantFrom(...PROVIDER_IDS),
    account: str,
    nativeId: str,
    gpu: fc.record(
      {
        model: str,
        family: str,
        rawName: str,
        vendor: fc.constantFrom(...GpuVendorSchema.options),
        variant: str,
        vramGb: num,
        count: num,
      },
      { requiredKeys: ['model', 'family', 'rawName', 'vendor', 'count'], noNullPrototype: true },
    ),
    price: fc.record(
      { perHour: num, perGpuHour: num, currency: str, billing: fc.constantFrom(...BillingSchema.options) },
      { noNullPrototype: true },
    ),
    cloud: fc.constantFrom(...CloudTierSchema.options),
    availability: fc.record(
      { state: fc.constantFrom(...AvailabilityStateSchema.options), count: num, detail: str },
      { requiredKeys: ['state'], noNullPrototype: true },
    ),
    region: fc.record({ id: str, name: str, country: str }, { requiredKeys: ['id'], noNullPrototype: true }),
    specs: fc.record({ vcpus: num, ramGb: num, diskGb: num }, { requiredKeys: [], noNullPrototype: true }),
    quality: fc.record({ reliability: num, verified: fc.boolean() }, { requiredKeys: [], noNullPrototype: true }),
    fetchedAt: str,
    consoleUrl: str,
    instanceType: str,
    quota: fc.record(
      { limit: num, used: num, unit: str, name: str, reason: str },
      { requiredKeys: ['limit', 'used'], noNullPrototype: true },
    ),
  },
  {
    requiredKeys: [
      'id',
      'provider',
      'nativeId',
      'gpu',
      'price',
      'availability',
      'region',
      'specs',
      'quality',
      'fetchedAt',
    ],
    noNullPrototype: true,
  },
);

const FULL: GpuOffer = {
  id: 'vastai:1',
  provider: 'vastai',
  account: 'work',
  nativeId: '1',
  gpu: {
    model: 'H100-SXM',
    family: 'H100',
    rawName: 'H100 SXM',
    vendor: 'nvidia',
    variant: 'SXM',
    vramGb: 80,
    count: 8,
  },
  price: { perHour: 19.2, perGpuHour: 2.4, currency: 'USD', billing: 'interruptible' },
  cloud: 'secure',
  availability: { state: 'low', count: 2, detail: 'High' },
  region: { id: 'us-ca', name: 'California', country: 'US' },
  specs: { vcpus: 64, ramGb: 512, diskGb: 1000 },
  quality: { reliability: 0.99, verified: false },
  fetchedAt: '2026-01-01T00:00:00.000Z',
  consoleUrl: 'https://cloud.vast.ai/create/',
  instanceType: 'gpu_8x_h100_sxm5',
  quota: { limit: 16, used: 8, unit: 'GPUs', name: 'NVIDIA_H100_GPUS', reason: 'quota X is 0' },
};
const BARE: GpuOffer = {
  id: 'lambda:2',
  provider: 'lambda',
  nativeId: '2',
  gpu: { model: 'A100-40GB', family: 'A100', rawName: 'A100 (40 GB PCIe)', vendor: 'nvidia', count: 1 },
  price: { perHour: 1.1, perGpuHour: 1.1, currency: 'USD', billing: 'on-demand' },
  availability: { state: 'unknown' },
  region: { id: 'us-east-1' },
  specs: {},
  quality: {},
  fetchedAt: '2026-01-01T00:00:00.000Z',
};

describe('packOffers / unpackOffers', () => {
  it('give back the same offers: values, key order, absent keys absent', () => {
    const seen = { plain: 0, dict: 0 };
    fc.assert(
      fc.property(fc.array(offerArb, { maxLength: 40 }), (offers) => {
        const packed = packOffers(offers);
        expect(packed.count).toBe(offers.length);
        for (const c of Object.values(packed.columns)) seen[Array.isArray(c) ? 'plain' : 'dict']++;
        // Unserialised: exact, down to -0 and keys that must stay absent.
        expect(unpackOffers(packed)).toMatchObject({ ok: true, offers });
        expect((unpackOffers(packed) as { offers: unknown }).offers).toStrictEqual(offers);
        // Through JSON, as the page gets it: the same text as the offers sent as plain JSON.
        const r = overJson(offers);
        expect(r.ok).toBe(true);
        if (r.ok) expect(JSON.stringify(r.offers)).toBe(JSON.stringify(offers));
        if (r.ok) expect(r.offers).toStrictEqual(clone(offers));
      }),
      { numRuns: 400 },
    );
    // Both column forms were exercised.
    expect(seen.plain).toBeGreaterThan(100);
    expect(seen.dict).toBeGreaterThan(100);
  });

  it('round-trips each optional field present and absent, whatever the other offers have', () => {
    // quota.limit and quota.used are optional only together with the whole quota (tested below).
    const leaves = PACKED_COLUMNS.filter((c) => c.optional && c.name !== 'quota.limit' && c.name !== 'quota.used').map(
      (c) => c.name.split('.'),
    );
    leaves.push(['quota']);
    for (const path of leaves) {
      // One offer without this field among offers with it, and the other way round.
      const without = clone(FULL) as unknown as Record<string, Record<string, unknown>>;
      if (path.length === 1) delete (without as Record<string, unknown>)[path[0]!];
      else delete without[path[0]!]![path[1]!];
      for (const offers of [
        [FULL, without, FULL],
        [BARE, without, BARE],
        [without, without],
      ] as GpuOffer[][]) {
        const r = overJson(offers);
        expect(r.ok, path.join('.')).toBe(true);
        if (r.ok) expect(r.offers, path.join('.')).toStrictEqual(clone(offers));
        if (r.ok) expect(Object.keys(r.offers[1]!)).toEqual(Object.keys(without));
      }
    }
    expect(overJson([FULL, BARE])).toMatchObject({ ok: true, offers: [FULL, BARE] });
    expect(overJson([])).toMatchObject({ ok: true, offers: [] });
  });

  it('carries a validated FakeCore snapshot exactly as plain JSON would, a fifth of the size', () => {
    const snapshot = SnapshotSchema.parse(new FakeCore({ offers: 2000, demo: true }).snapshot());
    const packed = clone(packSnapshot(snapshot));
    const r = unpackSnapshot(packed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // zod's output keeps `cloud: undefined` where FakeCore set it so; JSON drops it, and so does this.
    expect(r.payload).toStrictEqual(clone(snapshot));
    expect(JSON.stringify(r.payload)).toBe(JSON.stringify(snapshot));
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(snapshot).length / 5);
    // They take the validation's fast path, as plain offers do (objects like JSON.parse makes).
    const seenDates = new Set<string>();
    expect((r.payload.offers as unknown[]).every((o) => isCanonicalOffer(o, seenDates))).toBe(true);

    // Repeated values are sent once (dictionary), unique ones with a shared beginning as prefix
    // and suffix ("vastai:" + "17"), other unique ones as they are.
    const kinds = Object.fromEntries(
      Object.entries(packed.offers.columns).map(([k, c]) => [
        k,
        Array.isArray(c) ? 'plain' : 'dict' in c ? 'dict' : 'prefixed',
      ]),
    );
    expect(kinds).toMatchObject({
      id: 'prefixed',
      consoleUrl: 'prefixed',
      nativeId: 'plain',
      'price.perGpuHour': 'plain',
      provider: 'dict',
      'gpu.model': 'dict',
    });
    // Small tables' indexes travel as one string of codes ("#" is 0), not as numbers.
    const provider = packed.offers.columns.provider as { dict: string[]; idx: unknown };
    expect(typeof provider.idx).toBe('string');
    expect([...(provider.idx as string)].map((ch) => provider.dict[ch.charCodeAt(0) - 35])).toEqual(
      snapshot.offers.map((o) => o.provider),
    );
  });

  it('sends indexes into tables of more than 57 entries as numbers, and unpacks both at any size', () => {
    // 58 distinct values repeated: a dictionary, too big for a string of codes.
    const many = Array.from({ length: 580 }, (_, i) => ({ ...FULL, id: `o${i}`, nativeId: `n${i % 58}` }));
    const packed = clone(packOffers(many));
    const nativeId = packed.columns.nativeId as { dict: string[]; idx: unknown };
    expect(nativeId.dict).toHaveLength(58);
    expect(Array.isArray(nativeId.idx)).toBe(true);
    // 57 entries: codes up to "[", none of them escaped in JSON.
    const fits = clone(packOffers(many.map((o, i) => ({ ...o, nativeId: `n${i % 57}` }))));
    const codes = (fits.columns.nativeId as { idx: unknown }).idx as string;
    expect(typeof codes).toBe('string');
    expect(JSON.stringify(codes)).toHaveLength(codes.length + 2);
    expect(new Set(codes).size).toBe(57);
    for (const p of [packed, fits]) {
      const r = unpackOffers(p);
      expect(r.ok && r.offers.map((o) => (o as GpuOffer).nativeId)).toEqual(
        many.map((_, i) => `n${i % (p === packed ? 58 : 57)}`),
      );
    }
    // 100,000 offers: the codes are built in slices (one call with that many arguments overflows).
    const huge = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? FULL : BARE));
    const r = unpackOffers(clone(packOffers(huge)));
    expect(r.ok && r.offers.length).toBe(100_000);
  });

  it('unpacked offers still face the whole contract (unpacking checks types, not the schema)', () => {
    const base = new FakeCore({ offers: 3 }).snapshot();
    const bad = [
      { ...FULL, provider: 'evil' },
      { ...FULL, gpu: { ...FULL.gpu, count: 0 } },
      { ...FULL, consoleUrl: 'not a url' },
      { ...FULL, fetchedAt: 'yesterday' },
      { ...FULL, quality: { reliability: 2 } },
    ] as GpuOffer[];
    for (const offer of bad) {
      const r = unpackSnapshot(clone(packSnapshot({ ...base, offers: [FULL, offer] })));
      expect(r.ok).toBe(true);
      if (r.ok) expect(safeParseSnapshot(r.payload).success).toBe(false);
    }
  });

  it('refuses to pack what it could not unpack the same (the server validates first)', () => {
    expect(() => packOffers([{ ...FULL, price: { ...FULL.price, perHour: Number.NaN } }])).toThrow(/price\.perHour/);
    expect(() => packOffers([{ ...FULL, specs: { vcpus: Number.POSITIVE_INFINITY } }])).toThrow(/specs\.vcpus/);
    expect(() => packOffers([{ ...FULL, gpu: { ...FULL.gpu, count: '8' as unknown as number } }])).toThrow(
      /gpu\.count/,
    );
    const { fetchedAt: _, ...noDate } = FULL;
    expect(() => packOffers([noDate as GpuOffer])).toThrow(/fetchedAt/);
    expect(() => packOffers([{ ...FULL, region: undefined as unknown as GpuOffer['region'] }])).toThrow(/region\.id/);
  });

  it('has one column per leaf of GpuOfferSchema, in its order, with its types and optionality', () => {
    type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; required?: string[] };
    // A leaf under an optional object (`quota`) is optional too.
    const leaves = (
      s: JsonSchema,
      prefix = '',
      parentOptional = false,
    ): { name: string; kind: string; optional: boolean }[] =>
      Object.entries(s.properties ?? {}).flatMap(([k, p]) => {
        const optional = parentOptional || !(s.required ?? []).includes(k);
        return p.type === 'object'
          ? leaves(p, `${prefix}${k}.`, optional)
          : [{ name: `${prefix}${k}`, kind: p.type ?? '?', optional }];
      });
    // Output, not input: zod fills price.currency, specs and quality, so they are always there.
    expect(PACKED_COLUMNS).toEqual(leaves(z.toJSONSchema(GpuOfferSchema, { io: 'output' }) as JsonSchema));
  });
});

describe('quota travels as a whole', () => {
  it('refuses quota fields without both limit and used', () => {
    const packed = clone(packOffers([FULL, BARE]));
    (packed.columns['quota.used'] as unknown[])[0] = null;
    expect(unpackOffers(packed)).toMatchObject({ ok: false, reason: expect.stringMatching(/row 0: quota fields/) });
    const stray = clone(packOffers([BARE]));
    stray.columns['quota.reason'] = ['no quota'];
    expect(unpackOffers(stray)).toMatchObject({ ok: false });
  });
});

describe('unpackOffers on hostile input', () => {
  // With all three column forms: plain, dictionary, and (consoleUrl) prefixed.
  const valid = (): PackedOffers => {
    const p = clone(packOffers([FULL, BARE, FULL, { ...BARE, id: 'x' }]));
    p.columns.consoleUrl = {
      prefixes: ['https://', 'https://cloud.vast.ai/'],
      idx: [1, 0, 0, 0],
      suffix: ['create/', null, 'cloud.vast.ai/create/', null],
    };
    return p;
  };
  const refused = (input: unknown): string => {
    const r = unpackOffers(input);
    if (r.ok) throw new Error('accepted');
    expect(r.reason).toMatch(/^packed offers: ./);
    return r.reason;
  };

  it('never throws on arbitrary values, and refuses them with a reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (v) => {
        refused(v);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (count, columns) => {
        refused({ version: PACKED_OFFERS_VERSION, count, columns });
      }),
      { numRuns: 1000 },
    );
  });

  it('the intact packed object reads as the offers it was made from', () => {
    const r = unpackOffers(valid());
    expect(r.ok && r.offers).toStrictEqual(clone([FULL, BARE, FULL, { ...BARE, id: 'x' }]));
  });

  it('never throws on a damaged packed object; what it accepts has the right shape', () => {
    const ODD: unknown[] = [null, -1, 0.5, 4, 1e9, '', '0', true, [], {}, [null], { dict: [], idx: [] }, Number.NaN];
    const paths = (v: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      typeof v !== 'object' || v === null
        ? [prefix]
        : [prefix, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...prefix, Array.isArray(v) ? Number(k) : k]))];
    const all = paths(valid()).filter((p) => p.length > 0);
    const damage = fc.record({
      path: fc.constantFrom(...all),
      op: fc.constantFrom('set', 'delete', 'push', 'pop'),
      value: fc.oneof(fc.constantFrom(...ODD), fc.jsonValue()),
    });
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 3 }), (damages) => {
        const p = valid() as unknown as Record<string | number, unknown>;
        for (const d of damages) {
          let parent = p;
          for (const k of d.path.slice(0, -1)) {
            const next = parent[k];
            if (typeof next !== 'object' || next === null) break;
            parent = next as Record<string | number, unknown>;
          }
          const key = d.path[d.path.length - 1]!;
          const target = parent[key];
          if (d.op === 'set') parent[key] = d.value;
          else if (d.op === 'delete') delete parent[key];
          else if (Array.isArray(target)) {
            if (d.op === 'push') target.push(d.value);
            else target.pop();
          }
        }
        const r = unpackOffers(p);
        if (!r.ok) {
          expect(r.reason).toMatch(/^packed offers: ./);
          return;
        }
        for (const o of r.offers) {
          const offer = o as GpuOffer;
          expect(typeof offer.id).toBe('string');
          expect(typeof offer.gpu.count).toBe('number');
          for (const v of Object.values(offer)) expect(v).not.toBeNull();
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('says what is wrong', () => {
    const with_ = (f: (p: Record<string, unknown> & { columns: Record<string, unknown> }) => void) => {
      const p = valid() as unknown as Record<string, unknown> & { columns: Record<string, unknown> };
      f(p);
      return refused(p);
    };
    expect(refused(null)).toMatch(/expected an object, got null/);
    expect(refused([])).toMatch(/expected an object, got an array/);
    expect(with_((p) => (p.version = 2))).toMatch(/version 2 is not 3/);
    expect(with_((p) => delete p.version)).toMatch(/version undefined/);
    expect(with_((p) => (p.extra = 1))).toMatch(/unexpected field "extra"/);
    expect(with_((p) => (p.count = 5))).toMatch(/column "id": 4 values for 5 offers/);
    expect(with_((p) => (p.count = -1))).toMatch(/count is -1/);
    expect(with_((p) => (p.count = 1.5))).toMatch(/count is 1.5/);
    expect(with_((p) => (p.count = '4'))).toMatch(/count is "4"/);
    expect(with_((p) => (p.columns = [] as unknown as Record<string, unknown>))).toMatch(/columns is an array/);
    expect(with_((p) => delete p.columns['gpu.count'])).toMatch(/column "gpu.count" is missing/);
    expect(with_((p) => (p.columns.hostname = []))).toMatch(/unknown column "hostname"/);
    expect(with_((p) => (p.columns = JSON.parse('{"__proto__": []}') as Record<string, unknown>))).toMatch(
      /unknown column "__proto__"/,
    );
    expect(with_((p) => ((p.columns.id as unknown[])[2] = 7))).toMatch(/column "id": row 2 is 7, not a string$/);
    expect(with_((p) => ((p.columns.id as unknown[])[2] = null))).toMatch(/column "id": row 2 is null, not a string$/);
    expect(with_((p) => ((p.columns['price.perHour'] as unknown[])[0] = '1'))).toMatch(/row 0 is "1", not a number/);
    expect(with_((p) => ((p.columns.id as unknown[]).length = 3))).toMatch(/3 values for 4 offers/);
    expect(with_((p) => (p.columns.id = { dict: ['a'], idx: [0, 0, 0, 0], extra: 1 }))).toMatch(
      /unexpected field "extra" next to dict and idx/,
    );
    expect(with_((p) => (p.columns.id = { dict: ['a'], idx: [0, 0, 1, 0] }))).toMatch(
      /column "id": row 2: index 1 is out of range \(dict has 1 entries\)/,
    );
    expect(with_((p) => (p.columns.id = { dict: ['a'], idx: [0, -1, 0, 0] }))).toMatch(
      /row 1: index -1 is out of range/,
    );
    expect(with_((p) => (p.columns.id = { dict: ['a', 'b'], idx: [0, 0.5, 0, 0] }))).toMatch(
      /row 1: index 0.5 is not a whole number/,
    );
    expect(with_((p) => (p.columns.id = { dict: ['a'], idx: [0, '0', 0, 0] }))).toMatch(/index "0" is not a whole/);
    expect(
      with_((p) => (p.columns.id = { dict: ['a'], idx: [0, JSON.parse('{"valueOf":1,"toString":1}'), 0, 0] })),
    ).toMatch(/index an object is not a whole number/);
    expect(with_((p) => (p.columns.id = { dict: ['a'], idx: [0, 0, 0] }))).toMatch(/3 indexes for 4 offers/);
    expect(with_((p) => (p.columns.id = { dict: [1], idx: [0, 0, 0, 0] }))).toMatch(/dict entry 0 is 1, not a string/);
    expect(with_((p) => (p.columns.id = { dict: 'a', idx: [0, 0, 0, 0] }))).toMatch(/dict is "a", not an array/);
    expect(with_((p) => (p.columns.id = { dict: ['a'] }))).toMatch(/idx is undefined, not an array or a string/);
    // Indexes as a string of codes: "#" is 0, "$" is 1…
    expect(with_((p) => (p.columns.id = { dict: ['a', 'b'], idx: '#$%#' }))).toMatch(
      /column "id": row 2: index 2 \(code "%"\) is out of range \(dict has 2 entries\)/,
    );
    expect(with_((p) => (p.columns.id = { dict: ['a', 'b'], idx: '#$ #' }))).toMatch(
      /row 2: index -3 \(code " "\) is out of range/,
    );
    expect(with_((p) => (p.columns.id = { dict: ['a', 'b'], idx: '#$#' }))).toMatch(/3 indexes for 4 offers/);
    expect(with_((p) => (p.columns.id = 'a,b,c,d'))).toMatch(
      /"a,b,c,d" is neither an array, \{dict, idx\} nor \{prefixes, idx, suffix\}/,
    );
    expect(with_((p) => (p.columns.cloud = [null, null, 1, null]))).toMatch(/row 2 is 1, not a string or null/);
    // The prefixed form: value i is prefixes[idx[i]] + suffix[i].
    const prefixed = (c: Record<string, unknown>) => with_((p) => (p.columns.id = c));
    expect(prefixed({ prefixes: ['a:'], idx: '##"#', suffix: ['1', '2', '3', '4'] })).toMatch(
      /row 2: index -1 \(code "\\""\) is out of range \(prefixes has 1 entries\)/,
    );
    expect(prefixed({ prefixes: ['a:'], idx: [0, 0, 0, 0], suffix: ['1', '2', '3', '4'], extra: 1 })).toMatch(
      /unexpected field "extra" next to prefixes, idx and suffix/,
    );
    expect(prefixed({ prefixes: ['a:'], idx: [0, 1, 0, 0], suffix: ['1', '2', '3', '4'] })).toMatch(
      /column "id": row 1: index 1 is out of range \(prefixes has 1 entries\)/,
    );
    expect(prefixed({ prefixes: ['a:'], idx: [0, 0, 0, 0], suffix: ['1', '2', 3, '4'] })).toMatch(
      /row 2: suffix 3 is not a string$/,
    );
    expect(prefixed({ prefixes: ['a:'], idx: [0, 0, 0, 0], suffix: ['1', null, '3', '4'] })).toMatch(
      /row 1: suffix null is not a string$/,
    );
    expect(prefixed({ prefixes: [7], idx: [0, 0, 0, 0], suffix: ['1', '2', '3', '4'] })).toMatch(
      /prefix 0 is 7, not a string/,
    );
    expect(prefixed({ prefixes: ['a:'], idx: [0, 0, 0], suffix: ['1', '2', '3', '4'] })).toMatch(
      /3 indexes for 4 offers/,
    );
    expect(prefixed({ prefixes: ['a:'], idx: [0, 0, 0, 0], suffix: ['1', '2', '3'] })).toMatch(
      /3 suffixes for 4 offers/,
    );
    expect(prefixed({ prefixes: 'a:', idx: [0, 0, 0, 0], suffix: ['1', '2', '3', '4'] })).toMatch(
      /prefixes is "a:", not an array/,
    );
    expect(
      with_((p) => (p.columns['gpu.count'] = { prefixes: ['1'], idx: [0, 0, 0, 0], suffix: ['', '', '', ''] })),
    ).toMatch(/column "gpu.count": prefixes in a number column/);
    // eslint-disable-next-line no-sparse-arrays -- a hole reads as undefined, which is not a value
    expect(with_((p) => (p.columns.id = ['a', , 'c', 'd']))).toMatch(/row 1 is undefined, not a string/);
  });

  it('reads the prefixed form, null suffix for absent', () => {
    const p = valid() as unknown as { columns: Record<string, unknown> };
    p.columns.id = { prefixes: ['vastai:', 'x'], idx: [0, 0, 1, 0], suffix: ['1', '22', '', 'a:b'] };
    p.columns.consoleUrl = { prefixes: ['https://h.example/'], idx: [0, 0, 0, 0], suffix: ['o/1', null, '', null] };
    const r = unpackOffers(p);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.offers.map((o) => (o as GpuOffer).id)).toEqual(['vastai:1', 'vastai:22', 'x', 'vastai:a:b']);
    expect(r.offers.map((o) => (o as GpuOffer).consoleUrl)).toEqual([
      'https://h.example/o/1',
      undefined,
      'https://h.example/',
      undefined,
    ]);
    expect(r.offers.map((o) => 'consoleUrl' in (o as object))).toEqual([true, false, true, false]);
    // The validator is shown every value of a prefixed column, as of a plain one.
    expect(r.columns.id).toEqual(['vastai:1', 'vastai:22', 'x', 'vastai:a:b']);
  });

  it('takes null for absent in optional columns only', () => {
    const p = valid() as unknown as { columns: Record<string, unknown> };
    p.columns.account = [null, null, null, null];
    p.columns['quality.verified'] = { dict: [null, true], idx: [1, 0, 0, 1] };
    const r = unpackOffers(p);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.offers.map((o) => 'account' in (o as object))).toEqual([false, false, false, false]);
    expect(r.offers.map((o) => (o as GpuOffer).quality)).toStrictEqual([
      { reliability: 0.99, verified: true },
      {},
      { reliability: 0.99 },
      { verified: true },
    ]);
  });
});
