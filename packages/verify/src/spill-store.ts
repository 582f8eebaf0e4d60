import type { SpillHandle } from './spill.js';

/**
 * Where a thread puts leaf hashes and references: `Spill` (spill.ts, Node) moves to a file
 * past a budget; `MemorySpill` keeps everything in memory (the browser, which has no files).
 */
export interface SpillStore {
  readonly size: number;
  /** Appends bytes; returns the offset they start at. */
  append(b: Uint8Array): number;
  /** `length` bytes from `offset`: a view valid until the next append. */
  read(offset: number, length: number): Uint8Array;
  handle(): SpillHandle;
  close(): void;
}

/** A spill that never leaves memory: for bundles already held in memory, whose size bounds it. */
export class MemorySpill implements SpillStore {
  private mem = new Uint8Array(4096);
  private used = 0;

  get size(): number {
    return this.used;
  }

  append(b: Uint8Array): number {
    const at = this.used;
    if (at + b.length > this.mem.length) {
      const bigger = new Uint8Array(Math.max(this.mem.length * 2, at + b.length));
      bigger.set(this.mem.subarray(0, at));
      this.mem = bigger;
    }
    this.mem.set(b, at);
    this.used += b.length;
    return at;
  }

  read(offset: number, length: number): Uint8Array {
    return this.mem.subarray(offset, Math.min(offset + length, this.used));
  }

  handle(): SpillHandle {
    return { bytes: this.mem.slice(0, this.used) };
  }

  close(): void {}
}
