/** Display formatting shared by the views. Pure, so it is unit-tested without a DOM. */

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

const money = new Map<string, Intl.NumberFormat>();

export function formatPrice(value: number, currency = 'USD'): string {
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

export function formatNumber(value: number, unit?: string): string {
  const abs = Math.abs(value);
  let text: string;
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

const counts = new Intl.NumberFormat('en-US');

/** `10,000`: a count with thousands separators (one formatter; toLocaleString builds one per call). */
export function formatCount(value: number): string {
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
