import { defineConfig } from 'vitest/config';

// Keychain tests talk to a real Secret Service (gnome-keyring under dbus-run-session, scripts/with-keyring.sh).
export default defineConfig({
  test: {
    include: ['test/keychain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
