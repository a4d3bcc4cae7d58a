/**
 * The characters `cloudtop top` draws with. A UTF-8 terminal gets block sparklines, arrows and
 * box-drawing rules; anything else (LANG/LC_ALL without UTF-8, the C locale) gets plain ASCII, so a
 * serial console or an old SSH client never shows mojibake.
 */
import type { ProviderState } from '../../shared/model';

export interface Glyphs {
  unicode: boolean;
  /** Sparkline levels, lowest first. */
  spark: readonly string[];
  up: string;
  down: string;
  flat: string;
  /** Horizontal rule in pane titles. */
  rule: string;
  /** Marks the selected row (also visible without colour). */
  cursor: string;
  ellipsis: string;
  provider: Record<ProviderState, string>;
}

export const UNICODE_GLYPHS: Glyphs = {
  unicode: true,
  spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  up: '↑',
  down: '↓',
  flat: '→',
  rule: '─',
  cursor: '›',
  ellipsis: '…',
  provider: { ok: '●', degraded: '◐', error: '✗', unconfigured: '○', disabled: '·' },
};

export const ASCII_GLYPHS: Glyphs = {
  unicode: false,
  spark: ['_', '.', ',', '-', '~', '=', '*', '#'],
  up: '^',
  down: 'v',
  flat: '=',
  rule: '-',
  cursor: '>',
  ellipsis: '~',
  provider: { ok: '*', degraded: '~', error: 'x', unconfigured: 'o', disabled: '-' },
};

/**
 * Does the terminal take UTF-8? The first locale variable that is set decides (LC_ALL, then
 * LC_CTYPE, then LANG, the order the C library uses); with none set the locale is "C", which is ASCII.
 */
export function localeIsUtf8(env: Record<string, string | undefined>): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

export function glyphsFor(env: Record<string, string | undefined>): Glyphs {
  return localeIsUtf8(env) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}
