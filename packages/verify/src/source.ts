import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes to verify: a file (read piece by piece) or a buffer already in memory. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `position`; a view when the source is in memory. */
  read(position: number, length: number): Uint8Array;
  close(): void;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (p, n) => bytes.subarray(p, Math.min(p + n, bytes.length)), close: () => undefined };
}

export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(position, length) {
      const n = Math.max(0, Math.min(length, size - position));
      const buf = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, buf, done, n - done, position + done);
        if (got === 0) break;
        done += got;
      }
      return done === n ? buf : buf.subarray(0, done);
    },
    close: () => closeSync(fd),
  };
}

/**
 * A sliding window over [start, end) of a source: `ensure(pos, need)` makes sure the bytes
 * [pos, pos + need) (or up to `end`) are in `buf`, reading the next piece when they are not.
 * Memory stays at about one chunk whatever the length of the range.
 */
export class Window {
  buf: Uint8Array = new Uint8Array(0);
  /** Absolute offset of buf[0]. */
  base: number;

  constructor(private readonly source: ByteSource, start: number, readonly end: number, private readonly chunk = 4 << 20) {
    this.base = start;
  }

  ensure(pos: number, need: number): void {
    const want = Math.min(pos + need, this.end);
    if (pos >= this.base && want <= this.base + this.buf.length) return;
    this.base = pos;
    this.buf = this.source.read(pos, Math.min(Math.max(this.chunk, want - pos), this.end - pos));
  }

  /** Bytes of the window that lie before `end`. */
  get limit(): number {
    return Math.min(this.buf.length, this.end - this.base);
  }
}
