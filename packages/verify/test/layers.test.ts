import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogWriter, cosign, type Cosignature, type RecordRef } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { AUTHORITY_ROLE, BundleWriter, ENROL_KIND, exportTrace, readBundleLogs, verifyBundle, type BundleReport } from '../src/index.js';
import { line, USCC } from '../../food/test/chain.js';
import { AUTHORITY_KEY, AUTHORITY_SECRET, scenarioBundle } from './fixture.js';

const codes = (r: BundleReport) => r.findings.map((f) => f.code);
const T = '2025-11-26T08:30:00+08:00';

/** A farm and a market, enrolled, the market's receipt referring to the farm's shipment through `ref`. */
async function twoLogs(mutate?: (ref: RecordRef) => RecordRef, options: { farmCheckpointBeforeShip?: boolean; oversell?: boolean } = {}) {
  const clock = () => 1_764_115_200_000;
  const farm = LogWriter.create(nodeSigner(new Uint8Array(32).fill(31)), { enterprise: USCC.farmA }, { crypto: nodeCrypto, clock });
  const market = LogWriter.create(nodeSigner(new Uint8Array(32).fill(32)), { enterprise: USCC.market1 }, { crypto: nodeCrypto, clock });
  const auth = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: AUTHORITY_ROLE } }, { crypto: nodeCrypto, clock });
  const enrol = (w: LogWriter, enterprise: string, roles: string[]) => auth.append({ kind: ENROL_KIND, body: { key: nodeSigner(new Uint8Array(32).fill(w === farm ? 31 : 32)).publicKey, enterprise, name: 'x', roles, validFrom: 0 } }).bytes;
  const authRecords = [auth.genesis, enrol(farm, USCC.farmA, ['farm']), enrol(market, USCC.market1, ['market'])];
  const farmRecords = [farm.genesis, farm.append({ kind: 'food.harvest', body: { eventTime: T, ...line('L1', '100'), method: 'harvest' } }).bytes];
  const early = options.farmCheckpointBeforeShip ? await farm.checkpoint() : undefined;
  const ship = farm.append({ kind: 'food.ship', body: { eventTime: T, items: [line('L1', '100')], destination: { enterprise: USCC.market1 } } });
  farmRecords.push(ship.bytes);
  const ref = { logId: farm.logId, seq: ship.seq, leafHash: ship.leafHash };
  const marketRecords = [market.genesis, market.append({ kind: 'food.receive', body: { eventTime: T, items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, refs: [mutate ? mutate(ref) : ref] }).bytes];
  marketRecords.push(market.append({ kind: 'food.sale', body: { eventTime: T, ...line('L1', options.oversell ? '150' : '10') } }).bytes);
  const w = BundleWriter.toMemory({ created: 1 });
  w.addLog({ logId: auth.logId, records: authRecords, checkpoints: [await auth.checkpoint()] });
  w.addLog({ logId: farm.logId, records: farmRecords, checkpoints: [early ?? (await farm.checkpoint())] });
  w.addLog({ logId: market.logId, records: marketRecords, checkpoints: [await market.checkpoint()] });
  return { bytes: w.finish()!, farm, market, farmRecords, marketRecords };
}

describe('references between logs', () => {
  it('resolve when the target is present, hashed as stated and signed', async () => {
    const r = await verifyBundle((await twoLogs()).bytes, { trust: [AUTHORITY_KEY] });
    expect(r.findings).toEqual([]);
  });

  it('a wrong leaf hash, an absent record, an unsigned target and an absent log are each found', async () => {
    const wrongHash = await verifyBundle((await twoLogs((ref) => ({ ...ref, leafHash: new Uint8Array(32).fill(1) }))).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(wrongHash)).toContain('REF_HASH_MISMATCH');
    const absent = await verifyBundle((await twoLogs((ref) => ({ ...ref, seq: 40 }))).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(absent)).toContain('REF_TARGET_ABSENT');
    const unsigned = await verifyBundle((await twoLogs(undefined, { farmCheckpointBeforeShip: true })).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(unsigned)).toEqual(expect.arrayContaining(['REF_UNSIGNED', 'LOG_UNSIGNED_TAIL']));
    const otherLog = await verifyBundle((await twoLogs((ref) => ({ ...ref, logId: new Uint8Array(32).fill(5) }))).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(otherLog)).toContain('REF_LOG_ABSENT');
    for (const r of [wrongHash, absent]) expect(r.findings.find((f) => f.layer === 'refs')!.seq).toBe(1);
  });
});

/** An authority log enrolling one business, and that business's (empty) log. */
function enrolledLog(seed: number, enterprise: string, role: string) {
  const clock = () => 1_764_115_200_000;
  const auth = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: AUTHORITY_ROLE } }, { crypto: nodeCrypto, clock });
  const signer = nodeSigner(new Uint8Array(32).fill(seed));
  const authRecords = [auth.genesis, auth.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise, name: role, roles: [role], validFrom: 0 } }).bytes];
  return { auth, authRecords, log: LogWriter.create(signer, { enterprise }, { crypto: nodeCrypto, clock }) };
}

describe('cosignatures in a bundle', () => {
  it('a witness\'s cosignature of a checkpoint is checked; a forged one is found', async () => {
    const { auth, authRecords, log: farm } = enrolledLog(51, USCC.farmA, 'farm');
    const records = [farm.genesis, farm.append({ kind: 'food.harvest', body: { eventTime: T, ...line('L1', '10'), method: 'harvest' } }).bytes];
    const cp = await farm.checkpoint();
    const witness = nodeSigner(new Uint8Array(32).fill(52));
    const cs = await cosign(witness, { ...cp, time: cp.time + 60_000 });
    const bundle = async (cosignatures: Cosignature[]) => {
      const w = BundleWriter.toMemory({ created: 1 });
      w.addLog({ logId: auth.logId, records: authRecords, checkpoints: [await auth.checkpoint()] });
      w.addLog({ logId: farm.logId, records, checkpoints: [cp], cosignatures });
      return w.finish()!;
    };
    const ok = await verifyBundle(await bundle([cs]), { trust: [AUTHORITY_KEY] });
    expect(ok.findings).toEqual([]);
    const forged = await verifyBundle(await bundle([{ ...cs, signature: new Uint8Array(64).fill(9) }]), { trust: [AUTHORITY_KEY] });
    expect(codes(forged)).toEqual(['COSIGNATURE_SIGNATURE']);
  });
});

describe('food rules through a bundle', () => {
  it('an overdrawn lot makes the bundle invalid in the food layer only', async () => {
    const r = await verifyBundle((await twoLogs(undefined, { oversell: true })).bytes, { trust: [AUTHORITY_KEY] });
    expect(codes(r)).toEqual(['FOOD_OVERDRAWN']);
    expect(r.layers).toMatchObject({ log: 'ok', refs: 'ok', food: 'errors', policy: 'ok' });
    const off = await verifyBundle((await twoLogs(undefined, { oversell: true })).bytes, { trust: [AUTHORITY_KEY], food: false });
    expect(off.verdict).toBe('valid');
  });
});

describe('files and workers', () => {
  it('verifies a log larger than the read window, checkpoints and all, from a file', async () => {
    const { auth, authRecords, log } = enrolledLog(41, USCC.market1, 'market');
    const records = [log.genesis];
    const checkpoints = [];
    for (let i = 0; i < 12_000; i += 1000) {
      for (const r of log.appendBatch(Array.from({ length: 1000 }, (_, k) => ({ kind: 'iot.reading', body: { n: i + k, pad: 'x'.repeat(150) } })))) records.push(r.bytes);
      checkpoints.push(await log.checkpoint());
    }
    const w = BundleWriter.toMemory({ created: 1 });
    w.addLog({ logId: auth.logId, records: authRecords, checkpoints: [await auth.checkpoint()] });
    w.addLog({ logId: log.logId, records, checkpoints });
    const bytes = w.finish()!;
    expect(bytes.length).toBeGreaterThan(2 << 20);
    const path = join(mkdtempSync(join(tmpdir(), 'suyuan-bundle-')), 'big.bundle');
    writeFileSync(path, bytes);
    for (const workers of [0, 1]) {
      const r = await verifyBundle(path, { trust: [AUTHORITY_KEY], workers });
      expect(r.findings).toEqual([]);
      expect(r.logs.find((l) => !l.authority)!.signedSize).toBe(12_001);
    }
  });

  it('gives the same report from a file on two worker threads as in memory', async () => {
    const { bytes } = await scenarioBundle({ revoke: 'farmB' });
    const path = join(mkdtempSync(join(tmpdir(), 'suyuan-bundle-')), 'b.bundle');
    writeFileSync(path, bytes);
    const inMemory = await verifyBundle(bytes, { trust: [AUTHORITY_KEY] });
    const withWorkers = await verifyBundle(path, { trust: [AUTHORITY_KEY], workers: 2 });
    expect(withWorkers.stats.workers).toBe(2);
    expect(withWorkers.findings).toEqual(inMemory.findings);
    expect(withWorkers.logs).toEqual(inMemory.logs);
  });
});

describe('trace bundles', () => {
  it('exports just the upstream closure of a sale, with proofs, and it verifies', async () => {
    const { scenario, checkpoints, authorityLog } = await scenarioBundle();
    const logs = Object.entries(scenario.businesses).map(([name, b]) => ({ logId: b.logId, enterprise: b.enterprise, records: [b.writer.genesis, ...b.appended], checkpoints: [checkpoints[name]!] }));
    const w = BundleWriter.toMemory({ created: 2 });
    w.addLog(authorityLog);
    const result = exportTrace(w, { logs, start: { traceCode: 'M1-3' } });
    const bytes = w.finish()!;
    expect(result.omitted).toEqual([]);
    const r = await verifyBundle(bytes, { trust: [AUTHORITY_KEY] });
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('valid');
    expect(r.logs.find((l) => l.authority)?.mode).toBe('full');
    const businesses = r.logs.filter((l) => !l.authority); // listed by log id
    expect(businesses.map((l) => l.mode)).toEqual(['excerpt', 'excerpt', 'excerpt']);
    expect(businesses.map((l) => l.enterprise).sort()).toEqual([USCC.farmA, USCC.wholesaler, USCC.market1].sort());
    const back = readBundleLogs(bytes);
    expect(back.logs.reduce((n, l) => n + l.records.length, 0)).toBe(r.stats.records);
    // A proof that does not match is found.
    const tampered = Uint8Array.from(bytes);
    const at = Buffer.from(tampered).indexOf(Buffer.from('proof')) + 10;
    tampered[at]! ^= 1;
    const bad = await verifyBundle(tampered, { trust: [AUTHORITY_KEY], food: false });
    expect(bad.verdict).toBe('invalid');
  });
});
