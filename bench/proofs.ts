/** Inclusion and consistency proofs: generation and verification per second, and their size as a log grows. */
import { MerkleTree, encode, verifyConsistency, verifyInclusion } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import type { Row } from './store.js';

export function runProofBench(sizes: number[]): { rows: Row[]; inclusionBytesAtLargest: number } {
  const largest = Math.max(...sizes);
  const tree = new MerkleTree(nodeCrypto);
  const leaf = new Uint8Array(32);
  for (let i = 0; i < largest; i++) {
    new DataView(leaf.buffer).setUint32(0, i);
    tree.append(nodeCrypto.sha256(leaf));
  }
  const rows: Row[] = [];
  let inclusionBytesAtLargest = 0;
  for (const n of sizes) {
    const root = tree.root(n);
    const samples = 2000;
    const idx = (i: number) => (i * 7919) % n;
    let t = process.hrtime.bigint();
    const proofs = Array.from({ length: samples }, (_, i) => tree.inclusionProof(idx(i), n));
    const gen = samples / (Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    proofs.forEach((p, i) => verifyInclusion(nodeCrypto, idx(i), n, tree.leafHash(idx(i)), p, root));
    const ver = samples / (Number(process.hrtime.bigint() - t) / 1e9);
    const bytes = Math.max(...proofs.map((p) => encode(['proof', n, p]).length));
    const m = Math.max(1, Math.floor(n / 3));
    t = process.hrtime.bigint();
    const cproofs = Array.from({ length: 500 }, () => tree.consistencyProof(m, n));
    const cgen = 500 / (Number(process.hrtime.bigint() - t) / 1e9);
    const mroot = tree.root(m);
    t = process.hrtime.bigint();
    for (const p of cproofs) verifyConsistency(nodeCrypto, m, n, mroot, root, p);
    const cver = 500 / (Number(process.hrtime.bigint() - t) / 1e9);
    const label = n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`;
    rows.push(
      { name: `inclusion proof, log of ${label}: generate`, unit: 'proofs/s', median: gen },
      { name: `inclusion proof, log of ${label}: verify`, unit: 'proofs/s', median: ver },
      { name: `inclusion proof, log of ${label}: size (as a bundle proof item)`, unit: 'bytes', median: bytes },
      { name: `consistency proof ${label}/3 → ${label}: generate`, unit: 'proofs/s', median: cgen },
      { name: `consistency proof ${label}/3 → ${label}: verify`, unit: 'proofs/s', median: cver },
    );
    if (n === largest) inclusionBytesAtLargest = bytes;
  }
  return { rows, inclusionBytesAtLargest };
}
