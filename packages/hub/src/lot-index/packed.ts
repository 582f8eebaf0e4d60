const CHUNK = 1 << 20;

/**
 * Records kept back to back in 1 MiB chunks, located by three numbers each in one typed array:
 * a log of any length is a handful of objects on the heap, not one per record, so a garbage
 * collection of a hub holding a million records does not walk a million of them (and no kept
 * record pins the larger buffer it was sliced from: a push body, a database row batch).
 */
export class PackedRecords {
  private readonly chunks: Uint8Array[] = [];
  private used = CHUNK;
  /** Per record: chunk, offset in it, length. */
  private where = new Uint32Array(3 * 64);
  length = 0;

  push(bytes: Uint8Array): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || this.used + bytes.length > chunk.length) {
      chunk = new Uint8Array(Math.max(CHUNK, bytes.length));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk.set(bytes, this.used);
    if (3 * this.length + 3 > this.where.length) {
      const grown = new Uint32Array(this.where.length * 2);
      grown.set(this.where);
      this.where = grown;
    }
    const w = 3 * this.length;
    this.where[w] = this.chunks.length - 1;
    this.where[w + 1] = this.used;
    this.where[w + 2] = bytes.length;
    this.used += bytes.length;
    this.length++;
  }

  /** The record at `i` (a view into its chunk: read it, do not keep or change it). */
  at(i: number): Uint8Array {
    const w = 3 * i;
    const offset = this.where[w + 1]!;
    return this.chunks[this.where[w]!]!.subarray(offset, offset + this.where[w + 2]!);
  }
}
