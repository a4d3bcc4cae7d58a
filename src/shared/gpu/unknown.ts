/**
 * GPU queries that name nothing cloudtop's catalogue knows (`--gpu H1OO`, a typo for H100): a watch
 * on one would wait forever without a word, and an empty `offers` would not say why. The query
 * still works as typed (a GPU newer than the catalogue matches offers normalised to the same
 * name), so this only warns, with the catalogue's nearest spellings.
 */
import { GPU_CATALOG, catalogByFamily, compact } from './catalog';
import { matchesGpuQuery, parseGpuQuery, type GpuLike } from './query';

/** Compact spellings (family key and aliases) → the family they name. */
const SPELLINGS: ReadonlyArray<readonly [string, string]> = GPU_CATALOG.flatMap((e) =>
  [compact(e.family), ...(e.aliases ?? [])].map((s) => [s, e.family] as const),
);

/** The catalogue families nearest to an unknown query (at most 3, nearest first); undefined when the query is known. */
export function unknownGpuQuery(query: string): { query: string; nearest: string[] } | undefined {
  const q = parseGpuQuery(query);
  // A vendor (`nvidia`) or an exact model (`=H200`) is not a spelling to check.
  if (!q.family || catalogByFamily(q.family)) return undefined;
  const typed = compact(query.trim());
  // Two edits for a name of 4 or more characters (H1OO → H100), one below that.
  const most = typed.length >= 4 ? 2 : 1;
  const best = new Map<string, number>();
  for (const [spelling, family] of SPELLINGS) {
    const d = editDistance(typed, spelling, most);
    if (d <= most && d < (best.get(family) ?? Infinity)) best.set(family, d);
  }
  const nearest = [...best]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([family]) => family);
  return { query: query.trim(), nearest };
}

/** What to tell the user about a query's unknown GPU: one sentence, or undefined when it is known. */
export function unknownGpuHint(query: string): string | undefined {
  const u = unknownGpuQuery(query);
  if (!u) return undefined;
  const mean = u.nearest.length ? ` Did you mean ${orList(u.nearest)}?` : '';
  return `--gpu ${u.query}: not a GPU cloudtop knows; it matches only offers of a GPU named exactly that.${mean}`;
}

/**
 * The hints for the GPU queries of a filter that name no known GPU and match none of `offers` (a
 * GPU newer than the catalogue that is on offer needs no hint): for `offers` with nothing to show
 * and `watch` after its first poll.
 */
export function gpuQueryHints(queries: readonly string[] | undefined, offers: readonly { gpu: GpuLike }[]): string[] {
  const hints: string[] = [];
  for (const query of queries ?? []) {
    const hint = unknownGpuHint(query);
    if (hint && !offers.some((o) => matchesGpuQuery(query, o.gpu))) hints.push(hint);
  }
  return hints;
}

function orList(xs: readonly string[]): string {
  return xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)!}`;
}

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment: RTX-4900
 * is one edit from RTX-4090, as a typist sees it), giving up (returning `cap + 1`) once it must
 * exceed `cap`.
 */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > cap) return cap + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}
