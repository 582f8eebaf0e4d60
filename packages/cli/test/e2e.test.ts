import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChainWithCli, ensureBuilt, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

describe('the built suyuan command on a three-business chain', () => {
  it('verifies the full and the trace bundle: exit 0, readable and JSON reports', () => {
    const text = run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^✔ VALID {2}4 logs/);
    const json = JSON.parse(run(chain.dir, ['verify', 'trace.bundle', '--trust', 'authority.pub', '--json']).out);
    expect(json.verdict).toBe('valid');
    expect(json.logs.map((l: { mode: string }) => l.mode).sort()).toEqual(['excerpt', 'excerpt', 'excerpt', 'full']); // sections by log id (export's one order)
  });

  it('verifies on two worker threads with the same answer', () => {
    const one = JSON.parse(run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub', '--json', '--workers', '1']).out);
    const two = JSON.parse(run(chain.dir, ['verify', 'full.bundle', '--trust', 'authority.pub', '--json', '--workers', '2']).out);
    expect(two.stats.workers).toBe(2);
    expect(two.findings).toEqual(one.findings);
    expect(two.logs).toEqual(one.logs);
  });

  it('says invalid (exit 1) with the wrong trust anchor, and why', () => {
    const r = run(chain.dir, ['verify', 'full.bundle', '--trust', 'farm.pub']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('POLICY_NOT_ENROLLED'); // the farm's key, trusted as an authority, enrolled nobody
  });

  it('traces a receipt back to the farm, with its pesticide and test, and forward to the market', () => {
    const back = JSON.parse(run(chain.dir, ['trace', 'back', 'full.bundle', '--trust', 'authority.pub', '--code', 'SY-3', '--json']).out);
    expect(back.origins).toHaveLength(1);
    expect(back.origins[0].lot).toMatchObject({ enterprise: '91350100M000100Y43', lot: 'QK-1' });
    expect(back.origins[0].inputs).toHaveLength(1);
    expect(back.origins[0].tests[0].result).toBe('pass');
    const fwd = run(chain.dir, ['trace', 'forward', 'full.bundle', '--trust', 'authority.pub', '--lot', '91350100M000100Y43:QK-1']);
    expect(fwd.code).toBe(0);
    expect(fwd.out).toContain('92350102MA2MKT0013/W-1: in 400 kg, sold 15 kg');
  });

  it('recalls a farm lot: businesses, sold and on hand', () => {
    const r = JSON.parse(run(chain.dir, ['recall', 'full.bundle', '--trust', 'authority.pub', '--lot', '91350100M000100Y43:QK-1', '--json']).out);
    expect(r.businesses).toHaveLength(3);
    expect(r.totals.sold).toEqual({ mass: '15' });
    expect(r.totals.onHand).toEqual({ mass: '985' }); // 200 at the farm, 400 at the wholesaler (W-2), 385 at the market
  });

  it('refuses a file of events with bad lines, writing nothing, and reports line numbers', () => {
    const before = run(chain.dir, ['inspect', 'market', '--json']);
    const r = run(chain.dir, ['append', 'market', '--key', 'market.key', '-'], '{"kind":"food.sale","body":{}}\n\n{oops\n');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/line 1: FOOD_MISSING_FIELD/);
    expect(r.err).toMatch(/line 3: CLI_NOT_JSON/);
    expect(run(chain.dir, ['inspect', 'market', '--json']).out).toBe(before.out);
  });

  it('has exit code 2 for usage errors', () => {
    expect(run(chain.dir, ['verify', 'full.bundle']).code).toBe(2);
    expect(run(chain.dir, ['frobnicate']).code).toBe(2);
    expect(run(chain.dir, ['verify', 'missing.bundle', '--trust', 'authority.pub']).code).toBe(2);
  });

  it('keeps secret keys private: mode 0600, never printed', () => {
    const key = readFileSync(join(chain.dir, 'farm.key'), 'utf8');
    const secretB64 = key.split('\n')[1]!;
    for (const args of [['inspect', 'farm'], ['verify', 'full.bundle', '--trust', 'authority.pub', '--json']]) expect(run(chain.dir, args).out).not.toContain(secretB64.slice(20, 40));
  });
});
