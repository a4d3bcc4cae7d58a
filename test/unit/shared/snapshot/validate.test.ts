import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GpuOfferSchema, SnapshotDiffSchema, SnapshotSchema, type GpuOffer } from '../../../../src/shared/model';
import {
  isCanonicalOffer,
  packedColumnsCanonical,
  safeParseSnapshot,
  safeParseSnapshotDiff,
  safeParseUnpackedSnapshot,
} from '../../../../src/shared/snapshot/validate';
import { packOffers, packSnapshot, unpackOffers, unpackSnapshot } from '../../../../src/shared/snapshot/wire';
import { FakeCore, makeOffer as fakeOffer } from '../../../helpers/fake-core';
import { makeOffer } from '../filter/make-offer';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Offers as the server sends them: zod's output, through JSON. */
const wire = (o: unknown): GpuOffer => clone(GpuOfferSchema.parse(o));

const BASES: GpuOffer[] = [
  wire(fakeOffer(1)),
  wire(fakeOffer(2)),
  wire(makeOffer({ provider: 'lambda', instanceType: 'gpu_8x_h100_sxm5', regionName: 'Virginia', country: 'US' })),
  wire({
    ...fakeOffer(3),
    account: 'work',
    gpu: { ...fakeOffer(3).gpu, variant: 'SXM' },
    availability: { state: 'low', count: 2, detail: 'High' },
    quality: { reliability: 1, verified: false },
    consoleUrl: 'https://cloud.vast.ai/create/?q=1#x',
  }),
];

/** Every path to a value in an offer (objects included), for mutations. */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (typeof v !== 'object' || v === null) return [prefix];
  const out: string[][] = prefix.length ? [prefix] : [];
  for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

// Values near every boundary the schema draws (types, signs, limits, enums, URLs, dates, defaults).
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  ' x ',
  -1,
  -0,
  0,
  0.5,
  1,
  1.0000001,
  8,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  {},
  { extra: 1 },
  'vastai',
  'nvidia',
  'on-demand',
  'available',
  'secure',
  'USD',
  'https://a.b/c',
  'https://localhost',
  'http://x.example.com:8080/p?q#f',
  ' https://a.b/c',
  'https://a.b/c\n',
  'https://a b/c',
  'https://1.2.3.4/',
  'https://999.1.1.1/',
  'https://a.123/',
  'https://xn--a.com/',
  'https://a.com:99999/',
  'mailto:x@y.z',
  'not a url',
  '2026-01-01T00:00:00.000Z',
  '2026-01-01T00:00:00+02:00',
  '2026-01-01T00:00:00',
  '2026-13-01T00:00:00Z',
  '2026-01-01',
];

type Mutation = { path: string[]; op: 'set'; value: unknown } | { path: string[]; op: 'delete' | 'extra' };

function mutate(base: GpuOffer, muts: Mutation[]): unknown {
  const o = clone(base) as Record<string, unknown>;
  for (const m of muts) {
    let parent: Record<string, unknown> = o;
    for (const k of m.path.slice(0, -1)) {
      const next = parent[k];
      if (typeof next !== 'object' || next === null) return o;
      parent = next as Record<string, unknown>;
    }
    const key = m.path[m.path.length - 1]!;
    if (m.op === 'set') parent[key] = m.value;
    else if (m.op === 'delete') delete parent[key];
    else parent[`${key}Extra`] = 1;
  }
  return o;
}

const offerArb = fc
  .constantFrom(...BASES)
  .chain((base) => {
    const all = paths(base);
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({
        path: fc.constantFrom(...all),
        op: fc.constant('set' as const),
        value: fc.oneof(fc.constantFrom(...ODD_VALUES), fc.string(), fc.double()),
      }),
      fc.record({ path: fc.constantFrom(...all), op: fc.constantFrom('delete' as const, 'extra' as const) }),
    );
    return fc.tuple(fc.constant(base), fc.array(mutation, { maxLength: 3 }));
  })
  .map(([base, muts]) => mutate(base, muts));

describe('isCanonicalOffer', () => {
  it('accepts offers as the server sends them', () => {
    for (const o of BASES) expect(isCanonicalOffer(o)).toBe(true);
    const core = new FakeCore({ offers: 200, demo: true });
    for (const o of clone(core.snapshot().offers)) expect(isCanonicalOffer(o)).toBe(true);
  });

  it('only accepts what zod accepts and returns unchanged', () => {
    fc.assert(
      fc.property(offerArb, (o) => {
        if (!isCanonicalOffer(o)) return;
        const r = GpuOfferSchema.safeParse(o);
        expect(r.success).toBe(true);
        expect(r.data).toStrictEqual(o);
      }),
      { numRuns: 5000 },
    );
  });

  it('hands anything zod would change or reject to zod', () => {
    const base = BASES[0]!;
    const cases: unknown[] = [
      mutate(base, [{ path: ['price', 'currency'], op: 'delete' }]), // default to fill
      mutate(base, [{ path: ['specs'], op: 'delete' }]),
      mutate(base, [{ path: ['id'], op: 'extra' }]), // unknown key to strip
      mutate(base, [{ path: ['consoleUrl'], op: 'set', value: ' https://a.b/c' }]), // to trim
      mutate(base, [{ path: ['gpu', 'count'], op: 'set', value: 0 }]),
      mutate(base, [{ path: ['quality', 'reliability'], op: 'set', value: 1.5 }]),
      mutate(base, [{ path: ['fetchedAt'], op: 'set', value: '2026-13-01T00:00:00Z' }]),
      Object.assign(Object.create({ inherited: 1 }) as object, base),
      null,
      [],
    ];
    for (const c of cases) expect(isCanonicalOffer(c)).toBe(false);
  });

  it('follows GpuOfferSchema: a change to the schema must be mirrored in validate.ts', () => {
    // If this fails, update isCanonicalOffer for the new schema, then this pinned copy.
    expect(z.toJSONSchema(GpuOfferSchema, { io: 'input' })).toMatchInlineSnapshot(`
      {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {
          "account": {
            "type": "string",
          },
          "availability": {
            "properties": {
              "count": {
                "minimum": 0,
                "type": "number",
              },
              "detail": {
                "type": "string",
              },
              "state": {
                "enum": [
                  "available",
                  "low",
                  "none",
                  "unknown",
                  "listed",
                ],
                "type": "string",
              },
            },
            "required": [
              "state",
            ],
            "type": "object",
          },
          "cloud": {
            "enum": [
              "secure",
              "community",
            ],
            "type": "string",
          },
          "consoleUrl": {
            "format": "uri",
            "type": "string",
          },
          "fetchedAt": {
            "format": "date-time",
            "pattern": "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$",
            "type": "string",
          },
          "gpu": {
            "properties": {
              "count": {
                "exclusiveMinimum": 0,
                "type": "number",
              },
              "family": {
                "minLength": 1,
                "type": "string",
              },
              "model": {
                "minLength": 1,
                "type": "string",
              },
              "rawName": {
                "type": "string",
              },
              "variant": {
                "type": "string",
              },
              "vendor": {
                "enum": [
                  "nvidia",
                  "amd",
                  "intel",
                  "other",
                ],
                "type": "string",
              },
              "vramGb": {
                "minimum": 0,
                "type": "number",
              },
            },
            "required": [
              "model",
              "family",
              "rawName",
              "vendor",
              "count",
            ],
            "type": "object",
          },
          "id": {
            "minLength": 1,
            "type": "string",
          },
          "instanceType": {
            "type": "string",
          },
          "nativeId": {
            "type": "string",
          },
          "price": {
            "properties": {
              "billing": {
                "enum": [
                  "on-demand",
                  "interruptible",
                  "spot",
                  "reserved",
                ],
                "type": "string",
              },
              "currency": {
                "default": "USD",
                "type": "string",
              },
              "perGpuHour": {
                "minimum": 0,
                "type": "number",
              },
              "perHour": {
                "minimum": 0,
                "type": "number",
              },
            },
            "required": [
              "perHour",
              "perGpuHour",
              "billing",
            ],
            "type": "object",
          },
          "provider": {
            "enum": [
              "vastai",
              "runpod",
              "lambda",
              "oci",
              "cloudflare",
              "neon",
              "azure",
              "gcp",
              "aws",
              "digitalocean",
              "linode",
              "hetzner",
            ],
            "type": "string",
          },
          "quality": {
            "default": {},
            "properties": {
              "reliability": {
                "maximum": 1,
                "minimum": 0,
                "type": "number",
              },
              "verified": {
                "type": "boolean",
              },
            },
            "type": "object",
          },
          "quota": {
            "properties": {
              "limit": {
                "minimum": 0,
                "type": "number",
              },
              "name": {
                "type": "string",
              },
              "reason": {
                "type": "string",
              },
              "unit": {
                "type": "string",
              },
              "used": {
                "minimum": 0,
                "type": "number",
              },
            },
            "required": [
              "limit",
              "used",
            ],
            "type": "object",
          },
          "region": {
            "properties": {
              "country": {
                "type": "string",
              },
              "id": {
                "type": "string",
              },
              "name": {
                "type": "string",
              },
            },
            "required": [
              "id",
            ],
            "type": "object",
          },
          "specs": {
            "default": {},
            "properties": {
              "diskGb": {
                "minimum": 0,
                "type": "number",
              },
              "ramGb": {
                "minimum": 0,
                "type": "number",
              },
              "vcpus": {
                "minimum": 0,
                "type": "number",
              },
            },
            "type": "object",
          },
        },
        "required": [
          "id",
          "provider",
          "nativeId",
          "gpu",
          "price",
          "availability",
          "region",
          "fetchedAt",
        ],
        "type": "object",
      }
    `);
  });
});

describe('safeParseSnapshot / safeParseSnapshotDiff', () => {
  const core = new FakeCore({ offers: 50, demo: true });
  const snapshot = clone(core.snapshot());

  it('give what zod gives, valid or not', () => {
    fc.assert(
      fc.property(fc.array(offerArb, { maxLength: 4 }), fc.boolean(), (offers, breakShell) => {
        const input = { ...clone(snapshot), offers: [...snapshot.offers.slice(0, 5), ...offers] } as Record<
          string,
          unknown
        >;
        if (breakShell) input.version = -1;
        const fast = safeParseSnapshot(input);
        const slow = SnapshotSchema.safeParse(input);
        expect(fast.success).toBe(slow.success);
        if (fast.success) expect(fast.data).toStrictEqual(slow.data);
        else expect(fast.error.issues.map((i) => i.path)).toEqual(slow.error!.issues.map((i) => i.path));

        const diff = {
          fromVersion: 1,
          toVersion: breakShell ? 'x' : 2,
          takenAt: snapshot.takenAt,
          providers: snapshot.providers,
          offers: { added: offers.slice(0, 2), updated: offers.slice(2), removed: ['vastai:1'] },
          resources: { added: [], updated: [], removed: [] },
          demo: true,
        };
        const fastDiff = safeParseSnapshotDiff(diff);
        const slowDiff = SnapshotDiffSchema.safeParse(diff);
        expect(fastDiff.success).toBe(slowDiff.success);
        if (fastDiff.success) expect(fastDiff.data).toStrictEqual(slowDiff.data);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the offers as they came when they are canonical', () => {
    const r = safeParseSnapshot(snapshot);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.offers[0]).toBe(snapshot.offers[0]);
  });
});

describe('packed offers, judged column by column', () => {
  /** `o` packed on its own (null if packOffers refuses it: a wrong JS type never reaches a page). */
  function roundTrip(offers: unknown[]): { offers: unknown[]; canonical: boolean } | null {
    let packed;
    try {
      packed = clone(packOffers(offers as GpuOffer[]));
    } catch {
      return null;
    }
    const u = unpackOffers(packed);
    if (!u.ok) throw new Error(u.reason);
    return { offers: u.offers, canonical: packedColumnsCanonical(u.columns) };
  }

  it('agree with isCanonicalOffer on every generated offer', () => {
    let judged = 0;
    fc.assert(
      fc.property(offerArb, (o) => {
        const r = roundTrip([o]);
        if (!r) return;
        judged++;
        expect(r.canonical).toBe(isCanonicalOffer(r.offers[0]));
      }),
      { numRuns: 5000 },
    );
    expect(judged).toBeGreaterThan(2000);
  });

  it('reject the whole pack when one offer of many is off, in a plain or a dictionary column', () => {
    const core = new FakeCore({ offers: 300, demo: true });
    const offers = clone(core.snapshot().offers);
    expect(roundTrip(offers)!.canonical).toBe(true);
    const badProvider = offers.map((o, i) => (i === 150 ? { ...o, provider: 'nope' } : o)); // dictionary column
    expect(roundTrip(badProvider)!.canonical).toBe(false);
    const badPrice = offers.map((o, i) => (i === 299 ? { ...o, price: { ...o.price, perHour: -1 } } : o));
    expect(roundTrip(badPrice)!.canonical).toBe(false);
  });

  it('refuse values no JSON frame carries but an unserialised pack can (NaN, ±Infinity, null where required)', () => {
    const u = unpackOffers(clone(packOffers(clone(new FakeCore({ offers: 3, demo: true }).snapshot().offers))));
    if (!u.ok) throw new Error(u.reason);
    const judge = (name: keyof typeof u.columns, values: unknown[]) =>
      packedColumnsCanonical({ ...u.columns, [name]: values });
    expect(judge('price.perHour', [0, -0, 1.5])).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity, -1, '1', null])
      expect(judge('price.perHour', [0, bad, 1])).toBe(false);
    expect(judge('gpu.vramGb', [80, null])).toBe(true); // optional: null is an absent field
    expect(judge('gpu.vramGb', [80, NaN])).toBe(false);
    expect(judge('id', ['a', ''])).toBe(false); // ids are non-empty
    expect(judge('id', ['a', null])).toBe(false);
    expect(judge('nativeId', ['', 'x'])).toBe(true);
    expect(judge('account', ['', null])).toBe(true);
    expect(judge('account', [1])).toBe(false);
  });

  it('give what zod gives for the unpacked snapshot, valid or not', () => {
    const core = new FakeCore({ offers: 20, demo: true });
    const snapshot = clone(core.snapshot());
    fc.assert(
      fc.property(fc.array(offerArb, { maxLength: 4 }), fc.boolean(), (extra, breakShell) => {
        const input = { ...snapshot, offers: [...snapshot.offers.slice(0, 5), ...extra] };
        let packed;
        try {
          packed = clone(packSnapshot(input as typeof snapshot));
        } catch {
          return;
        }
        if (breakShell) (packed as { version: unknown }).version = -1;
        const u = unpackSnapshot(packed);
        if (!u.ok) throw new Error(u.reason);
        const fast = safeParseUnpackedSnapshot(u.payload, u.columns);
        const slow = SnapshotSchema.safeParse(u.payload);
        expect(fast.success).toBe(slow.success);
        if (fast.success) expect(fast.data).toStrictEqual(slow.data);
      }),
      { numRuns: 300 },
    );
  });
});
