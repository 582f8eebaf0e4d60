import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Runs an example as its README says (its start script), from the repository root. */
function runExample(name: string, file = 'main.ts'): string {
  return execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', join(ROOT, 'examples', name, file)], { cwd: ROOT, encoding: 'utf8' });
}

describe('runnable examples', () => {
  it('integrator: reports every bad row with its number and code, appends nothing', () => {
    const out = runExample('integrator');
    expect(out).toContain('6 rows: 4 valid, 2 with errors');
    expect(out).toMatch(/row 5: FOOD_BAD_GTIN at items\[0\]\.product\.gtin/);
    expect(out).toMatch(/row 6: FOOD_BAD_LOT at lot/);
    expect(out).toMatch(/row 6: FOOD_BAD_UNIT at quantity\.unit/);
    expect(out).toContain('nothing appended');
  });

  it('market system: a day of sales survives a SIGKILL of the till without losing an acknowledged sale', () => {
    const out = runExample('market-system');
    expect(out).toContain('stock-in: 4 vendor lots received');
    expect(out).toMatch(/crash: the till was killed after \d+ acknowledged sales/);
    expect(out).toContain('acknowledged sales lost: 0');
    expect(out).toMatch(/day done: 20000 sales/);
    expect(out).toMatch(/verification: valid, (\d+) of \1 records under a signed checkpoint/);
  }, 120_000);

  it('regulator audit: genuine bundles verify, the altered one is pinned down, over-selling is caught', () => {
    const out = runExample('regulator-audit');
    expect(out).toMatch(/^farm +valid$/m);
    expect(out).toMatch(/^market +valid-with-warnings: REF_LOG_ABSENT/m); // refers to the farm's log, not in its bundle
    expect(out).toMatch(/^canteen +valid-with-warnings: REF_LOG_ABSENT/m);
    expect(out).toMatch(/^canteen \(as received, altered\) +invalid: CHECKPOINT_ROOT_MISMATCH \(log [0-9a-f]{8}…, seq 2\)/m);
    expect(out).toContain('trace back from receipt FM-3: origin 91350100M000100Y43/FISH-7');
    expect(out).toContain('mass balance: FOOD_OVERDRAWN at 92350102MA2MKT0013: lot FISH-7: 225 kg went out but only 200 kg came in');
  });

  it('recall drill: every affected lot, business and quantity, and the notices written', () => {
    const out = runExample('recall-drill');
    expect(out).toMatch(/recall of 91350100M000100Y43\/JC-1126 computed in [\d.]+ ms: 8 lots at 5 businesses/);
    expect(out).toContain('already with consumers: 110 kg sold, 15 kg served; to pull from shelves and kitchens: 775 kg');
    expect(out).toMatch(/recall notices written/);
  });

  it('quickstart: writes, verifies, traces and catches tampering', () => {
    const out = runExample('quickstart', 'demo.ts');
    expect(out).toContain('ok: both logs verify');
  });

  it('suyuan demo: the full chain on the file store, verified, traced and recalled, with DIR/demo.bundle and DIR/authority.pub', () => {
    const dir = mkdtempSync(join(tmpdir(), 'suyuan-demo-'));
    const out = execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), 'demo', '--dir', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('✔ VALID');
    expect(out).toMatch(/91350100M000100Y43 lot QK-20251126-A: harvest #\d+, 1 pesticide record\(s\), tests pass, 1 合格证/);
    expect(out).toMatch(/91350121MA31ABCD1Q lot CL-20251126-B/);
    expect(out).toMatch(/10\. recall of farm B's lot CL-20251126-B\n(   .*\n){5}/);
    expect(existsSync(join(dir, 'demo.bundle'))).toBe(true);
    expect(existsSync(join(dir, 'authority.pub'))).toBe(true);
    expect(out).toContain(`pnpm suyuan verify ${join(dir, 'demo.bundle')} --trust ${join(dir, 'authority.pub')}`);
  }, 120_000);
});
