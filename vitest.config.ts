import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
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
