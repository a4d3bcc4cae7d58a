/**
 * Watches engine: snapshot in, alert events out. Pure: no timers, no clock, no I/O; time and the
 * previous state are passed in, the new state is returned for the caller to keep or persist.
 *
 * Alertmanager-style hygiene (docs/reliability.md §5, §7E; issue #7 item 5), per key = (watch, offer):
 *  - Edge-triggered: `appeared` fires when an offer starts matching an enabled watch, not while it
 *    keeps matching. An offer that was on offer above the watch's price cap and drops under it fires
 *    `price-drop` instead. Within a run, a drop of ≥ priceDropPct from the last notified price fires
 *    `price-drop`.
 *  - Hysteresis: an offer that leaves and comes back within the cooldown continues its run (no new
 *    `appeared`). A new run needs an absence of at least the cooldown.
 *  - Cooldown: two delivered appeared/price-drop alerts for one key are ≥ cooldown apart. Good news held
 *    back by the cooldown stays pending and is delivered when the cooldown ends, if still true.
 *  - `disappeared` (when the watch asks): once per run that produced an event, with how long it lasted.
 *  - Grouping: one AlertEvent per watch and kind per evaluation, offers cheapest first.
 *  - Suppression: pause (notifications off / pausedUntil), snooze (watch.snoozedUntil), quiet hours,
 *    then the global cap (maxPer10Min delivered events in any rolling 10 minutes). Suppressed events are
 *    still emitted (history) with a reason, once; the good news stays pending and is delivered when
 *    the suppression ends and the offer still matches.
 *  - No debounce (`for:`): the CLI's --exit-on-match must react on the first poll that shows the offer.
 *    Blips are handled by hysteresis and cooldown instead.
 * State is bounded: inactive keys not seen for 24 h and keys of deleted watches are dropped.
 */
import type { AlertEvent, AlertKind, AlertOfferRef, GpuOffer, OfferFilter, Snapshot, Watch } from '../../shared/model';
import type { NotificationSettings } from '../../shared/settings/schema';
import { compileFilter, type OfferPredicate } from '../../shared/filter/match';
import { type TimeZoneOption, inQuietHours, localMinutesOfDay } from './quiet-hours';
import { type WatchEngineState, type WatchKeyState, emptyWatchState, watchKey } from './state';

export { type WatchEngineState, loadWatchState, emptyWatchState as initialWatchState } from './state';
export type { TimeZoneOption } from './quiet-hours';

export interface EvaluateInput {
  watches: readonly Watch[];
  previous: Pick<Snapshot, 'offers'> | undefined;
  next: Pick<Snapshot, 'offers'>;
  notifications: NotificationSettings;
  /** Epoch ms of this evaluation. */
  now: number;
  /** Zone for quiet hours; default the process's local zone. */
  timeZone?: TimeZoneOption;
}

interface EvaluateResult {
  state: WatchEngineState;
  events: AlertEvent[];
}

type SuppressedReason = NonNullable<AlertEvent['suppressedReason']>;

const MINUTE = 60_000;
const CAP_WINDOW_MS = 10 * MINUTE;
const KEY_TTL_MS = 24 * 60 * MINUTE;
/** Hard bound on remembered keys, whatever the churn. */
const MAX_KEYS = 50_000;

const DEFAULT_WATCH_AVAILABILITY: NonNullable<OfferFilter['availability']> = ['available', 'low'];

/** Watches only care about offers one can rent, unless their filter asks for other states. */
export function watchFilter(filter: OfferFilter): OfferFilter {
  return filter.availability?.length ? filter : { ...filter, availability: DEFAULT_WATCH_AVAILABILITY };
}

function offerRef(o: GpuOffer): AlertOfferRef {
  const r: AlertOfferRef = {
    offerId: o.id,
    provider: o.provider,
    model: o.gpu.model,
    count: o.gpu.count,
    perGpuHour: o.price.perGpuHour,
    perHour: o.price.perHour,
    region: o.region.id,
  };
  if (o.consoleUrl) r.consoleUrl = o.consoleUrl;
  return r;
}

/** FNV-1a, two seeds: 64 bits of deterministic id, no crypto needed for dedupe keys. */
function hash64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export function alertEventId(watchId: string, kind: AlertKind, offerIds: readonly string[], now: number): string {
  const ids = [...offerIds].sort().join('\n');
  return `evt_${hash64(`${watchId}\n${kind}\n${now}\n${ids}`)}`;
}

function isoMs(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function dropReached(price: number, base: number, pct: number): boolean {
  return price < base && price <= base * (1 - pct / 100) + 1e-9;
}

/** $/GPU-h and what the alert would show are unchanged: nothing to write for this key. */
function sameRef(r: AlertOfferRef, o: GpuOffer): boolean {
  return (
    r.perGpuHour === o.price.perGpuHour &&
    r.perHour === o.price.perHour &&
    r.count === o.gpu.count &&
    r.model === o.gpu.model &&
    r.region === o.region.id &&
    r.consoleUrl === o.consoleUrl
  );
}

export function evaluateWatches(prevState: WatchEngineState | undefined, input: EvaluateInput): EvaluateResult {
  const { now, notifications } = input;
  const base = prevState ?? emptyWatchState();
  // Copy-on-write: an offer that keeps matching at the same price costs no allocation, and the
  // caller's state object is never modified.
  const keys = new Map<string, WatchKeyState>();
  const owned = new Set<string>();
  const mut = (k: string): WatchKeyState => {
    let ks = keys.get(k) as WatchKeyState;
    if (!owned.has(k)) {
      ks = { ...ks };
      keys.set(k, ks);
      owned.add(k);
    }
    return ks;
  };
  const byWatch = new Map<string, Set<string>>();
  const liveWatchIds = new Set(input.watches.map((w) => w.id));
  for (const k in base.keys) {
    const ks = base.keys[k] as WatchKeyState;
    if (!liveWatchIds.has(ks.watchId)) continue; // watch deleted
    keys.set(k, ks);
    const set = byWatch.get(ks.watchId);
    if (set) set.add(k);
    else byWatch.set(ks.watchId, new Set([k]));
  }
  const sent = base.sent.filter((t) => now - t < CAP_WINDOW_MS && t <= now);
  const events: AlertEvent[] = [];

  const nextOffers = new Map<string, GpuOffer>();
  for (const o of input.next.offers) nextOffers.set(o.id, o);
  let prevOffers: Map<string, GpuOffer> | undefined;
  const previousOffer = (id: string): GpuOffer | undefined => {
    if (!input.previous) return undefined;
    prevOffers ??= new Map(input.previous.offers.map((o) => [o.id, o]));
    return prevOffers.get(id);
  };

  const pausedUntil = isoMs(notifications.pausedUntil);
  const globalReason: SuppressedReason | undefined =
    !notifications.enabled || (pausedUntil !== undefined && pausedUntil > now) ? 'paused' : undefined;
  let quiet: boolean | undefined;
  const isQuiet = (): boolean =>
    (quiet ??= inQuietHours(notifications.quietHours, localMinutesOfDay(now, input.timeZone)));

  const reasonFor = (watch: Watch): SuppressedReason | undefined => {
    if (globalReason) return globalReason;
    const snoozed = isoMs(watch.snoozedUntil);
    if (snoozed !== undefined && snoozed > now) return 'snoozed';
    if (isQuiet()) return 'quiet-hours';
    if (sent.length >= notifications.maxPer10Min) return 'cap';
    return undefined;
  };

  const emit = (watch: Watch, kind: AlertKind, refs: AlertOfferRef[], reason: SuppressedReason | undefined): void => {
    refs.sort((a, b) => a.perGpuHour - b.perGpuHour || (a.offerId < b.offerId ? -1 : 1));
    const event: AlertEvent = {
      id: alertEventId(
        watch.id,
        kind,
        refs.map((r) => r.offerId),
        now,
      ),
      watchId: watch.id,
      watchName: watch.name,
      kind,
      at: new Date(now).toISOString(),
      offers: refs,
      suppressed: reason !== undefined,
    };
    if (reason) event.suppressedReason = reason;
    else sent.push(now);
    events.push(event);
  };

  /** The offer as the alert shows it; a price drop also says what it dropped from. */
  const alertRef = (key: string): AlertOfferRef => {
    const ks = keys.get(key) as WatchKeyState;
    if (ks.pending === 'price-drop' && ks.pendingPrevPerGpuHour !== undefined) {
      return { ...ks.ref, previousPerGpuHour: ks.pendingPrevPerGpuHour };
    }
    return { ...ks.ref };
  };

  for (const watch of input.watches) {
    const own = byWatch.get(watch.id) ?? new Set<string>();
    if (!watch.enabled) {
      // A disabled watch matches nothing; its runs end quietly.
      for (const k of own) if (keys.get(k)?.active) Object.assign(mut(k), { active: false, lostAt: now });
      continue;
    }
    const cooldownMs = watch.notify.cooldownMinutes * MINUTE;
    const { onPriceDrop, priceDropPct } = watch.notify;
    const filter = watchFilter(watch.filter);
    const matches = compileFilter(filter);
    let withoutPriceCaps: OfferPredicate | undefined;
    const matchesIgnoringPrice = (o: GpuOffer): boolean => {
      withoutPriceCaps ??= compileFilter({ ...filter, maxPricePerGpuHour: undefined, maxPricePerHour: undefined });
      return withoutPriceCaps(o);
    };
    const hasPriceCap = filter.maxPricePerGpuHour !== undefined || filter.maxPricePerHour !== undefined;

    const appeared: string[] = [];
    const dropped: string[] = [];
    const gone: AlertOfferRef[] = [];
    const seen = new Set<string>();

    for (const offer of nextOffers.values()) {
      if (!matches(offer)) continue;
      const key = watchKey(watch.id, offer.id);
      seen.add(key);
      const price = offer.price.perGpuHour;
      const prior = keys.get(key);
      let ks: WatchKeyState;
      // Still matching, or back within the cooldown (a flicker): the same run continues. "Still" is
      // judged against the last evaluation, however long ago: after a restart with persisted state an
      // offer that is still there is not news (the user was told when it appeared).
      if (prior && (prior.active || (prior.lostAt !== undefined && now - prior.lostAt < cooldownMs))) {
        const dropNow = onPriceDrop && dropReached(price, prior.basePerGpuHour, priceDropPct);
        // A drop that did not last until it could be delivered is forgotten.
        const pending = dropNow
          ? prior.pending === 'appeared'
            ? 'appeared'
            : 'price-drop'
          : prior.pending === 'price-drop'
            ? undefined
            : prior.pending;
        ks = prior;
        if (!prior.active || pending !== prior.pending || !sameRef(prior.ref, offer)) {
          ks = mut(key);
          ks.active = true;
          ks.lostAt = undefined;
          if (pending !== prior.pending) {
            ks.pending = pending;
            ks.pendingReported = false;
            ks.pendingPrevPerGpuHour = pending === 'price-drop' ? prior.basePerGpuHour : undefined;
          }
          ks.ref = offerRef(offer);
        }
      } else {
        // A new run: first sight, or back after an absence of at least the cooldown.
        let kind: AlertKind = 'appeared';
        let prevPrice: number | undefined;
        if (hasPriceCap) {
          const before = previousOffer(offer.id);
          if (before && !matches(before) && matchesIgnoringPrice(before) && before.price.perGpuHour > price) {
            kind = 'price-drop';
            prevPrice = before.price.perGpuHour;
          }
        }
        if (kind === 'price-drop' && !onPriceDrop) kind = 'appeared';
        const wanted = kind === 'price-drop' || watch.notify.onAppear;
        ks = {
          watchId: watch.id,
          offerId: offer.id,
          active: true,
          runStart: now,
          basePerGpuHour: price,
          notifiedAt: prior?.notifiedAt,
          pending: wanted ? kind : undefined,
          pendingPrevPerGpuHour: prevPrice,
          pendingReported: false,
          runReported: false,
          goneReported: false,
          ref: offerRef(offer),
        };
        keys.set(key, ks);
        owned.add(key);
        own.add(key);
      }
      if (!ks.pending) continue;
      if (ks.notifiedAt !== undefined && now - ks.notifiedAt < cooldownMs) continue; // held, not lost
      (ks.pending === 'appeared' ? appeared : dropped).push(key);
    }

    for (const k of own) {
      if (!keys.get(k)?.active || seen.has(k)) continue;
      // Pending good news is kept: if the offer flickers back within the cooldown it is still owed.
      const ks = mut(k);
      ks.active = false;
      ks.lostAt = now;
      if (watch.notify.onDisappear && ks.runReported && !ks.goneReported) {
        ks.goneReported = true;
        gone.push({ ...ks.ref, availableForMs: now - ks.runStart });
      }
    }

    for (const [kind, list] of [
      ['appeared', appeared],
      ['price-drop', dropped],
    ] as const) {
      if (list.length === 0) continue;
      const reason = reasonFor(watch);
      if (reason) {
        // Record the suppression once; the alert stays pending for when it can be delivered.
        const fresh = list.filter((k) => !keys.get(k)?.pendingReported);
        if (fresh.length === 0) continue;
        const refs = fresh.map(alertRef);
        for (const k of fresh) Object.assign(mut(k), { pendingReported: true, runReported: true });
        emit(watch, kind, refs, reason);
      } else {
        const refs = list.map(alertRef);
        for (const k of list) {
          const ks = mut(k);
          Object.assign(ks, {
            notifiedAt: now,
            basePerGpuHour: ks.ref.perGpuHour,
            pending: undefined,
            pendingPrevPerGpuHour: undefined,
            pendingReported: false,
            runReported: true,
          });
        }
        emit(watch, kind, refs, undefined);
      }
    }
    if (gone.length) emit(watch, 'disappeared', gone, reasonFor(watch));
  }

  return { state: { version: 1, keys: collect(keys, now), sent }, events };
}

/** Forget inactive keys gone for a day; keep the most recent if churn still exceeds the hard bound. */
function collect(keys: Map<string, WatchKeyState>, now: number): Record<string, WatchKeyState> {
  const keep = (ks: WatchKeyState): boolean => ks.active || now - (ks.lostAt ?? now) <= KEY_TTL_MS;
  let entries = [...keys].filter(([, ks]) => keep(ks));
  if (entries.length > MAX_KEYS) {
    const recency = (ks: WatchKeyState): number => (ks.active ? Number.MAX_SAFE_INTEGER : (ks.lostAt ?? 0));
    entries = entries.sort((a, b) => recency(b[1]) - recency(a[1])).slice(0, MAX_KEYS);
  }
  const out: Record<string, WatchKeyState> = {};
  for (const [k, ks] of entries) out[k] = ks;
  return out;
}
