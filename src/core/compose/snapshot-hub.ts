/**
 * The snapshot store and who hears about its changes: face listeners (window, WebSocket, tray),
 * the history recorder, then the watches. A listener that throws is logged and the others still run.
 */
import { toErrorInfo, type Snapshot, type SnapshotDiff } from '../../shared/model';
import type { Clock } from '../collector/clock';
import type { Logger } from '../log/types';
import { SnapshotStore } from '../snapshot/store';

type SnapshotListener = (s: Snapshot, d: SnapshotDiff) => void;

/** Runs `fn`; a throw is logged, never passed on (one bad listener must not stop the others). */
export function safely(log: Logger, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    log.error({ err: toErrorInfo(e) }, 'listener failed');
  }
}

export class SnapshotHub {
  readonly store: SnapshotStore;
  private readonly listeners = new Set<SnapshotListener>();
  /** Runs after the listeners on every change (the watches). */
  afterPublish: (next: Snapshot) => void = () => {};

  constructor(
    clock: Clock,
    demo: boolean,
    private readonly log: Logger,
  ) {
    this.store = new SnapshotStore(clock, demo);
  }

  listen(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(diff: SnapshotDiff | null): void {
    if (!diff) return;
    const snap = this.store.current();
    for (const l of this.listeners) safely(this.log, () => l(snap, diff));
    this.afterPublish(snap);
  }
}
