/**
 * Snapshot diff: what changed between two versions, by entity id.
 *
 * An offer or resource whose only difference is `fetchedAt` is NOT "updated": every poll
 * refetches every offer, so counting the timestamp would make each diff the whole world.
 * Freshness lives in the provider status (`lastSuccess`, `stale`), which every diff carries in
 * full. A consumer that applies diffs (the renderer) therefore keeps the `fetchedAt` of the last
 * real change of each entity; `Snapshot` from the store has the latest one.
 */
import type { GpuOffer, Resource, Snapshot, SnapshotDiff } from '../../shared/model';
import { deepEqual, equalIgnoring } from './equal';

export interface EntityChanges<T> {
  added: T[];
  updated: T[];
  removed: string[];
}

export function sameOffer(a: GpuOffer, b: GpuOffer): boolean {
  return a === b || equalIgnoring(a, b, 'fetchedAt');
}

export function sameResource(a: Resource, b: Resource): boolean {
  return a === b || equalIgnoring(a, b, 'fetchedAt');
}

/** Added/updated/removed by id. Order: `added` and `updated` follow `next`, `removed` follows `prev`. */
export function diffEntities<T extends { id: string }>(
  prev: readonly T[],
  next: readonly T[],
  same: (a: T, b: T) => boolean,
): EntityChanges<T> {
  const out: EntityChanges<T> = { added: [], updated: [], removed: [] };
  const before = new Map<string, T>();
  for (const p of prev) before.set(p.id, p);
  const seen = new Set<string>();
  for (const n of next) {
    seen.add(n.id);
    const p = before.get(n.id);
    if (p === undefined) out.added.push(n);
    else if (!same(p, n)) out.updated.push(n);
  }
  if (seen.size !== before.size || out.added.length > 0) {
    for (const p of prev) if (!seen.has(p.id)) out.removed.push(p.id);
  }
  return out;
}

/** The diff from `a` to `b`. `providers` is always b's full status list (it is small). */
export function diffSnapshots(a: Snapshot, b: Snapshot): SnapshotDiff {
  return {
    fromVersion: a.version,
    toVersion: b.version,
    takenAt: b.takenAt,
    providers: b.providers,
    offers: diffEntities(a.offers, b.offers, sameOffer),
    resources: diffEntities(a.resources, b.resources, sameResource),
    demo: b.demo,
  };
}

/** True when nothing but the version/timestamp would change. */
export function isEmptyDiff(diff: SnapshotDiff, previous: Pick<Snapshot, 'providers' | 'demo'>): boolean {
  const o = diff.offers;
  const r = diff.resources;
  return (
    o.added.length === 0 &&
    o.updated.length === 0 &&
    o.removed.length === 0 &&
    r.added.length === 0 &&
    r.updated.length === 0 &&
    r.removed.length === 0 &&
    diff.demo === previous.demo &&
    deepEqual(diff.providers, previous.providers)
  );
}
