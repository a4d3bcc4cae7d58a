import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, mockEvent, resetElectronMock } from '../../mocks/electron';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  WindowStateFile,
  createMainWindow,
  manageWindow,
  revealWindow,
  sanitizeBounds,
} from '../../../src/main/window';

let tmp: string;
beforeEach(() => {
  resetElectronMock();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-win-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('window security options', () => {
  it('sandboxed, isolated, no node, web security on, nothing experimental, no webview', () => {
    const w = createMainWindow({ preload: '/app/out/preload/index.cjs', show: false }) as unknown as BrowserWindow;
    expect(w.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(w.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(w.options.show).toBe(false);
  });

  it('the source keeps a literal webPreferences (what Electronegativity and reviewers read)', () => {
    const src = fs.readFileSync(path.join(__dirname, '../../../src/main/window.ts'), 'utf8');
    const prefs = src.slice(src.indexOf('webPreferences: {'), src.indexOf('},', src.indexOf('webPreferences: {')));
    for (const line of ['sandbox: true,', 'contextIsolation: true,', 'nodeIntegration: false,', 'webSecurity: true,'])
      expect(prefs).toContain(line);
    // Only one place creates windows.
    const mainDir = path.join(__dirname, '../../../src/main');
    const creators = fs
      .readdirSync(mainDir, { recursive: true })
      .filter(
        (f) =>
          String(f).endsWith('.ts') &&
          fs.readFileSync(path.join(mainDir, String(f)), 'utf8').includes('new BrowserWindow('),
      );
    expect(creators).toEqual(['window.ts']);
  });
});

describe('hide on close, bounds remembered', () => {
  it('closing hides the window unless the app is quitting', () => {
    let quitting = false;
    const w = new BrowserWindow({ show: true });
    manageWindow(w as never, { isQuitting: () => quitting });
    w.close();
    expect(w.destroyed).toBe(false);
    expect(w.visible).toBe(false);
    quitting = true;
    w.close();
    expect(w.destroyed).toBe(true);
  });

  it('saves bounds on close and after moving (debounced), and restores them', () => {
    vi.useFakeTimers();
    try {
      const state = new WindowStateFile(path.join(tmp, 'window-state.json'));
      const w = new BrowserWindow({ x: 10, y: 40, width: 900, height: 700 });
      manageWindow(w as never, { isQuitting: () => false, state, debounceMs: 500 });
      w.setBounds({ x: 100, y: 120 });
      w.setBounds({ x: 110, y: 130 });
      expect(fs.existsSync(state.file)).toBe(false);
      vi.advanceTimersByTime(500);
      expect(state.load()).toEqual({ x: 110, y: 130, width: 900, height: 700, maximized: false });
      w.maximize();
      w.emit('close', mockEvent());
      expect(state.load()?.maximized).toBe(true);
      expect(fs.statSync(state.file).mode & 0o777).toBe(0o600);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a damaged state file means defaults, not a crash', () => {
    const f = path.join(tmp, 'window-state.json');
    for (const bad of [
      '{',
      '[]',
      '{"x":"1","y":0,"width":1,"height":1}',
      '{"x":1e309,"y":0,"width":10,"height":10}',
      '\u0000\u0001',
    ]) {
      fs.writeFileSync(f, bad);
      expect(new WindowStateFile(f).load()).toBeUndefined();
    }
  });

  it('bounds on a display that is gone are brought back on screen; sizes clamped', () => {
    const primary = { x: 0, y: 25, width: 1440, height: 875 };
    expect(sanitizeBounds(undefined, [primary])).toEqual({ x: 130, y: 73, ...DEFAULT_SIZE });
    expect(sanitizeBounds({ x: 200, y: 200, width: 1000, height: 700 }, [primary])).toEqual({
      x: 200,
      y: 200,
      width: 1000,
      height: 700,
    });
    // Saved on a second monitor at x=3000 that is no longer attached.
    const moved = sanitizeBounds({ x: 3000, y: 100, width: 1000, height: 700 }, [primary]);
    expect(moved).toEqual({ x: 220, y: 113, width: 1000, height: 700 });
    expect(sanitizeBounds({ x: 0, y: 0, width: 5000, height: 10 }, [primary])).toMatchObject({
      width: 1440,
      height: MIN_SIZE.height,
    });
    expect(sanitizeBounds({ x: 0, y: 0, width: 1000, height: 700 }, [])).toMatchObject({ width: 1000, height: 700 });
  });

  it('revealWindow restores a minimised window, shows and focuses it', () => {
    const w = new BrowserWindow({ show: false });
    w.minimize();
    revealWindow(w);
    expect(w.calls).toEqual(['restore', 'show', 'focus']);
  });
});
