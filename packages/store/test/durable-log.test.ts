import { describe, expect, it } from 'vitest';
import { concatBytes, sm2Signer, toHex, verifyLog, type Checkpoint, type TreeHead } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore, MemoryLogStore, type LogStore } from '../src/index.js';
import { SECRET, T0, eventFor, expectCodeAsync, tempDir } from './helpers.js';

/**
 * A store whose appends become durable only when the test says so: `flush` waits for the
 * appends made before it was called, as every store's does. It notes how many records were
 * durable whenever a tree head is reserved.
 */
class GatedStore extends MemoryLogStore {
  durable = 0;
  reservedAt: { size: number; durable: number }[] = [];
  reserved: TreeHead[] = [];
  /** Called while a reservation is being made. */
  onReserve: () => void = () => undefined;
  private gates: { end: number; open: () => void; done: Promise<void> }[] = [];

  override async append(records: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): Promise<void> {
    const stored = super.append(records, leafHashes); // takes the records at once, as every store does
    const end = this.size;
    let open!: () => void;
    const done = new Promise<void>((r) => { open = r; }).then(() => { this.durable = Math.max(this.durable, end); });
    this.gates.push({ end, open, done });
    if (end <= this.released) open();
    await stored;
    return done;
  }

  private released = 0;

  /** Makes the appends up to (not including) record `end` durable. */
  release(end: number): void {
    this.released = end;
    for (const g of this.gates) if (g.end <= end) g.open();
  }

  override async flush(): Promise<void> {
    await Promise.all(this.gates.map((g) => g.done));
  }

  override async reserveCheckpoint(head: TreeHead): Promise<void> {
    this.reservedAt.push({ size: head.size, durable: this.durable });
    this.reserved.push(head);
    this.onReserve();
    return super.reserveCheckpoint(head);
  }
}

describe('DurableLog', () => {
  it('signs only records already durable, even when an append comes in while it flushes', async () => {
    const store = new GatedStore();
    store.release(1);
    const log = await DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E' }, { clock: () => T0 });
    const first = log.append(eventFor(1));
    const cp = log.checkpoint(); // flushes: waits for record 1
    const second = log.append(eventFor(2)); // made while the checkpoint waits
    store.release(2); // record 1 becomes durable, record 2 does not (the process could die now)
    const signed: Checkpoint = await cp;
    await first;
    expect(store.reservedAt).toEqual([{ size: 2, durable: 2 }]);
    expect(signed.size).toBe(2);
    store.release(3);
    await second;
  });

  it('signs exactly the tree head it reserved, even when an append comes in while it reserves', async () => {
    const store = new GatedStore();
    store.release(100);
    const log = await DurableLog.create(store, nodeSigner(SECRET), { enterprise: 'E' }, { clock: () => T0 });
    await log.append(eventFor(1));
    let late: Promise<unknown> | undefined;
    store.onReserve = () => { late ??= log.append(eventFor(2)); };
    const cp = await log.checkpoint();
    await late;
    expect({ size: cp.size, root: toHex(cp.root) }).toEqual({ size: store.reserved[0]!.size, root: toHex(store.reserved[0]!.root) });
    expect(verifyLog(concatBytes(await store.readRange(0, store.size)), { crypto: nodeCrypto, checkpoints: [cp] }).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });


  it('keeps an SM2/SM3 log in the file store: reopened, checked with SM3 leaf hashes, carried on', async () => {
    const dir = tempDir('sm');
    const signer = sm2Signer(new Uint8Array(32).fill(3));
    const log = await DurableLog.create(await FileLogStore.open(dir), signer, { enterprise: '91350100M000100Y43' }, { clock: () => T0 });
    await log.appendBatch([1, 2, 3].map(eventFor));
    const cp = await log.checkpoint();
    await log.close();
    const store = await FileLogStore.open(dir);
    expect(store.recovery.corruption).toBeUndefined();
    const again = await DurableLog.open(store, signer);
    await again.append(eventFor(4));
    const cp2 = await again.checkpoint();
    const records = await store.readRange(0, store.size);
    expect(verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints: [cp, cp2] }).verdict).toBe('valid');
    await again.close();
  });

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
