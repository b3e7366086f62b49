import { defineConfig } from 'vitest/config';

/**
 * Real-browser tests against the production build, served by Debian's nginx with the shipped deploy/nginx rules
 * (e2e/nginx-server.ts; e2e/preview.e2e.test.ts checks `vite preview` against it); software rendering is slow,
 * so long waits. Two files run at a time, each with its own nginx and Chromium: on 2 cores one file left about a
 * fifth of the CPU idle, and the suite took 1075 s instead of 1284 s (all 128 tests passing in both).
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    // Stops the run at once, with the install command, when nginx is missing.
    globalSetup: ['e2e/nginx-check.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
