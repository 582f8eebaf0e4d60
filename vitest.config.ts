import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './tests/plain-summary-reporter.js';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources through this condition.
  ssr: { resolve: { conditions: ['@suyuan/source'] } },
  resolve: { conditions: ['@suyuan/source'] },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    reporters: ['default', new PlainSummaryReporter()],
    // A loaded CI machine runs the slowest tests without a timeout of their own (the CLI's
    // help for every command: 16 s in a whole-suite run here) several times slower: a hang
    // still fails, only later. Hooks build worlds, open stores and hubs, start browsers:
    // vitest's 10 s default for them was too little.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One temporary directory per run, removed at the end; the hub's PostgreSQL started if installed.
    globalSetup: ['tests/support/temp-root.ts', 'tests/support/postgres.ts'],
  },
});
