/**
 * AlertEvents → native notifications. The core decides what may notify (quiet hours, snooze, pause,
 * the global cap) and marks the rest `suppressed`; this only shows what is left, with text built by
 * the pure src/shared/notify, and opens the window on the offer when one is clicked.
 */
import type { AlertEvent } from '../shared/model';
import { BODY_MAX_BYTES, TITLE_MAX_BYTES, buildNotification, truncateUtf8 } from '../shared/notify';
import type { Notifier } from '../core/types';
import type { Logger } from '../core/log/types';

/** The part of Electron's Notification this uses. */
interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: (...args: unknown[]) => void): unknown;
  show(): void;
}
export interface NotificationCtor {
  new (options: {
    title: string;
    body: string;
    silent?: boolean;
    icon?: string;
    timeoutType?: 'default' | 'never';
    urgency?: 'normal' | 'critical' | 'low';
  }): NotificationLike;
  isSupported(): boolean;
}

interface NotificationRouterOptions {
  Notification: NotificationCtor;
  /** Provider id → display name, for the body. */
  providerNames: () => Readonly<Record<string, string>>;
  /** A click: open the window on this offer. */
  onClick: (offerId: string) => void;
  icon?: string;
  log?: Logger;
  /** Most notifications kept referenced at once (a GC'd notification loses its click handler). */
  maxLive?: number;
}

export class NotificationRouter implements Notifier {
  private readonly live = new Set<NotificationLike>();
  /** Shown, skipped (suppressed), unsupported: for tests and diagnostics. */
  readonly counts = { shown: 0, suppressed: 0, unsupported: 0, failed: 0 };

  constructor(private readonly o: NotificationRouterOptions) {}

  notify(event: AlertEvent): void {
    if (event.suppressed) {
      this.counts.suppressed++;
      return;
    }
    if (!this.o.Notification.isSupported()) {
      this.counts.unsupported++;
      return;
    }
    const text = buildNotification(event, { providerNames: this.o.providerNames() });
    const n = new this.o.Notification({ title: text.title, body: text.body, silent: false, icon: this.o.icon });
    const forget = () => this.live.delete(n);
    n.on('click', () => {
      forget();
      this.o.onClick(text.offerId);
    });
    n.on('close', forget);
    n.on('failed', (...args: unknown[]) => {
      forget();
      this.counts.failed++;
      // macOS emits `failed` for an unsigned build; say so once in the log, nothing else to do.
      this.o.log?.warn({ error: String(args[1] ?? '').slice(0, 200) }, 'notification failed');
    });
    this.live.add(n);
    const max = this.o.maxLive ?? 50;
    if (this.live.size > max) this.live.delete(this.live.values().next().value!);
    n.show();
    this.counts.shown++;
  }

  /** Notices that are not alert events (no keychain, update ready). */
  notice(title: string, body: string): void {
    if (!this.o.Notification.isSupported()) return;
    const n = new this.o.Notification({
      title: truncateUtf8(title, TITLE_MAX_BYTES),
      body: truncateUtf8(body, BODY_MAX_BYTES),
      silent: true,
      icon: this.o.icon,
    });
    n.show();
  }
}
