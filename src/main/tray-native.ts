/** The Electron side of the tray: a Tray whose image, tooltip and menu the TrayController sets. */
import { Menu, Tray, nativeImage } from 'electron';
import type { TrayAction, TrayIconState, TrayMenuItem } from '../shared/tray';
import { toMenuTemplate, trayIconFile, type IconVariant, type TrayView } from './tray';

interface NativeTray {
  view: TrayView;
  tray: Tray;
}

export function createNativeTray(o: {
  iconDir: string;
  platform: NodeJS.Platform;
  variant: IconVariant;
  onAction: (action: TrayAction) => void;
  /** Left click: Windows and some Linux panels expect it to open the window. */
  onClick: () => void;
}): NativeTray {
  const image = (state: TrayIconState, variant: IconVariant) => {
    const img = nativeImage.createFromPath(trayIconFile(o.iconDir, state, variant));
    if (variant === 'template') img.setTemplateImage(true);
    return img;
  };
  const tray = new Tray(image('ok', o.variant));
  if (o.platform !== 'darwin') tray.on('click', o.onClick);
  const view: TrayView = {
    setIcon: (state, variant) => tray.setImage(image(state, variant)),
    setToolTip: (text) => tray.setToolTip(text),
    // Linux (libappindicator) only picks up a changed menu when it is set again: always set a new one.
    setMenu: (items: readonly TrayMenuItem[]) =>
      tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(items, o.onAction, o.platform))),
  };
  return { view, tray };
}
