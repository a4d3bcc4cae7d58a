/**
 * "1 resource", "3 resources", "10,000 offers": a count with its noun, the one place that decides
 * the plural (and groups the thousands, as the faces write counts).
 */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  const digits = !Number.isInteger(n)
    ? String(n)
    : n < 0
      ? `-${groupThousands(String(-n))}`
      : groupThousands(String(n));
  return `${digits} ${n === 1 ? noun : plural}`;
}

/** `1234567` → `1,234,567` (digits only): without Intl, whose first use loads ICU's locale data. */
export function groupThousands(digits: string): string {
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = digits.slice(Math.max(0, i - 3), i) + (out ? `,${out}` : '');
  return out;
}
