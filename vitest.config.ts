import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// `electron` is always the mock: the real package tries to download its binary (docs/toolchain.md).
const electronMock = fileURLToPath(new URL('./test/mocks/electron.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { electron: electronMock } },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/providers/**/*.test.ts'],
    exclude: ['test/keychain/**', 'test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    maxWorkers: 2,
    server: { deps: { inline: ['electron-store'] } },
    setupFiles: ['test/setup.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/core/**', 'src/shared/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 80 },
    },
  },
});
