/**
 * Desktop: the CloudtopApi over the preload bridge (`window.cloudtop`). Requests are validated here
 * as well as in main, so a bad call fails fast with a readable error instead of a round trip.
 */
import {
  CloudtopApiError,
  invokeChannels,
  type CloudtopApi,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type Result,
} from '../../shared/ipc/contract';
import { EVENT_METHODS, INVOKE_METHODS, type PreloadBridge } from '../../shared/ipc/bridge';
import type { Snapshot, SnapshotDiff } from '../../shared/model';
import { apiError } from './errors';
import { SnapshotFollower } from './snapshot-follower';
import { Emitter } from './emitter';

export class IpcApi implements CloudtopApi {
  private readonly events = new Emitter();
  private readonly follower: SnapshotFollower;

  constructor(private readonly bridge: PreloadBridge) {
    this.follower = new SnapshotFollower(
      (s) => this.events.emit('snapshot', s),
      (d) => this.events.emit('snapshot.diff', d),
      () => this.invoke('snapshot.get', {}),
    );
    bridge.onSnapshot((s: Snapshot) => this.follower.full(s));
    bridge.onSnapshotDiff((d: SnapshotDiff) => this.follower.diff(d));
    for (const e of ['alert', 'focus.offer', 'settings.changed'] as const) {
      const subscribe = bridge[EVENT_METHODS[e]] as (l: (p: unknown) => void) => () => void;
      subscribe((p) => this.events.emit(e, p));
    }
  }

  async invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>> {
    const parsed = invokeChannels[channel].request.safeParse(request ?? {});
    if (!parsed.success) throw apiError('config', `Invalid request for ${channel}`);
    const method = this.bridge[INVOKE_METHODS[channel]] as (r: unknown) => Promise<Result<InvokeResponse<C>>>;
    const result = await method(parsed.data);
    if (!result.ok) throw new CloudtopApiError(result.error);
    if (channel === 'snapshot.get') this.follower.full(result.value as Snapshot);
    return result.value;
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.events.on(event, listener as (p: unknown) => void);
  }
}
