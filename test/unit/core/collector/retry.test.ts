import { describe, expect, it } from 'vitest';
import { CloudtopError } from '../../../../src/shared/model';
import { FakeClock } from '../../../helpers/fake-clock';
import {
  DEFAULT_RETRY_POLICY,
  classifyHttpStatus,
  fullJitterDelay,
  isRetryable,
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
  retryDelay,
  withRetry,
} from '../../../../src/core/collector/retry';
import { rng, settle } from './helpers';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'Retry-After': '0' }, 0],
    [{ 'retry-after': ' 120 ' }, 120_000],
    [{ 'retry-after': new Date(NOW + 30_000).toUTCString() }, 30_000],
    [{ 'retry-after': 'Wednesday, 01-Jan-25 12:00:45 GMT' }, 45_000],
    [{ 'retry-after': 'Wed Jan  1 12:00:10 2025' }, 10_000],
    [{ 'retry-after': new Date(NOW - 60_000).toUTCString() }, 0],
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    [{ 'retry-after-ms': 'soon', 'retry-after': '9' }, 9000],
    [{ 'retry-after': '86400' }, 3600_000],
    [{ 'retry-after': new Date(NOW + 5 * 86400_000).toUTCString() }, 3600_000],
    [{ 'retry-after': '-5' }, undefined],
    [{ 'retry-after': 'tomorrow' }, undefined],
    [{ 'retry-after': '' }, undefined],
    [{ 'retry-after': '1e3' }, undefined],
    [{}, undefined],
  ])('%j → %s', (headers, expected) => {
    expect(parseRetryAfter(headers, NOW)).toBe(expected);
    expect(parseRetryAfter(new Headers(headers as Record<string, string>), NOW)).toBe(expected);
  });

  it('reads the IETF RateLimit reset (t=) and RateLimit-Reset', () => {
    expect(parseRateLimitReset(new Headers({ ratelimit: '"default";r=0;t=30' }))).toBe(30_000);
    expect(parseRateLimitReset(new Headers({ 'ratelimit-reset': '12' }))).toBe(12_000);
    // DigitalOcean and Hetzner: a Unix time.
    expect(parseRateLimitReset(new Headers({ 'ratelimit-reset': '1700000030' }), 1_700_000_000_000)).toBe(30_000);
    expect(parseRateLimitReset(new Headers({ 'ratelimit-reset': '1699999990' }), 1_700_000_000_000)).toBe(0);
    expect(parseRateLimitReset(new Headers({ ratelimit: 'garbage' }))).toBeUndefined();
  });
});

describe('retry classification', () => {
  it.each([
    [408, true],
    [409, true],
    [423, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [599, true],
    [501, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
    [410, false],
  ])('HTTP %i retryable=%s (status table, classified error and isRetryable agree)', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
    expect(classifyHttpStatus(status, 'vastai').retryable).toBe(retryable);
    expect(isRetryable(classifyHttpStatus(status, 'vastai'))).toBe(retryable);
    expect(isRetryable(Object.assign(new Error('x'), { status }))).toBe(retryable);
  });

  it.each([
    [401, 'auth'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [408, 'timeout'],
    [429, 'rate_limited'],
    [500, 'upstream'],
    [503, 'upstream'],
    [400, 'upstream'],
    [422, 'upstream'],
  ])('HTTP %i → %s with a message naming the provider and a hint', (status, code) => {
    const e = classifyHttpStatus(status, 'vastai', 'detail from provider', {
      displayName: 'Vast.ai',
      what: '/api/v0/bundles/',
    });
    expect(e).toBeInstanceOf(CloudtopError);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(e.provider).toBe('vastai');
    expect(e.message).toMatch(/^Vast\.ai /);
    expect(e.message).toContain(`HTTP ${status}`);
    expect(e.message).toContain('/api/v0/bundles/');
    expect(e.message).toContain('detail from provider');
    expect(e.hint).toBeTruthy();
  });

  it('network errors and timeouts are retried; cancellation, parse errors and plain errors are not', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(isRetryable(refused)).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(new CloudtopError('network', 'x'))).toBe(true);
    expect(isRetryable(new CloudtopError('timeout', 'x'))).toBe(true);
    expect(isRetryable(new CloudtopError('cancelled', 'x', { retryable: true }))).toBe(false);
    expect(isRetryable(new CloudtopError('bad_response', 'x'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(false);
    expect(isRetryable(new TypeError('undefined is not a function'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
  });
});

describe('full jitter', () => {
  it('10k delays for each retry lie in [0, min(cap, base·2^n)) with mean ≈ half', () => {
    const random = rng(7);
    for (let n = 0; n < 7; n++) {
      const cap = Math.min(DEFAULT_RETRY_POLICY.capMs, DEFAULT_RETRY_POLICY.baseMs * 2 ** n);
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < 10_000; i++) {
        const d = fullJitterDelay(n, DEFAULT_RETRY_POLICY, random);
        min = Math.min(min, d);
        max = Math.max(max, d);
        sum += d;
      }
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThan(cap);
      // Spread over the whole range, not clustered.
      expect(min).toBeLessThan(cap * 0.01);
      expect(max).toBeGreaterThan(cap * 0.99);
      expect(sum / 10_000 / cap).toBeGreaterThan(0.47);
      expect(sum / 10_000 / cap).toBeLessThan(0.53);
    }
    expect(fullJitterDelay(20, DEFAULT_RETRY_POLICY, () => 0.999999)).toBeLessThan(30_000);
  });

  it('never retries earlier than the server asked', () => {
    const e = new CloudtopError('rate_limited', 'x', { retryAfterMs: 7000 });
    expect(retryDelay(0, e, DEFAULT_RETRY_POLICY, () => 0)).toBe(7000);
    expect(retryDelay(5, e, DEFAULT_RETRY_POLICY, () => 0.9)).toBe(27_000);
  });
});

describe('withRetry', () => {
  const upstream = (): CloudtopError => classifyHttpStatus(500, 'neon');

  it('under a permanent 500 makes exactly 4 attempts, sleeping on the clock between them', async () => {
    const clock = new FakeClock(0);
    const at: number[] = [];
    const p = withRetry(
      async () => {
        at.push(clock.now());
        throw upstream();
      },
      { clock, random: () => 0.5 },
    );
    const r = await settle(clock, p);
    expect(r.ok).toBe(false);
    expect(at).toHaveLength(4);
    // random 0.5 → half of 1 s, 2 s, 4 s.
    expect(at).toEqual([0, 500, 1500, 3500]);
    expect((r as { error: CloudtopError }).error.code).toBe('upstream');
  });

  it.each([400, 401, 403, 404, 422, 501])('never retries HTTP %i', async (status) => {
    const clock = new FakeClock(0);
    let attempts = 0;
    const p = withRetry(
      async () => {
        attempts++;
        throw classifyHttpStatus(status, 'lambda');
      },
      { clock },
    );
    await expect(p).rejects.toMatchObject({ status });
    expect(attempts).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('succeeds on a later attempt', async () => {
    const clock = new FakeClock(0);
    let attempts = 0;
    const p = withRetry(
      async () => {
        if (++attempts < 3) throw new CloudtopError('network', 'x');
        return 'ok';
      },
      { clock },
    );
    const r = await settle(clock, p);
    expect(r).toMatchObject({ ok: true, value: 'ok' });
    expect(attempts).toBe(3);
  });

  it('stops when the next delay would exceed the retry-time budget', async () => {
    const clock = new FakeClock(0);
    let attempts = 0;
    const p = withRetry(
      async () => {
        attempts++;
        throw new CloudtopError('rate_limited', 'x', { retryAfterMs: 300_000 });
      },
      { clock },
    );
    await expect(p).rejects.toMatchObject({ code: 'rate_limited' });
    expect(attempts).toBe(1);
  });

  it('an abort during the retry sleep stops at once', async () => {
    const clock = new FakeClock(0);
    const ac = new AbortController();
    let attempts = 0;
    const p = withRetry(
      async () => {
        attempts++;
        throw upstream();
      },
      { clock, signal: ac.signal, random: () => 0.9 },
    );
    p.catch(() => {});
    await clock.advanceAsync(10);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(attempts).toBe(1);
  });

  it('retries:0 makes one attempt', async () => {
    const clock = new FakeClock(0);
    let attempts = 0;
    await expect(
      withRetry(
        async () => {
          attempts++;
          throw upstream();
        },
        { clock, policy: { retries: 0 } },
      ),
    ).rejects.toBeInstanceOf(CloudtopError);
    expect(attempts).toBe(1);
  });
});
