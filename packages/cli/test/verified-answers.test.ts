import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

/** The chain's full bundle with the farm's harvest of 1000 kg turned into 9000 kg. */
function forged(dir: string): string {
  const bytes = readFileSync(join(chain.dir, 'full.bundle'));
  const at = bytes.indexOf(Buffer.from('6431303030', 'hex')); // the text "1000": its head (a 4-byte string), then the digits
  expect(at).toBeGreaterThan(0);
  bytes[at + 1] = 0x39; // "9000"
  writeFileSync(join(dir, 'forged.bundle'), bytes);
  return 'forged.bundle';
}

describe('trace and recall answer only from a verified bundle (issue 10)', () => {
  it('a bundle with a changed harvest quantity is refused with its findings and exit 1', () => {
    const dir = tempDir('suyuan-verified-');
    cpSync(join(chain.dir, 'authority.pub'), join(dir, 'authority.pub'));
    const bundle = forged(dir);
    expect(run(dir, ['verify', bundle, '--trust', 'authority.pub']).code).toBe(1);
    for (const args of [['recall', bundle, '--lot', '91350100M000100Y43:QK-1'], ['trace', 'back', bundle, '--code', 'SY-3'], ['trace', 'forward', bundle, '--lot', '91350100M000100Y43:QK-1']]) {
      const r = run(dir, [...args, '--trust', 'authority.pub', '--json']);
      expect(r.code, args.join(' ')).toBe(1);
      expect(errorCode(r)).toBe('CLI_INVALID_BUNDLE');
      expect(r.out).not.toContain('9000');
    }
  });

  it('--unverified answers anyway and marks every line', () => {
    const dir = tempDir('suyuan-verified-');
    cpSync(join(chain.dir, 'authority.pub'), join(dir, 'authority.pub'));
    // The farm's broken log contributes nothing (none of it is signed), but the market's receipt is still answered, marked.
    const r = run(dir, ['trace', 'back', forged(dir), '--trust', 'authority.pub', '--code', 'SY-3', '--unverified']);
    expect(r.code).toBe(1); // answered, marked, but the exit code is still the verdict's
    const lines = r.out.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^UNVERIFIED: /);
    const j = JSON.parse(run(dir, ['trace', 'back', 'forged.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--unverified', '--json']).out);
    expect(j.verified).toBe(false);
  });

  it('without --trust (and without --unverified) nothing is answered', () => {
    const r = run(chain.dir, ['recall', 'full.bundle', '--lot', '91350100M000100Y43:QK-1', '--json']);
    expect(r.code).toBe(2);
    expect(errorCode(r)).toBe('CLI_MISSING_ARGUMENT');
  });

  it('records after the last checkpoint (which anyone could have written) never count: verify exits 3, the trace ignores them', () => {
    const dir = tempDir('suyuan-verified-');
    cpSync(chain.dir, dir, { recursive: true });
    const before = JSON.parse(run(dir, ['trace', 'back', 'full.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--json']).out);
    const certificate = { kind: 'food.certificate', body: { eventTime: '2025-11-26T09:00:00+08:00', lot: 'QK-1', product: { description: '青菜', category: '0101' }, quantity: { value: '1000', unit: 'KGM' }, certificate: { type: '承诺达标合格证', number: 'FORGED-1', issuer: { name: 'x' }, issuedOn: '2025-11-26' }, origin: '闽侯' } };
    expect(run(dir, ['append', 'farm', '--key', 'farm.key', '-'], JSON.stringify(certificate)).code).toBe(0);
    expect(run(dir, ['export', '--out', 'tail.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market']).code).toBe(0);
    const v = run(dir, ['verify', 'tail.bundle', '--trust', 'authority.pub', '--json']);
    expect(v.code).toBe(3);
    expect(JSON.parse(v.out).verdict).toBe('unsigned');
    const after = JSON.parse(run(dir, ['trace', 'back', 'tail.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--json']).out);
    expect(after.origins.map((o: { certificates: unknown[] }) => o.certificates.length)).toEqual(before.origins.map((o: { certificates: unknown[] }) => o.certificates.length));
  });
});
