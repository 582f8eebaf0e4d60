import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRange, MerkleTree, nobleCrypto, rootFromInclusionProof, toHex, verifyConsistency, verifyInclusion, type CryptoProvider } from '../src/index.js';
import { nodeCrypto } from '../src/node/index.js';
import { expectCode } from './helpers.js';

/** RFC 9162 §2.1.1 MTH, §2.1.3.1 PATH and §2.1.4 PROOF written as the RFC's recursion, over leaf hashes. */
function naiveRoot(c: CryptoProvider, leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return c.sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return c.nodeHash(naiveRoot(c, leaves.slice(0, k)), naiveRoot(c, leaves.slice(k)));
}
function naivePath(c: CryptoProvider, m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k
    ? [...naivePath(c, m, leaves.slice(0, k)), naiveRoot(c, leaves.slice(k))]
    : [...naivePath(c, m - k, leaves.slice(k)), naiveRoot(c, leaves.slice(0, k))];
}
function naiveSubproof(c: CryptoProvider, m: number, leaves: Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [naiveRoot(c, leaves)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m <= k
    ? [...naiveSubproof(c, m, leaves.slice(0, k), b), naiveRoot(c, leaves.slice(k))]
    : [...naiveSubproof(c, m - k, leaves.slice(k), false), naiveRoot(c, leaves.slice(0, k))];
}

const hex = (hs: Uint8Array[]) => hs.map(toHex);
const leavesOf = (c: CryptoProvider, n: number) => Array.from({ length: n }, (_, i) => c.leafHash(Uint8Array.of(i & 0xff, i >> 8)));

function treeOf(c: CryptoProvider, leaves: Uint8Array[]): MerkleTree {
  const t = new MerkleTree(c);
  for (const l of leaves) t.append(l);
  return t;
}

describe('Merkle tree against the RFC 9162 recursion', () => {
  for (const crypto of [nobleCrypto, nodeCrypto]) {
    it(`roots, inclusion and consistency proofs equal the naive computation for every size up to 70 (${crypto.name})`, () => {
      const leaves = leavesOf(crypto, 70);
      const tree = treeOf(crypto, leaves);
      const range = CompactRange.empty(crypto);
      expect(toHex(range.root())).toBe(toHex(naiveRoot(crypto, [])));
      for (let n = 1; n <= 70; n++) {
        range.append(leaves[n - 1]!);
        const prefix = leaves.slice(0, n);
        const root = naiveRoot(crypto, prefix);
        expect(toHex(tree.root(n))).toBe(toHex(root));
        expect(toHex(range.root())).toBe(toHex(root));
        for (let i = 0; i < n; i++) {
          const proof = tree.inclusionProof(i, n);
          expect(hex(proof)).toEqual(hex(naivePath(crypto, i, prefix)));
          verifyInclusion(crypto, i, n, leaves[i]!, proof, root);
        }
        for (let m = 1; m <= n; m++) {
          const proof = tree.consistencyProof(m, n);
          expect(hex(proof)).toEqual(hex(naiveSubproof(crypto, m, prefix, true)));
          verifyConsistency(crypto, m, n, tree.root(m), root, proof);
        }
      }
    });
  }

  it('holds for random sizes and indices (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (n, a, b) => {
        const leaves = leavesOf(nodeCrypto, n);
        const tree = treeOf(nodeCrypto, leaves);
        const i = a % n;
        const m = 1 + (b % n);
        const root = naiveRoot(nodeCrypto, leaves);
        verifyInclusion(nodeCrypto, i, n, leaves[i]!, tree.inclusionProof(i, n), root);
        verifyConsistency(nodeCrypto, m, n, naiveRoot(nodeCrypto, leaves.slice(0, m)), root, tree.consistencyProof(m, n));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects any single-bit change to a proof, a leaf, a root, an index or a size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.nat(), fc.nat(), fc.nat(), (n, a, b, flip) => {
        const leaves = leavesOf(nodeCrypto, n);
        const tree = treeOf(nodeCrypto, leaves);
        const i = a % n;
        const root = tree.root();
        const proof = tree.inclusionProof(i, n);
        const mutated = proof.map((h) => Uint8Array.from(h));
        if (mutated.length > 0) {
          const h = mutated[flip % mutated.length]!;
          h[(flip >> 3) % 32]! ^= 1 << (flip % 8);
          expect(() => verifyInclusion(nodeCrypto, i, n, leaves[i]!, mutated, root)).toThrow();
        }
        const badLeaf = Uint8Array.from(leaves[i]!);
        badLeaf[flip % 32]! ^= 1;
        expect(() => verifyInclusion(nodeCrypto, i, n, badLeaf, proof, root)).toThrow();
        expect(() => verifyInclusion(nodeCrypto, (i + 1) % n, n, leaves[i]!, proof, root)).toThrow();
        const m = 1 + (b % (n - 1));
        const cproof = tree.consistencyProof(m, n);
        const badRoot = Uint8Array.from(tree.root(m));
        badRoot[flip % 32]! ^= 1;
        expect(() => verifyConsistency(nodeCrypto, m, n, badRoot, root, cproof)).toThrow();
        if (m + 1 < n) expect(() => verifyConsistency(nodeCrypto, m + 1, n, tree.root(m), root, cproof)).toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('edge cases named by RFC 9162', () => {
  const c = nodeCrypto;
  const leaves = leavesOf(c, 9);
  const tree = treeOf(c, leaves);

  it('size 1: the root is the leaf and the proof is empty', () => {
    expect(tree.inclusionProof(0, 1)).toEqual([]);
    expect(toHex(tree.root(1))).toBe(toHex(leaves[0]!));
    verifyInclusion(c, 0, 1, leaves[0]!, [], leaves[0]!);
  });

  it('the empty tree has the hash of the empty string as its root', () => {
    expect(toHex(new MerkleTree(c).root())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    verifyConsistency(c, 0, 9, c.sha256(new Uint8Array(0)), tree.root(), []);
    expectCode(() => verifyConsistency(c, 0, 9, tree.root(1), tree.root(), []), 'PROOF_ROOT_MISMATCH');
  });

  it('equal sizes need an empty proof and equal roots', () => {
    expect(tree.consistencyProof(5, 5)).toEqual([]);
    verifyConsistency(c, 5, 5, tree.root(5), tree.root(5), []);
    expectCode(() => verifyConsistency(c, 5, 5, tree.root(5), tree.root(6), []), 'PROOF_ROOT_MISMATCH');
    expectCode(() => verifyConsistency(c, 5, 5, tree.root(5), tree.root(5), [leaves[0]!]), 'PROOF_SIZE');
  });

  it('the last index of a tree whose size is not a power of two', () => {
    verifyInclusion(c, 8, 9, leaves[8]!, tree.inclusionProof(8, 9), tree.root(9));
    expect(tree.inclusionProof(8, 9).length).toBe(1);
  });

  it('refuses out-of-range arguments with PROOF_RANGE', () => {
    expectCode(() => tree.inclusionProof(9, 9), 'PROOF_RANGE');
    expectCode(() => tree.inclusionProof(0, 10), 'PROOF_RANGE');
    expectCode(() => tree.consistencyProof(6, 5), 'PROOF_RANGE');
    expectCode(() => tree.root(10), 'PROOF_RANGE');
    expectCode(() => verifyInclusion(c, 9, 9, leaves[0]!, [], tree.root()), 'PROOF_RANGE');
    expectCode(() => verifyInclusion(c, -1, 9, leaves[0]!, [], tree.root()), 'PROOF_RANGE');
    expectCode(() => verifyConsistency(c, 6, 5, tree.root(6), tree.root(5), []), 'PROOF_RANGE');
  });

  it('refuses proofs of the wrong length with PROOF_SIZE and bad hashes with PROOF_HASH_LENGTH', () => {
    const p = tree.inclusionProof(3, 9);
    expectCode(() => verifyInclusion(c, 3, 9, leaves[3]!, p.slice(1), tree.root()), 'PROOF_SIZE');
    expectCode(() => verifyInclusion(c, 3, 9, leaves[3]!, [...p, p[0]!], tree.root()), 'PROOF_SIZE');
    expectCode(() => verifyInclusion(c, 3, 9, leaves[3]!, [p[0]!.subarray(1), ...p.slice(1)], tree.root()), 'PROOF_HASH_LENGTH');
    const cp = tree.consistencyProof(3, 9);
    expectCode(() => verifyConsistency(c, 3, 9, tree.root(3), tree.root(), []), 'PROOF_SIZE');
    expectCode(() => verifyConsistency(c, 3, 9, tree.root(3), tree.root(), [...cp, cp[0]!]), 'PROOF_SIZE');
    expectCode(() => verifyInclusion(c, 3, 9, leaves[3]!, p, tree.root(8)), 'PROOF_ROOT_MISMATCH');
  });

  it('rootFromInclusionProof gives the root a proof implies', () => {
    expect(toHex(rootFromInclusionProof(c, 4, 9, leaves[4]!, tree.inclusionProof(4, 9)))).toBe(toHex(tree.root()));
  });

  it('a compact range saved and resumed carries on identically', () => {
    const a = CompactRange.empty(c);
    for (let i = 0; i < 5; i++) a.append(leaves[i]!);
    const s = a.state();
    const b = CompactRange.fromState(c, s.size, s.hashes);
    for (let i = 5; i < 9; i++) { a.append(leaves[i]!); b.append(leaves[i]!); }
    expect(a.equals(b)).toBe(true);
    expect(toHex(b.root())).toBe(toHex(tree.root()));
    expect(() => CompactRange.fromState(c, 5, s.hashes.slice(1))).toThrow(RangeError);
  });
});
