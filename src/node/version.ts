/** The version printed by `--version` and served to the window; kept in step with package.json by a test. */
export const VERSION = '0.1.0';
