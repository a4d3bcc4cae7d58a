/**
 * Keeps the current snapshot from a stream of full snapshots and diffs. Both API implementations
 * use it, so `api.on('snapshot')` always delivers a complete, current snapshot whatever the other
 * side pushed; a diff that does not follow the version we hold triggers a resync instead.
 */
import { applyDiff } from '../../shared/snapshot/apply-diff';
import type { Snapshot, SnapshotDiff } from '../../shared/model';

export class SnapshotFollower {
  private current: Snapshot | undefined;
  private resyncing = false;

  constructor(
    private readonly emitSnapshot: (s: Snapshot) => void,
    private readonly emitDiff: (d: SnapshotDiff) => void,
    /** Fetches the full snapshot (snapshot.get). */
    private readonly fetchFull: () => Promise<Snapshot>,
  ) {}

  get snapshot(): Snapshot | undefined {
    return this.current;
  }

  full(s: Snapshot): void {
    // An older full snapshot (a slow snapshot.get racing a push) must not roll the view back.
    if (this.current && s.version < this.current.version) return;
    this.current = s;
    this.emitSnapshot(s);
  }

  diff(d: SnapshotDiff): void {
    const cur = this.current;
    if (cur && d.toVersion <= cur.version) return;
    const next = cur ? applyDiff(cur, d) : null;
    if (!next) {
      this.resync();
      return;
    }
    this.current = next;
    this.emitDiff(d);
    this.emitSnapshot(next);
  }

  /** Forget the version (reconnect): the next full snapshot is taken whatever its version. */
  reset(): void {
    this.current = undefined;
  }

  private resync(): void {
    if (this.resyncing) return;
    this.resyncing = true;
    this.fetchFull()
      .then((s) => this.full(s))
      .catch(() => undefined)
      .finally(() => (this.resyncing = false));
  }
}
