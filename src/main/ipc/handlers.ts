/**
 * Electron IPC for the contract: the core's one handler table (src/core/contract/handlers.ts, shared
 * with the WebSocket server), registered through secureHandle, which validates requests and
 * responses and turns thrown CloudtopErrors into Results.
 */
import { contractHandlers, type ContractContext, type ContractHandler } from '../../core/contract/handlers';
import type { InvokeChannel, SettingsView } from '../../shared/ipc/contract';
import { secureHandle, type InvokeHandler, type IpcMainLike, type SecureHandleOptions } from './secure-handle';

/** The desktop's context: it really opens links and reacts to settings (login item, updater, tray). */
interface MainHandlerContext extends ContractContext {
  openExternal(url: string): Promise<boolean>;
  onSettingsChanged(view: SettingsView): void;
}

export type MainHandlers = { [C in InvokeChannel]: InvokeHandler<C> };

/** The core's one contract table (src/core/contract/handlers.ts), bound to the desktop's context. */
export function createHandlers(ctx: MainHandlerContext): MainHandlers {
  const bind = <C extends InvokeChannel>(c: C): InvokeHandler<C> => {
    const handler = contractHandlers[c] as ContractHandler<C>;
    return (req) => handler(req, ctx);
  };
  return Object.fromEntries(
    (Object.keys(contractHandlers) as InvokeChannel[]).map((c) => [c, bind(c)]),
  ) as MainHandlers;
}

/** Registers every contract channel through secureHandle; returns a function that removes them all. */
export function registerHandlers(ipc: IpcMainLike, handlers: MainHandlers, opts: SecureHandleOptions): () => void {
  const removers = (Object.keys(handlers) as InvokeChannel[]).map((c) =>
    secureHandle(ipc, c, handlers[c] as InvokeHandler<typeof c>, opts),
  );
  return () => removers.forEach((r) => r());
}
