/**
 * The units createHttpClient is wired from, each on its own: error wording (http-errors.ts), the
 * account's rate-limit gate (rate-limit-gate.ts) and cache + shared flight + stale-if-error
 * (cached-flight.ts). The client as a whole is covered by http-client.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../../../src/core/collector/cache';
import { cachedFlights } from '../../../../src/core/collector/cached-flight';
import { FakeClock } from '../../../helpers/fake-clock';
import { httpErrors } from '../../../../src/core/collector/http-errors';
import { Limiter } from '../../../../src/core/collector/limiter';
import { rateLimitGate } from '../../../../src/core/collector/rate-limit-gate';
import { buildUrl } from '../../../../src/core/collector/request-url';
import { CloudtopError } from '../../../../src/shared/model';
import { capturingLogger } from './helpers';

describe('httpErrors', () => {
  const errors = httpErrors({ provider: 'vastai', name: 'Vast.ai', maxBytes: 1024 });

  it('an SDK error keeps only its class name, never its text', () => {
    class ApiError extends Error {
      override name = 'ApiError';
    }
    const err = errors.sdk(new ApiError('GET /v1?token=planted-sdk-secret failed'), 'list zones', 'api.example');
    expect(err.code).toBe('upstream');
    expect(err.message).toBe('Vast.ai: list zones failed (ApiError)');
    expect(JSON.stringify(err)).not.toContain('planted-sdk-secret');
  });

  it("the provider's mapper wins; a mapper that throws falls back to status and network rules", () => {
    const mapped = new CloudtopError('auth', 'mapped', { provider: 'vastai' });
    expect(errors.sdk(new Error('x'), 'c', 'h', () => mapped)).toBe(mapped);
    const thrower = () => {
      throw new Error('mapper bug');
    };
    expect(errors.sdk({ status: 429 }, 'c', 'h', thrower).code).toBe('rate_limited');
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(errors.sdk(refused, 'c', 'api.example', thrower).message).toBe(
      'Vast.ai: could not reach api.example for c (ECONNREFUSED)',
    );
  });

  it('a timeout and a too-large body name the provider and the path', () => {
    expect(errors.timeout('/offers', 1500).message).toBe('Vast.ai: no answer from /offers within 1.5 s');
    expect(errors.tooLarge('/offers').message).toContain('larger than');
    expect(errors.notJson('/offers', 200).status).toBe(200);
  });
});

describe('rateLimitGate', () => {
  function gate(blockOn429Ms?: number) {
    const clock = new FakeClock();
    const limiter = new Limiter({ intervalMs: 1000, intervalCap: 10, clock });
    const log = capturingLogger();
    return {
      clock,
      limiter,
      log,
      g: rateLimitGate({ provider: 'p', name: 'P', limiter, clock, log, blockOn429Ms, maxBlockWaitMs: 60_000 }),
    };
  }

  it('a 429 with Retry-After blocks the account that long; a 503 only when it asks', () => {
    const { clock, limiter, g } = gate();
    expect(g.noteResponse(429, new Headers({ 'retry-after': '30' }))).toBe(30_000);
    expect(limiter.blockedUntil()).toBe(clock.now() + 30_000);
    const other = gate();
    expect(other.g.noteResponse(503, new Headers())).toBeUndefined();
    expect(other.limiter.blockedUntil()).toBeUndefined();
  });

  it('blockOn429Ms is a floor; an SDK rate_limited error blocks like a 429', () => {
    const { clock, limiter, g } = gate(300_000);
    g.noteError(new CloudtopError('rate_limited', 'slow down', { provider: 'p', retryAfterMs: 5000 }));
    expect(limiter.blockedUntil()).toBe(clock.now() + 300_000);
  });

  it('a block longer than the budget left fails the call at once, naming the wait', () => {
    const { clock, g } = gate();
    g.noteResponse(429, new Headers({ 'retry-after': '120' }));
    expect(() => g.failIfBlockedTooLong('/offers', clock.now())).toThrow(/asked to wait .* \/offers was not sent/);
    const short = gate();
    short.g.noteResponse(429, new Headers({ 'retry-after': '10' }));
    expect(() => short.g.failIfBlockedTooLong('/offers', short.clock.now())).not.toThrow();
  });
});

describe('cachedFlights', () => {
  const setup = () => {
    const clock = new FakeClock();
    const stats = { cacheHits: 0, staleServed: 0 };
    return { clock, stats, flights: cachedFlights(new ResponseCache({ clock }), stats) };
  };
  const opts = (onStale: (c: string) => void = () => {}) => ({ ttlMs: 1000, staleOnError: true, onStale });

  it('concurrent identical calls share one flight, then the cache answers', async () => {
    const { flights, stats } = setup();
    let runs = 0;
    const exec = async () => ++runs;
    const [a, b] = await Promise.all([flights.run('k', opts(), exec), flights.run('k', opts(), exec)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await flights.run('k', opts(), exec)).toBe(1);
    expect(stats.cacheHits).toBe(1);
  });

  it('a retryable failure after expiry serves the stale answer; a non-retryable one does not', async () => {
    const { flights, stats, clock } = setup();
    await flights.run('k', opts(), async () => 'good');
    clock.jump(5000);
    const seen: string[] = [];
    const net = new CloudtopError('network', 'down', { provider: 'p' });
    expect(
      await flights.run(
        'k',
        opts((c) => seen.push(c)),
        () => Promise.reject(net),
      ),
    ).toBe('good');
    expect(seen).toEqual(['network']);
    expect(stats.staleServed).toBe(1);
    const auth = new CloudtopError('auth', 'no', { provider: 'p', retryable: false });
    await expect(flights.run('k', opts(), () => Promise.reject(auth))).rejects.toBe(auth);
  });

  it('without a key every call runs', async () => {
    const { flights } = setup();
    let runs = 0;
    await flights.run(undefined, opts(), async () => ++runs);
    await flights.run(undefined, opts(), async () => ++runs);
    expect(runs).toBe(2);
  });
});

describe('buildUrl', () => {
  it('joins base and path with one slash and repeats array query keys', () => {
    expect(buildUrl('https://a.example/v1/', 'offers', { t: ['x', 'y'], n: 2, skip: undefined }).toString()).toBe(
      'https://a.example/v1/offers?t=x&t=y&n=2',
    );
  });
});
