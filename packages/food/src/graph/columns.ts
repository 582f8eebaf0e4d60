type TypedArray = Int32Array | Float64Array | Uint8Array;

/**
 * A growable typed array: one number per entry, no object per entry. A million events cost
 * a few megabytes per column and nothing for the garbage collector to trace.
 */
export class Column<A extends TypedArray> {
  data: A;
  length = 0;

  constructor(private readonly make: new (n: number) => A, capacity = 256) {
    this.data = new make(capacity);
  }

  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }

  /** The entries, copied to an array of exactly their length (growth slack released). */
  done(): A {
    return this.data.slice(0, this.length) as A;
  }

  /** The entries as a view (no copy). */
  view(): A {
    return this.data.subarray(0, this.length) as A;
  }

  /** Hands the entries over and forgets them, so the builder's copy can be collected. */
  take(): A {
    const out = this.done();
    this.release();
    return out;
  }

  release(): void {
    this.data = new this.make(0);
    this.length = 0;
  }
}

/** `out[to[i]] = from[i]`: a column reordered by a permutation (`to` null: already in order), its source released. */
export function permute<A extends TypedArray>(from: Column<A>, to: Int32Array | null): A {
  if (to === null) return from.take();
  const src = from.view();
  const out = new (src.constructor as new (n: number) => A)(src.length);
  for (let i = 0; i < src.length; i++) out[to[i]!] = src[i]!;
  from.release();
  return out;
}
