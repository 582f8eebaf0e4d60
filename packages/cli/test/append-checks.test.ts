import { cpSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/temp-dir.js';
import { buildChainWithCli, ensureBuilt, errorCode, run } from './cli-fixture.js';

let chain: ReturnType<typeof buildChainWithCli>;

beforeAll(() => {
  ensureBuilt();
  chain = buildChainWithCli();
}, 180_000);

const T = '2025-11-26T08:00:00+08:00';
const line = (lot: string, value: string) => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });

/** A copy of the chain, so each test writes to its own logs. */
function copy(): string {
  const dir = tempDir('suyuan-append-');
  cpSync(chain.dir, dir, { recursive: true });
  return dir;
}

/** Runs `append LOG -` with events as JSON Lines; returns the result and the problems' codes. */
function append(dir: string, log: string, key: string, events: object[]) {
  const r = run(dir, ['append', log, '--key', key, '-', '--json'], events.map((e) => JSON.stringify(e)).join('\n'));
  const problems = (JSON.parse(r.out).error?.problems ?? []) as { code: string }[];
  return { r, codes: problems.map((p) => p.code) };
}

describe('append checks events before anything is written (issue 10)', () => {
  it('refuses a kind outside food.*, authority.* and ext.*', () => {
    const dir = copy();
    const { r, codes } = append(dir, 'farm', 'farm.key', [{ kind: 'sale', body: { eventTime: T } }]);
    expect(r.code).toBe(1);
    expect(codes).toEqual(['FOOD_KIND_NAMESPACE']);
  });

  it('refuses a receipt without the reference of its shipment', () => {
    const dir = copy();
    const { r, codes } = append(dir, 'market', 'market.key', [{ kind: 'food.receive', body: { eventTime: T, items: [line('W-1', '1')], source: { enterprise: '91350100MA2XN8KX46' }, status: 'accepted' } }]);
    expect(r.code).toBe(1);
    expect(codes).toEqual(['FOOD_RECEIVE_WITHOUT_SHIP']);
  });

  it('refuses sale bodies that break the schema (the shape the old README example wrote)', () => {
    const dir = copy();
    const { r, codes } = append(dir, 'market', 'market.key', [{ kind: 'food.sale', body: { lot: 'QK-01', quantity: '2.5', unit: 'KGM', traceCode: 'SY-1' } }]);
    expect(r.code).toBe(1);
    expect(codes).toEqual(expect.arrayContaining(['FOOD_MISSING_FIELD', 'FOOD_UNKNOWN_FIELD', 'FOOD_WRONG_TYPE']));
  });

  it('writes authority.* records only into an authority log: enroll and append into a farm log are refused', () => {
    const dir = copy();
    const enroll = run(dir, ['enroll', 'farm', '--key', 'farm.key', '--pub', 'market.pub', '--enterprise', '92350102MA2MKT0013', '--name', '92350102MA2MKT0013', '--roles', 'market', '--json']);
    expect(enroll.code).toBe(1);
    expect(errorCode(enroll)).toBe('CLI_NOT_AUTHORITY_LOG');
    const { r } = append(dir, 'farm', 'farm.key', [{ kind: 'authority.revoke', body: { key: '00', at: 0, reason: 'x' } }]);
    expect(r.code).toBe(1);
    expect(errorCode(r)).toBe('CLI_NOT_AUTHORITY_LOG');
    expect(run(dir, ['enroll', 'auth', '--key', 'authority.key', '--pub', 'market.pub', '--enterprise', '92350102MA2MKT0013', '--name', '92350102MA2MKT0013', '--roles', 'market']).code).toBe(0);
  });
});
