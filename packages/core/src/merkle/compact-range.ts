import type { TreeHasher } from '../crypto/provider.js';
import { bytesEqual } from '../bytes.js';

/**
 * The right edge of a Merkle tree: the roots of the perfect subtrees that make up its
 * leaves, largest first, one per set bit of the size. Enough to append and to compute the
 * root, in O(log n) memory.
 */
export class CompactRange {
  private constructor(
    private readonly crypto: TreeHasher,
    private leaves: number,
    private readonly nodes: Uint8Array[],
  ) {}

  static empty(crypto: TreeHasher): CompactRange {
    return new CompactRange(crypto, 0, []);
  }

  /** Resumes from a saved `size` and `hashes` (as returned by `toJSON`-free `state()`). */
  static fromState(crypto: TreeHasher, size: number, hashes: Uint8Array[]): CompactRange {
    let bits = 0;
    for (let s = size; s > 0; s = Math.floor(s / 2)) bits += s % 2;
    if (!Number.isSafeInteger(size) || size < 0 || bits !== hashes.length) throw new RangeError(`a compact range of size ${size} has ${bits} hashes, not ${hashes.length}`);
    return new CompactRange(crypto, size, hashes.map((h) => Uint8Array.from(h)));
  }

  get size(): number {
    return this.leaves;
  }

  state(): { size: number; hashes: Uint8Array[] } {
    return { size: this.leaves, hashes: this.nodes.slice() };
  }

  append(leafHash: Uint8Array): void {
    const nodes = this.nodes;
    nodes.push(leafHash);
    // Each trailing 1 bit of the old size is a perfect subtree that the new leaf completes.
    for (let s = this.leaves; s % 2 === 1; s = (s - 1) / 2) {
      const right = nodes.pop()!;
      const left = nodes.pop()!;
      nodes.push(this.crypto.nodeHash(left, right));
    }
    this.leaves++;
  }

  /** RFC 9162 MTH of the leaves so far; SHA-256 of the empty string for none. */
  root(): Uint8Array {
    const nodes = this.nodes;
    if (nodes.length === 0) return this.crypto.hash(new Uint8Array(0));
    let h = nodes[nodes.length - 1]!;
    for (let i = nodes.length - 2; i >= 0; i--) h = this.crypto.nodeHash(nodes[i]!, h);
    return h;
  }

  equals(other: CompactRange): boolean {
    return this.leaves === other.leaves && this.nodes.every((n, i) => bytesEqual(n, other.nodes[i]!));
  }
}
