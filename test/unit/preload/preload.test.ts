import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contextBridge, ipcRenderer } from '../../mocks/electron';
import { EVENT_METHODS, INVOKE_METHODS } from '../../../src/shared/ipc/bridge';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../src/shared/ipc/contract';
import { ipcEventName, ipcInvokeName } from '../../../src/main/ipc/channels';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let bridge: Record<string, unknown>;

beforeAll(async () => {
  contextBridge.exposed.clear();
  await import('../../../src/preload/index');
  bridge = contextBridge.exposed.get('cloudtop') as Record<string, unknown>;
});

beforeEach(() => {
  ipcRenderer.removeAllListeners();
  ipcRenderer.invocations = [];
  ipcRenderer.invokeImpl = async (channel) => ({ ok: true, value: channel });
});

describe('window.cloudtop', () => {
  it('exposes exactly one object: the named methods of PreloadBridge, frozen', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['cloudtop']);
    const expected = [...Object.values(INVOKE_METHODS), ...Object.values(EVENT_METHODS)].sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const v of Object.values(bridge)) expect(typeof v).toBe('function');
    for (const banned of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'removeListener'])
      expect(bridge).not.toHaveProperty(banned);
  });

  it('each method invokes its own channel, with main’s channel name, passing only the payload', async () => {
    for (const channel of INVOKE_CHANNELS) {
      const method = bridge[INVOKE_METHODS[channel]] as (...a: unknown[]) => Promise<unknown>;
      ipcRenderer.invocations = [];
      const r = await method({ a: 1 }, 'extra-arg', () => 'fn');
      expect(r).toEqual({ ok: true, value: ipcInvokeName(channel) });
      expect(ipcRenderer.invocations).toEqual([{ channel: ipcInvokeName(channel), args: [{ a: 1 }] }]);
    }
    await (bridge.appInfo as () => Promise<unknown>)();
    expect(ipcRenderer.invocations.at(-1)).toEqual({ channel: ipcInvokeName('app.info'), args: [{}] });
  });

  it('subscriptions hand the listener the payload only, never the IpcRendererEvent; unsubscribe works', () => {
    for (const event of EVENT_CHANNELS) {
      const subscribe = bridge[EVENT_METHODS[event]] as (l: (...a: unknown[]) => void) => () => void;
      const got: unknown[][] = [];
      const off = subscribe((...args) => got.push(args));
      ipcRenderer.push(ipcEventName(event), { n: 1 });
      off();
      ipcRenderer.push(ipcEventName(event), { n: 2 });
      expect(got).toEqual([[{ n: 1 }]]);
      expect(ipcRenderer.listenerCount(ipcEventName(event))).toBe(0);
    }
  });

  it('a listener that is not a function is refused', () => {
    expect(() => (bridge.onSnapshot as (l: unknown) => void)('not a function')).toThrow(TypeError);
  });
});

describe('preload source and build', () => {
  const src = fs.readFileSync(path.join(repo, 'src/preload/index.ts'), 'utf8');

  it('never hands ipcRenderer, or a listener passed straight through, to the page', () => {
    expect(src.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(src).not.toMatch(/ipcRenderer\.on\([^,]+,\s*listener\)/);
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(src).not.toMatch(/from 'node:|require\(/);
  });

  const built = path.join(repo, 'out/preload/index.cjs');
  it.skipIf(!fs.existsSync(built))(
    'the built preload is one CommonJS file that requires only electron (sandbox)',
    () => {
      const code = fs.readFileSync(built, 'utf8');
      const requires = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      expect(requires.length).toBeGreaterThan(0);
      expect(new Set(requires)).toEqual(new Set(['electron']));
      expect(code).not.toMatch(/^\s*import\s/m);
      // The main process points webPreferences.preload at this file.
      const mainSrc = fs.readFileSync(path.join(repo, 'src/main/paths.ts'), 'utf8');
      expect(mainSrc).toContain("'preload', 'index.cjs'");
    },
  );
});
