/**
 * The real desktop app under Playwright's `_electron` (docs/reliability.md G3): the unpackaged build from
 * out/, against the provider simulators, with its own CLOUDTOP_HOME. Checks what only a running
 * Electron can show: the renderer's effective webPreferences, no `require` in the page, the bridge's
 * exact surface, window.open and navigation denied, inline script blocked by the CSP, IPC answers,
 * and the window hiding (not closing) on close.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { startSimulators, type SimFleet } from '../../src/sim/launch';
import { secretEnvName } from '../../src/core/secrets/types';
import { EVENT_METHODS, INVOKE_METHODS } from '../../src/shared/ipc/bridge';
import type { ProviderId } from '../../src/shared/model';
import { findElectronBinary } from './electron-binary';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = findElectronBinary(repo);

test.skip(!binary.path, binary.reason);

let app: ElectronApplication;
let page: Page;
let fleet: SimFleet;
let home: string;

test.beforeAll(async () => {
  for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!fs.existsSync(path.join(repo, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  fleet = await startSimulators({ seed: 7 });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-e2e-electron-'));
  const creds: Record<string, string> = {};
  for (const [provider, values] of Object.entries(fleet.credentials)) {
    for (const [field, value] of Object.entries(values ?? {})) {
      creds[secretEnvName({ provider: provider as ProviderId, profile: 'default', field })] = value;
    }
  }
  app = await electron.launch({
    executablePath: binary.path!,
    args: [repo],
    cwd: repo,
    env: {
      ...(process.env as Record<string, string>),
      ...fleet.env,
      ...creds,
      CLOUDTOP_HOME: home,
      CLOUDTOP_DISABLE_UPDATES: '1',
      ELECTRON_ENABLE_SECURITY_WARNINGS: 'true',
    },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  await fleet?.close();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

test('the window loads app://cloudtop with hardened webPreferences', async () => {
  expect(page.url()).toBe('app://cloudtop/index.html');
  // getLastWebPreferences() left Electron's API; read it where it still exists, else rely on the page checks below.
  const prefs = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => {
      const wc = w.webContents as unknown as { getLastWebPreferences?: () => unknown };
      return wc.getLastWebPreferences?.() ?? null;
    }),
  );
  expect(prefs).toHaveLength(1);
  if (prefs[0] !== null)
    expect(prefs[0]).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  // Context isolation: the page cannot reach the preload's globals or Electron's.
  expect(await page.evaluate(() => typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer)).toBe('undefined');
});

test('the page has no Node and exactly the bridge’s named methods', async () => {
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  const keys = await page.evaluate(() => Object.keys((window as unknown as { cloudtop: object }).cloudtop).sort());
  expect(keys).toEqual([...Object.values(INVOKE_METHODS), ...Object.values(EVENT_METHODS)].sort());
  const info = await page.evaluate(() =>
    (window as unknown as { cloudtop: { appInfo(): Promise<unknown> } }).cloudtop.appInfo(),
  );
  expect(info).toMatchObject({ ok: true, value: { mode: 'desktop' } });
});

test('window.open and navigation are denied; inline script is blocked by the CSP', async () => {
  const before = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  await page.evaluate(() => window.open('https://example.com/'));
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(before);
  expect(page.url()).toBe('app://cloudtop/index.html');
  const violated = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.head.appendChild(s);
        setTimeout(() => resolve(false), 2000);
      }),
  );
  expect(violated).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
});

test('offers from the simulators reach the window', async () => {
  await expect(page.getByRole('heading', { name: /offers/i }).first()).toBeVisible();
  const snapshot = await page.evaluate(() =>
    (
      window as unknown as { cloudtop: { getSnapshot(): Promise<{ ok: boolean; value: { offers: unknown[] } }> } }
    ).cloudtop.getSnapshot(),
  );
  expect(snapshot.ok).toBe(true);
  await expect
    .poll(
      async () =>
        (
          await page.evaluate(() =>
            (
              window as unknown as { cloudtop: { getSnapshot(): Promise<{ value: { offers: unknown[] } }> } }
            ).cloudtop.getSnapshot(),
          )
        ).value.offers.length,
    )
    .toBeGreaterThan(0);
});

test('closing the window hides it; the app keeps running in the tray', async () => {
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
  const state = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })),
  );
  expect(state).toEqual([{ visible: false, destroyed: false }]);
});
