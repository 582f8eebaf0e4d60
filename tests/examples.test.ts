import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FOOD_KINDS, validateEvent } from '@suyuan/food';
import { EVENT_SAMPLES } from '../packages/cli/src/event-samples.js';
import { tempDir } from './support/temp-dir.js';

const ROOT = join(import.meta.dirname, '..');
/** tsx's loader by its path, so that examples also run from directories outside the repository. */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs an example as its README says (its start script), from `cwd` (the repository root unless told). */
function runExample(name: string, file = 'main.ts', cwd = ROOT, args: string[] = []): string {
  return execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', TSX, join(ROOT, 'examples', name, file), ...args], { cwd, encoding: 'utf8' });
}

describe('runnable examples', () => {
  it('integrator: reports every bad row with its number and code, appends nothing', () => {
    const out = runExample('integrator');
    expect(out).toContain('6 rows: 4 valid, 2 with errors');
    expect(out).toMatch(/row 5: FOOD_BAD_GTIN at items\[0\]\.product\.gtin/);
    expect(out).toMatch(/row 6: FOOD_BAD_LOT at lot/);
    expect(out).toMatch(/row 6: FOOD_BAD_UNIT at quantity\.unit/);
    expect(out).toContain('nothing appended');
    expect(out).toContain('EPCIS: exported 4 events, imported 4 (0 rejected), re-exported with the same Event Hash IDs');
    expect(out).toMatch(/first event: ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0/);
  });

  it('market system: a day of sales through the SDK survives a SIGKILL of the till after thousands of acknowledged sales, none lost', () => {
    const main = readFileSync(join(ROOT, 'examples/market-system/main.ts'), 'utf8');
    expect([...main.matchAll(/from '([^']+)'/g)].map((m) => m[1]).filter((m) => m !== undefined && !m.startsWith('node:'))).toEqual(['suyuan']); // the SDK alone
    const out = runExample('market-system');
    expect(out).toContain("stock-in: 4 vendor lots received against the supplier's shipment references");
    expect(out).toMatch(/receipt of sale \d+: trace code ([A-Z2-7]{16}), QR code for https:\/\/trace\.example\.cn\/t\/\1\n/);
    const acked = Number(/crash: the till was killed after (\d+) acknowledged sales/.exec(out)?.[1]);
    expect(acked).toBeGreaterThanOrEqual(3000); // killed only once the till had acknowledged sales, never before it started
    expect(out).toContain(`survived: ${acked} of ${acked} acknowledged sales`);
    expect(out).toContain('acknowledged sales lost: 0');
    expect(out).toMatch(/trace [A-Z2-7]{16}: lot 92350102MA2MKT0013\/V0[1-4]-L1, received against 1 shipment record\(s\) in the supplier's ledger/);
    expect(out).toMatch(/day done: 20000 sales/);
    expect(out).toMatch(/verification: the market's log valid \(its chain, signatures and checkpoints\), (\d+) of \1 records under a signed checkpoint/);
    // Only what the market's bundle alone cannot show: the authority's enrolment and the supplier's log.
    const left = /left to the regulator's bundle of the whole chain: (.*)/.exec(out)?.[1]?.split(', ');
    expect(new Set(left)).toEqual(new Set(['POLICY_NO_AUTHORITY', 'POLICY_NOT_ENROLLED', 'REF_LOG_ABSENT', 'FOOD_REF_MISSING']));
  }, 120_000);

  it('regulator audit: genuine bundles verify, the altered one is pinned down, over-selling is caught', () => {
    const out = runExample('regulator-audit');
    expect(out).toMatch(/^farm +valid$/m);
    expect(out).toMatch(/^market +valid-with-warnings: REF_LOG_ABSENT/m); // refers to the farm's log, not in its bundle
    expect(out).toMatch(/^canteen +valid-with-warnings: REF_LOG_ABSENT/m);
    expect(out).toMatch(/^canteen \(as received, altered\) +invalid: CHECKPOINT_ROOT_MISMATCH \(log [0-9a-f]{8}…, seq 2(, byte \d+)?\)/m);
    expect(out).toContain('trace back from receipt FM-3: origin 91350100M000100Y43/FISH-7');
    expect(out).toContain('mass balance: FOOD_OVERDRAWN at 92350102MA2MKT0013: lot FISH-7: 225 kg went out but only 200 kg came in');
  });

  it('recall drill: every affected lot, business and quantity, and the notices written', () => {
    const out = runExample('recall-drill');
    expect(out).toMatch(/recall of 91350100M000100Y43\/JC-1126 computed in [\d.]+ ms: 8 lots at 5 businesses/);
    expect(out).toContain('already with consumers: 110 kg sold, 15 kg served; to pull from shelves and kitchens: 775 kg');
    expect(out).toMatch(/recall notices written/);
  });

  it('quickstart: writes, verifies, traces and catches tampering, and leaves what was there (.demo included) alone', () => {
    const here = tempDir('suyuan-examples-');
    mkdirSync(join(here, '.demo'));
    writeFileSync(join(here, '.demo', 'from-the-first-command.txt'), 'keep');
    const out = runExample('quickstart', 'demo.ts', here);
    expect(out).toContain('ok: both logs verify');
    expect(readFileSync(join(here, '.demo', 'from-the-first-command.txt'), 'utf8')).toBe('keep');
    expect(readdirSync(here)).toEqual(['.demo']);
    const full = spawnSync(process.execPath, ['--conditions=@suyuan/source', '--import', TSX, join(ROOT, 'examples/quickstart/demo.ts'), '.demo'], { cwd: here, encoding: 'utf8' });
    expect(full.status).toBe(2); // a directory that is not empty is refused
    expect(readdirSync(join(here, '.demo'))).toEqual(['from-the-first-command.txt']);
  });

  it('suyuan demo: the full chain on the file store, verified, traced and recalled, with DIR/demo.bundle and DIR/authority.pub', () => {
    const dir = join(tempDir('suyuan-demo-'), 'demo');
    const out = execFileSync(process.execPath, ['--conditions=@suyuan/source', '--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), 'demo', '--dir', dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_lifecycle_event: 'demo' } });
    expect(out).toContain('✔ VALID');
    expect(out).toMatch(/91350100M000100Y43 lot QK-20251126-A: harvest #\d+, 1 pesticide record\(s\), tests pass, 1 合格证/);
    expect(out).toMatch(/91350121MA31ABCD1Q lot CL-20251126-B/);
    expect(out).toMatch(/10\. recall of farm B's lot CL-20251126-B\n(   .*\n){5}/);
    expect(existsSync(join(dir, 'demo.bundle'))).toBe(true);
    expect(existsSync(join(dir, 'authority.pub'))).toBe(true);
    expect(out).toContain(`pnpm suyuan verify ${join(dir, 'demo.bundle')} --trust ${join(dir, 'authority.pub')}`);
  }, 120_000);

  it('event files for every stage: each appends, and with the real references the chain verifies and traces', () => {
    const bin = join(ROOT, 'packages/cli/dist/bin.js');
    const dir = tempDir('suyuan-events-');
    const ok = (args: string[], input?: string) => {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', input });
      if (r.status !== 0) throw new Error(`suyuan ${args.join(' ')} → ${r.status}: ${r.stderr}${r.stdout}`);
      return r.stdout;
    };
    const businesses: [string, string, string][] = [['farm', '91350100M000100Y43', 'farm'], ['wholesaler', '91350100MA2XN8KX46', 'wholesaler'], ['processor', '91350104MA8PRC002R', 'processor'], ['market', '92350102MA2MKT0013', 'market'], ['restaurant', '92350105MA2RTN0038', 'restaurant']];
    ok(['keygen', 'authority']);
    ok(['init', 'auth', '--key', 'authority.key', '--enterprise', '12350000MB0000000K', '--authority']);
    const shipper: Record<string, string> = { wholesaler: 'farm', processor: 'wholesaler', market: 'wholesaler', restaurant: 'processor' };
    for (const [name, uscc, role] of businesses) {
      ok(['keygen', name]);
      ok(['init', name, '--key', `${name}.key`, '--enterprise', uscc]);
      ok(['enroll', 'auth', '--key', 'authority.key', '--pub', `${name}.pub`, '--enterprise', uscc, '--name', uscc, '--roles', role]);
      // The receipt's reference, as the shipper's `suyuan show` prints it.
      const lines = readFileSync(join(ROOT, 'examples/events', `${name}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => {
        const e = JSON.parse(l);
        if (e.refs) e.refs = e.refs.map((r: { seq: number }) => JSON.parse(ok(['show', shipper[name]!, String(r.seq), '--json'])).ref);
        return JSON.stringify(e);
      });
      ok(['append', name, '--key', `${name}.key`, '-'], lines.join('\n'));
      ok(['checkpoint', name, '--key', `${name}.key`]);
    }
    ok(['export', '--out', 'chain.bundle', '--authority', 'auth', ...businesses.map((b) => b[0])]);
    const report = JSON.parse(ok(['verify', 'chain.bundle', '--trust', 'authority.pub', '--json']));
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe('valid');
    const back = JSON.parse(ok(['trace', 'back', 'chain.bundle', '--trust', 'authority.pub', '--code', 'SY-M1-0002', '--json']));
    expect(back.origins.map((o: { lot: { lot: string } }) => o.lot.lot)).toEqual(['QK-1126-A']);
    const recall = JSON.parse(ok(['recall', 'chain.bundle', '--trust', 'authority.pub', '--lot', '91350100M000100Y43:QK-1126-A', '--json']));
    expect(recall.businesses).toHaveLength(5);
    // The farm's recall file appends to the farm's log as it is.
    ok(['append', 'farm', '--key', 'farm.key', join(ROOT, 'examples/events/farm-recall.jsonl')]);
  }, 300_000); // some forty CLI processes one after another: 22 s in a whole-suite run here

  it('every event kind has a sample in suyuan help events, and the samples are valid', () => {
    const inFiles = new Set(readdirSync(join(ROOT, 'examples/events')).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(join(ROOT, 'examples/events', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).kind)));
    for (const kind of FOOD_KINDS) {
      expect(validateEvent(kind, EVENT_SAMPLES[kind].sample.body), kind).toEqual([]);
      if (kind !== 'food.correction') expect(inFiles.has(kind), kind).toBe(true); // a correction names a record of its own log: see the help
    }
  });
});
