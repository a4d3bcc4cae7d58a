/**
 * Smoke run of the built Electron main bundle (out/main/index.js, what the installers ship) under
 * plain Node, with `electron` resolved to the recording stand-in (test/mocks/electron.ts, through
 * test/process/electron-stub/). A bundling or import error, or a start-up crash, fails here instead
 * of on a user's machine. The real Electron binary is not available on this build machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, isolatedEnv } from './cli-process';

interface SmokeReport {
  reason: string;
  error?: string;
  ready: boolean;
  sandbox: boolean;
  sandboxBeforeReady: boolean;
  trays: number;
  trayTooltip: string | null;
  windowsCreated: number;
  windowCalls: string[];
  ipcChannels: string[];
  protocols: string[];
  errorBoxes: Array<{ title: string; content: string }>;
  exitCode: number | null;
  page: { status: number; type: string; hasRoot: boolean } | null;
}

function runMain(): Promise<{ code: number | null; report: SmokeReport | undefined; stderr: string }> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-proc-electron-'));
  const stub = (f: string) => `./test/process/electron-stub/${f}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', stub('register.mjs'), '--import', stub('observe.mjs'), 'out/main/index.js'],
    { cwd: ROOT, env: isolatedEnv({ CLOUDTOP_SMOKE_USER_DATA: userData }), stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      resolve({ code, report: line ? (JSON.parse(line) as SmokeReport) : undefined, stderr });
    }),
  );
}

describe('the built Electron main bundle', () => {
  it('loads, starts the tray, window and IPC, and serves the window from the bundle', async () => {
    expect(fs.existsSync(path.join(ROOT, 'out/main/index.js')), 'run `npx electron-vite build` first').toBe(true);
    const { code, report, stderr } = await runMain();
    expect(report, stderr).toBeDefined();
    expect(report!.error, stderr).toBeUndefined();
    expect(report!.reason, JSON.stringify(report)).toBe('started');
    expect(code).toBe(0);
    expect(report!.errorBoxes).toEqual([]);
    expect(report!.exitCode).toBeNull();
    expect(report!.sandboxBeforeReady).toBe(true);
    expect(report!.trays).toBe(1);
    expect(report!.trayTooltip).toMatch(/^cloudtop/);
    expect(report!.windowsCreated).toBe(1);
    expect(report!.windowCalls[0]).toBe('loadURL app://cloudtop/index.html');
    expect(report!.protocols).toContain('app');
    for (const channel of ['snapshot.get', 'settings.get', 'settings.update', 'credentials.set', 'refresh'])
      expect(report!.ipcChannels).toContain(`cloudtop:invoke:${channel}`);
    expect(report!.page).toEqual({ status: 200, type: 'text/html; charset=utf-8', hasRoot: true });
  });
});
