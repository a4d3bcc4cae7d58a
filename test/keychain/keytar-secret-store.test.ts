// Runs against a real Secret Service: `npm run test:keychain`
// (bash scripts/with-keyring.sh vitest run --config vitest.keychain.config.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { ChainSecretStore } from '../../src/core/secrets/chain-store';
import { EnvSecretStore } from '../../src/core/secrets/env-store';
import { KeytarSecretStore, probeKeychain } from '../../src/core/secrets/keytar-secret-store';

// A separate service name per run, so a developer's real cloudtop entries are never touched.
const service = `cloudtop-test-${process.pid}`;
const store = new KeytarSecretStore({ service });

const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');

afterAll(async () => {
  for (const e of await store.list()) await store.delete(e);
});

describe('KeytarSecretStore against gnome-keyring', () => {
  it('the keychain is reachable', async () => {
    expect(await probeKeychain(store)).toEqual({ available: true });
  });

  it('set / get / list / delete round trip', async () => {
    const ref = { provider: 'vastai' as const, profile: 'default', field: 'apiKey' };
    expect(await store.get(ref)).toBeUndefined();
    await store.set(ref, 'vast-key-1234567890');
    expect(await store.get(ref)).toBe('vast-key-1234567890');
    await store.set(ref, 'vast-key-replaced');
    expect(await store.get(ref)).toBe('vast-key-replaced');
    expect(await store.list('vastai')).toEqual([{ ...ref, source: 'keychain' }]);
    expect(await store.delete(ref)).toBe(true);
    expect(await store.delete(ref)).toBe(false);
    expect(await store.get(ref)).toBeUndefined();
  });

  it('keeps two profiles of one provider apart', async () => {
    const personal = { provider: 'cloudflare' as const, profile: 'personal', field: 'apiToken' };
    const work = { provider: 'cloudflare' as const, profile: 'work', field: 'apiToken' };
    await store.set(personal, 'token-personal');
    await store.set(work, 'token-work');
    expect(await store.get(personal)).toBe('token-personal');
    expect(await store.get(work)).toBe('token-work');
    expect((await store.list('cloudflare')).map((e) => e.profile)).toEqual(['personal', 'work']);
    await store.delete(personal);
    expect(await store.get(work)).toBe('token-work');
  });

  it('stores unicode and a multi-line PEM exactly', async () => {
    const uni = { provider: 'neon' as const, profile: 'default', field: 'apiKey' };
    const pem = { provider: 'oci' as const, profile: 'default', field: 'privateKey' };
    await store.set(uni, 'ключ-密钥-🔑-clé');
    await store.set(pem, PEM);
    expect(await store.get(uni)).toBe('ключ-密钥-🔑-clé');
    expect(await store.get(pem)).toBe(PEM);
  });

  it('behind the chain: env wins, writes land in the keychain', async () => {
    const ref = { provider: 'runpod' as const, profile: 'default', field: 'apiKey' };
    const chain = new ChainSecretStore({
      env: new EnvSecretStore({ CLOUDTOP_RUNPOD_API_KEY: 'from-env' }),
      keychain: store,
    });
    await chain.set(ref, 'from-keychain');
    expect(await store.get(ref)).toBe('from-keychain');
    expect(await chain.locate(ref)).toEqual({ value: 'from-env', source: 'env' });
    const noEnv = new ChainSecretStore({ env: new EnvSecretStore({}), keychain: store });
    expect(await noEnv.locate(ref)).toEqual({ value: 'from-keychain', source: 'keychain' });
    expect(chain.sessionOnly).toBe(false);
  });
});
