/**
 * The desktop app's place in the OS: the login item (touched only when the user turned it on, or off
 * after having it on) and automatic updates (paused while the user downloads something).
 */
import { app, session } from 'electron';
import type { Core } from '../core/types';
import type { Logger } from '../core/log/types';
import { applyLoginItem } from './login-item';
import type { TimerLike } from './tray';
import { UpdateController, updatePolicy, type UpdaterLike } from './updater';

export function loginItemSync(o: { core: Core; platform: NodeJS.Platform; env: NodeJS.ProcessEnv; log: Logger }) {
  let applied = o.core.settings.view().settings.launchAtLogin;
  const apply = (enabled: boolean): void => {
    applied = enabled;
    try {
      applyLoginItem(enabled, { platform: o.platform, api: app, env: o.env, execPath: process.execPath });
    } catch (e) {
      o.log.warn({ error: (e as Error).message }, 'launch at login could not be changed');
    }
  };
  // Only touch the OS login items when the user turned it on (or off after having it on).
  if (applied || app.getLoginItemSettings().openAtLogin) apply(applied);
  return {
    /** Applies the setting when it differs from what was applied last. */
    sync(enabled: boolean): void {
      // Only a change of this one setting touches the OS login items (or the Linux autostart file).
      if (enabled !== applied) apply(enabled);
    },
  };
}

interface AppUpdatesOptions {
  core: Core;
  load: () => Promise<UpdaterLike>;
  env: NodeJS.ProcessEnv;
  devServer: boolean;
  timers: TimerLike;
  log: Logger;
  onDownloaded: (version: string) => void;
}

export function appUpdates(o: AppUpdatesOptions): UpdateController {
  let userDownloads = 0;
  const updates = new UpdateController({
    load: o.load,
    policy: () =>
      updatePolicy({
        packaged: app.isPackaged,
        devServer: o.devServer,
        env: o.env,
        autoUpdate: o.core.settings.view().settings.autoUpdate,
      }),
    userDownloads: () => userDownloads,
    timers: o.timers,
    log: o.log,
    onDownloaded: o.onDownloaded,
  });
  session.defaultSession.on('will-download', (_e, item) => {
    userDownloads++;
    item.once('done', () => {
      userDownloads--;
      updates.userDownloadDone();
    });
  });
  return updates;
}
