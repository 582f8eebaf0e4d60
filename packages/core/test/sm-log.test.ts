import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LogWriter, MerkleTree, ZERO_HASH, concatBytes, cosign, decodeCosignature, decodeRecord, encode, encodeCosignature, encodeRecord,
  genesisInfo, nobleCrypto, nobleSigner, signCheckpoint, sm2Signer, sm2Sm3Crypto, toHex, verifyLog,
  type LogReport, type Signer,
} from '../src/index.js';
import { nodeCrypto, nodeSm2Sm3Crypto } from '../src/node/index.js';
import { T0 } from './fixtures.js';
import { expectCode } from './helpers.js';

const SM_AUTHOR = new Uint8Array(32).fill(3);
const SM_WITNESS = new Uint8Array(32).fill(4);
const codes = (r: LogReport) => r.findings.map((f) => f.code);

function writer(signer: Signer = sm2Signer(SM_AUTHOR), crypto = nodeCrypto): LogWriter {
  let t = T0;
  return LogWriter.create(signer, { enterprise: '91350100M000100Y43', meta: { name: '福州鼓楼农贸市场' } }, { crypto, clock: () => (t += 1000) });
}

async function smLog(n: number) {
  const w = writer();
  const records = [w.genesis];
  for (let i = 0; i < n; i++) records.push(w.append({ kind: 'food.sale', body: { lot: `LOT-${i}` } }).bytes);
  const cp = await w.checkpoint();
  return { w, records, bytes: concatBytes(records), cp };
}

describe('an sm2-sm3 log', () => {
  it('names its suite and 65-byte SM2 author in the genesis; its log id and root are SM3', async () => {
    const { w, records, bytes, cp } = await smLog(5);
    const info = genesisInfo(decodeRecord(w.genesis));
    expect(info.suite).toBe('sm2-sm3');
    expect(info.author.length).toBe(65);
    expect(toHex(w.logId)).toBe(toHex(sm2Sm3Crypto.leafHash(w.genesis)));
    expect(toHex(w.logId)).not.toBe(toHex(nobleCrypto.leafHash(w.genesis)));
    const tree = new MerkleTree(sm2Sm3Crypto);
    for (const r of records) tree.append(sm2Sm3Crypto.leafHash(r));
    expect(toHex(cp.root)).toBe(toHex(tree.root()));
    expect(toHex(new MerkleTree(nodeSm2Sm3Crypto).root())).toBe(toHex(sm2Sm3Crypto.hash(new Uint8Array(0))));
    for (const crypto of [nobleCrypto, nodeCrypto, undefined]) {
      const report = verifyLog(bytes, { checkpoints: [cp], crypto });
      expect(report.verdict).toBe('valid');
      expect(report.suite).toBe('sm2-sm3');
      expect(report.records).toBe(6);
      expect(report.signedSize).toBe(6);
    }
  });

  it('is written the same by the portable and the node:crypto families', async () => {
    const a = writer(sm2Signer(SM_AUTHOR), nobleCrypto);
    const b = writer(sm2Signer(SM_AUTHOR), nodeCrypto);
    for (let i = 0; i < 4; i++) {
      const ra = a.append({ kind: 'food.harvest', body: { i } });
      const rb = b.append({ kind: 'food.harvest', body: { i } });
      expect(toHex(ra.bytes)).toBe(toHex(rb.bytes));
    }
    expect(toHex(a.treeHead(0).root)).toBe(toHex(b.treeHead(0).root));
  });

  it('verdicts agree between the portable and node:crypto providers on altered logs (property)', async () => {
    const { records, cp } = await smLog(6);
    await fc.assert(fc.asyncProperty(fc.nat(records.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), async (seq, at, x) => {
      const changed = records.map((r) => Uint8Array.from(r));
      const rec = changed[seq]!;
      rec[at % rec.length] = rec[at % rec.length]! ^ x;
      const bytes = concatBytes(changed);
      const portable = verifyLog(bytes, { checkpoints: [cp], crypto: nobleCrypto });
      const fast = verifyLog(bytes, { checkpoints: [cp], crypto: nodeCrypto });
      expect(codes(fast)).toEqual(codes(portable));
      expect(portable.verdict).toBe('invalid');
    }), { numRuns: 25 });
  });

  it('resumes from its state, but not with a signer of the other suite', async () => {
    const w = writer();
    w.append({ kind: 'food.sale', body: {} });
    const state = w.state();
    const resumed = LogWriter.resume(sm2Signer(SM_AUTHOR), state, { crypto: nodeCrypto });
    expect(resumed.append({ kind: 'food.sale', body: {} }).seq).toBe(2);
    expectCode(() => LogWriter.resume(nobleSigner(SM_AUTHOR), state), 'KEY_INVALID');
    expectCode(() => LogWriter.resume(sm2Signer(SM_WITNESS), state), 'KEY_INVALID');
  });
});

describe('a genesis of the sm2-sm3 suite', () => {
  const sm = sm2Signer(SM_AUTHOR);
  const ed = nobleSigner(SM_AUTHOR);
  const g = { seq: 0, logId: ZERO_HASH, prev: ZERO_HASH, kind: 'genesis', refs: [], body: { suite: 'sm2-sm3', author: sm.publicKey, enterprise: 'E', meta: {} } };

  it('needs a 65-byte SM2 key that is acceptable; an Ed25519 genesis needs a 32-byte Ed25519 key', () => {
    expect(genesisInfo(g).suite).toBe('sm2-sm3');
    const compressed = Uint8Array.from([2 + (sm.publicKey[64]! & 1), ...sm.publicKey.subarray(1, 33)]);
    const offCurve = Uint8Array.from(sm.publicKey);
    offCurve[64] = offCurve[64]! ^ 1;
    for (const author of [ed.publicKey, compressed, offCurve, new Uint8Array(65), Uint8Array.from([4, ...new Uint8Array(64)])]) {
      expectCode(() => genesisInfo({ ...g, body: { ...g.body, author } }), 'RECORD_GENESIS');
    }
    expectCode(() => genesisInfo({ ...g, body: { ...g.body, suite: 'ed25519-sha256' } }), 'RECORD_GENESIS');
    expect(genesisInfo({ ...g, body: { ...g.body, suite: 'ed25519-sha256', author: ed.publicKey } }).suite).toBe('ed25519-sha256');
  });

  it('with an off-curve author is refused by the verifier at seq 0', () => {
    const offCurve = Uint8Array.from(sm.publicKey);
    offCurve[64] = offCurve[64]! ^ 1;
    const bytes = encodeRecord({ version: 1, logId: ZERO_HASH, seq: 0, prev: ZERO_HASH, time: T0, kind: 'genesis', body: { ...g.body, author: offCurve }, refs: [] });
    const report = verifyLog(bytes, { crypto: nodeCrypto });
    expect(report.findings[0]).toMatchObject({ code: 'RECORD_GENESIS', seq: 0 });
  });
});

describe('a log mixing suites is refused', () => {
  it('a record whose log id is the SHA-256 leaf hash of an SM genesis: CHAIN_LOG_ID', async () => {
    const { w, records } = await smLog(2);
    const shaId = nobleCrypto.leafHash(w.genesis);
    const bad = records.slice();
    bad[1] = encodeRecord({ ...decodeRecord(records[1]!), logId: shaId, prev: shaId });
    const report = verifyLog(concatBytes(bad), { crypto: nodeCrypto });
    expect(report.findings[0]).toMatchObject({ code: 'CHAIN_LOG_ID', seq: 1 });
  });

  it('a record linked by the SHA-256 leaf hash of its predecessor: CHAIN_PREV', async () => {
    const { records } = await smLog(3);
    const bad = records.slice();
    bad[2] = encodeRecord({ ...decodeRecord(records[2]!), prev: nobleCrypto.leafHash(records[1]!) });
    const report = verifyLog(concatBytes(bad), { crypto: nodeCrypto });
    expect(report.findings[0]).toMatchObject({ code: 'CHAIN_PREV', seq: 2 });
  });

  it('an SM log checkpoint signed with Ed25519, or an Ed25519 log checkpoint signed with SM2: CHECKPOINT_SIGNATURE', async () => {
    const { w, bytes, cp } = await smLog(2);
    const edCp = await signCheckpoint(nobleSigner(SM_AUTHOR), w.treeHead(cp.time));
    const report = verifyLog(bytes, { checkpoints: [edCp, cp], crypto: nodeCrypto });
    expect(codes(report)).toEqual(['CHECKPOINT_SIGNATURE']);
    expect(report.heads.map((h) => h.status)).toEqual(['bad-signature', 'verified']);

    const edWriter = writer(nobleSigner(SM_AUTHOR));
    const rec = edWriter.append({ kind: 'food.sale', body: { n: 1 } }).bytes;
    const smCp = await signCheckpoint(sm2Signer(SM_AUTHOR), edWriter.treeHead());
    const edReport = verifyLog(concatBytes([edWriter.genesis, rec]), { checkpoints: [smCp], crypto: nodeCrypto });
    expect(edReport.suite).toBe('ed25519-sha256');
    expect(codes(edReport)).toEqual(['CHECKPOINT_SIGNATURE', 'LOG_UNSIGNED_TAIL']);
  });

  it('a head whose root is the SHA-256 tree of the same records, validly SM2-signed: CHECKPOINT_ROOT_MISMATCH', async () => {
    const { records, bytes, cp } = await smLog(3);
    const tree = new MerkleTree(nobleCrypto);
    for (const r of records) tree.append(nobleCrypto.leafHash(r));
    const shaHead = await signCheckpoint(sm2Signer(SM_AUTHOR), { ...cp, root: tree.root() });
    const report = verifyLog(bytes, { checkpoints: [shaHead], crypto: nodeCrypto });
    expect(codes(report)).toEqual(['CHECKPOINT_ROOT_MISMATCH', 'LOG_UNSIGNED_TAIL']);
  });

  it('a cosignature by an Ed25519 witness on an SM log: COSIGNATURE_SIGNATURE; by an SM2 witness: verified', async () => {
    const { bytes, cp } = await smLog(2);
    const smCs = await cosign(sm2Signer(SM_WITNESS), cp);
    const edCs = await cosign(nobleSigner(SM_WITNESS), cp);
    const report = verifyLog(bytes, { checkpoints: [cp], cosignatures: [smCs, edCs], crypto: nodeCrypto });
    expect(codes(report)).toEqual(['COSIGNATURE_SIGNATURE']);
    expect(report.heads.map((h) => h.status)).toEqual(['verified', 'verified', 'bad-signature']);
  });
});

describe('cosignature encoding', () => {
  it('carries a 32-byte or 65-byte witness key; any other length is CHECKPOINT_SHAPE', async () => {
    const { cp } = await smLog(1);
    const cs = await cosign(sm2Signer(SM_WITNESS), cp);
    const decoded = decodeCosignature(encodeCosignature(cs));
    expect(toHex(decoded.witness)).toBe(toHex(cs.witness));
    for (const len of [0, 31, 33, 64, 66]) {
      const bytes = encode([cs.logId, cs.size, cs.root, cs.time, new Uint8Array(len), cs.signature]);
      expectCode(() => decodeCosignature(bytes), 'CHECKPOINT_SHAPE');
    }
  });
});

