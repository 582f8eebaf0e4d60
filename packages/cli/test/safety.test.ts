import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

const T = '2025-11-26T08:00:00+08:00';
const harvest = (lot: string, description = '青菜') => JSON.stringify({ kind: 'food.harvest', body: { eventTime: T, lot, product: { description, category: '0101' }, quantity: { value: '10', unit: 'KGM' }, method: 'harvest' } });

/** A new log of a farm, in its own directory, with its key. */
function farmLog(): string {
  const dir = tempDir('suyuan-safety-');
  expect(run(dir, ['keygen', 'farm']).code).toBe(0);
  expect(run(dir, ['init', 'farm', '--key', 'farm.key', '--enterprise', '91350100M000100Y43']).code).toBe(0);
  return dir;
}

/** A harvest line whose product description is 青菜 encoded in GBK, as Chinese ERP exports often are. */
function gbkLine(lot: string): Buffer {
  const [before, after] = harvest(lot, '__').split('__') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([0xc7, 0xe0, 0xb2, 0xcb]), Buffer.from(`${after}\n`)]);
}

const size = (dir: string, log: string) => JSON.parse(run(dir, ['inspect', log, '--json']).out).records as number;

describe('demo --dir never deletes what it did not make', () => {
  it('refuses a directory holding other files, `--dir .` included, and keeps them', () => {
    const dir = tempDir('suyuan-safety-');
    writeFileSync(join(dir, 'invoice.pdf'), 'an invoice');
    mkdirSync(join(dir, 'photos'));
    writeFileSync(join(dir, 'photos', 'stall.jpg'), 'a photo');
    for (const target of [dir, '.']) {
      const r = run(dir, ['demo', '--dir', target, '--json']);
      expect(r.code, target).toBe(2);
      expect(errorCode(r), target).toBe('CLI_NOT_EMPTY');
    }
    expect(readFileSync(join(dir, 'invoice.pdf'), 'utf8')).toBe('an invoice');
    expect(readFileSync(join(dir, 'photos', 'stall.jpg'), 'utf8')).toBe('a photo');
    expect(readdirSync(dir).sort()).toEqual(['invoice.pdf', 'photos']);
  });

  it('refuses a plain file given as the directory, and keeps it', () => {
    const dir = tempDir('suyuan-safety-');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = run(dir, ['demo', '--dir', 'notes.txt', '--json']);
    expect(r.code).toBe(2);
    expect(errorCode(r)).toBe('CLI_EXISTS');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('runs again over an earlier demo, but not once someone else\'s file is in it', () => {
    const dir = tempDir('suyuan-safety-');
    expect(run(dir, ['demo', '--dir', 'd', '-q']).code).toBe(0);
    expect(run(dir, ['demo', '--dir', 'd', '-q']).code).toBe(0);
    expect(existsSync(join(dir, 'd', 'demo.bundle'))).toBe(true);
    writeFileSync(join(dir, 'd', 'my-notes.txt'), 'keep me');
    const r = run(dir, ['demo', '--dir', 'd', '--json']);
    expect(errorCode(r)).toBe('CLI_NOT_EMPTY');
    expect(readFileSync(join(dir, 'd', 'my-notes.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'd', 'demo.bundle'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['d']); // no temporary directory left beside it
  }, 120_000);
});

describe('outputs: never over an existing file without --force, never over an input, only whole', () => {
  it('export refuses an existing --out, and a failed export leaves it intact even with --force', () => {
    const before = readFileSync(chain.full);
    const refused = run(chain.dir, ['export', '--out', 'full.bundle', '--authority', 'auth', 'farm', '--json']);
    expect(refused.code).toBe(2);
    expect(errorCode(refused)).toBe('CLI_EXISTS');
    const failed = run(chain.dir, ['export', '--out', 'full.bundle', '--force', '--authority', 'auth', 'farm', 'no-such-log', '--json']);
    expect(failed.code).toBe(2);
    const badArgument = run(chain.dir, ['export', '--out', 'full.bundle', '--force', 'farm', '--trace-lot', 'QK-1', '--json']);
    expect(badArgument.code).toBe(2);
    expect(readFileSync(chain.full).equals(before)).toBe(true);
    expect(readdirSync(chain.dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('export --force replaces a bundle whole', () => {
    const dir = chain.dir;
    writeFileSync(join(dir, 'old.bundle'), 'an old bundle');
    expect(run(dir, ['export', '--out', 'old.bundle', '--force', '--authority', 'auth', 'farm']).code).toBe(0);
    expect(run(dir, ['verify', 'old.bundle', '--trust', 'authority.pub', '-q']).code).toBe(0);
  });

  it('refuses to write over its own inputs even with --force: the bundle, a trust key, a file of a log', () => {
    const bundle = readFileSync(chain.full);
    linkSync(chain.full, join(chain.dir, 'same-bundle.bundle')); // another name for the same file
    const cases = [
      ['report', 'full.bundle', '--trust', 'authority.pub', '--out', 'full.bundle', '--force', '--json'],
      ['report', 'full.bundle', '--trust', 'authority.pub', '--out', 'same-bundle.bundle', '--force', '--json'],
      ['report', 'full.bundle', '--trust', 'authority.pub', '--out', 'authority.pub', '--force', '--json'],
      ['export', '--out', 'farm/seg-00000001.log', '--force', '--authority', 'auth', 'farm', '--json'],
      ['export', '--out', 'auth/new.bundle', '--authority', 'auth', 'farm', '--json'],
    ];
    for (const args of cases) {
      const r = run(chain.dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(errorCode(r), args.join(' ')).toBe('CLI_OUTPUT_IS_INPUT');
    }
    expect(readFileSync(chain.full).equals(bundle)).toBe(true);
    expect(existsSync(join(chain.dir, 'auth', 'new.bundle'))).toBe(false);
    expect(run(chain.dir, ['inspect', 'farm', '--json']).code).toBe(0);
    expect(run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub', '-q']).code).toBe(0);
  });

  it('report refuses an existing --out without --force', () => {
    writeFileSync(join(chain.dir, 'mine.html'), 'my page');
    const r = run(chain.dir, ['report', 'full.bundle', '--trust', 'authority.pub', '--out', 'mine.html', '--json']);
    expect(errorCode(r)).toBe('CLI_EXISTS');
    expect(readFileSync(join(chain.dir, 'mine.html'), 'utf8')).toBe('my page');
  });
});

describe('init and keygen: all or nothing', () => {
  it('init with a missing key makes no log directory', () => {
    const dir = tempDir('suyuan-safety-');
    const r = run(dir, ['init', 'farm', '--key', 'missing.key', '--enterprise', '91350100M000100Y43', '--json']);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'farm'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('init refuses an existing directory, even an empty one it could use, and leaves it as it was', () => {
    const dir = farmLog();
    const before = readdirSync(join(dir, 'farm')).sort();
    const r = run(dir, ['init', 'farm', '--key', 'farm.key', '--enterprise', '91350100M000100Y43', '--json']);
    expect(errorCode(r)).toBe('CLI_EXISTS');
    expect(readdirSync(join(dir, 'farm')).sort()).toEqual(before);
  });

  it('keygen NAME writes neither file when either exists', () => {
    const dir = tempDir('suyuan-safety-');
    writeFileSync(join(dir, 'farm.pub'), 'someone else\'s public key');
    const r = run(dir, ['keygen', 'farm', '--json']);
    expect(r.code).toBe(2);
    expect(errorCode(r)).toBe('CLI_EXISTS');
    expect(existsSync(join(dir, 'farm.key'))).toBe(false);
    expect(readFileSync(join(dir, 'farm.pub'), 'utf8')).toBe('someone else\'s public key');
    writeFileSync(join(dir, 'shop.key'), 'a key');
    expect(errorCode(run(dir, ['keygen', 'shop', '--json']))).toBe('CLI_EXISTS');
    expect(existsSync(join(dir, 'shop.pub'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['farm.pub', 'shop.key']);
  });

  it('keygen writes the secret key mode 0600 and a public key that matches it', () => {
    const dir = tempDir('suyuan-safety-');
    const r = JSON.parse(run(dir, ['keygen', 'k', '--json']).out);
    expect(statSync(join(dir, 'k.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'k.pub'), 'utf8')).toContain(Buffer.from(`302a300506032b6570032100${r.publicKey}`, 'hex').toString('base64'));
  });
});

describe('events: valid UTF-8 only, and never the same event twice by accident', () => {
  it('refuses a GBK file with the number of the first bad line and writes nothing', () => {
    const dir = farmLog();
    writeFileSync(join(dir, 'gbk.jsonl'), Buffer.concat([Buffer.from(`${harvest('A-1', 'spinach')}\n`), gbkLine('A-2')]));
    const r = run(dir, ['append', 'farm', '--key', 'farm.key', 'gbk.jsonl', '--json']);
    expect(r.code).toBe(1);
    const error = JSON.parse(r.out).error;
    expect(error.code).toBe('CLI_ENCODING');
    expect(error.line).toBe(2);
    expect(size(dir, 'farm')).toBe(1);
  });

  it('--encoding gbk converts, so the Chinese text is stored as written', () => {
    const dir = farmLog();
    writeFileSync(join(dir, 'gbk.jsonl'), gbkLine('A-2'));
    expect(run(dir, ['append', 'farm', '--key', 'farm.key', 'gbk.jsonl', '--encoding', 'gbk']).code).toBe(0);
    expect(JSON.parse(run(dir, ['show', 'farm', '1', '--json']).out).body.product.description).toBe('青菜');
  });

  it('refuses text that was already mangled (U+FFFD) and an unknown encoding', () => {
    const dir = farmLog();
    expect(errorCode(run(dir, ['append', 'farm', '--key', 'farm.key', '-', '--json'], `${harvest('A-1', '\uFFFD\uFFFD')}\n`))).toBe('CLI_ENCODING');
    expect(errorCode(run(dir, ['append', 'farm', '--key', 'farm.key', '-', '--encoding', 'klingon', '--json'], `${harvest('A-1')}\n`))).toBe('CLI_BAD_VALUE');
    expect(size(dir, 'farm')).toBe(1);
  });

  it('refuses to append an event already in the log, naming its seq, unless --allow-duplicates', () => {
    const dir = farmLog();
    writeFileSync(join(dir, 'day.jsonl'), `${harvest('A-1')}\n${harvest('A-2')}\n`);
    expect(run(dir, ['append', 'farm', '--key', 'farm.key', 'day.jsonl']).code).toBe(0);
    const again = run(dir, ['append', 'farm', '--key', 'farm.key', 'day.jsonl', '--json']);
    expect(again.code).toBe(1);
    const error = JSON.parse(again.out).error;
    expect(error.code).toBe('CLI_DUPLICATE_EVENT');
    expect(error.duplicates).toEqual([{ line: 1, seq: 1 }, { line: 2, seq: 2 }]);
    expect(size(dir, 'farm')).toBe(3);
    expect(run(dir, ['append', 'farm', '--key', 'farm.key', 'day.jsonl', '--allow-duplicates']).code).toBe(0);
    expect(size(dir, 'farm')).toBe(5);
  });

  it('refuses the same event twice in one file', () => {
    const dir = farmLog();
    const r = run(dir, ['append', 'farm', '--key', 'farm.key', '-', '--json'], `${harvest('A-1')}\n${harvest('A-1')}\n`);
    expect(errorCode(r)).toBe('CLI_DUPLICATE_EVENT');
    expect(JSON.parse(r.out).error.duplicates).toEqual([{ line: 2, earlierLine: 1 }]);
    expect(size(dir, 'farm')).toBe(1);
  });
});
