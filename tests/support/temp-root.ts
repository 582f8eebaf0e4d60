import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: every test run gets its own temporary directory, handed to the test
 * workers and every process they start through TMPDIR, and removed when the run ends. So a
 * test that forgets to clean up (or is killed half-way) still leaves no secret key behind.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'suyuan-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root);
    if (left.length > 0 && process.env.SUYUAN_TEST_REPORT_LEFTOVERS) process.stderr.write(`test temp dirs not removed by their tests: ${left.join(', ')}\n`);
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
