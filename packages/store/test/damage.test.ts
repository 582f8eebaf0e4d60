import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encode, encodeCheckpoint } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { FileLogStore } from '../src/index.js';
import { killed, startChild } from './child.js';
import { expectCodeAsync, expectedRecords, fingerprint, hex, lastFrameIn, segmentNames, storeWith, tempDir } from './helpers.js';

/**
 * The damage must be found by a writable open (STORE_CORRUPT naming the file and byte
 * offset, nothing on disk changed) and reported by a read-only open, which changes nothing
 * either and serves the intact records.
 */
async function expectDamage(dir: string, file: string, offset: number, intact?: number): Promise<void> {
  const before = fingerprint(dir);
  const e = await expectCodeAsync(FileLogStore.open(dir), 'STORE_CORRUPT');
  expect({ file: e.file, offset: e.offset }).toEqual({ file: join(dir, file), offset });
  expect(fingerprint(dir)).toEqual(before);
  const ro = await FileLogStore.open(dir, { readOnly: true });
  try {
    expect(ro.recovery.corruption).toMatchObject({ file, offset });
    if (intact !== undefined) {
      expect(ro.size).toBe(intact);
      const expected = expectedRecords(Math.max(intact, 1)).slice(0, intact);
      expect((await ro.readRange(0, intact)).map(hex)).toEqual(expected.map(hex));
      expect((await ro.leafHashes(0, intact)).map(hex)).toEqual(expected.map((r) => hex(nodeCrypto.leafHash(r))));
    }
    await expectCodeAsync(ro.checkIntact(), 'STORE_CORRUPT');
  } finally {
    await ro.close();
  }
  expect(fingerprint(dir)).toEqual(before);
}

describe('the checkpoints file: returned checkpoints never vanish silently', () => {
  const lastEntry = async () => {
    const { dir, checkpoints } = await storeWith(12, { checkpointsAt: [5, 12] });
    const file = join(dir, 'checkpoints');
    const size = statSync(file).size;
    const start = size - 8 - encodeCheckpoint(checkpoints[1]!).length;
    return { dir, file, size, start };
  };

  it('a flipped byte in the last entry (a returned signed checkpoint)', async () => {
    const { dir, file, size, start } = await lastEntry();
    const b = readFileSync(file);
    b[size - 3]! ^= 0x10;
    writeFileSync(file, b);
    await expectDamage(dir, 'checkpoints', start, 12);
  });

  it('the file cut in the middle of its last entry', async () => {
    const { dir, file, start } = await lastEntry();
    truncateSync(file, start + 20);
    await expectDamage(dir, 'checkpoints', start, 12);
  });

  it('the file cut to 4 bytes', async () => {
    const { dir, file } = await lastEntry();
    truncateSync(file, 4);
    await expectDamage(dir, 'checkpoints', 0, 12);
  });

  it('the file deleted', async () => {
    const { dir, file } = await lastEntry();
    unlinkSync(file);
    await expectDamage(dir, 'checkpoints', 0, 12);
  });

  it('a checkpoint at a size beyond the whole records (the last segment cut at a frame boundary, index cut to match)', async () => {
    const { dir, checkpoints } = await storeWith(12, { checkpointsAt: [12] });
    const seg = join(dir, segmentNames(dir).at(-1)!);
    const last = lastFrameIn(seg, expectedRecords(12));
    truncateSync(seg, last.offset);
    truncateSync(join(dir, 'index'), 8 + 44 * 11);
    // The file holds the reservation of that head, then its signature: the reservation is the first entry found beyond the records.
    const cp = checkpoints[0]!;
    const reservation = statSync(join(dir, 'checkpoints')).size - (8 + encodeCheckpoint(cp).length) - (8 + encode([cp.logId, cp.size, cp.root, cp.time]).length);
    await expectDamage(dir, 'checkpoints', reservation, 11);
  });
});

describe('segments: records are never renumbered', () => {
  it('a sealed segment cut at a frame boundary', async () => {
    const expected = expectedRecords(40);
    for (const index of ['kept', 'deleted'] as const) {
      const { dir } = await storeWith(40, { segmentBytes: 2000 });
      const first = join(dir, segmentNames(dir)[0]!);
      const last = lastFrameIn(first, expected);
      truncateSync(first, last.offset);
      if (index === 'deleted') unlinkSync(join(dir, 'index'));
      await expectDamage(dir, segmentNames(dir)[0]!, last.offset, last.seq);
    }
  });

  it('two segments swapped', async () => {
    const { dir } = await storeWith(40, { segmentBytes: 2000 });
    const [a, b] = segmentNames(dir).map((n) => join(dir, n));
    renameSync(a!, `${a}.x`);
    renameSync(b!, a!);
    renameSync(`${a}.x`, b!);
    await expectDamage(dir, segmentNames(dir)[0]!, 0, 0);
  });

  it('an index entry whose leaf hash was changed and its CRC recomputed', async () => {
    const { dir } = await storeWith(20);
    const index = join(dir, 'index');
    const b = readFileSync(index);
    const at = 8 + 44 * 5;
    b[at + 8 + 3]! ^= 0x01;
    b.writeUInt32BE(crc32(b.subarray(at, at + 40)), at + 40);
    writeFileSync(index, b);
    await expectDamage(dir, 'index', at, 20);
  });
});

describe('directories that are not (whole) logs get coded errors', () => {
  it('a read-only open without an index serves every record, hashing them', async () => {
    const { dir } = await storeWith(15);
    unlinkSync(join(dir, 'index'));
    const before = fingerprint(dir);
    const ro = await FileLogStore.open(dir, { readOnly: true });
    const expected = expectedRecords(15);
    expect(ro.size).toBe(15);
    expect(ro.recovery.corruption).toBeUndefined();
    expect(ro.recovery.indexRebuilt).toBe(15);
    expect((await ro.leafHashes(0, 15)).map(hex)).toEqual(expected.map((r) => hex(nodeCrypto.leafHash(r))));
    await ro.checkIntact();
    await ro.close();
    expect(fingerprint(dir)).toEqual(before);
  });

  it('directories named like store files', async () => {
    for (const name of ['index', 'checkpoints', 'seg-00000002.log'] as const) {
      const { dir } = await storeWith(40, { segmentBytes: 2000 });
      rmSync(join(dir, name));
      mkdirSync(join(dir, name));
      const intact = name === 'seg-00000002.log' ? lastFrameIn(join(dir, 'seg-00000001.log'), expectedRecords(40)).seq + 1 : 40;
      await expectDamage(dir, name, 0, intact);
    }
  });

  it('a directory that is not a log: nothing is created in it, whatever the open', async () => {
    const foreign = tempDir('foreign');
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const empty = tempDir('empty');
    const file = join(foreign, 'notes.txt');
    const cases: [string, Parameters<typeof FileLogStore.open>[1], 'STORE_NOT_FOUND' | 'STORE_EXISTS'][] = [
      [foreign, {}, 'STORE_EXISTS'],
      [foreign, { create: true }, 'STORE_EXISTS'],
      [foreign, { create: false }, 'STORE_NOT_FOUND'],
      [foreign, { readOnly: true }, 'STORE_NOT_FOUND'],
      [empty, { create: false }, 'STORE_NOT_FOUND'],
      [empty, { readOnly: true }, 'STORE_NOT_FOUND'],
      [file, {}, 'STORE_NOT_FOUND'],
      [file, { readOnly: true }, 'STORE_NOT_FOUND'],
    ];
    for (const [dir, opts, code] of cases) {
      const before = [readdirSync(foreign), readdirSync(empty)];
      await expectCodeAsync(FileLogStore.open(dir, opts), code);
      expect([readdirSync(foreign), readdirSync(empty)]).toEqual(before);
      expect(readFileSync(file, 'utf8')).toBe('mine');
    }
    const fresh = await FileLogStore.open(empty); // an empty directory may become a log
    await fresh.close();
  });
});

describe('no false alarms', () => {
  it('read-only opens while another process appends and checkpoints never report damage', async () => {
    const dir = join(tempDir('live'), 'log');
    // The writer does one round (4 batches in flight, sometimes a checkpoint) per line it reads,
    // so every open below overlaps a round in progress however loaded the machine is.
    const { child, lines, waitFor, waitForLine } = startChild('crash-child.ts', [dir, 'sync', '7', 'paced'], { stdin: true });
    const rounds = () => lines.filter((l) => l.startsWith('round '));
    await waitFor('ready');
    try {
      const sizes: number[] = [];
      for (let i = 1; i <= 60; i++) {
        child.stdin!.write('go\n');
        const ro = await FileLogStore.open(dir, { readOnly: true });
        expect(ro.recovery.corruption, JSON.stringify(ro.recovery)).toBeUndefined();
        sizes.push(ro.size);
        await ro.close();
        await waitForLine(() => rounds().length >= i);
      }
      const written = Number(rounds().at(-1)!.split(' ')[1]);
      expect(sizes.filter((n) => n > 1).length).toBeGreaterThan(50);
      const ro = await FileLogStore.open(dir, { readOnly: true });
      expect([ro.size, ro.recovery.corruption]).toEqual([written, undefined]);
      await ro.close();
    } finally {
      await killed(child);
    }
  });
});
