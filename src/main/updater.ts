/**
 * Auto-update through electron-updater from the GitHub release feed (electron-builder `publish`).
 * Off when not packaged, in development, when the user turned it off (settings.autoUpdate) or with
 * CLOUDTOP_DISABLE_UPDATES=1. Never downloads a downgrade; never downloads while a download the
 * user started is running (it waits for it to finish); installs on quit. Signature checks are the
 * platform's: electron-updater verifies the Windows Authenticode publisher and macOS code signature
 * (Squirrel.Mac), and the sha512 in latest*.yml for every platform.
 */
import type { Logger } from '../core/log/types';
import type { TimerLike } from './tray';

export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  disableWebInstaller: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
}

interface UpdatePolicyInput {
  packaged: boolean;
  devServer: boolean;
  env: NodeJS.ProcessEnv;
  autoUpdate: boolean;
}

export function updatePolicy(i: UpdatePolicyInput): { enabled: true } | { enabled: false; reason: string } {
  if (!i.packaged) return { enabled: false, reason: 'not packaged' };
  if (i.devServer) return { enabled: false, reason: 'development' };
  if (i.env.CLOUDTOP_DISABLE_UPDATES === '1') return { enabled: false, reason: 'CLOUDTOP_DISABLE_UPDATES=1' };
  if (!i.autoUpdate) return { enabled: false, reason: 'turned off in settings' };
  return { enabled: true };
}

type UpdateState = 'disabled' | 'idle' | 'checking' | 'available' | 'downloading' | 'downloaded' | 'error';

interface UpdateControllerOptions {
  load: () => Promise<UpdaterLike>;
  policy: () => ReturnType<typeof updatePolicy>;
  /** Downloads the user started (session `will-download`) still running. */
  userDownloads: () => number;
  timers: TimerLike;
  intervalMs?: number;
  log?: Logger;
  onDownloaded?: (version: string) => void;
}

const UPDATE_INTERVAL_MS = 6 * 3_600_000;

export class UpdateController {
  state: UpdateState = 'disabled';
  private updater: UpdaterLike | null = null;
  private timer: unknown = null;
  private waitingForUserDownload = false;
  private stopped = false;

  constructor(private readonly o: UpdateControllerOptions) {}

  /** Starts checking when the policy allows; call again after a settings change. */
  async sync(): Promise<void> {
    const p = this.o.policy();
    if (!p.enabled || this.stopped) {
      if (this.timer !== null) this.o.timers.clearTimeout(this.timer);
      this.timer = null;
      this.state = 'disabled';
      if (!p.enabled) this.o.log?.info({ reason: p.reason }, 'auto-update off');
      return;
    }
    if (this.state !== 'disabled') return;
    this.state = 'idle';
    if (!this.updater) {
      try {
        this.updater = await this.o.load();
      } catch (e) {
        this.state = 'error';
        this.o.log?.warn({ error: (e as Error).message }, 'auto-update unavailable');
        return;
      }
      this.configure(this.updater);
    }
    await this.check();
  }

  private configure(u: UpdaterLike): void {
    // We decide when to download (never during a user's own download): no automatic download.
    u.autoDownload = false;
    u.autoInstallOnAppQuit = true;
    u.allowDowngrade = false;
    u.allowPrerelease = false;
    u.disableWebInstaller = true;
    u.on('update-available', (info) => {
      this.state = 'available';
      this.o.log?.info({ version: versionOf(info) }, 'update available');
      void this.maybeDownload();
    });
    u.on('update-not-available', () => {
      this.state = 'idle';
    });
    u.on('update-downloaded', (info) => {
      this.state = 'downloaded';
      this.o.onDownloaded?.(versionOf(info));
    });
    u.on('error', (e) => {
      this.state = 'error';
      this.o.log?.warn({ error: e instanceof Error ? e.message.slice(0, 300) : 'unknown' }, 'auto-update error');
    });
  }

  async check(): Promise<void> {
    if (!this.updater || this.stopped || !this.o.policy().enabled) return;
    if (this.state === 'downloading' || this.state === 'downloaded') return;
    this.state = 'checking';
    try {
      await this.updater.checkForUpdates();
    } catch {
      this.state = 'error';
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) this.o.timers.clearTimeout(this.timer);
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = null;
      void this.check();
    }, this.o.intervalMs ?? UPDATE_INTERVAL_MS);
  }

  /** Downloads the available update unless the user is downloading something: then waits. */
  async maybeDownload(): Promise<boolean> {
    if (!this.updater || this.state !== 'available' || !this.o.policy().enabled) return false;
    if (this.o.userDownloads() > 0) {
      this.waitingForUserDownload = true;
      return false;
    }
    this.waitingForUserDownload = false;
    this.state = 'downloading';
    try {
      await this.updater.downloadUpdate();
      return true;
    } catch {
      this.state = 'error';
      return false;
    }
  }

  /** A user download finished: the deferred update download may start now. */
  userDownloadDone(): void {
    if (this.waitingForUserDownload) void this.maybeDownload();
  }

  get deferred(): boolean {
    return this.waitingForUserDownload;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

function versionOf(info: unknown): string {
  return typeof info === 'object' && info !== null && typeof (info as { version?: unknown }).version === 'string'
    ? (info as { version: string }).version
    : 'unknown';
}

/** electron-updater is CommonJS and requires `electron` at load: load it only when updates are on. */
export async function loadElectronUpdater(): Promise<UpdaterLike> {
  const mod = (await import('electron-updater')) as unknown as {
    default?: { autoUpdater?: UpdaterLike };
    autoUpdater?: UpdaterLike;
  };
  const u = mod.autoUpdater ?? mod.default?.autoUpdater;
  if (!u) throw new Error('electron-updater has no autoUpdater');
  return u;
}
