import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import { SETTINGS_FILE_NAME } from '../core/settings/file-settings-store';

const APP_NAME = 'cloudtop';
const CONFIG_FILE_NAME = 'cloudtop.json';
const LOG_FILE_NAME = 'cloudtop.log';

interface CloudtopPaths {
  /** Folder of settings.json: Electron's userData for an app named "cloudtop". */
  settingsDir: string;
  settingsFile: string;
  /** Default `cloudtop.json` (used when no `--config` is given). */
  configFile: string;
  logDir: string;
  logFile: string;
  /** Why these paths: `CLOUDTOP_HOME`, or the platform defaults. */
  origin: 'CLOUDTOP_HOME' | 'platform';
}

type Env = Record<string, string | undefined>;

/**
 * Where cloudtop keeps its files.
 *
 * - `CLOUDTOP_HOME=<dir>`: one folder for everything (tests, CI, portable installs):
 *   `<dir>/settings.json`, `<dir>/cloudtop.json`, `<dir>/logs/cloudtop.log`.
 * - Linux: settings and config in `$XDG_CONFIG_HOME/cloudtop` (~/.config/cloudtop), logs in
 *   `$XDG_STATE_HOME/cloudtop` (~/.local/state/cloudtop). These are env-paths' answers; they are
 *   computed from the injected `env` so tests need not touch process.env.
 * - macOS / Windows: config and logs from env-paths('cloudtop', {suffix: ''}); settings in Electron's
 *   userData (~/Library/Application Support/cloudtop, %APPDATA%\cloudtop) so the app finds them.
 */
export function cloudtopPaths(env: Env = process.env, platform: NodeJS.Platform = process.platform): CloudtopPaths {
  const home = env.CLOUDTOP_HOME?.trim();
  if (home) {
    const root = path.resolve(home);
    return build(root, root, path.join(root, 'logs'), 'CLOUDTOP_HOME');
  }
  const homedir = os.homedir();
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
    const xdgConfig = absoluteOr(env.XDG_CONFIG_HOME, path.join(homedir, '.config'));
    const xdgState = absoluteOr(env.XDG_STATE_HOME, path.join(homedir, '.local', 'state'));
    const dir = path.join(xdgConfig, APP_NAME);
    return build(dir, dir, path.join(xdgState, APP_NAME), 'platform');
  }
  const ep = envPaths(APP_NAME, { suffix: '' });
  const settingsDir =
    platform === 'darwin'
      ? path.join(homedir, 'Library', 'Application Support', APP_NAME)
      : path.join(env.APPDATA || path.join(homedir, 'AppData', 'Roaming'), APP_NAME);
  return build(settingsDir, ep.config, ep.log, 'platform');
}

/** XDG says relative values are invalid and must be ignored. */
function absoluteOr(value: string | undefined, fallback: string): string {
  return value && path.isAbsolute(value) ? value : fallback;
}

function build(settingsDir: string, configDir: string, logDir: string, origin: CloudtopPaths['origin']): CloudtopPaths {
  return {
    settingsDir,
    settingsFile: path.join(settingsDir, SETTINGS_FILE_NAME),
    configFile: path.join(configDir, CONFIG_FILE_NAME),
    logDir,
    logFile: path.join(logDir, LOG_FILE_NAME),
    origin,
  };
}
