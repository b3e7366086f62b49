import { defineConfig } from 'vitest/config';

/** Real-browser tests against the production build; software rendering is slow, so one worker and long waits. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
