import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

/** The chain with an unsigned certificate appended to the farm's log after its last checkpoint, exported. */
function withUnsignedTail(): string {
  const dir = copy();
  const certificate = { kind: 'food.certificate', body: { eventTime: '2025-11-26T09:00:00+08:00', lot: 'QK-1', product: { description: '青菜', category: '0101' }, quantity: { value: '1000', unit: 'KGM' }, certificate: { type: '承诺达标合格证', number: 'U-1', issuer: { name: 'x' }, issuedOn: '2025-11-26' }, origin: '闽侯' } };
  expect(run(dir, ['append', 'farm', '--key', 'farm.key', '-'], JSON.stringify(certificate)).code).toBe(0);
  expect(run(dir, ['export', '--out', 'tail.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market']).code).toBe(0);
  return dir;
}

/** The chain's full bundle with the farm's harvest of 1000 kg turned into 9000 kg (the farm's chain breaks). */
function forged(): string {
  const dir = copy();
  const bytes = readFileSync(join(dir, 'full.bundle'));
  const at = bytes.indexOf(Buffer.from('6431303030', 'hex'));
  expect(at).toBeGreaterThan(0);
  bytes[at + 1] = 0x39;
  writeFileSync(join(dir, 'forged.bundle'), bytes);
  return dir;
}

const FARM_LOT = '91350100M000100Y43:QK-1';

describe('trace and recall on an unsigned bundle exit 3, as verify and report do (tester 2)', () => {
  it('exit 3, one line counting the records left out, and the count in --json', () => {
    const dir = withUnsignedTail();
    expect(run(dir, ['verify', 'tail.bundle', '--trust', 'authority.pub', '-q']).code).toBe(3);
    for (const args of [['trace', 'back', 'tail.bundle', '--code', 'SY-3'], ['trace', 'forward', 'tail.bundle', '--lot', FARM_LOT], ['recall', 'tail.bundle', '--lot', FARM_LOT]]) {
      const text = run(dir, [...args, '--trust', 'authority.pub']);
      expect(text.code, args.join(' ')).toBe(3);
      expect(text.err.split('\n').filter((l) => /\b1\b/.test(l) && /unsigned/i.test(l)), args.join(' ')).toHaveLength(1);
      const j = run(dir, [...args, '--trust', 'authority.pub', '--json']);
      expect(j.code, args.join(' ')).toBe(3);
      const out = JSON.parse(j.out);
      expect(out.verdict).toBe('unsigned');
      expect(out.unsignedRecords).toBe(1);
      expect(out.unsignedByBusiness).toEqual([expect.objectContaining({ enterprise: '91350100M000100Y43', records: 1 })]);
    }
  });

  it('a signed bundle still exits 0 with no unsigned records', () => {
    const r = run(chain.dir, ['recall', 'full.bundle', '--trust', 'authority.pub', '--lot', FARM_LOT, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).unsignedRecords).toBe(0);
  });
});

describe('--unverified answers, marked, but exits with the verdict\'s code (tester 3)', () => {
  it('trace, recall and report on an invalid bundle exit 1 with --unverified', () => {
    const dir = forged();
    for (const args of [['trace', 'back', 'forged.bundle', '--code', 'SY-3'], ['recall', 'forged.bundle', '--lot', '92350102MA2MKT0013:W-1'], ['report', 'forged.bundle', '--code', 'SY-3', '--out', 'r.html']]) {
      const r = run(dir, [...args, '--trust', 'authority.pub', '--unverified', '--json']);
      expect(r.code, args.join(' ')).toBe(1);
      expect(JSON.parse(r.out).verified, args.join(' ')).toBe(false);
    }
  });
});

describe('a log that failed verification is named as such, not as absent (tester 4)', () => {
  it('recall and trace of a lot of the broken log with --unverified: CLI_LOG_NOT_VERIFIED with its finding codes, exit 1', () => {
    const dir = forged();
    expect(JSON.parse(run(dir, ['inspect', 'forged.bundle', '--json']).out).logs.some((l: { enterprise: string }) => l.enterprise === '91350100M000100Y43')).toBe(true);
    for (const args of [['recall', 'forged.bundle', '--lot', FARM_LOT, '--unverified'], ['trace', 'forward', 'forged.bundle', '--lot', FARM_LOT, '--unverified'], ['recall', 'forged.bundle', '--lot', FARM_LOT]]) {
      const r = run(dir, [...args, '--trust', 'authority.pub', '--json']);
      expect(r.code, args.join(' ')).toBe(1);
      const code = errorCode(r);
      if (args.includes('--unverified')) {
        expect(code, args.join(' ')).toBe('CLI_LOG_NOT_VERIFIED');
        const findings = JSON.parse(r.out).error.findings as { code: string }[];
        expect(findings.length).toBeGreaterThan(0);
      } else expect(code).toBe('CLI_INVALID_BUNDLE');
    }
  });

  it('a business the bundle does not hold at all is still CLI_NOT_FOUND', () => {
    const dir = forged();
    const r = run(dir, ['recall', 'forged.bundle', '--lot', '91350100MA0000000X:Z-1', '--trust', 'authority.pub', '--unverified', '--json']);
    expect(errorCode(r)).toBe('CLI_NOT_FOUND');
  });
});

describe('English wording of answers (tester 5)', () => {
  it('one lot, one business: singular; gap quantities in the unit the totals use (kg), not the UN/CEFACT code', () => {
    const one = run(chain.dir, ['recall', 'full.bundle', '--trust', 'authority.pub', '--lot', '92350102MA2MKT0013:W-1']);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/\b1 lot at 1 business\b/);
    expect(one.out).not.toMatch(/\b1 (lots|businesses)\b/);
    const dir = copy();
    expect(run(dir, ['export', '--out', 'part.bundle', '--authority', 'auth', 'farm', 'wholesaler']).code).toBe(0);
    for (const args of [['recall', 'part.bundle', '--lot', FARM_LOT], ['trace', 'forward', 'part.bundle', '--lot', FARM_LOT]]) {
      const r = run(dir, [...args, '--trust', 'authority.pub']);
      const gaps = r.out.split('\n').filter((l) => l.includes('gap:'));
      expect(gaps.length, args.join(' ')).toBeGreaterThan(0);
      for (const g of gaps) {
        expect(g).toMatch(/\b400 kg\b/);
        expect(g).not.toContain('KGM');
      }
      expect(r.out).not.toMatch(/\b1 (lots|businesses)\b/);
    }
  });
});

describe('verify labels the bundle header as the exporter\'s unsigned claim (tester 6)', () => {
  it('--json says headerSigned: false beside the header; text labels it "not signed"', () => {
    const dir = copy();
    expect(run(dir, ['export', '--out', 'd.bundle', '--authority', 'auth', 'farm', '--description', 'inspection 26 Nov']).code).toBe(0);
    const j = run(dir, ['verify', 'd.bundle', '--trust', 'authority.pub', '--json']);
    expect(j.code).toBe(0);
    const report = JSON.parse(j.out);
    expect(report.header.description).toBe('inspection 26 Nov');
    expect(report.headerSigned).toBe(false);
    const text = run(dir, ['verify', 'd.bundle', '--trust', 'authority.pub']);
    const lines = text.out.split('\n').filter((l) => l.includes('inspection 26 Nov'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/not signed/);
  });
});
