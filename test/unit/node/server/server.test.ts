import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeCore, makeOffer } from '../../../helpers/fake-core';
import { startServer, type RunningServer } from '../../../../src/node/server';
import { SnapshotDiffSchema, SnapshotSchema } from '../../../../src/shared/model';
import { Client, OUTSIDE_SECRET, makeStaticDir, payloadOf, raw } from './harness';

let core: FakeCore;
let server: RunningServer;
let origin: string;
const clients: Client[] = [];
const connect = async (opts: Parameters<typeof Client.connect>[1] = {}) => {
  const c = await Client.connect(server.port, { token: server.token, origin, ...opts });
  clients.push(c);
  return c;
};

beforeEach(async () => {
  core = new FakeCore({ offers: 50 });
  server = await startServer({ core, staticDir: makeStaticDir(), version: '0.0.0-test' });
  origin = `http://127.0.0.1:${server.port}`;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('HTTP access', () => {
  it('binds loopback by default and prints a URL carrying a 32-byte token', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.warning).toBeUndefined();
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('refuses requests without the token (401) or with a wrong one (403)', async () => {
    expect((await raw(server.port, '/')).status).toBe(401);
    expect((await raw(server.port, '/assets/app.js')).status).toBe(401);
    expect((await raw(server.port, '/metrics')).status).toBe(401);
    expect((await raw(server.port, '/?token=nope')).status).toBe(403);
    expect((await raw(server.port, '/', { cookie: `cloudtop_token_${server.port}=nope` })).status).toBe(403);
  });

  it('accepts the token once in the query, then as an HttpOnly SameSite=Strict cookie', async () => {
    const first = await raw(server.port, `/?token=${server.token}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<title>cloudtop</title>');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`cloudtop_token_${server.port}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(first.headers['content-security-policy']).toContain("script-src 'self'");
    expect(first.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(first.headers['referrer-policy']).toBe('no-referrer');

    const asset = await raw(server.port, '/assets/app.js', { cookie: `cloudtop_token_${server.port}=${server.token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['set-cookie']).toBeUndefined();
    const css = await raw(server.port, '/assets/app.css', { authorization: `Bearer ${server.token}` });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    for (const host of [
      'evil.example:80',
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      'localhost',
    ]) {
      const r = await raw(server.port, `/?token=${server.token}`, { host });
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain('cloudtop</title>');
    }
    expect((await raw(server.port, '/healthz', { host: 'evil.example' })).status).toBe(403);
    expect((await raw(server.port, `/?token=${server.token}`, { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses cross-origin requests and anything but GET/HEAD', async () => {
    const r = await raw(server.port, `/?token=${server.token}`, { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect((await raw(server.port, `/?token=${server.token}`, {}, 'POST')).status).toBe(405);
  });

  it('/healthz needs no token and says nothing about the data', async () => {
    const r = await raw(server.port, '/healthz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: 'ok' });
  });

  it('never serves a file outside the renderer folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%00/../secret.txt',
      '/assets/link.txt',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/.env',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const r = await raw(server.port, path, { authorization: `Bearer ${server.token}` });
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain(OUTSIDE_SECRET);
      expect(r.body, path).not.toContain('root:');
    }
  });
});

describe('WebSocket access', () => {
  it('pushes the snapshot on connect', async () => {
    const c = await connect();
    const f = await c.wait((x) => x.type === 'event' && x.channel === 'snapshot');
    expect(f.encoding).toBe('packed-offers');
    expect(SnapshotSchema.parse(payloadOf(f)).offers).toHaveLength(50);
  });

  it('refuses a socket from another origin, without Origin, without token or with a foreign Host', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ origin: `http://127.0.0.1:${server.port + 1}` })).rejects.toThrow(/403/);
    await expect(connect({ origin: 'null' })).rejects.toThrow(/403/);
    await expect(connect({ origin: undefined as unknown as string })).rejects.toThrow(/403/);
    await expect(connect({ token: undefined as unknown as string })).rejects.toThrow(/401/);
    await expect(connect({ token: 'x'.repeat(43) })).rejects.toThrow(/403/);
    await expect(connect({ host: `rebind.example:${server.port}` })).rejects.toThrow(/403/);
  });

  it('accepts the cookie instead of the query token', async () => {
    const c = await connect({
      token: undefined as unknown as string,
      cookie: `cloudtop_token_${server.port}=${server.token}`,
    });
    expect((await c.invoke('app.info')).ok).toBe(true);
  });
});

describe('contract over the socket', () => {
  it('answers each channel through the core, validated', async () => {
    const c = await connect();
    const info = await c.invoke('app.info');
    expect(info).toMatchObject({
      ok: true,
      value: { mode: 'browser', version: '0.0.0-test', secretStorage: 'keychain' },
    });
    const providers = await c.invoke('providers.list');
    expect(providers.ok && (providers.value as unknown[]).length).toBe(6);
    const saved = await c.invoke('watches.save', { name: 'cheap H100', filter: { gpu: ['H100'] } });
    expect(saved).toMatchObject({ ok: true, value: { name: 'cheap H100', enabled: true } });
    expect(core.watches.list()).toHaveLength(1);
    expect(await c.invoke('app.openExternal', { url: 'https://cloud.vast.ai/' })).toEqual({
      ok: true,
      value: { opened: false },
    });
    const missing = await c.invoke('watches.snooze', { id: 'nope', until: null });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('turns invalid requests into errors, not crashes', async () => {
    const c = await connect();
    expect(await c.invoke('watches.delete', { id: 42 })).toMatchObject({ ok: false, error: { code: 'config' } });
    expect(await c.invoke('refresh', { providers: ['nope'] })).toMatchObject({ ok: false });
    c.ws.send('not json');
    expect((await c.wait((f) => f.type === 'result' && f.id === -1)).result?.ok).toBe(false);
    c.ws.send(JSON.stringify({ type: 'invoke', id: 99, channel: 'shell.exec', payload: {} }));
    expect((await c.wait((f) => f.type === 'result' && f.id === 99)).result?.ok).toBe(false);
    expect((await c.invoke('app.info')).ok).toBe(true);
  });

  it('pushes a diff for a small change and the full snapshot for a large one', async () => {
    const c = await connect();
    await c.wait((f) => f.channel === 'snapshot');
    core.addOffers([makeOffer(10_001)]);
    const d = SnapshotDiffSchema.parse((await c.wait((f) => f.channel === 'snapshot.diff')).payload);
    expect(d).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(d.offers.added.map((o) => o.id)).toEqual([makeOffer(10_001).id]);

    core.update((s) => ({ ...s, offers: Array.from({ length: 80 }, (_, i) => makeOffer(20_000 + i)) }));
    const full = await c.wait((f) => f.channel === 'snapshot' && (f.payload as { version: number }).version === 3);
    expect(SnapshotSchema.parse(payloadOf(full)).offers).toHaveLength(80);
  });

  it('broadcasts alerts and settings changes to every open page', async () => {
    const a = await connect();
    const b = await connect();
    await a.invoke('watches.save', { name: 'any 4090', filter: { gpu: ['RTX-4090'] } });
    core.addOffers([makeOffer(30_000, { model: 'RTX-4090', perGpuHour: 0.1 })]);
    const alert = await b.wait((f) => f.channel === 'alert');
    expect(alert.payload).toMatchObject({ watchName: 'any 4090', kind: 'appeared' });

    await a.invoke('settings.update', { theme: 'dark' });
    const changed = await b.wait((f) => f.channel === 'settings.changed');
    expect(changed.payload).toMatchObject({ settings: { theme: 'dark' } });
  });

  it('a partial settings patch changes only what it names', async () => {
    const c = await connect();
    await c.invoke('settings.update', { theme: 'dark', notifications: { maxPer10Min: 9 } });
    const after = await c.invoke('settings.update', { ui: { offersView: 'table' } });
    expect(after).toMatchObject({
      ok: true,
      value: { settings: { theme: 'dark', notifications: { maxPer10Min: 9 }, ui: { offersView: 'table' } } },
    });
    const poll = await c.invoke('settings.update', { providers: { vastai: { pollSeconds: 30 } } });
    expect(poll).toMatchObject({
      ok: true,
      value: { settings: { providers: { vastai: { pollSeconds: 30, enabled: true } } } },
    });
  });

  it('closes sockets when the server closes', async () => {
    const c = await connect();
    const closed = new Promise((ok) => c.ws.once('close', ok));
    await server.close();
    await closed;
    expect(c.ws.readyState).toBe(WebSocket.CLOSED);
    server = await startServer({ core, staticDir: makeStaticDir(), version: 't' });
  });
});

describe('binding', () => {
  it('warns when bound beyond loopback', async () => {
    const wide = await startServer({ core, host: '0.0.0.0', staticDir: makeStaticDir(), version: 't' });
    try {
      expect(wide.warning).toMatch(/0\.0\.0\.0/);
      expect(wide.url.startsWith('http://127.0.0.1:')).toBe(true);
    } finally {
      await wide.close();
    }
  });
});
