/** Money wording for every face (desktop and browser notifications, tray, CLI, watch history). */

/** `$2.49`, `$0.095`, `12.00 EUR`. Sub-dollar prices keep three digits: spot GPUs cost cents. */
export function formatMoney(amount: number, currency = 'USD'): string {
  if (!Number.isFinite(amount)) return '?';
  const digits = amount > 0 && amount < 1 ? 3 : 2;
  const n = amount.toFixed(digits);
  return currency.toUpperCase() === 'USD' ? `$${n}` : `${n} ${currency.toUpperCase()}`;
}

/** The one spelling of the per-GPU-hour unit. */
export const PER_GPU_HOUR = '/GPU·h';

/** `$2.49/GPU·h`. */
export function formatPerGpuHour(amount: number, currency = 'USD'): string {
  return `${formatMoney(amount, currency)}${PER_GPU_HOUR}`;
}
