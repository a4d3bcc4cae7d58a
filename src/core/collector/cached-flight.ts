/**
 * Cache, in-flight sharing and stale-if-error around one request or SDK call: a fresh cached answer
 * is returned at once, concurrent identical calls share one flight, and a failure that is retryable
 * (or a bad body) serves the last good answer when the caller allows it.
 */
import { isCloudtopError } from '../../shared/model';
import type { ResponseCache } from './cache';

interface FlightStats {
  cacheHits: number;
  staleServed: number;
}

interface Flights {
  run<T>(
    key: string | undefined,
    o: { ttlMs?: number; staleOnError?: boolean; onStale: (code: string) => void },
    exec: () => Promise<T>,
  ): Promise<T>;
}

export function cachedFlights(cache: ResponseCache | undefined, stats: FlightStats): Flights {
  const inflight = new Map<string, Promise<unknown>>();
  return {
    run<T>(
      key: string | undefined,
      o: { ttlMs?: number; staleOnError?: boolean; onStale: (code: string) => void },
      exec: () => Promise<T>,
    ): Promise<T> {
      if (!cache || key === undefined) return exec();
      if (cache.has(key)) {
        stats.cacheHits++;
        return Promise.resolve(cache.get<T>(key) as T);
      }
      const pending = inflight.get(key);
      if (pending) return pending as Promise<T>;
      const go = async (): Promise<T> => {
        try {
          const value = await exec();
          cache.set(key, value, o.ttlMs!);
          return value;
        } catch (e) {
          const stale = o.staleOnError ? cache.getStale<T>(key) : undefined;
          if (stale !== undefined && isCloudtopError(e) && (e.retryable || e.code === 'bad_response')) {
            stats.staleServed++;
            o.onStale(e.code);
            return stale;
          }
          throw e;
        }
      };
      const p = go().finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
  };
}
