/**
 * Electron channel names for the contract's channels. The prefix keeps ours apart from anything a
 * library registers (electron-store has its own) and lets the sender check name what it guards. The
 * preload spells the same prefixes as literals (it may not import main); a test checks they agree.
 */
import { invokeChannels, type EventChannel, type InvokeChannel } from '../../shared/ipc/contract';

export const INVOKE_PREFIX = 'cloudtop:invoke:';
export const EVENT_PREFIX = 'cloudtop:event:';

export const ipcInvokeName = (c: InvokeChannel): string => `${INVOKE_PREFIX}${c}`;
export const ipcEventName = (e: EventChannel): string => `${EVENT_PREFIX}${e}`;

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && Object.hasOwn(invokeChannels, c);
}
