/**
 * Suyuan quickstart: a farm and a market each keep a signed, hash-chained log in the
 * embedded file store. The market's receive record points at the farm's ship record. A
 * regulator opens both stores read-only, verifies them, and traces the market's reference
 * one step back to the farm with a Merkle inclusion proof against the farm's signed
 * checkpoint. Then a tampered copy is refused.
 *
 * Run from the repository root: `node --conditions=@suyuan/source --import tsx examples/quickstart/demo.ts [DIR]`.
 * Without DIR it works in a temporary directory and removes it (keys included) when done; a
 * DIR given must be new or empty: nothing that is already there is ever deleted.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  MerkleTree, concatBytes, decodeRecord, generateSecretKey, toHex, verifyInclusion, verifyLog, type CborMap,
} from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { LotGraph, LotQueries, validateEvent } from '@suyuan/food';
import { DurableLog, FileLogStore, readSecretKeyFile, writeSecretKeyFile } from '@suyuan/store';

const given = process.argv[2];
if (given !== undefined && existsSync(given) && readdirSync(given).length > 0) {
  console.error(`${given} is not empty; the quickstart writes only into a new or empty directory`);
  process.exit(2);
}
const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'suyuan-quickstart-')) : resolve(given);
mkdirSync(join(dir, 'keys'), { recursive: true });
const say = (s: string) => console.log(s);
try {
  // 1. Each business has its own key (a 0600 PEM file) and its own log directory.
  const business = async (name: string, enterprise: string, display: string) => {
    writeSecretKeyFile(join(dir, 'keys', `${name}.key`), generateSecretKey());
    const store = await FileLogStore.open(join(dir, name), { mode: 'sync' });
    return DurableLog.create(store, readSecretKeyFile(join(dir, 'keys', `${name}.key`)), { enterprise, meta: { name: display } });
  };
  const farm = await business('farm', '91350100M000100Y43', '闽侯青口蔬菜基地');
  const market = await business('market', '91350100MA2XN8KX46', '海峡农产品批发市场');

  // 2. The farm records what it did with lot QK-20251126-01; each append is durable when it resolves.
  const T = '2025-11-26T08:30:00+08:00';
  const lot = (value: string) => ({ lot: 'QK-20251126-01', product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
  const events = {
    pesticide: { kind: 'food.input-use', body: { eventTime: '2025-11-18T08:30:00+08:00', input: { type: 'pesticide', name: '吡虫啉', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'F-03' }, safetyIntervalDays: 7 } },
    harvest: { kind: 'food.harvest', body: { eventTime: T, ...lot('1200'), method: 'harvest', origin: { region: '福建省闽侯县', field: 'F-03' } } },
    test: { kind: 'food.test', body: { eventTime: T, lot: 'QK-20251126-01', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } } },
    ship: { kind: 'food.ship', body: { eventTime: T, items: [lot('800')], destination: { enterprise: '91350100MA2XN8KX46' } } },
  };
  for (const e of Object.values(events)) if (validateEvent(e.kind, e.body).length > 0) throw new Error(`demo event ${e.kind} is invalid`);
  await farm.appendBatch([events.pesticide, events.harvest, events.test]);
  const ship = await farm.append(events.ship);
  const farmCheckpoint = await farm.checkpoint();
  say(`farm   ${toHex(farm.logId).slice(0, 16)}…  ${farm.size} records, checkpoint signed at size ${farmCheckpoint.size}`);

  // 3. The market receives that shipment, referencing the farm's record, then sells with trace codes.
  await market.append({ kind: 'food.receive', body: { eventTime: T, items: [lot('800')], source: { enterprise: '91350100M000100Y43' }, status: 'accepted' }, refs: [{ logId: farm.logId, seq: ship.seq, leafHash: ship.leafHash }] });
  await Promise.all([0, 1, 2].map((i) => market.append({ kind: 'food.sale', body: { eventTime: T, ...lot('2.5'), traceCode: `SY-${1000 + i}` } })));
  const marketCheckpoint = await market.checkpoint();
  say(`market ${toHex(market.logId).slice(0, 16)}…  ${market.size} records, checkpoint signed at size ${marketCheckpoint.size}`);
  await farm.close();
  await market.close();
  say(`stored in ${given === undefined ? 'a temporary directory' : dir}: {farm,market}/ (segments, index, checkpoints), keys/ (mode 0600)`);

  // 4. A regulator opens both stores read-only and verifies each log against its checkpoints.
  const readLog = async (name: string) => {
    const store = await FileLogStore.open(join(dir, name), { readOnly: true });
    const records = await store.readRange(0, store.size);
    const checkpoints = await store.checkpoints();
    await store.close();
    return { records, checkpoints };
  };
  const farmLog = await readLog('farm');
  const marketLog = await readLog('market');
  let allValid = true;
  for (const [name, log] of [['farm', farmLog], ['market', marketLog]] as const) {
    const report = verifyLog(concatBytes(log.records), { crypto: nodeCrypto, checkpoints: log.checkpoints });
    allValid &&= report.verdict === 'valid';
    say(`verify ${name.padEnd(6)} ${report.verdict}: ${report.records} records, ${report.signedSize} signed by ${report.enterprise}`);
  }

  // 5. Trace the market's receive one step back: the referenced record is in the farm's log,
  //    and a Merkle inclusion proof ties it to the farm's signed checkpoint.
  const ref = decodeRecord(marketLog.records[1]!).refs[0]!;
  const farmTree = new MerkleTree(nodeCrypto);
  for (const r of farmLog.records) farmTree.append(nodeCrypto.leafHash(r));
  const cp = farmLog.checkpoints.at(-1)!;
  const proof = farmTree.inclusionProof(ref.seq, cp.size);
  verifyInclusion(nodeCrypto, ref.seq, cp.size, ref.leafHash, proof, cp.root);
  const shipped = decodeRecord(farmLog.records[ref.seq]!);
  const body = shipped.body as CborMap;
  say(`trace  market receive ← farm ${shipped.kind} #${ref.seq} (lot ${(body.items as CborMap[])[0]!.lot}), inclusion proof of ${proof.length} hashes against the farm checkpoint`);

  // 6. A consumer's receipt code traced back to the farm, through the lot graph of both logs.
  const graph = LotGraph.build([
    { logId: farm.logId, enterprise: '91350100M000100Y43', records: farmLog.records.map((r) => decodeRecord(r)) },
    { logId: market.logId, enterprise: '91350100MA2XN8KX46', records: marketLog.records.map((r) => decodeRecord(r)) },
  ]);
  const origin = new LotQueries(graph).traceBack({ traceCode: 'SY-1001' }).origins[0]!;
  allValid &&= graph.findings.length === 0 && origin.lot.enterprise === '91350100M000100Y43';
  say(`trace  receipt SY-1001 → lot ${origin.lot.lot} at farm ${origin.lot.enterprise}: harvest #${origin.created[0]?.seq}, inputs ${origin.inputs.map((r) => `#${r.seq}`).join(',')}, tests ${origin.tests.map((t) => `#${t.record.seq} ${t.result}`).join(',')}`);

  // 7. Tampering is found, with a code and a place: change the harvest quantity in a copy of
  //    the farm's segment file.
  cpSync(join(dir, 'farm'), join(dir, 'farm-tampered'), { recursive: true });
  const segment = join(dir, 'farm-tampered', 'seg-00000001.log');
  const bytes = readFileSync(segment);
  const at = bytes.indexOf('1200');
  bytes[at] = 0x32; // '1200' becomes '2200'
  writeFileSync(segment, bytes);
  try {
    await FileLogStore.open(join(dir, 'farm-tampered'));
    allValid = false;
  } catch (e) {
    say(`tamper farm segment byte ${at} (harvest 1200 → 2200 KGM) → the store refuses it: ${(e as { code?: string }).code}`);
  }
  // Even if the checksum were forged too, the chain would not hold.
  const tamperedRecords = farmLog.records.map((r) => Uint8Array.from(r));
  const harvest = tamperedRecords[2]!;
  harvest[Buffer.from(harvest).indexOf('1200')] = 0x32;
  const bad = verifyLog(concatBytes(tamperedRecords), { crypto: nodeCrypto, checkpoints: farmLog.checkpoints });
  const f = bad.findings.find((x) => x.severity === 'error');
  say(`tamper the same change in the record itself → ${bad.verdict}: ${f?.code} at seq ${f?.seq}`);

  if (!allValid || bad.verdict !== 'invalid') {
    console.error('demo failed: expected both logs valid and the tampered copies refused');
    process.exitCode = 1;
  } else {
    say(`\nok: both logs verify, the reference resolves with a proof, and tampering is caught.${given === undefined ? '' : ` Files: ${dir}`}`);
  }
} finally {
  if (given === undefined) rmSync(dir, { recursive: true, force: true }); // a temporary directory with secret keys in it
}
