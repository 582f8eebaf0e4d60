import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

/** A copy of the chain's market log with one byte flipped in the middle of its first segment. */
function damagedMarket(): { dir: string; log: string } {
  const dir = tempDir('suyuan-damage-');
  const log = join(dir, 'market');
  cpSync(join(chain.dir, 'market'), log, { recursive: true });
  const seg = readdirSync(log).find((f) => f.startsWith('seg-'))!;
  const bytes = readFileSync(join(log, seg));
  bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
  writeFileSync(join(log, seg), bytes);
  return { dir, log };
}

describe('the CLI shows store damage instead of hiding it (issue 12)', () => {
  it('export refuses a damaged store: STORE_CORRUPT, exit 1, no bundle written', () => {
    const { dir, log } = damagedMarket();
    const r = run(dir, ['export', '--out', 'm.bundle', log]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('STORE_CORRUPT');
    expect(existsSync(join(dir, 'm.bundle'))).toBe(false);
    const j = run(dir, ['export', '--out', 'm.bundle', log, '--json']);
    expect(j.code).toBe(1);
    expect(errorCode(j)).toBe('STORE_CORRUPT');
  });

  it('inspect says DAMAGED in text, not only in --json, and exits 1', () => {
    const { dir, log } = damagedMarket();
    const r = run(dir, ['inspect', log]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/DAMAGED at seg-\d+\.log byte \d+/);
    const j = run(dir, ['inspect', log, '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out).recovery.corruption.file).toMatch(/^seg-/);
  });

  it('a writable command pointed at a directory that is not a log creates nothing in it (exit 2)', () => {
    const dir = tempDir('suyuan-damage-');
    writeFileSync(join(dir, 'invoice.pdf'), 'an invoice');
    const line = JSON.stringify({ kind: 'food.harvest', body: { eventTime: '2025-11-26T08:00:00+08:00', lot: 'L1', product: { description: '青菜', category: '0101' }, quantity: { value: '1', unit: 'KGM' }, method: 'harvest' } });
    const r = run(dir, ['append', '.', '--key', join(chain.dir, 'farm.key'), '-'], line);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['invoice.pdf']);
  });
});
