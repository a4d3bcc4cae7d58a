/**
 * Builds a provider's real client (descriptor.create) over the real collector HttpClient, pointed
 * at a simulator on loopback. Only the pacing differs from production: a fast limiter and short
 * backoff, so contract tests exercise retries and timeouts without waiting seconds for them.
 */
import { ResponseCache } from '../../src/core/collector/cache';
import { realClock, type Clock } from '../../src/core/collector/clock';
import { createHttpClient, type CollectorHttpClient } from '../../src/core/collector/http-client';
import { Limiter } from '../../src/core/collector/limiter';
import type { RetryPolicy } from '../../src/core/collector/retry';
import { silentLogger, type Logger } from '../../src/core/log/types';
import type { AnyProviderDescriptor, ProviderClient } from '../../src/core/providers/types';

export interface ConnectOptions {
  baseUrl: string;
  credentials: Record<string, string> | null;
  options?: Record<string, unknown>;
  clock?: Clock;
  log?: Logger;
  /** Per-attempt timeout (default: the descriptor's). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Limiter pacing (default: effectively unlimited, so tests do not wait on the real spacing). */
  intervalMs?: number;
  intervalCap?: number;
}

export interface Connected {
  client: ProviderClient;
  http: CollectorHttpClient;
}

export function connectProvider(descriptor: AnyProviderDescriptor, o: ConnectOptions): Connected {
  const clock = o.clock ?? realClock;
  const limiter = new Limiter({ intervalMs: o.intervalMs ?? 1000, intervalCap: o.intervalCap ?? 1000, clock });
  const http = createHttpClient({
    provider: descriptor.id,
    account: 'default',
    displayName: descriptor.displayName,
    baseUrl: o.baseUrl,
    limiter,
    clock,
    cache: new ResponseCache({ clock }),
    log: o.log,
    defaultTimeoutMs: o.timeoutMs ?? descriptor.timeoutMs,
    blockOn429Ms: descriptor.rateLimit.blockOn429Ms,
    retry: { baseMs: 20, capMs: 100, ...o.retry },
  });
  const client = descriptor.create({
    provider: descriptor.id,
    account: 'default',
    baseUrl: o.baseUrl,
    credentials: o.credentials,
    http,
    clock,
    log: o.log ?? silentLogger,
    options: o.options ?? {},
  });
  return { client, http };
}
