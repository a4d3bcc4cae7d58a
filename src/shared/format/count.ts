/**
 * "1 resource", "3 resources", "10,000 offers": a count with its noun, the one place that decides
 * the plural (and groups the thousands, as the faces write counts).
 */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  const digits = Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
  return `${digits} ${n === 1 ? noun : plural}`;
}
