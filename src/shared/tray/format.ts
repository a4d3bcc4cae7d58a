/** Small text helpers for the tray and notifications: plain strings, no Intl locale surprises. */

/** `$2.49`, `$0.095`, `12.00 EUR`. Sub-dollar prices keep three digits: spot GPUs cost cents. */
export function formatMoney(amount: number, currency = 'USD'): string {
  if (!Number.isFinite(amount)) return '?';
  const digits = amount > 0 && amount < 1 ? 3 : 2;
  const n = amount.toFixed(digits);
  return currency.toUpperCase() === 'USD' ? `$${n}` : `${n} ${currency.toUpperCase()}`;
}

/** `just now`, `4 min ago`, `3 h ago`, `2 d ago`. Minute resolution keeps the tray model stable between minutes. */
export function formatAgo(thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - thenMs) / 1000));
  if (s < 60) return 'just now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** `14:05` in the process's local zone (the zone the tray is shown in). */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

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
