import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBytes, verifyLog } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore } from '../src/index.js';
import { SECRET, T0, eventFor, expectedRecords, fingerprint, hex, tempDir } from './helpers.js';

/**
 * fixtures/store-v1: a log written by the first file format (8-byte segment headers, a
 * checkpoints file without a committed length): 13 records in two segments, checkpoints
 * at 7 and 13. Kept forever: what was written once must stay readable.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'store-v1');

describe('stores written in format version 1', () => {
  it('open read-only as they are, changing nothing', async () => {
    const dir = tempDir('v1');
    cpSync(FIXTURE, dir, { recursive: true });
    const before = fingerprint(dir);
    const ro = await FileLogStore.open(dir, { readOnly: true });
    expect(ro.recovery).toEqual({ records: 13, indexRebuilt: 0 });
    expect((await ro.readRange(0, 13)).map(hex)).toEqual(expectedRecords(13).map(hex));
    expect((await ro.checkpoints()).map((c) => c.size)).toEqual([7, 13]);
    await ro.close();
    expect(fingerprint(dir)).toEqual(before);
  });

  it('carry on when opened for writing: old segments kept, new ones and the checkpoints file in version 2', async () => {
    const dir = tempDir('v1');
    cpSync(FIXTURE, dir, { recursive: true });
    const oldSegment = readFileSync(join(dir, 'seg-00000001.log'));
    const log = await DurableLog.open(await FileLogStore.open(dir, { maxSegmentBytes: 1500 }), nodeSigner(SECRET), { clock: () => T0 });
    await log.appendBatch([13, 14, 15, 16, 17, 18, 19].map(eventFor));
    const cp = await log.checkpoint(T0 + 300);
    await log.close();
    expect(readFileSync(join(dir, 'seg-00000001.log')).equals(oldSegment)).toBe(true);
    expect(readFileSync(join(dir, 'checkpoints')).subarray(0, 8).toString('latin1')).toBe('SYCKP\0\0\x02');
    const ro = await FileLogStore.open(dir, { readOnly: true });
    const records = await ro.readRange(0, ro.size);
    expect(records.map(hex)).toEqual(expectedRecords(20).map(hex));
    const checkpoints = await ro.checkpoints();
    expect(checkpoints.map((c) => c.size)).toEqual([7, 13, 20]);
    expect(hex(checkpoints[2]!.signature)).toBe(hex(cp.signature));
    expect(verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints }).verdict).toBe('valid');
    await ro.close();
  });
});
