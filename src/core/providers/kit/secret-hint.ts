/**
 * The one secret-hint rule, for every place that shows a configured secret (credential status,
 * discovery consent prompts, the Providers view): the last four characters, and only for secrets
 * long enough that four characters reveal little of them.
 */

/** Secrets shorter than this show only '•••': four characters of a short key are too much of it. */
export const HINT_MIN_SECRET_LENGTH = 16;
export const HIDDEN_HINT = '•••';

export function secretHint(value: string): string {
  return value.length >= HINT_MIN_SECRET_LENGTH ? `…${value.slice(-4)}` : HIDDEN_HINT;
}
