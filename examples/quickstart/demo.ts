/**
 * Suyuan quickstart: a farm and a market each keep a signed, hash-chained log. The market's
 * receive record points at the farm's ship record. Both logs are written to disk, read back,
 * verified, and the market's reference is traced one step back to the farm with a Merkle
 * inclusion proof against the farm's signed checkpoint. Then a tampered copy is refused.
 *
 * Run from the repository root: `pnpm demo` (it builds the packages first).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  LogWriter, MerkleTree, RECORD_LIMITS, concatBytes, decodeCheckpoint, decodeRecord, decodeSequenceItem, encodeCheckpoint,
  generateSecretKey, toHex, verifyInclusion, verifyLog, type Checkpoint, type CborValue,
} from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';

const dir = resolve(process.argv[2] ?? '.demo');
mkdirSync(dir, { recursive: true });
const crypto = nodeCrypto;
const say = (s: string) => console.log(s);

// 1. Each business has its own key and its own log.
const farm = LogWriter.create(nodeSigner(generateSecretKey()), { enterprise: '91350100M000100Y43', meta: { name: '闽侯青口蔬菜基地' } }, { crypto });
const market = LogWriter.create(nodeSigner(generateSecretKey()), { enterprise: '91350100MA2XN8KX4L', meta: { name: '海峡农产品批发市场' } }, { crypto });
const farmRecords = [farm.genesis];
const marketRecords = [market.genesis];

// 2. The farm records what it did with lot QK-20251126-01, then signs a checkpoint.
for (const e of [
  { kind: 'food.input-use', body: { input: '吡虫啉', quantity: '0.5', unit: 'KGM', safetyIntervalDays: 7 } },
  { kind: 'food.harvest', body: { lot: 'QK-20251126-01', product: '青菜', quantity: '1200', unit: 'KGM' } },
  { kind: 'food.test', body: { lot: 'QK-20251126-01', method: 'GB/T 5009.199', result: 'pass' } },
]) farmRecords.push(farm.append(e).bytes);
const ship = farm.append({ kind: 'food.ship', body: { lot: 'QK-20251126-01', quantity: '800', unit: 'KGM', to: '91350100MA2XN8KX4L' } });
farmRecords.push(ship.bytes);
const farmCheckpoint = await farm.checkpoint();
say(`farm   ${toHex(farm.logId).slice(0, 16)}…  ${farm.size} records, checkpoint signed at size ${farmCheckpoint.size}`);

// 3. The market receives that shipment, referencing the farm's record, then sells.
marketRecords.push(market.append({ kind: 'food.receive', body: { lot: 'QK-20251126-01', quantity: '800', unit: 'KGM' }, refs: [{ logId: farm.logId, seq: ship.seq, leafHash: ship.leafHash }] }).bytes);
for (let i = 0; i < 3; i++) marketRecords.push(market.append({ kind: 'food.sale', body: { lot: 'QK-20251126-01', quantity: '2.5', unit: 'KGM', traceCode: `SY-${1000 + i}` } }).bytes);
const marketCheckpoint = await market.checkpoint();
say(`market ${toHex(market.logId).slice(0, 16)}…  ${market.size} records, checkpoint signed at size ${marketCheckpoint.size}`);

// 4. Write both logs (a CBOR sequence of records) and their checkpoints to disk.
const save = (name: string, records: Uint8Array[], cp: Checkpoint) => {
  writeFileSync(join(dir, `${name}.log`), concatBytes(records));
  writeFileSync(join(dir, `${name}.checkpoint`), encodeCheckpoint(cp));
};
save('farm', farmRecords, farmCheckpoint);
save('market', marketRecords, marketCheckpoint);
say(`wrote ${dir}/{farm,market}.{log,checkpoint}`);

// 5. A regulator reads the files back and verifies each log against its checkpoint.
const load = (name: string) => ({ bytes: new Uint8Array(readFileSync(join(dir, `${name}.log`))), checkpoint: decodeCheckpoint(new Uint8Array(readFileSync(join(dir, `${name}.checkpoint`)))) });
let allValid = true;
for (const name of ['farm', 'market']) {
  const { bytes, checkpoint } = load(name);
  const report = verifyLog(bytes, { crypto, checkpoints: [checkpoint] });
  allValid &&= report.verdict === 'valid';
  say(`verify ${name.padEnd(6)} ${report.verdict}: ${report.records} records, ${report.signedSize} signed by ${report.enterprise}`);
}

// 6. Trace the market's receive one step back: the referenced record is in the farm's log,
//    and a Merkle inclusion proof ties it to the farm's signed checkpoint.
const farmFile = load('farm');
const farmTree = new MerkleTree(crypto);
const farmOnDisk: Uint8Array[] = [];
for (let offset = 0; offset < farmFile.bytes.length;) {
  const { end } = decodeSequenceItem(farmFile.bytes, offset, RECORD_LIMITS); // record boundaries
  farmOnDisk.push(farmFile.bytes.subarray(offset, end));
  farmTree.append(crypto.leafHash(farmFile.bytes.subarray(offset, end)));
  offset = end;
}
const ref = decodeRecord(marketRecords[1]!).refs[0]!;
const proof = farmTree.inclusionProof(ref.seq, farmFile.checkpoint.size);
verifyInclusion(crypto, ref.seq, farmFile.checkpoint.size, ref.leafHash, proof, farmFile.checkpoint.root);
const shipped = decodeRecord(farmOnDisk[ref.seq]!);
say(`trace  market receive ← farm ${shipped.kind} #${ref.seq} (lot ${(shipped.body as Record<string, CborValue>).lot}, ${(shipped.body as Record<string, CborValue>).quantity} KGM), inclusion proof of ${proof.length} hashes against the farm checkpoint`);

// 7. Tampering is found, with a code and a place.
const tampered = Uint8Array.from(farmFile.bytes);
const at = Buffer.from(tampered).indexOf('1200'); // the harvest quantity
tampered[at] = 0x32; // '1200' becomes '2200'
const bad = verifyLog(tampered, { crypto, checkpoints: [farmFile.checkpoint] });
const f = bad.findings.find((x) => x.severity === 'error');
say(`tamper farm.log byte ${at} (harvest 1200 → 2200 KGM) → ${bad.verdict}: ${f?.code} at seq ${f?.seq ?? '-'}`);

if (!allValid || bad.verdict !== 'invalid') {
  console.error('demo failed: expected both logs valid and the tampered copy invalid');
  process.exit(1);
}
say('\nok: both logs verify, the reference resolves with a proof, and tampering is caught.');
