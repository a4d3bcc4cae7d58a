/**
 * The part of OCI's Monitoring Query Language the simulator understands:
 * `Metric[1m]{dim = "v", dim =~ "a|b*"}.mean()` (statistics mean/max/min/sum/count).
 * Anything else is rejected the way Monitoring rejects a bad query (400 InvalidParameter).
 */

interface MqlFilter {
  dimension: string;
  /** `=`: exact; `=~`: fuzzy (`|` separates alternatives, `*` is a wildcard). */
  op: '=' | '=~' | '!=';
  values: string[];
}

interface MqlQuery {
  metric: string;
  intervalMs: number;
  filters: MqlFilter[];
  statistic: 'mean' | 'max' | 'min' | 'sum' | 'count';
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseMql(q: string): MqlQuery | undefined {
  const m =
    /^\s*([A-Za-z][A-Za-z0-9_]*)\s*\[\s*(\d+)([mhd])\s*\]\s*(\{([^}]*)\})?\s*\.\s*(mean|max|min|sum|count)\(\)\s*$/.exec(
      q,
    );
  if (!m) return undefined;
  const filters: MqlFilter[] = [];
  if (m[5] !== undefined && m[5].trim() !== '') {
    for (const part of splitTopLevel(m[5])) {
      const f = /^\s*([A-Za-z][A-Za-z0-9_.]*)\s*(=~|!=|=)\s*(?:"([^"]*)"|([^\s"]+))\s*$/.exec(part);
      if (!f) return undefined;
      const raw = f[3] ?? f[4] ?? '';
      const op = f[2] as MqlFilter['op'];
      filters.push({ dimension: f[1]!, op, values: op === '=~' ? raw.split('|') : [raw] });
    }
  }
  const intervalMs = Number(m[2]) * UNIT_MS[m[3]!]!;
  if (!intervalMs) return undefined;
  return { metric: m[1]!, intervalMs, filters, statistic: m[6] as MqlQuery['statistic'] };
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function fuzzy(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

export function matchesFilters(filters: readonly MqlFilter[], dimensions: Record<string, string>): boolean {
  return filters.every((f) => {
    const v = dimensions[f.dimension];
    if (f.op === '!=') return v !== f.values[0];
    if (v === undefined) return false;
    return f.op === '=' ? v === f.values[0] : f.values.some((p) => fuzzy(p, v));
  });
}
