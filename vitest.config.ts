import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on two cores. Most files wait on child
    // processes (the built CLI), servers and emulators, so one worker more than the cores keeps the CPUs busy
    // (test/e2e on two cores: 109 s with 2 workers, 83 s with 3, 74 s with 4).
    maxWorkers: availableParallelism() + 1,
    // in-process adapter tests load the AWS SDK, which warns on Node 20; the CLI filters it itself
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    globalSetup: ['test/global-setup-templates.ts', 'test/global-setup.ts'],
    projects: [
      {
        extends: true,
        // Pure unit tests (no servers, no child processes, no process-wide state): one worker runs many files,
        // so that each file does not pay for a fresh process and a fresh import of the shared modules.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: { name: 'system', include: ['test/**/*.test.ts'], exclude: ['test/unit/**'] },
      },
    ],
  },
});
