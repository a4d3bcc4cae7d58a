import { describe, expect, it } from 'vitest';
import { FakeCore, makeOffer } from '../../../helpers/fake-core';
import { SnapshotSchema } from '../../../../src/shared/model';
import { payloadOf, serverForFile, viaJson } from './harness';

const core = new FakeCore({ offers: 10_000 });
const { connect } = serverForFile(core);

describe('the full snapshot pushed on connect', () => {
  it('is under a third of the plain JSON frame and carries exactly the same snapshot', async () => {
    const c = await connect();
    const f = await c.wait((x) => x.channel === 'snapshot');
    const text = c.rawFrames[c.frames.indexOf(f)]!;
    // What the server sent before packing: the contract's output as JSON.
    const validated = SnapshotSchema.parse(core.snapshot());
    const plain = JSON.stringify({ type: 'event', channel: 'snapshot', payload: validated });
    expect(text.length).toBeLessThan(plain.length / 3);
    expect(f.encoding).toBe('packed-offers');
    expect(JSON.stringify(payloadOf(f))).toBe(JSON.stringify(validated));
    expect(payloadOf(f)).toStrictEqual(viaJson(validated));
    // A reader that does not know the encoding finds no offers array, so it cannot take the frame
    // for a snapshot without offers.
    expect(SnapshotSchema.safeParse(f.payload).success).toBe(false);
  });

  it('is built once per version for every page, and re-sent packed when a diff would be too large', async () => {
    const a = await connect();
    const b = await connect();
    const fa = await a.wait((x) => x.channel === 'snapshot');
    await b.wait((x) => x.channel === 'snapshot');
    expect(a.rawFrames[a.frames.indexOf(fa)]).toBe(b.rawFrames[0]);

    core.update((s) => ({ ...s, offers: Array.from({ length: 300 }, (_, i) => makeOffer(50_000 + i)) }));
    const full = await a.wait((x) => x.channel === 'snapshot' && x !== fa);
    expect(full.encoding).toBe('packed-offers');
    expect(payloadOf(full)).toStrictEqual(viaJson(SnapshotSchema.parse(core.snapshot())));
  });

  it('leaves diffs and snapshot.get answers plain', async () => {
    const c = await connect();
    await c.wait((x) => x.channel === 'snapshot');
    core.addOffers([makeOffer(60_000)]);
    const diff = await c.wait((x) => x.channel === 'snapshot.diff');
    expect(diff.encoding).toBeUndefined();
    const got = await c.invoke('snapshot.get');
    expect(got.ok).toBe(true);
    expect(SnapshotSchema.parse(got.value).offers).toHaveLength(core.snapshot().offers.length);
    expect(c.rawFrames.some((t) => t.startsWith('{"type":"result"') && t.includes('"encoding"'))).toBe(false);
  });
});
