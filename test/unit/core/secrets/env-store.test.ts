import { describe, expect, it } from 'vitest';
import { CloudtopError } from '../../../../src/shared/model';
import { EnvSecretStore } from '../../../../src/core/secrets/env-store';
import { secretEnvName } from '../../../../src/core/secrets/types';

describe('secretEnvName', () => {
  it('names default-profile and profile variables', () => {
    expect(secretEnvName({ provider: 'vastai', profile: 'default', field: 'apiKey' })).toBe('CLOUDTOP_VASTAI_API_KEY');
    expect(secretEnvName({ provider: 'cloudflare', profile: 'work', field: 'apiToken' })).toBe(
      'CLOUDTOP_CLOUDFLARE_WORK_API_TOKEN',
    );
    expect(secretEnvName({ provider: 'oci', profile: 'eu-prod', field: 'privateKey' })).toBe(
      'CLOUDTOP_OCI_EU_PROD_PRIVATE_KEY',
    );
  });
});

describe('EnvSecretStore', () => {
  const env = {
    CLOUDTOP_VASTAI_API_KEY: 'vast-default-key',
    CLOUDTOP_CLOUDFLARE_WORK_API_TOKEN: 'cf-work-token',
    CLOUDTOP_CLOUDFLARE_API_TOKEN: 'cf-default-token',
    CLOUDTOP_CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9999',
    CLOUDTOP_OCI_PRIVATE_KEY: 'pem',
    CLOUDTOP_RUNPOD_API_KEY: '',
    UNRELATED: 'x',
  };
  const fieldsOf = (p: string) =>
    ({ vastai: ['apiKey'], cloudflare: ['apiToken', 'accountId'], oci: ['privateKey', 'profile'], runpod: ['apiKey'] })[
      p
    ] ?? [];
  const store = new EnvSecretStore(env, { fieldsOf });

  it('reads the default profile and other profiles', async () => {
    expect(await store.get({ provider: 'vastai', profile: 'default', field: 'apiKey' })).toBe('vast-default-key');
    expect(await store.get({ provider: 'cloudflare', profile: 'work', field: 'apiToken' })).toBe('cf-work-token');
    expect(await store.get({ provider: 'cloudflare', profile: 'default', field: 'apiToken' })).toBe('cf-default-token');
    expect(await store.get({ provider: 'cloudflare', profile: 'home', field: 'apiToken' })).toBeUndefined();
  });

  it('treats an empty variable as unset', async () => {
    expect(await store.get({ provider: 'runpod', profile: 'default', field: 'apiKey' })).toBeUndefined();
  });

  it('lists entries with profiles, skipping BASE_URL, empty and unknown names', async () => {
    const list = await store.list();
    expect(list.map((e) => `${e.provider}/${e.profile}/${e.field}`)).toEqual([
      'cloudflare/default/apiToken',
      'cloudflare/work/apiToken',
      'oci/default/privateKey',
      'vastai/default/apiKey',
    ]);
    expect(list.every((e) => e.source === 'env')).toBe(true);
    expect((await store.list('vastai')).length).toBe(1);
  });

  it('is read-only: set and delete are config errors that say where to change it', async () => {
    const ref = { provider: 'vastai' as const, profile: 'default', field: 'apiKey' };
    await expect(store.set(ref, 'x')).rejects.toMatchObject({ code: 'config' });
    const err = await store.delete(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudtopError);
    expect((err as CloudtopError).code).toBe('config');
    expect((err as CloudtopError).message).toMatch(/set in the environment.*unset it there/);
    expect((err as CloudtopError).message).not.toContain('vast-default-key');
    expect(await store.delete({ provider: 'lambda', profile: 'default', field: 'apiKey' })).toBe(false);
  });
});

describe('EnvSecretStore without an explicit field list', () => {
  it('uses the registered descriptors to find profiles', async () => {
    const store = new EnvSecretStore({ CLOUDTOP_VASTAI_TEAM_API_KEY: 'team-key', CLOUDTOP_VASTAI_API_KEY: 'k' });
    expect((await store.list('vastai')).map((e) => `${e.profile}/${e.field}`)).toEqual([
      'default/apiKey',
      'team/apiKey',
    ]);
  });
});
