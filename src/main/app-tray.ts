/**
 * The tray of the desktop app: the native icon and menu, kept in step with the snapshot (throttled
 * by TrayController), the theme and the clock ("x min ago" labels age without a snapshot), and the
 * menu's actions (open, refresh, pause/resume notifications, quit).
 */
import { nativeTheme } from 'electron';
import type { Core } from '../core/types';
import type { Logger } from '../core/log/types';
import type { SettingsView } from '../shared/ipc/contract';
import { buildTrayMenu, pauseUntil, type TrayAction } from '../shared/tray';
import { TrayController, trayIconVariant, type TimerLike } from './tray';
import { createNativeTray } from './tray-native';

/** How often the tray labels are recomputed without a new snapshot. */
const TICK_MS = 30_000;

interface AppTrayOptions {
  core: Core;
  log: Logger;
  platform: NodeJS.Platform;
  iconDir: string;
  timers: TimerLike;
  reveal: (offerId?: string) => void;
  settingsChanged: (view: SettingsView) => void;
  quit: () => void;
  /** Teardown steps run when the app quits. */
  cleanups: Array<() => void>;
}

export function appTray(o: AppTrayOptions) {
  const { core, timers, cleanups } = o;
  let refreshing = false;
  const runRefresh = async () => {
    if (refreshing) return;
    refreshing = true;
    tray.render();
    try {
      await core.refresh();
    } catch (e) {
      o.log.warn({ error: (e as Error).message }, 'refresh failed');
    } finally {
      refreshing = false;
      tray.render();
    }
  };
  const trayAction = (a: TrayAction): void => {
    switch (a.type) {
      case 'open':
        return o.reveal();
      case 'focus-offer':
        return o.reveal(a.offerId);
      case 'refresh':
        return void runRefresh();
      case 'pause':
        return o.settingsChanged(core.settings.pauseNotifications(pauseUntil(a.span, timers.now())));
      case 'resume':
        return o.settingsChanged(core.settings.pauseNotifications(null));
      case 'quit':
        return o.quit();
    }
  };
  const variant = () => trayIconVariant(o.platform, nativeTheme.shouldUseDarkColors);
  const native = createNativeTray({
    iconDir: o.iconDir,
    platform: o.platform,
    variant: variant(),
    onAction: trayAction,
    onClick: () => o.reveal(),
  });
  cleanups.push(() => native.tray.destroy());
  const tray = new TrayController({
    view: native.view,
    variant,
    timers,
    model: (now) =>
      buildTrayMenu(core.snapshot(), core.watches.list(), core.settings.view().settings, now, { refreshing }),
  });
  cleanups.push(() => tray.dispose());
  const onTheme = () => tray.invalidate();
  nativeTheme.on('updated', onTheme);
  cleanups.push(() => nativeTheme.removeListener('updated', onTheme));
  // The deep-equal check in TrayController makes an unchanged tick free.
  const tick = () => {
    tray.invalidate();
    tickTimer = timers.setTimeout(tick, TICK_MS);
  };
  let tickTimer = timers.setTimeout(tick, TICK_MS);
  cleanups.push(() => timers.clearTimeout(tickTimer));
  return {
    tray,
    trayAction,
    /** A refresh started or ended elsewhere (the window's button): the menu shows it. */
    setRefreshing(running: boolean): void {
      refreshing = running;
      tray.invalidate();
    },
  };
}
