import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHistory, withTypicalStay, type History } from '../../../../src/core/history';
import { dailyMedians } from '../../../../src/core/history/trends';
import { answerModelTrends } from '../../../../src/core/history/answer';
import { DAY_MS, HOUR_MS, ModelTrendsSchema } from '../../../../src/shared/history/schema';
import type { AlertEvent, GpuOffer, ProviderStatus, Snapshot } from '../../../../src/shared/model';
import { makeOffer } from '../../../helpers/fake-core';
import { useTmpDirs } from '../../../helpers/tmp-dirs';

const tmp = useTmpDirs('cloudtop-trends-');
const MIN = 60_000;
// A Monday, 00:00 UTC.
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

function offer(
  id: number,
  o: { provider?: GpuOffer['provider']; model?: string; count?: number; price?: number; up?: boolean } = {},
): GpuOffer {
  const base = makeOffer(id, {
    provider: o.provider ?? 'runpod',
    model: o.model ?? 'H100-SXM',
    count: o.count ?? 1,
    perGpuHour: o.price ?? 2,
    region: 'US-TX-3',
  });
  return {
    ...base,
    region: { id: 'US-TX-3' },
    price: { ...base.price, billing: 'on-demand' },
    availability: { state: o.up === false ? 'none' : 'available' },
  };
}

function status(provider: GpuOffer['provider'], at: number): ProviderStatus {
  return {
    provider,
    account: 'default',
    displayName: provider,
    kind: 'gpu-market',
    state: 'ok',
    stale: false,
    offerCount: 0,
    resourceCount: 0,
    lastSuccess: new Date(at).toISOString(),
  };
}

function snap(at: number, offers: GpuOffer[], providers: GpuOffer['provider'][] = ['runpod', 'vastai']): Snapshot {
  return {
    version: 1,
    takenAt: new Date(at).toISOString(),
    providers: providers.map((p) => status(p, at)),
    offers,
    resources: [],
    demo: false,
  };
}

/** A clock the test sets. */
class Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
}

function open(clock: Clock): History {
  return openHistory({ file: path.join(tmp(), 'history.sqlite'), now: () => clock.now() })!;
}

describe('history trends for the Offers rows', () => {
  it('answers every asked model in one call: daily p50, available now or last seen, typical stay', () => {
    const clock = new Clock(T0);
    const h = open(clock);
    // Three days, a poll every 10 min. H100: RunPod at $2 (day 0) then $3, Vast.ai at $2.50 —
    // the cheapest per hour is what counts. A100: up for 30 min each day, gone at the end.
    for (let t = T0; t < T0 + 3 * DAY_MS; t += 10 * MIN) {
      clock.set(t);
      const day = Math.floor((t - T0) / DAY_MS);
      const minuteOfDay = (t - T0 - day * DAY_MS) / MIN;
      h.record(
        snap(t, [
          offer(1, { price: day === 0 ? 2 : 3 }),
          offer(2, { provider: 'vastai', price: 2.5 }),
          offer(3, { model: 'A100-80GB', price: 1.2, up: minuteOfDay >= 60 && minuteOfDay <= 90 }),
        ]),
      );
    }
    const r = ModelTrendsSchema.parse(h.trends({ models: ['H100-SXM', 'A100-80GB', 'B200'], days: 7 }));
    expect(r.recording).toBe(true);
    // Never recorded: left out.
    expect(r.trends.map((t) => t.model)).toEqual(['H100-SXM', 'A100-80GB']);
    const h100 = r.trends[0]!;
    expect(h100.daily).toEqual([
      [T0, 2],
      [T0 + DAY_MS, 2.5],
      [T0 + 2 * DAY_MS, 2.5],
    ]);
    expect(h100.availableNow).toBe(true);
    expect(h100.lastSeen).toBe(new Date(clock.now()).toISOString());
    expect(h100.stay).toBeNull();
    const a100 = r.trends[1]!;
    expect(a100.availableNow).toBe(false);
    // The last episode ended at the day's 90th minute; three 30-minute stays.
    expect(a100.lastSeen).toBe(new Date(T0 + 2 * DAY_MS + 90 * MIN).toISOString());
    expect(a100.stay).toEqual({ meanMs: 30 * MIN, episodes: 3 });
    expect(a100.daily.map(([, p]) => p)).toEqual([1.2, 1.2, 1.2]);
    // Only the asked days.
    expect(h.trends({ models: ['H100-SXM'], days: 1 }).trends[0]!.daily).toEqual([[T0 + 2 * DAY_MS, 2.5]]);
    h.close();
  });

  it('typical stay across providers for a row, per provider for an alert', () => {
    const clock = new Clock(T0);
    const h = open(clock);
    for (let m = 0; m < 30; m++) {
      clock.set(T0 + m * MIN);
      h.record(
        snap(clock.now(), [
          offer(1, { up: m < 10 }), // RunPod: one 9-minute stay
          offer(2, { provider: 'vastai', up: m < 4 }), // Vast.ai: one 3-minute stay
        ]),
      );
    }
    expect(h.typicalStay({ provider: 'vastai', model: 'H100-SXM' }, 7 * DAY_MS)).toEqual({
      meanMs: 3 * MIN,
      episodes: 1,
    });
    expect(h.typicalStay({ model: 'H100-SXM' }, 7 * DAY_MS)).toEqual({ meanMs: 6 * MIN, episodes: 2 });
    expect(h.trends({ models: ['H100-SXM'] }).trends[0]!.stay).toEqual({ meanMs: 6 * MIN, episodes: 2 });
    h.close();
  });

  it('an episode that started before the week and ended in it counts; one that ended before does not', () => {
    const clock = new Clock(T0);
    const h = open(clock);
    const poll = (t: number, up: boolean) => {
      clock.set(t);
      h.record(snap(t, [offer(1, { up })], ['runpod']));
    };
    // 20 min that ended 9 days before the end; then 2 days that started 8 days before it.
    for (let m = 0; m <= 20; m += 10) poll(T0 + m * MIN, true);
    poll(T0 + 30 * MIN, false);
    const long = T0 + DAY_MS;
    for (let t = long; t <= long + 2 * DAY_MS; t += 10 * MIN) poll(t, true);
    poll(long + 2 * DAY_MS + 10 * MIN, false);
    clock.set(T0 + 9 * DAY_MS);
    expect(h.typicalStay({ model: 'H100-SXM' }, 7 * DAY_MS)).toEqual({ meanMs: 2 * DAY_MS, episodes: 1 });
    expect(h.typicalStay({ model: 'H100-SXM' }, 10 * DAY_MS)).toEqual({
      meanMs: (2 * DAY_MS + 20 * MIN) / 2,
      episodes: 2,
    });
    expect(h.trends({ models: ['H100-SXM'] }).trends[0]!.lastSeen).toBe(new Date(long + 2 * DAY_MS).toISOString());
    h.close();
  });

  it('without a history store the answer says so', () => {
    expect(answerModelTrends(undefined, { models: ['H100-SXM'], days: 14, tzOffsetMinutes: 0 }, T0)).toEqual({
      recording: false,
      at: T0,
      trends: [],
    });
  });

  it('daily medians use the viewer’s day boundaries', () => {
    // 23:00 and 00:00 UTC: one day in UTC+2 (01:00 and 02:00), two days in UTC.
    const rows: Array<[number, number]> = [
      [(T0 + 23 * HOUR_MS) / HOUR_MS, 20_000],
      [(T0 + DAY_MS) / HOUR_MS, 30_000],
    ];
    expect(dailyMedians(rows, 0)).toEqual([
      [T0, 2],
      [T0 + DAY_MS, 3],
    ]);
    expect(dailyMedians(rows, 120)).toEqual([[T0 + DAY_MS - 2 * HOUR_MS, 2]]);
  });
});

describe('withTypicalStay', () => {
  const event = (kind: AlertEvent['kind'], provider: GpuOffer['provider'] = 'vastai'): AlertEvent => ({
    id: 'e1',
    watchId: 'w',
    watchName: 'H100',
    kind,
    at: new Date(T0).toISOString(),
    offers: [
      { offerId: 'a', provider, model: 'H100-SXM', count: 1, perGpuHour: 2, perHour: 2, region: 'US' },
      { offerId: 'b', provider: 'lambda', model: 'H100-SXM', count: 1, perGpuHour: 3, perHour: 3, region: 'US' },
    ],
    suppressed: false,
  });

  it('gives each offer of appeared / price-drop events the typical stay of its kind, never disappeared', () => {
    const calls: unknown[] = [];
    const reader = {
      report: () => {
        throw new Error('not used');
      },
      lastSeen: () => new Map(),
      trends: () => ({ recording: true, at: 0, trends: [] }),
      hourlyCheapest: () => new Map(),
      typicalStay: (q: { provider?: string }) => {
        calls.push(q);
        return q.provider === 'vastai' ? { meanMs: 14 * MIN, episodes: 9 } : undefined;
      },
    };
    const [appeared, drop, gone] = withTypicalStay(
      [event('appeared'), event('price-drop'), event('disappeared')],
      reader,
    );
    expect(appeared!.offers[0]!.typicalStay).toEqual({ meanMs: 14 * MIN, episodes: 9 });
    expect(appeared!.offers[1]!.typicalStay).toBeUndefined();
    expect(drop!.offers[0]!.typicalStay).toEqual({ meanMs: 14 * MIN, episodes: 9 });
    expect(gone!.offers[0]!.typicalStay).toBeUndefined();
    // One lookup per kind, however many events name it.
    expect(calls).toHaveLength(2);
  });

  it('without history, or when history fails, events pass unchanged', () => {
    const events = [event('appeared')];
    expect(withTypicalStay(events, undefined)).toBe(events);
    const broken = {
      report: () => {
        throw new Error('x');
      },
      lastSeen: () => new Map(),
      trends: () => ({ recording: true, at: 0, trends: [] }),
      hourlyCheapest: () => new Map(),
      typicalStay: () => {
        throw new Error('database is locked');
      },
    };
    expect(withTypicalStay(events, broken)[0]!.offers[0]!.typicalStay).toBeUndefined();
  });
});

describe("the cheapest available price per hour (cloudtop top's sparklines)", () => {
  it('gives each whole hour before now its cheapest available price, NaN where none was available', () => {
    const clock = new Clock(T0);
    const h = open(clock);
    // Four hours, a poll every 20 min. Hour 0: RunPod $2.00 and Vast.ai $2.50 → $2.00. Hour 1:
    // RunPod sold out, Vast.ai at $2.50 → $2.50 (a sold-out provider's price does not count).
    // Hour 2: nothing available → NaN. Hour 3: RunPod at $1.80, then $2.40 → the hour's mean, $2.10.
    const hours: Array<Array<[GpuOffer['provider'], number, boolean]>> = [
      [
        ['runpod', 2, true],
        ['vastai', 2.5, true],
      ],
      [
        ['runpod', 1, false],
        ['vastai', 2.5, true],
      ],
      [
        ['runpod', 2, false],
        ['vastai', 2.5, false],
      ],
      [
        ['runpod', 1.8, true],
        ['vastai', 3, false],
      ],
    ];
    hours.forEach((kinds, hour) => {
      for (let m = 0; m < 60; m += 20) {
        const t = T0 + hour * HOUR_MS + m * MIN;
        clock.set(t);
        const late = hour === 3 && m >= 30;
        h.record(
          snap(
            t,
            kinds.map(([provider, price, up], i) => offer(i + 1, { provider, price: late ? 2.4 : price, up })),
          ),
        );
      }
    });
    // Now: ten minutes into hour 4 (its partial hour is left to the live price).
    clock.set(T0 + 4 * HOUR_MS + 10 * MIN);
    const got = h.hourlyCheapest(['H100-SXM', 'A100-80GB'], 6);
    expect([...got.keys()]).toEqual(['H100-SXM']);
    const series = got.get('H100-SXM')!;
    expect(series).toHaveLength(6);
    // Two hours before the record began, then the four recorded hours, oldest first.
    expect(series.slice(0, 3).map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(['NaN', 'NaN', 2]);
    expect(series[3]).toBe(2.5);
    expect(series[4]).toBeNaN();
    expect(series[5]).toBeCloseTo((1.8 + 1.8 + 2.4) / 3, 6);
    h.close();
  });
});
