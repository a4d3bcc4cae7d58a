import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EarlySocket } from '../../../../src/renderer/api/early-socket';
import { WebSocketApi, socketUrlFor, type SocketLike } from '../../../../src/renderer/api/ws-api';
import { CloudtopApiError } from '../../../../src/shared/ipc/contract';
import { SnapshotSchema, type GpuOffer, type Snapshot } from '../../../../src/shared/model';
import { PACKED_OFFERS_ENCODING, packSnapshot } from '../../../../src/shared/snapshot/wire';
import { previewOf } from '../../../../src/shared/snapshot/preview';
import { FakeCore, diffSnapshots, makeOffer } from '../../../helpers/fake-core';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: { id: number; channel: string; payload: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  push(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  reply(index: number, result: unknown) {
    this.push({ type: 'result', id: this.sent[index]!.id, result });
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;
const make = () =>
  new WebSocketApi({
    url: 'ws://x/ws?token=t',
    createSocket: (u) => new FakeSocket(u),
    random: () => 1,
    backoffBaseMs: 1000,
    backoffMaxMs: 4000,
  });

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('WebSocketApi requests', () => {
  it('queues requests until the socket opens, then sends them with distinct ids', async () => {
    const api = make();
    const a = api.invoke('app.info', {});
    const b = api.invoke('watches.list', {});
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent.map((f) => f.channel)).toEqual(['app.info', 'watches.list']);
    expect(new Set(last().sent.map((f) => f.id)).size).toBe(2);
    last().reply(1, { ok: true, value: [] });
    last().reply(0, {
      ok: true,
      value: { version: '1', mode: 'browser', demo: true, secretStorage: 'keychain', platform: 'linux' },
    });
    await expect(a).resolves.toMatchObject({ mode: 'browser' });
    await expect(b).resolves.toEqual([]);
  });

  it('refuses an invalid request without sending it', async () => {
    const api = make();
    last().open();
    await expect(api.invoke('watches.delete', { id: '' })).rejects.toMatchObject({ info: { code: 'config' } });
    expect(last().sent).toEqual([]);
  });

  it('turns {ok:false} into a CloudtopApiError and an off-contract result into bad_response', async () => {
    const api = make();
    last().open();
    const a = api.invoke('watches.snooze', { id: 'w', until: null });
    last().reply(0, { ok: false, error: { code: 'not_found', message: 'No watch w', retryable: false } });
    const err = await a.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudtopApiError);
    expect((err as CloudtopApiError).info.code).toBe('not_found');
    const b = api.invoke('watches.delete', { id: 'w' });
    last().reply(1, { ok: true, value: { deleted: 'yes' } });
    await expect(b).rejects.toMatchObject({ info: { code: 'bad_response' } });
  });

  it('times out a request that gets no answer', async () => {
    const api = new WebSocketApi({ url: 'ws://x/ws', createSocket: (u) => new FakeSocket(u), requestTimeoutMs: 500 });
    last().open();
    const p = api.invoke('app.info', {});
    vi.advanceTimersByTime(501);
    await expect(p).rejects.toMatchObject({ info: { code: 'timeout', retryable: true } });
  });
});

describe('WebSocketApi connection', () => {
  it('fails in-flight requests on close and reconnects with capped backoff', async () => {
    const api = make();
    const states: string[] = [];
    api.onConnection((s) => states.push(s));
    last().open();
    const p = api.invoke('app.info', {});
    last().close();
    await expect(p).rejects.toMatchObject({ info: { code: 'network' } });
    expect(states).toEqual(['open', 'reconnecting']);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(2);
    last().close(); // never opened: next delay doubles
    vi.advanceTimersByTime(1999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    last().close();
    vi.advanceTimersByTime(4000);
    expect(FakeSocket.all).toHaveLength(4);
    last().close(); // 1000·2³ = 8000, capped at 4000
    vi.advanceTimersByTime(4000);
    expect(FakeSocket.all).toHaveLength(5);
    last().open();
    expect(api.connection).toBe('open');
    api.close();
    expect(api.connection).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(5);
  });
});

describe('WebSocketApi snapshots', () => {
  const core = new FakeCore({ offers: 3 });
  const s1: Snapshot = core.snapshot();
  const s2: Snapshot = { ...s1, version: 2, offers: [...s1.offers, makeOffer(99)] };
  const s3: Snapshot = { ...s2, version: 3, offers: s2.offers.slice(1) };

  it('applies diffs on top of the pushed snapshot and resyncs on a gap', () => {
    const api = make();
    const seen: Snapshot[] = [];
    api.on('snapshot', (s) => seen.push(s));
    last().open();
    last().push({ type: 'event', channel: 'snapshot', payload: s1 });
    last().push({ type: 'event', channel: 'snapshot.diff', payload: diffSnapshots(s1, s2) });
    expect(seen.map((s) => s.version)).toEqual([1, 2]);
    expect(seen[1]!.offers.map((o) => o.id)).toEqual(s2.offers.map((o) => o.id));
    // A diff from 3 to 4 while we hold 2: ask for the full snapshot instead of applying it.
    const s4 = { ...s3, version: 4 };
    last().push({ type: 'event', channel: 'snapshot.diff', payload: diffSnapshots(s3, s4) });
    expect(seen).toHaveLength(2);
    expect(last().sent.map((f) => f.channel)).toEqual(['snapshot.get']);
    last().reply(0, { ok: true, value: s4 });
    return vi.waitFor(() => expect(seen.map((s) => s.version)).toEqual([1, 2, 4]));
  });

  it('snapshot.get answers go through the same checks as other results', async () => {
    const api = make();
    last().open();
    const ok = api.invoke('snapshot.get', {});
    last().reply(0, { ok: true, value: s1 });
    await expect(ok).resolves.toEqual(s1);
    const failed = api.invoke('snapshot.get', {});
    last().reply(1, { ok: false, error: { code: 'timeout', message: 'not yet', retryable: true } });
    await expect(failed).rejects.toMatchObject({ info: { code: 'timeout', message: 'not yet' } });
    const bad = api.invoke('snapshot.get', {});
    last().reply(2, { ok: true, value: { ...s1, offers: [{ id: '' }] } });
    await expect(bad).rejects.toMatchObject({ info: { code: 'bad_response' } });
    const odd = api.invoke('snapshot.get', {});
    last().reply(3, { ok: 'maybe' });
    await expect(odd).rejects.toMatchObject({ info: { code: 'bad_response' } });
  });

  it('drops event payloads outside the contract', () => {
    const api = make();
    const alerts: unknown[] = [];
    api.on('alert', (a) => alerts.push(a));
    last().open();
    last().push({ type: 'event', channel: 'alert', payload: { id: 'x' } });
    last().push('not json');
    last().push({ type: 'event', channel: 'nope', payload: {} });
    expect(alerts).toEqual([]);
  });
});

describe('WebSocketApi packed snapshots', () => {
  // As `cloudtop serve` pushes it: validated, then packed.
  const snapshot = SnapshotSchema.parse(new FakeCore({ offers: 40 }).snapshot());
  const asJson = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
  const packedFrame = (payload: unknown, extra: Record<string, unknown> = {}) => ({
    type: 'event',
    channel: 'snapshot',
    payload,
    encoding: PACKED_OFFERS_ENCODING,
    ...extra,
  });
  const listen = (api: WebSocketApi) => {
    const seen: Snapshot[] = [];
    api.on('snapshot', (s) => seen.push(s));
    return seen;
  };

  it('unpacks the pushed snapshot, then validates it: listeners see what plain JSON would give', () => {
    const api = make();
    const seen = listen(api);
    last().open();
    last().push(packedFrame(packSnapshot(snapshot)));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toStrictEqual(asJson);
    expect(JSON.stringify(seen[0])).toBe(JSON.stringify(snapshot));
    // Diffs follow as before.
    const next = { ...snapshot, version: 2, offers: [...snapshot.offers, makeOffer(99)] };
    last().push({ type: 'event', channel: 'snapshot.diff', payload: diffSnapshots(snapshot, next) });
    expect(seen.map((s) => [s.version, s.offers.length])).toEqual([
      [1, 40],
      [2, 41],
    ]);
  });

  it('does the same for a big frame that came on the early socket before the app', async () => {
    const big = SnapshotSchema.parse(new FakeCore({ offers: 3000 }).snapshot());
    const text = JSON.stringify(packedFrame(packSnapshot(big)));
    expect(text.length).toBeGreaterThan(100_000);
    const raw = new FakeSocket('ws://early');
    const early = new EarlySocket(raw);
    raw.open();
    raw.onmessage?.({ data: text });
    const adopter = new WebSocketApi({ url: 'ws://x/ws', createSocket: () => early.adopt() });
    const seenEarly = listen(adopter);
    await new Promise<void>((ok) => queueMicrotask(ok));
    expect(seenEarly).toHaveLength(1);
    expect(seenEarly[0]).toStrictEqual(JSON.parse(JSON.stringify(big)));
    adopter.close();
  });

  it('drops a malformed packed snapshot like any snapshot outside the contract, and carries on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const api = make();
    const seen = listen(api);
    last().open();
    const good = packSnapshot(snapshot);
    const zeros = Array<number>(39).fill(0);
    const broken: unknown[] = [
      { ...good, offers: { ...good.offers, version: 99 } },
      { ...good, offers: { ...good.offers, count: 41 } },
      {
        ...good,
        offers: {
          ...good.offers,
          columns: { ...good.offers.columns, provider: { dict: ['vastai'], idx: [7, ...zeros] } },
        },
      },
      { ...good, offers: snapshot.offers }, // plain offers under the packed encoding
      { ...good, offers: null },
      'not a snapshot',
      null,
    ];
    for (const payload of broken) last().push(packedFrame(payload));
    // An encoding this page does not know, or on a channel that is never packed.
    last().push(packedFrame(good, { encoding: 'packed-offers-v9' }));
    last().push(packedFrame({ id: 'x' }, { channel: 'alert' }));
    expect(seen).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(broken.length + 2);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /^cloudtop: dropped a snapshot event outside the contract \(packed offers: version 99 is not 3/,
    );
    expect(String(warn.mock.calls[2]![0])).toMatch(/column "provider": row 0: index 7 is out of range/);
    expect(String(warn.mock.calls[broken.length]![0])).toMatch(/unknown encoding "packed-offers-v9" for snapshot/);
    last().push(packedFrame(good));
    expect(seen).toEqual([asJson]);
    warn.mockRestore();
  });

  it('still validates what unpacks well: a packed offer outside the contract drops the snapshot', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const api = make();
    const seen = listen(api);
    last().open();
    const bad: GpuOffer[] = [
      { ...snapshot.offers[0]!, provider: 'evil' as GpuOffer['provider'] },
      { ...snapshot.offers[0]!, price: { ...snapshot.offers[0]!.price, perHour: -1 } },
      { ...snapshot.offers[0]!, consoleUrl: 'not a url' },
    ];
    for (const offer of bad) last().push(packedFrame(packSnapshot({ ...snapshot, offers: [offer] })));
    last().push(packedFrame({ ...packSnapshot(snapshot), version: -1 }));
    expect(seen).toEqual([]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(
      Array(4).fill('cloudtop: dropped a snapshot event outside the contract'),
    );
    warn.mockRestore();
  });
});

describe('socketUrlFor', () => {
  it('builds the same-origin socket URL with the page token', () => {
    expect(socketUrlFor({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=ab-_c&x=1' })).toBe(
      'ws://127.0.0.1:5000/ws?token=ab-_c&first=preview',
    );
    expect(socketUrlFor({ protocol: 'https:', host: 'h:1', search: '' })).toBe('wss://h:1/ws?first=preview');
  });
});

describe('WebSocketApi preview and subscribe', () => {
  const snapshot = SnapshotSchema.parse(new FakeCore({ offers: 40 }).snapshot());
  const preview = previewOf(snapshot);
  const packedFrame = (payload: unknown) => ({
    type: 'event',
    channel: 'snapshot',
    payload,
    encoding: PACKED_OFFERS_ENCODING,
  });

  it('hands on the preview sent on connect, and drops one outside the contract', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const api = make();
    const seen: unknown[] = [];
    api.onPreview((p) => seen.push(p));
    last().open();
    last().push({ type: 'preview', payload: { ...preview, offerCount: -1 } });
    last().push({ type: 'preview', payload: { ...preview, groups: { all: [{ model: 'H100' }], sellable: [] } } });
    expect(seen).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]![0])).toBe('cloudtop: dropped a snapshot preview outside the contract');
    last().push({ type: 'preview', payload: preview });
    expect(seen).toEqual([JSON.parse(JSON.stringify(preview))]);
    warn.mockRestore();
  });

  it('subscribes with a frame of its own; the snapshot comes before the answer', async () => {
    const api = make();
    const seen: Snapshot[] = [];
    api.on('snapshot', (s) => seen.push(s));
    const done = api.subscribe();
    expect(last().sent).toEqual([]); // not before the socket is open
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', id: expect.any(Number) }]);
    last().push(packedFrame(packSnapshot(snapshot)));
    last().reply(0, { ok: true, value: { version: snapshot.version } });
    await expect(done).resolves.toBeUndefined();
    expect(seen.map((s) => s.offers.length)).toEqual([40]);
  });

  it('an answer outside the contract, or an error, rejects the subscribe', async () => {
    const api = make();
    last().open();
    const a = api.subscribe();
    last().reply(0, { ok: true, value: { version: 'one' } });
    await expect(a).rejects.toMatchObject({ info: { code: 'bad_response' } });
    const b = api.subscribe();
    last().reply(1, { ok: false, error: { code: 'bad_response', message: 'no', retryable: true } });
    await expect(b).rejects.toBeInstanceOf(CloudtopApiError);
  });

  it('subscribes again by itself after a reconnect, once subscribed at all', async () => {
    const api = make();
    last().open();
    void api.subscribe();
    last().reply(0, { ok: true, value: { version: 1 } });
    last().close(); // dropped: a new socket after the backoff
    await vi.advanceTimersByTimeAsync(1000);
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', id: expect.any(Number) }]);

    // Never subscribed: a reconnect sends nothing of its own.
    const quiet = make();
    last().open();
    last().close();
    await vi.advanceTimersByTimeAsync(1000);
    last().open();
    expect(last().sent).toEqual([]);
    quiet.close();
    api.close();
  });

  it('a subscribe asked for while disconnected goes out once, not twice', async () => {
    const api = make();
    last().open();
    void api.subscribe().catch(() => undefined);
    last().close(); // lost with its answer: rejected, and subscribed again on reconnect
    await vi.advanceTimersByTimeAsync(1000);
    void api.subscribe().catch(() => undefined); // asked again while still disconnected
    last().open();
    expect(last().sent.filter((f) => (f as { type?: string }).type === 'subscribe')).toHaveLength(1);
    api.close();
  });
});
