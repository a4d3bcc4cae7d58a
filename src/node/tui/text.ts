/** Fixed-width cells for the panes: pad or cut to a width, cutting with the charset's ellipsis. */
import type { Glyphs } from './glyphs';

/** Left-aligned in `width` columns. The TUI's own text is single-width (ASCII or the glyph set). */
export function fit(s: string, width: number, g: Glyphs): string {
  if (width <= 0) return '';
  if (!g.unicode) s = toAscii(s);
  if (s.length <= width) return s.padEnd(width, ' ');
  return width === 1 ? s.slice(0, 1) : s.slice(0, width - 1) + g.ellipsis;
}

/** Right-aligned in `width` columns. */
export function fitEnd(s: string, width: number, g: Glyphs): string {
  if (width <= 0) return '';
  if (!g.unicode) s = toAscii(s);
  if (s.length <= width) return s.padStart(width, ' ');
  return width === 1 ? s.slice(0, 1) : s.slice(0, width - 1) + g.ellipsis;
}

/** Keeps what a provider sends (names, errors) to one printable line. */
export function oneLine(s: string, g: Glyphs): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  return g.unicode ? cleaned : toAscii(cleaned);
}

/**
 * The rows of a list that fit in `height` lines with the selection in view: the selection sits in
 * the middle once the list scrolls, so there is context above and below it. Only these rows are
 * rendered, whatever the list's length (10,000 offers cost what 20 do).
 */
export function visibleWindow(length: number, selected: number, height: number): { start: number; end: number } {
  if (height <= 0 || length === 0) return { start: 0, end: 0 };
  if (length <= height) return { start: 0, end: length };
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), length - height));
  return { start, end: start + height };
}

/** One ASCII character for each character the TUI or a provider might print that ASCII lacks. */
const ASCII_FOR: Record<string, string> = {
  '…': '~',
  '·': '|',
  '—': '-',
  '–': '-',
  '≥': '>',
  '≤': '<',
  '×': 'x',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '€': 'E',
  '£': 'L',
};

/**
 * The last line of defence on a non-UTF-8 terminal: every non-ASCII character becomes one ASCII
 * character (a look-alike, else `?`), so columns stay aligned and nothing turns into mojibake.
 */
export function toAscii(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[^\u0000-\u007f]/gu, (ch) => ASCII_FOR[ch] ?? '?');
}
