export { matchOffer, filterOffers, compileFilter, prepareSearch, searchNarrows, type OfferPredicate } from './match';
export { sortOffers, pricePerVramGbHour, type SortSpec } from './sort';
export { describeFilter } from './describe';
export { nearMisses, type NearMiss } from './near-miss';
