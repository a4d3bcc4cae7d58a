/**
 * The shape of `window.cloudtop`, the object the sandboxed preload exposes (docs/design.md §8): one named
 * method per contract channel, never a generic `invoke(channel)`, so the page can only reach what is
 * listed here. The preload implements exactly this type; the renderer's IpcApi consumes it.
 */
import type { EventChannel, EventPayload, InvokeChannel, InvokeRequest, InvokeResponse, Result } from './contract';

/** Channel → preload method name. `satisfies` keeps it exhaustive when a channel is added. */
export const INVOKE_METHODS = {
  'app.info': 'appInfo',
  'snapshot.get': 'getSnapshot',
  refresh: 'refresh',
  'providers.list': 'listProviders',
  'credentials.status': 'credentialStatus',
  'credentials.set': 'setCredentials',
  'credentials.delete': 'deleteCredentials',
  'credentials.test': 'testCredentials',
  'watches.list': 'listWatches',
  'watches.save': 'saveWatch',
  'watches.delete': 'deleteWatch',
  'watches.snooze': 'snoozeWatch',
  'alerts.history': 'alertHistory',
  'settings.get': 'getSettings',
  'settings.update': 'updateSettings',
  'notifications.pause': 'pauseNotifications',
  'app.openExternal': 'openExternal',
  'channels.list': 'listChannels',
  'channels.save': 'saveChannel',
  'channels.delete': 'deleteChannel',
  'channels.test': 'testChannel',
  'history.report': 'historyReport',
  'history.trends': 'historyTrends',
} as const satisfies Record<InvokeChannel, string>;

/** Event → preload subscription method name. Each returns an unsubscribe function. */
export const EVENT_METHODS = {
  snapshot: 'onSnapshot',
  'snapshot.diff': 'onSnapshotDiff',
  alert: 'onAlert',
  'focus.offer': 'onFocusOffer',
  'settings.changed': 'onSettingsChanged',
} as const satisfies Record<EventChannel, string>;

export type InvokeMethodName = (typeof INVOKE_METHODS)[InvokeChannel];
export type EventMethodName = (typeof EVENT_METHODS)[EventChannel];

/** Channels whose request is the empty object take no argument. */
type InvokeMethod<C extends InvokeChannel> =
  Record<string, never> extends InvokeRequest<C>
    ? (request?: InvokeRequest<C>) => Promise<Result<InvokeResponse<C>>>
    : (request: InvokeRequest<C>) => Promise<Result<InvokeResponse<C>>>;

type EventMethod<E extends EventChannel> = (listener: (payload: EventPayload<E>) => void) => () => void;

/**
 * Handlers in main return `Result` (never throw across IPC); the renderer turns `{ok:false}` into a
 * CloudtopApiError. Listeners receive only the payload, never the IpcRendererEvent (it leaks `sender`).
 */
export type PreloadBridge = { readonly [C in InvokeChannel as (typeof INVOKE_METHODS)[C]]: InvokeMethod<C> } & {
  readonly [E in EventChannel as (typeof EVENT_METHODS)[E]]: EventMethod<E>;
};
