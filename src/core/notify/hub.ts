/**
 * The channels a core knows (cloudtop.json `channels`, the window's settings, the CLI's `--notify`),
 * their dispatcher, and what faces call: deliver after each evaluation, test, last results.
 * createCore owns one; the CLI's `watch` uses the same through `core.channels`.
 */
import type { AlertEvent, ChannelInfo, GpuOffer, ProviderId, SavedChannel, Watch } from '../../shared/model';
import { ChannelNameSchema, CloudtopError, toErrorInfo } from '../../shared/model';
import type { SecretRef, SecretStore } from '../secrets/types';
import type { Clock } from '../collector/clock';
import type { Logger } from '../log/types';
import type { WatchEngineState } from '../watches/state';
import { createChannel } from './channel';
import type { ChannelConfig } from './config';
import { ChannelDispatcher, type DeliveryRecord } from './dispatcher';
import { parseTarget, targetLabel, targetSecrets, type ChannelTarget } from './target';
import type { Channel } from './types';

type ChannelSource = ChannelInfo['source'];
export type { ChannelInfo };

/**
 * Where a window-saved channel's target lives: the SecretStore (keychain, or the environment as
 * `CLOUDTOP_CHANNEL_<NAME>_TARGET`). A SecretRef's first segment is normally a provider id; channels
 * use their own, so the keychain account reads `channel/<name>/target`.
 */
function channelSecretRef(name: string): SecretRef {
  return { provider: 'channel' as ProviderId, profile: name, field: 'target' };
}

/** The window's channels: names and kinds in settings, targets in the SecretStore. */
interface SavedChannels {
  secrets: SecretStore;
  list(): SavedChannel[];
  save(list: SavedChannel[]): void;
}

interface ChannelHubOptions {
  clock: Clock;
  log?: Logger;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  registerSecret?: (value: string) => void;
  config?: readonly ChannelConfig[];
  providerNames?: Readonly<Record<string, string>>;
  userAgent?: string;
  onRecord?: (r: DeliveryRecord) => void;
  saved?: SavedChannels;
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

  /**
   * Reads the window's saved channels (their targets from the SecretStore). A channel whose target
   * cannot be read is skipped with a warning; it stays in settings for when the keychain is back.
   */
  async loadSaved(): Promise<void> {
    const saved = this.opts.saved;
    if (!saved) return;
    for (const c of saved.list()) {
      if (this.entries.has(c.name)) continue;
      try {
        const target = await saved.secrets.get(channelSecretRef(c.name));
        if (target) this.add(target, { name: c.name, source: 'settings', where: `channel "${c.name}"` });
        else this.opts.log?.warn({ channel: c.name }, 'saved channel has no target in the keychain');
      } catch (e) {
        this.opts.log?.warn({ channel: c.name, err: toErrorInfo(e) }, 'saved channel could not be loaded');
      }
    }
  }

  /**
   * Adds or replaces a channel from the window: validated, target to the SecretStore, name and kind to
   * settings. `exec` is refused: a browser page (serve) must never be able to run commands on the host.
   */
  async saveFromWindow(name: string, target: string): Promise<ChannelInfo> {
    const saved = this.opts.saved;
    if (!saved) throw new CloudtopError('config', 'Channels cannot be saved here');
    const n = ChannelNameSchema.safeParse(name);
    if (!n.success) throw new CloudtopError('config', `Channel name: ${n.error.issues[0]?.message ?? 'invalid'}`);
    const existing = this.entries.get(name);
    if (existing && existing.source !== 'settings') {
      throw new CloudtopError(
        'config',
        `"${name}" is defined in ${existing.source === 'config' ? 'cloudtop.json' : 'the command line'}`,
      );
    }
    const t = parseTarget(target, 'Target');
    if (t.kind === 'exec') {
      throw new CloudtopError('config', 'exec channels can only be defined in cloudtop.json or with --notify', {
        hint: 'The window (and a browser on cloudtop serve) may not run commands on this machine.',
      });
    }
    for (const s of targetSecrets(t)) this.opts.registerSecret?.(s);
    await saved.secrets.set(channelSecretRef(name), target.trim());
    saved.save([...saved.list().filter((c) => c.name !== name), { name, kind: t.kind }]);
    this.put(name, t, 'settings');
    return this.list().find((c) => c.name === name)!;
  }

  async deleteFromWindow(name: string): Promise<boolean> {
    const saved = this.opts.saved;
    if (!saved || this.entries.get(name)?.source !== 'settings') return false;
    await saved.secrets.delete(channelSecretRef(name)).catch(() => false);
    saved.save(saved.list().filter((c) => c.name !== name));
    return this.remove(name, 'settings');
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
