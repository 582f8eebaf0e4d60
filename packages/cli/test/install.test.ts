import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { ROOT, ensureBuilt } from './cli-fixture.js';

beforeAll(() => ensureBuilt(), 180_000);

/**
 * What the README tells a user outside the repository to do: pack the CLI and install the
 * tarball globally with npm. Into a clean prefix, from the tarball alone (its dependencies
 * come from the npm registry), and then run it.
 */
it('installs from its packed tarball into a clean prefix with npm, and runs there', () => {
  const dir = tempDir('suyuan-install-');
  execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: join(ROOT, 'packages/cli'), stdio: 'pipe' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  expect(tarball).toBe(`suyuan-cli-${JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version}.tgz`);
  const prefix = join(dir, 'prefix');
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', join(dir, tarball!)], { cwd: dir, stdio: 'pipe' });
  const installed = JSON.parse(readFileSync(join(prefix, 'lib/node_modules/@suyuan/cli/package.json'), 'utf8'));
  expect(Object.keys(installed.dependencies ?? {}).filter((d) => d.startsWith('@suyuan/'))).toEqual([]);

  const suyuan = (args: string[]) => spawnSync(join(prefix, 'bin', 'suyuan'), args, { cwd: dir, encoding: 'utf8' });
  expect(suyuan(['--version']).stdout.trim()).toBe(installed.version);
  const demo = suyuan(['demo', '--dir', 'demo', '--json']);
  expect(demo.status, demo.stderr).toBe(0);
  expect(JSON.parse(demo.stdout).verdict).toBe('valid');
  // On worker threads: the verifier's worker is shipped in the package too.
  const threads = Math.min(2, availableParallelism());
  const verify = suyuan(['verify', 'demo/demo.bundle', '--trust', 'demo/authority.pub', '--workers', String(threads), '--json']);
  expect(verify.status, verify.stderr).toBe(0);
  expect(JSON.parse(verify.stdout).stats.workers).toBe(threads === 1 ? 0 : threads);
}, 300_000);
