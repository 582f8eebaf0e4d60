import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SuyuanError, concatBytes, verifyLog, type Checkpoint } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore, nodeFileIo, type DurabilityMode, type FileIo } from '../src/index.js';
import { SECRET, T0, eventFor, expectedRecords, hex, tempDir } from './helpers.js';

const expected = expectedRecords(4000).map(hex);

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });

/**
 * A file layer on a disk with room for `budget` more bytes: the write that crosses it
 * comes back short, as a real one does, and every write after it fails with ENOSPC.
 */
function fullDisk(budget: number): FileIo {
  let left = budget;
  return {
    ...nodeFileIo,
    write(fd, data, offset, length, position) {
      if (left === 0) throw enospc();
      const n = nodeFileIo.write(fd, data, offset, Math.min(length, left), position);
      left -= n;
      return n;
    },
  };
}

interface Outcome {
  /** The highest seq whose append resolved. */
  acked: number;
  /** Checkpoints returned. */
  signed: Checkpoint[];
  /** Codes of the failures seen. */
  codes: string[];
}

/** Appends (three batches in flight) and checkpoints until something fails. */
async function writeUntilFull(dir: string, mode: DurabilityMode, io?: FileIo, segmentBytes = 6000): Promise<Outcome> {
  const out: Outcome = { acked: -1, signed: [], codes: [] };
  const fail = (e: unknown) => {
    out.codes.push(e instanceof SuyuanError ? e.code : String(e));
  };
  let store: FileLogStore;
  try {
    store = await FileLogStore.open(dir, { mode, maxSegmentBytes: segmentBytes, maxDelayMs: 1, ...(io ? { io } : {}) });
  } catch (e) {
    fail(e);
    return out;
  }
  try {
    const log = store.size === 0
      ? await DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E-CRASH' }, { clock: () => T0 })
      : await DurableLog.open(store, nodeSigner(SECRET), { clock: () => T0 });
    out.acked = log.size - 1;
    for (let round = 0; round < 400 && out.codes.length === 0; round++) {
      const batches = [0, 1, 2].map((k) => {
        const start = log.size;
        const n = 1 + ((round * 7 + k * 3) % 9);
        return log.appendBatch(Array.from({ length: n }, (_, i) => eventFor(start + i))).then((r) => { out.acked = Math.max(out.acked, r.at(-1)!.seq); }, fail);
      });
      await Promise.all(batches);
      if (out.codes.length === 0 && round % 4 === 3) await log.checkpoint(T0 + log.size).then((cp) => { out.signed.push(cp); }, fail);
    }
  } catch (e) {
    fail(e);
  }
  await store.close();
  return out;
}

/** After the disk has room again: the store opens, holds everything acknowledged, and carries on. */
async function expectRecovered(dir: string, mode: DurabilityMode, before: Outcome): Promise<void> {
  expect(before.codes.length).toBeGreaterThan(0);
  for (const c of before.codes) expect(c).toBe('STORE_IO');
  const store = await FileLogStore.open(dir, { mode });
  expect(store.recovery.corruption).toBeUndefined();
  expect(store.size - 1).toBeGreaterThanOrEqual(before.acked);
  const records = await store.readRange(0, store.size);
  expect(records.map(hex)).toEqual(expected.slice(0, store.size));
  expect((await store.leafHashes(0, store.size)).map(hex)).toEqual(records.map((r) => hex(nodeCrypto.leafHash(r))));
  const checkpoints = await store.checkpoints();
  for (const cp of before.signed) expect(checkpoints.some((c) => c.size === cp.size && hex(c.signature) === hex(cp.signature))).toBe(true);
  if (records.length > 0) {
    const report = verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }
  await store.close();
  // And it carries on: more appends and a checkpoint, all verifying.
  const again = await writeUntilFull(dir, mode, fullDisk(20_000));
  expect(again.acked).toBeGreaterThan(before.acked);
  expect(again.signed.length).toBeGreaterThan(0);
}

describe('a full disk (injected through the file layer: short write, then ENOSPC)', () => {
  const budgets = [...Array.from({ length: 40 }, (_, i) => i * 11), ...Array.from({ length: 40 }, (_, i) => 500 + i * 613)];
  it.each<DurabilityMode>(['sync', 'batched', 'none'])(`${budgets.length} budgets, %s mode: nothing acknowledged is lost, and the store carries on once there is room`, async (mode) => {
    for (const budget of budgets) {
      const dir = join(tempDir('full'), 'log');
      const outcome = await writeUntilFull(dir, mode, fullDisk(budget));
      try {
        if (outcome.codes.length === 0) throw new Error('the disk never filled');
        await expectRecovered(dir, mode, outcome);
      } catch (e) {
        throw new Error(`budget ${budget}: ${(e as Error).message}`, { cause: e });
      }
    }
  }, 120_000);

  it('a failed sync is a failed write: the appends waiting on it are refused, not acknowledged', async () => {
    const dir = join(tempDir('eio'), 'log');
    let syncs = 0;
    const io: FileIo = { ...nodeFileIo, datasync: async (fd) => { if (++syncs > 6) throw Object.assign(new Error('EIO'), { code: 'EIO' }); return nodeFileIo.datasync(fd); } };
    const outcome = await writeUntilFull(dir, 'sync', io);
    await expectRecovered(dir, 'sync', outcome);
  });
});

/** Root can mount a small tmpfs: the real thing, short writes and all. */
const canMount = process.getuid?.() === 0 && (() => {
  const probe = tempDir('mount-probe');
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  return ok;
})();

describe.runIf(canMount)('a full disk (a real 192 KiB tmpfs, filled while appending)', () => {
  const mounts: string[] = [];
  const unmount = (m: string) => {
    // Lazily if something still holds a file there, so the directory can go.
    if (spawnSync('umount', [m]).status !== 0) spawnSync('umount', ['-l', m]);
  };
  afterAll(() => {
    for (const m of mounts) unmount(m);
  });

  it.each<DurabilityMode>(['sync', 'batched', 'none'])('%s mode: nothing acknowledged is lost, and the store carries on once space is freed', async (mode) => {
    const mnt = tempDir('tmpfs');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=192k', 'tmpfs', mnt]);
    mounts.push(mnt);
    try {
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(48 << 10)); // freed once the disk is full
      const dir = join(mnt, 'log');
      mkdirSync(dir);
      const outcome = await writeUntilFull(dir, mode, undefined, 64 << 20);
      expect(outcome.acked).toBeGreaterThan(50);
      rmSync(join(mnt, 'filler'));
      await expectRecovered(dir, mode, outcome);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      unmount(mnt);
    }
  }, 60_000);
});
