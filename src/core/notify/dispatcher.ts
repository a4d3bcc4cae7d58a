/**
 * Delivers what the watches engine lets through to the channels a watch names, and keeps the
 * delivery log (the last result per channel is what the window shows).
 *
 * It adds no alert hygiene of its own: dedupe, cooldown, quiet hours, snooze, pause and the cap are
 * the engine's (src/core/watches/engine.ts), exactly as for desktop notifications; a suppressed event
 * is never delivered. The one thing it tracks is which watches a resolve-capable channel (PagerDuty,
 * webhook, exec) was told about, so that "nothing matches any more" — read from the engine's own
 * state, no key of the watch active — sends one `resolved`.
 */
import { toErrorInfo, type AlertEvent, type DeliveryRecord, type GpuOffer } from '../../shared/model';
import type { Clock } from '../collector/clock';
import type { Logger } from '../log/types';
import type { WatchEngineState } from '../watches/state';
import { alertMessage, resolvedMessage, testMessage } from './message';
import type { AlertMessage, Channel } from './types';

export type { DeliveryRecord } from '../../shared/model';

interface DispatcherOptions {
  channels?: readonly Channel[];
  clock: Clock;
  log?: Logger;
  /** Records kept in the delivery log. */
  logLimit?: number;
  providerNames?: Readonly<Record<string, string>>;
  /** Called with every record (persistence, push to the window). */
  onRecord?: (r: DeliveryRecord) => void;
}

export class ChannelDispatcher {
  private channels = new Map<string, Channel>();
  private readonly records: DeliveryRecord[] = [];
  private readonly lastByChannel = new Map<string, DeliveryRecord>();
  /** channel name → watches told (and not yet resolved). */
  private readonly open = new Map<string, Map<string, string>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stopper = new AbortController();

  constructor(private readonly opts: DispatcherOptions) {
    this.setChannels(opts.channels ?? []);
  }

  setChannels(channels: readonly Channel[]): void {
    this.channels = new Map(channels.map((c) => [c.name, c]));
    for (const name of [...this.open.keys()]) if (!this.channels.has(name)) this.open.delete(name);
  }

  list(): Channel[] {
    return [...this.channels.values()];
  }

  /**
   * Sends an engine event to the named channels (all when `names` is undefined). Suppressed events
   * are not delivered. Resolves when every channel succeeded or gave up; never rejects.
   */
  deliver(
    event: AlertEvent,
    o: { channels?: readonly string[]; offers?: readonly GpuOffer[] } = {},
  ): Promise<DeliveryRecord[]> {
    if (event.suppressed) return Promise.resolve([]);
    const targets = this.pick(o.channels);
    if (targets.length === 0) return Promise.resolve([]);
    const message = alertMessage(event, {
      offers: o.offers,
      providerNames: this.opts.providerNames,
      now: this.opts.clock.now(),
    });
    return this.track(
      Promise.all(
        targets.map(async (c) => {
          const r = await this.send(c, message);
          if (r.ok && c.wantsResolved && event.kind !== 'disappeared') {
            let m = this.open.get(c.name);
            if (!m) this.open.set(c.name, (m = new Map()));
            m.set(event.watchId, event.watchName);
          }
          return r;
        }),
      ),
    );
  }

  /**
   * After each evaluation: a watch that was reported to a resolve-capable channel and has no
   * matching offer any more (no active key in the engine's state) gets one `resolved`.
   */
  settle(state: WatchEngineState): Promise<DeliveryRecord[]> {
    if (this.open.size === 0) return Promise.resolve([]);
    const matching = new Set<string>();
    for (const k of Object.values(state.keys)) if (k.active) matching.add(k.watchId);
    const sends: Promise<DeliveryRecord>[] = [];
    for (const [name, watches] of this.open) {
      const c = this.channels.get(name);
      if (!c) continue;
      for (const [watchId, watchName] of watches) {
        if (matching.has(watchId)) continue;
        watches.delete(watchId);
        sends.push(this.send(c, resolvedMessage({ id: watchId, name: watchName }, this.opts.clock.now())));
      }
    }
    return this.track(Promise.all(sends));
  }

  /** "Send a test" (window, `cloudtop notify test`). */
  test(name: string): Promise<DeliveryRecord> {
    const c = this.channels.get(name);
    if (!c) {
      return Promise.resolve(
        this.record(undefined, testMessage('unknown', this.opts.clock.now()), name, {
          ok: false,
          error: { code: 'not_found', message: `No channel named "${name}"`, retryable: false },
        }),
      );
    }
    return this.track(this.send(c, testMessage(c.label, this.opts.clock.now())));
  }

  /** Resolves when every delivery started so far has finished (`--exit-on-match`, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Cancels waiting and in-flight deliveries (the face is quitting). */
  stop(): void {
    this.stopper.abort();
  }

  history(): DeliveryRecord[] {
    return [...this.records];
  }

  last(name: string): DeliveryRecord | undefined {
    return this.lastByChannel.get(name);
  }

  private pick(names: readonly string[] | undefined): Channel[] {
    if (!names) return this.list();
    const out: Channel[] = [];
    for (const n of names) {
      const c = this.channels.get(n);
      if (c) out.push(c);
      else this.opts.log?.warn({ channel: n }, 'watch names a channel that does not exist');
    }
    return out;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private async send(c: Channel, m: AlertMessage): Promise<DeliveryRecord> {
    try {
      const out = await c.send(m, this.stopper.signal);
      const r = this.record(c, m, c.name, { ok: true, status: out.status, detail: out.detail, attempts: out.attempts });
      this.opts.log?.info(
        { channel: c.label, type: m.type, status: out.status, attempts: out.attempts },
        'alert delivered',
      );
      return r;
    } catch (e) {
      const error = toErrorInfo(e);
      this.opts.log?.warn({ channel: c.label, type: m.type, code: error.code, status: error.status }, error.message);
      return this.record(c, m, c.name, { ok: false, error, ...(error.status ? { status: error.status } : {}) });
    }
  }

  private record(
    c: Channel | undefined,
    m: AlertMessage,
    name: string,
    result: Pick<DeliveryRecord, 'ok' | 'status' | 'detail' | 'attempts' | 'error'>,
  ): DeliveryRecord {
    const r: DeliveryRecord = {
      channel: name,
      label: c?.label ?? name,
      kind: c?.kind ?? 'webhook',
      type: m.type,
      watchId: m.watch.id,
      at: new Date(this.opts.clock.now()).toISOString(),
      ...(m.event ? { eventId: m.event.id } : {}),
      ok: result.ok,
    };
    for (const k of ['status', 'detail', 'attempts', 'error'] as const) {
      if (result[k] !== undefined) (r as unknown as Record<string, unknown>)[k] = result[k];
    }
    this.records.unshift(r);
    if (this.records.length > (this.opts.logLimit ?? 200)) this.records.length = this.opts.logLimit ?? 200;
    this.lastByChannel.set(name, r);
    try {
      this.opts.onRecord?.(r);
    } catch {
      // A listener must not break delivery.
    }
    return r;
  }
}
