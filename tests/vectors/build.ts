/**
 * Builds Suyuan's published test vectors, deterministically (fixed keys and times; Ed25519
 * signatures are deterministic). `generate.ts` writes them to JSON; `vectors.test.ts`
 * rebuilds them and fails if the committed files differ, then checks each with the library.
 */
import {
  CHECKPOINT_TAG, COSIGNATURE_TAG, MerkleTree, concatBytes, cosign, decodeRecord, encode, encodeCheckpoint,
  encodeCosignature, encodeRecord, nobleSigner, signedHeadBytes, toHex, verifyLog,
  type Checkpoint, type Cosignature, type ErrorCode,
} from '@suyuan/core';
import { BundleWriter, encodeEnd, encodeSectionHeader, exportTrace, verifyBundle } from '@suyuan/verify';
import { MALFORMED_CBOR } from './cbor-cases.js';
import {
  AUTHORITY_META, AUTHORITY_SECRET, FARM_SECRET, MARKET_SECRET, T0, WITNESS_SECRET, buildLog, crypto, fromHexStr, type LogFixture,
} from './fixtures.js';
import { moreBundleCases } from './bundle-cases.js';
import { keyVectors } from './keys.js';
import { foodBundleVectors } from './food-bundles.js';
import { smVectors } from './sm.js';

export { AUTHORITY_SECRET, FARM_SECRET, MARKET_SECRET, WITNESS_SECRET };

function describeLog(description: string, log: LogFixture, cosignatures: Cosignature[] = []) {
  const tree = new MerkleTree(crypto);
  const leaves = log.records.map((r) => crypto.leafHash(r));
  return {
    description,
    suite: 'ed25519-sha256',
    authorPublicKey: toHex(decodeRecord(log.writer.genesis).body.author as Uint8Array),
    logId: toHex(log.writer.logId),
    records: log.records.map((r, seq) => {
      tree.append(leaves[seq]!);
      const rec = decodeRecord(r);
      return { seq, kind: rec.kind, time: rec.time, hex: toHex(r), leafHash: toHex(leaves[seq]!), rootAfter: toHex(tree.root()) };
    }),
    bytes: toHex(concatBytes(log.records)),
    checkpoints: log.checkpoints.map((cp) => ({
      size: cp.size, time: cp.time, root: toHex(cp.root),
      signedBytes: toHex(signedHeadBytes(CHECKPOINT_TAG, cp)), signature: toHex(cp.signature), cbor: toHex(encodeCheckpoint(cp)),
    })),
    cosignatures: cosignatures.map((cs) => ({
      size: cs.size, time: cs.time, root: toHex(cs.root), witness: toHex(cs.witness),
      signedBytes: toHex(signedHeadBytes(COSIGNATURE_TAG, cs)), signature: toHex(cs.signature), cbor: toHex(encodeCosignature(cs)),
    })),
  };
}

function proofsFor(log: LogFixture) {
  const tree = new MerkleTree(crypto);
  for (const r of log.records) tree.append(crypto.leafHash(r));
  const n = tree.size;
  const inclusion = [];
  const consistency = [];
  for (let size = 1; size <= n; size++) {
    for (let index = 0; index < size; index++) {
      inclusion.push({ index, size, leafHash: toHex(tree.leafHash(index)), root: toHex(tree.root(size)), proof: tree.inclusionProof(index, size).map(toHex) });
    }
    for (let first = 1; first <= size; first++) {
      consistency.push({ first, second: size, firstRoot: toHex(tree.root(first)), secondRoot: toHex(tree.root(size)), proof: tree.consistencyProof(first, size).map(toHex) });
    }
  }
  const p = tree.inclusionProof(2, n);
  const invalid = [
    { description: 'inclusion: index equal to size', kind: 'inclusion', index: n, size: n, leafHash: toHex(tree.leafHash(2)), root: toHex(tree.root()), proof: p.map(toHex), code: 'PROOF_RANGE' },
    { description: 'inclusion: one hash too many', kind: 'inclusion', index: 2, size: n, leafHash: toHex(tree.leafHash(2)), root: toHex(tree.root()), proof: [...p, p[0]!].map(toHex), code: 'PROOF_SIZE' },
    { description: 'inclusion: a hash of 31 bytes', kind: 'inclusion', index: 2, size: n, leafHash: toHex(tree.leafHash(2)), root: toHex(tree.root()), proof: [toHex(p[0]!.subarray(1)), ...p.slice(1).map(toHex)], code: 'PROOF_HASH_LENGTH' },
    { description: "inclusion: leaf 3's hash with leaf 2's proof", kind: 'inclusion', index: 2, size: n, leafHash: toHex(tree.leafHash(3)), root: toHex(tree.root()), proof: p.map(toHex), code: 'PROOF_ROOT_MISMATCH' },
    { description: 'consistency: from a larger tree to a smaller one', kind: 'consistency', first: n, second: 3, firstRoot: toHex(tree.root()), secondRoot: toHex(tree.root(3)), proof: [], code: 'PROOF_RANGE' },
  ];
  return { description: `Every inclusion and consistency proof of the farm log's tree, sizes 1..${n} (RFC 9162 §2.1.3, §2.1.4); invalid ones with the code a verifier gives.`, emptyRoot: toHex(tree.root(0)), inclusion, consistency, invalid };
}

interface InvalidCase {
  description: string;
  bytes: Uint8Array;
  checkpoints?: Checkpoint[];
}

const SMALL_ORDER_IDENTITY = '0100000000000000000000000000000000000000000000000000000000000000';

/** A record's bytes without the encoder's checks, for cases the encoder refuses to write. */
function rawRecord(rec: ReturnType<typeof decodeRecord>, change: { version?: unknown; time?: unknown; body?: unknown; refs?: unknown }): Uint8Array {
  const r = { ...rec, ...change } as { version: number; logId: Uint8Array; seq: number; prev: Uint8Array; time: number; kind: string; body: unknown; refs: unknown };
  const refs = Array.isArray(r.refs) ? (r.refs as { logId: Uint8Array; seq: number; leafHash: Uint8Array }[]).map((x) => [x.logId, x.seq, x.leafHash]) : r.refs;
  return encode([r.version, r.logId, r.seq, r.prev, r.time, r.kind, r.body as never, refs as never]);
}

function invalidLogs(farm: LogFixture, market: LogFixture) {
  const recs = farm.records;
  const rewrite = (seq: number, change: object) => recs.map((r, i) => (i === seq ? encodeRecord({ ...decodeRecord(r), ...change }) : r));
  const cases: InvalidCase[] = [
    { description: 'records 2 and 3 swapped', bytes: concatBytes([recs[0]!, recs[1]!, recs[3]!, recs[2]!, ...recs.slice(4)]) },
    { description: 'record 3 removed', bytes: concatBytes(recs.filter((_, i) => i !== 3)) },
    { description: 'record 2 replayed', bytes: concatBytes([...recs.slice(0, 3), recs[2]!, ...recs.slice(3)]) },
    { description: "record 1 of the market's log spliced in as record 1", bytes: concatBytes([recs[0]!, market.records[1]!, ...recs.slice(2)]) },
    { description: 'record 4 re-encoded with another prev', bytes: concatBytes(rewrite(4, { prev: new Uint8Array(32).fill(0xee) })) },
    { description: 'record 2 edited (so record 3 no longer links to it)', bytes: concatBytes(rewrite(2, { body: { lot: 'FORGED' } })) },
    { description: 'record 5 dated before record 4', bytes: concatBytes(rewrite(5, { time: decodeRecord(recs[4]!).time - 1 })) },
    { description: 'a second genesis at seq 3', bytes: concatBytes(rewrite(3, { kind: 'genesis' })) },
    { description: 'the last byte cut off', bytes: concatBytes(recs).subarray(0, concatBytes(recs).length - 1) },
    { description: "record 1's version written in two bytes (18 01)", bytes: concatBytes([recs[0]!, Uint8Array.of(recs[1]![0]!, 0x18, 0x01), recs[1]!.subarray(2), ...recs.slice(2)]) },
    { description: 'a genesis naming an unknown suite', bytes: concatBytes([encodeRecord({ ...decodeRecord(recs[0]!), body: { ...decodeRecord(recs[0]!).body, suite: 'ed448-shake256' } }), ...recs.slice(1)]) },
    { description: 'the last record edited under a checkpoint of the whole log', bytes: concatBytes(rewrite(recs.length - 1, { body: { note: 'FORGED' } })), checkpoints: farm.checkpoints },
    { description: 'a checkpoint with a forged signature', bytes: concatBytes(recs), checkpoints: [{ ...farm.checkpoints.at(-1)!, signature: new Uint8Array(64).fill(7) }] },
    { description: 'the empty log', bytes: new Uint8Array(0) },
    // FORMAT.md §2–3: which code wins when record 0 is not a genesis, and the genesis limits.
    { description: 'the genesis removed: the log starts with record 1', bytes: concatBytes(recs.slice(1)) },
    { description: 'record 0 with seq 0 but another kind', bytes: concatBytes([encodeRecord({ ...decodeRecord(recs[0]!), kind: 'food.harvest' }), ...recs.slice(1)]) },
    { description: 'a genesis whose author key has small order (the identity point)', bytes: concatBytes([encodeRecord({ ...decodeRecord(recs[0]!), body: { ...decodeRecord(recs[0]!).body, author: fromHexStr(SMALL_ORDER_IDENTITY) } }), ...recs.slice(1)]) },
    { description: 'a genesis whose enterprise is 257 code points', bytes: encodeRecord({ ...decodeRecord(recs[0]!), body: { ...decodeRecord(recs[0]!).body, enterprise: '闽'.repeat(257) } }) },
    { description: 'record 1 with refs that is not an array', bytes: concatBytes([recs[0]!, rawRecord(decodeRecord(recs[1]!), { refs: {} })]) },
    { description: 'record 1 over 65,536 bytes', bytes: concatBytes([recs[0]!, rawRecord(decodeRecord(recs[1]!), { body: { note: 'x'.repeat(65_536) } })]) },
    { description: 'record 1 of version 2', bytes: concatBytes([recs[0]!, rawRecord(decodeRecord(recs[1]!), { version: 2 })]) },
    { description: "record 1 whose time is text (a wrong type: the field's path is `time`)", bytes: concatBytes([recs[0]!, rawRecord(decodeRecord(recs[1]!), { time: '2025-11-26' })]) },
    { description: "record 1 whose time is 2^53 (out of range, checked before the kind's pattern)", bytes: concatBytes([recs[0]!, rawRecord({ ...decodeRecord(recs[1]!), kind: 'Food' }, { time: 2n ** 53n })]) },
  ];
  return {
    description: 'Logs that must not verify. `expect` is what a verifier reports first: its code, the seq of the record it stopped at (if any), and the byte offset.',
    farmLogId: toHex(farm.writer.logId),
    cases: cases.map((c) => {
      const report = verifyLog(c.bytes, { crypto, checkpoints: c.checkpoints ?? [] });
      const f = report.findings.find((x) => x.severity === 'error')!;
      return {
        description: c.description,
        bytes: toHex(c.bytes),
        checkpoints: (c.checkpoints ?? []).map((cp) => toHex(encodeCheckpoint(cp))),
        expect: { verdict: report.verdict, code: f.code as ErrorCode, ...(f.seq !== undefined ? { seq: f.seq } : {}), ...(f.offset !== undefined ? { offset: f.offset } : {}) },
      };
    }),
  };
}

async function bundleVectors(authority: LogFixture, farm: LogFixture, market: LogFixture) {
  const full = (f: LogFixture) => ({ logId: f.writer.logId, records: f.records, checkpoints: f.checkpoints });
  const fullWriter = BundleWriter.toMemory({ created: T0 + 7_200_000, description: 'authority, farm and market' });
  for (const f of [authority, farm, market]) fullWriter.addLog(full(f));
  const fullBundle = fullWriter.finish()!;
  const traceWriter = BundleWriter.toMemory({ created: T0 + 7_200_000, description: 'what tracing receipt SY1A2B3C needs' });
  traceWriter.addLog(full(authority));
  exportTrace(traceWriter, { logs: [farm, market].map((f) => ({ ...full(f), enterprise: decodeRecord(f.writer.genesis).body.enterprise as string })), start: { traceCode: 'SY1A2B3C' } });
  const traceBundle = traceWriter.finish()!;
  const trust = toHex(nobleSigner(fromHexStr(AUTHORITY_SECRET)).publicKey);
  const endAt = fullBundle.length - encodeEnd(3, 20).length;
  const marketAt = Buffer.from(fullBundle).lastIndexOf(Buffer.from(encodeSectionHeader({ logId: market.writer.logId, mode: 'full', records: 0, bytes: 0 }).subarray(0, 38)));
  const cases: [string, Uint8Array, string][] = [
    ['the full bundle', fullBundle, trust],
    ['the trace bundle', traceBundle, trust],
    ['the full bundle, last 5 bytes cut', fullBundle.subarray(0, fullBundle.length - 5), trust],
    ['the full bundle, without its end item', fullBundle.subarray(0, endAt), trust],
    ['the full bundle with its market section twice', concatBytes([fullBundle.subarray(0, endAt), fullBundle.subarray(marketAt, endAt), encodeEnd(4, 24)]), trust],
    ['the full bundle with a byte after its end', concatBytes([fullBundle, Uint8Array.of(0)]), trust],
    ['the full bundle, end counting one record too many', concatBytes([fullBundle.subarray(0, endAt), encodeEnd(3, 21)]), trust],
    ['the full bundle, one byte of a farm record flipped', (() => { const b = Uint8Array.from(fullBundle); b[Buffer.from(b).indexOf(Buffer.from('GB/T'))]! ^= 1; return b; })(), trust],
    ['the full bundle checked against another authority key', fullBundle, toHex(nobleSigner(fromHexStr(WITNESS_SECRET)).publicKey)],
  ];
  return {
    description: 'Bundles (FORMAT.md §11-13) verified against the trusted authority key given; expect is the verdict and the finding codes in order.',
    authorityPublicKey: trust,
    cases: [
      ...await Promise.all(cases.map(async ([description, bytes, key]) => {
        const r = await verifyBundle(bytes, { trust: [fromHexStr(key)], crypto });
        return { description, trust: key, bytes: toHex(bytes), expect: { verdict: r.verdict, codes: r.findings.map((f) => f.code) } };
      })),
      ...await moreBundleCases(authority, farm, market),
    ],
  };
}

function cborVectors() {
  const valid: [string, unknown][] = [
    ['0', 0], ['23', 23], ['24', 24], ['-1', -1], ['2^32 (cbor-x would write float64)', 2 ** 32], ['a timestamp in ms', T0],
    ['2^64 - 1', 2n ** 64n - 1n], ['-(2^64 - 1)', -(2n ** 64n) + 1n], ['decimal quantity as text', '12.500'],
    ['Chinese text', '溯源'], ['bytes', Uint8Array.of(0, 1, 2)], ['empty map', {}], ['keys sorted by encoded bytes', { b: 1, a: 2, aa: 3, '10': 4, '2': 5 }],
    ['nested', { lot: { code: 'L1', qty: ['1', 'KGM'] }, ok: true, none: null }],
    ['16 nested arrays: the depth limit', Array.from({ length: 15 }).reduce<unknown>((inner) => [inner], [0])],
  ];
  return {
    description: 'Canonical profile: each valid value with its only accepted encoding; each invalid input with the code and byte offset a strict decoder must give.',
    valid: valid.map(([description, value]) => ({ description, value: JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `h'${toHex(v)}'` : v)), hex: toHex(encode(value)) })),
    invalid: MALFORMED_CBOR.map(([hex, code, offset, description]) => ({ description, hex, code, offset })),
  };
}

export async function buildVectors(): Promise<Record<string, unknown>> {
  const T = '2025-11-26T08:30:00+08:00';
  const lot = (value: string) => ({ lot: 'QK-20251126-01', product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
  const farm = await buildLog(FARM_SECRET, '91350100M000100Y43', '闽侯县青口镇蔬菜种植基地', [
    { kind: 'food.input-use', body: { eventTime: '2025-11-18T08:30:00+08:00', input: { type: 'pesticide', name: '吡虫啉', registration: 'PD20080127', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'F-03' }, safetyIntervalDays: 7 } },
    { kind: 'food.harvest', body: { eventTime: T, ...lot('1200.0'), method: 'harvest', origin: { region: '福建省福州市闽侯县', field: 'F-03' } } },
    'checkpoint',
    { kind: 'food.test', body: { eventTime: T, lot: 'QK-20251126-01', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } } },
    { kind: 'food.certificate', body: { eventTime: T, ...lot('1200.0'), certificate: { type: '承诺达标合格证', number: 'HGZ-2025-0001', issuer: { name: '青口蔬菜基地' }, issuedOn: '2025-11-26' }, origin: '福建省福州市闽侯县' } },
    { kind: 'food.ship', body: { eventTime: T, items: [lot('800.0')], destination: { enterprise: '91350100MA2XN8KX46' } } },
    'checkpoint',
  ], T0);
  const shipLeaf = crypto.leafHash(farm.records[5]!);
  const market = await buildLog(MARKET_SECRET, '91350100MA2XN8KX46', '福州海峡农产品批发市场', [
    { kind: 'food.receive', body: { eventTime: T, items: [lot('800.0')], source: { enterprise: '91350100M000100Y43' }, status: 'accepted' }, refs: [{ logId: farm.writer.logId, seq: 5, leafHash: shipLeaf }] },
    { kind: 'food.sale', body: { eventTime: T, ...lot('2.5'), traceCode: 'SY1A2B3C' } },
    { kind: 'food.sale', body: { eventTime: T, ...lot('3.0'), traceCode: 'SY1A2B3D' } },
    'checkpoint',
  ], T0 + 3_600_000);
  const witness = nobleSigner(fromHexStr(WITNESS_SECRET));
  const cs = await cosign(witness, { ...farm.checkpoints.at(-1)!, time: T0 + 7_200_000 });
  const authority = await buildLog(AUTHORITY_SECRET, '12350000MB0000000K', '市场监督管理局', [
    { kind: 'authority.enroll', body: { key: nobleSigner(fromHexStr(FARM_SECRET)).publicKey, enterprise: '91350100M000100Y43', name: '闽侯县青口镇蔬菜种植基地', roles: ['farm'], validFrom: T0 - 86_400_000 } },
    { kind: 'authority.enroll', body: { key: nobleSigner(fromHexStr(MARKET_SECRET)).publicKey, enterprise: '91350100MA2XN8KX46', name: '福州海峡农产品批发市场', roles: ['market'], validFrom: T0 - 86_400_000 } },
    'checkpoint',
  ], T0 - 86_400_000, AUTHORITY_META);
  return {
    'bundles.json': await bundleVectors(authority, farm, market),
    'cbor.json': cborVectors(),
    'food-bundles.json': await foodBundleVectors(),
    'log-farm.json': { ...describeLog('A farm log: genesis, pesticide use, harvest, residue test, 合格证, shipment; checkpoints at sizes 3 and 6; a witness cosignature at 6.', farm, [cs]), authorSecretKey: FARM_SECRET, witnessSecretKey: WITNESS_SECRET },
    'log-market.json': { ...describeLog("A market log whose receive record references the farm's ship record [logId, 5, leafHash]; checkpoint at size 4.", market), authorSecretKey: MARKET_SECRET },
    'proofs.json': proofsFor(farm),
    'keys.json': keyVectors(),
    'invalid-logs.json': invalidLogs(farm, market),
    'sm2-sm3.json': await smVectors(),
  };
}

export function serialize(v: unknown): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}
