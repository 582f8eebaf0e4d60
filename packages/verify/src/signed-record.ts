import type { RecordRef } from '@suyuan/core';

/**
 * A lean reader for records the verifier has already read strictly (core's readRecord: canonical
 * CBOR, the record's shape) in the section walk, when it reads them a second time to hand their
 * bodies to the lot graph: the seq, kind and refs, and where the body lies (left encoded, for
 * the graph to read what it needs). It skips the checks already made (shortest form, key
 * order, limits), bounds-checks every read and gives up (undefined) on anything the strict
 * reader would not have let through, or that it does not handle; the caller then reads the
 * record strictly.
 */
export interface SignedRecord {
  seq: number;
  kind: string;
  refs: RecordRef[];
  /** The body's bytes: [bodyStart, bodyEnd) of the reader's bytes. */
  bodyStart: number;
  bodyEnd: number;
  /** Where the record ends. */
  end: number;
}

export function readSignedRecord(b: Uint8Array, start: number, end: number): SignedRecord | undefined {
  const r = lean.reset(b, start, end);
  if (r.byte() !== 0x88 || r.uint() !== 1) return undefined;
  r.skipHash();
  const seq = r.uint();
  r.skipHash();
  r.uint();
  const kind = r.kind();
  if (kind === undefined || b[r.pos]! >> 5 !== 5) return undefined;
  const bodyStart = r.pos;
  r.skip(1);
  const bodyEnd = r.pos;
  if (r.failed || (b[r.pos]! & 0xe0) !== 0x80) return undefined;
  const n = r.count();
  const refs: RecordRef[] = [];
  for (let i = 0; i < n && !r.failed; i++) {
    if (r.byte() !== 0x83) return undefined;
    const logId = r.hash();
    const refSeq = r.uint();
    const leafHash = r.hash();
    if (logId === undefined || leafHash === undefined) return undefined;
    refs.push({ logId, seq: refSeq, leafHash });
  }
  if (r.failed) return undefined;
  return { seq, kind, refs, bodyStart, bodyEnd, end: r.pos };
}

const MAX_DEPTH = 16;
/** Kinds met so far: a log uses a handful. */
const kinds: string[] = [];

/** A cursor that never throws: a read past the end or an unexpected head sets `failed` and returns a dummy. */
class Lean {
  failed = false;
  /** The argument of the last head, or -1 when it is not a safe integer. */
  private arg = 0;
  b: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;

  reset(b: Uint8Array, pos: number, end: number): this {
    this.b = b;
    this.pos = pos;
    this.end = end;
    this.failed = false;
    return this;
  }

  byte(): number {
    if (this.pos >= this.end) {
      this.failed = true;
      return -1;
    }
    return this.b[this.pos++]!;
  }

  /** Reads a head; returns its major type (-1 on failure). */
  private head(): number {
    const ib = this.byte();
    if (ib < 0) return -1;
    const info = ib & 31;
    if (info < 24) this.arg = info;
    else if (info === 24) this.arg = this.byte();
    else if (info === 25) this.arg = this.byte() * 0x100 + this.byte();
    else if (info === 26) this.arg = this.byte() * 0x100_0000 + this.byte() * 0x1_0000 + this.byte() * 0x100 + this.byte();
    else if (info === 27) {
      const hi = this.byte() * 0x100_0000 + this.byte() * 0x1_0000 + this.byte() * 0x100 + this.byte();
      const lo = this.byte() * 0x100_0000 + this.byte() * 0x1_0000 + this.byte() * 0x100 + this.byte();
      this.arg = hi < 0x20_0000 ? hi * 0x1_0000_0000 + lo : -1;
    } else this.failed = true;
    if (this.failed) return -1;
    return ib >> 5;
  }

  /** A record's kind (ASCII, as its pattern requires), the string shared by every record of that kind. */
  kind(): string | undefined {
    if (this.head() !== 3 || this.arg > 64 || this.pos + this.arg > this.end) return void (this.failed = true);
    const b = this.b;
    const p = this.pos;
    const len = this.arg;
    this.pos += len;
    for (const k of kinds) {
      if (k.length !== len) continue;
      let i = 0;
      while (i < len && k.charCodeAt(i) === b[p + i]) i++;
      if (i === len) return k;
    }
    let s = '';
    for (let i = p; i < p + len; i++) {
      if (b[i]! >= 0x80) return void (this.failed = true);
      s += String.fromCharCode(b[i]!);
    }
    if (kinds.length < 32) kinds.push(s);
    return s;
  }

  uint(): number {
    if (this.head() !== 0 || this.arg < 0) this.failed = true;
    return this.arg;
  }

  count(): number {
    this.head();
    // Each entry takes at least one byte: a count beyond what is left cannot be right.
    if (this.arg < 0 || this.arg > this.end - this.pos) this.failed = true;
    return this.failed ? 0 : this.arg;
  }

  skipHash(): void {
    if (this.byte() !== 0x58 || this.byte() !== 32 || this.pos + 32 > this.end) this.failed = true;
    else this.pos += 32;
  }

  hash(): Uint8Array | undefined {
    if (this.byte() !== 0x58 || this.byte() !== 32 || this.pos + 32 > this.end) {
      this.failed = true;
      return undefined;
    }
    this.pos += 32;
    return this.b.subarray(this.pos - 32, this.pos);
  }

  /** Steps over one item at nesting `depth` (`failed` past the end or for what the strict reader refuses). */
  skip(depth: number): void {
    const major = this.head();
    const arg = this.arg;
    if (major < 0) return void (this.failed = true);
    if (major <= 1) return; // an integer, of any size
    if (arg < 0) return void (this.failed = true);
    if (major === 2 || major === 3) {
      if (this.pos + arg > this.end) this.failed = true;
      else this.pos += arg;
    } else if (major === 4 || major === 5) {
      const n = major === 5 ? arg * 2 : arg;
      if (depth >= MAX_DEPTH || n > this.end - this.pos) return void (this.failed = true);
      for (let i = 0; i < n && !this.failed; i++) this.skip(depth + 1);
    } else if (major === 6 || (major === 7 && (arg < 20 || arg > 22))) this.failed = true;
  }
}

/** One cursor, reset for each record: records are read one at a time. */
const lean = new Lean();
