import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloudtopError, isCloudtopError } from '../../../../src/shared/model';
import { ChainSecretStore } from '../../../../src/core/secrets/chain-store';
import { EnvSecretStore } from '../../../../src/core/secrets/env-store';
import {
  KEYCHAIN_SERVICE,
  KeytarSecretStore,
  READ_BATCH_MS,
  keychainHint,
  probeKeychain,
  type KeytarModule,
} from '../../../../src/core/secrets/keytar-secret-store';

const ref = { provider: 'vastai' as const, profile: 'default', field: 'apiKey' };

/** A keytar stand-in with an in-memory map, to test the account naming without a keychain. */
function fakeKeytar(): KeytarModule & { data: Map<string, string> } {
  const data = new Map<string, string>();
  const k = (s: string, a: string) => `${s}\u0000${a}`;
  return {
    data,
    async getPassword(s, a) {
      return data.get(k(s, a)) ?? null;
    },
    async setPassword(s, a, p) {
      data.set(k(s, a), p);
    },
    async deletePassword(s, a) {
      return data.delete(k(s, a));
    },
    async findCredentials(s) {
      return [...data.entries()]
        .filter(([key]) => key.startsWith(`${s}\u0000`))
        .map(([key, password]) => ({ account: key.split('\u0000')[1]!, password }));
    },
  };
}

const noDbus = () => {
  throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
};

afterEach(() => vi.useRealTimers());

describe('KeytarSecretStore with an injected module', () => {
  it('uses service "cloudtop" and account <provider>/<profile>/<field>', async () => {
    const keytar = fakeKeytar();
    const store = new KeytarSecretStore({ load: () => keytar });
    await store.set(ref, 'v1');
    await store.set({ provider: 'cloudflare', profile: 'work', field: 'apiToken' }, 'v2');
    await keytar.setPassword('cloudtop', 'garbage-account', 'x');
    await keytar.setPassword('other-service', 'vastai/default/apiKey', 'y');
    expect([...keytar.data.keys()].filter((key) => key.startsWith('cloudtop\u0000')).sort()).toEqual([
      'cloudtop\u0000cloudflare/work/apiToken',
      'cloudtop\u0000garbage-account',
      'cloudtop\u0000vastai/default/apiKey',
    ]);
    expect(await store.get(ref)).toBe('v1');
    expect((await store.list()).map((e) => `${e.provider}/${e.profile}/${e.field}:${e.source}`)).toEqual([
      'cloudflare/work/apiToken:keychain',
      'vastai/default/apiKey:keychain',
    ]);
    expect(await store.delete(ref)).toBe(true);
    expect(await store.get(ref)).toBeUndefined();
  });

  it('a module that fails to load → keychain_unavailable with a hint, on every call, no crash', async () => {
    let loads = 0;
    const store = new KeytarSecretStore({
      platform: 'linux',
      load: () => {
        loads++;
        throw new Error("Cannot find module 'keytar'");
      },
    });
    for (const op of [() => store.get(ref), () => store.set(ref, 'x'), () => store.delete(ref), () => store.list()]) {
      const err = await op().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CloudtopError);
      expect((err as CloudtopError).code).toBe('keychain_unavailable');
      expect((err as CloudtopError).hint).toMatch(/CLOUDTOP_VASTAI_API_KEY/);
    }
    expect(loads).toBe(1);
  });

  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', /Secret Service/],
    ['Cannot create an item in a locked collection', /Unlock your keyring/],
    ['The name org.freedesktop.secrets was not provided by any .service files', /gnome-keyring/],
  ])('D-Bus failure %j → keychain_unavailable, never the secret', async (message, hint) => {
    const keytar = fakeKeytar();
    keytar.setPassword = async () => {
      throw new Error(message);
    };
    const store = new KeytarSecretStore({ load: () => keytar, platform: 'linux' });
    const err = (await store.set(ref, 'super-secret-value-999').catch((e: unknown) => e)) as CloudtopError;
    expect(err.code).toBe('keychain_unavailable');
    expect(err.message).toContain(message);
    expect(err.hint).toMatch(hint);
    expect(`${err.message} ${err.hint}`).not.toContain('super-secret-value-999');
  });

  it('a keychain that never answers times out as keychain_unavailable', async () => {
    const keytar = fakeKeytar();
    keytar.getPassword = () => new Promise(() => {});
    const store = new KeytarSecretStore({ load: () => keytar, timeoutMs: 20 });
    await expect(store.get(ref)).rejects.toMatchObject({ code: 'keychain_unavailable' });
  });

  it('probeKeychain reports availability and the reason', async () => {
    expect(await probeKeychain(new KeytarSecretStore({ load: fakeKeytar }))).toEqual({ available: true });
    const down = await probeKeychain(
      new KeytarSecretStore({
        load: () => {
          throw new Error('libsecret-1.so.0: cannot open shared object file');
        },
      }),
    );
    expect(down.available).toBe(false);
    expect(down.reason).toMatch(/No keychain available/);
  });

  it('behind the chain, an unavailable keychain never becomes a file: session fallback only on opt-in', async () => {
    const keychain = new KeytarSecretStore({
      load: () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
    });
    const strict = new ChainSecretStore({ env: new EnvSecretStore({}), keychain });
    await expect(strict.set(ref, 'x')).rejects.toMatchObject({ code: 'keychain_unavailable' });
    const lenient = new ChainSecretStore({ env: new EnvSecretStore({}), keychain, sessionFallback: true });
    await lenient.set(ref, 'kept-in-memory');
    expect(lenient.sessionOnly).toBe(true);
    expect(await lenient.locate(ref)).toEqual({ value: 'kept-in-memory', source: 'session' });
  });

  it('hints differ per platform', () => {
    expect(keychainHint('darwin', 'x')).toMatch(/login keychain/);
    expect(keychainHint('win32', 'x')).toMatch(/Credential Manager/);
  });
});

// The desktop app uses the same store with face 'desktop' (src/main/app.ts): same entries, errors and
// timeout, with hints worded for a window rather than a terminal.
describe('KeytarSecretStore for the desktop app (face: desktop)', () => {
  it('uses the CLI’s entries: service "cloudtop", account <provider>/<profile>/<field>', async () => {
    const k = fakeKeytar();
    const store = new KeytarSecretStore({ face: 'desktop', load: () => k });
    await store.set(ref, 'pl4nted-keychain-secret-7788');
    expect([...k.data.keys()]).toEqual([`${KEYCHAIN_SERVICE}\u0000vastai/default/apiKey`]);
    expect(await store.get(ref)).toBe('pl4nted-keychain-secret-7788');
    await k.setPassword('cloudtop', 'junk', 'x');
    await k.setPassword('cloudtop', 'nope/default/apiKey', 'x');
    expect(await store.list()).toEqual([{ ...ref, source: 'keychain' }]);
    expect(await store.delete(ref)).toBe(true);
  });

  it('no D-Bus / no module: a keychain_unavailable error with a hint, never a crash', async () => {
    const store = new KeytarSecretStore({ face: 'desktop', load: noDbus, platform: 'linux' });
    const err = await store.get(ref).catch((e: unknown) => e);
    expect(isCloudtopError(err) && err.code).toBe('keychain_unavailable');
    expect((err as Error).message).toContain('Cannot autolaunch D-Bus');
    expect((err as { hint?: string }).hint).toMatch(/Secret Service|gnome-keyring/);
    expect(await probeKeychain(store)).toMatchObject({ available: false });
  });

  it('a keychain that never answers is reported as unavailable after the timeout', async () => {
    vi.useFakeTimers();
    const hang: KeytarModule = { ...fakeKeytar(), getPassword: () => new Promise(() => {}) };
    const store = new KeytarSecretStore({ face: 'desktop', load: () => hang, timeoutMs: 10_000 });
    const p = store.get(ref).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const err = await p;
    expect(isCloudtopError(err) && err.code).toBe('keychain_unavailable');
  });

  it('hints are worded for the window; the platform and locked-keyring hints are the CLI’s', async () => {
    const env = 'or set credentials as environment variables (CLOUDTOP_<ID>_<FIELD>, e.g. CLOUDTOP_VASTAI_API_KEY)';
    expect(keychainHint('linux', "Cannot find module 'keytar'", 'desktop')).toBe(
      `The keychain module (keytar) could not be loaded; reinstall cloudtop, ${env}.`,
    );
    expect(keychainHint('linux', "Cannot find module 'keytar'")).toBe(
      `The keychain module (keytar) is not installed or not built for this Node version; reinstall cloudtop, ${env}.`,
    );
    expect(keychainHint('linux', 'Cannot autolaunch D-Bus', 'desktop')).toBe(
      `Install and unlock a Secret Service (gnome-keyring or KWallet) in your desktop session, ${env}.`,
    );
    expect(keychainHint('linux', 'Cannot autolaunch D-Bus')).toBe(
      `Install and unlock a Secret Service (gnome-keyring: apt-get install gnome-keyring; or KWallet) in a desktop session, ${env}.`,
    );
    for (const [platform, reason] of [
      ['darwin', 'x'],
      ['win32', 'x'],
      ['linux', 'Cannot create an item in a locked collection'],
    ] as const) {
      expect(keychainHint(platform, reason, 'desktop')).toBe(keychainHint(platform, reason));
    }
    const store = new KeytarSecretStore({ face: 'desktop', load: noDbus, platform: 'linux' });
    const err = (await store.list().catch((e: unknown) => e)) as CloudtopError;
    expect(err.hint).toBe(keychainHint('linux', 'Cannot autolaunch D-Bus without X11 $DISPLAY', 'desktop'));
  });
});

describe('KeytarSecretStore with the real keytar and no D-Bus (child process)', () => {
  it('every call fails as keychain_unavailable, the process does not crash', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const root = path.resolve(here, '../../../..');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cloudtop-test-bus',
    };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'probe-keytar.ts')],
      {
        cwd: root,
        env,
        timeout: 60_000,
      },
    );
    const out = JSON.parse(stdout) as Record<
      string,
      { code?: string; name?: string; message?: string; ok?: boolean; available?: boolean }
    >;
    for (const op of ['get', 'set', 'list']) {
      expect(out[op], op).toMatchObject({ name: 'CloudtopError', code: 'keychain_unavailable' });
      expect(out[op]!.message).not.toContain('never-stored-secret-123');
    }
    expect(out.probe).toMatchObject({ available: false });
  });
});

describe('KeytarSecretStore with batchReads (the CLI and serve)', () => {
  it('answers a burst of reads from one listing, and sees its own writes and deletes', async () => {
    const keytar = fakeKeytar();
    await keytar.setPassword('cloudtop', 'vastai/default/apiKey', 'k1');
    const calls = { get: 0, find: 0 };
    const counted: KeytarModule = {
      ...keytar,
      getPassword: async (s, a) => (calls.get++, keytar.getPassword(s, a)),
      findCredentials: async (s) => (calls.find++, keytar.findCredentials(s)),
    };
    const store = new KeytarSecretStore({ load: () => counted, batchReads: true });
    const refs = ['apiKey', 'other', 'third'].map((field) => ({ ...ref, field }));
    expect(await Promise.all(refs.map((r) => store.get(r)))).toEqual(['k1', undefined, undefined]);
    expect(await store.get({ provider: 'runpod', profile: 'default', field: 'apiKey' })).toBeUndefined();
    expect(calls).toEqual({ get: 0, find: 1 });
    await store.set({ ...ref, field: 'other' }, 'k2');
    expect(await store.get({ ...ref, field: 'other' })).toBe('k2');
    await store.delete(ref);
    expect(await store.get(ref)).toBeUndefined();
    expect(calls.find).toBe(3);
  });

  it('takes a new listing once the burst is over (changes made by another process show up)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const keytar = fakeKeytar();
    const store = new KeytarSecretStore({ load: () => keytar, batchReads: true });
    expect(await store.get(ref)).toBeUndefined();
    await keytar.setPassword('cloudtop', 'vastai/default/apiKey', 'from-elsewhere');
    expect(await store.get(ref)).toBeUndefined();
    vi.advanceTimersByTime(READ_BATCH_MS + 1);
    expect(await store.get(ref)).toBe('from-elsewhere');
  });

  it('an unreachable keychain fails every read of the burst with the same keychain_unavailable error', async () => {
    const store = new KeytarSecretStore({ load: noDbus, batchReads: true, platform: 'linux' });
    const errors = await Promise.all(
      [ref, { ...ref, field: 'x' }].map((r) =>
        store.get(r).then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    for (const e of errors) {
      expect(isCloudtopError(e) && e.code).toBe('keychain_unavailable');
      expect((e as CloudtopError).message).toBe(
        'No keychain available (loading keytar): Cannot autolaunch D-Bus without X11 $DISPLAY',
      );
    }
  });
});
