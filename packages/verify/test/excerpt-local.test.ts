/**
 * Issue 14: the record rules that need no neighbour (FORMAT.md §3 step 4) hold inside an excerpt
 * too, so an excerpt can never be valid where its full log is invalid: a second genesis and a
 * forward ref into the same log are caught by their codes, and the record is not proven.
 */
import { describe, expect, it } from 'vitest';
import { encodeRecord, MerkleTree, nobleCrypto, nobleSigner, RECORD_VERSION, signCheckpoint, type LogRecord } from '@suyuan/core';
import { BundleWriter, verifyBundle } from '../src/index.js';

const signer = nobleSigner(new Uint8Array(32).fill(31));
const T = 1_764_000_000_000;

async function excerptWith(bad: (logId: Uint8Array, prev: Uint8Array) => Omit<LogRecord, 'version' | 'logId' | 'prev' | 'seq' | 'time'>) {
  const genesis = encodeRecord({ version: RECORD_VERSION, logId: new Uint8Array(32), seq: 0, prev: new Uint8Array(32), time: T, kind: 'genesis', body: { suite: 'ed25519-sha256', author: signer.publicKey, enterprise: '91350100M000100Y43', meta: {} }, refs: [] });
  const logId = nobleCrypto.leafHash(genesis);
  const record = encodeRecord({ version: RECORD_VERSION, logId, seq: 1, prev: logId, time: T + 1, ...bad(logId, logId) });
  const tree = new MerkleTree(nobleCrypto);
  tree.append(logId);
  tree.append(nobleCrypto.leafHash(record));
  const cp = await signCheckpoint(signer, { logId, size: 2, root: tree.root(), time: T + 2 });
  const w = BundleWriter.toMemory({ created: 1 });
  w.addExcerpt({ logId, genesis, checkpoints: [cp], records: [{ seq: 1, record, size: 2, proof: tree.inclusionProof(1) }] });
  return (await verifyBundle(w.finish()!, { trust: [] })).findings.map((f) => f.code);
}

describe('the local record rules inside an excerpt', () => {
  it('a genesis after seq 0 is RECORD_KIND', async () => {
    const codes = await excerptWith(() => ({ kind: 'genesis', body: { suite: 'ed25519-sha256', author: signer.publicKey, enterprise: '91350100M000100Y43', meta: {} }, refs: [] }));
    expect(codes).toContain('RECORD_KIND');
  });

  it('a ref into the same log that does not point backwards is RECORD_REF', async () => {
    const codes = await excerptWith((logId) => ({ kind: 'food.note', body: {}, refs: [{ logId, seq: 1, leafHash: new Uint8Array(32) }] }));
    expect(codes).toContain('RECORD_REF');
  });
});
