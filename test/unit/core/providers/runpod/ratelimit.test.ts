import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../helpers/fake-clock';
import { parseSfList, RateLimitPacer } from '../../../../../src/core/providers/runpod/ratelimit';
import { CloudtopError } from '../../../../../src/shared/model';

const SPEC_RATELIMIT = '"minute";r=0;t=12, "hour";r=2800;t=1812, "day";r=49500;t=45012';
const SPEC_POLICY = '"minute";q=60;w=60, "hour";q=3000;w=3600, "day";q=50000;w=86400';

const headers = (h: Record<string, string>): Headers => new Headers(h);

function thrown(fn: () => void): CloudtopError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CloudtopError) return e;
    throw e;
  }
  return undefined;
}

describe('parseSfList', () => {
  it('parses the spec examples', () => {
    expect(parseSfList(SPEC_RATELIMIT)).toEqual([
      { name: 'minute', params: { r: 0, t: 12 } },
      { name: 'hour', params: { r: 2800, t: 1812 } },
      { name: 'day', params: { r: 49500, t: 45012 } },
    ]);
    expect(parseSfList(SPEC_POLICY)[2]).toEqual({ name: 'day', params: { q: 50000, w: 86400 } });
  });

  it('accepts tokens, skips malformed members and tolerates odd spacing', () => {
    expect(parseSfList('default;r=5;t=30,  "a,b";r=1;t=2 , ;;, 12;r=1')).toEqual([
      { name: 'default', params: { r: 5, t: 30 } },
      { name: 'a,b', params: { r: 1, t: 2 } },
    ]);
    expect(parseSfList(undefined)).toEqual([]);
    expect(parseSfList('')).toEqual([]);
  });
});

describe('RateLimitPacer', () => {
  it('lets requests through while the server reports quota left', () => {
    const clock = new FakeClock();
    const p = new RateLimitPacer(clock);
    p.observe(headers({ ratelimit: '"minute";r=10;t=30', 'ratelimit-policy': '"minute";q=60;w=60' }));
    expect(thrown(() => p.check(5))).toBeUndefined();
    expect(p.describePolicy()).toBe('60/minute');
  });

  it('refuses a refresh that would run a window dry, until that window resets', () => {
    const clock = new FakeClock();
    const p = new RateLimitPacer(clock);
    p.observe(headers({ ratelimit: SPEC_RATELIMIT, 'ratelimit-policy': SPEC_POLICY }));
    const e = thrown(() => p.check(1));
    expect(e?.code).toBe('rate_limited');
    expect(e?.retryAfterMs).toBe(12_000);
    expect(e?.message).toContain('"minute"');
    expect(e?.message).toContain('of 60');
    clock.advance(11_999);
    expect(thrown(() => p.check(1))?.retryAfterMs).toBe(1);
    clock.advance(1);
    expect(thrown(() => p.check(1))).toBeUndefined();
  });

  it('blocks on a remaining count smaller than what the refresh needs', () => {
    const clock = new FakeClock();
    const p = new RateLimitPacer(clock);
    p.observe(headers({ ratelimit: '"hour";r=3;t=100' }));
    expect(thrown(() => p.check(3))).toBeUndefined();
    expect(thrown(() => p.check(4))?.retryAfterMs).toBe(100_000);
  });

  it('remembers a 429 that reached the provider and stays silent for its Retry-After', () => {
    const clock = new FakeClock();
    const p = new RateLimitPacer(clock);
    p.observeError(new CloudtopError('rate_limited', 'x', { retryAfterMs: 2000 }));
    expect(thrown(() => p.check(1))?.retryAfterMs).toBe(2000);
    clock.advance(2000);
    expect(thrown(() => p.check(1))).toBeUndefined();
    p.observeError(new CloudtopError('upstream', 'x', { retryAfterMs: 2000 }));
    expect(thrown(() => p.check(1))).toBeUndefined();
  });

  it('ignores absent and nonsense headers and clamps absurd resets to a day', () => {
    const clock = new FakeClock();
    const p = new RateLimitPacer(clock);
    p.observe(headers({}));
    p.observe(headers({ ratelimit: 'garbage;;;' }));
    expect(thrown(() => p.check(100))).toBeUndefined();
    p.observe(headers({ ratelimit: '"day";r=0;t=999999999' }));
    expect(thrown(() => p.check(1))?.retryAfterMs).toBe(24 * 3600 * 1000);
  });
});
