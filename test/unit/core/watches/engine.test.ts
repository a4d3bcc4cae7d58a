import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type EvaluateInput,
  type WatchEngineState,
  alertEventId,
  evaluateWatches,
  initialWatchState,
  loadWatchState,
} from '../../../../src/core/watches/engine';
import {
  type AlertEvent,
  type GpuOffer,
  type OfferFilter,
  type Watch,
  WatchSchema,
} from '../../../../src/shared/model';
import { type NotificationSettings, NotificationSettingsSchema } from '../../../../src/shared/settings/schema';
import { makeOffer, type OfferSpec } from '../../shared/filter/make-offer';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0); // a Monday, 12:00 UTC
const POLL = 30_000;

function watch(
  id: string,
  filter: OfferFilter,
  notify: Partial<Watch['notify']> = {},
  extra: Partial<Watch> = {},
): Watch {
  return WatchSchema.parse({ id, name: `watch ${id}`, filter, notify, createdAt: '2026-01-01T00:00:00Z', ...extra });
}

const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings => ({
  ...NotificationSettingsSchema.parse({}),
  ...over,
});

/** Drives the engine poll by poll the way core does: previous snapshot, state and time carried over. */
class Driver {
  state: WatchEngineState | undefined;
  previous: GpuOffer[] | undefined;
  now: number;
  readonly events: AlertEvent[] = [];
  constructor(
    public watches: Watch[],
    public notifications: NotificationSettings = settings(),
    start = T0,
    public extra: Partial<EvaluateInput> = {},
  ) {
    this.now = start;
  }
  poll(offers: GpuOffer[], advanceMs = POLL): AlertEvent[] {
    const r = evaluateWatches(this.state, {
      watches: this.watches,
      previous: this.previous ? { offers: this.previous } : undefined,
      next: { offers },
      notifications: this.notifications,
      now: this.now,
      timeZone: { utcOffsetMinutes: 0 },
      ...this.extra,
    });
    this.state = r.state;
    this.previous = offers;
    this.events.push(...r.events);
    this.now += advanceMs;
    return r.events;
  }
  delivered(): AlertEvent[] {
    return this.events.filter((e) => !e.suppressed);
  }
}

const h100 = (s: OfferSpec = {}) => makeOffer({ id: 'h1', gpu: 'H100 SXM', perGpuHour: 2.5, ...s });
const a100 = (s: OfferSpec = {}) => makeOffer({ id: 'a1', gpu: 'A100 SXM4', vramGb: 80, perGpuHour: 1.5, ...s });

describe('evaluateWatches: appeared', () => {
  it('an H100 offer appearing after 3 polls fires exactly once over 10 more polls', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })]);
    for (let i = 0; i < 3; i++) expect(d.poll([a100()])).toEqual([]);
    const first = d.poll([a100(), h100()]);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ watchId: 'w', watchName: 'watch w', kind: 'appeared', suppressed: false });
    expect(first[0]?.offers).toEqual([
      {
        offerId: 'vastai:h1',
        provider: 'vastai',
        model: 'H100-SXM',
        count: 1,
        perGpuHour: 2.5,
        perHour: 2.5,
        region: 'us-east-1',
      },
    ]);
    expect(first[0]?.at).toBe(new Date(T0 + 3 * POLL).toISOString());
    for (let i = 0; i < 10; i++) expect(d.poll([a100(), h100()])).toEqual([]);
    expect(d.events).toHaveLength(1);
  });

  it('groups offers appearing in one evaluation into one event, cheapest first', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })]);
    const ev = d.poll([h100({ id: 'x', perGpuHour: 3 }), h100({ id: 'y', perGpuHour: 2 }), a100()]);
    expect(ev).toHaveLength(1);
    expect(ev[0]?.offers.map((o) => o.offerId)).toEqual(['vastai:y', 'vastai:x']);
  });

  it('one event per watch: two watches matching the same offer each fire', () => {
    const d = new Driver([watch('w1', { gpu: ['H100'] }), watch('w2', { maxPricePerGpuHour: 3 })]);
    const ev = d.poll([h100()]);
    expect(ev.map((e) => e.watchId)).toEqual(['w1', 'w2']);
  });

  it('sold-out offers do not match unless the filter asks for them', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })]);
    expect(d.poll([h100({ state: 'none' })])).toEqual([]);
    expect(d.poll([h100({ state: 'low' })])).toHaveLength(1);
    const e = new Driver([watch('w', { gpu: ['H100'], availability: ['none'] })]);
    expect(e.poll([h100({ state: 'none' })])).toHaveLength(1);
  });

  it('a state change from sold out to available is an appearance', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })]);
    d.poll([h100({ state: 'none' })]);
    d.poll([h100({ state: 'none' })]);
    expect(d.poll([h100({ state: 'available' })]).map((e) => e.kind)).toEqual(['appeared']);
  });

  it('disabled watches and onAppear: false stay silent', () => {
    const d = new Driver([
      watch('off', { gpu: ['H100'] }, {}, { enabled: false }),
      watch('quiet', { gpu: ['H100'] }, { onAppear: false }),
    ]);
    expect(d.poll([h100()])).toEqual([]);
  });
});

describe('evaluateWatches: hysteresis and cooldown', () => {
  it('an offer that flickers out and back within the cooldown does not re-fire', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { cooldownMinutes: 30 })]);
    d.poll([h100()]);
    d.poll([]); // gone one poll
    d.poll([h100()]);
    d.poll([], 20 * MIN); // gone 20 minutes
    d.poll([h100()]);
    expect(d.events).toHaveLength(1);
  });

  it('an offer back after an absence of at least the cooldown fires again', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { cooldownMinutes: 30 })]);
    d.poll([h100()]);
    d.poll([], 30 * MIN);
    expect(d.poll([h100()])).toHaveLength(1);
    expect(d.events).toHaveLength(2);
  });

  it('cooldown 0 means every new appearance notifies', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { cooldownMinutes: 0 })]);
    d.poll([h100()]);
    d.poll([]);
    d.poll([h100()]);
    d.poll([h100()]);
    expect(d.events.map((e) => e.kind)).toEqual(['appeared', 'appeared']);
  });

  it('does not re-notify everything after a restart with persisted state', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })]);
    d.poll([h100()]);
    const persisted = JSON.parse(JSON.stringify(d.state));
    const r = evaluateWatches(loadWatchState(persisted), {
      watches: d.watches,
      previous: undefined,
      next: { offers: [h100()] },
      notifications: settings(),
      now: d.now,
    });
    expect(r.events).toEqual([]);
  });

  it('a long poll interval is not an absence: still present after hours is the same run', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { onDisappear: true })]);
    d.poll([h100()], 5 * 60 * MIN);
    expect(d.poll([h100()], 5 * 60 * MIN)).toEqual([]);
    expect(d.poll([]).map((e) => [e.kind, e.offers[0]?.availableForMs])).toEqual([['disappeared', 10 * 60 * MIN]]);
  });

  it('a watch disabled and re-enabled after the cooldown reports what is on offer again', () => {
    const w = watch('w', { gpu: ['H100'] }, { cooldownMinutes: 30 });
    const d = new Driver([w]);
    d.poll([h100()]);
    d.watches = [{ ...w, enabled: false }];
    d.poll([h100()], 30 * MIN);
    d.watches = [w];
    expect(d.poll([h100()]).map((e) => e.kind)).toEqual(['appeared']);
  });
});

describe('evaluateWatches: price drops', () => {
  it('fires on a drop of at least priceDropPct from the notified price, with the previous price', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { priceDropPct: 10, cooldownMinutes: 0 })]);
    d.poll([h100({ perGpuHour: 2.5 })]);
    expect(d.poll([h100({ perGpuHour: 2.3 })])).toEqual([]); // -8 %
    const ev = d.poll([h100({ perGpuHour: 2.25 })]); // -10 %
    expect(ev).toHaveLength(1);
    expect(ev[0]?.kind).toBe('price-drop');
    expect(ev[0]?.offers[0]).toMatchObject({ perGpuHour: 2.25, previousPerGpuHour: 2.5 });
    // The new baseline is 2.25: 2.1 is only -6.7 %.
    expect(d.poll([h100({ perGpuHour: 2.1 })])).toEqual([]);
    expect(d.poll([h100({ perGpuHour: 2.0 })])[0]?.offers[0]).toMatchObject({ previousPerGpuHour: 2.25 });
  });

  it('a price rise does not move the baseline down: no alert for returning to the old price', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { priceDropPct: 10, cooldownMinutes: 0 })]);
    d.poll([h100({ perGpuHour: 2.0 })]);
    d.poll([h100({ perGpuHour: 3.0 })]);
    expect(d.poll([h100({ perGpuHour: 2.0 })])).toEqual([]);
  });

  it('a drop inside the cooldown waits for the cooldown, and is dropped if the price went back up', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { priceDropPct: 10, cooldownMinutes: 30 })]);
    d.poll([h100({ perGpuHour: 2.5 })], 10 * MIN);
    expect(d.poll([h100({ perGpuHour: 2.0 })], 25 * MIN)).toEqual([]); // t=10 min: held
    const ev = d.poll([h100({ perGpuHour: 2.0 })]); // t=35 min: delivered
    expect(ev.map((e) => e.kind)).toEqual(['price-drop']);
    expect(ev[0]?.offers[0]?.previousPerGpuHour).toBe(2.5);

    const e = new Driver([watch('w', { gpu: ['H100'] }, { priceDropPct: 10, cooldownMinutes: 30 })]);
    e.poll([h100({ perGpuHour: 2.5 })], 10 * MIN);
    e.poll([h100({ perGpuHour: 2.0 })], 10 * MIN);
    e.poll([h100({ perGpuHour: 2.6 })], 20 * MIN);
    e.poll([h100({ perGpuHour: 2.6 })]);
    expect(e.events).toHaveLength(1);
  });

  it('an offer falling under the watch price cap fires price-drop, not appeared', () => {
    const d = new Driver([watch('w', { gpu: ['H100'], maxPricePerGpuHour: 2.2 })]);
    expect(d.poll([h100({ perGpuHour: 2.5 })])).toEqual([]);
    const ev = d.poll([h100({ perGpuHour: 2.1 })]);
    expect(ev.map((e) => e.kind)).toEqual(['price-drop']);
    expect(ev[0]?.offers[0]).toMatchObject({ perGpuHour: 2.1, previousPerGpuHour: 2.5 });
  });

  it('onPriceDrop: false turns a fall under the cap into a plain appearance and ignores drops', () => {
    const d = new Driver([
      watch('w', { gpu: ['H100'], maxPricePerGpuHour: 2.2 }, { onPriceDrop: false, cooldownMinutes: 0 }),
    ]);
    d.poll([h100({ perGpuHour: 2.5 })]);
    expect(d.poll([h100({ perGpuHour: 2.1 })]).map((e) => e.kind)).toEqual(['appeared']);
    expect(d.poll([h100({ perGpuHour: 1.0 })])).toEqual([]);
  });
});

describe('evaluateWatches: disappeared', () => {
  it('says how long the offer stayed available, once per run', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { onDisappear: true, cooldownMinutes: 30 })]);
    d.poll([h100()], 5 * MIN);
    d.poll([h100()], 2 * MIN);
    const ev = d.poll([]);
    expect(ev).toHaveLength(1);
    expect(ev[0]?.kind).toBe('disappeared');
    expect(ev[0]?.offers[0]).toMatchObject({ offerId: 'vastai:h1', model: 'H100-SXM', availableForMs: 7 * MIN });
    // A flicker back and out again within the cooldown is the same run: no second "gone".
    d.poll([h100()]);
    expect(d.poll([])).toEqual([]);
  });

  it('is off unless the watch asks', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })]);
    d.poll([h100()]);
    expect(d.poll([])).toEqual([]);
  });

  it('a watch that never reported the offer does not report it gone', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { onDisappear: true, onAppear: false })]);
    d.poll([h100()]);
    expect(d.poll([])).toEqual([]);
  });
});

describe('evaluateWatches: suppression', () => {
  const quiet = settings({ quietHours: { enabled: true, start: '22:00', end: '07:00' } });
  const at = (h: number, m = 0) => Date.UTC(2026, 0, 5, h, m);

  it('quiet hours across midnight: suppressed once, delivered when they end if still on offer', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })], quiet, at(23, 30));
    const ev = d.poll([h100()]);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ suppressed: true, suppressedReason: 'quiet-hours' });
    d.now = at(23, 59);
    for (let i = 0; i < 14; i++) expect(d.poll([h100()], 30 * MIN)).toEqual([]); // 23:59 … 06:29
    d.now = at(6, 59) + 24 * 60 * MIN;
    expect(d.poll([h100()], MIN)).toEqual([]);
    const morning = d.poll([h100()]); // 07:00
    expect(morning).toHaveLength(1);
    expect(morning[0]).toMatchObject({ kind: 'appeared', suppressed: false });
  });

  it('quiet hours: boundaries and non-wrapping ranges', () => {
    const cases: [string, string, number, boolean][] = [
      ['22:00', '07:00', at(21, 59), false],
      ['22:00', '07:00', at(22, 0), true],
      ['22:00', '07:00', at(0, 0), true],
      ['22:00', '07:00', at(6, 59), true],
      ['22:00', '07:00', at(7, 0), false],
      ['13:00', '14:00', at(13, 30), true],
      ['13:00', '14:00', at(14, 0), false],
      ['13:00', '13:00', at(13, 0), false],
    ];
    for (const [start, end, now, suppressed] of cases) {
      const d = new Driver([watch('w', {})], settings({ quietHours: { enabled: true, start, end } }), now);
      expect(d.poll([h100()])[0]?.suppressed, `${start}-${end} at ${new Date(now).toISOString()}`).toBe(suppressed);
    }
  });

  it('quiet hours follow the injected zone', () => {
    // 23:30 UTC is 08:30 in Tokyo: not quiet there.
    const d = new Driver([watch('w', {})], quiet, at(23, 30), { timeZone: { iana: 'Asia/Tokyo' } });
    expect(d.poll([h100()])[0]?.suppressed).toBe(false);
    const e = new Driver([watch('w', {})], quiet, at(14, 0), { timeZone: { utcOffsetMinutes: 9 * 60 } });
    expect(e.poll([h100()])[0]?.suppressedReason).toBe('quiet-hours'); // 23:00 at UTC+9
  });

  it('snooze suppresses one watch until it ends', () => {
    const until = new Date(T0 + 60 * MIN).toISOString();
    const d = new Driver([watch('s', { gpu: ['H100'] }, {}, { snoozedUntil: until }), watch('o', { gpu: ['H100'] })]);
    const ev = d.poll([h100()], 61 * MIN);
    expect(ev.map((e) => [e.watchId, e.suppressedReason])).toEqual([
      ['s', 'snoozed'],
      ['o', undefined],
    ]);
    expect(d.poll([h100()]).map((e) => [e.watchId, e.suppressed])).toEqual([['s', false]]);
  });

  it('pause and notifications off suppress everything with reason paused', () => {
    const paused = new Driver(
      [watch('w', { gpu: ['H100'] })],
      settings({ pausedUntil: new Date(T0 + MIN).toISOString() }),
    );
    expect(paused.poll([h100()])[0]).toMatchObject({ suppressed: true, suppressedReason: 'paused' });
    const off = new Driver([watch('w', { gpu: ['H100'] })], settings({ enabled: false }));
    expect(off.poll([h100()])[0]).toMatchObject({ suppressed: true, suppressedReason: 'paused' });
  });

  it('global cap: at most maxPer10Min delivered, the rest suppressed with reason cap and delivered later', () => {
    const watches = Array.from({ length: 7 }, (_, i) => watch(`w${i}`, { gpu: ['H100'] }));
    const d = new Driver(watches, settings({ maxPer10Min: 5 }));
    const ev = d.poll([h100()], 10 * MIN);
    expect(ev.filter((e) => !e.suppressed)).toHaveLength(5);
    expect(ev.filter((e) => e.suppressed).map((e) => e.suppressedReason)).toEqual(['cap', 'cap']);
    const later = d.poll([h100()]);
    expect(later.map((e) => [e.watchId, e.suppressed])).toEqual([
      ['w5', false],
      ['w6', false],
    ]);
  });
});

describe('evaluateWatches: ids and state', () => {
  it('event ids are deterministic from watch, kind, offers and time', () => {
    const run = () => new Driver([watch('w', { gpu: ['H100'] })]).poll([h100({ id: 'p' }), h100({ id: 'q' })]);
    expect(run()[0]?.id).toBe(run()[0]?.id);
    expect(alertEventId('w', 'appeared', ['b', 'a'], 5)).toBe(alertEventId('w', 'appeared', ['a', 'b'], 5));
    expect(alertEventId('w', 'appeared', ['a'], 5)).not.toBe(alertEventId('w', 'appeared', ['a'], 6));
    expect(alertEventId('w', 'appeared', ['a'], 5)).not.toBe(alertEventId('w', 'price-drop', ['a'], 5));
    expect(alertEventId('w', 'appeared', ['a'], 5)).not.toBe(alertEventId('v', 'appeared', ['a'], 5));
  });

  it('state is plain JSON and survives a round trip', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] }, { onDisappear: true })]);
    d.poll([h100(), a100()]);
    d.poll([h100()]);
    const copy = loadWatchState(JSON.parse(JSON.stringify(d.state)));
    expect(copy).toEqual(d.state);
    expect(loadWatchState({ nonsense: true })).toEqual(initialWatchState());
  });

  it('does not modify the state it is given', () => {
    const d = new Driver([watch('w', { gpu: ['H100'] })]);
    d.poll([h100()]);
    const before = JSON.stringify(d.state);
    evaluateWatches(d.state, {
      watches: d.watches,
      previous: undefined,
      next: { offers: [] },
      notifications: settings(),
      now: d.now,
    });
    expect(JSON.stringify(d.state)).toBe(before);
  });

  it('stays bounded: keys unseen for 24 h and keys of deleted watches are dropped', () => {
    const d = new Driver([watch('w', {}), watch('gone', {})]);
    d.poll(Array.from({ length: 50 }, (_, i) => h100({ id: `o${i}` })));
    expect(Object.keys(d.state?.keys ?? {})).toHaveLength(100);
    d.watches = [watch('w', {})];
    d.poll([h100({ id: 'o1' })], 24 * 60 * MIN + MIN);
    expect(Object.keys(d.state?.keys ?? {})).toHaveLength(50);
    d.poll([h100({ id: 'o1' })]);
    expect(Object.keys(d.state?.keys ?? {})).toHaveLength(1);
    expect(d.state?.sent.length).toBeLessThanOrEqual(1);
  });
});

describe('evaluateWatches: invariants over random availability series (fast-check)', () => {
  const OFFER_IDS = ['o1', 'o2', 'o3'];
  type Step = { present: boolean[]; prices: number[]; gapMin: number };
  const stepArb = fc.record({
    present: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    prices: fc.array(fc.constantFrom(1.0, 1.5, 1.8, 2.0, 2.5, 3.0), { minLength: 3, maxLength: 3 }),
    gapMin: fc.constantFrom(0.5, 0.5, 0.5, 1, 2, 5, 15, 31),
  });
  type Config = {
    cooldownMinutes: number;
    cap: number;
    watches: number;
    onDisappear: boolean;
    maxPrice: number | undefined;
    quiet: boolean;
  };
  const configArb: fc.Arbitrary<Config> = fc.record({
    cooldownMinutes: fc.constantFrom(0, 5, 30),
    cap: fc.integer({ min: 1, max: 5 }),
    watches: fc.integer({ min: 1, max: 4 }),
    onDisappear: fc.boolean(),
    maxPrice: fc.option(fc.constantFrom(1.6, 2.2), { nil: undefined }),
    quiet: fc.boolean(),
  });

  function simulate(cfg: Config, steps: Step[]) {
    const watches = Array.from({ length: cfg.watches }, (_, i) =>
      watch(
        `w${i}`,
        { gpu: ['H100'], ...(cfg.maxPrice !== undefined && i % 2 === 0 ? { maxPricePerGpuHour: cfg.maxPrice } : {}) },
        { cooldownMinutes: cfg.cooldownMinutes, onDisappear: cfg.onDisappear, priceDropPct: 10 },
      ),
    );
    const notif = settings({
      maxPer10Min: cfg.cap,
      quietHours: { enabled: cfg.quiet, start: '12:20', end: '12:40' },
    });
    const d = new Driver(watches, notif);
    for (const s of steps) {
      const offers = OFFER_IDS.flatMap((id, i) => (s.present[i] ? [h100({ id, perGpuHour: s.prices[i] })] : []));
      d.poll(offers, s.gapMin * MIN);
    }
    return d;
  }

  it('per-key gap between delivered events ≥ cooldown; rolling 10-min count ≤ cap; events well-formed', () => {
    fc.assert(
      fc.property(configArb, fc.array(stepArb, { minLength: 1, maxLength: 60 }), (cfg, steps) => {
        const d = simulate(cfg, steps);
        const delivered = d.delivered();
        const cooldownMs = cfg.cooldownMinutes * MIN;
        // Good news (appeared + price-drop) shares one cooldown per watch+offer; disappeared has its own.
        const lastGood = new Map<string, number>();
        const lastGone = new Map<string, number>();
        for (const e of delivered) {
          const t = Date.parse(e.at);
          for (const o of e.offers) {
            const key = `${e.watchId}|${o.offerId}`;
            const last = e.kind === 'disappeared' ? lastGone : lastGood;
            const prev = last.get(key);
            if (prev !== undefined) expect(t - prev).toBeGreaterThanOrEqual(cooldownMs);
            last.set(key, t);
          }
        }
        const times = delivered.map((e) => Date.parse(e.at));
        for (const t of times) {
          expect(times.filter((u) => u > t - 10 * MIN && u <= t).length).toBeLessThanOrEqual(cfg.cap);
        }
        for (const e of d.events) {
          expect(e.offers.length).toBeGreaterThan(0);
          expect(e.suppressed).toBe(e.suppressedReason !== undefined);
          // One event per watch and kind per evaluation.
          expect(d.events.filter((x) => x.watchId === e.watchId && x.kind === e.kind && x.at === e.at)).toHaveLength(1);
        }
        expect(new Set(d.events.map((e) => e.id)).size).toBe(d.events.length);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('a single flicker within the cooldown gives no extra event', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 29 }),
        fc.integer({ min: 1, max: 10 }),
        (before, outMin, after) => {
          const d = new Driver([watch('w', { gpu: ['H100'] }, { cooldownMinutes: 30, onDisappear: false })]);
          for (let i = 0; i < before; i++) d.poll([h100()]);
          d.poll([], outMin * MIN);
          for (let i = 0; i < after; i++) d.poll([h100()]);
          expect(d.events).toHaveLength(1);
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('a series toggling every poll gives at most one appeared per cooldown', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.constantFrom(1, 5, 30), (polls, cooldownMinutes) => {
        const d = new Driver([watch('w', { gpu: ['H100'] }, { cooldownMinutes })]);
        for (let i = 0; i < polls; i++) d.poll(i % 2 === 0 ? [h100()] : [], MIN);
        const spanMin = polls; // one minute per poll
        expect(d.events.length).toBeLessThanOrEqual(Math.ceil(spanMin / cooldownMinutes) + 1);
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
