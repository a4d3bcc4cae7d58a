import { describe, expect, it } from 'vitest';
import { ChainSecretStore } from '../../../../src/core/secrets/chain-store';
import { EnvSecretStore } from '../../../../src/core/secrets/env-store';
import { FakeKeychain, UnavailableKeychain } from './fixtures';

const ref = { provider: 'vastai' as const, profile: 'default', field: 'apiKey' };

describe('ChainSecretStore', () => {
  it('environment beats keychain', async () => {
    const keychain = new FakeKeychain();
    await keychain.set(ref, 'from-keychain');
    const chain = new ChainSecretStore({ env: new EnvSecretStore({ CLOUDTOP_VASTAI_API_KEY: 'from-env' }), keychain });
    expect(await chain.locate(ref)).toEqual({ value: 'from-env', source: 'env' });
    const noEnv = new ChainSecretStore({ env: new EnvSecretStore({}), keychain });
    expect(await noEnv.locate(ref)).toEqual({ value: 'from-keychain', source: 'keychain' });
  });

  it('writes go to the keychain', async () => {
    const keychain = new FakeKeychain();
    const chain = new ChainSecretStore({ env: new EnvSecretStore({}), keychain });
    await chain.set(ref, 'saved');
    expect(await keychain.get(ref)).toBe('saved');
    expect(chain.persistence).toBe('keychain');
    expect(chain.sessionOnly).toBe(false);
  });

  it('without the session fallback an unavailable keychain is keychain_unavailable on read and write', async () => {
    const chain = new ChainSecretStore({ env: new EnvSecretStore({}), keychain: new UnavailableKeychain() });
    await expect(chain.get(ref)).rejects.toMatchObject({ code: 'keychain_unavailable' });
    await expect(chain.set(ref, 'x')).rejects.toMatchObject({ code: 'keychain_unavailable' });
    await expect(chain.list()).rejects.toMatchObject({ code: 'keychain_unavailable' });
    expect(chain.sessionOnly).toBe(false);
  });

  it('env values still resolve while the keychain is unavailable', async () => {
    const keychain = new UnavailableKeychain();
    const chain = new ChainSecretStore({ env: new EnvSecretStore({ CLOUDTOP_VASTAI_API_KEY: 'env-val' }), keychain });
    expect(await chain.get(ref)).toBe('env-val');
    expect(keychain.calls).toBe(0);
  });

  it('with the opt-in fallback, writes go to memory, visibly, and the callback fires once', async () => {
    const reasons: string[] = [];
    const chain = new ChainSecretStore({
      env: new EnvSecretStore({}),
      keychain: new UnavailableKeychain(),
      sessionFallback: true,
      onSessionFallback: (e) => reasons.push(e.code),
    });
    await chain.set(ref, 'session-value');
    await chain.set({ ...ref, profile: 'other' }, 'second');
    expect(reasons).toEqual(['keychain_unavailable']);
    expect(chain.sessionOnly).toBe(true);
    expect(chain.persistence).toBe('session');
    expect(await chain.locate(ref)).toEqual({ value: 'session-value', source: 'session' });
    expect((await chain.list()).map((e) => `${e.profile}:${e.source}`)).toEqual(['default:session', 'other:session']);
    expect(await chain.delete(ref)).toBe(true);
    expect(await chain.get(ref)).toBeUndefined();
  });

  it('list merges sources, one entry per secret, env first', async () => {
    const keychain = new FakeKeychain();
    await keychain.set(ref, 'k');
    await keychain.set({ ...ref, profile: 'team' }, 'k2');
    const chain = new ChainSecretStore({
      env: new EnvSecretStore({ CLOUDTOP_VASTAI_API_KEY: 'e' }, { fieldsOf: () => ['apiKey'] }),
      keychain,
    });
    expect((await chain.list('vastai')).map((e) => `${e.profile}:${e.source}`)).toEqual([
      'default:env',
      'team:keychain',
    ]);
  });
});
