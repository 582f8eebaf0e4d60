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
}

/** `out[to[i]] = from[i]`: a column reordered by a permutation. */
export function permute<A extends TypedArray>(from: A, to: Int32Array): A {
  const out = new (from.constructor as new (n: number) => A)(from.length);
  for (let i = 0; i < from.length; i++) out[to[i]!] = from[i]!;
  return out;
}
