/** Issue 10 (verifier parts) and issue 14 Q9: verdicts, bad records as findings, names from the authority, enrolment rules. */
import { describe, expect, it } from 'vitest';
import { LogWriter, encode } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { AUTHORITY_ROLE, ENROL_KIND, formatReport, verifyBundle, type BundleReport } from '../src/index.js';
import { line, USCC } from '../../food/test/chain.js';
import { AUTHORITY_KEY, AUTHORITY_SECRET, scenarioBundle } from './fixture.js';
import { authorityLog, bundle, clock, T0, writer } from './build.js';

const codes = (r: BundleReport) => r.findings.map((f) => f.code).sort();
const trust = { trust: [AUTHORITY_KEY] };
const T = '2025-11-26T08:30:00+08:00';

/** A farm whose record after its shipment is `bad` (raw bytes), and a market receiving that shipment. */
async function refIntoBadLog(bad: (w: LogWriter) => Uint8Array) {
  const farm = writer(11, USCC.farmA);
  const market = writer(12, USCC.market1);
  const farmRecords = [farm.w.genesis, farm.w.append({ kind: 'food.harvest', body: { eventTime: T, ...line('L1', '100'), method: 'harvest' } }).bytes];
  const ship = farm.w.append({ kind: 'food.ship', body: { eventTime: T, items: [line('L1', '100')], destination: { enterprise: USCC.market1 } } });
  farmRecords.push(ship.bytes);
  const farmCp = await farm.w.checkpoint();
  farmRecords.push(bad(farm.w));
  const marketRecords = [market.w.genesis, market.w.append({ kind: 'food.receive', body: { eventTime: T, items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, refs: [{ logId: farm.w.logId, seq: ship.seq, leafHash: ship.leafHash }] }).bytes];
  const auth = await authorityLog([{ key: farm.signer.publicKey, enterprise: USCC.farmA, roles: ['farm'] }, { key: market.signer.publicKey, enterprise: USCC.market1, roles: ['market'] }]);
  return bundle([auth, { logId: farm.w.logId, records: farmRecords, checkpoints: [farmCp] }, { logId: market.w.logId, records: marketRecords, checkpoints: [await market.w.checkpoint()] }]);
}

/** Record 3 of the farm, encoded without the writer's checks. */
const raw = (w: LogWriter, kind: string, body: Record<string, unknown>) => encode([1, w.logId, 3, new Uint8Array(32), T0, kind, body, []]);
const nest = (n: number): Record<string, unknown> => (n === 0 ? {} : { a: nest(n - 1) });

describe('a bad record in a referenced log is a finding, not an exception', () => {
  for (const [what, bad, code] of [
    ['over 65,536 bytes', (w: LogWriter) => raw(w, 'food.test', { pad: Array.from({ length: 12_000 }, (_, i) => `p${i}`) }), 'CBOR_TOO_LARGE'],
    ['one string over 65,536 bytes', (w: LogWriter) => raw(w, 'food.test', { pad: 'x'.repeat(70_000) }), 'CBOR_TOO_LARGE'],
    ['nested too deep', (w: LogWriter) => raw(w, 'food.test', nest(20)), 'CBOR_TOO_DEEP'],
    ['a kind over 64 bytes', (w: LogWriter) => raw(w, `food.${'k'.repeat(70)}`, {}), 'RECORD_KIND'],
  ] as const) {
    it(what, async () => {
      const r = await verifyBundle(await refIntoBadLog(bad), trust);
      expect(r.verdict).toBe('invalid');
      expect(r.findings.find((f) => f.layer === 'log')).toMatchObject({ code, seq: 3 });
    });
  }
});

describe('verdicts', () => {
  it('records past the last checkpoint make the bundle unsigned, never valid', async () => {
    const r = await verifyBundle((await scenarioBundle({ unsignedTail: 'farmA' })).bytes, trust);
    expect(r.verdict).toBe('unsigned');
    expect(codes(r)).toEqual(['LOG_UNSIGNED_TAIL']);
    expect(formatReport(r)).toMatch(/^. UNSIGNED/);
  });

  it('an error anywhere is invalid, even with unsigned records', async () => {
    const r = await verifyBundle((await scenarioBundle({ unsignedTail: 'farmA', skipEnrolment: 'market1' })).bytes, trust);
    expect(r.verdict).toBe('invalid');
  });
});

describe('names come from the authority', () => {
  async function named(genesisName: string | undefined, enrolledName: string) {
    const { signer, w } = writer(21, USCC.farmA, genesisName === undefined ? {} : { name: genesisName });
    const records = [w.genesis, w.append({ kind: 'iot.reading', body: {} }).bytes];
    return verifyBundle(bundle([await authorityLog([{ key: signer.publicKey, enterprise: USCC.farmA, name: enrolledName, roles: ['farm'] }]), { logId: w.logId, records, checkpoints: [await w.checkpoint()] }]), trust);
  }

  it('the summary names a log by its enrolment', async () => {
    const r = await named('青口蔬菜基地', '青口蔬菜基地');
    expect(r.findings).toEqual([]);
    expect(r.logs.find((l) => !l.authority)!.name).toBe('青口蔬菜基地');
  });

  it('a genesis name other than the enrolled one is POLICY_NAME_MISMATCH, and the report shows the enrolled name', async () => {
    const r = await named('国家级示范基地', '青口蔬菜基地');
    expect(r.findings.map((f) => [f.code, f.severity, f.layer])).toEqual([['POLICY_NAME_MISMATCH', 'warning', 'policy']]);
    expect(r.logs.find((l) => !l.authority)!.name).toBe('青口蔬菜基地');
    expect(formatReport(r)).toContain('青口蔬菜基地');
    expect(formatReport(r)).not.toMatch(/国家级示范基地.*farm/);
  });

  it('a genesis without a name is no finding', async () => {
    expect((await named(undefined, 'x')).findings).toEqual([]);
  });
});

describe('enrolments (issue 14 Q9)', () => {
  async function withEnrolment(body: Record<string, unknown>, kind = 'iot.reading') {
    const { signer, w } = writer(31, USCC.farmA);
    const a = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: AUTHORITY_ROLE } }, { crypto: nodeCrypto, clock });
    const auth = [a.genesis, a.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise: USCC.farmA, name: 'f', roles: ['farm'], validFrom: 0, ...body } }).bytes];
    const records = [w.genesis, w.append({ kind, body: {} }).bytes];
    return verifyBundle(bundle([{ logId: a.logId, records: auth, checkpoints: [await a.checkpoint()] }, { logId: w.logId, records, checkpoints: [await w.checkpoint()] }]), { ...trust, food: false });
  }

  it('an enrolment with an unknown key is refused', async () => {
    expect(codes(await withEnrolment({ admin: true }))).toEqual(['POLICY_BAD_ENROLMENT', 'POLICY_NOT_ENROLLED']);
  });

  it('an unknown food.* kind is governed by roles: no role may record it', async () => {
    expect(codes(await withEnrolment({}, 'food.teleport'))).toEqual(['POLICY_ROLE']);
  });

  it('records past the largest checkpoint claimed are not blamed on the key', async () => {
    const { signer, w } = writer(32, USCC.farmA);
    const records = [w.genesis, w.append({ kind: 'iot.reading', body: {} }).bytes];
    const cp = await w.checkpoint();
    records.push(w.append({ kind: 'food.sale', body: {} }).bytes); // a farm may not sell; but nobody signed this
    const r = await verifyBundle(bundle([await authorityLog([{ key: signer.publicKey, enterprise: USCC.farmA, roles: ['farm'] }]), { logId: w.logId, records, checkpoints: [cp] }]), { ...trust, food: false });
    expect(codes(r)).toEqual(['LOG_UNSIGNED_TAIL']);
    expect(r.verdict).toBe('unsigned');
  });

  it('the signed prefix of a broken authority log still enrols', async () => {
    const { signer, w } = writer(33, USCC.farmA);
    const a = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: AUTHORITY_ROLE } }, { crypto: nodeCrypto, clock });
    const auth = [a.genesis, a.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise: USCC.farmA, name: 'f', roles: ['farm'], validFrom: 0 } }).bytes];
    const cp = await a.checkpoint();
    auth.push(encode([1, a.logId, 2, new Uint8Array(32), T0, 'x', {}, []])); // broken: wrong prev
    const records = [w.genesis, w.append({ kind: 'iot.reading', body: {} }).bytes];
    const r = await verifyBundle(bundle([{ logId: a.logId, records: auth, checkpoints: [cp] }, { logId: w.logId, records, checkpoints: [await w.checkpoint()] }]), trust);
    expect(codes(r)).toEqual(['CHAIN_PREV']);
    expect(r.logs.find((l) => !l.authority)!.enrolment?.roles).toEqual(['farm']);
  });
});

describe('an authority log is a trusted key\'s log whose genesis declares meta.role "authority" (issue 10)', () => {
  /** An authority enrols a market key; the market's log (no role declared) sells a lot it never received. */
  async function marketSellingUnreceived() {
    const market = writer(41, USCC.market1);
    const records = [market.w.genesis, market.w.append({ kind: 'food.sale', body: { eventTime: T, ...line('NEVER-RECEIVED', '2.5') } }).bytes];
    const auth = await authorityLog([{ key: market.signer.publicKey, enterprise: USCC.market1, roles: ['market'] }]);
    return { market, bytes: bundle([auth, { logId: market.w.logId, records, checkpoints: [await market.w.checkpoint()] }]) };
  }

  it('the business\'s own key given as trusted does not make its log an authority log: food and policy still apply, never valid', async () => {
    const { market, bytes } = await marketSellingUnreceived();
    const alone = await verifyBundle(bytes, trust);
    expect(alone.verdict).toBe('invalid');
    const foodCodes = alone.findings.filter((f) => f.layer === 'food').map((f) => f.code);
    expect(foodCodes.length).toBeGreaterThan(0);

    const r = await verifyBundle(bytes, { trust: [AUTHORITY_KEY, market.signer.publicKey] });
    expect(r.verdict).toBe('invalid');
    expect(r.findings.filter((f) => f.layer === 'food').map((f) => f.code)).toEqual(foodCodes);
    expect(r.findings.find((f) => f.code === 'POLICY_TRUSTED_NOT_AUTHORITY')).toMatchObject({ severity: 'error', layer: 'policy', logId: Buffer.from(market.w.logId).toString('hex') });
    const log = r.logs.find((l) => l.logId === Buffer.from(market.w.logId).toString('hex'))!;
    expect(log.authority).toBe(false);
    expect(log.enrolment?.roles).toEqual(['market']);
    const line = formatReport(r).split('\n').find((l) => l.includes(log.logId.slice(0, 16)))!;
    expect(line).toContain('[market]');
    expect(line).not.toContain('authority (trusted key)');
  });

  it('a trusted key\'s log without the role, and no declared authority log: POLICY_TRUSTED_NOT_AUTHORITY and POLICY_NO_AUTHORITY', async () => {
    const a = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K' }, { crypto: nodeCrypto, clock });
    const records = [a.genesis, a.append({ kind: ENROL_KIND, body: { key: new Uint8Array(32).fill(5), enterprise: USCC.farmA, name: 'f', roles: ['farm'], validFrom: 0 } }).bytes];
    const r = await verifyBundle(bundle([{ logId: a.logId, records, checkpoints: [await a.checkpoint()] }]), trust);
    expect(r.verdict).toBe('invalid');
    expect(codes(r)).toEqual(['POLICY_NOT_ENROLLED', 'POLICY_NO_AUTHORITY', 'POLICY_TRUSTED_NOT_AUTHORITY']);
    expect(r.logs[0]!.authority).toBe(false);
  });
});
