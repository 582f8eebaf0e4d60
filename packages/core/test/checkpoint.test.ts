import { describe, expect, it } from 'vitest';
import {
  COSIGNATURE_TAG, CHECKPOINT_TAG, cosign, decodeCheckpoint, decodeCosignature, encode, encodeCheckpoint, encodeCosignature,
  nobleCrypto, nobleSigner, signCheckpoint, signedHeadBytes, toHex, verifyCheckpointSignature, verifyCosignatureSignature,
} from '../src/index.js';
import { nodeCrypto } from '../src/node/index.js';
import { expectCode } from './helpers.js';

const head = { logId: new Uint8Array(32).fill(0xaa), size: 1000, root: new Uint8Array(32).fill(0xbb), time: 1_764_115_200_000 };
const author = nobleSigner(new Uint8Array(32).fill(1));
const witness = nobleSigner(new Uint8Array(32).fill(2));

describe('checkpoints', () => {
  it('sign exactly tag ‖ 0 ‖ logId ‖ size u64 ‖ root ‖ time u64', () => {
    const bytes = signedHeadBytes(CHECKPOINT_TAG, head);
    const tag = Buffer.from('suyuan/checkpoint/v1\0').toString('hex');
    expect(toHex(bytes)).toBe(tag + 'aa'.repeat(32) + '00000000000003e8' + 'bb'.repeat(32) + toHex(u64(head.time)));
    expect(bytes.length).toBe(21 + 32 + 8 + 32 + 8);
    expect(toHex(signedHeadBytes(COSIGNATURE_TAG, head)).startsWith(Buffer.from('suyuan/cosignature/v1\0').toString('hex'))).toBe(true);
  });

  it('verify with the author key on both providers, and fail with any other key or any changed field', async () => {
    const cp = await signCheckpoint(author, head);
    for (const c of [nobleCrypto, nodeCrypto]) {
      expect(verifyCheckpointSignature(c, cp, author.publicKey)).toBe(true);
      expect(verifyCheckpointSignature(c, cp, witness.publicKey)).toBe(false);
      expect(verifyCheckpointSignature(c, { ...cp, size: 1001 }, author.publicKey)).toBe(false);
      expect(verifyCheckpointSignature(c, { ...cp, time: cp.time + 1 }, author.publicKey)).toBe(false);
      expect(verifyCheckpointSignature(c, { ...cp, root: new Uint8Array(32) }, author.publicKey)).toBe(false);
      expect(verifyCheckpointSignature(c, { ...cp, logId: new Uint8Array(32) }, author.publicKey)).toBe(false);
    }
  });

  it('a checkpoint signature is never a valid cosignature, and the reverse (domain separation)', async () => {
    const cp = await signCheckpoint(witness, head);
    expect(verifyCosignatureSignature(nodeCrypto, { ...cp, witness: witness.publicKey })).toBe(false);
    const cs = await cosign(witness, head);
    expect(verifyCosignatureSignature(nodeCrypto, cs)).toBe(true);
    expect(verifyCheckpointSignature(nodeCrypto, cs, witness.publicKey)).toBe(false);
  });

  it('round-trip through canonical CBOR', async () => {
    const cp = await signCheckpoint(author, head);
    const back = decodeCheckpoint(encodeCheckpoint(cp));
    expect(toHex(encodeCheckpoint(back))).toBe(toHex(encodeCheckpoint(cp)));
    const cs = await cosign(witness, head);
    expect(toHex(encodeCosignature(decodeCosignature(encodeCosignature(cs))))).toBe(toHex(encodeCosignature(cs)));
  });

  it('decoding refuses malformed checkpoints with CHECKPOINT_SHAPE or the CBOR code', async () => {
    const cp = await signCheckpoint(author, head);
    expectCode(() => decodeCheckpoint(encode([cp.logId, cp.size, cp.root, cp.time])), 'CHECKPOINT_SHAPE');
    expectCode(() => decodeCheckpoint(encode([cp.logId, 0, cp.root, cp.time, cp.signature])), 'CHECKPOINT_SHAPE');
    expectCode(() => decodeCheckpoint(encode([cp.logId.subarray(1), cp.size, cp.root, cp.time, cp.signature])), 'CHECKPOINT_SHAPE');
    expectCode(() => decodeCheckpoint(encode([cp.logId, cp.size, cp.root, cp.time, cp.signature.subarray(1)])), 'CHECKPOINT_SHAPE');
    expectCode(() => decodeCheckpoint(encode({ a: 1 })), 'CHECKPOINT_SHAPE');
    expectCode(() => decodeCheckpoint(encodeCheckpoint(cp).subarray(0, 50)), 'CBOR_TRUNCATED');
    expectCode(() => decodeCosignature(encodeCheckpoint(cp)), 'CHECKPOINT_SHAPE');
    expectCode(() => signedHeadBytes(CHECKPOINT_TAG, { ...head, size: 0 }), 'CHECKPOINT_SHAPE');
    expectCode(() => signedHeadBytes(CHECKPOINT_TAG, { ...head, time: -1 }), 'CHECKPOINT_SHAPE');
  });
});

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}
