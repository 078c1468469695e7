import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    pool: 'forks',
    // Git tests spawn many processes; two workers match the 2-core machines this runs on.
    maxWorkers: 2,
    // Under CI, also write a JSON report that .ci/run turns into one closing line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    ...(process.env.CI ? { outputFile: { json: '.ci/test-results.json' } } : {}),
  },
});
