import { defineConfig } from 'vitest/config';

// Browser tests: a real server on a free port, the built web app, Debian Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
