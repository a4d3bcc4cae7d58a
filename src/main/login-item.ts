/**
 * Launch at login. macOS and Windows: app.setLoginItemSettings (Windows passes `--hidden` so the app
 * starts in the tray). Linux has no such API in Electron: an XDG autostart entry
 * (~/.config/autostart/cloudtop.desktop) does the same, pointing at the AppImage when run from one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HIDDEN_ARG = '--hidden';

interface LoginItemApi {
  setLoginItemSettings(s: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(): { wasOpenedAtLogin?: boolean; openAtLogin?: boolean };
}

export function autostartFile(env: NodeJS.ProcessEnv): string {
  const xdg =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(os.homedir(), '.config');
  return path.join(xdg, 'autostart', 'cloudtop.desktop');
}

/** A desktop entry per the XDG autostart spec. The Exec path is quoted (it may hold spaces). */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=cloudtop',
    'Comment=GPU offers and cloud resources in your tray',
    `Exec=${quoted} ${HIDDEN_ARG}`,
    'Icon=cloudtop',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function applyLoginItem(
  enabled: boolean,
  o: { platform: NodeJS.Platform; api: LoginItemApi; env: NodeJS.ProcessEnv; execPath: string },
): void {
  if (o.platform === 'linux') {
    const file = autostartFile(o.env);
    if (enabled) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, autostartEntry(o.env.APPIMAGE || o.execPath), { mode: 0o644 });
    } else {
      fs.rmSync(file, { force: true });
    }
    return;
  }
  o.api.setLoginItemSettings({ openAtLogin: enabled, args: enabled ? [HIDDEN_ARG] : [] });
}

/** Started by the login item: stay in the tray, do not pop the window up. */
export function startedHidden(argv: readonly string[], platform: NodeJS.Platform, api: LoginItemApi): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && api.getLoginItemSettings().wasOpenedAtLogin === true;
}
