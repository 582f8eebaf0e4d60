import type { TreeHasher } from '../crypto/provider.js';
import { SuyuanError } from '../errors.js';
import { largestPowerOfTwoBelow } from './math.js';

const H = 32;

/** One level of stored perfect-subtree hashes in a flat, growing buffer. */
class Level {
  buf = new Uint8Array(H * 64);
  count = 0;

  push(hash: Uint8Array): void {
    if ((this.count + 1) * H > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf.set(hash, this.count * H);
    this.count++;
  }

  get(i: number): Uint8Array {
    return this.buf.subarray(i * H, i * H + H);
  }
}

/**
 * A Merkle tree that keeps every perfect subtree's hash (about 2n hashes), so that the root
 * at any earlier size and inclusion and consistency proofs cost O(log n) hashes. This is
 * what a log server or a store keeps; a writer only needs a `CompactRange`.
 */
export class MerkleTree {
  private readonly levels: Level[] = [new Level()];

  constructor(private readonly crypto: TreeHasher) {}

  get size(): number {
    return this.levels[0]!.count;
  }

  append(leafHash: Uint8Array): void {
    if (leafHash.length !== H) throw new SuyuanError('PROOF_HASH_LENGTH', 'a leaf hash is 32 bytes');
    this.levels[0]!.push(leafHash);
    // Complete every perfect subtree the new leaf closes.
    let level = 0;
    let index = this.levels[0]!.count - 1;
    while (index % 2 === 1) {
      const lv = this.levels[level]!;
      const parent = this.crypto.nodeHash(lv.get(index - 1), lv.get(index));
      level++;
      if (this.levels.length === level) this.levels.push(new Level());
      this.levels[level]!.push(parent);
      index = (index - 1) / 2;
    }
  }

  leafHash(index: number): Uint8Array {
    this.checkIndex(index, this.size);
    return this.levels[0]!.get(index).slice();
  }

  /** RFC 9162 MTH over the first `size` leaves. */
  root(size = this.size): Uint8Array {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new SuyuanError('PROOF_RANGE', `tree size ${size} is not in [0, ${this.size}]`);
    if (size === 0) return this.crypto.hash(new Uint8Array(0));
    return this.subtree(0, size);
  }

  /** RFC 9162 §2.1.3.1 PATH(index, D[0:size]), nearest sibling first. */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    if (!Number.isSafeInteger(size) || size < 1 || size > this.size) throw new SuyuanError('PROOF_RANGE', `tree size ${size} is not in [1, ${this.size}]`);
    this.checkIndex(index, size);
    const path: Uint8Array[] = [];
    let lo = 0;
    let hi = size;
    while (hi - lo > 1) {
      const k = largestPowerOfTwoBelow(hi - lo);
      if (index < lo + k) {
        path.push(this.subtree(lo + k, hi));
        hi = lo + k;
      } else {
        path.push(this.subtree(lo, lo + k));
        lo += k;
      }
    }
    return path.reverse();
  }

  /** RFC 9162 §2.1.4.1 PROOF(first, D[0:second]); empty when first is 0 or equals second. */
  consistencyProof(first: number, second = this.size): Uint8Array[] {
    if (!Number.isSafeInteger(second) || second < 0 || second > this.size) throw new SuyuanError('PROOF_RANGE', `tree size ${second} is not in [0, ${this.size}]`);
    if (!Number.isSafeInteger(first) || first < 0 || first > second) throw new SuyuanError('PROOF_RANGE', `first size ${first} is not in [0, ${second}]`);
    if (first === 0 || first === second) return [];
    const proof: Uint8Array[] = [];
    let lo = 0;
    let hi = second;
    let m = first;
    let whole = true; // SUBPROOF's flag b: D[lo:hi] begins the original tree
    while (m !== hi - lo) {
      const k = largestPowerOfTwoBelow(hi - lo);
      if (m <= k) {
        proof.push(this.subtree(lo + k, hi));
        hi = lo + k;
      } else {
        proof.push(this.subtree(lo, lo + k));
        lo += k;
        m -= k;
        whole = false;
      }
    }
    if (!whole) proof.push(this.subtree(lo, hi));
    return proof.reverse();
  }

  /** MTH(D[lo:hi]); a perfect aligned subtree is read from storage, anything else is split as RFC 9162 splits it. */
  private subtree(lo: number, hi: number): Uint8Array {
    const n = hi - lo;
    if (n === 1) return this.levels[0]!.get(lo);
    let level = 0;
    for (let s = n; s % 2 === 0; s /= 2) level++;
    if (2 ** level === n && lo % n === 0) return this.levels[level]!.get(lo / n);
    const k = largestPowerOfTwoBelow(n);
    return this.crypto.nodeHash(this.subtree(lo, lo + k), this.subtree(lo + k, hi));
  }

  private checkIndex(index: number, size: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new SuyuanError('PROOF_RANGE', `leaf index ${index} is not in [0, ${size})`);
  }
}
