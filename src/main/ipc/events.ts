/**
 * Pushes contract events to the window. Small events are checked against their schema before they
 * leave (a bug must not send the page something outside the contract); snapshots and diffs come
 * straight from the core's snapshot store, which only ever holds schema-parsed data, and are not
 * re-parsed on every push (10,000 offers).
 */
import { eventChannels, type EventChannel, type EventPayload } from '../../shared/ipc/contract';
import type { Logger } from '../../core/log/types';
import { ipcEventName } from './channels';

interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

const TRUSTED_SHAPE: ReadonlySet<EventChannel> = new Set(['snapshot', 'snapshot.diff']);

export class EventPusher {
  constructor(
    private readonly targets: () => readonly WebContentsLike[],
    private readonly log?: Logger,
  ) {}

  send<E extends EventChannel>(event: E, payload: EventPayload<E>): number {
    let out: unknown = payload;
    if (!TRUSTED_SHAPE.has(event)) {
      const r = eventChannels[event].safeParse(payload);
      if (!r.success) {
        this.log?.error({ event }, 'event outside the contract not sent');
        return 0;
      }
      out = r.data;
    }
    let sent = 0;
    for (const wc of this.targets()) {
      if (wc.isDestroyed()) continue;
      try {
        wc.send(ipcEventName(event), out);
        sent++;
      } catch {
        // The window closed between the check and the send: nothing to deliver to.
      }
    }
    return sent;
  }
}
