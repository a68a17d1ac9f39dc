import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** What both projects share. */
const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks',
  // in-process adapter tests load the AWS SDK, which warns on Node 20; the CLI filters it itself
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
} as const;

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: a single worker on two cores. Most files wait on child
    // processes (the built CLI), servers and emulators, so one worker more than the cores keeps the CPUs busy: the
    // whole suite on two cores took 319 s with one worker and 156 s with three; test/e2e alone, on a machine busy
    // with other work too, 72-134 s with two workers, 82-96 s with three, 74-99 s with four.
    // Set here only, so that `--maxWorkers` on the command line still applies to both projects.
    maxWorkers: availableParallelism() + 1,
    globalSetup: ['test/global-setup-templates.ts', 'test/global-setup.ts'],
    projects: [
      {
        // Pure unit tests (no servers, no child processes, no process-wide state): one worker runs many files,
        // so that each file does not pay for a fresh process and a fresh import of the shared modules.
        test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        test: { ...shared, name: 'system', include: ['test/**/*.test.ts'], exclude: ['test/unit/**'] },
      },
    ],
  },
});
