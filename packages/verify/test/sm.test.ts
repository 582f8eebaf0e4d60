/** A bundle may mix suites (issue 19): an sm2-sm3 log is hashed and checked in its own suite, in a full section and in an excerpt. */
import { describe, expect, it } from 'vitest';
import { cosign, LogWriter, sm2PublicKey, sm2Signer } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { verifyBundle } from '../src/index.js';
import { line, USCC } from '../../food/test/chain.js';
import { AUTHORITY_KEY } from './fixture.js';
import { authorityLog, bundle, clock } from './build.js';

const T = '2025-11-26T08:30:00+08:00';

async function smFarm() {
  const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 7);
  const w = LogWriter.create(sm2Signer(secret), { enterprise: USCC.farmA }, { crypto: nodeCrypto, clock });
  const records = [w.genesis, w.append({ kind: 'food.harvest', body: { eventTime: T, ...line('SM-1', '10'), method: 'harvest' } }).bytes];
  const sale = w.append({ kind: 'food.ship', body: { eventTime: T, items: [line('SM-1', '10')], destination: { enterprise: USCC.market1 } } });
  records.push(sale.bytes);
  return { w, records, key: sm2PublicKey(secret), checkpoints: [await w.checkpoint()] };
}

describe('sm2-sm3 logs in a bundle', () => {
  it('a full sm2-sm3 log verifies, enrolled by its 65-byte key; a forged checkpoint does not', async () => {
    const f = await smFarm();
    const auth = await authorityLog([{ key: f.key, enterprise: USCC.farmA, roles: ['farm'] }]);
    const ok = await verifyBundle(bundle([auth, { logId: f.w.logId, records: f.records, checkpoints: f.checkpoints }]), { trust: [AUTHORITY_KEY] });
    expect(ok.findings).toEqual([]);
    expect(ok.verdict).toBe('valid');
    const bad = await verifyBundle(bundle([auth, { logId: f.w.logId, records: f.records, checkpoints: [{ ...f.checkpoints[0]!, time: 5 }] }]), { trust: [AUTHORITY_KEY] });
    expect(bad.findings.map((x) => x.code)).toContain('CHECKPOINT_SIGNATURE');
  });

  it('an sm2-sm3 witness cosignature (a 65-byte key) travels in a bundle and is checked; a forged one is caught', async () => {
    const f = await smFarm();
    const auth = await authorityLog([{ key: f.key, enterprise: USCC.farmA, roles: ['farm'] }]);
    const witness = sm2Signer(Uint8Array.from({ length: 32 }, (_, i) => i + 99));
    const cs = await cosign(witness, f.checkpoints[0]!);
    const ok = await verifyBundle(bundle([auth, { logId: f.w.logId, records: f.records, checkpoints: f.checkpoints, cosignatures: [cs] }]), { trust: [AUTHORITY_KEY] });
    expect(ok.findings).toEqual([]);
    expect(ok.verdict).toBe('valid');
    const forged = await verifyBundle(bundle([auth, { logId: f.w.logId, records: f.records, checkpoints: f.checkpoints, cosignatures: [{ ...cs, time: cs.time + 1 }] }]), { trust: [AUTHORITY_KEY] });
    expect(forged.findings.map((x) => x.code)).toContain('COSIGNATURE_SIGNATURE');
  });
});
