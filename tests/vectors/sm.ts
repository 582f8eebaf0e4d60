/**
 * Vectors of the `sm2-sm3` suite (FORMAT.md §15): the standards' SM3 and SM2 examples, an
 * SM log with checkpoints and an SM2 cosignature, and logs that must fail, among them logs
 * mixing the two suites. SM2 signatures need a fresh k; here k is derived from the key and
 * the message (SM3(0x6b ‖ d ‖ M) mod (n − 1) + 1) so the file is reproducible. Test keys only.
 */
import {
  CHECKPOINT_TAG, COSIGNATURE_TAG, LogWriter, MerkleTree, SM2_CURVE, SM2_DEFAULT_USER_ID, concatBytes, cosign, decodeRecord,
  encodeCheckpoint, encodeCosignature, encodeRecord, nobleCrypto, nobleSigner, signCheckpoint, signSm2, signedHeadBytes, sm2PublicKey,
  sm2Sm3Crypto, sm2Z, sm3, suiteCrypto, toHex, verifyLog,
  type Checkpoint, type Cosignature, type EventInput, type Signer,
} from '@suyuan/core';

export const SM_FARM_SECRET = '0505050505050505050505050505050505050505050505050505050505050505';
export const SM_WITNESS_SECRET = '0606060606060606060606060606060606060606060606060606060606060606';
const T0 = 1_764_115_200_000;
const { n } = SM2_CURVE;

const fromHexStr = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const big = (b: Uint8Array) => BigInt(`0x${toHex(b) || '0'}`);
const hex32 = (v: bigint) => v.toString(16).padStart(64, '0');

/** An SM2 signer whose k is derived from key and message: reproducible vectors, never production. */
export function vectorSm2Signer(secretHex: string): Signer {
  const sk = fromHexStr(secretHex);
  const publicKey = sm2PublicKey(sk);
  return {
    suite: 'sm2-sm3',
    publicKey,
    sign: async (message) => signSm2(sk, message, { publicKey, k: (big(sm3(concatBytes([Uint8Array.of(0x6b), sk, message]))) % (n - 1n)) + 1n }),
  };
}

function sm3Examples() {
  const cases: [string, string][] = [['"abc" (GB/T 32905-2016 Appendix A.1)', 'abc'], ['"abcd" × 16, 64 bytes (Appendix A.2)', 'abcd'.repeat(16)]];
  return cases.map(([description, text]) => ({ description, input: toHex(Buffer.from(text)), digest: toHex(sm3(Buffer.from(text))) }));
}

function sm2Example() {
  const secretKey = fromHexStr('3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8');
  const message = Buffer.from('message digest');
  const k = 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n;
  const publicKey = sm2PublicKey(secretKey);
  const z = sm2Z(publicKey);
  return {
    description: 'GM/T 0003.5-2012 (GB/T 32918.5-2017) signature example on sm2p256v1: the default user id, the message "message digest", a fixed k. Z, e and r ‖ s as published.',
    curve: Object.fromEntries(Object.entries(SM2_CURVE).map(([name, v]) => [name, hex32(v)])),
    userId: SM2_DEFAULT_USER_ID,
    secretKey: toHex(secretKey),
    publicKey: toHex(publicKey),
    message: toHex(message),
    k: hex32(k),
    z: toHex(z),
    e: toHex(sm3(concatBytes([z, message]))),
    signature: toHex(signSm2(secretKey, message, { k })),
  };
}

interface SmLog { writer: LogWriter; records: Uint8Array[]; checkpoints: Checkpoint[] }

async function smFarmLog(): Promise<SmLog> {
  let t = T0;
  const writer = LogWriter.create(vectorSm2Signer(SM_FARM_SECRET), { enterprise: '91350100M000100Y43', meta: { name: '闽侯县青口镇蔬菜种植基地' } }, { crypto: nobleCrypto, clock: () => (t += 60_000) });
  const T = '2025-11-26T08:30:00+08:00';
  const events: (EventInput | 'checkpoint')[] = [
    { kind: 'food.harvest', body: { eventTime: T, lot: 'QK-20251126-01', product: { description: '青菜', category: '0101' }, quantity: { value: '1200.0', unit: 'KGM' } } },
    { kind: 'food.test', body: { eventTime: T, lot: 'QK-20251126-01', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } } },
    'checkpoint',
    { kind: 'food.ship', body: { eventTime: T, items: [{ lot: 'QK-20251126-01', quantity: { value: '800.0', unit: 'KGM' } }], destination: { enterprise: '91350100MA2XN8KX46' } } },
    'checkpoint',
  ];
  const records = [writer.genesis];
  const checkpoints: Checkpoint[] = [];
  for (const e of events) {
    if (e === 'checkpoint') checkpoints.push(await writer.checkpoint());
    else records.push(writer.append(e).bytes);
  }
  return { writer, records, checkpoints };
}

function describeSmLog(log: SmLog, cosignatures: Cosignature[]) {
  const c = sm2Sm3Crypto;
  const tree = new MerkleTree(c);
  return {
    description: 'An sm2-sm3 farm log: genesis, harvest, test, shipment; checkpoints at sizes 3 and 4; an SM2 witness cosignature at 4. Leaf and node hashes are SM3, signatures SM2 with the default user id.',
    suite: 'sm2-sm3',
    authorPublicKey: toHex(decodeRecord(log.writer.genesis).body.author as Uint8Array),
    authorSecretKey: SM_FARM_SECRET,
    witnessSecretKey: SM_WITNESS_SECRET,
    logId: toHex(log.writer.logId),
    emptyRoot: toHex(tree.root(0)),
    records: log.records.map((r, seq) => {
      const leaf = c.leafHash(r);
      tree.append(leaf);
      const rec = decodeRecord(r);
      return { seq, kind: rec.kind, time: rec.time, hex: toHex(r), leafHash: toHex(leaf), rootAfter: toHex(tree.root()) };
    }),
    bytes: toHex(concatBytes(log.records)),
    checkpoints: log.checkpoints.map((cp) => ({
      size: cp.size, time: cp.time, root: toHex(cp.root), signedBytes: toHex(signedHeadBytes(CHECKPOINT_TAG, cp)), signature: toHex(cp.signature), cbor: toHex(encodeCheckpoint(cp)),
    })),
    cosignatures: cosignatures.map((cs) => ({
      size: cs.size, time: cs.time, root: toHex(cs.root), witness: toHex(cs.witness), signedBytes: toHex(signedHeadBytes(COSIGNATURE_TAG, cs)), signature: toHex(cs.signature), cbor: toHex(encodeCosignature(cs)),
    })),
  };
}

interface SmInvalidCase { description: string; bytes: Uint8Array; checkpoints?: Checkpoint[]; cosignatures?: Cosignature[] }

async function invalidSmLogs(log: SmLog) {
  const recs = log.records;
  const g = decodeRecord(recs[0]!);
  const last = log.checkpoints.at(-1)!;
  const rewrite = (seq: number, change: object) => recs.map((r, i) => (i === seq ? encodeRecord({ ...decodeRecord(r), ...change }) : r));
  const shaLogId = nobleCrypto.leafHash(recs[0]!);
  const author = g.body.author as Uint8Array;
  const compressed = Uint8Array.from([2 + (author[64]! & 1), ...author.subarray(1, 33)]);
  const offCurve = Uint8Array.from(author);
  offCurve[64] = offCurve[64]! ^ 1;
  const withSignature = (sig: string): Checkpoint => ({ ...last, signature: fromHexStr(sig) });
  const r = toHex(last.signature.subarray(0, 32));
  // [s]G + [t]P = O with r = e: only the key holder can make it; sm-crypto-v2 accepts it.
  const d = big(fromHexStr(SM_FARM_SECRET));
  const e = big(sm3(concatBytes([sm2Z(author), signedHeadBytes(CHECKPOINT_TAG, last)]))) % n;
  const inv = (x: bigint) => { let res = 1n; let b = x % n; let k = n - 2n; while (k > 0n) { if (k & 1n) res = (res * b) % n; b = (b * b) % n; k >>= 1n; } return res; };
  const atInfinity = hex32(e) + hex32((((n - e) * d) % n * inv(1n + d)) % n);
  const shaTree = new MerkleTree(nobleCrypto);
  for (const rec of recs) shaTree.append(nobleCrypto.leafHash(rec));
  const all = concatBytes(recs);
  const cases: SmInvalidCase[] = [
    { description: 'record 1 carries the SHA-256 leaf hash of the SM genesis as log id and prev (hashed with the other suite)', bytes: concatBytes(rewrite(1, { logId: shaLogId, prev: shaLogId })) },
    { description: 'record 2 linked by the SHA-256 leaf hash of record 1', bytes: concatBytes(rewrite(2, { prev: nobleCrypto.leafHash(recs[1]!) })) },
    { description: 'the last checkpoint signed with Ed25519 (the other algorithm) by a key of the same secret bytes', bytes: all, checkpoints: [await signCheckpoint(nobleSigner(fromHexStr(SM_FARM_SECRET)), last)] },
    { description: 'the last checkpoint with s = 0', bytes: all, checkpoints: [withSignature(r + hex32(0n))] },
    { description: 'the last checkpoint with s = n', bytes: all, checkpoints: [withSignature(r + hex32(n))] },
    { description: 'the last checkpoint with r + s = n (t = 0)', bytes: all, checkpoints: [withSignature(r + hex32(n - big(fromHexStr(r))))] },
    { description: 'the last checkpoint with r = e and [s]G + [t]P the point at infinity', bytes: all, checkpoints: [withSignature(atInfinity)] },
    { description: 'a checkpoint, validly SM2-signed, of the SHA-256 tree of the same records', bytes: all, checkpoints: [await signCheckpoint(vectorSm2Signer(SM_FARM_SECRET), { ...last, root: shaTree.root(last.size) })] },
    { description: 'a cosignature by an Ed25519 witness on this SM log', bytes: all, checkpoints: [last], cosignatures: [await cosign(nobleSigner(fromHexStr(SM_WITNESS_SECRET)), last)] },
    { description: 'a genesis whose SM2 author is a compressed point (33 bytes)', bytes: encodeRecord({ ...g, body: { ...g.body, author: compressed } }) },
    { description: 'a genesis whose SM2 author is not on the curve', bytes: encodeRecord({ ...g, body: { ...g.body, author: offCurve } }) },
    { description: 'an ed25519-sha256 genesis with a 65-byte SM2 author', bytes: encodeRecord({ ...g, body: { ...g.body, suite: 'ed25519-sha256' } }) },
  ];
  return cases.map((c) => {
    const report = verifyLog(c.bytes, { crypto: nobleCrypto, checkpoints: c.checkpoints ?? [], cosignatures: c.cosignatures ?? [] });
    return {
      description: c.description,
      bytes: toHex(c.bytes),
      checkpoints: (c.checkpoints ?? []).map((cp) => toHex(encodeCheckpoint(cp))),
      cosignatures: (c.cosignatures ?? []).map((cs) => toHex(encodeCosignature(cs))),
      expect: { verdict: report.verdict, codes: report.findings.map((f) => f.code) },
    };
  });
}

export async function smVectors() {
  const log = await smFarmLog();
  const witness = vectorSm2Signer(SM_WITNESS_SECRET);
  const cs = await cosign(witness, { ...log.checkpoints.at(-1)!, time: T0 + 7_200_000 });
  if (suiteCrypto('sm2-sm3') !== sm2Sm3Crypto) throw new Error('vectors are built with the portable SM provider');
  return {
    description: 'The sm2-sm3 suite (FORMAT.md §15). Byte strings are lowercase hex; keys are test keys. SM2 vector signatures use k = SM3(0x6b ‖ d ‖ M) mod (n − 1) + 1 so that the file is reproducible; real signers use a fresh random k.',
    sm3: sm3Examples(),
    sm2Example: sm2Example(),
    log: describeSmLog(log, [cs]),
    invalid: {
      description: 'Logs of the sm2-sm3 suite that must not verify, with the verdict and the finding codes in order.',
      cases: await invalidSmLogs(log),
    },
  };
}
