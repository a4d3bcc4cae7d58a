/**
 * The tray: the pure model from src/shared/tray, rendered natively. Snapshots can arrive in bursts
 * (six providers finishing within a second): `TrayController.invalidate()` only marks the model dirty;
 * it is recomputed at most once per `minIntervalMs` (trailing edge, so the last state always shows),
 * and each native call (image, tooltip, menu) happens only when its part of the model changed.
 */
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { deepEqual, type TrayAction, type TrayIconState, type TrayMenuItem, type TrayMenuModel } from '../shared/tray';

export type IconVariant = 'template' | 'light' | 'dark';

/**
 * Which PNG to use. macOS gets monochrome template images (the menu bar tints them); elsewhere the
 * glyph must contrast with the panel: light-coloured on a dark theme, dark on a light one.
 */
export function trayIconVariant(platform: NodeJS.Platform, darkTheme: boolean): IconVariant {
  if (platform === 'darwin') return 'template';
  return darkTheme ? 'dark' : 'light';
}

export function trayIconFile(dir: string, state: TrayIconState, variant: IconVariant): string {
  return path.join(dir, variant === 'template' ? `${state}Template.png` : `${state}-${variant}.png`);
}

/** `&` marks a mnemonic in Windows and Linux menus; a label must show it literally. */
function escapeLabel(label: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? label : label.replace(/&/g, '&&');
}

export function toMenuTemplate(
  items: readonly TrayMenuItem[],
  onAction: (action: TrayAction) => void,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: escapeLabel(item.label, platform), enabled: false };
      case 'action':
        return { label: escapeLabel(item.label, platform), enabled: item.enabled, click: () => onAction(item.action) };
      case 'submenu':
        return { label: escapeLabel(item.label, platform), submenu: toMenuTemplate(item.items, onAction, platform) };
    }
  });
}

/** The native side the controller drives (Electron's Tray + Menu + nativeImage, or a test double). */
export interface TrayView {
  setIcon(state: TrayIconState, variant: IconVariant): void;
  setToolTip(text: string): void;
  setMenu(items: readonly TrayMenuItem[]): void;
}

export interface TimerLike {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: TimerLike = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

interface TrayControllerOptions {
  view: TrayView;
  /** Computes the current model (reads snapshot, watches, settings; `now` from the timers). */
  model: (now: number) => TrayMenuModel;
  variant: () => IconVariant;
  timers?: TimerLike;
  minIntervalMs?: number;
}

export class TrayController {
  private readonly view: TrayView;
  private readonly computeModel: (now: number) => TrayMenuModel;
  private readonly variant: () => IconVariant;
  private readonly timers: TimerLike;
  private readonly minIntervalMs: number;
  private shown: { model: TrayMenuModel; variant: IconVariant } | null = null;
  private lastRenderAt = -Infinity;
  private pending: unknown = null;
  private disposed = false;
  /** Native calls made (tests and diagnostics). */
  readonly counts = { renders: 0, icon: 0, tooltip: 0, menu: 0 };

  constructor(o: TrayControllerOptions) {
    this.view = o.view;
    this.computeModel = o.model;
    this.variant = o.variant;
    this.timers = o.timers ?? realTimers;
    this.minIntervalMs = o.minIntervalMs ?? 1000;
  }

  /** Something the tray shows may have changed. Cheap: call it on every snapshot. */
  invalidate(): void {
    if (this.disposed || this.pending !== null) return;
    const wait = this.lastRenderAt + this.minIntervalMs - this.timers.now();
    if (wait <= 0 && this.shown !== null) {
      this.render();
      return;
    }
    this.pending = this.timers.setTimeout(
      () => {
        this.pending = null;
        this.render();
      },
      Math.max(0, wait),
    );
  }

  /** Renders now (first paint, an action the user just took). */
  render(): void {
    if (this.disposed) return;
    if (this.pending !== null) {
      this.timers.clearTimeout(this.pending);
      this.pending = null;
    }
    const now = this.timers.now();
    this.lastRenderAt = now;
    const model = this.computeModel(now);
    const variant = this.variant();
    const prev = this.shown;
    this.counts.renders++;
    if (!prev || prev.model.icon !== model.icon || prev.variant !== variant) {
      this.view.setIcon(model.icon, variant);
      this.counts.icon++;
    }
    if (!prev || prev.model.tooltip !== model.tooltip) {
      this.view.setToolTip(model.tooltip);
      this.counts.tooltip++;
    }
    if (!prev || !deepEqual(prev.model.items, model.items)) {
      this.view.setMenu(model.items);
      this.counts.menu++;
    }
    this.shown = { model, variant };
  }

  current(): TrayMenuModel | null {
    return this.shown?.model ?? null;
  }

  dispose(): void {
    this.disposed = true;
    if (this.pending !== null) this.timers.clearTimeout(this.pending);
    this.pending = null;
  }
}
