import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../helpers/fake-clock';
import { ResponseCache, bodyHash, callCacheKey, requestCacheKey } from '../../../../src/core/collector/cache';

describe('ResponseCache', () => {
  it('expires per entry on the clock and keeps the last good value', async () => {
    const clock = new FakeClock(0);
    const cache = new ResponseCache({ clock });
    cache.set('a', 1, 1000);
    cache.set('b', 2, 5000);
    await clock.advanceAsync(1001);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.getStale('a')).toBe(1);
    expect(cache.get('b')).toBe(2);
    await clock.advanceAsync(5000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.getStale('b')).toBe(2);
  });

  it('is bounded (LRU)', () => {
    const cache = new ResponseCache({ clock: new FakeClock(0), max: 2 });
    cache.set('a', 1, 1000);
    cache.set('b', 2, 1000);
    cache.get('a');
    cache.set('c', 3, 1000);
    expect(cache.getStale('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
  });
});

describe('cache keys', () => {
  const base = { provider: 'vastai', account: 'default', method: 'POST', path: 'https://x/api/v0/bundles/' };

  it('carry provider, account, method, path, query (order-free) and a body hash', () => {
    const k = requestCacheKey({ ...base, query: { b: 2, a: 1 }, body: { x: 1, y: [1, 2] } });
    expect(k).toBe(requestCacheKey({ ...base, query: { a: 1, b: 2 }, body: { y: [1, 2], x: 1 } }));
    for (const change of [
      { provider: 'runpod' },
      { account: 'work' },
      { method: 'GET' },
      { path: 'https://x/api/v0/other/' },
      { query: { a: 1, b: 3 } },
      { body: { x: 2, y: [1, 2] } },
    ]) {
      expect(requestCacheKey({ ...base, query: { a: 1, b: 2 }, body: { x: 1, y: [1, 2] }, ...change })).not.toBe(k);
    }
  });

  it('never contain the request body itself', () => {
    const k = requestCacheKey({ ...base, body: { api_key: 'sk-very-secret-value' } });
    expect(k).not.toContain('sk-very-secret-value');
    expect(bodyHash(undefined)).toBe('-');
    expect(callCacheKey('oci', 'a', 'shapes', 'eu')).not.toBe(callCacheKey('oci', 'b', 'shapes', 'eu'));
  });
});
