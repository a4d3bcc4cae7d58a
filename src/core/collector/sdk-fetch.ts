/**
 * The `fetch` an SDK is given (Cloudflare): each request passes the account's limiter, has its own
 * deadline, notes 429/503 answers on the rate-limit gate and is read under the size cap before the
 * SDK sees a buffered copy. Inside an `http.call()` the first request uses the call's limiter slot;
 * further ones (pagination) each take a window slot. It never retries: `call()` does.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { badPayload } from '../providers/kit/payload';
import { BodyTooLargeError, readCappedBytes } from './body';
import type { Clock } from './clock';
import type { HttpErrors } from './http-errors';
import type { Limiter } from './limiter';
import type { RateLimitGate } from './rate-limit-gate';
import { deadline, type Deadline } from './signals';
import { tryJson } from './request-url';

export interface CallContext {
  owner: object;
  slotFree: boolean;
  signal: AbortSignal;
  /** Deadlines of `http.fetch` requests made inside the call, released when it ends. */
  deadlines: Deadline[];
}

/** The `call()` a request runs inside, if any (per client: `owner`). */
export const callContext = new AsyncLocalStorage<CallContext>();
const utf8 = new TextDecoder();

interface SdkFetchOptions {
  owner: object;
  provider: string;
  name: string;
  fetchImpl: typeof fetch;
  limiter: Limiter;
  clock: Clock;
  timeoutMs: number;
  maxBytes: number;
  lifetime?: AbortSignal;
  gate: RateLimitGate;
  errors: HttpErrors;
  stats: { requests: number };
  checkResponse?: (path: string, body: unknown) => string | undefined;
}

export function sdkFetch(o: SdkFetchOptions): typeof fetch {
  const { clock, errors } = o;
  const bound = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const ctx = callContext.getStore();
    const inCall = ctx !== undefined && ctx.owner === o.owner;
    const initSignal = init?.signal ?? undefined;
    const go = async (): Promise<Response> => {
      const dl = deadline(clock, o.timeoutMs, [initSignal, inCall ? ctx.signal : undefined, o.lifetime]);
      if (inCall) ctx.deadlines.push(dl);
      try {
        const res = await Promise.race([o.fetchImpl(input, { ...init, signal: dl.signal }), dl.done]);
        o.gate.noteResponse(res.status, res.headers);
        const path = new URL(typeof input === 'string' || input instanceof URL ? input : input.url).pathname;
        // Read here, under the deadline and the size cap, and hand the SDK a buffered copy.
        let bytes: Uint8Array;
        try {
          bytes = await Promise.race([readCappedBytes(res, o.maxBytes), dl.done]);
        } catch (e) {
          if (e instanceof BodyTooLargeError) throw errors.tooLarge(path);
          throw e;
        }
        if (o.checkResponse && res.ok && res.status !== 204) {
          const parsed = tryJson(utf8.decode(bytes));
          if (!parsed.ok) throw errors.notJson(path, res.status);
          const problem = o.checkResponse(path, parsed.value);
          if (problem !== undefined)
            throw badPayload({ provider: o.provider, displayName: o.name, what: path, status: res.status }, problem);
        }
        const body =
          res.status === 204 || res.status === 304
            ? null
            : (bytes as unknown as ConstructorParameters<typeof Response>[0]);
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        dl.cancel();
      }
    };
    if (inCall && ctx.slotFree) {
      ctx.slotFree = false;
      return go();
    }
    o.stats.requests++;
    if (inCall) {
      // Already holding a concurrency slot through call(): take only a window slot, or a limiter
      // with concurrency 1 would deadlock on paginated SDK calls.
      await o.limiter.acquire(ctx.signal);
      return go();
    }
    return o.limiter.schedule(go, initSignal ? { signal: initSignal } : {});
  };
  return bound as typeof fetch;
}
