import { defineConfig } from 'vitest/config';

// Kept apart from vite.config.ts so the extension build plugins never load in tests.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser tests each launch Chromium; two cores cannot run many at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
