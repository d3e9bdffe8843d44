import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    setupFiles: ['test/setup/each.ts'],
    hookTimeout: 60_000,
    testTimeout: 60_000,
    // Two cores: a few files at a time, each with its own database.
    maxWorkers: 3,
    reporters: ['default', './test/setup/summary-reporter.ts'],
  },
});
