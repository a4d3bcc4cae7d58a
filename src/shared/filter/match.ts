/**
 * One OfferFilter for CLI, UI and watches. Compiled once per filter into a predicate, so filtering
 * 10,000 offers does not re-parse GPU queries or re-lower-case lists per offer.
 *
 * Decisions where the model leaves room:
 *  - An empty list (`providers: []`) constrains nothing, like an absent field.
 *  - `minVramGb`: an offer whose VRAM is unknown does not match (we cannot show it meets the floor).
 *  - `cloud`: offers without a tier (Lambda, OCI: data-centre clouds) count as `secure`.
 *  - `minReliability` and `verified` only judge offers that report them: Lambda has no host
 *    reliability score, and dropping it for a Vast-style floor would hide the most reliable offers.
 *    `verified: true` drops offers marked unverified; `verified: false` keeps only those.
 *  - `availability` absent: every state matches (the watch engine applies its own default).
 *  - `search`: every whitespace-separated word must occur (case-insensitive) in model, raw name,
 *    family, provider, region id/name/country or instance type.
 */
import type { GpuOffer, OfferFilter } from '../model';
import { type GpuQuery, matchesGpuQuery, parseGpuQuery } from '../gpu/query';

export type OfferPredicate = (offer: GpuOffer) => boolean;

const nonEmpty = <T>(xs: readonly T[] | undefined): xs is readonly T[] => xs !== undefined && xs.length > 0;

// Offers are immutable snapshot entries: build each one's search text once, not on every keystroke.
const searchTexts = new WeakMap<GpuOffer, string>();

function searchText(o: GpuOffer): string {
  let text = searchTexts.get(o);
  if (text === undefined) searchTexts.set(o, (text = buildSearchText(o)));
  return text;
}

function buildSearchText(o: GpuOffer): string {
  return [
    o.gpu.model,
    o.gpu.rawName,
    o.gpu.family,
    o.provider,
    o.region.id,
    o.region.name ?? '',
    o.region.country ?? '',
    o.instanceType ?? '',
  ]
    .join(' ')
    .toLowerCase();
}

// Search texts aligned by position with an array of offers. Filtering such an array reads texts[i]
// instead of one WeakMap lookup per offer (10,000 lookups were most of the first keystroke's
// filtering in the UI bench), and its result gets aligned texts too, so narrowing the previous
// result as the user types on stays on this path.
const alignedTexts = new WeakMap<readonly GpuOffer[], readonly string[]>();

/**
 * Builds the search texts of these offers ahead of time, aligned with this very array (the UI does
 * it in idle time for the list it filters, before the first keystroke).
 */
export function prepareSearch(offers: readonly GpuOffer[]): void {
  alignTexts(offers);
}

/** The search texts aligned with `offers`, built (from each offer's cached text) when missing. */
function alignTexts(offers: readonly GpuOffer[]): readonly string[] {
  let texts = alignedTexts.get(offers);
  if (!texts) alignedTexts.set(offers, (texts = offers.map(searchText)));
  return texts;
}

function searchWords(search: string | undefined): string[] {
  return (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * True when every offer that matches search `next` also matches search `prev` (all else equal):
 * each word of `prev` occurs inside some word of `next`, as when typing on. The UI then filters the
 * previous result instead of the whole list.
 */
export function searchNarrows(prev: string | undefined, next: string | undefined): boolean {
  const after = searchWords(next);
  return searchWords(prev).every((w) => after.some((a) => a.includes(w)));
}

export function compileFilter(filter: OfferFilter): OfferPredicate {
  return compileChecks(filter, true);
}

/** The filter's checks as one predicate; without the search words when `withSearch` is false. */
function compileChecks(filter: OfferFilter, withSearch: boolean): OfferPredicate {
  const checks: OfferPredicate[] = [];
  if (nonEmpty(filter.gpu)) {
    const queries: GpuQuery[] = filter.gpu.map(parseGpuQuery);
    checks.push((o) => queries.some((q) => matchesGpuQuery(q, o.gpu)));
  }
  const { minCount, maxCount, maxPricePerGpuHour, maxPricePerHour, minVramGb, minReliability } = filter;
  if (minCount !== undefined) checks.push((o) => o.gpu.count >= minCount);
  if (maxCount !== undefined) checks.push((o) => o.gpu.count <= maxCount);
  if (maxPricePerGpuHour !== undefined) checks.push((o) => o.price.perGpuHour <= maxPricePerGpuHour);
  if (maxPricePerHour !== undefined) checks.push((o) => o.price.perHour <= maxPricePerHour);
  if (minVramGb !== undefined) checks.push((o) => o.gpu.vramGb !== undefined && o.gpu.vramGb >= minVramGb);
  if (nonEmpty(filter.providers)) {
    const set = new Set<string>(filter.providers);
    checks.push((o) => set.has(o.provider));
  }
  if (nonEmpty(filter.regions)) {
    const set = new Set(filter.regions.map((r) => r.trim().toLowerCase()));
    checks.push(
      (o) =>
        set.has(o.region.id.toLowerCase()) ||
        (o.region.country !== undefined && set.has(o.region.country.toLowerCase())),
    );
  }
  if (nonEmpty(filter.billing)) {
    const set = new Set<string>(filter.billing);
    checks.push((o) => set.has(o.price.billing));
  }
  if (nonEmpty(filter.cloud)) {
    const set = new Set<string>(filter.cloud);
    checks.push((o) => set.has(o.cloud ?? 'secure'));
  }
  if (minReliability !== undefined) {
    checks.push((o) => o.quality.reliability === undefined || o.quality.reliability >= minReliability);
  }
  if (filter.verified === true) checks.push((o) => o.quality.verified !== false);
  if (filter.verified === false) checks.push((o) => o.quality.verified === false);
  if (nonEmpty(filter.availability)) {
    const set = new Set<string>(filter.availability);
    checks.push((o) => set.has(o.availability.state));
  }
  const words = searchWords(filter.search);
  if (withSearch && words.length) {
    checks.push((o) => containsAll(searchText(o), words));
  }
  if (checks.length === 0) return () => true;
  // Index loops here and in containsAll: they run per offer per keystroke, and a for-of allocates
  // an iterator each time until V8 has optimised the function (UI bench heap profile).
  return (o) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i]!(o)) return false;
    return true;
  };
}

const compiled = new WeakMap<OfferFilter, OfferPredicate>();

function predicateFor(filter: OfferFilter): OfferPredicate {
  let p = compiled.get(filter);
  if (!p) {
    p = compileFilter(filter);
    compiled.set(filter, p);
  }
  return p;
}

/**
 * Does one offer pass the filter? `_now` is accepted for callers that pass a clock; no filter field
 * depends on time yet. The compiled predicate is cached per filter object, so treat filters as immutable.
 */
export function matchOffer(filter: OfferFilter, offer: GpuOffer, _now?: number): boolean {
  return predicateFor(filter)(offer);
}

/** The filter split for arrays with aligned search texts: the other checks, and the search words. */
const splitCompiled = new WeakMap<OfferFilter, { rest: OfferPredicate; words: string[] }>();

export function filterOffers(offers: readonly GpuOffer[], filter: OfferFilter): GpuOffer[] {
  let split = splitCompiled.get(filter);
  if (!split)
    splitCompiled.set(filter, (split = { rest: compileChecks(filter, false), words: searchWords(filter.search) }));
  const { rest, words } = split;
  // Without search words the texts are not needed. A search over a list that was not prepared (a
  // keystroke before the idle-time preparation, or a result filtered without texts) aligns it now,
  // so that this result, and every narrowing of it as the user types on, take the aligned path.
  if (words.length === 0 && !alignedTexts.has(offers)) return offers.filter(rest);
  const texts = alignTexts(offers);
  const out: GpuOffer[] = [];
  const outTexts: string[] = [];
  for (let i = 0; i < offers.length; i++) {
    const text = texts[i]!;
    if (!containsAll(text, words)) continue;
    const o = offers[i]!;
    if (!rest(o)) continue;
    out.push(o);
    outTexts.push(text);
  }
  alignedTexts.set(out, outTexts);
  return out;
}

function containsAll(text: string, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (!text.includes(words[i]!)) return false;
  return true;
}
