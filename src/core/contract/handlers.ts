/**
 * The one table of contract handlers: every invoke channel of src/shared/ipc/contract.ts mapped to
 * the Core. Electron IPC (src/main/ipc/handlers.ts, through secureHandle) and the WebSocket server
 * (src/node/server/handlers.ts, through dispatch) both run this table, so a channel is added in one
 * place and both faces behave the same by construction. What differs per face is only what the
 * context provides: the desktop really opens links and reacts to settings (login item, tray).
 */
import type { z } from 'zod';
import type { AppInfo, InvokeChannel, InvokeResponse, SettingsView, invokeChannels } from '../../shared/ipc/contract';
import type { Core } from '../types';
import { answerHistoryReport, answerModelTrends } from '../history/answer';

export interface ContractContext {
  core: Core;
  appInfo(): AppInfo;
  /** Opens an allow-listed https URL in the browser; absent in browser mode (the page opens it). */
  openExternal?(url: string): Promise<boolean>;
  /** After settings.update / notifications.pause succeeded (every open page or window updates). */
  onSettingsChanged?(view: SettingsView): void;
  /** A refresh asked for from a window is running / done (the tray shows "Refreshing…"). */
  onRefresh?(running: boolean): void;
}

export type ContractRequest<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>;
export type ContractResponse<C extends InvokeChannel> = InvokeResponse<C>;
export type ContractHandler<C extends InvokeChannel> = (
  req: ContractRequest<C>,
  ctx: ContractContext,
) => ContractResponse<C> | Promise<ContractResponse<C>>;

export const contractHandlers: { [C in InvokeChannel]: ContractHandler<C> } = {
  'app.info': (_req, ctx) => ctx.appInfo(),
  'snapshot.get': (_req, { core }) => core.snapshot(),
  refresh: async (req, ctx) => {
    ctx.onRefresh?.(true);
    try {
      return { version: (await ctx.core.refresh({ providers: req.providers })).version };
    } finally {
      ctx.onRefresh?.(false);
    }
  },
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
  'app.openExternal': async (req, ctx) => ({ opened: ctx.openExternal ? await ctx.openExternal(req.url) : false }),
  'channels.list': (_req, { core }) => core.channels.list(),
  'channels.save': (req, { core }) => core.channels.saveFromWindow(req.name, req.target),
  'channels.delete': async (req, { core }) => ({ deleted: await core.channels.deleteFromWindow(req.name) }),
  'channels.test': (req, { core }) => core.channels.test(req.name),
  'history.report': (req, { core }) => answerHistoryReport(core.history, req),
  'history.trends': (req, { core }) => answerModelTrends(core.history, req),
};
