import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../helpers/fake-clock';
import { SnapshotStore } from '../../../../src/core/snapshot/store';
import { applyDiff } from '../../../../src/shared/snapshot/apply-diff';
import { SnapshotSchema, type Snapshot, type SnapshotDiff } from '../../../../src/shared/model';
import { makeOffer, makeResource, makeStatus } from './fixtures';

describe('SnapshotStore', () => {
  it('starts empty at version 0 and versions every change by one', () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    const store = new SnapshotStore(clock, true);
    expect(store.current()).toMatchObject({ version: 0, offers: [], resources: [], providers: [], demo: true });
    clock.advance(1000);
    const d1 = store.applyProvider('vastai', 'default', {
      status: makeStatus('vastai'),
      offers: [makeOffer(1), makeOffer(2)],
    });
    expect(d1).toMatchObject({ fromVersion: 0, toVersion: 1, takenAt: '2025-01-01T00:00:01.000Z' });
    expect(d1!.offers.added).toHaveLength(2);
    const s1 = store.current();
    expect(s1.version).toBe(1);
    expect(() => SnapshotSchema.parse(s1)).not.toThrow();
    const d2 = store.applyProvider('vastai', 'default', { status: makeStatus('vastai'), offers: [makeOffer(2)] });
    expect(d2).toMatchObject({ fromVersion: 1, toVersion: 2, offers: { removed: ['vastai:1'] } });
    // The old snapshot object is untouched and frozen.
    expect(s1.offers).toHaveLength(2);
    expect(Object.isFrozen(s1)).toBe(true);
    expect(Object.isFrozen(s1.offers)).toBe(true);
  });

  it('returns null and keeps the version when nothing changed (fetchedAt-only refreshes included)', () => {
    const store = new SnapshotStore(new FakeClock(0));
    const status = makeStatus('vastai', 'default', { lastSuccess: '2025-01-01T00:00:00.000Z' });
    store.applyProvider('vastai', 'default', { status, offers: [makeOffer(1)] });
    const v = store.version;
    expect(
      store.applyProvider('vastai', 'default', {
        status: { ...status },
        offers: [{ ...makeOffer(1), fetchedAt: '2025-01-01T00:01:00.000Z' }],
      }),
    ).toBeNull();
    expect(store.version).toBe(v);
    // A status change alone is a change.
    const d = store.applyProvider('vastai', 'default', {
      status: { ...status, lastSuccess: '2025-01-01T00:01:00.000Z' },
    });
    expect(d).not.toBeNull();
    expect(d!.offers).toEqual({ added: [], updated: [], removed: [] });
    expect(store.current().offers).toHaveLength(1); // offers omitted → kept
  });

  it('slices are per provider account; other slices are kept; ids seen twice appear once', () => {
    const store = new SnapshotStore(new FakeClock(0));
    store.applyProvider('runpod', 'default', { status: makeStatus('runpod'), offers: [makeOffer(1, {}, 'runpod')] });
    store.applyProvider('vastai', 'work', {
      status: makeStatus('vastai', 'work'),
      offers: [makeOffer(1, { account: 'work' }), makeOffer(2, { account: 'work' })],
    });
    store.applyProvider('vastai', 'alt', {
      status: makeStatus('vastai', 'alt'),
      offers: [makeOffer(2, { account: 'alt' }), makeOffer(3, { account: 'alt' })],
    });
    store.applyProvider('cloudflare', 'default', { status: makeStatus('cloudflare'), resources: [makeResource(1)] });
    const s = store.current();
    // Provider order (PROVIDER_IDS), then account name.
    expect(s.providers.map((p) => `${p.provider}/${p.account}`)).toEqual([
      'vastai/alt',
      'vastai/work',
      'runpod/default',
      'cloudflare/default',
    ]);
    expect(s.offers.map((o) => `${o.id}@${o.account ?? ''}`)).toEqual([
      'vastai:2@alt',
      'vastai:3@alt',
      'vastai:1@work',
      'runpod:1@',
    ]);
    expect(s.resources).toHaveLength(1);
    const d = store.removeProvider('vastai', 'alt');
    expect(d!.offers.removed.sort()).toEqual(['vastai:3']);
    expect(store.current().offers.map((o) => o.id)).toEqual(['vastai:1', 'vastai:2', 'runpod:1']);
    expect(store.removeProvider('vastai', 'nope')).toBeNull();
  });

  it('setStatuses upserts statuses without touching data', () => {
    const store = new SnapshotStore(new FakeClock(0));
    store.applyProvider('vastai', 'default', { status: makeStatus('vastai'), offers: [makeOffer(1)] });
    const d = store.setStatuses([
      makeStatus('vastai', 'default', { state: 'error' }),
      makeStatus('neon', 'default', { state: 'unconfigured' }),
    ]);
    expect(d!.providers.map((p) => p.state)).toEqual(['error', 'unconfigured']);
    expect(store.current().offers).toHaveLength(1);
  });

  it('subscribers get each snapshot with its diff; a diff stream rebuilds the store state', () => {
    const store = new SnapshotStore(new FakeClock(0));
    let mirror: Snapshot = store.current();
    const seen: SnapshotDiff[] = [];
    const off = store.subscribe((snap, diff) => {
      seen.push(diff);
      mirror = applyDiff(mirror, diff)!;
      expect(snap).toBe(store.current());
    });
    store.subscribe(() => {
      throw new Error('a broken listener');
    });
    store.applyProvider('vastai', 'default', { status: makeStatus('vastai'), offers: [makeOffer(1), makeOffer(2)] });
    store.applyProvider('vastai', 'default', {
      status: makeStatus('vastai'),
      offers: [makeOffer(2, { availability: { state: 'none' } }), makeOffer(3)],
    });
    store.applyProvider('runpod', 'default', { status: makeStatus('runpod'), offers: [makeOffer(9, {}, 'runpod')] });
    expect(seen.map((d) => d.toVersion)).toEqual([1, 2, 3]);
    const sortIds = (s: Snapshot) => s.offers.map((o) => JSON.stringify(o)).sort();
    expect(sortIds(mirror)).toEqual(sortIds(store.current()));
    expect(mirror.version).toBe(store.version);
    off();
    store.applyProvider('runpod', 'default', { status: makeStatus('runpod'), offers: [] });
    expect(seen).toHaveLength(3);
  });
});
