/** The provider kit's shared jobs, each in one wording for every provider. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateConfig } from '../../../../../src/core/config/validate';
import {
  discoverFromEnv,
  parseProviderOptions,
  sdkErrorMapper,
  secretHint,
  validatePayload,
} from '../../../../../src/core/providers/kit';
import { providerRegistry } from '../../../../../src/core/providers/registry';
import { credentialHint } from '../../../../../src/core/secrets/credentials';
import { discoverCredentials } from '../../../../../src/node/discovery';
import { CloudtopError } from '../../../../../src/shared/model';

describe('validatePayload', () => {
  it('names the first offending field and how many more there were, never the value', () => {
    const schema = z.object({ items: z.array(z.object({ price: z.number(), id: z.string() })) });
    let err: unknown;
    try {
      validatePayload(
        schema,
        { items: [{ price: 'SECRET-ish', id: 3 }] },
        { provider: 'x', displayName: 'X', what: 'offers' },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudtopError);
    expect((err as CloudtopError).code).toBe('bad_response');
    expect((err as CloudtopError).message).toMatch(
      /^X offers: unexpected response shape at "items\[0\]\.price" \(.*\) \(\+1 more\)$/,
    );
    expect((err as CloudtopError).message).not.toContain('SECRET-ish');
  });
});

describe('options', () => {
  it('parseProviderOptions fills defaults and names a bad option', () => {
    const owner = {
      id: 'lambda',
      displayName: 'Lambda',
      optionsSchema: z.object({ n: z.number().default(3) }).strict(),
    };
    expect(parseProviderOptions(owner, undefined)).toEqual({ n: 3 });
    expect(() => parseProviderOptions(owner, { n: 'x' })).toThrow(
      /^Invalid Lambda options in cloudtop\.json: providers\.lambda\.options\.n: /,
    );
  });

  it('every provider with options declares optionsSchema, and cloudtop.json is checked against it at load', () => {
    for (const id of ['vastai', 'lambda', 'runpod', 'oci'])
      expect(providerRegistry.find((d) => d.id === id)?.optionsSchema, id).toBeDefined();
    const r = validateConfig(
      { providers: { vastai: { options: { limit: -5 } } } },
      { env: {}, descriptors: providerRegistry },
    );
    expect(r.config).toBeNull();
    expect(r.issues.map((i) => i.path)).toContain('providers.vastai.options.limit');
    expect(
      validateConfig({ providers: { vastai: { options: { limit: 50 } } } }, { env: {}, descriptors: providerRegistry })
        .issues,
    ).toEqual([]);
  });
});

describe('one secret-hint rule', () => {
  it('the credential status, discovery and the kit agree', () => {
    const long = 'abcdefghijklmnopqrstuvwxyz0123456789WXYZ';
    expect(secretHint(long)).toBe('…WXYZ');
    expect(credentialHint(long, true)).toBe(secretHint(long));
    expect(secretHint('0123456789abcde')).toBe('•••'); // 15 characters: four would be too much of it
    const found = discoverCredentials({ NEON_API_KEY: long, CLOUDFLARE_API_TOKEN: long }, '/nonexistent');
    expect(found.map((f) => f.provider).sort()).toEqual(['cloudflare', 'neon']);
    for (const f of found) expect(f.description).toContain('…WXYZ');
  });

  it('discoverFromEnv needs its first field and validates the others', () => {
    const fields = [
      { field: 'apiKey', env: 'K', pattern: /^\w{16,}$/, secret: true },
      { field: 'org', env: 'O', pattern: /^[a-z]+$/, secret: false },
    ] as const;
    expect(discoverFromEnv('neon', [...fields], { O: 'acme' })).toEqual([]);
    expect(discoverFromEnv('neon', [...fields], { K: 'k'.repeat(20), O: 'NOT OK' })[0]!.fields).toEqual({
      apiKey: 'k'.repeat(20),
    });
  });
});

describe('sdkErrorMapper', () => {
  const map = sdkErrorMapper({
    provider: 'neon',
    displayName: 'Neon',
    what: 'projects.list',
    nowMs: 0,
    read: (e) =>
      e && typeof e === 'object' && 'st' in e
        ? { status: (e as { st: number }).st, headers: { 'retry-after': '9' } }
        : undefined,
  });
  it('maps statuses through the same wording as plain requests, with Retry-After', () => {
    expect(map({ st: 429 })).toMatchObject({ code: 'rate_limited', retryAfterMs: 9000 });
    expect((map({ st: 429 }) as CloudtopError).message).toContain('asked to wait 9 s');
    expect(map({ st: 401 })).toMatchObject({ code: 'auth' });
    expect(map({ st: 503 })).toMatchObject({ code: 'upstream', retryable: true });
    expect(map(new SyntaxError('x'))).toMatchObject({ code: 'bad_response' });
    expect(map(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toMatchObject({
      code: 'network',
    });
    expect(map(new Error('has https://x?token=abc'))).toMatchObject({ code: 'upstream' });
    expect((map(new Error('has https://x?token=abc')) as CloudtopError).message).not.toContain('token');
  });
});
