/**
 * The WebSocket face of the contract: the core's one handler table (src/core/contract/handlers.ts,
 * shared with Electron IPC). `dispatch` validates the request with the
 * channel's schema, runs the handler and validates the response, and always resolves to a `Result`:
 * nothing thrown inside reaches the socket, and only schema-shaped data (never a secret) leaves.
 */
import type { z } from 'zod';
import { contractHandlers, type ContractContext } from '../../core/contract/handlers';
import { invokeChannels, type InvokeChannel, type Result } from '../../shared/ipc/contract';
import { toErrorInfo, type ErrorInfo } from '../../shared/model/errors';

/** The server's context: no openExternal (the page opens https links itself). */
export type HandlerContext = ContractContext;

/** Describes a validation failure without echoing values (a credentials payload carries secrets). */
export function describeIssues(channel: string, error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return `Invalid request for ${channel}`;
  const path = first.path
    .map((p, i, all) => (all[i - 1] === 'values' ? '…' : String(p)))
    .join('.')
    .slice(0, 120);
  return `Invalid request for ${channel}${path ? ` at "${path}"` : ''}: ${first.code}`;
}

export function invalidRequest(message: string): ErrorInfo {
  return {
    code: 'config',
    message,
    retryable: false,
    hint: 'The page and the server disagree on the contract: reload the page',
  };
}

export async function dispatch(
  channel: InvokeChannel,
  payload: unknown,
  ctx: HandlerContext,
): Promise<Result<unknown>> {
  const spec = invokeChannels[channel];
  const req = spec.request.safeParse(payload ?? {});
  if (!req.success) return { ok: false, error: invalidRequest(describeIssues(channel, req.error)) };
  let value: unknown;
  try {
    const handler = contractHandlers[channel] as (r: unknown, c: HandlerContext) => unknown;
    value = await handler(req.data, ctx);
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
  const res = spec.response.safeParse(value);
  if (!res.success) {
    return {
      ok: false,
      error: {
        code: 'bad_response',
        message: `The core answered ${channel} with data outside the contract`,
        retryable: false,
      },
    };
  }
  return { ok: true, value: res.data };
}
