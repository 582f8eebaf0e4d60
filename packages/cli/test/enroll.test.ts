/** Issue 10: `enroll` refuses an accidental duplicate and the authority's own key, and needs --name. */
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { ensureBuilt, errorCode, run } from './cli-fixture.js';

beforeAll(() => ensureBuilt(), 180_000);

function authority() {
  const dir = tempDir('suyuan-enroll-');
  for (const args of [['keygen', 'authority'], ['keygen', 'market2'], ['init', 'auth', '--key', 'authority.key', '--enterprise', '12350000MB0000000K', '--authority']]) {
    const r = run(dir, args);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.err}`);
  }
  return dir;
}

const ENROL = ['enroll', 'auth', '--key', 'authority.key', '--pub', 'market2.pub', '--enterprise', '92350103MA2MKT002L', '--roles', 'market', '--name', '仓山生鲜超市'];
const size = (dir: string) => JSON.parse(run(dir, ['inspect', 'auth', '--json']).out).size as number;

describe('suyuan enroll', () => {
  it('refuses the same enrolment twice (exit 1, ENROL_DUPLICATE, nothing recorded); a changed one replaces it', () => {
    const dir = authority();
    expect(run(dir, ENROL).code).toBe(0);
    const before = size(dir);
    const again = run(dir, ENROL);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already enrolls this key/);
    expect(errorCode(run(dir, [...ENROL, '--json']))).toBe('ENROL_DUPLICATE');
    expect(size(dir)).toBe(before);
    expect(run(dir, [...ENROL.slice(0, -1), '仓山生鲜超市（新店）']).code).toBe(0);
  });

  it('refuses the authority\'s own key as a member (exit 1, ENROL_OWN_KEY)', () => {
    const dir = authority();
    const own = ENROL.map((a) => (a === 'market2.pub' ? 'authority.pub' : a));
    const r = run(dir, [...own, '--json']);
    expect(r.code).toBe(1);
    expect(errorCode(r)).toBe('ENROL_OWN_KEY');
  });

  it('needs --name (usage error, exit 2), and says so in help enroll', () => {
    const dir = authority();
    const r = run(dir, [...ENROL.slice(0, -2), '--json']);
    expect(r.code).toBe(2);
    expect(errorCode(r)).toBe('CLI_MISSING_ARGUMENT');
    expect(run(dir, ['help', 'enroll']).out).toMatch(/--roles ROLE\[,ROLE…\] --name NAME/);
  });
});
