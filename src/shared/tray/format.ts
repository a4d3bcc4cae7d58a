/** Small text helpers for the tray and notifications: plain strings, no Intl locale surprises. */

// Money and time wording lives once in src/shared/format; re-exported for existing imports.
export { formatAgo, formatClock, formatMoney } from '../format';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Removes control characters (user-written watch names, provider error text) and squeezes spaces. */
export function cleanText(s: string): string {
  return s.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts to at most `max` UTF-16 code units at a code point boundary, ending with `…` when cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = Math.max(0, max - 1);
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

export function parseIsoMs(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}
