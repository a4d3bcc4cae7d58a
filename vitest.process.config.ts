import { defineConfig } from 'vitest/config';

// Process-level suite: the built CLI (bin/cloudtop.js → out/cli) and Electron main bundle (out/main),
// run as child processes exactly as users and installers run them. Needs `npm run build` first
// (scripts/test.mjs runs it in the `build` step). Each file starts its own `cloudtop sim`.
export default defineConfig({
  test: {
    include: ['test/process/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
