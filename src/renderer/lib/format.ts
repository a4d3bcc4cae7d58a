/** Display formatting shared by the views. Pure, so it is unit-tested without a DOM. */
import { groupThousands } from '../../shared/format/count';

export function relativeTime(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.round((now - t) / 1000);
  const future = s < 0;
  const a = Math.abs(s);
  let text: string;
  if (a < 5) return future ? 'now' : 'just now';
  else if (a < 60) text = `${a} s`;
  else if (a < 3600) text = `${Math.floor(a / 60)} min`;
  else if (a < 86_400) text = `${Math.floor(a / 3600)} h`;
  else text = `${Math.floor(a / 86_400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

/**
 * When a provider's next poll is: "in 40 s", or, once that time has passed (a poll under way, or
 * none running: a suspended laptop, a stopped core), "due 40 s ago" rather than "Next poll 40 s
 * ago".
 */
export function nextPollTime(iso: string | undefined, now: number): string {
  if (!iso) return '—';
  const text = relativeTime(iso, now);
  return Date.parse(iso) > now || text === 'unknown' ? text : `due ${text}`;
}

/*
 * Prices and counts are formatted without Intl on their common path: the first Intl.NumberFormat
 * in a page loads ICU's locale data, ~15 ms of main thread on the way to the first paint. The
 * plain path produces exactly what Intl would (test/unit/renderer/lib/format.test.ts compares them
 * on generated values); anything outside it (other currencies, negatives, huge values) goes to Intl.
 */
const money = new Map<string, Intl.NumberFormat>();

/** Non-negative, finite, below 1e15 (plain digits in String(v) from 1e-6 up), and not -0. */
const plain = (v: number): boolean => v >= 0 && v < 1e15 && !Object.is(v, -0);

/**
 * `v` with 2–3 decimals, rounded like Intl: ICU rounds the shortest decimal that reads back as `v`
 * (what String(v) prints), half away from zero; so 1.0005 → 1.001, where toFixed(3), which rounds
 * the binary value 1.000499…, says 1.000. Undefined when String(v) has an exponent.
 */
function twoToThreeDecimals(v: number): string | undefined {
  const s = String(v);
  if (s.includes('e')) return undefined;
  const dot = s.indexOf('.');
  let int = dot < 0 ? s : s.slice(0, dot);
  let frac = dot < 0 ? '' : s.slice(dot + 1);
  if (frac.length > 3) {
    const up = frac.charCodeAt(3) >= 53; // '5'
    frac = frac.slice(0, 3);
    if (up) {
      // Add one unit in the last kept place, carrying through the fraction into the integer part.
      const digits = (BigInt(int + frac) + 1n).toString().padStart(int.length + 3, '0');
      int = digits.slice(0, -3);
      frac = digits.slice(-3);
    }
  }
  frac = frac.padEnd(2, '0');
  if (frac.length === 3 && frac.endsWith('0')) frac = frac.slice(0, 2);
  return `${groupThousands(int)}.${frac}`;
}

export function formatPrice(value: number, currency = 'USD'): string {
  const plainText = currency === 'USD' && plain(value) ? twoToThreeDecimals(value) : undefined;
  if (plainText !== undefined) return `$${plainText}`;
  let f = money.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 3,
      });
    } catch {
      f = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 3 });
    }
    money.set(currency, f);
  }
  return f.format(value);
}

/**
 * `formatPrice` for a right-aligned column of prices: a price with two decimals gets a figure space
 * (as wide as a digit in tabular figures) where a third would be, so "$0.66" and "$0.712" line up on
 * their decimal points. The text read or copied is still the price.
 */
export function formatPriceInColumn(value: number, currency = 'USD'): string {
  const text = formatPrice(value, currency);
  return /\.\d\d$/.test(text) ? `${text}\u2007` : text;
}

export function formatNumber(value: number, unit?: string): string {
  const abs = Math.abs(value);
  let text: string;
  if (unit === 'bytes/s') return `${formatNumber(value, 'bytes')}/s`;
  if (unit === 'bytes') {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = value;
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
  }
  if (abs >= 1e6) text = `${(value / 1e6).toFixed(1)}M`;
  else if (abs >= 1e4) text = `${(value / 1e3).toFixed(1)}k`;
  else if (Number.isInteger(value)) text = String(value);
  else text = value.toFixed(abs < 10 ? 2 : 1);
  if (!unit || unit === 'count') return text;
  if (unit === 'percent') return `${text}%`;
  return `${text} ${unit}`;
}

let counts: Intl.NumberFormat | undefined;

/** `10,000`: a count with thousands separators (one formatter; toLocaleString builds one per call). */
export function formatCount(value: number): string {
  if (Number.isInteger(value) && plain(value)) return groupThousands(String(value));
  counts ??= new Intl.NumberFormat('en-US');
  return counts.format(value);
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** ISO time → `HH:MM` local, for "snoozed until". */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { hour: '2-digit', minute: '2-digit', month: 'short', day: 'numeric' });
}
