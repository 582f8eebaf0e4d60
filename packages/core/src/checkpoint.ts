import { writeU64BE } from './bytes.js';
import { decode } from './cbor/decode.js';
import { encode } from './cbor/encode.js';
import { HASH_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type Signer, type SuiteCrypto } from './crypto/provider.js';
import { SuyuanError } from './errors.js';

/** What a checkpoint commits to: the log, how many records, their Merkle root, and when. */
export interface TreeHead {
  logId: Uint8Array;
  size: number;
  root: Uint8Array;
  /** Milliseconds since the Unix epoch, UTC. */
  time: number;
}

/** A tree head signed by the log's author key. */
export interface Checkpoint extends TreeHead {
  signature: Uint8Array;
}

/** A tree head signed by a witness (a market operator, a regulator) that has seen it. */
export interface Cosignature extends TreeHead {
  witness: Uint8Array;
  signature: Uint8Array;
}

/** Domain tags: a checkpoint signature can never be taken for a cosignature or anything else. */
export const CHECKPOINT_TAG = 'suyuan/checkpoint/v1';
export const COSIGNATURE_TAG = 'suyuan/cosignature/v1';

const encodedTags = new Map<string, Uint8Array>();
function tagBytes(tag: string): Uint8Array {
  let t = encodedTags.get(tag);
  if (t === undefined) {
    t = new TextEncoder().encode(`${tag}\0`);
    encodedTags.set(tag, t);
  }
  return t;
}

/**
 * The only function that builds bytes to be signed:
 * tag ‖ 0x00 ‖ logId (32) ‖ size (u64 BE) ‖ root (32) ‖ time (u64 BE).
 */
export function signedHeadBytes(tag: typeof CHECKPOINT_TAG | typeof COSIGNATURE_TAG, head: TreeHead): Uint8Array {
  checkHead(head);
  const t = tagBytes(tag);
  const out = new Uint8Array(t.length + 32 + 8 + 32 + 8);
  let o = 0;
  out.set(t, o); o += t.length;
  out.set(head.logId, o); o += 32;
  writeU64BE(out, o, head.size); o += 8;
  out.set(head.root, o); o += 32;
  writeU64BE(out, o, head.time);
  return out;
}

function checkHead(head: TreeHead): void {
  const bad = (path: string, detail: string): never => { throw new SuyuanError('CHECKPOINT_SHAPE', detail, { path }); };
  if (!(head.logId instanceof Uint8Array) || head.logId.length !== HASH_BYTES) bad('logId', 'must be 32 bytes');
  if (!Number.isSafeInteger(head.size) || head.size < 1) bad('size', 'must be a positive integer below 2^53');
  if (!(head.root instanceof Uint8Array) || head.root.length !== HASH_BYTES) bad('root', 'must be 32 bytes');
  if (!Number.isSafeInteger(head.time) || head.time < 0) bad('time', 'must be an unsigned integer below 2^53');
}

export async function signCheckpoint(signer: Signer, head: TreeHead): Promise<Checkpoint> {
  const signature = await signer.sign(signedHeadBytes(CHECKPOINT_TAG, head));
  return { logId: head.logId, size: head.size, root: head.root, time: head.time, signature };
}

export async function cosign(witness: Signer, head: TreeHead): Promise<Cosignature> {
  const signature = await witness.sign(signedHeadBytes(COSIGNATURE_TAG, head));
  return { logId: head.logId, size: head.size, root: head.root, time: head.time, witness: witness.publicKey, signature };
}

/**
 * Checks a checkpoint's signature with the suite of its log (`crypto`; a `CryptoProvider` is
 * the Ed25519 one). A signature of another algorithm, or a key of another length, fails.
 */
export function verifyCheckpointSignature(crypto: SuiteCrypto, cp: Checkpoint, authorKey: Uint8Array): boolean {
  return crypto.verify(cp.signature, signedHeadBytes(CHECKPOINT_TAG, cp), authorKey);
}

/** Checks a cosignature with the suite of the log it cosigns: a witness signs in the log's suite (FORMAT.md §5.2). */
export function verifyCosignatureSignature(crypto: SuiteCrypto, cs: Cosignature): boolean {
  return crypto.verify(cs.signature, signedHeadBytes(COSIGNATURE_TAG, cs), cs.witness);
}

/** Canonical CBOR: [logId, size, root, time, signature]. */
export function encodeCheckpoint(cp: Checkpoint): Uint8Array {
  checkHead(cp);
  return encode([cp.logId, cp.size, cp.root, cp.time, cp.signature]);
}

/** Canonical CBOR: [logId, size, root, time, witness, signature]. */
export function encodeCosignature(cs: Cosignature): Uint8Array {
  checkHead(cs);
  return encode([cs.logId, cs.size, cs.root, cs.time, cs.witness, cs.signature]);
}

export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const [logId, size, root, time, signature] = decodeHeadArray(bytes, 5);
  return { logId: logId as Uint8Array, size: size as number, root: root as Uint8Array, time: time as number, signature: sized(signature, [SIGNATURE_BYTES], 'signature') };
}

export function decodeCosignature(bytes: Uint8Array): Cosignature {
  const [logId, size, root, time, witness, signature] = decodeHeadArray(bytes, 6);
  return {
    logId: logId as Uint8Array, size: size as number, root: root as Uint8Array, time: time as number,
    witness: sized(witness, WITNESS_KEY_BYTES, 'witness'), signature: sized(signature, [SIGNATURE_BYTES], 'signature'),
  };
}

function decodeHeadArray(bytes: Uint8Array, arity: number): unknown[] {
  const v = decode(bytes, { maxItemBytes: 1024, maxDepth: 2 });
  if (!Array.isArray(v) || v.length !== arity) throw new SuyuanError('CHECKPOINT_SHAPE', `expected an array of ${arity}`, { offset: 0 });
  checkHead({ logId: v[0] as Uint8Array, size: v[1] as number, root: v[2] as Uint8Array, time: v[3] as number });
  return v;
}

/** A witness key is an Ed25519 (32 bytes) or SM2 (65 bytes) public key; which one a log accepts is its suite's. */
const WITNESS_KEY_BYTES = [...new Set(Object.values(PUBLIC_KEY_BYTES))];

function sized(v: unknown, lengths: readonly number[], path: string): Uint8Array {
  if (!(v instanceof Uint8Array) || !lengths.includes(v.length)) throw new SuyuanError('CHECKPOINT_SHAPE', `must be ${lengths.join(' or ')} bytes`, { path });
  return v;
}
