import { describe, expect, it } from 'vitest';
import {
  normalizePem,
  ociCredentialSchema,
  resolveOciCredentials,
} from '../../../../../src/core/providers/oci/credentials';
import { ociProvider } from '../../../../../src/core/providers/oci';
import type { OciConfigFs } from '../../../../../src/core/providers/oci/config-file';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----';
const fields = {
  tenancy: 'ocid1.tenancy.oc1..aaaaaaaatenancy',
  user: 'ocid1.user.oc1..aaaaaaaauser',
  fingerprint: '12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0',
  privateKey: PEM,
  region: 'us-ashburn-1',
};

describe('ociCredentialSchema', () => {
  it('accepts the API-key fields, a profile alone, or a config file alone', () => {
    expect(ociCredentialSchema.safeParse(fields).success).toBe(true);
    expect(ociCredentialSchema.safeParse({ profile: 'DEFAULT' }).success).toBe(true);
    expect(ociCredentialSchema.safeParse({ configFile: '~/.oci/config', region: 'eu-frankfurt-1' }).success).toBe(true);
    expect(
      ociCredentialSchema.safeParse({
        ...fields,
        region: 'us-gov-ashburn-1',
        compartment: 'ocid1.compartment.oc1..a, ocid1.compartment.oc1..b',
      }).success,
    ).toBe(true);
  });

  it('names every missing field when there is no profile', () => {
    const r = ociCredentialSchema.safeParse({ tenancy: fields.tenancy, user: '  ' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(['fingerprint', 'privateKey', 'region', 'user']);
  });

  it('rejects malformed values without echoing them', () => {
    const r = ociCredentialSchema.safeParse({
      ...fields,
      privateKey: 'hunter2',
      fingerprint: 'nope',
      tenancy: 'ocid1.user.oc1..x',
    });
    expect(r.success).toBe(false);
    const text = r.error!.issues.map((i) => i.message).join(' ');
    expect(text).toContain('PEM private key');
    expect(text).not.toContain('hunter2');
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(['fingerprint', 'privateKey', 'tenancy']);
  });

  it('the descriptor exposes the fields with the key marked secret and multiline', () => {
    const pk = ociProvider.credentialFields.find((f) => f.name === 'privateKey')!;
    expect(pk).toMatchObject({ secret: true, multiline: true });
    expect(ociProvider.credentialFields.find((f) => f.name === 'passphrase')).toMatchObject({
      secret: true,
      optional: true,
    });
    expect(ociProvider.credentialFields.map((f) => f.name)).toEqual([
      'tenancy',
      'user',
      'fingerprint',
      'privateKey',
      'passphrase',
      'region',
      'compartment',
      'configFile',
      'profile',
    ]);
    expect(ociProvider).toMatchObject({
      id: 'oci',
      kind: 'cloud',
      capabilities: { offers: true, resources: true, metrics: true },
    });
    expect(ociProvider.rateLimit.intervalCap).toBeGreaterThan(0);
  });
});

describe('resolveOciCredentials', () => {
  const fs: OciConfigFs = {
    home: '/h',
    async readFile(p) {
      if (p === '/h/.oci/config')
        return `[DEFAULT]\nuser=ocid1.user.oc1..fromfile\nfingerprint=aa\nkey_file=~/k.pem\ntenancy=ocid1.tenancy.oc1..fromfile\nregion=us-phoenix-1\n`;
      if (p === '/h/k.pem') return PEM;
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    },
  };

  it('uses the fields and defaults the compartment to the tenancy', async () => {
    const r = await resolveOciCredentials(ociCredentialSchema.parse(fields));
    expect(r.compartments).toEqual([fields.tenancy]);
    expect(r.source).toBe('fields');
  });

  it('a profile supplies what the fields leave out; fields win', async () => {
    const r = await resolveOciCredentials(
      ociCredentialSchema.parse({
        profile: 'DEFAULT',
        region: 'eu-frankfurt-1',
        compartment: 'ocid1.compartment.oc1..a,ocid1.compartment.oc1..b',
      }),
      fs,
    );
    expect(r.auth).toMatchObject({ user: 'ocid1.user.oc1..fromfile', region: 'eu-frankfurt-1', privateKey: PEM });
    expect(r.compartments).toEqual(['ocid1.compartment.oc1..a', 'ocid1.compartment.oc1..b']);
    expect(r.source).toBe('profile DEFAULT');
  });
});

describe('normalizePem', () => {
  it('turns escaped newlines from an env var into real ones', () => {
    expect(normalizePem('-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----')).toBe(PEM);
    expect(normalizePem(`${PEM}\n`)).toBe(PEM);
  });
});
