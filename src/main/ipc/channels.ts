/**
 * Main's view of the Electron channel names: the names themselves live in src/shared/ipc/channels.ts
 * (the preload uses the same module), re-exported here for main's existing imports.
 */
import { invokeChannels, type InvokeChannel } from '../../shared/ipc/contract';

export { EVENT_PREFIX, INVOKE_PREFIX, ipcEventName, ipcInvokeName } from '../../shared/ipc/channels';

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && Object.hasOwn(invokeChannels, c);
}
