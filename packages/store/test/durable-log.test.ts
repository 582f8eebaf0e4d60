import { describe, expect, it } from 'vitest';
import { concatBytes, toHex, verifyLog, type TreeHead } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore, MemoryLogStore, type LogStore } from '../src/index.js';
import { SECRET, T0, eventFor, expectCodeAsync, tempDir } from './helpers.js';

describe('DurableLog', () => {
  it('persists a checkpoint before returning it, and carries on after reopening', async () => {
    const dir = tempDir('dlog');
    const log = await DurableLog.create(await FileLogStore.open(dir), nodeSigner(SECRET), { enterprise: 'E' }, { clock: () => T0 });
    await log.appendBatch([1, 2, 3].map(eventFor));
    const cp = await log.checkpoint();
    await log.close();
    const store = await FileLogStore.open(dir);
    expect((await store.checkpoints()).map((c) => toHex(c.signature))).toEqual([toHex(cp.signature)]);
    const again = await DurableLog.open(store, nodeSigner(SECRET));
    await again.append(eventFor(4));
    const cp2 = await again.checkpoint();
    const records = await store.readRange(0, store.size);
    expect(verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints: [cp, cp2] }).verdict).toBe('valid');
    await again.close();
  });

  it('reserves the tree head before asking the signer, so a conflicting root is never signed', async () => {
    const store = new MemoryLogStore();
    let signed = 0;
    const base = nodeSigner(SECRET);
    const counting = { ...base, sign: (m: Uint8Array) => { signed++; return base.sign(m); } };
    const log = await DurableLog.create(store, counting, { enterprise: 'E' }, { clock: () => T0 });
    await log.append(eventFor(1));
    // Pretend an earlier run reserved another root at size 2 and then lost its records.
    const head: TreeHead = { logId: log.logId, size: 2, root: new Uint8Array(32).fill(7), time: T0 };
    await store.reserveCheckpoint(head);
    await expectCodeAsync(log.checkpoint(), 'STORE_CHECKPOINT_CONFLICT');
    expect(signed).toBe(0);
  });

  it('refuses to create a log in a non-empty store, to open an empty one, and to resume with another key', async () => {
    const store = new MemoryLogStore();
    await expectCodeAsync(DurableLog.open(store, nodeSigner(SECRET)), 'STORE_NOT_FOUND');
    await DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E' });
    await expectCodeAsync(DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E' }), 'STORE_EXISTS');
    await expectCodeAsync(DurableLog.open(store, nodeSigner(new Uint8Array(32).fill(3))), 'KEY_INVALID');
  });

  it('after a failed write, refuses further appends instead of letting memory and disk disagree', async () => {
    const failing: LogStore = Object.assign(new MemoryLogStore(), {});
    const log = await DurableLog.create(failing, nodeSigner(SECRET), { enterprise: 'E' }, { clock: () => T0 });
    failing.append = async () => { throw new Error('disk full'); };
    await expect(log.append(eventFor(1))).rejects.toThrow('disk full');
    await expect(log.append(eventFor(2))).rejects.toThrow('disk full');
    await expect(log.checkpoint()).rejects.toThrow('disk full');
  });
});
