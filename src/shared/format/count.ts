/** "1 resource", "3 resources": a count with its noun, the one place that decides the plural. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
