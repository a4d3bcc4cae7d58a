/**
 * One handler per contract channel, calling the Core (the server has the same table for the
 * WebSocket; the desktop differs in app.openExternal, which really opens, and in what a settings
 * change does: login item, updater, tray). Handlers may throw CloudtopErrors: secureHandle turns
 * them into Results.
 */
import type { Core } from '../../core/types';
import { answerHistoryReport } from '../../core/history/answer';
import type { AppInfo, InvokeChannel, SettingsView } from '../../shared/ipc/contract';
import { secureHandle, type InvokeHandler, type IpcMainLike, type SecureHandleOptions } from './secure-handle';

export interface MainHandlerContext {
  core: Core;
  appInfo(): AppInfo;
  /** Opens an allow-listed https URL in the browser; false when refused. */
  openExternal(url: string): Promise<boolean>;
  /** After settings.update / notifications.pause succeeded. */
  onSettingsChanged(view: SettingsView): void;
  /** A refresh asked for from the window is running / done (tray shows "Refreshing…"). */
  onRefresh?(running: boolean): void;
}

export type MainHandlers = { [C in InvokeChannel]: InvokeHandler<C> };

export function createHandlers(ctx: MainHandlerContext): MainHandlers {
  const { core } = ctx;
  return {
    'app.info': () => ctx.appInfo(),
    'snapshot.get': () => core.snapshot(),
    refresh: async (req) => {
      ctx.onRefresh?.(true);
      try {
        return { version: (await core.refresh({ providers: req.providers })).version };
      } finally {
        ctx.onRefresh?.(false);
      }
    },
    'providers.list': () => core.providers(),
    'credentials.status': (req) => core.credentials.status(req.provider, req.account),
    'credentials.set': (req) => core.credentials.set(req.provider, req.account, req.values),
    'credentials.delete': (req) => core.credentials.delete(req.provider, req.account),
    'credentials.test': (req) => core.credentials.test(req.provider, req.account, req.values),
    'watches.list': () => core.watches.list(),
    'watches.save': (req) => core.watches.save(req),
    'watches.delete': (req) => ({ deleted: core.watches.delete(req.id) }),
    'watches.snooze': (req) => core.watches.snooze(req.id, req.until),
    'alerts.history': () => core.watches.history(),
    'settings.get': () => core.settings.view(),
    'settings.update': (req) => {
      const view = core.settings.update(req);
      ctx.onSettingsChanged(view);
      return view;
    },
    'notifications.pause': (req) => {
      const view = core.settings.pauseNotifications(req.until);
      ctx.onSettingsChanged(view);
      return view;
    },
    'app.openExternal': async (req) => ({ opened: await ctx.openExternal(req.url) }),
    'channels.list': () => core.channels.list(),
    'channels.save': (req) => core.channels.saveFromWindow(req.name, req.target),
    'channels.delete': async (req) => ({ deleted: await core.channels.deleteFromWindow(req.name) }),
    'channels.test': (req) => core.channels.test(req.name),
    'history.report': (req) => answerHistoryReport(core.history, req),
  };
}

/** Registers every contract channel through secureHandle; returns a function that removes them all. */
export function registerHandlers(ipc: IpcMainLike, handlers: MainHandlers, opts: SecureHandleOptions): () => void {
  const removers = (Object.keys(handlers) as InvokeChannel[]).map((c) =>
    secureHandle(ipc, c, handlers[c] as InvokeHandler<typeof c>, opts),
  );
  return () => removers.forEach((r) => r());
}
