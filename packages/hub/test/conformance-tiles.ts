import { expect, it } from 'vitest';
import { MerkleTree } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { hex, pushTo, regulator, sale } from './fixture.js';
import { codeOf, type HubUnderTest } from './conformance-context.js';

/** What a full tile must say: cacheable for good (a stored history never changes). */
const IMMUTABLE_CACHE = 'private, max-age=31536000, immutable';

/** Tiles after C2SP tlog-tiles: hashes and entries, full ones immutable, partial ones not. */
export function tileConformance(h: HubUnderTest): void {
  it('serves tiles of hashes and of entries: full tiles immutable, partial tiles revalidated, none past the stored tree', async () => {
    const { m } = await h.enrolledMarket();
    for (let i = 0; i < 600; i++) sale(m, i);
    const records = [m.writer.genesis, ...m.appended]; // 601 records: tiles 0 and 1 full, tile 2 holds 89
    expect((await pushTo(h.app, m.logId, 0, records, await m.writer.checkpoint())).statusCode).toBe(200);
    const leaves = records.map((r) => nodeCrypto.leafHash(r));
    const base = `/v1/logs/${hex(m.logId)}/tile`;
    const get = async (path: string, cache: string) => {
      const res = await h.app.inject({ url: `${base}/${path}`, headers: regulator });
      expect([path, res.statusCode, res.headers['cache-control']]).toEqual([path, 200, cache]);
      return new Uint8Array(res.rawPayload);
    };
    const concat = (xs: Uint8Array[]) => new Uint8Array(Buffer.concat(xs));

    expect(await get('0/000', IMMUTABLE_CACHE)).toEqual(concat(leaves.slice(0, 256)));
    expect(await get('0/001', IMMUTABLE_CACHE)).toEqual(concat(leaves.slice(256, 512)));
    expect(await get('0/002.p/89', 'no-cache')).toEqual(concat(leaves.slice(512, 601)));
    expect(await get('0/002.p/3', 'no-cache')).toEqual(concat(leaves.slice(512, 515)));
    expect(await get('entries/000', IMMUTABLE_CACHE)).toEqual(concat(records.slice(0, 256)));
    expect(await get('entries/002.p/89', 'no-cache')).toEqual(concat(records.slice(512, 601)));
    // Level 1: each hash is the root of 256 leaves; two of them hash to the tree of 512.
    const level1 = await get('1/000.p/2', 'no-cache');
    const tree = new MerkleTree(nodeCrypto);
    for (const l of leaves) tree.append(l);
    const sub = (from: number) => { const t = new MerkleTree(nodeCrypto); for (const l of leaves.slice(from, from + 256)) t.append(l); return t.root(); };
    expect(level1).toEqual(concat([sub(0), sub(256)]));
    expect(nodeCrypto.nodeHash(level1.subarray(0, 32), level1.subarray(32))).toEqual(tree.root(512));

    for (const path of ['0/002', '0/002.p/90', 'entries/003.p/1', '1/000', '1/000.p/3', '2/000.p/1']) {
      expect([path, ...codeOf(await h.app.inject({ url: `${base}/${path}`, headers: regulator }))]).toEqual([path, 404, 'HUB_NOT_FOUND']);
    }
    for (const path of ['0/1', '0/000.p/0', '0/000.p/256', '0/000.p/089', '9/000', '0/x1/000', '0/000/x001', 'x/000', '0/000.p', '0/../000', '0/x000/x000/x000/x000/x000/000']) {
      expect([path, ...codeOf(await h.app.inject({ url: `${base}/${path}`, headers: regulator }))]).toEqual([path, 400, 'HUB_BAD_REQUEST']);
    }
    expect(codeOf(await h.app.inject({ url: `${base}/0/000` }))).toEqual([401, 'HUB_UNAUTHORIZED']);
    expect(codeOf(await h.app.inject({ url: `/v1/logs/${'ab'.repeat(32)}/tile/0/000`, headers: regulator }))).toEqual([404, 'HUB_UNKNOWN_LOG']);
    expect(codeOf(await h.app.inject({ url: `/v1/logs/XYZ/tile/0/000`, headers: regulator }))).toEqual([400, 'HUB_BAD_REQUEST']);
  });
}
