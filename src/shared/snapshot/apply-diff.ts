/**
 * Applies a SnapshotDiff to the snapshot it was made from (renderer, WebSocket client, CLI
 * `--watch`). Pure; the input snapshot is not modified.
 *
 * Returns null when the diff does not start at this snapshot's version (a push was missed):
 * the caller must fetch the full snapshot again. Entities keep their order; added ones go last.
 * As documented in src/core/snapshot/diff.ts, entities changed only in `fetchedAt` are not in
 * diffs, so their `fetchedAt` here can be older than in the store; provider statuses say how
 * fresh the data is.
 */
import type { Snapshot, SnapshotDiff } from '../model';

interface Changes<T> {
  added: readonly T[];
  updated: readonly T[];
  removed: readonly string[];
}

export function isDiffApplicable(
  snapshot: Pick<Snapshot, 'version'>,
  diff: Pick<SnapshotDiff, 'fromVersion'>,
): boolean {
  return snapshot.version === diff.fromVersion;
}

export function applyEntityChanges<T extends { id: string }>(list: readonly T[], changes: Changes<T>): T[] {
  if (changes.added.length === 0 && changes.updated.length === 0 && changes.removed.length === 0) return [...list];
  const removed = new Set(changes.removed);
  const replaced = new Map<string, T>();
  for (const u of changes.updated) replaced.set(u.id, u);
  for (const a of changes.added) replaced.set(a.id, a);
  const out: T[] = [];
  const present = new Set<string>();
  for (const x of list) {
    if (removed.has(x.id)) continue;
    present.add(x.id);
    out.push(replaced.get(x.id) ?? x);
  }
  for (const a of changes.added) if (!present.has(a.id) && !removed.has(a.id)) out.push(a);
  return out;
}

export function applyDiff(snapshot: Snapshot, diff: SnapshotDiff): Snapshot | null {
  if (!isDiffApplicable(snapshot, diff)) return null;
  return {
    version: diff.toVersion,
    takenAt: diff.takenAt,
    providers: diff.providers,
    offers: applyEntityChanges(snapshot.offers, diff.offers),
    resources: applyEntityChanges(snapshot.resources, diff.resources),
    demo: diff.demo,
  };
}
