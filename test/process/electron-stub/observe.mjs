// Runs before the main bundle: points userData at a temp folder, fires Electron's 'ready' once the
// bundle has loaded, and prints on stdout (one JSON line) what the desktop app did: tray, window,
// IPC handlers, protocol, error boxes. Exits 0 after the report; CLOUDTOP_SMOKE_WAIT_MS bounds the wait.
// This IS the stand-in: resolve-electron.mjs maps `electron` to test/mocks/electron.ts (eslint.layers.js allows it here only).
import { BrowserWindow, Tray, app, dialog, ipcMain, mock, protocol } from 'electron';

app.setPath('userData', process.env.CLOUDTOP_SMOKE_USER_DATA);
app.setPath('logs', process.env.CLOUDTOP_SMOKE_USER_DATA + '/logs');
const waitMs = Number(process.env.CLOUDTOP_SMOKE_WAIT_MS ?? 20000);
const started = Date.now();

async function report(reason) {
  clearInterval(poll);
  const windows = BrowserWindow.getAllWindows();
  // What the window would load: the app:// handler serving the bundled renderer.
  let page = null;
  const handler = protocol.handlers.get('app');
  if (handler) {
    try {
      const res = await handler(new Request('app://cloudtop/index.html'));
      const text = await res.text();
      page = { status: res.status, type: res.headers.get('content-type'), hasRoot: text.includes('id="root"') };
    } catch (e) {
      page = { error: String(e) };
    }
  }
  const line = {
    reason,
    ready: app.isReady(),
    sandbox: app.sandboxEnabled,
    sandboxBeforeReady: app.sandboxEnabledBeforeReady,
    trays: Tray.instances.length,
    trayTooltip: Tray.instances[0]?.tooltip ?? null,
    windowsCreated: mock.windowsCreated,
    windowCalls: windows.flatMap((w) => w.calls),
    ipcChannels: [...ipcMain.handlers.keys()].sort(),
    protocols: [...protocol.handlers.keys()],
    errorBoxes: dialog.errorBoxes,
    exitCode: app.exitCode,
    page,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
  process.exit(0);
}

// The entry module is evaluated after every --import: fire 'ready' on the next turn, as Electron does.
setImmediate(() => app.makeReady());
const poll = setInterval(() => {
  if (dialog.errorBoxes.length > 0 || app.exitCode !== null) void report('error');
  else if (Tray.instances.length > 0 && ipcMain.handlers.size > 0 && BrowserWindow.getAllWindows().length > 0)
    void report('started');
  else if (Date.now() - started > waitMs) void report('timeout');
}, 50);
poll.unref?.();
// Keep the process alive while waiting even if the app itself holds nothing open.
setTimeout(() => {}, waitMs + 1000);
process.on('uncaughtException', (e) => {
  process.stdout.write(JSON.stringify({ reason: 'uncaught', error: String(e?.stack ?? e) }) + '\n');
  process.exit(3);
});
