import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MIN_SECRET_LENGTH, REDACTED, SecretRedactor, isSensitiveKey } from '../../../../src/core/log/redact';

/** Every encoded form a test (or an attacker reading logs) would look for. */
function forms(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [
    secret,
    b.toString('base64'),
    b.toString('base64url'),
    b.toString('hex'),
    b.toString('hex').toUpperCase(),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/** True when any base64-looking token in the text decodes to something containing the secret. */
function leaksThroughBase64(text: string, secret: string): boolean {
  for (const token of text.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []) {
    for (let cut = 0; cut < 4; cut++) {
      const decoded = Buffer.from(
        token.slice(cut),
        token.includes('-') || token.includes('_') ? 'base64url' : 'base64',
      ).toString('latin1');
      if (decoded.includes(Buffer.from(secret, 'utf8').toString('latin1'))) return true;
    }
  }
  return false;
}

describe('SecretRedactor value-based redaction', () => {
  const secrets = ['sk-live-51HqZ8kLmNoPqRsT', 'p@ss w0rd/with+special=chars&more', 'ünïcødé-sécret-€€€', 'abcdef'];

  it.each(secrets)('removes every encoded form of %j', (secret) => {
    const r = new SecretRedactor();
    r.register(secret);
    for (const form of forms(secret)) {
      const out = r.redactText(`before ${form} after`);
      expect(out).not.toContain(form);
      expect(out).toContain(REDACTED);
    }
  });

  it('finds the secret inside base64 of a longer text at every alignment (Basic auth)', () => {
    const secret = 'tok_9f8e7d6c5b4a3210';
    const r = new SecretRedactor();
    r.register(secret);
    for (const prefix of ['', 'u:', 'us:', 'use:', 'user:']) {
      const basic = Buffer.from(`${prefix}${secret}`).toString('base64');
      const out = r.redactText(`Authorization-ish ${basic}`);
      expect(leaksThroughBase64(out, secret)).toBe(false);
    }
  });

  it('property: no registered secret survives in any form', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: MIN_SECRET_LENGTH, maxLength: 64 }),
        fc.string({ maxLength: 20 }),
        (secret, noise) => {
          fc.pre(secret.trim().length >= MIN_SECRET_LENGTH);
          const r = new SecretRedactor();
          r.register(secret);
          for (const form of forms(secret)) {
            const out = r.redactText(`${noise}${form}${noise}`);
            if (out.includes(form)) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores secrets shorter than the minimum length', () => {
    const r = new SecretRedactor();
    r.register('abc12');
    r.register('');
    r.register(undefined);
    expect(r.size).toBe(0);
    expect(r.redactText('abc12 stays')).toBe('abc12 stays');
  });

  it('registers each body line of a PEM key', () => {
    const pem = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----\n`;
    const r = new SecretRedactor();
    r.register(pem);
    const line = 'VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu';
    expect(r.redactText(`partial: ${line}`)).not.toContain(line);
    expect(r.redactText(JSON.stringify({ k: pem }))).not.toContain(
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
    );
  });

  it('containsSecret sees encoded forms', () => {
    const r = new SecretRedactor();
    r.register('hunter2hunter2');
    expect(r.containsSecret(`x=${Buffer.from('hunter2hunter2').toString('hex')}`)).toBe(true);
    expect(r.containsSecret('nothing here')).toBe(false);
  });
});

describe('SecretRedactor key-based redaction', () => {
  it.each([
    'authorization',
    'Authorization',
    'X-Auth-Key',
    'x-auth-email',
    'cookie',
    'Set-Cookie',
    'api_key',
    'apiKey',
    'apikey',
    'token',
    'password',
    'secret',
    'private_key',
    'privateKey',
    'clientSecret',
  ])('%s is sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['provider', 'status', 'tokenCount', 'url', 'account'])('%s is not sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });

  it('redacts unregistered values under sensitive keys, at any depth, and keeps other data', () => {
    const r = new SecretRedactor();
    const out = r.redact({
      provider: 'vastai',
      request: {
        headers: { Authorization: 'Bearer unregistered-token-1', 'X-Auth-Key': 'cfkey123456', accept: 'json' },
      },
      body: [{ apiKey: 'k-in-array-123' }],
      field: { name: 'apiKey', secret: true },
    });
    expect(out).toEqual({
      provider: 'vastai',
      request: { headers: { Authorization: REDACTED, 'X-Auth-Key': REDACTED, accept: 'json' } },
      body: [{ apiKey: REDACTED }],
      field: { name: 'apiKey', secret: true },
    });
  });

  it('turns fetch Headers and Maps into plain objects with sensitive entries redacted', () => {
    const r = new SecretRedactor();
    const headers = new Headers({ authorization: 'Bearer unregistered-token-2', accept: 'json' });
    const map = new Map([['x-api-key', 'map-secret-123456']]);
    expect(r.redact({ headers, map })).toEqual({
      headers: { authorization: REDACTED, accept: 'json' },
      map: { 'x-api-key': REDACTED },
    });
  });

  it('redacts api_key and token query parameters in URLs', () => {
    const r = new SecretRedactor();
    expect(r.redactText('GET https://console.vast.ai/api/v0/users/current/?api_key=abcd1234&owner=me')).toBe(
      `GET https://console.vast.ai/api/v0/users/current/?api_key=${REDACTED}&owner=me`,
    );
    expect(r.redactText('https://api.runpod.io/graphql?api_key=XYZ987')).not.toContain('XYZ987');
    expect(r.redact(new URL('https://x.test/a?token=sekrit99&b=1'))).toBe(`https://x.test/a?token=${REDACTED}&b=1`);
  });

  it('redacts bearer tokens and header lines in free text and in serialised JSON', () => {
    const r = new SecretRedactor();
    expect(r.redactText('failed: Authorization: Bearer abc.def.ghi')).not.toContain('abc.def.ghi');
    expect(r.redactText('sent Bearer eyJhbGciOiJIUzI1NiJ9.x.y to server')).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(r.redactText('{"x-auth-key":"0123456789abcdef","ok":1}')).not.toContain('0123456789abcdef');
    expect(r.redactText('body {"apiKey":"zzz-unregistered","n":1}')).not.toContain('zzz-unregistered');
  });

  it('turns errors into plain redacted objects, with causes, and survives cycles', () => {
    const r = new SecretRedactor();
    r.register('planted-secret-value');
    const cause = new Error('inner planted-secret-value');
    const err = Object.assign(new Error('outer planted-secret-value', { cause }), { code: 'auth', status: 401 });
    const cyclic: Record<string, unknown> = { err };
    cyclic.self = cyclic;
    const out = JSON.stringify(r.redact(cyclic));
    expect(out).not.toContain('planted-secret-value');
    expect(out).toContain('"status":401');
    expect(out).toContain('[Circular]');
  });
});
