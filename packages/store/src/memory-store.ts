import { SuyuanError, type Checkpoint, type TreeHead } from '@suyuan/core';
import { checkAppendArguments, checkRange } from './arguments.js';
import { CheckpointGuard } from './checkpoint-guard.js';
import type { LogStore, RecoveryReport } from './log-store.js';

/** A store in memory, for tests and short-lived tools. Nothing survives the process. */
export class MemoryLogStore implements LogStore {
  private readonly records: Uint8Array[] = [];
  private readonly leaves: Uint8Array[] = [];
  private readonly guard = new CheckpointGuard();
  private closed = false;
  readonly recovery: RecoveryReport = { records: 0, indexRebuilt: 0 };

  get size(): number {
    return this.records.length;
  }

  async append(records: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): Promise<void> {
    this.open();
    checkAppendArguments(records, leafHashes);
    for (let i = 0; i < records.length; i++) {
      this.records.push(Uint8Array.from(records[i]!));
      this.leaves.push(Uint8Array.from(leafHashes[i]!));
    }
  }

  async read(seq: number): Promise<Uint8Array> {
    this.open();
    checkRange(seq, seq + 1, this.records.length);
    return this.records[seq]!;
  }

  async readRange(from: number, to: number): Promise<Uint8Array[]> {
    this.open();
    checkRange(from, to, this.records.length);
    return this.records.slice(from, to);
  }

  async leafHashes(from: number, to: number): Promise<Uint8Array[]> {
    this.open();
    checkRange(from, to, this.leaves.length);
    return this.leaves.slice(from, to);
  }

  async reserveCheckpoint(head: TreeHead): Promise<void> {
    this.open();
    this.checkSize(head);
    if (this.guard.admit(head)) this.guard.remember(head);
  }

  async putCheckpoint(cp: Checkpoint): Promise<void> {
    this.open();
    this.checkSize(cp);
    this.guard.admit(cp);
    this.guard.remember(cp, cp);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    this.open();
    return this.guard.signed.slice();
  }

  async flush(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private checkSize(head: TreeHead): void {
    if (head.size > this.records.length) throw new SuyuanError('STORE_RANGE', `a checkpoint at size ${head.size}, but only ${this.records.length} records are stored`);
  }

  private open(): void {
    if (this.closed) throw new SuyuanError('STORE_CLOSED', 'the store is closed');
  }
}
