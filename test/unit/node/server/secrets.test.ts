import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCore } from '../../../helpers/fake-core';
import { startServer, type RunningServer } from '../../../../src/node/server';
import { Client, makeStaticDir, raw } from './harness';

const PLANTED = 'sk-PLANTED-d41d8cd98f00b204e9800998ecf8427e';
const PEM = `-----BEGIN PRIVATE KEY-----\nPLANTEDPEMBODY0123456789abcdef\n-----END PRIVATE KEY-----`;

let core: FakeCore;
let server: RunningServer;
beforeAll(async () => {
  core = new FakeCore({ offers: 5 });
  server = await startServer({ core, staticDir: makeStaticDir(), version: 't' });
});
afterAll(() => server.close());

describe('secrets never leave', () => {
  it('a credential set through the socket appears in no frame and no HTTP response', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const setter = await Client.connect(server.port, { token: server.token, origin });
    const watcher = await Client.connect(server.port, { token: server.token, origin });

    const set = await setter.invoke('credentials.set', { provider: 'vastai', values: { apiKey: PLANTED } });
    expect(set).toMatchObject({
      ok: true,
      value: { configured: true, fields: [{ name: 'apiKey', configured: true }] },
    });
    await setter.invoke('credentials.set', { provider: 'oci', values: { privateKey: PEM, tenancy: 'ocid1.tenancy' } });
    expect(core.secrets.get('vastai/default')?.apiKey).toBe(PLANTED);

    // Everything that could echo a value back: status, test, errors about bad payloads.
    await setter.invoke('credentials.status', { provider: 'vastai' });
    await setter.invoke('credentials.status', { provider: 'oci' });
    await setter.invoke('credentials.test', { provider: 'vastai' });
    await setter.invoke('credentials.test', { provider: 'vastai', values: { apiKey: `${PLANTED}bad` } });
    await setter.invoke('credentials.set', { provider: 'vastai', values: { [PLANTED.replace(/-/g, '')]: 'x' } });
    await setter.invoke('credentials.set', { provider: 'vastai', values: { apiKey: PLANTED.repeat(500) } });
    await setter.invoke('credentials.set', { provider: 'nope', values: { apiKey: PLANTED } });
    await setter.invoke('credentials.set', { provider: 'vastai', values: { unknownField: PLANTED } });
    await setter.invoke('snapshot.get');
    await setter.invoke('settings.get');
    await setter.invoke('providers.list');
    await core.refresh();
    await watcher.wait((f) => f.channel === 'snapshot.diff');

    const http = await Promise.all(
      ['/', '/metrics', '/healthz', '/assets/app.js'].map((p) =>
        raw(server.port, p, { authorization: `Bearer ${server.token}` }),
      ),
    );
    const everything = [
      ...setter.rawFrames,
      ...watcher.rawFrames,
      ...http.map((r) => r.body + JSON.stringify(r.headers)),
    ].join('\n');
    expect(setter.rawFrames.length).toBeGreaterThan(10);
    for (const needle of [PLANTED, PLANTED.replace(/-/g, ''), 'PLANTEDPEMBODY', 'BEGIN PRIVATE KEY']) {
      expect(everything).not.toContain(needle);
    }
    // The hint is what the UI is allowed to see.
    expect(everything).toContain('…427e');
    await Promise.all([setter.close(), watcher.close()]);
  });
});
