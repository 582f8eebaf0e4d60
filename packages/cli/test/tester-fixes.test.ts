import { cpSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

/** A copy of the chain's directory, to damage or overwrite freely. */
function copy(): string {
  const dir = tempDir('suyuan-tester-');
  cpSync(chain.dir, dir, { recursive: true });
  return dir;
}

describe('no command writes over a secret key, even with --force (issue 10/11, tester 1)', () => {
  it('export, report, verify --html and keygen refuse a --out that holds a secret key, and keep it', () => {
    const dir = copy();
    const key = readFileSync(join(dir, 'farm.key'));
    const cases = [
      ['export', '--out', 'farm.key', '--authority', 'auth', 'farm', '--force', '--json'],
      ['report', 'full.bundle', '--trust', 'authority.pub', '--out', 'farm.key', '--force', '--json'],
      ['verify', '--html', 'farm.key', '--force', '--json'],
    ];
    for (const args of cases) {
      const r = run(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(errorCode(r), args.join(' ')).toBe('CLI_WOULD_DESTROY_KEY');
      expect(readFileSync(join(dir, 'farm.key')).equals(key), args.join(' ')).toBe(true);
    }
    expect(statSync(join(dir, 'farm.key')).mode & 0o777).toBe(0o600);
    expect(run(dir, ['keygen', 'farm', '--json']).code).toBe(2); // keygen never writes over any file
    expect(readFileSync(join(dir, 'farm.key')).equals(key)).toBe(true);
  });

  it('a file that is not a key is still replaced with --force', () => {
    const dir = copy();
    const r = run(dir, ['export', '--out', 'README', '--authority', 'auth', 'farm', '--force', '--json']);
    expect(r.code).toBe(0);
  });
});
