import { bytesEqual } from '../bytes.js';
import type { TreeHasher } from '../crypto/provider.js';
import { SuyuanError } from '../errors.js';
import { half, isOdd, isPowerOfTwo } from './math.js';

function checkHashes(hashes: readonly Uint8Array[], what: string): void {
  for (let i = 0; i < hashes.length; i++) {
    if (hashes[i]!.length !== 32) throw new SuyuanError('PROOF_HASH_LENGTH', `${what} hash ${i} is ${hashes[i]!.length} bytes, not 32`);
  }
}

/**
 * The root that an inclusion proof implies (RFC 9162 §2.1.3.2 steps 1–5, without the final
 * comparison). Throws PROOF_RANGE or PROOF_SIZE when the proof cannot belong to the sizes.
 */
export function rootFromInclusionProof(
  crypto: TreeHasher, leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[],
): Uint8Array {
  if (!Number.isSafeInteger(treeSize) || !Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new SuyuanError('PROOF_RANGE', `leaf index ${leafIndex} is not in [0, ${treeSize})`);
  }
  checkHashes([leafHash], 'leaf');
  checkHashes(proof, 'proof');
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new SuyuanError('PROOF_SIZE', `proof has more than the hashes a tree of ${treeSize} needs`);
    if (isOdd(fn) || fn === sn) {
      r = crypto.nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      r = crypto.nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new SuyuanError('PROOF_SIZE', `proof has fewer hashes than a tree of ${treeSize} needs`);
  return r;
}

/** RFC 9162 §2.1.3.2. Throws a `PROOF_*` SuyuanError unless `leafHash` is leaf `leafIndex` of the tree with `root`. */
export function verifyInclusion(
  crypto: TreeHasher, leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array,
): void {
  const computed = rootFromInclusionProof(crypto, leafIndex, treeSize, leafHash, proof);
  if (!bytesEqual(computed, root)) throw new SuyuanError('PROOF_ROOT_MISMATCH', 'inclusion proof leads to a different root');
}

/**
 * RFC 9162 §2.1.4.2. Throws a `PROOF_*` SuyuanError unless the tree of `firstSize` with
 * `firstRoot` is a prefix of the tree of `secondSize` with `secondRoot`.
 */
export function verifyConsistency(
  crypto: TreeHasher, firstSize: number, secondSize: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[],
): void {
  if (!Number.isSafeInteger(firstSize) || !Number.isSafeInteger(secondSize) || firstSize < 0 || secondSize < firstSize) {
    throw new SuyuanError('PROOF_RANGE', `sizes ${firstSize} → ${secondSize} are not a growth`);
  }
  checkHashes([firstRoot, secondRoot], 'root');
  checkHashes(proof, 'proof');
  if (firstSize === secondSize || firstSize === 0) {
    // Nothing to prove: the proof is empty, and equal sizes need equal roots.
    if (proof.length !== 0) throw new SuyuanError('PROOF_SIZE', 'proof must be empty');
    if (firstSize === secondSize && !bytesEqual(firstRoot, secondRoot)) throw new SuyuanError('PROOF_ROOT_MISMATCH', 'equal sizes with different roots');
    if (firstSize === 0 && !bytesEqual(firstRoot, crypto.hash(new Uint8Array(0)))) throw new SuyuanError('PROOF_ROOT_MISMATCH', 'the empty tree has a fixed root');
    return;
  }
  if (proof.length === 0) throw new SuyuanError('PROOF_SIZE', 'proof is empty');
  const path = isPowerOfTwo(firstSize) ? [firstRoot, ...proof] : proof;
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (isOdd(fn)) { fn = half(fn); sn = half(sn); }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) throw new SuyuanError('PROOF_SIZE', 'proof has more hashes than the sizes need');
    if (isOdd(fn) || fn === sn) {
      fr = crypto.nodeHash(c, fr);
      sr = crypto.nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      sr = crypto.nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new SuyuanError('PROOF_SIZE', 'proof has fewer hashes than the sizes need');
  if (!bytesEqual(fr, firstRoot)) throw new SuyuanError('PROOF_ROOT_MISMATCH', 'proof does not lead to the first root');
  if (!bytesEqual(sr, secondRoot)) throw new SuyuanError('PROOF_ROOT_MISMATCH', 'proof does not lead to the second root');
}
