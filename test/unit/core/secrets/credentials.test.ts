import { describe, expect, it } from 'vitest';
import { CredentialStatusSchema } from '../../../../src/shared/model';
import { SecretRedactor } from '../../../../src/core/log/redact';
import { ChainSecretStore } from '../../../../src/core/secrets/chain-store';
import {
  HIDDEN_HINT,
  credentialHint,
  deleteCredentials,
  resolveCredentials,
  saveCredentials,
} from '../../../../src/core/secrets/credentials';
import { EnvSecretStore } from '../../../../src/core/secrets/env-store';
import { FakeKeychain, UnavailableKeychain, fakeDescriptor } from './fixtures';

const LONG_TOKEN = 'cf-token-0123456789-abcdefWXYZ';
const ACCOUNT = '0123456789abcdef0123456789abcdef';

function chain(env: Record<string, string> = {}, keychain = new FakeKeychain()) {
  return { keychain, secrets: new ChainSecretStore({ env: new EnvSecretStore(env), keychain }) };
}

describe('credentialHint', () => {
  it('shows the last 4 characters only of secrets of 16 characters or more', () => {
    expect(credentialHint('x'.repeat(12) + 'abcd', true)).toBe('…abcd');
    expect(credentialHint('short-secret-15', true)).toBe(HIDDEN_HINT);
    expect(credentialHint('tiny', true)).toBe(HIDDEN_HINT);
    expect(credentialHint('eu-west', false)).toBe('eu-west');
  });
});

describe('resolveCredentials', () => {
  it('returns validated values and a status naming the source of each field', async () => {
    const { secrets, keychain } = chain({ CLOUDTOP_CLOUDFLARE_API_TOKEN: LONG_TOKEN });
    await keychain.set({ provider: 'cloudflare', profile: 'default', field: 'accountId' }, ACCOUNT);
    const r = await resolveCredentials(fakeDescriptor, 'default', { secrets });
    expect(r.values).toEqual({ apiToken: LONG_TOKEN, accountId: ACCOUNT });
    expect(r.missing).toEqual([]);
    expect(CredentialStatusSchema.parse(r.status)).toEqual({
      provider: 'cloudflare',
      account: 'default',
      configured: true,
      fields: [
        { name: 'apiToken', configured: true, source: 'env', hint: '…WXYZ' },
        { name: 'accountId', configured: true, source: 'keychain', hint: ACCOUNT },
        { name: 'privateKey', configured: false, source: 'none' },
      ],
    });
  });

  it('resolution order per field: env, then cloudtop.json, then keychain', async () => {
    const { secrets, keychain } = chain({ CLOUDTOP_CLOUDFLARE_WORK_API_TOKEN: 'env-token-value' });
    await keychain.set({ provider: 'cloudflare', profile: 'work', field: 'apiToken' }, 'keychain-token');
    await keychain.set({ provider: 'cloudflare', profile: 'work', field: 'accountId' }, 'f'.repeat(32));
    const r = await resolveCredentials(fakeDescriptor, 'work', {
      secrets,
      config: { apiToken: 'config-token', accountId: ACCOUNT },
    });
    expect(r.values).toEqual({ apiToken: 'env-token-value', accountId: ACCOUNT });
    expect(r.status.fields.map((f) => f.source)).toEqual(['env', 'config', 'none']);
  });

  it('names missing required fields and returns null values', async () => {
    const { secrets } = chain();
    const r = await resolveCredentials(fakeDescriptor, 'default', { secrets });
    expect(r.values).toBeNull();
    expect(r.missing).toEqual(['apiToken']);
    expect(r.status.configured).toBe(false);
  });

  it('reports invalid values by field without echoing them', async () => {
    const { secrets } = chain({
      CLOUDTOP_CLOUDFLARE_API_TOKEN: LONG_TOKEN,
      CLOUDTOP_CLOUDFLARE_ACCOUNT_ID: 'not-hex-id',
    });
    const r = await resolveCredentials(fakeDescriptor, 'default', { secrets });
    expect(r.values).toBeNull();
    expect(r.invalid).toEqual([{ field: 'accountId', message: 'account id is 32 hex characters' }]);
    expect(JSON.stringify(r)).not.toContain(LONG_TOKEN);
  });

  it('a short secret never shows in the status; a long one only by its last 4', async () => {
    for (const token of ['abcdef', 'fifteen-chars!!', LONG_TOKEN]) {
      const { secrets } = chain({ CLOUDTOP_CLOUDFLARE_API_TOKEN: token });
      const r = await resolveCredentials(fakeDescriptor, 'default', { secrets });
      const json = JSON.stringify(r.status);
      expect(json).not.toContain(token);
      expect(json).not.toContain(token.slice(0, -4));
      if (token.length < 16) expect(r.status.fields[0]!.hint).toBe(HIDDEN_HINT);
    }
  });

  it('registers secret values (and only secret ones) with the redactor', async () => {
    const redactor = new SecretRedactor();
    const { secrets } = chain({ CLOUDTOP_CLOUDFLARE_API_TOKEN: LONG_TOKEN, CLOUDTOP_CLOUDFLARE_ACCOUNT_ID: ACCOUNT });
    await resolveCredentials(fakeDescriptor, 'default', { secrets, redactor });
    expect(redactor.containsSecret(`x ${LONG_TOKEN}`)).toBe(true);
    expect(redactor.containsSecret(ACCOUNT)).toBe(false);
  });

  it('an unavailable keychain is reported, not thrown; env and config still count', async () => {
    const secrets = new ChainSecretStore({
      env: new EnvSecretStore({ CLOUDTOP_CLOUDFLARE_API_TOKEN: LONG_TOKEN }),
      keychain: new UnavailableKeychain(),
    });
    const r = await resolveCredentials(fakeDescriptor, 'default', { secrets, config: { accountId: ACCOUNT } });
    expect(r.values).toEqual({ apiToken: LONG_TOKEN, accountId: ACCOUNT });
    expect(r.keychainError?.code).toBe('keychain_unavailable');
  });
});

describe('saveCredentials / deleteCredentials', () => {
  it('saves known fields to the keychain, trims single-line values, keeps PEM newlines, skips empty', async () => {
    const { secrets, keychain } = chain();
    const pem = '-----BEGIN KEY-----\r\nAAAA\r\n-----END KEY-----\r\n';
    const r = await saveCredentials(
      fakeDescriptor,
      'work',
      { apiToken: `  ${LONG_TOKEN}\n`, accountId: '', privateKey: pem },
      secrets,
    );
    expect(r.saved).toEqual(['apiToken', 'privateKey']);
    expect(await keychain.get({ provider: 'cloudflare', profile: 'work', field: 'apiToken' })).toBe(LONG_TOKEN);
    expect(await keychain.get({ provider: 'cloudflare', profile: 'work', field: 'privateKey' })).toBe(
      '-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n',
    );
    expect(await keychain.get({ provider: 'cloudflare', profile: 'work', field: 'accountId' })).toBeUndefined();
  });

  it('an unknown field is a config error naming it; nothing is written', async () => {
    const { secrets, keychain } = chain();
    const err = await saveCredentials(
      fakeDescriptor,
      'default',
      { apiToken: LONG_TOKEN, apiTokne: 'x' },
      secrets,
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'config' });
    expect((err as Error).message).toContain('apiTokne');
    expect((err as Error).message).not.toContain(LONG_TOKEN);
    expect(await keychain.list()).toEqual([]);
  });

  it('rejects a value the descriptor schema refuses, without echoing it', async () => {
    const { secrets } = chain();
    const err = await saveCredentials(fakeDescriptor, 'default', { apiToken: 'abc' }, secrets).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'config' });
    expect((err as Error).message).toContain('token too short');
  });

  it('rejects an invalid profile name', async () => {
    const { secrets } = chain();
    await expect(saveCredentials(fakeDescriptor, '../etc', { apiToken: LONG_TOKEN }, secrets)).rejects.toMatchObject({
      code: 'config',
    });
  });

  it('says which saved fields an environment variable still overrides', async () => {
    const { secrets } = chain({ CLOUDTOP_CLOUDFLARE_API_TOKEN: 'env-wins-token' });
    const r = await saveCredentials(fakeDescriptor, 'default', { apiToken: LONG_TOKEN }, secrets);
    expect(r.shadowedByEnv).toEqual([{ field: 'apiToken', env: 'CLOUDTOP_CLOUDFLARE_API_TOKEN' }]);
  });

  it('deletes every field of one profile only, and reports what the environment still sets', async () => {
    const { secrets, keychain } = chain({ CLOUDTOP_CLOUDFLARE_ACCOUNT_ID: ACCOUNT });
    await saveCredentials(fakeDescriptor, 'default', { apiToken: LONG_TOKEN }, secrets);
    await saveCredentials(fakeDescriptor, 'work', { apiToken: LONG_TOKEN }, secrets);
    const r = await deleteCredentials(fakeDescriptor, 'default', secrets);
    expect(r.deleted).toEqual(['apiToken']);
    expect(r.stillInEnv).toEqual([{ field: 'accountId', env: 'CLOUDTOP_CLOUDFLARE_ACCOUNT_ID' }]);
    expect((await keychain.list()).map((e) => e.profile)).toEqual(['work']);
  });
});
