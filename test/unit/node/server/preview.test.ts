/**
 * The snapshot preview (shared/snapshot/preview.ts) over a real `cloudtop serve` socket: what a page
 * that asks for it (`/ws?first=preview`, as the page does) gets on connect, and the pushes it starts
 * with a `subscribe` frame.
 */
import { describe, expect, it } from 'vitest';
import { FakeCore, makeOffer } from '../../../helpers/fake-core';
import { SnapshotSchema } from '../../../../src/shared/model';
import { groupByModel } from '../../../../src/shared/offers';
import { SnapshotPreviewSchema, previewOf } from '../../../../src/shared/snapshot/preview';
import { payloadOf, serverForFile, viaJson } from './harness';

const core = new FakeCore({ offers: 10_000 });
const { connect } = serverForFile(core);

describe('a page that asks for the preview first (/ws?first=preview)', () => {
  it('gets the preview on connect: the per-model groups, counts and statuses, in a few KB', async () => {
    const c = await connect('first=preview');
    const f = await c.wait(() => true);
    expect(f.type).toBe('preview');
    const text = c.rawFrames[0]!;
    expect(text.length).toBeLessThan(40_000); // the full snapshot's packed frame is ~700 KB
    const preview = SnapshotPreviewSchema.parse(f.payload);
    const snapshot = SnapshotSchema.parse(core.snapshot());
    expect(preview).toStrictEqual(viaJson(previewOf(snapshot)));
    expect(preview.offerCount).toBe(10_000);
    expect(preview.groups.all).toStrictEqual(viaJson(groupByModel(snapshot.offers)));
    // "Hide unavailable": the models with an offer in any state but none.
    const sellable = snapshot.offers.filter((o) => o.availability.state !== 'none');
    expect(preview.groups.sellable).toStrictEqual(viaJson(groupByModel(sellable)));
    expect(preview.providers).toStrictEqual(viaJson(snapshot.providers));
  });

  it('gets no pushes until it subscribes; then the full snapshot, the answer, and diffs', async () => {
    const c = await connect('first=preview');
    await c.wait((x) => x.type === 'preview');
    core.addOffers([makeOffer(70_000)]);
    // The other, subscribed page gets its diff; this one nothing.
    const other = await connect();
    await other.wait((x) => x.channel === 'snapshot');
    core.addOffers([makeOffer(70_001)]);
    await other.wait((x) => x.channel === 'snapshot.diff');
    expect(c.frames.map((x) => x.type)).toEqual(['preview']);

    const result = await c.subscribe();
    expect(result).toEqual({ ok: true, value: { version: core.snapshot().version } });
    expect(c.frames.map((x) => x.channel ?? x.type)).toEqual(['preview', 'snapshot', 'result']);
    const full = c.frames[1]!;
    expect(full.encoding).toBe('packed-offers');
    expect(payloadOf(full)).toStrictEqual(viaJson(SnapshotSchema.parse(core.snapshot())));

    core.addOffers([makeOffer(70_002)]);
    const diff = await c.wait((x) => x.channel === 'snapshot.diff');
    expect(diff.payload).toMatchObject({ toVersion: core.snapshot().version });
  });

  it('answers a subscribe frame outside the contract like any other bad frame', async () => {
    const c = await connect('first=preview');
    c.ws.send(JSON.stringify({ type: 'subscribe', id: 'one' }));
    const f = await c.wait((x) => x.type === 'result');
    expect(f.id).toBe(-1);
    expect(f.result?.error?.code).toBe('config');
  });
});
