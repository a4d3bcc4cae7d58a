/**
 * The key map, once: the footer, the `?` help screen and the README table are all built from it
 * (test/unit/tui/parts.test.ts checks the README against it).
 */
interface KeyHelp {
  keys: string;
  /** Short form for the footer; absent = not in the footer. */
  short?: string;
  action: string;
}

export const KEY_HELP: readonly KeyHelp[] = [
  { keys: 'Tab / Shift+Tab', short: 'Tab', action: 'next / previous pane' },
  { keys: '1 2 3 4', short: '1-4', action: 'GPUs, Resources, Alerts, Providers pane' },
  { keys: 'Up Down / j k', action: 'move the selection (PgUp/PgDn, g/G: page, top, bottom)' },
  {
    keys: '/',
    short: '/',
    action: "filter: words that must all occur, as in the window's search; Enter keeps it, Esc clears",
  },
  { keys: 's', short: 's', action: 'cycle the sort of the pane' },
  { keys: 'Enter', short: 'Enter', action: 'details: every field, the console link; Esc closes' },
  { keys: 'w', short: 'w', action: 'watch the selected GPU model (alerts appear in pane 3)' },
  { keys: 'r', short: 'r', action: 'refresh every provider now' },
  { keys: '?', short: '?', action: 'key help' },
  { keys: 'q / Ctrl+C', short: 'q', action: 'quit (the terminal is restored)' },
];

/** Footer words for each short key. */
export const FOOTER_LABELS: Record<string, string> = {
  Tab: 'pane',
  '1-4': 'jump',
  '/': 'filter',
  s: 'sort',
  Enter: 'details',
  w: 'watch',
  r: 'refresh',
  '?': 'help',
  q: 'quit',
};
