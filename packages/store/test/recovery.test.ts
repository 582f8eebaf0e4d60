import { appendFileSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, verifyLog } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore } from '../src/index.js';
import { SEGMENT_HEADER_BYTES } from '../src/file/segment-file.js';
import { SECRET, T0, eventFor, expectCodeAsync, expectedRecords, fingerprint, hex, tempDir } from './helpers.js';

/** A closed store holding the first `n` records of the test chain, in segments of about `segmentBytes`. */
async function storeWith(n: number, segmentBytes = 64 << 20): Promise<string> {
  const dir = tempDir('recovery');
  const store = await FileLogStore.open(dir, { mode: 'none', maxSegmentBytes: segmentBytes });
  const log = await DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E-CRASH' }, { clock: () => T0 });
  await log.appendBatch(Array.from({ length: n - 1 }, (_, i) => eventFor(i + 1)));
  await log.close();
  return dir;
}

const segments = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('seg-')).sort();
const lastSegment = (dir: string) => join(dir, segments(dir).at(-1)!);

async function readAll(dir: string, opts = {}) {
  const s = await FileLogStore.open(dir, opts);
  const records = await s.readRange(0, s.size);
  await s.close();
  return { records, recovery: s.recovery };
}

describe('FileLogStore recovery', () => {
  it('cuts a torn tail at every possible cut point of the last frame, keeps the dropped bytes, and reports it', async () => {
    const expected = expectedRecords(12);
    const dir = await storeWith(12);
    const seg = lastSegment(dir);
    const whole = readFileSync(seg);
    const lastFrameStart = whole.length - (8 + expected[11]!.length);
    const index = join(dir, 'index');
    const indexWithout11 = readFileSync(index).subarray(0, 8 + 44 * 11); // the crash came before the index entry
    for (let cut = lastFrameStart + 1; cut < whole.length; cut++) {
      writeFileSync(seg, whole.subarray(0, cut));
      writeFileSync(index, indexWithout11);
      const { records, recovery } = await readAll(dir);
      expect(records.map(hex)).toEqual(expected.slice(0, 11).map(hex));
      expect(recovery.tornTail).toEqual({ file: segments(dir).at(-1), offset: lastFrameStart, bytesDropped: cut - lastFrameStart });
      expect(statSync(seg).size).toBe(lastFrameStart);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('torn-')).length).toBe(whole.length - lastFrameStart - 1);
  });

  it('cuts garbage after the last frame (a torn write of a batch) and carries on appending', async () => {
    const expected = expectedRecords(15);
    const dir = await storeWith(10);
    appendFileSync(lastSegment(dir), Buffer.from([0, 0, 1, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]));
    const store = await FileLogStore.open(dir);
    expect(store.recovery.tornTail?.bytesDropped).toBe(11);
    const log = await DurableLog.open(store, nodeSigner(SECRET), { clock: () => T0 });
    await log.appendBatch([10, 11, 12, 13, 14].map(eventFor));
    const cp = await log.checkpoint();
    await log.close();
    const { records } = await readAll(dir);
    expect(records.map(hex)).toEqual(expected.map(hex));
    expect(verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints: [cp] }).verdict).toBe('valid');
  });

  it('fails a writable open on damage in the middle, naming file and offset, changing nothing; read-only serves the intact prefix', async () => {
    const expected = expectedRecords(30);
    const dir = await storeWith(30);
    const seg = lastSegment(dir);
    const bytes = readFileSync(seg);
    // Flip one byte inside record 10's payload.
    let offset = SEGMENT_HEADER_BYTES;
    for (let i = 0; i < 10; i++) offset += 8 + expected[i]!.length;
    bytes[offset + 8 + 5]! ^= 0x40;
    writeFileSync(seg, bytes);
    const before = fingerprint(dir);
    const e = await expectCodeAsync(FileLogStore.open(dir), 'STORE_CORRUPT');
    expect(e.file).toBe(seg);
    expect(e.offset).toBe(offset);
    expect(fingerprint(dir)).toEqual(before);
    const ro = await readAll(dir, { readOnly: true });
    expect(ro.records.map(hex)).toEqual(expected.slice(0, 10).map(hex));
    expect(ro.recovery.corruption).toMatchObject({ file: segments(dir).at(-1), offset });
    expect(fingerprint(dir)).toEqual(before);
  });

  it('finds a flipped length field in the middle (not mistaken for a torn tail)', async () => {
    const expected = expectedRecords(8);
    const dir = await storeWith(8);
    const seg = lastSegment(dir);
    const bytes = readFileSync(seg);
    const offset = SEGMENT_HEADER_BYTES + 8 + expected[0]!.length; // record 1's frame
    bytes[offset + 2]! ^= 0x01;
    writeFileSync(seg, bytes);
    expect((await expectCodeAsync(FileLogStore.open(dir), 'STORE_CORRUPT')).offset).toBe(offset);
  });

  it('finds damage in an earlier segment', async () => {
    const dir = await storeWith(40, 2000);
    expect(segments(dir).length).toBeGreaterThan(3);
    const first = join(dir, segments(dir)[0]!);
    const bytes = readFileSync(first);
    bytes[bytes.length - 3]! ^= 1; // the last frame of a sealed segment
    writeFileSync(first, bytes);
    expect((await expectCodeAsync(FileLogStore.open(dir), 'STORE_CORRUPT')).file).toBe(first);
  });

  it('refuses a missing segment and a foreign file', async () => {
    const dir = await storeWith(40, 2000);
    const segs = segments(dir);
    writeFileSync(join(dir, segs[1]!), 'not ours');
    expect((await expectCodeAsync(FileLogStore.open(dir), 'STORE_CORRUPT')).file).toBe(join(dir, segs[1]!));
  });

  it('reports durable records lost behind the index as corruption, not as a torn tail', async () => {
    const dir = await storeWith(10);
    const seg = lastSegment(dir);
    truncateSync(seg, statSync(seg).size - 20); // the index still lists the last record
    const e = await expectCodeAsync(FileLogStore.open(dir), 'STORE_CORRUPT');
    expect(e.message).toMatch(/record 9 was stored/);
  });

  it('rebuilds a damaged, short or missing index from the segments', async () => {
    const expected = expectedRecords(20);
    for (const damage of ['flip', 'truncate', 'delete'] as const) {
      const dir = await storeWith(20);
      const index = join(dir, 'index');
      if (damage === 'flip') { const b = readFileSync(index); b[8 + 44 * 5 + 12]! ^= 1; writeFileSync(index, b); }
      if (damage === 'truncate') truncateSync(index, 8 + 44 * 7 + 13);
      if (damage === 'delete') writeFileSync(index, Buffer.alloc(0));
      const store = await FileLogStore.open(dir);
      expect(store.recovery.indexRebuilt).toBe(damage === 'flip' ? 15 : damage === 'truncate' ? 13 : 20);
      expect((await store.leafHashes(0, 20)).map(hex)).toEqual(expected.map((r) => hex(nodeCrypto.leafHash(r))));
      await store.close();
      expect((await FileLogStore.open(dir, { readOnly: true })).recovery.indexRebuilt).toBe(0);
    }
  });

  it('keeps the one-root-per-size rule across reopening, and cuts a torn checkpoint entry', async () => {
    const dir = await storeWith(5);
    const s = await FileLogStore.open(dir);
    await s.reserveCheckpoint({ logId: new Uint8Array(32), size: 5, root: new Uint8Array(32).fill(1), time: 1 });
    await s.close();
    appendFileSync(join(dir, 'checkpoints'), Buffer.from([0, 0, 0, 50, 1, 2])); // torn entry
    const again = await FileLogStore.open(dir);
    await expectCodeAsync(again.reserveCheckpoint({ logId: new Uint8Array(32), size: 5, root: new Uint8Array(32).fill(2), time: 1 }), 'STORE_CHECKPOINT_CONFLICT');
    await again.close();
  });

  it('refuses to open a missing store without create, and writes to a read-only one', async () => {
    await expectCodeAsync(FileLogStore.open(join(tempDir(), 'nope'), { create: false }), 'STORE_NOT_FOUND');
    const dir = await storeWith(3);
    const ro = await FileLogStore.open(dir, { readOnly: true });
    await expectCodeAsync(ro.append([new Uint8Array(1)], [new Uint8Array(32)]), 'STORE_READ_ONLY');
    await ro.close();
  });
});
