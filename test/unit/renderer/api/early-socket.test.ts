import { describe, expect, it, vi } from 'vitest';
import { EarlySocket, socketUrlFor } from '../../../../src/renderer/api/early-socket';
import { WebSocketApi, type SocketLike } from '../../../../src/renderer/api/ws-api';
import type { Snapshot } from '../../../../src/shared/model';
import { FakeCore } from '../../../helpers/fake-core';
import { PACKED_OFFERS_ENCODING, packSnapshot } from '../../../../src/shared/snapshot/wire';
import { previewOf } from '../../../../src/shared/snapshot/preview';

class RawSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  message(data: string) {
    this.onmessage?.({ data });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

const flush = () => new Promise<void>((ok) => queueMicrotask(ok));

describe('EarlySocket', () => {
  it('tells the entry script when the handshake is through, failed, or took too long', async () => {
    const opened = new RawSocket();
    const a = new EarlySocket(opened);
    let settled = false;
    void a.whenSettled(60_000).then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    opened.open();
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(true);

    const refused = new RawSocket();
    const b = new EarlySocket(refused);
    const waiting = b.whenSettled(60_000);
    refused.drop();
    await waiting;

    const t0 = Date.now();
    await new EarlySocket(new RawSocket()).whenSettled(30); // never opens: the cap lets the app start
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('keeps what arrives before it is adopted and replays it in order afterwards', async () => {
    const raw = new RawSocket();
    const early = new EarlySocket(raw);
    raw.open();
    raw.message('{"a":1}');
    raw.message('small');
    expect(early.readyState).toBe(0); // the adopter has not seen `open` yet
    expect(early.available).toBe(true);

    const seen: string[] = [];
    const adopted = early.adopt();
    adopted.onopen = () => seen.push(`open:${adopted.readyState}`);
    adopted.onmessage = (e) => seen.push(`message:${String(e.data)}`);
    expect(early.available).toBe(false);
    expect(seen).toEqual([]); // replayed only once the adopting code has run to its end
    await flush();
    expect(seen).toEqual(['open:1', 'message:{"a":1}', 'message:small']);

    raw.message('live');
    expect(seen.at(-1)).toBe('message:live');
    adopted.send('x');
    expect(raw.sent).toEqual(['x']);
  });

  it('passes frames on as they came, big ones too (the app parses them)', async () => {
    const raw = new RawSocket();
    const early = new EarlySocket(raw);
    const big = JSON.stringify({ pad: 'x'.repeat(200_000) });
    raw.open();
    raw.message(big);
    raw.message('{"not":"big"}');
    const data: unknown[] = [];
    early.adopt().onmessage = (e) => data.push(e.data);
    await flush();
    expect(data).toEqual([big, '{"not":"big"}']);
  });

  it('hands WebSocketApi the preview the server sent on connect', async () => {
    const preview = previewOf(new FakeCore({ offers: 50 }).snapshot());
    const raw = new RawSocket();
    const early = new EarlySocket(raw);
    raw.open();
    raw.message(JSON.stringify({ type: 'preview', payload: preview }));
    const api = new WebSocketApi({ url: 'ws://x/ws', createSocket: () => early.adopt() });
    const seen: unknown[] = [];
    api.onPreview((p) => seen.push(p));
    await flush();
    expect(seen).toEqual([JSON.parse(JSON.stringify(preview))]);
    api.close();
  });

  it('is not offered as a first connection once it has closed', () => {
    const raw = new RawSocket();
    const early = new EarlySocket(raw);
    raw.drop();
    expect(early.available).toBe(false);
  });

  it('hands WebSocketApi the pushed snapshot as if it had opened the socket itself', async () => {
    const snapshot: Snapshot = new FakeCore({ offers: 20 }).snapshot();
    const raw = new RawSocket();
    const early = new EarlySocket(raw);
    raw.open();
    raw.message(JSON.stringify({ type: 'event', channel: 'snapshot', payload: snapshot }));

    const createSocket = vi.fn(() => early.adopt());
    const api = new WebSocketApi({ url: 'ws://x/ws', createSocket });
    const seen: Snapshot[] = [];
    api.on('snapshot', (s) => seen.push(s));
    const info = api.invoke('app.info', {});
    expect(raw.sent).toEqual([]); // not before the replayed `open`
    await flush();
    expect(api.connection).toBe('open');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(snapshot);
    expect(JSON.parse(raw.sent[0]!)).toMatchObject({ channel: 'app.info' });
    raw.message(
      JSON.stringify({
        type: 'result',
        id: JSON.parse(raw.sent[0]!).id,
        result: {
          ok: true,
          value: { version: '1', mode: 'browser', demo: true, secretStorage: 'keychain', platform: 'linux' },
        },
      }),
    );
    await expect(info).resolves.toMatchObject({ mode: 'browser' });
    expect(createSocket).toHaveBeenCalledTimes(1);
    api.close();
  });

  /**
   * A frame that arrived on the early socket before the app adopted it, then a WebSocketApi on
   * that socket: the snapshots it delivers.
   */
  const deliveredAhead = async (frame: string) => {
    const raw = new RawSocket();
    const early = new EarlySocket(raw);
    raw.open();
    raw.message(frame);
    const api = new WebSocketApi({ url: 'ws://x/ws', createSocket: () => early.adopt() });
    const seen: unknown[] = [];
    api.on('snapshot', (s) => seen.push(s));
    await flush();
    return { api, seen };
  };

  it('a snapshot that came before the app is still checked against the contract', async () => {
    const bad = { type: 'event', channel: 'snapshot', payload: { version: -1, pad: 'x'.repeat(200_000) } };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { api, seen } = await deliveredAhead(JSON.stringify(bad));
    expect(seen).toEqual([]);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    api.close();
  });

  /** A `snapshot` event frame carrying packed offers, as `cloudtop serve` sends it. */
  const packedSnapshotFrame = (payload: unknown) =>
    JSON.stringify({ type: 'event', channel: 'snapshot', payload, encoding: PACKED_OFFERS_ENCODING });

  it('a packed snapshot that came before the app is delivered unpacked and validated', async () => {
    const snapshot: Snapshot = new FakeCore({ offers: 2000 }).snapshot();
    const { api, seen } = await deliveredAhead(packedSnapshotFrame(packSnapshot(snapshot)));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(snapshot);
    api.close();
  });

  it('a packed snapshot that does not unpack is dropped with the reason', async () => {
    const snapshot: Snapshot = new FakeCore({ offers: 2000 }).snapshot();
    const packed = packSnapshot(snapshot);
    (packed.offers.columns as Record<string, unknown>).id = ['short'];
    const frame = packedSnapshotFrame(packed);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { api, seen } = await deliveredAhead(frame);
    expect(seen).toEqual([]);
    expect(String(warn.mock.calls[0]?.[0])).toContain('column "id"');
    warn.mockRestore();
    api.close();
  });

  it('uses the page token for the socket URL, and asks for the preview first', () => {
    expect(socketUrlFor({ protocol: 'http:', host: 'h:1', search: '?token=t' })).toBe(
      'ws://h:1/ws?token=t&first=preview',
    );
  });
});
