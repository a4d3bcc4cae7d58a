import { visibleLength } from './ansi';

export interface Column<T> {
  header: string;
  get: (row: T) => string;
  align?: 'left' | 'right';
  /** Columns only shown with --output wide. */
  wide?: boolean;
  /** Truncate cells longer than this (table mode only). */
  max?: number;
  /** Leave the column out when no row has a value other than this placeholder (e.g. QUOTA on markets). */
  omitWhenAll?: string;
}

function fit(s: string, max: number | undefined): string {
  if (!max || visibleLength(s) <= max) return s;
  return s.slice(0, Math.max(1, max - 1)) + '…';
}

/** Renders rows as an aligned plain-text table (kubectl-style: header, two-space gaps, no borders). */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], opts: { wide: boolean }): string {
  const cols = columns.filter(
    (c) => (opts.wide || !c.wide) && (c.omitWhenAll === undefined || rows.some((r) => c.get(r) !== c.omitWhenAll)),
  );
  const cells = rows.map((r) => cols.map((c) => (opts.wide ? c.get(r) : fit(c.get(r), c.max))));
  const widths = cols.map((c, i) => Math.max(visibleLength(c.header), ...cells.map((row) => visibleLength(row[i]!))));
  const pad = (s: string, i: number): string => {
    const gap = ' '.repeat(Math.max(0, widths[i]! - visibleLength(s)));
    return cols[i]!.align === 'right' ? gap + s : s + gap;
  };
  const lines = [
    cols
      .map((c, i) => pad(c.header, i))
      .join('  ')
      .trimEnd(),
  ];
  for (const row of cells)
    lines.push(
      row
        .map((s, i) => pad(s, i))
        .join('  ')
        .trimEnd(),
    );
  return lines.join('\n') + '\n';
}
