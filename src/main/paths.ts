/**
 * Where the desktop app finds its files. Settings live where the CLI looks for them
 * (src/node/paths.ts): `CLOUDTOP_HOME` when set, else Electron's userData — which is
 * $XDG_CONFIG_HOME/cloudtop on Linux, ~/Library/Application Support/cloudtop on macOS and
 * %APPDATA%\cloudtop on Windows, the CLI's defaults too.
 */
import path from 'node:path';

export interface MainPaths {
  settingsDir: string;
  windowStateFile: string;
  logFile: string;
  rendererDir: string;
  preloadFile: string;
  trayIconDir: string;
  appIcon: string;
}

interface MainPathsInput {
  env: NodeJS.ProcessEnv;
  userData: string;
  logs: string;
  /** Folder of the built main bundle (out/main). */
  mainDir: string;
  /** process.resourcesPath in a packaged app. */
  resourcesPath?: string;
  packaged: boolean;
}

export function mainPaths(i: MainPathsInput): MainPaths {
  const home = i.env.CLOUDTOP_HOME?.trim();
  const settingsDir = home ? path.resolve(home) : i.userData;
  const logDir = home ? path.join(path.resolve(home), 'logs') : i.logs;
  // Packaged: icons are extraResources next to app.asar (the tray wants real files); dev: the repo's resources/.
  const res = i.packaged && i.resourcesPath ? i.resourcesPath : path.resolve(i.mainDir, '..', '..', 'resources');
  return {
    settingsDir,
    windowStateFile: path.join(settingsDir, 'window-state.json'),
    logFile: path.join(logDir, 'cloudtop-desktop.log'),
    rendererDir: path.resolve(i.mainDir, '..', 'renderer'),
    // electron-vite emits the sandboxed preload as CommonJS (index.cjs): see electron.vite.config.ts.
    preloadFile: path.resolve(i.mainDir, '..', 'preload', 'index.cjs'),
    trayIconDir: path.join(res, 'tray'),
    appIcon: path.join(res, 'icon.png'),
  };
}
