/**
 * The desktop app's secret store (src/main/secrets.ts) over core's KeytarSecretStore. The keytar store
 * itself (entries, errors, timeout, desktop hints) is tested in test/unit/core/secrets/keytar-secret-store.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeytarSecretStore, type KeytarModule } from '../../../src/core/secrets/keytar-secret-store';
import { createDesktopSecrets, noKeychainNotice } from '../../../src/main/secrets';

const PLANTED = 'pl4nted-keychain-secret-7788';

function fakeKeytar(): KeytarModule & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getPassword: async (s, a) => data.get(`${s}|${a}`) ?? null,
    setPassword: async (s, a, p) => void data.set(`${s}|${a}`, p),
    deletePassword: async (s, a) => data.delete(`${s}|${a}`),
    findCredentials: async (s) =>
      [...data]
        .filter(([k]) => k.startsWith(`${s}|`))
        .map(([k, password]) => ({ account: k.split('|')[1]!, password })),
  };
}

const noDbus = () => {
  throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
};

describe('no keychain: session-only memory with a clear notice', () => {
  it('credentials go to memory, the user is told once, nothing is written anywhere', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-nokeychain-'));
    try {
      const notices: string[] = [];
      const secrets = await createDesktopSecrets({
        env: {},
        keychain: new KeytarSecretStore({ face: 'desktop', load: noDbus, platform: 'linux' }),
        onSessionFallback: (n) => notices.push(n),
      });
      expect(secrets.probe.available).toBe(false);
      expect(secrets.storage()).toBe('session');
      expect(secrets.notice()).toMatch(
        /No OS keychain is available.*memory for this session only.*never written to disk/,
      );
      const ref = { provider: 'vastai' as const, profile: 'default', field: 'apiKey' };
      await secrets.store.set(ref, PLANTED);
      await secrets.store.set({ ...ref, provider: 'runpod' }, `${PLANTED}-2`);
      expect(await secrets.store.get(ref)).toBe(PLANTED);
      expect(await secrets.store.locate(ref)).toEqual({ value: PLANTED, source: 'session' });
      expect(notices).toHaveLength(1);
      expect(notices[0]).not.toContain(PLANTED);
      // Nothing on disk holds it (the store has no file at all; this guards a future regression).
      const hits = fs
        .readdirSync(home, { recursive: true })
        .filter(
          (f) =>
            fs.statSync(path.join(home, String(f))).isFile() &&
            fs.readFileSync(path.join(home, String(f)), 'utf8').includes(PLANTED),
        );
      expect(hits).toEqual([]);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('with a keychain: storage is the keychain and there is no notice; env wins over both', async () => {
    const k = fakeKeytar();
    const secrets = await createDesktopSecrets({
      env: { CLOUDTOP_VASTAI_API_KEY: 'from-env-123456' },
      keychain: new KeytarSecretStore({ face: 'desktop', load: () => k }),
    });
    expect(secrets.storage()).toBe('keychain');
    expect(secrets.notice()).toBeUndefined();
    const ref = { provider: 'vastai' as const, profile: 'default', field: 'apiKey' };
    await secrets.store.set(ref, PLANTED);
    expect(k.data.get('cloudtop|vastai/default/apiKey')).toBe(PLANTED);
    expect(await secrets.store.locate(ref)).toEqual({ value: 'from-env-123456', source: 'env' });
  });

  it('the notice names the reason and what to do', () => {
    expect(noKeychainNotice({ available: false, reason: 'no Secret Service', hint: 'Install gnome-keyring.' })).toBe(
      'No OS keychain is available (no Secret Service). Credentials you enter are kept in memory for this session only and are never written to disk; they are gone when cloudtop quits. Install gnome-keyring.',
    );
  });
});
