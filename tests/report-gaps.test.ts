import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChainWithCli, ensureBuilt, errorCode, run } from '../packages/cli/test/cli-fixture.js';
import { tempDir } from './support/temp-dir.js';

/**
 * Issue 10 ("nothing unverified is shown as fact", "gaps are visible"), as a tester found it:
 * a code or lot that is not found because a log did not verify, or because it is only in an
 * unsigned tail, is never called non-existent; a gap to a business whose log did not verify is
 * not called absent; and the report's words and colours do not pass unverified parts as verified.
 */
let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

const MARKET = '92350102MA2MKT0013';
const FARM_LOT = '91350100M000100Y43:QK-1';

/** The chain with one byte of the market's log changed (a receipt code SY-1 → SY-9): the market's log fails, the others verify. */
function tampered(): string {
  const dir = tempDir('suyuan-gaps-');
  cpSync(chain.dir, dir, { recursive: true });
  const bytes = readFileSync(join(dir, 'full.bundle'));
  const at = bytes.indexOf(Buffer.from('SY-1'));
  expect(at).toBeGreaterThan(0);
  expect(bytes.indexOf(Buffer.from('SY-1'), at + 1)).toBe(-1); // only in the market's log
  bytes[at + 3] = 0x39;
  writeFileSync(join(dir, 'T2.bundle'), bytes);
  return dir;
}

/** The chain after the market sold SY-TAIL and the farm harvested QK-TAIL, neither checkpointed since. */
function unsignedTail(): string {
  const dir = tempDir('suyuan-gaps-');
  cpSync(chain.dir, dir, { recursive: true });
  const sale = { kind: 'food.sale', body: { eventTime: '2025-11-26T10:00:00+08:00', lot: 'W-1', product: { description: '青菜', category: '0101' }, quantity: { value: '1', unit: 'KGM' }, traceCode: 'SY-TAIL' } };
  expect(run(dir, ['append', 'market', '--key', 'market.key', '-'], JSON.stringify(sale)).code).toBe(0);
  const harvest = { kind: 'food.harvest', body: { eventTime: '2025-11-27T08:00:00+08:00', lot: 'QK-TAIL', product: { description: '青菜', category: '0101' }, quantity: { value: '10', unit: 'KGM' }, method: 'harvest', origin: { region: '闽侯', field: 'F1' } } };
  expect(run(dir, ['append', 'farm', '--key', 'farm.key', '-'], JSON.stringify(harvest)).code).toBe(0);
  expect(run(dir, ['export', '--out', 'U.bundle', '--authority', 'auth', 'farm', 'wholesaler', 'market']).code).toBe(0);
  return dir;
}

describe('a log that did not verify is never reported as absent (issue 10)', () => {
  it('a code not found while a log did not verify: CLI_LOG_NOT_VERIFIED naming the log, exit 1, for trace and report', () => {
    const dir = tampered();
    const t = run(dir, ['trace', 'back', 'T2.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--unverified', '--json']);
    expect(t.code).toBe(1);
    expect(errorCode(t)).toBe('CLI_LOG_NOT_VERIFIED');
    expect(JSON.parse(t.out).error.notVerified.map((l: { enterprise: string }) => l.enterprise)).toEqual([MARKET]);
    const text = run(dir, ['trace', 'back', 'T2.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--unverified']);
    expect(text.err).toContain(MARKET);
    expect(text.err).not.toContain('no such trace code');
    const r = run(dir, ['report', 'T2.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--unverified', '--out', 'r.html', '--json']);
    expect(r.code).toBe(1);
    expect(errorCode(r)).toBe('CLI_LOG_NOT_VERIFIED');
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });

  it('a shipment to a business whose log did not verify is a gap labelled so, in recall and trace forward, text and --json', () => {
    const dir = tampered();
    for (const args of [['recall', 'T2.bundle', '--lot', FARM_LOT], ['trace', 'forward', 'T2.bundle', '--lot', FARM_LOT]]) {
      const j = JSON.parse(run(dir, [...args, '--trust', 'authority.pub', '--unverified', '--json']).out);
      expect(j.gaps.map((g: { destination: string; reason: string }) => [g.destination, g.reason]), args[0]).toEqual([[MARKET, 'log-not-verified']]);
      const t = run(dir, [...args, '--trust', 'authority.pub', '--unverified']);
      expect(t.code).toBe(1);
      expect(t.out, args[0]).toContain('(log not verified)');
      expect(t.out, args[0]).not.toContain('log-absent');
      expect(t.out, args[0]).not.toContain('not in this bundle');
      expect(t.out, args[0]).toContain('did not verify');
      expect(t.err, args[0]).not.toContain('UNSIGNED:'); // the failed log's records are not "unsigned": they did not verify
    }
  });
});

describe('a code only in an unsigned tail is not called non-existent (issue 10)', () => {
  it('trace and report say the code is in a record no checkpoint covers yet, and exit 3', () => {
    const dir = unsignedTail();
    const t = run(dir, ['trace', 'back', 'U.bundle', '--trust', 'authority.pub', '--code', 'SY-TAIL', '--json']);
    expect(t.code).toBe(3);
    expect(errorCode(t)).toBe('CLI_UNSIGNED_ONLY');
    const text = run(dir, ['trace', 'back', 'U.bundle', '--trust', 'authority.pub', '--code', 'SY-TAIL']);
    expect(text.code).toBe(3);
    expect(text.err).toContain('not yet covered by a checkpoint');
    expect(text.err).not.toContain('no such trace code');
    const r = run(dir, ['report', 'U.bundle', '--trust', 'authority.pub', '--code', 'SY-TAIL', '--out', 'r.html', '--json']);
    expect(r.code).toBe(3);
    expect(errorCode(r)).toBe('CLI_UNSIGNED_ONLY');
    const lot = run(dir, ['recall', 'U.bundle', '--trust', 'authority.pub', '--lot', '91350100M000100Y43:QK-TAIL', '--json']);
    expect(lot.code).toBe(3);
    expect(errorCode(lot)).toBe('CLI_UNSIGNED_ONLY');
    // a code that is nowhere is still not found
    expect(errorCode(run(dir, ['trace', 'back', 'U.bundle', '--trust', 'authority.pub', '--code', 'SY-NONE', '--json']))).toBe('CLI_NOT_FOUND');
  });

  it('the report explains an unsigned tail as records not yet checkpointed, not as tampering', () => {
    const dir = unsignedTail();
    for (const lang of ['en', 'zh']) {
      expect(run(dir, ['report', 'U.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--lang', lang, '--out', `${lang}.html`]).code).toBe(3);
      const html = readFileSync(join(dir, `${lang}.html`), 'utf8');
      expect(html).toContain('LOG_UNSIGNED_TAIL');
      expect(html).not.toMatch(lang === 'en' ? /may have been altered/ : /可能被改动/);
    }
  });
});

describe('the report\'s words and colours (issue 10)', () => {
  it('the Chinese heading has no English word; the default journey is said to be a choice', () => {
    const dir = tempDir('suyuan-gaps-');
    cpSync(chain.dir, dir, { recursive: true });
    const r = run(dir, ['report', 'full.bundle', '--trust', 'authority.pub', '--out', 'r.html']);
    expect(r.code).toBe(0);
    const h2 = readFileSync(join(dir, 'r.html'), 'utf8').match(/<h2>流向[^<]*<\/h2>/)?.[0];
    expect(h2).toBeDefined();
    expect(h2).not.toMatch(/receipt|lot /);
    expect(r.err + r.out).toMatch(/--code or --lot/);
  });

  it('a lot shown from an unverified bundle is not coloured as verified', () => {
    const dir = tampered();
    expect(run(dir, ['report', 'T2.bundle', '--trust', 'authority.pub', '--lot', FARM_LOT, '--unverified', '--out', 'r.html']).code).toBe(1);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/class="node [^"]*unverified/);
    expect(html).toMatch(/\.node\.verified\.unverified[^{]*\{background(-color)?:(?!var\(--ok\))/); // grey, not the legend's green
    expect(html).toMatch(/<span class="dot verified unverified"><\/span>未核验/); // and the legend says what grey is
  });
});
