import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'infra/**/*.test.ts', 'test/unit/**/*.test.ts', 'web/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          setupFiles: ['test/integration/setup.ts', 'test/support/clean-temp-dirs.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // One folder for the run's cloud assemblies, removed when every file is done.
          globalSetup: ['test/infra/support/assemblies.ts'],
          // The files share one synthesized app (test/infra/support/build.ts) instead of each building it.
          isolate: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/support/clean-temp-dirs.ts'],
          // One browser journey against one runtime: the steps share the page and run in order.
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // A page's answer waits on the runtime and, on a busy machine, on the browser too: a
          // polled expectation gives it 10 s (each poll still ends at the first pass).
          expect: { poll: { timeout: 10_000 } },
          // Each file builds the web app and drives its own runtime and browser: one file at a time,
          // so no build rewrites web/dist under another file's page.
          fileParallelism: false,
        },
      },
    ],
  },
});
