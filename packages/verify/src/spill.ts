import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A spill handed from one thread to another: its bytes, or the file that holds them. */
export type SpillHandle = { bytes: Uint8Array } | { path: string; size: number };

const STAGE = 1 << 20;
const BLOCK = 64 * 1024;
let serial = 0;

/**
 * Append-only bytes that stay in memory up to `budget`, then move to a file in `dir`: how the
 * verifier keeps leaf hashes and references in bounded memory whatever the bundle holds.
 * Reads come after the writes (a read flushes); a read returns a view valid until the next.
 */
export class Spill {
  private mem: Uint8Array;
  private used = 0;
  private fd: number | undefined;
  private path: string | undefined;
  private onDisk = 0;
  private cache: { start: number; bytes: Uint8Array } | undefined;

  constructor(private readonly dir: string, private readonly budget = 8 << 20) {
    this.mem = new Uint8Array(Math.min(4096, Math.max(budget, 16)));
  }

  /** A spill to read what another thread wrote. */
  static open(dir: string, h: SpillHandle): Spill {
    const s = new Spill(dir, 0);
    if ('bytes' in h) {
      s.mem = h.bytes;
      s.used = h.bytes.length;
    } else {
      s.path = h.path;
      s.fd = openSync(h.path, 'r');
      s.onDisk = h.size;
      s.mem = new Uint8Array(0);
    }
    return s;
  }

  get size(): number {
    return this.onDisk + this.used;
  }

  /** Appends bytes; returns the offset they start at. */
  append(b: Uint8Array): number {
    const at = this.size;
    if (this.fd === undefined && this.used + b.length > this.budget) this.toFile();
    if (this.fd !== undefined && this.used + b.length > this.mem.length) this.flush();
    if (this.used + b.length > this.mem.length) {
      const bigger = new Uint8Array(Math.max(this.mem.length * 2, this.used + b.length));
      bigger.set(this.mem.subarray(0, this.used));
      this.mem = bigger;
    }
    this.mem.set(b, this.used);
    this.used += b.length;
    return at;
  }

  private toFile(): void {
    this.path = join(this.dir, `spill-${process.pid}-${serial++}-${Math.random().toString(36).slice(2)}`);
    this.fd = openSync(this.path, 'w+', 0o600);
    this.flush();
    this.mem = new Uint8Array(STAGE);
  }

  private flush(): void {
    if (this.fd === undefined || this.used === 0) return;
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.mem, done, this.used - done, this.onDisk + done);
    this.onDisk += this.used;
    this.used = 0;
  }

  /** `length` bytes from `offset`. */
  read(offset: number, length: number): Uint8Array {
    if (this.fd === undefined) return this.mem.subarray(offset, offset + length);
    this.flush();
    const c = this.cache;
    if (c !== undefined && offset >= c.start && offset + length <= c.start + c.bytes.length) return c.bytes.subarray(offset - c.start, offset - c.start + length);
    const n = Math.min(Math.max(length, BLOCK), this.onDisk - offset);
    const bytes = c !== undefined && c.bytes.buffer.byteLength >= n ? new Uint8Array(c.bytes.buffer, 0, n) : new Uint8Array(Math.max(n, 0));
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, bytes, done, n - done, offset + done);
      if (got === 0) break;
      done += got;
    }
    this.cache = { start: offset, bytes: bytes.subarray(0, done) };
    return this.cache.bytes.subarray(0, length);
  }

  /** What another thread needs to read this spill (writes end here). */
  handle(): SpillHandle {
    if (this.fd === undefined) return { bytes: this.mem.slice(0, this.used) };
    this.flush();
    return { path: this.path!, size: this.onDisk };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
