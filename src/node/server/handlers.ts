/**
 * One function per contract channel, calling the Core. `dispatch` validates the request with the
 * channel's schema, runs the handler and validates the response, and always resolves to a `Result`:
 * nothing thrown inside reaches the socket, and only schema-shaped data (never a secret) leaves.
 */
import type { z } from 'zod';
import type { Core } from '../../core/types';
import { answerHistoryReport } from '../../core/history/answer';
import {
  invokeChannels,
  type AppInfo,
  type InvokeChannel,
  type InvokeResponse,
  type Result,
} from '../../shared/ipc/contract';
import { toErrorInfo, type ErrorInfo } from '../../shared/model/errors';

export interface HandlerContext {
  core: Core;
  appInfo: () => AppInfo;
  /** Called after a successful settings change so every open page can update. */
  onSettingsChanged?: (view: InvokeResponse<'settings.get'>) => void;
}

type Req<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>;
type Handlers = { [C in InvokeChannel]: (req: Req<C>, ctx: HandlerContext) => Promise<unknown> | unknown };

const handlers: Handlers = {
  'app.info': (_req, { appInfo }) => appInfo(),
  'snapshot.get': (_req, { core }) => core.snapshot(),
  refresh: async (req, { core }) => ({ version: (await core.refresh({ providers: req.providers })).version }),
  'providers.list': (_req, { core }) => core.providers(),
  'credentials.status': (req, { core }) => core.credentials.status(req.provider, req.account),
  'credentials.set': (req, { core }) => core.credentials.set(req.provider, req.account, req.values),
  'credentials.delete': (req, { core }) => core.credentials.delete(req.provider, req.account),
  'credentials.test': (req, { core }) => core.credentials.test(req.provider, req.account, req.values),
  'watches.list': (_req, { core }) => core.watches.list(),
  'watches.save': (req, { core }) => core.watches.save(req),
  'watches.delete': (req, { core }) => ({ deleted: core.watches.delete(req.id) }),
  'watches.snooze': (req, { core }) => core.watches.snooze(req.id, req.until),
  'alerts.history': (_req, { core }) => core.watches.history(),
  'settings.get': (_req, { core }) => core.settings.view(),
  'settings.update': (req, ctx) => {
    const view = ctx.core.settings.update(req);
    ctx.onSettingsChanged?.(view);
    return view;
  },
  'notifications.pause': (req, ctx) => {
    const view = ctx.core.settings.pauseNotifications(req.until);
    ctx.onSettingsChanged?.(view);
    return view;
  },
  // Browser mode: the page opens the https link itself (a normal <a target=_blank>).
  'app.openExternal': () => ({ opened: false }),
  'channels.list': (_req, { core }) => core.channels.list(),
  'channels.save': (req, { core }) => core.channels.saveFromWindow(req.name, req.target),
  'channels.delete': async (req, { core }) => ({ deleted: await core.channels.deleteFromWindow(req.name) }),
  'channels.test': (req, { core }) => core.channels.test(req.name),
  'history.report': (req, { core }) => answerHistoryReport(core.history, req),
};

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
    const handler = handlers[channel] as (r: unknown, c: HandlerContext) => unknown;
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
