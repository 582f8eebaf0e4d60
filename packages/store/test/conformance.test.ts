import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore, MemoryLogStore, type LogStore } from '../src/index.js';
import { expectCodeAsync, hex, tempDir } from './helpers.js';

const leaf = (b: Uint8Array) => nodeCrypto.leafHash(b);
const rec = (i: number) => new TextEncoder().encode(`record ${i} ${'z'.repeat(i % 50)}`);
const head = (size: number, rootByte: number) => ({ logId: new Uint8Array(32).fill(1), size, root: new Uint8Array(32).fill(rootByte), time: 5 });

const stores: [string, () => Promise<LogStore>][] = [
  ['MemoryLogStore', async () => new MemoryLogStore()],
  ['FileLogStore sync', () => FileLogStore.open(tempDir(), { mode: 'sync' })],
  ['FileLogStore batched', () => FileLogStore.open(tempDir(), { mode: 'batched', maxDelayMs: 1 })],
  ['FileLogStore none, tiny segments', () => FileLogStore.open(tempDir(), { mode: 'none', maxSegmentBytes: 1 })],
];

describe.each(stores)('LogStore contract: %s', (_name, make) => {
  it('reads back what was appended, singly, in ranges, with leaf hashes', async () => {
    const s = await make();
    const records = Array.from({ length: 60 }, (_, i) => rec(i));
    const pending = [];
    for (let i = 0; i < 60; i += 7) pending.push(s.append(records.slice(i, i + 7), records.slice(i, i + 7).map(leaf)));
    expect(s.size).toBe(60);
    expect(hex(await s.read(59))).toBe(hex(records[59]!)); // readable before it is durable
    await Promise.all(pending);
    await s.flush();
    expect((await s.readRange(0, 60)).map(hex)).toEqual(records.map(hex));
    expect((await s.leafHashes(10, 20)).map(hex)).toEqual(records.slice(10, 20).map(leaf).map(hex));
    expect(await s.readRange(5, 5)).toEqual([]);
    await s.close();
  });

  it('resolves an empty append, and refuses malformed ones with ARGUMENT_INVALID', async () => {
    const s = await make();
    await s.append([], []);
    await expectCodeAsync(s.append([rec(0)], []), 'ARGUMENT_INVALID');
    await expectCodeAsync(s.append([rec(0)], [new Uint8Array(31)]), 'ARGUMENT_INVALID');
    await expectCodeAsync(s.append([new Uint8Array(0)], [new Uint8Array(32)]), 'ARGUMENT_INVALID');
    expect(s.size).toBe(0);
    await s.close();
  });

  it('refuses reads outside the log with STORE_RANGE', async () => {
    const s = await make();
    await s.append([rec(0)], [leaf(rec(0))]);
    await expectCodeAsync(s.read(1), 'STORE_RANGE');
    await expectCodeAsync(s.read(-1), 'STORE_RANGE');
    await expectCodeAsync(s.readRange(1, 0), 'STORE_RANGE');
    await expectCodeAsync(s.leafHashes(0, 2), 'STORE_RANGE');
    await s.close();
  });

  it('keeps one root per size: a reservation or a signature at a size blocks any other root', async () => {
    const s = await make();
    await s.append([rec(0), rec(1), rec(2), rec(3)], [rec(0), rec(1), rec(2), rec(3)].map(leaf));
    await s.reserveCheckpoint(head(3, 0xaa));
    await s.reserveCheckpoint(head(3, 0xaa)); // the same root again is fine
    await expectCodeAsync(s.reserveCheckpoint(head(3, 0xbb)), 'STORE_CHECKPOINT_CONFLICT');
    await expectCodeAsync(s.putCheckpoint({ ...head(3, 0xbb), signature: new Uint8Array(64) }), 'STORE_CHECKPOINT_CONFLICT');
    await s.putCheckpoint({ ...head(3, 0xaa), signature: new Uint8Array(64).fill(1) });
    await s.putCheckpoint({ ...head(4, 0xcc), signature: new Uint8Array(64).fill(2) });
    expect((await s.checkpoints()).map((c) => c.size)).toEqual([3, 4]);
    await s.close();
  });

  it('refuses a checkpoint over records not yet durable, with STORE_RANGE', async () => {
    const s = await make();
    await s.append([rec(0), rec(1)], [rec(0), rec(1)].map(leaf));
    await expectCodeAsync(s.reserveCheckpoint(head(3, 0xaa)), 'STORE_RANGE');
    await expectCodeAsync(s.putCheckpoint({ ...head(3, 0xaa), signature: new Uint8Array(64) }), 'STORE_RANGE');
    const pending = s.append([rec(2)], [leaf(rec(2))]);
    if (!(s instanceof MemoryLogStore)) await expectCodeAsync(s.reserveCheckpoint(head(3, 0xaa)), 'STORE_RANGE'); // appended, not yet durable
    await pending;
    await s.reserveCheckpoint(head(3, 0xaa));
    await s.close();
  });

  it('refuses everything after close with STORE_CLOSED', async () => {
    const s = await make();
    await s.close();
    await expectCodeAsync(s.read(0), 'STORE_CLOSED');
    await expectCodeAsync(s.append([rec(0)], [leaf(rec(0))]), 'STORE_CLOSED');
  });
});
