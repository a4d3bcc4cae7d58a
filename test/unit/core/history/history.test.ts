import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../helpers/fake-clock';
import { HistoryStore, openHistory, observeOffers, type History } from '../../../../src/core/history';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../src/core/history/schema';
import { localSlot } from '../../../../src/core/history/queries';
import { DAY_MS, HistoryReportSchema, HOUR_MS } from '../../../../src/shared/history/schema';
import type { GpuOffer, ProviderStatus, Snapshot } from '../../../../src/shared/model';
import { makeOffer } from '../../../helpers/fake-core';
import { useTmpDirs } from '../../../helpers/tmp-dirs';

const tmp = useTmpDirs('cloudtop-history-');
const MIN = 60_000;
// A Monday, 00:00 UTC.
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

function offer(
  id: number,
  o: {
    provider?: GpuOffer['provider'];
    model?: string;
    count?: number;
    price?: number;
    state?: GpuOffer['availability']['state'];
    region?: string;
  } = {},
): GpuOffer {
  const base = makeOffer(id, {
    provider: o.provider ?? 'runpod',
    model: o.model ?? 'H100-SXM',
    count: o.count ?? 1,
    perGpuHour: o.price ?? 2,
    region: o.region ?? 'US-TX-3',
  });
  return {
    ...base,
    cloud: 'secure',
    region: { id: o.region ?? 'US-TX-3' },
    price: { ...base.price, billing: 'on-demand' },
    availability: { state: o.state ?? 'available' },
  };
}

function status(provider: GpuOffer['provider'], at: number, state: ProviderStatus['state'] = 'ok'): ProviderStatus {
  return {
    provider,
    account: 'default',
    displayName: provider,
    kind: 'gpu-market',
    state,
    stale: false,
    offerCount: 0,
    resourceCount: 0,
    lastSuccess: new Date(at).toISOString(),
  };
}

function snap(at: number, offers: GpuOffer[], providers: ProviderStatus[] = [status('runpod', at)]): Snapshot {
  return { version: 1, takenAt: new Date(at).toISOString(), providers, offers, resources: [], demo: false };
}

function open(clock: FakeClock, file = path.join(tmp(), 'history.sqlite')): History {
  return openHistory({ file, now: () => clock.now() })!;
}

/** Polls every minute from `from` for `minutes`, available when `up(minute)` says so. */
function pollSeries(
  h: History,
  clock: FakeClock,
  minutes: number,
  up: (m: number) => boolean,
  model = 'H100-SXM',
): void {
  for (let m = 0; m < minutes; m++) {
    h.record(snap(clock.now(), up(m) ? [offer(1, { model })] : [offer(1, { model, state: 'none' })]));
    clock.advance(MIN);
  }
}

describe('history store', () => {
  it('turns polls into availability episodes with start, end and duration', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    // Available minutes 2..11 (10 polls), then 20..24, still available at the end.
    pollSeries(h, clock, 30, (m) => (m >= 2 && m < 12) || m >= 20);
    const r = HistoryReportSchema.parse(h.report({ gpu: 'H100' }));
    expect(r.episodes).toHaveLength(2);
    // Newest first.
    const [second, first] = r.episodes;
    expect(first).toMatchObject({ provider: 'runpod', model: 'H100-SXM', count: 1, region: 'US-TX-3' });
    expect(first!.start).toBe(new Date(T0 + 2 * MIN).toISOString());
    // Ends at the last poll that still saw it.
    expect(first!.end).toBe(new Date(T0 + 11 * MIN).toISOString());
    expect(first!.durationMs).toBe(9 * MIN);
    expect(second!.end).toBeNull();
    expect(second!.durationMs).toBe(clock.now() - (T0 + 20 * MIN));
    expect(r.summary).toMatchObject({ count: 2, medianMs: 9 * MIN, p90Ms: 9 * MIN });
    expect(r.lastSeen).toEqual([
      expect.objectContaining({ availableNow: true, lastSeen: new Date(clock.now()).toISOString() }),
    ]);
    h.close();
  });

  it('ends episodes when the kind vanishes from a poll, and only then', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    h.record(snap(clock.now(), [offer(1), offer(2, { model: 'A100-80GB' })]));
    clock.advance(MIN);
    h.record(snap(clock.now(), [offer(2, { model: 'A100-80GB' })]));
    clock.advance(MIN);
    const h100 = h.report({ gpu: 'H100' });
    expect(h100.episodes).toEqual([
      expect.objectContaining({ start: new Date(T0).toISOString(), end: new Date(T0).toISOString() }),
    ]);
    expect(h100.lastSeen[0]).toMatchObject({ availableNow: false, lastSeen: new Date(T0).toISOString() });
    expect(h.report({ gpu: 'A100' }).episodes[0]!.end).toBeNull();
    h.close();
  });

  it('a silent provider ends its episodes at the last poll that confirmed them', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    pollSeries(h, clock, 5, () => true);
    clock.advance(2 * HOUR_MS); // app closed
    pollSeries(h, clock, 3, () => true);
    const r = h.report({ gpu: 'H100' });
    expect(r.episodes.map((e) => [e.start, e.end])).toEqual([
      [new Date(T0 + 5 * MIN + 2 * HOUR_MS).toISOString(), null],
      [new Date(T0).toISOString(), new Date(T0 + 4 * MIN).toISOString()],
    ]);
    h.close();
  });

  it('records a provider once per poll, and never while it fails or from a face that fetched no offers', () => {
    const clock = new FakeClock(T0);
    const file = path.join(tmp(), 'h.sqlite');
    const h = open(clock, file);
    const s = snap(T0, [offer(1)]);
    h.record(s);
    h.record({ ...s, version: 2 });
    h.record(snap(T0 + MIN, [], [{ ...status('runpod', T0 + MIN, 'error') }]));
    h.close();
    const db = new DatabaseSync(file);
    expect(db.prepare('SELECT count(*) AS n FROM polls').get()).toEqual({ n: 1 });
    db.close();

    const resourcesOnly = openHistory({ file, now: () => clock.now(), parts: ['resources'] })!;
    resourcesOnly.record(snap(T0 + 2 * MIN, []));
    expect(resourcesOnly.report({ gpu: 'H100' }).lastSeen[0]!.availableNow).toBe(true);
    resourcesOnly.close();
  });

  it('stores changes, not every poll', () => {
    const clock = new FakeClock(T0);
    const file = path.join(tmp(), 'h.sqlite');
    const h = open(clock, file);
    pollSeries(h, clock, 120, (m) => m < 60);
    h.close();
    const db = new DatabaseSync(file);
    expect(db.prepare('SELECT count(*) AS n FROM changes').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT count(*) AS n FROM hourly').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT polls, avail FROM hourly ORDER BY hour').all()).toEqual([
      { polls: 60, avail: 60 },
      { polls: 60, avail: 0 },
    ]);
    db.close();
  });

  it('week × hour heatmap and daily prices per provider (p50 / p95 / min)', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    // Monday 00:00–02:00: runpod available in hour 0 only; prices differ by hour.
    for (let m = 0; m < 120; m++) {
      const t = clock.now();
      h.record(
        snap(
          t,
          [
            offer(1, { price: m < 60 ? 2 : 3, state: m < 60 ? 'available' : 'none' }),
            offer(2, { provider: 'vastai', price: 1.5, region: 'EU-SE-1' }),
          ],
          [status('runpod', t), status('vastai', t)],
        ),
      );
      clock.advance(MIN);
    }
    const r = h.report({ gpu: 'H100', providers: ['runpod'] });
    expect(r.heatmap.cells[0]![0]).toBe(1);
    expect(r.heatmap.cells[0]![1]).toBe(0);
    expect(r.heatmap.cells[0]![2]).toBeNull();
    expect(r.prices).toEqual([{ day: '2026-01-05', provider: 'runpod', min: 2, p50: 2, p95: 3, samples: 2 }]);
    expect(r.trend).toEqual([
      [T0, 2],
      [T0 + HOUR_MS, 3],
    ]);
    const all = h.report({ gpu: 'H100' });
    expect(all.prices.map((p) => p.provider)).toEqual(['runpod', 'vastai']);
    // In UTC-1 those hours are Sunday 23:00 and Monday 00:00.
    const west = h.report({ gpu: 'H100', providers: ['runpod'], tzOffsetMinutes: -60 });
    expect(west.heatmap.cells[6]![23]).toBe(1);
    expect(west.prices[0]!.day).toBe('2026-01-04');
    h.close();
  });

  it('filters by provider, region and count', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    h.record(snap(T0, [offer(1, { count: 8 }), offer(2, { region: 'EU-RO-1' })]));
    expect(h.report({ gpu: 'H100', count: 8 }).episodes).toHaveLength(1);
    expect(h.report({ gpu: 'H100', regions: ['eu-ro-1'] }).episodes).toHaveLength(1);
    expect(h.report({ gpu: 'H100', providers: ['lambda'] }).episodes).toHaveLength(0);
    expect(h.report({ gpu: 'A100' }).episodes).toHaveLength(0);
    h.close();
  });

  it('facets: what a question can be narrowed by, each under the other narrowings', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    h.record(
      snap(
        T0,
        [
          offer(1, { count: 8 }),
          offer(2, { region: 'EU-RO-1' }),
          offer(3, { provider: 'lambda', region: 'us-east-1', count: 2 }),
          offer(4, { provider: 'lambda', model: 'A100-80GB', region: 'us-west-1' }),
        ],
        [status('runpod', T0), status('lambda', T0)],
      ),
    );
    // The GPU alone: every provider, count and region recorded for H100, sorted (not A100's region).
    expect(h.report({ gpu: 'H100' }).facets).toEqual({
      providers: ['lambda', 'runpod'],
      counts: [1, 2, 8],
      regions: ['EU-RO-1', 'us-east-1', 'US-TX-3'],
    });
    // Narrowed to RunPod: RunPod's counts and regions, while the providers still offer Lambda.
    expect(h.report({ gpu: 'H100', providers: ['runpod'] }).facets).toEqual({
      providers: ['lambda', 'runpod'],
      counts: [1, 8],
      regions: ['EU-RO-1', 'US-TX-3'],
    });
    // Narrowed to 8×: only RunPod has it, in one region; the counts stay open.
    expect(h.report({ gpu: 'H100', count: 8 }).facets).toEqual({
      providers: ['runpod'],
      counts: [1, 2, 8],
      regions: ['US-TX-3'],
    });
    // A region, in any case: the providers and counts there.
    expect(h.report({ gpu: 'H100', regions: ['US-EAST-1'] }).facets).toMatchObject({
      providers: ['lambda'],
      counts: [2],
    });
    expect(h.report({ gpu: 'B200' }).facets).toEqual({ providers: [], counts: [], regions: [] });
    h.close();
  });

  it('last seen for unavailable offers, and the typical stay for alert lines', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    pollSeries(h, clock, 10, (m) => m < 4 || (m >= 6 && m < 8)); // 3 min and 1 min episodes
    const gone = offer(1, { state: 'none' });
    expect(h.lastSeen([gone, offer(9, { model: 'A100-80GB', state: 'none' })])).toEqual(
      new Map([[gone.id, new Date(T0 + 7 * MIN).toISOString()]]),
    );
    expect(h.lastSeen([offer(1)]).size).toBe(0);
    expect(h.typicalStay({ provider: 'runpod', model: 'H100-SXM' }, 7 * DAY_MS)).toEqual({
      meanMs: 2 * MIN,
      episodes: 2,
    });
    expect(h.typicalStay({ provider: 'lambda', model: 'H100-SXM' }, 7 * DAY_MS)).toBeUndefined();
    h.close();
  });

  it('retention: raw rows after 7 days, hourly after 90, and the size cap drops the oldest days', () => {
    const file = path.join(tmp(), 'h.sqlite');
    const store = HistoryStore.open(file);
    const obs = observeOffers([offer(1)]);
    for (let d = 0; d < 100; d++) {
      store.recordPoll('runpod', T0 + d * DAY_MS, d % 2 ? obs : observeOffers([offer(1, { state: 'none' })]));
    }
    const now = T0 + 99 * DAY_MS + MIN;
    store.prune(now);
    const count = (sql: string): number => (store.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM polls')).toBe(8);
    expect(count('SELECT min(hour) AS n FROM hourly') * HOUR_MS).toBeGreaterThanOrEqual(now - 90 * DAY_MS - HOUR_MS);
    // Days 9..99: the hour holding the cut-off is kept whole.
    expect(count('SELECT count(*) AS n FROM hourly')).toBe(91);
    store.close();

    const capped = HistoryStore.open(file, { retention: { maxBytes: 1 } });
    const r = capped.prune(now);
    expect(r.deletedDays).toBeGreaterThan(0);
    expect((capped.db.prepare('SELECT count(*) AS n FROM hourly').get() as { n: number }).n).toBe(0);
    capped.close();
  });

  it('metric points beyond the 24 h in memory: new points only, rolled up hourly after 7 days', () => {
    const clock = new FakeClock(T0);
    const file = path.join(tmp(), 'h.sqlite');
    const h = open(clock, file);
    const res = (points: Array<[number, number]>): Snapshot => ({
      ...snap(T0, []),
      providers: [],
      resources: [
        {
          id: 'neon:ep-1',
          provider: 'neon',
          kind: 'compute-endpoint',
          name: 'ep',
          state: 'running',
          meta: {},
          metrics: [{ name: 'cpu', unit: 'percent', points }],
          issues: [],
          fetchedAt: new Date(T0).toISOString(),
        } as Snapshot['resources'][number],
      ],
    });
    h.record(
      res([
        [T0, 1],
        [T0 + MIN, 3],
      ]),
    );
    h.record(
      res([
        [T0, 1],
        [T0 + MIN, 3],
        [T0 + 2 * MIN, 5],
      ]),
    );
    h.close();
    const store = HistoryStore.open(file);
    expect((store.db.prepare('SELECT count(*) AS n FROM metric_points').get() as { n: number }).n).toBe(3);
    store.prune(T0 + 8 * DAY_MS);
    expect(store.db.prepare('SELECT n, sum, min, max FROM metric_hourly').all()).toEqual([
      { n: 3, sum: 9, min: 1, max: 5 },
    ]);
    expect((store.db.prepare('SELECT count(*) AS n FROM metric_points').get() as { n: number }).n).toBe(0);
    store.close();
  });

  it('two writers on one file agree on episodes (app and `cloudtop watch` at once)', () => {
    const file = path.join(tmp(), 'h.sqlite');
    const a = HistoryStore.open(file);
    const b = HistoryStore.open(file);
    const up = observeOffers([offer(1)]);
    const down = observeOffers([offer(1, { state: 'none' })]);
    a.recordPoll('runpod', T0, up);
    b.recordPoll('runpod', T0 + 30_000, up);
    a.recordPoll('runpod', T0 + MIN, up);
    b.recordPoll('runpod', T0 + 90_000, down);
    a.recordPoll('runpod', T0 + 2 * MIN, down);
    const eps = a.db.prepare('SELECT start, "end" FROM episodes').all();
    expect(eps).toEqual([{ start: T0, end: T0 + MIN }]);
    a.close();
    b.close();
  });

  it('schema version, migrations, a newer file refused, a damaged file kept aside', () => {
    const dir = tmp();
    const file = path.join(dir, 'h.sqlite');
    const s = HistoryStore.open(file);
    expect(s.db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    expect(s.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    s.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    s.close();
    expect(() => HistoryStore.open(file)).toThrow(/newer than this cloudtop/);

    const bad = path.join(dir, 'bad.sqlite');
    fs.writeFileSync(bad, 'this is not a database '.repeat(200));
    const notices: string[] = [];
    const fresh = HistoryStore.open(bad, { onNotice: (m) => notices.push(m) });
    fresh.recordPoll('runpod', T0, observeOffers([offer(1)]));
    fresh.close();
    expect(notices[0]).toMatch(/damaged; it was kept as .*bad\.sqlite\.corrupt-/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('bad.sqlite.corrupt-'))).toBe(true);
  });

  it('how often per day counts the days recorded, not the whole period asked about', () => {
    const clock = new FakeClock(T0);
    const h = open(clock);
    // Two days of polls, one hour-long episode every 12 h: 4 episodes, 2 a day.
    for (let m = 0; m < 2 * 24 * 60; m += 10) {
      h.record(snap(clock.now(), [offer(1, { state: m % (12 * 60) < 60 ? 'available' : 'none' })]));
      clock.advance(10 * MIN);
    }
    const month = h.report({ gpu: 'H100', sinceMs: 30 * DAY_MS });
    expect(month.summary.count).toBe(4);
    expect(month.observedFrom).toBe(new Date(T0).toISOString());
    expect(month.summary.perDay).toBe(2);
    // A period inside the record: the period is what was recorded.
    const day = h.report({ gpu: 'H100', sinceMs: DAY_MS });
    expect(day.observedFrom).toBe(day.from);
    expect(day.summary).toMatchObject({ count: 2, perDay: 2 });
    // A provider never polled: nothing recorded, whatever the series say.
    expect(h.report({ gpu: 'H100', providers: ['lambda'] }).observedFrom).toBeNull();
    h.close();
  });

  it('coverage: from the first poll per provider, moved up by retention, filled in when a version-1 file is opened', () => {
    const dir = tmp();
    const store = HistoryStore.open(path.join(dir, 'h.sqlite'));
    store.recordPoll('runpod', T0 + DAY_MS, observeOffers([offer(1)]));
    store.recordPoll('vastai', T0 + 2 * DAY_MS, observeOffers([offer(2, { provider: 'vastai' })]));
    // A second writer whose clock is behind moves the start back.
    store.recordPoll('runpod', T0, observeOffers([offer(1)]));
    const coverage = (s: HistoryStore): unknown =>
      s.db.prepare('SELECT provider, since FROM coverage ORDER BY 1').all();
    expect(coverage(store)).toEqual([
      { provider: 'runpod', since: T0 },
      { provider: 'vastai', since: T0 + 2 * DAY_MS },
    ]);
    store.recordPoll('runpod', T0 + 50 * DAY_MS, observeOffers([offer(1)]));
    // 90 days of hourly data kept: on day 91.5 runpod's record starts at the cut (day 1.5), vastai's is whole.
    const now = T0 + 91.5 * DAY_MS;
    store.prune(now);
    expect(coverage(store)).toEqual([
      { provider: 'runpod', since: now - 90 * DAY_MS },
      { provider: 'vastai', since: T0 + 2 * DAY_MS },
    ]);
    // A provider with nothing left (not polled since the cut) has no record at all.
    store.prune(T0 + 93 * DAY_MS);
    expect(coverage(store)).toEqual([{ provider: 'runpod', since: T0 + 3 * DAY_MS }]);
    store.close();

    // A file written by a version-1 cloudtop: its oldest poll, hour or first listing per provider.
    const old = path.join(dir, 'v1.sqlite');
    const db = new DatabaseSync(old);
    MIGRATIONS[0]!(db);
    db.exec(`PRAGMA user_version = 1;
      INSERT INTO polls (provider, t) VALUES ('runpod', ${T0 + 7 * DAY_MS}), ('runpod', ${T0 + 8 * DAY_MS});
      INSERT INTO model_hourly (provider, model, hour, polls, avail) VALUES ('runpod', 'H100-SXM', ${T0 / HOUR_MS + 3}, 1, 1);
      INSERT INTO series (provider, model, family, vendor, count, region, billing, first_listed, last_listed, state, offers)
        VALUES ('lambda', 'A100-80GB', 'A100', 'nvidia', 1, 'us-east-1', 'on-demand', ${T0 + DAY_MS}, ${T0 + DAY_MS}, 'none', 0);`);
    db.close();
    const upgraded = HistoryStore.open(old);
    expect(upgraded.db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    expect(coverage(upgraded)).toEqual([
      { provider: 'lambda', since: T0 + DAY_MS },
      { provider: 'runpod', since: T0 + 3 * HOUR_MS },
    ]);
    upgraded.close();
  });

  it('a reader does not create the file', () => {
    const file = path.join(tmp(), 'none.sqlite');
    expect(openHistory({ file, create: false })).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('localSlot: Monday-based weekday and hour in a fixed offset', () => {
    expect(localSlot(T0, 0)).toEqual({ weekday: 0, hourOfDay: 0, day: '2026-01-05' });
    expect(localSlot(T0 + 330 * MIN, 330)).toMatchObject({ weekday: 0, hourOfDay: 11 });
  });
});
