/** Bytes to verify: a file (read piece by piece) or a buffer already in memory. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `position`; a view when the source is in memory. */
  read(position: number, length: number): Uint8Array;
  /**
   * The same, reusing `into` when the bytes must be copied (a file); returns what was read,
   * which is `into` or a part of it, or a view of the source (memory).
   */
  readInto(into: Uint8Array, position: number, length: number): Uint8Array;
  close(): void;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  const read = (p: number, n: number) => bytes.subarray(p, Math.min(p + n, bytes.length));
  return { size: bytes.length, read, readInto: (_into, p, n) => read(p, n), close: () => undefined };
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
  /** Reused for every read from a file, so reading a large section allocates once. */
  private spare: Uint8Array | undefined;

  constructor(private readonly source: ByteSource, start: number, readonly end: number, private readonly chunk = 1 << 20) {
    this.base = start;
  }

  ensure(pos: number, need: number): void {
    const want = Math.min(pos + need, this.end);
    if (pos >= this.base && want <= this.base + this.buf.length) return;
    const length = Math.min(Math.max(this.chunk, want - pos), this.end - pos);
    // Sized to what the range needs: a small section must not cost a whole chunk.
    if (this.spare === undefined || this.spare.length < length) this.spare = new Uint8Array(length);
    this.base = pos;
    this.buf = this.source.readInto(this.spare, pos, length);
  }

  /** Bytes of the window that lie before `end`. */
  get limit(): number {
    return Math.min(this.buf.length, this.end - this.base);
  }
}
