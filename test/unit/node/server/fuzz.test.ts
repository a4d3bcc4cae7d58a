import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FakeCore } from '../../../helpers/fake-core';
import { startServer, type RunningServer } from '../../../../src/node/server';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../src/shared/ipc/contract';
import { ErrorInfoSchema } from '../../../../src/shared/model';
import { Client, makeStaticDir } from './harness';

let core: FakeCore;
let server: RunningServer;
beforeAll(async () => {
  core = new FakeCore({ offers: 5 });
  server = await startServer({ core, staticDir: makeStaticDir(), version: 't' });
});
afterAll(() => server.close());

/** Raw frames: junk text, arbitrary JSON, well-formed invokes with arbitrary payloads, and subscribes. */
const frames = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc
    .record({
      type: fc.constantFrom('invoke', 'subscribe', 'result', 'event', 'preview', 'x'),
      id: fc.oneof(fc.integer({ min: -5, max: 1e9 }), fc.double(), fc.string({ maxLength: 5 })),
      channel: fc.oneof(fc.constantFrom(...INVOKE_CHANNELS), fc.string({ maxLength: 20 })),
      payload: fc.anything({ maxDepth: 3 }),
    })
    .map((f) => JSON.stringify(f)),
  fc
    .record({ channel: fc.constantFrom(...INVOKE_CHANNELS), payload: fc.jsonValue({ maxDepth: 3 }) })
    .map(({ channel, payload }) => JSON.stringify({ type: 'invoke', id: 1, channel, payload })),
);

describe('malformed frames', () => {
  it('answers every one of ~1000 random frames with one well-formed result and keeps serving', async () => {
    const samples = fc.sample(frames, { numRuns: 1000, seed: 4242 });
    // As the page connects: the preview first, pushes once a subscribe frame gets through.
    const c = await Client.connect(server.port, {
      token: server.token,
      origin: `http://127.0.0.1:${server.port}`,
      query: 'first=preview',
    });
    for (const s of samples) c.ws.send(s);
    // Results come back in any order; wait for exactly one per frame.
    await c.wait(() => c.frames.filter((f) => f.type === 'result').length >= samples.length, 20_000);
    const results = c.frames.filter((f) => f.type === 'result');
    expect(results).toHaveLength(samples.length);
    for (const r of results) {
      expect(typeof r.id).toBe('number');
      if (!r.result?.ok) expect(ErrorInfoSchema.safeParse(r.result?.error).success).toBe(true);
    }
    expect(results.filter((r) => !r.result?.ok).length).toBeGreaterThan(500);
    // Only contract frames came back: the preview, results, and events (the snapshot each
    // subscribe pushed, settings.changed after a settings.update that got through).
    expect(c.frames[0]?.type).toBe('preview');
    const kinds = new Set(c.frames.map((f) => (f.type === 'event' ? f.channel : f.type)));
    expect(kinds).toContain('snapshot');
    for (const k of kinds) expect(['preview', 'result', ...EVENT_CHANNELS]).toContain(k);
    // Still alive and correct afterwards, on this socket and a new one.
    const after = await c.invoke('app.info');
    expect(after, JSON.stringify(after)).toMatchObject({ ok: true });
    await c.close();
    const d = await Client.connect(server.port, { token: server.token, origin: `http://127.0.0.1:${server.port}` });
    expect(await d.invoke('snapshot.get')).toMatchObject({ ok: true });
    await d.close();
  });
});
