/**
 * Structural equality for snapshot entities (plain JSON-like data), with JSON semantics: a key
 * whose value is `undefined` equals a missing key. Written by hand because the diff compares
 * thousands of offers per poll and `JSON.stringify` of both sides is several times slower.
 */

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN never appears in validated data; treat it as equal to itself anyway.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  const arrA = Array.isArray(a);
  if (arrA !== Array.isArray(b)) return false;
  if (arrA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  return objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>, undefined);
}

function objectsEqual(a: Record<string, unknown>, b: Record<string, unknown>, skip: string | undefined): boolean {
  let countA = 0;
  for (const k in a) {
    if (k === skip) continue;
    const va = a[k];
    if (va === undefined) continue;
    countA++;
    if (!deepEqual(va, b[k])) return false;
  }
  let countB = 0;
  for (const k in b) {
    if (k === skip) continue;
    if (b[k] !== undefined) countB++;
  }
  return countA === countB;
}

/** Equal apart from one top-level key (the diff ignores `fetchedAt`). */
export function equalIgnoring<T extends object>(a: T, b: T, key: keyof T & string): boolean {
  if (a === b) return true;
  return objectsEqual(a as Record<string, unknown>, b as Record<string, unknown>, key);
}
