import { z } from 'zod';
import type { Logger } from '../../../../src/core/log/types';
import type { FakeClock } from '../../../helpers/fake-clock';
export { seededRandom as rng } from '../../../../src/sim/common/http-sim';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

/** A Logger that keeps every line (with its bindings) so tests can grep them. */
export function capturingLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
): Logger & { lines: LogLine[]; text(): string } {
  const at =
    (level: LogLine['level']) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b) => capturingLogger(lines, { ...bindings, ...b }),
    text: () => lines.map((l) => `${l.level} ${JSON.stringify(l.obj)} ${l.msg ?? ''}`).join('\n'),
  };
}

export interface ScriptedCall {
  at: number;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | 'hang'
  | 'network';

/**
 * A fetch that answers from a script on the fake clock: each call takes the next reply (the last
 * one repeats). `delayMs` waits on the clock; 'hang' never answers (but honours the signal);
 * 'network' throws like undici does when the connection is refused.
 */
export function scriptedFetch(clock: FakeClock, replies: Reply[] | ((call: ScriptedCall, n: number) => Reply)) {
  const calls: ScriptedCall[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const call: ScriptedCall = {
      at: clock.now(),
      url,
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    const n = calls.length - 1;
    const reply = typeof replies === 'function' ? replies(call, n) : replies[Math.min(n, replies.length - 1)];
    const signal = init?.signal;
    if (reply === 'network')
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (reply.delayMs) await clock.sleep(reply.delayMs, signal ?? undefined);
    const body =
      reply.body === undefined ? null : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return new Response(body, { status: reply.status, headers: reply.headers });
  };
  return Object.assign(fn as typeof fetch, { calls });
}

/** Settles a promise while driving the fake clock, so tests never wait in real time. */
export async function settle<T>(
  clock: FakeClock,
  p: Promise<T>,
  stepMs = 100,
  maxMs = 3600_000,
): Promise<{ ok: true; value: T; at: number } | { ok: false; error: unknown; at: number }> {
  let out: { ok: true; value: T; at: number } | { ok: false; error: unknown; at: number } | undefined;
  p.then(
    (value) => (out = { ok: true, value, at: clock.now() }),
    (error: unknown) => (out = { ok: false, error, at: clock.now() }),
  );
  for (let waited = 0; !out && waited <= maxMs; waited += stepMs) await clock.advanceAsync(stepMs);
  if (!out) throw new Error(`promise did not settle within ${maxMs} ms of fake time`);
  return out;
}

export const ItemsSchema = z.object({ items: z.array(z.object({ id: z.string(), price: z.number() })) });
