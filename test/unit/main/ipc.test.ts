import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ipcMain, resetElectronMock } from '../../mocks/electron';
import { INVOKE_CHANNELS, invokeChannels, type InvokeChannel } from '../../../src/shared/ipc/contract';
import { createHandlers, registerHandlers, type MainHandlers } from '../../../src/main/ipc/handlers';
import { FORBIDDEN, runSecure, secureHandle, type IpcMainLike } from '../../../src/main/ipc/secure-handle';
import { TrustedSenders, type SenderLike } from '../../../src/main/ipc/sender';
import { INVOKE_PREFIX, ipcInvokeName } from '../../../src/main/ipc/channels';
import { FakeCore } from '../../helpers/fake-core';

const PLANTED = 'ct-planted-SECRET-9f8e7d6c5b4a';
const WC_ID = 7;

const good = (url = 'app://cloudtop/index.html'): SenderLike => ({
  sender: { id: WC_ID },
  senderFrame: { url, parent: null },
});

/** A valid request per channel (the fixture set that must never be refused). */
const VALID: { [C in InvokeChannel]: unknown[] } = {
  'app.info': [{}, undefined],
  'snapshot.get': [{}],
  refresh: [{}, { providers: ['vastai', 'runpod'] }],
  'providers.list': [{}],
  'credentials.status': [{ provider: 'vastai' }, { provider: 'neon', account: 'work' }],
  'credentials.set': [{ provider: 'vastai', account: 'default', values: { apiKey: PLANTED } }],
  'credentials.delete': [{ provider: 'runpod', account: 'default' }],
  'credentials.test': [
    { provider: 'vastai', account: 'default' },
    { provider: 'vastai', account: 'default', values: { apiKey: PLANTED } },
  ],
  'watches.list': [{}],
  'watches.save': [{ name: 'H100 cheap', filter: { gpu: ['H100'], maxPricePerGpuHour: 3 } }],
  'watches.delete': [{ id: 'w-1' }],
  'watches.snooze': [{ id: 'missing', until: null }],
  'alerts.history': [{}],
  'settings.get': [{}],
  'settings.update': [{ theme: 'dark' }, { notifications: { maxPer10Min: 3 } }, {}],
  'notifications.pause': [{ until: '2026-03-10T13:00:00.000Z' }, { until: null }],
  'app.openExternal': [{ url: 'https://cloud.vast.ai/create/' }, { url: 'https://evil.tld/' }],
  'channels.list': [{}],
  'channels.save': [{ name: 'team-hook', target: `webhook:https://example.com/hooks/${PLANTED}` }],
  'channels.delete': [{ name: 'team-hook' }],
  'channels.test': [{ name: 'missing' }],
  'history.report': [{ gpu: 'H100' }, { gpu: 'H100', providers: ['runpod'], count: 8, sinceMs: 86_400_000 }],
  'history.trends': [{ models: ['H100-SXM', 'A100-80GB'] }, { models: [], days: 30, tzOffsetMinutes: 60 }],
};

interface Harness {
  core: FakeCore;
  handlers: MainHandlers;
  calls: Map<InvokeChannel, number>;
  opened: string[];
  senders: TrustedSenders;
}

function harness(): Harness {
  const core = new FakeCore({ offers: 20 });
  const opened: string[] = [];
  const base = createHandlers({
    core,
    appInfo: () => ({ version: '0.1.0', mode: 'desktop', demo: false, secretStorage: 'keychain', platform: 'linux' }),
    openExternal: async (u) => {
      const ok = u.startsWith('https://cloud.vast.ai/');
      if (ok) opened.push(u);
      return ok;
    },
    onSettingsChanged: () => {},
  });
  const calls = new Map<InvokeChannel, number>();
  // Counts what reached a handler: an invalid request must never get this far.
  const handlers = Object.fromEntries(
    (Object.keys(base) as InvokeChannel[]).map((c) => [
      c,
      (req: unknown) => {
        calls.set(c, (calls.get(c) ?? 0) + 1);
        return (base[c] as (r: unknown) => unknown)(req);
      },
    ]),
  ) as unknown as MainHandlers;
  const senders = new TrustedSenders();
  senders.add(WC_ID);
  return { core, handlers, calls, opened, senders };
}

beforeEach(() => resetElectronMock());

describe('sender check', () => {
  const h = harness();
  const run = (ev: SenderLike | null) =>
    runSecure('snapshot.get', h.handlers['snapshot.get'], ev as SenderLike, {}, { senders: h.senders });

  it('accepts our window’s main frame on app://cloudtop', async () => {
    const r = await run(good());
    expect(r.ok).toBe(true);
  });

  it.each([
    ['an iframe of our page', { sender: { id: WC_ID }, senderFrame: { url: 'app://cloudtop/index.html', parent: {} } }],
    ['a foreign origin', good('https://evil.tld/')],
    ['about:blank', good('about:blank')],
    ['a malformed URL', good('app://[::1')],
    ['an empty URL', good('')],
    ['file://', good('file:///work/main/out/renderer/index.html')],
    ['a look-alike host', good('app://cloudtop.evil/index.html')],
    [
      'another WebContents',
      { sender: { id: WC_ID + 1 }, senderFrame: { url: 'app://cloudtop/index.html', parent: null } },
    ],
    ['a destroyed frame', { sender: { id: WC_ID }, senderFrame: null }],
    ['no sender', { senderFrame: { url: 'app://cloudtop/', parent: null } }],
    ['a string id', { sender: { id: String(WC_ID) }, senderFrame: { url: 'app://cloudtop/', parent: null } }],
    ['null', null],
  ])('refuses %s without calling the handler', async (_name, ev) => {
    const before = h.calls.get('snapshot.get') ?? 0;
    const r = await run(ev as SenderLike);
    expect(r).toEqual({ ok: false, error: FORBIDDEN });
    expect(h.calls.get('snapshot.get') ?? 0).toBe(before);
  });

  it('forgets a window when it is gone', async () => {
    const s = new TrustedSenders();
    s.add(3);
    expect(s.check({ sender: { id: 3 }, senderFrame: { url: 'app://cloudtop/', parent: null } }).ok).toBe(true);
    s.delete(3);
    expect(s.check({ sender: { id: 3 }, senderFrame: { url: 'app://cloudtop/', parent: null } })).toEqual({
      ok: false,
      reason: 'untrusted-webcontents',
    });
  });

  it('a hostile event object with throwing getters gets an error Result, not a rejection', async () => {
    const ev = Object.defineProperty({}, 'sender', {
      get: () => {
        throw new Error(PLANTED);
      },
    }) as SenderLike;
    const r = await run(ev);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(PLANTED);
  });
});

describe('payload validation and results', () => {
  it('every valid fixture is accepted and reaches its handler', async () => {
    const h = harness();
    for (const c of INVOKE_CHANNELS) {
      for (const payload of VALID[c]) {
        const r = await runSecure(c, h.handlers[c] as never, good(), payload, { senders: h.senders });
        if (!r.ok) expect(r.error.code, `${c} ${JSON.stringify(payload)}`).not.toMatch(/^(forbidden|config)$/);
      }
      expect(h.calls.get(c), c).toBe(VALID[c].length);
    }
    expect(h.opened).toEqual(['https://cloud.vast.ai/create/']);
  });

  it('an invalid payload is refused with its path, never its value', async () => {
    const h = harness();
    const r = await runSecure(
      'credentials.set',
      h.handlers['credentials.set'],
      good(),
      { provider: 'vastai', account: 'default', values: { apiKey: 42, [PLANTED]: PLANTED } },
      { senders: h.senders },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('config');
      expect(r.error.message).toMatch(/^Invalid request for credentials\.set/);
    }
    expect(JSON.stringify(r)).not.toContain(PLANTED);
    expect(h.calls.get('credentials.set')).toBeUndefined();
  });

  it('a handler that throws gives an error Result; unknown errors never pass their text', async () => {
    const h = harness();
    const boom = () => {
      throw new Error(`connection string postgres://u:${PLANTED}@db`);
    };
    const r = await runSecure('snapshot.get', boom as never, good(), {}, { senders: h.senders });
    expect(r).toEqual({
      ok: false,
      error: { code: 'upstream', message: 'Unexpected internal error', retryable: true },
    });
  });

  it('an answer outside the contract is not sent', async () => {
    const h = harness();
    const r = await runSecure(
      'watches.delete',
      (() => ({ deleted: 'yes', secret: PLANTED })) as never,
      good(),
      { id: 'x' },
      { senders: h.senders },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad_response');
    // Extra keys are stripped by the response schema, so a valid answer never carries them either.
    const ok = await runSecure(
      'watches.delete',
      (() => ({ deleted: true, secret: PLANTED })) as never,
      good(),
      { id: 'x' },
      { senders: h.senders },
    );
    expect(ok).toEqual({ ok: true, value: { deleted: true } });
  });
});

describe('fuzz: arbitrary payloads on every channel', () => {
  const RUNS = Number(process.env.CLOUDTOP_FUZZ_RUNS ?? 1000);
  // Secrets travel only as credential values; the page echoing its own watch id back is not a leak.
  const planted = fc.constantFrom({ apiKey: PLANTED }, { privateKey: `-----BEGIN ${PLANTED}` });
  const arbitraryPayload = fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue() },
    {
      weight: 2,
      arbitrary: fc.anything({
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withNullPrototype: true,
        withSparseArray: true,
      }),
    },
    { weight: 1, arbitrary: planted },
    {
      weight: 3,
      arbitrary: fc.record(
        {
          provider: fc.oneof(fc.constantFrom('vastai', 'runpod', 'neon', 'nope', '__proto__'), fc.string()),
          account: fc.oneof(fc.constantFrom('default', '../../etc', ''), fc.string()),
          values: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant(PLANTED))), planted),
          id: fc.string(),
          until: fc.oneof(
            fc.constant(null),
            fc.string(),
            fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
          ),
          url: fc.oneof(fc.webUrl(), fc.string(), fc.constant('javascript:alert(1)')),
          providers: fc.array(fc.string()),
          name: fc.string(),
          filter: fc.jsonValue(),
          theme: fc.string(),
        },
        { requiredKeys: [] },
      ),
    },
  );

  it.each(INVOKE_CHANNELS)(
    '%s: no throw, no handler call on invalid input, no planted secret in a reply',
    async (channel) => {
      const h = harness();
      // A secret the core holds: it must never come back in any reply.
      await h.core.credentials.set('vastai', 'default', { apiKey: PLANTED });
      const schema = invokeChannels[channel].request;
      const fixtures = VALID[channel].filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
      // Valid fixtures with some fields replaced: mostly-valid input reaches deeper into the handlers.
      const mutated = fc
        .tuple(
          fc.constantFrom(...fixtures),
          fc.dictionary(
            fc.constantFrom(
              'provider',
              'account',
              'values',
              'id',
              'until',
              'url',
              'providers',
              'name',
              'filter',
              'theme',
              'notifications',
            ),
            fc.oneof(fc.jsonValue(), planted),
            { maxKeys: 2 },
          ),
        )
        .map(([base, over]) => ({ ...base, ...over }));
      const payloads = fc.oneof(
        { weight: 3, arbitrary: arbitraryPayload },
        { weight: 1, arbitrary: fc.constantFrom(...VALID[channel]) },
        { weight: 2, arbitrary: mutated },
      );
      await fc.assert(
        fc.asyncProperty(payloads, fc.boolean(), async (payload, trusted) => {
          const before = h.calls.get(channel) ?? 0;
          const ev = trusted ? good() : good('https://evil.tld/');
          const reply = await runSecure(channel, h.handlers[channel] as never, ev, payload, { senders: h.senders });
          const reached = (h.calls.get(channel) ?? 0) - before;
          const valid = trusted && schema.safeParse(payload === undefined ? {} : payload).success;
          expect(reached).toBe(valid ? 1 : 0);
          expect(typeof reply.ok).toBe('boolean');
          expect(JSON.stringify(reply)).not.toContain(PLANTED);
          expect(JSON.stringify(reply)).not.toContain(PLANTED.slice(-12));
        }),
        { numRuns: RUNS, seed: 0xc10d70 + channel.length },
      );
      // The fuzz also drove valid requests through to the handler (not just refusals).
      expect(h.calls.get(channel) ?? 0).toBeGreaterThan(RUNS / 20);
    },
  );
});

describe('registration on ipcMain', () => {
  it('registers every contract channel under its prefixed name, and nothing else', async () => {
    const h = harness();
    const remove = registerHandlers(ipcMain as unknown as IpcMainLike, h.handlers, { senders: h.senders });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(INVOKE_CHANNELS.map(ipcInvokeName).sort());
    expect([...ipcMain.handlers.keys()].every((k) => k.startsWith(INVOKE_PREFIX))).toBe(true);
    // Through the real listener, as Electron would call it.
    const r = await ipcMain.invoke(ipcInvokeName('app.info'), good(), {});
    expect(r).toMatchObject({ ok: true, value: { mode: 'desktop' } });
    const refused = await ipcMain.invoke(ipcInvokeName('app.info'), good('https://evil.tld/'), {});
    expect(refused).toEqual({ ok: false, error: FORBIDDEN });
    remove();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('refuses to register a channel the contract does not have', () => {
    const h = harness();
    expect(() =>
      secureHandle(ipcMain as unknown as IpcMainLike, 'shell.exec' as InvokeChannel, (() => ({})) as never, {
        senders: h.senders,
      }),
    ).toThrow(/not a contract channel/);
    expect(() =>
      secureHandle(ipcMain as unknown as IpcMainLike, '__proto__' as InvokeChannel, (() => ({})) as never, {
        senders: h.senders,
      }),
    ).toThrow();
  });
});
