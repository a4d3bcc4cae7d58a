/**
 * Electron channel names for the contract's channels, spelled once for main and the preload. The
 * prefix keeps ours apart from anything a library registers (electron-store has its own) and lets
 * the sender check name what it guards.
 */
import type { EventChannel, InvokeChannel } from './contract';

export const INVOKE_PREFIX = 'cloudtop:invoke:';
export const EVENT_PREFIX = 'cloudtop:event:';

export const ipcInvokeName = (c: InvokeChannel): string => `${INVOKE_PREFIX}${c}`;
export const ipcEventName = (e: EventChannel): string => `${EVENT_PREFIX}${e}`;
