/**
 * The account's rate-limit gate: a 429 (or a 503 with Retry-After) blocks every request of the
 * account for as long as the provider asked (Retry-After, then X-RateLimit-Reset, at least
 * `blockOn429Ms`), and a call that would have to wait longer than its budget fails at once.
 */
import { CloudtopError } from '../../shared/model';
import type { Logger } from '../log/types';
import type { Clock } from './clock';
import type { Limiter } from './limiter';
import { formatWait, parseRateLimitReset, parseRetryAfter } from './retry';

interface RateLimitGateOptions {
  provider: string;
  name: string;
  limiter: Limiter;
  clock: Clock;
  log: Logger;
  /** After a 429, block the account for at least this long (Cloudflare: 300 s). */
  blockOn429Ms?: number;
  /** Longest block a call waits for; past it the call fails with `rate_limited`. */
  maxBlockWaitMs: number;
}

export function rateLimitGate(o: RateLimitGateOptions) {
  const { limiter, clock, name } = o;
  return {
    /** Records a 429/503 answer: blocks the account as long as the provider asked. Returns that wait. */
    noteResponse(status: number, headers: Headers): number | undefined {
      const now = clock.now();
      let asked = parseRetryAfter(headers, now);
      if (status === 429) {
        asked ??= parseRateLimitReset(headers, now);
        const block = Math.max(asked ?? 0, o.blockOn429Ms ?? 0);
        if (block > 0) {
          limiter.blockUntil(now + block);
          o.log.warn(
            { call: 'rate-limit', blockMs: block },
            `${name} answered 429; pausing all requests for this account`,
          );
          return block;
        }
        return asked;
      }
      if (status === 503 && asked !== undefined && asked > 0) limiter.blockUntil(now + asked);
      return asked;
    },

    /** An SDK's `rate_limited` error blocks the account like a 429 seen directly. */
    noteError(err: CloudtopError): CloudtopError {
      if (err.code !== 'rate_limited') return err;
      const block = Math.max(err.retryAfterMs ?? 0, o.blockOn429Ms ?? 0);
      if (block > 0) limiter.blockUntil(clock.now() + block);
      return err;
    },

    /** A block that outlasts what is left of this call's time budget fails the call at once. */
    failIfBlockedTooLong(what: string, startedAt: number): void {
      const until = limiter.blockedUntil();
      if (until === undefined) return;
      const wait = until - clock.now();
      if (wait <= o.maxBlockWaitMs - (clock.now() - startedAt)) return;
      throw new CloudtopError(
        'rate_limited',
        `${name} is rate limiting cloudtop and asked to wait ${formatWait(wait)} more (until ${new Date(until).toISOString()}); ${what} was not sent`,
        {
          provider: o.provider,
          retryable: false,
          retryAfterMs: wait,
          hint: `cloudtop sends nothing to ${name} until then and resumes by itself; a longer poll interval avoids this`,
        },
      );
    },
  };
}

export type RateLimitGate = ReturnType<typeof rateLimitGate>;
