/**
 * The sandboxed preload: exposes `window.cloudtop`, exactly the PreloadBridge of
 * src/shared/ipc/bridge.ts (docs/reliability.md A8, checklist 20). One frozen object of named functions —
 * no ipcRenderer, no send, no generic invoke(channel) — so the page can reach only the contract's
 * channels. Subscriptions hand listeners the payload alone: the IpcRendererEvent (which carries
 * `sender`) never reaches the page. Runs with `sandbox: true`: it is bundled to one CommonJS file
 * that requires nothing but `electron` (electron.vite.config.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_METHODS, INVOKE_METHODS, type PreloadBridge } from '../shared/ipc/bridge';
import { ipcEventName, ipcInvokeName } from '../shared/ipc/channels';
import type { EventChannel, InvokeChannel } from '../shared/ipc/contract';

function invoker(channel: InvokeChannel) {
  const name = ipcInvokeName(channel);
  // Only the payload crosses: never a function, never the caller's extra arguments.
  return (request?: unknown) => ipcRenderer.invoke(name, request === undefined ? {} : request);
}

function subscriber(event: EventChannel) {
  const name = ipcEventName(event);
  return (listener: (payload: unknown) => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(name, wrapped);
    return () => {
      ipcRenderer.removeListener(name, wrapped);
    };
  };
}

function buildBridge(): PreloadBridge {
  const api: Record<string, unknown> = {};
  for (const [channel, method] of Object.entries(INVOKE_METHODS) as Array<[InvokeChannel, string]>)
    api[method] = invoker(channel);
  for (const [event, method] of Object.entries(EVENT_METHODS) as Array<[EventChannel, string]>)
    api[method] = subscriber(event);
  return Object.freeze(api) as PreloadBridge;
}

contextBridge.exposeInMainWorld('cloudtop', buildBridge());
