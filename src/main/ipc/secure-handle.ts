/**
 * The only way main answers IPC (docs/reliability.md A9; ESLint could ban raw `ipcMain.handle` elsewhere).
 * For every call: the channel must be in the contract, the sender must pass TrustedSenders (own
 * window, main frame, app origin), the payload must parse with the channel's request schema, the
 * handler's answer must parse with the response schema. The reply is always a Result: nothing thrown
 * crosses IPC, an invalid request never reaches the handler, and error text comes from
 * CloudtopError messages (written never to hold secrets) or a generic line.
 */
import type { z } from 'zod';
import { invokeChannels, type InvokeChannel, type InvokeResponse, type Result } from '../../shared/ipc/contract';
import { toErrorInfo, type ErrorInfo } from '../../shared/model/errors';
import type { Logger } from '../../core/log/types';
import { ipcInvokeName, isInvokeChannel } from './channels';
import type { SenderLike, TrustedSenders } from './sender';

type InvokeRequestParsed<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>;
export type InvokeHandler<C extends InvokeChannel> = (
  request: InvokeRequestParsed<C>,
) => Promise<InvokeResponse<C>> | InvokeResponse<C>;

/** What secureHandle needs from ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderLike, payload: unknown) => unknown): void;
  removeHandler(channel: string): void;
}

export interface SecureHandleOptions {
  senders: TrustedSenders;
  log?: Logger;
}

export const FORBIDDEN: ErrorInfo = {
  code: 'forbidden',
  message: 'IPC call refused: it did not come from the cloudtop window',
  retryable: false,
};

/** Names the first problem without echoing values (a credentials payload carries secrets). */
export function describeIssues(channel: string, error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return `Invalid request for ${channel}`;
  const path = first.path
    .map((p, i, all) => (all[i - 1] === 'values' ? '…' : typeof p === 'symbol' ? '?' : String(p)))
    .join('.')
    .slice(0, 120);
  return `Invalid request for ${channel}${path ? ` at "${path}"` : ''}: ${first.code}`;
}

/** The whole check-parse-run-validate pipeline, separate from ipcMain so tests and the fuzzer call it directly. */
export async function runSecure<C extends InvokeChannel>(
  channel: C,
  handler: InvokeHandler<C>,
  event: SenderLike,
  payload: unknown,
  opts: SecureHandleOptions,
): Promise<Result<InvokeResponse<C>>> {
  try {
    const verdict = opts.senders.check(event);
    if (!verdict.ok) {
      opts.log?.warn({ channel, reason: verdict.reason }, 'IPC call refused');
      return { ok: false, error: FORBIDDEN };
    }
    const spec = invokeChannels[channel];
    const req = spec.request.safeParse(payload === undefined ? {} : payload);
    if (!req.success) {
      return {
        ok: false,
        error: { code: 'config', message: describeIssues(channel, req.error), retryable: false },
      };
    }
    let value: unknown;
    try {
      value = await handler(req.data as InvokeRequestParsed<C>);
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
    const res = spec.response.safeParse(value);
    if (!res.success) {
      opts.log?.error({ channel }, 'IPC handler answered outside the contract');
      return {
        ok: false,
        error: {
          code: 'bad_response',
          message: `The app answered ${channel} with data outside the contract`,
          retryable: false,
        },
      };
    }
    return { ok: true, value: res.data as InvokeResponse<C> };
  } catch {
    // Belt and braces: a getter on a hostile object, a logger that throws. Never reject across IPC.
    return { ok: false, error: { code: 'upstream', message: 'Unexpected internal error', retryable: true } };
  }
}

/** Registers one contract channel. Throws at startup (a programming error) for a channel not in the contract. */
export function secureHandle<C extends InvokeChannel>(
  ipc: IpcMainLike,
  channel: C,
  handler: InvokeHandler<C>,
  opts: SecureHandleOptions,
): () => void {
  if (!isInvokeChannel(channel)) throw new Error(`secureHandle: "${String(channel)}" is not a contract channel`);
  const name = ipcInvokeName(channel);
  ipc.handle(name, (event, payload) => runSecure(channel, handler, event, payload, opts));
  return () => ipc.removeHandler(name);
}
