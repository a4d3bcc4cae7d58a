import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BODY_MAX_BYTES,
  TITLE_MAX_BYTES,
  buildNotification,
  truncateUtf8,
  utf8Length,
} from '../../../../src/shared/notify';
import type { AlertEvent, AlertOfferRef } from '../../../../src/shared/model';
import { typicalStayLine } from '../../../../src/shared/history/text';

const names = { vastai: 'Vast.ai', runpod: 'RunPod' };

function ref(o: Partial<AlertOfferRef> = {}): AlertOfferRef {
  return {
    offerId: 'vastai:1',
    provider: 'vastai',
    model: 'H100-SXM',
    count: 8,
    perGpuHour: 2.49,
    perHour: 19.92,
    region: 'us-east',
    ...o,
  };
}
function event(e: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: 'evt_1',
    watchId: 'w1',
    watchName: 'H100 under $3',
    kind: 'appeared',
    at: '2026-03-10T12:00:00.000Z',
    offers: [ref()],
    suppressed: false,
    ...e,
  };
}

describe('buildNotification', () => {
  it('appeared: price and provider first, then size, $/h, region, the watch', () => {
    const n = buildNotification(event(), { providerNames: names });
    expect(n.title).toBe('H100-SXM available: $2.49/GPU·h');
    expect(n.body).toBe('Vast.ai · 8× H100-SXM · $19.92/h · us-east\nWatch: H100 under $3');
    expect(n.offerId).toBe('vastai:1');
    expect(n.tag).toBe('evt_1');
    expect(n.group).toBe('watch:w1');
  });

  it('adds one line of history when the offer carries its typical stay (appeared, price drop)', () => {
    const stay = { meanMs: 14 * 60_000, episodes: 9 };
    const n = buildNotification(event({ offers: [ref({ typicalStay: stay })] }), { providerNames: names });
    expect(n.body).toBe(
      'Vast.ai · 8× H100-SXM · $19.92/h · us-east\nstayed 14 min on average last week (9 times)\nWatch: H100 under $3',
    );
    // The same words a browser notification and `cloudtop watch` use (src/shared/history/text.ts).
    expect(n.body).toContain(typicalStayLine(stay)!);
    const drop = buildNotification(event({ kind: 'price-drop', offers: [ref({ typicalStay: stay })] }));
    expect(drop.body).toContain('stayed 14 min on average last week');
  });

  it('the click target is the cheapest offer; the others are summed up', () => {
    const n = buildNotification(
      event({
        offers: [
          ref({ offerId: 'runpod:9', provider: 'runpod', perGpuHour: 2.99 }),
          ref({ offerId: 'vastai:2', perGpuHour: 2.2 }),
          ref({ offerId: 'vastai:3', perGpuHour: 2.5 }),
        ],
      }),
      { providerNames: names },
    );
    expect(n.offerId).toBe('vastai:2');
    expect(n.title).toContain('$2.20/GPU·h');
    expect(n.body).toContain('+2 more offers from $2.50/GPU·h');
  });

  it('price drop says what it was; disappeared says how long it lasted', () => {
    expect(buildNotification(event({ kind: 'price-drop', offers: [ref({ previousPerGpuHour: 2.99 })] })).title).toBe(
      'H100-SXM price drop: $2.49/GPU·h (was $2.99)',
    );
    const gone = buildNotification(event({ kind: 'disappeared', offers: [ref({ availableForMs: 125 * 60_000 })] }), {
      providerNames: names,
    });
    expect(gone.title).toBe('H100-SXM no longer available');
    expect(gone.body).toContain('was available 2 h 5 min');
  });

  it('unknown provider ids fall back to the id; control characters in a watch name are removed', () => {
    const n = buildNotification(event({ watchName: 'evil\u001b[31m\nname', offers: [ref({ provider: 'lambda' })] }));
    expect(n.body.startsWith('lambda · ')).toBe(true);
    expect(n.body).not.toContain('\u001b');
    expect(n.body.split('\n')).toHaveLength(2);
  });

  it('fits the platform limits (body ≤ 256 UTF-8 bytes, title ≤ 128) for any watch name and offers', () => {
    const offer = fc.record({
      offerId: fc.string({ minLength: 1, maxLength: 40 }),
      provider: fc.constantFrom('vastai', 'runpod', 'lambda', 'oci', 'cloudflare', 'neon' as const),
      model: fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
      count: fc.integer({ min: 1, max: 64 }),
      perGpuHour: fc.double({ min: 0, max: 1e6, noNaN: true }),
      perHour: fc.double({ min: 0, max: 1e7, noNaN: true }),
      region: fc.string({ unit: 'binary', maxLength: 200 }),
      previousPerGpuHour: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
      availableForMs: fc.option(fc.nat(), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom('appeared', 'price-drop', 'disappeared' as const),
        fc.array(offer, { minLength: 1, maxLength: 20 }),
        (watchName, kind, offers) => {
          const n = buildNotification(event({ watchName, kind, offers: offers as AlertOfferRef[] }), {
            providerNames: names,
          });
          expect(utf8Length(n.body)).toBeLessThanOrEqual(BODY_MAX_BYTES);
          expect(utf8Length(n.title)).toBeLessThanOrEqual(TITLE_MAX_BYTES);
          // The price (first fact of the title) survives any cut of the body.
          expect(n.title.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500, seed: 20260310 },
    );
  });
});

describe('truncateUtf8', () => {
  it('counts bytes like UTF-8 and never splits a code point', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('😀')).toBe(Buffer.byteLength('😀'));
    const s = '😀'.repeat(100);
    const t = truncateUtf8(s, 256);
    expect(Buffer.byteLength(t)).toBeLessThanOrEqual(256);
    expect(t.endsWith('…')).toBe(true);
    expect(t).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(truncateUtf8('short', 256)).toBe('short');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.integer({ min: 4, max: 300 }), (str, max) => {
        const out = truncateUtf8(str, max);
        expect(Buffer.byteLength(out)).toBe(utf8Length(out));
        expect(utf8Length(out)).toBeLessThanOrEqual(Math.max(max, 0));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
