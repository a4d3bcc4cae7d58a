import { describe, expect, it } from 'vitest';
import { cleanValues, validateCredentials } from '../../../../src/renderer/views/providers/validate-credentials';
import type { CredentialFieldInfo, CredentialStatus } from '../../../../src/shared/model';

const fields: CredentialFieldInfo[] = [
  { name: 'tenancy', label: 'Tenancy OCID', secret: false, optional: false },
  { name: 'privateKey', label: 'Private key (PEM)', secret: true, optional: false, multiline: true },
  { name: 'apiKey', label: 'API key', secret: true, optional: false },
  { name: 'region', label: 'Region', secret: false, optional: true },
];
const status = (configured: string[]): CredentialStatus => ({
  provider: 'oci',
  account: 'default',
  configured: false,
  fields: fields.map((f) => ({
    name: f.name,
    configured: configured.includes(f.name),
    source: configured.includes(f.name) ? 'keychain' : 'none',
  })),
});
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY-----';

describe('credential form validation', () => {
  it('requires every non-optional field that is not stored yet, on save', () => {
    expect(validateCredentials(fields, {}, status([]), true)).toEqual({
      tenancy: 'Required',
      privateKey: 'Required',
      apiKey: 'Required',
      _form: 'Enter at least one value to save',
    });
    expect(validateCredentials(fields, { apiKey: 'k' }, status(['tenancy', 'privateKey']), true)).toEqual({});
  });

  it('lets "test connection" with nothing typed test what is stored', () => {
    expect(validateCredentials(fields, {}, status([]), false)).toEqual({});
  });

  it('checks PEM blocks, pasted spaces and control characters', () => {
    const errs = validateCredentials(
      fields,
      { tenancy: 'ocid1\u0007', privateKey: 'not a key', apiKey: 'abc def' },
      status([]),
      true,
    );
    expect(errs.privateKey).toMatch(/PEM block/);
    expect(errs.apiKey).toMatch(/spaces/);
    expect(errs.tenancy).toMatch(/control/);
    expect(validateCredentials(fields, { tenancy: 't', privateKey: PEM, apiKey: 'k' }, status([]), true)).toEqual({});
  });

  it('trims single-line values, normalises PEM line ends and drops empty fields', () => {
    expect(
      cleanValues(fields, {
        tenancy: '  t1 ',
        privateKey: `\r\n${PEM.replace(/\n/g, '\r\n')}\r\n`,
        apiKey: '',
        region: '   ',
      }),
    ).toEqual({
      tenancy: 't1',
      privateKey: `${PEM}\n`,
    });
  });
});
