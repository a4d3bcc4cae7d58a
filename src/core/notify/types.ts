/**
 * Alert channels beyond the desktop (docs/design.md §11): one interface, one adapter per service. A channel
 * receives an AlertMessage (already past dedupe, cooldown, quiet hours and the cap of the watches
 * engine) and delivers it once; retries, timeouts and the rate limit live in ./http.ts.
 */
import type { AlertEvent, AlertOfferRef, ChannelKind, GpuOffer } from '../../shared/model';

export { CHANNEL_KINDS, type ChannelKind } from '../../shared/model';

/**
 * What a channel is asked to deliver:
 * - `alert`: an unsuppressed AlertEvent from the watches engine (appeared, price-drop, disappeared);
 * - `resolved`: nothing matches the watch any more (PagerDuty resolve, webhook `alert.resolved`);
 * - `test`: "send a test" from the window or `cloudtop notify test`.
 */
type MessageType = 'alert' | 'resolved' | 'test';

export interface AlertMessage {
  type: MessageType;
  watch: { id: string; name: string };
  /** Epoch ms the message was built. */
  at: number;
  /** The engine's event (type `alert` only). */
  event?: AlertEvent;
  /** Offers in the JSON output's shape when the snapshot still had them, else the event's refs. */
  offers: Array<GpuOffer | AlertOfferRef>;
  /** The same words as the desktop notification (./wording.ts). */
  title: string;
  body: string;
  /** The cheapest offer's console link, when the provider has one. */
  url?: string;
}

/** A delivered message: what the service answered, for the delivery log. */
export interface SendOutcome {
  status?: number;
  /** Short, secret-free detail ("202 Event processed", "exit code 0"). */
  detail?: string;
  /** Attempts it took (1 = no retry). */
  attempts?: number;
}

export interface Channel {
  readonly kind: ChannelKind;
  /** The user's name for it (config/settings) or its label. */
  readonly name: string;
  /** Redacted description safe for logs and the window: kind and host only ("slack (hooks.slack.com)"). */
  readonly label: string;
  /** Whether it wants `resolved` messages (PagerDuty, webhook). */
  readonly wantsResolved: boolean;
  /** Delivers once through retries; throws a CloudtopError (secret-free message) when it gives up. */
  send(message: AlertMessage, signal?: AbortSignal): Promise<SendOutcome>;
}
