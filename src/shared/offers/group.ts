/**
 * Offers grouped by canonical GPU model: the grouped Offers view, the tray menu and `cloudtop offers
 * --group` all read this. One pass, one Map: 10,000 offers take a few milliseconds.
 *
 * "Cheapest" is by $/GPU-h among offers one could rent now (availability available or low), across
 * billing types: filter first (e.g. `billing: ['on-demand']`) to leave spot prices out.
 */
import type { AvailabilityState, Billing, GpuOffer, GpuVendor, ProviderId } from '../model';

export interface GroupOfferRef {
  offerId: string;
  provider: ProviderId;
  regionId: string;
  country?: string;
  perGpuHour: number;
  perHour: number;
  count: number;
  billing: Billing;
  state: AvailabilityState;
}

export interface GpuModelGroup {
  model: string;
  family: string;
  vendor: GpuVendor;
  vramGb?: number;
  offerCount: number;
  /** Offers in state available or low. */
  availableCount: number;
  /** Offers per availability state. */
  availability: Record<AvailabilityState, number>;
  /** Distinct providers, sorted. */
  providers: ProviderId[];
  /** Cheapest offer that is available or low; absent when the whole model is sold out. */
  cheapest?: GroupOfferRef;
  /** Cheapest offer in any state ("sold out, last seen from $x"). */
  cheapestAny: GroupOfferRef;
}

const RENTABLE: ReadonlySet<AvailabilityState> = new Set(['available', 'low']);
const STATE_RANK: Record<AvailabilityState, number> = { available: 0, low: 1, listed: 2, unknown: 3, none: 4 };

function ref(o: GpuOffer): GroupOfferRef {
  const r: GroupOfferRef = {
    offerId: o.id,
    provider: o.provider,
    regionId: o.region.id,
    perGpuHour: o.price.perGpuHour,
    perHour: o.price.perHour,
    count: o.gpu.count,
    billing: o.price.billing,
    state: o.availability.state,
  };
  if (o.region.country) r.country = o.region.country;
  return r;
}

interface Acc {
  first: GpuOffer;
  count: number;
  availability: Record<AvailabilityState, number>;
  providers: Set<ProviderId>;
  cheapest?: GpuOffer;
  cheapestAny: GpuOffer;
  // The current bests' price and state rank, kept as numbers: each offer's fields are then read
  // once, not once more per comparison (offers come in many shapes — optional fields — so every
  // property read on one is a slow, megamorphic one; this loop is on the window's first paint).
  cheapestPrice: number;
  cheapestRank: number;
  anyPrice: number;
  anyRank: number;
}

/** Cheaper wins; at equal price the more available one. */
const better = (price: number, rank: number, bestPrice: number, bestRank: number): boolean =>
  price !== bestPrice ? price < bestPrice : rank < bestRank;

/**
 * Groups are ordered: models you can rent now first, by their cheapest $/GPU-h; then sold-out models
 * by their cheapest price in any state; ties by model key.
 */
export function groupByModel(offers: readonly GpuOffer[]): GpuModelGroup[] {
  const acc = new Map<string, Acc>();
  for (let i = 0; i < offers.length; i++) {
    const o = offers[i]!;
    const model = o.gpu.model;
    const state = o.availability.state;
    const price = o.price.perGpuHour;
    const rank = STATE_RANK[state];
    let g = acc.get(model);
    if (!g) {
      g = {
        first: o,
        count: 0,
        availability: { available: 0, low: 0, none: 0, unknown: 0, listed: 0 },
        providers: new Set(),
        cheapestAny: o,
        cheapestPrice: Infinity,
        cheapestRank: Infinity,
        anyPrice: price,
        anyRank: rank,
      };
      acc.set(model, g);
    }
    g.count++;
    g.availability[state]++;
    g.providers.add(o.provider);
    if (better(price, rank, g.anyPrice, g.anyRank)) {
      g.cheapestAny = o;
      g.anyPrice = price;
      g.anyRank = rank;
    }
    if (RENTABLE.has(state) && (!g.cheapest || better(price, rank, g.cheapestPrice, g.cheapestRank))) {
      g.cheapest = o;
      g.cheapestPrice = price;
      g.cheapestRank = rank;
    }
  }
  const groups: GpuModelGroup[] = [];
  for (const [model, g] of acc) {
    const group: GpuModelGroup = {
      model,
      family: g.first.gpu.family,
      vendor: g.first.gpu.vendor,
      offerCount: g.count,
      availableCount: g.availability.available + g.availability.low,
      availability: g.availability,
      providers: [...g.providers].sort(),
      cheapestAny: ref(g.cheapestAny),
    };
    const vram = g.first.gpu.vramGb;
    if (vram !== undefined) group.vramGb = vram;
    if (g.cheapest) group.cheapest = ref(g.cheapest);
    groups.push(group);
  }
  return groups.sort((a, b) => {
    if (!!a.cheapest !== !!b.cheapest) return a.cheapest ? -1 : 1;
    const pa = (a.cheapest ?? a.cheapestAny).perGpuHour;
    const pb = (b.cheapest ?? b.cheapestAny).perGpuHour;
    if (pa !== pb) return pa - pb;
    return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
  });
}
