import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './tests/plain-summary-reporter.js';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources through this condition.
  ssr: { resolve: { conditions: ['@suyuan/source'] } },
  resolve: { conditions: ['@suyuan/source'] },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    reporters: ['default', new PlainSummaryReporter()],
    testTimeout: 60_000,
    // Hooks build worlds, open stores and hubs, start browsers: vitest's 10 s default is too
    // little for a loaded CI machine; a hang still fails, only later.
    hookTimeout: 60_000,
    // One temporary directory per run, removed at the end; the hub's PostgreSQL started if installed.
    globalSetup: ['tests/support/temp-root.ts', 'tests/support/postgres.ts'],
  },
});
