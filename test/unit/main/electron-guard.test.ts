/**
 * Guard (docs/reliability.md G1): no test may load the real `electron` package — from plain Node it tries
 * to download its binary. Importing all of main and the preload must resolve `electron` to the mock
 * and leave require.cache without electron's index.js (nor electron-updater, which requires it).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the real electron package is never loaded', () => {
  it('main and preload import the mock', async () => {
    const name = 'electron';
    const mod = (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
    expect(typeof mod.resetElectronMock).toBe('function');
    expect(mod.default).toBeDefined();
    // Import everything main is made of: any real `require('electron')` would land in require.cache.
    await import('../../../src/main/app');
    await import('../../../src/main/settings-store');
    await import('../../../src/main/updater');
    await import('../../../src/preload/index');
    const require = createRequire(import.meta.url);
    const cached = Object.keys(require.cache);
    const electronIndex = path.join('node_modules', 'electron', 'index.js');
    expect(cached.filter((k) => k.endsWith(electronIndex))).toEqual([]);
    expect(cached.filter((k) => k.includes(`${path.sep}electron-updater${path.sep}`))).toEqual([]);
  });
});
