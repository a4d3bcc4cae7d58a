/**
 * SnapshotStore: the one immutable, versioned Snapshot every face reads (docs/design.md §3).
 *
 * The world is kept as slices, one per provider account. `applyProvider` replaces a slice and
 * returns the diff from the previous version (or null when nothing changed, in which case the
 * version does not move). Snapshots are frozen (the object and its arrays): never sort them in
 * place. Offers/resources are ordered by provider (PROVIDER_IDS order), then account, then as the
 * provider returned them; an id seen in two accounts (two keys on the same market) appears once,
 * from the first account.
 */
import {
  PROVIDER_IDS,
  type GpuOffer,
  type ProviderId,
  type ProviderStatus,
  type Resource,
  type Snapshot,
  type SnapshotDiff,
} from '../../shared/model';
import { realClock, type Clock } from '../collector/clock';
import { diffSnapshots, isEmptyDiff } from './diff';

export interface SliceUpdate {
  status: ProviderStatus;
  /** Omitted: keep the slice's current offers. */
  offers?: readonly GpuOffer[];
  /** Omitted: keep the slice's current resources. */
  resources?: readonly Resource[];
}

export type SnapshotListener = (snapshot: Snapshot, diff: SnapshotDiff) => void;

interface Slice {
  provider: ProviderId;
  account: string;
  status?: ProviderStatus;
  offers: readonly GpuOffer[];
  resources: readonly Resource[];
}

const providerOrder = new Map<string, number>(PROVIDER_IDS.map((id, i) => [id, i]));
const sliceKey = (provider: string, account: string): string => `${provider}/${account}`;

function compareSlices(a: Slice, b: Slice): number {
  const pa = providerOrder.get(a.provider) ?? 999;
  const pb = providerOrder.get(b.provider) ?? 999;
  if (pa !== pb) return pa - pb;
  return a.account < b.account ? -1 : a.account > b.account ? 1 : 0;
}

function mergeById<T extends { id: string }>(lists: ReadonlyArray<readonly T[]>): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const x of list) {
      if (seen.has(x.id)) continue;
      seen.add(x.id);
      out.push(x);
    }
  }
  return out;
}

function freeze(s: Snapshot): Snapshot {
  Object.freeze(s.providers);
  Object.freeze(s.offers);
  Object.freeze(s.resources);
  return Object.freeze(s);
}

export class SnapshotStore {
  private readonly clock: Clock;
  private readonly slices = new Map<string, Slice>();
  private readonly listeners = new Set<SnapshotListener>();
  private snap: Snapshot;

  constructor(clock: Clock = realClock, demo = false) {
    this.clock = clock;
    this.snap = freeze({
      version: 0,
      takenAt: new Date(clock.now()).toISOString(),
      providers: [],
      offers: [],
      resources: [],
      demo,
    });
  }

  current(): Snapshot {
    return this.snap;
  }

  get version(): number {
    return this.snap.version;
  }

  /** Replaces one account's slice (status always; offers/resources when given). */
  applyProvider(provider: ProviderId, account: string, update: SliceUpdate): SnapshotDiff | null {
    const key = sliceKey(provider, account);
    const prev = this.slices.get(key);
    this.slices.set(key, {
      provider,
      account,
      status: update.status,
      offers: update.offers ?? prev?.offers ?? [],
      resources: update.resources ?? prev?.resources ?? [],
    });
    return this.commit();
  }

  /** Sets the statuses of the given accounts (creating empty slices), leaving the others alone. */
  setStatuses(statuses: readonly ProviderStatus[]): SnapshotDiff | null {
    for (const status of statuses) {
      const key = sliceKey(status.provider, status.account);
      const prev = this.slices.get(key);
      this.slices.set(key, {
        provider: status.provider,
        account: status.account,
        status,
        offers: prev?.offers ?? [],
        resources: prev?.resources ?? [],
      });
    }
    return this.commit();
  }

  /** Drops an account's slice (account removed). */
  removeProvider(provider: ProviderId, account: string): SnapshotDiff | null {
    if (!this.slices.delete(sliceKey(provider, account))) return null;
    return this.commit();
  }

  /** Listeners get every new snapshot with its diff. Returns the unsubscribe function. */
  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private commit(): SnapshotDiff | null {
    const prev = this.snap;
    const ordered = [...this.slices.values()].sort(compareSlices);
    const candidate: Snapshot = {
      version: prev.version + 1,
      takenAt: new Date(this.clock.now()).toISOString(),
      providers: ordered.flatMap((s) => (s.status ? [s.status] : [])),
      offers: mergeById(ordered.map((s) => s.offers)),
      resources: mergeById(ordered.map((s) => s.resources)),
      demo: prev.demo,
    };
    const diff = diffSnapshots(prev, candidate);
    if (isEmptyDiff(diff, prev)) return null;
    this.snap = freeze(candidate);
    for (const l of this.listeners) {
      try {
        l(this.snap, diff);
      } catch {
        // A failing listener must not stop the others or the poll that published.
      }
    }
    return diff;
  }
}
