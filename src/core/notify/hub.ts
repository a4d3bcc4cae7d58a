/**
 * The channels a core knows (cloudtop.json `channels`, the window's settings, the CLI's `--notify`),
 * their dispatcher, and what faces call: deliver after each evaluation, test, last results.
 * createCore owns one; the CLI's `watch` uses the same through `core.channels`.
 */
import type { AlertEvent, GpuOffer, Watch } from '../../shared/model';
import { CloudtopError } from '../../shared/model';
import type { Clock } from '../collector/clock';
import type { Logger } from '../log/types';
import type { WatchEngineState } from '../watches/state';
import { createChannel } from './channel';
import type { ChannelConfig } from './config';
import { ChannelDispatcher, type DeliveryRecord } from './dispatcher';
import { parseTarget, targetLabel, targetSecrets, type ChannelTarget } from './target';
import type { Channel, ChannelKind } from './types';

export type ChannelSource = 'config' | 'settings' | 'cli';

/** What the window and `cloudtop notify list` see: never the target. */
export interface ChannelInfo {
  name: string;
  kind: ChannelKind;
  label: string;
  source: ChannelSource;
  last?: DeliveryRecord;
}

export interface ChannelHubOptions {
  clock: Clock;
  log?: Logger;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  registerSecret?: (value: string) => void;
  config?: readonly ChannelConfig[];
  providerNames?: Readonly<Record<string, string>>;
  userAgent?: string;
  onRecord?: (r: DeliveryRecord) => void;
}

interface Entry {
  name: string;
  target: ChannelTarget;
  source: ChannelSource;
}

export class ChannelHub {
  private readonly entries = new Map<string, Entry>();
  /** Built once per add, so a channel's limiter keeps its window across changes to others. */
  private readonly channels = new Map<string, Channel>();
  readonly dispatcher: ChannelDispatcher;

  constructor(private readonly opts: ChannelHubOptions) {
    this.dispatcher = new ChannelDispatcher({
      clock: opts.clock,
      log: opts.log,
      providerNames: opts.providerNames,
      onRecord: opts.onRecord,
    });
    for (const [i, c] of (opts.config ?? []).entries()) {
      this.put(c.name, parseTarget(c.target, `channels[${i}].target`), 'config');
    }
  }

  /** Adds or replaces a channel; returns its name. `--notify` channels are named by their label. */
  add(target: string, o: { name?: string; source: ChannelSource; where?: string }): string {
    const t = parseTarget(target, o.where ?? o.name ?? 'target');
    let name = o.name ?? targetLabel(t);
    if (!o.name) for (let n = 2; this.entries.has(name); n++) name = `${targetLabel(t)} #${n}`;
    this.put(name, t, o.source);
    return name;
  }

  remove(name: string, source: ChannelSource): boolean {
    const e = this.entries.get(name);
    if (!e || e.source !== source) return false;
    this.entries.delete(name);
    this.channels.delete(name);
    this.dispatcher.setChannels([...this.channels.values()]);
    return true;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  list(): ChannelInfo[] {
    return [...this.entries.values()].map((e) => {
      const info: ChannelInfo = { name: e.name, kind: e.target.kind, label: targetLabel(e.target), source: e.source };
      const last = this.dispatcher.last(e.name);
      if (last) info.last = last;
      return info;
    });
  }

  /**
   * After an evaluation of the watches engine: unsuppressed events go to the channels their watch
   * names (`channels` undefined = every channel, the CLI's one watch), then resolves are settled.
   */
  afterEvaluation(
    events: readonly AlertEvent[],
    state: WatchEngineState,
    o: { offers?: readonly GpuOffer[]; watches?: readonly Watch[]; all?: boolean },
  ): Promise<DeliveryRecord[]> {
    if (this.entries.size === 0) return Promise.resolve([]);
    const byId = new Map((o.watches ?? []).map((w) => [w.id, w]));
    const sends = events
      .filter((ev) => !ev.suppressed)
      .map((ev) => {
        const names = o.all ? undefined : (byId.get(ev.watchId)?.channels ?? []);
        return this.dispatcher.deliver(ev, { channels: names, offers: o.offers });
      });
    return Promise.all([...sends, this.dispatcher.settle(state)]).then((r) => r.flat());
  }

  test(name: string): Promise<DeliveryRecord> {
    if (!this.entries.has(name)) {
      throw new CloudtopError('not_found', `No channel named "${name}"`, {
        hint: `Channels: ${[...this.entries.keys()].join(', ') || 'none'}`,
      });
    }
    return this.dispatcher.test(name);
  }

  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  history(): DeliveryRecord[] {
    return this.dispatcher.history();
  }

  stop(): void {
    this.dispatcher.stop();
  }

  private put(name: string, target: ChannelTarget, source: ChannelSource): void {
    for (const s of targetSecrets(target)) this.opts.registerSecret?.(s);
    this.entries.set(name, { name, target, source });
    this.channels.set(
      name,
      createChannel(name, target, {
        clock: this.opts.clock,
        env: this.opts.env,
        fetch: this.opts.fetch,
        log: this.opts.log,
        userAgent: this.opts.userAgent,
      }),
    );
    this.dispatcher.setChannels([...this.channels.values()]);
  }
}
