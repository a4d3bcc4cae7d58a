/**
 * The History view's periods. A module of its own, shared by the view and the store: the view
 * importing a value from the store moved the store out of the boot chunk into a shared one, which
 * is evaluated before boot.tsx sets zod's jitless mode (see zod-jitless.ts), and the CSP test
 * caught zod's eval probe.
 */
export const HISTORY_PERIODS = ['7d', '30d', '90d'] as const;
export type HistoryPeriod = (typeof HISTORY_PERIODS)[number];
