// What the sandboxed preload may use of `electron` (tsconfig.preload.json maps `electron` here): the
// real electron.d.ts pulls in Node's types, and a sandboxed preload has no Node at run time. The
// signatures follow electron.d.ts (Electron 45) for the members the preload uses.
declare module 'electron' {
  export interface IpcRendererEvent {
    sender: unknown;
    ports: unknown[];
  }
  export const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): unknown;
    removeListener(channel: string, listener: (...args: never[]) => void): unknown;
  };
  export const contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };
}
