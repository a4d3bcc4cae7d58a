import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketApi, socketUrlFor, type SocketLike } from '../../../../src/renderer/api/ws-api';
import { CloudtopApiError } from '../../../../src/shared/ipc/contract';
import type { Snapshot } from '../../../../src/shared/model';
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

describe('socketUrlFor', () => {
  it('builds the same-origin socket URL with the page token', () => {
    expect(socketUrlFor({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=ab-_c&x=1' })).toBe(
      'ws://127.0.0.1:5000/ws?token=ab-_c',
    );
    expect(socketUrlFor({ protocol: 'https:', host: 'h:1', search: '' })).toBe('wss://h:1/ws');
  });
});
