import { describe, expect, it } from 'vitest';
import { mapCloudflareError, sdk } from '../../../../../src/core/providers/cloudflare/client';
import { parseRetryAfter } from '../../../../../src/core/providers/kit';
import { discover, secretHint } from '../../../../../src/core/providers/cloudflare/discover';
import { analyticsWindow } from '../../../../../src/core/providers/cloudflare/graphql';
import { CloudtopError } from '../../../../../src/shared/model';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const apiError = (status: number, errors: { code: number; message: string }[], headers: Record<string, string> = {}) =>
  sdk().APIError.generate(
    status,
    { success: false, errors, messages: [], result: null },
    undefined,
    new Headers(headers),
  );
const map = (name: string, e: unknown): CloudtopError => mapCloudflareError(name, NOW)(e) as CloudtopError;

describe('mapCloudflareError', () => {
  it('maps a 429 to rate_limited with the server delay (seconds, ms and HTTP date)', () => {
    const e = map(
      'workers.scripts.list',
      apiError(429, [{ code: 971, message: 'Please wait' }], { 'retry-after': '300' }),
    );
    expect(e).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 300_000, retryable: true });
    expect(e.hint).toMatch(/5 minutes/);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500' }), NOW)).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(NOW + 30_000).toUTCString() }), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '999999' }), NOW)).toBe(3_600_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
  });

  it('maps auth failures, including 400 "Invalid API Token" and a 403 on the account list', () => {
    expect(map('user.tokens.verify', apiError(401, [{ code: 1000, message: 'Invalid API Token' }])).code).toBe('auth');
    expect(map('user.tokens.verify', apiError(400, [{ code: 1000, message: 'Invalid API Token' }])).code).toBe('auth');
    expect(map('accounts.list', apiError(403, [{ code: 10000, message: 'Authentication error' }])).code).toBe('auth');
    const e = map('user.tokens.verify', apiError(401, [{ code: 1000, message: 'Invalid API Token' }]));
    expect(e.message).toBe(
      'Cloudflare rejected the API token (401 on user.tokens.verify) — Cloudflare says "1000: Invalid API Token"',
    );
  });

  it('names the missing permission on a 403', () => {
    const e = map('r2.buckets.list', apiError(403, [{ code: 10000, message: 'Authentication error' }]));
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/the token needs Workers R2 Storage Read \(or is no longer valid\)/);
    expect(e.hint).toBe('Add Workers R2 Storage Read to the API token in the Cloudflare dashboard.');
  });

  it('maps 5xx as retryable, 4xx as not, and transport errors by kind', () => {
    expect(map('x', apiError(503, [{ code: 1, message: 'down' }]))).toMatchObject({
      code: 'upstream',
      retryable: true,
    });
    expect(map('x', apiError(422, [{ code: 1, message: 'bad' }]))).toMatchObject({
      code: 'upstream',
      retryable: false,
    });
    expect(map('x', apiError(404, []))).toMatchObject({ code: 'not_found' });
    expect(map('x', new (sdk().APIConnectionTimeoutError)()).code).toBe('timeout');
    expect(map('x', new (sdk().APIConnectionError)({ cause: new TypeError('fetch failed') })).code).toBe('network');
    expect(map('x', new (sdk().APIUserAbortError)()).code).toBe('cancelled');
    expect(map('x', new SyntaxError('Unexpected end of JSON input')).code).toBe('bad_response');
    const passthrough = new CloudtopError('timeout', 'already mapped');
    expect(map('x', passthrough)).toBe(passthrough);
    expect(map('x', 'weird').code).toBe('upstream');
  });
});

describe('analyticsWindow', () => {
  it('ends 5 minutes in the past at second precision', () => {
    expect(analyticsWindow('a', NOW + 123, 3_600_000)).toEqual({
      accountTag: 'a',
      start: '2026-01-01T10:55:00Z',
      end: '2026-01-01T11:55:00Z',
    });
  });
});

describe('discover', () => {
  const token = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD';
  it('offers CLOUDFLARE_API_TOKEN (and a valid CLOUDFLARE_ACCOUNT_ID) with a hint, never more', () => {
    expect(
      discover({ CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_ACCOUNT_ID: '023E105F4ECEF8AD9CA31A8372D0C353' }),
    ).toEqual([
      {
        provider: 'cloudflare',
        source: 'environment variables CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID',
        fields: { apiToken: token, accountId: '023e105f4ecef8ad9ca31a8372d0c353' },
        hints: { apiToken: '…ABCD', accountId: '023e105f4ecef8ad9ca31a8372d0c353' },
      },
    ]);
    expect(discover({ CLOUDFLARE_API_TOKEN: ` ${token}\n`, CLOUDFLARE_ACCOUNT_ID: 'not-an-id' })[0]!.fields).toEqual({
      apiToken: token,
    });
  });

  it('ignores absent, empty or obviously broken values and the legacy global key', () => {
    expect(discover({})).toEqual([]);
    expect(discover({ CLOUDFLARE_API_TOKEN: '' })).toEqual([]);
    expect(discover({ CLOUDFLARE_API_TOKEN: 'has spaces in it and is long enough' })).toEqual([]);
    expect(discover({ CLOUDFLARE_API_KEY: token, CLOUDFLARE_EMAIL: 'a@b.c' })).toEqual([]);
    expect(secretHint('short')).toBe('•••');
  });
});
