/**
 * The provider kit: the jobs every provider shares, done once. A provider folder holds only what is
 * specific to its API (client, parse, descriptor) and takes the rest from here:
 *
 * - `validatePayload` — zod → `bad_response` naming the field, one wording;
 * - `parseProviderOptions` — `providers.<id>.options` against the descriptor's `optionsSchema`
 *   (also checked when cloudtop.json loads);
 * - `sdkErrorMapper` — an SDK's errors → CloudtopError (statuses, Retry-After, transport);
 * - `parseRetryAfter` — the one Retry-After parser;
 * - `secretHint` — the one rule for showing a configured secret;
 * - `discoverFromEnv` / `CredentialCandidate` — the optional `discover()` hook;
 * - `envelopeCheck`, `MB` — the descriptor's `response` policy (body cap, SDK-answer check);
 * - `sameOriginLink` — follows a provider's paging link only to the origin the listing started on;
 * - `walkPageNumbers`, `DEFAULT_MAX_PAGES` — page-numbered listings, with one cap and one wording;
 * - `offerGpu`, `offerPrice`, `round`, `stateMap` — the normalised GPU and price of an offer, resource states;
 * - `bearerGet` — one GET with a bearer token, missing/rejected/refused tokens in the provider's words;
 * - `isPermissionGap`, `abortIfNeeded` — degrade on a call the credentials may not make; stop between calls once cancelled.
 *
 * Error text is scrubbed of credentials centrally (collector), so providers need not do it.
 */
export { badPayload, describeIssues, fieldPath, validatePayload, type PayloadContext } from './payload';
export { optionsError, parseProviderOptions, type OptionsOwner } from './options';
export { sdkErrorMapper, type SdkErrorMapperOptions, type SdkFailure } from './sdk-error';
export { parseRetryAfter, parseRateLimitReset, classifyHttpStatus } from '../../collector/retry';
export { secretHint, HIDDEN_HINT, HINT_MIN_SECRET_LENGTH } from './secret-hint';
export { discoverFromEnv, type CredentialCandidate, type EnvVarField } from './discover';
export { envelopeCheck, DEFAULT_MAX_RESPONSE_BYTES, MB } from './response';
export { DEFAULT_MAX_PAGES, sameOriginLink, walkPageNumbers, type PageWalk, type PagingOwner } from './paging';
export { offerGpu, offerPrice, round, stateMap, type OfferGpuInput } from './offer';
export { bearerGet, type BearerApi } from './bearer';
export { abortIfNeeded, isPermissionGap } from './guards';
