import { CborReader, MAX_RECORD_BYTES, RECORD_LIMITS, SuyuanError, readRecord, type CborValue, type ParsedRecord } from '@suyuan/core';
import { ItemError, ITEM_MAX_BYTES, peekTag, readTagged } from './format.js';
import { Window, type ByteSource } from './source.js';

/**
 * Reads the items of a range of a source one after the other. Every read first makes sure
 * the window holds the bytes it may need (the item limit for tagged items, one record plus a
 * byte for records), so no item is ever read across the edge of a read window. Errors carry
 * absolute offsets in the source.
 */
export class ItemCursor {
  readonly win: Window;
  pos: number;

  constructor(source: ByteSource, start: number, readonly end: number, chunk?: number) {
    this.win = new Window(source, start, end, chunk);
    this.pos = start;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** The tag of the next item ('record' for a record), without reading it. */
  peek(): string | undefined {
    if (this.atEnd) return undefined;
    this.win.ensure(this.pos, 128);
    return peekTag(this.win.buf, this.pos - this.win.base, this.win.limit);
  }

  /** Reads a tagged item; throws ItemError (absolute offset) if it is not one of `arity` fields. */
  tagged(tag: string, arity: number): CborValue[] {
    const win = this.win;
    win.ensure(this.pos, ITEM_MAX_BYTES + 16);
    try {
      const { fields, end } = readTagged(win.buf.subarray(0, win.limit), this.pos - win.base, tag, arity);
      this.pos = win.base + end;
      return fields;
    } catch (e) {
      if (e instanceof ItemError) throw new ItemError(e.code, e.message, win.base + e.offset);
      throw e;
    }
  }

  /** Skips the checkpoint and cosignature items at the cursor. */
  skipHeads(): void {
    for (let tag = this.peek(); tag === 'checkpoint' || tag === 'cosignature'; tag = this.peek()) this.tagged(tag, tag === 'checkpoint' ? 5 : 6);
  }

  /**
   * A reader positioned at the next record, its end capped one record's length on: a record
   * that does not end within 65,536 bytes is then CBOR_TOO_LARGE wherever the window lies, and
   * CBOR_TRUNCATED is left for a section that really ends (see `recordError`).
   */
  recordReader(): CborReader {
    const win = this.win;
    win.ensure(this.pos, MAX_RECORD_BYTES + 1);
    const rel = this.pos - win.base;
    return new CborReader(win.buf, rel, Math.min(win.limit, rel + MAX_RECORD_BYTES + 1), RECORD_LIMITS);
  }

  /** The error to report for a failure reading the record that starts at `start` (absolute). */
  recordError(e: SuyuanError, start: number): SuyuanError {
    const capped = start + MAX_RECORD_BYTES + 1 <= this.end;
    if (e.code === 'CBOR_TRUNCATED' && capped) return new SuyuanError('CBOR_TOO_LARGE', `record longer than ${MAX_RECORD_BYTES} bytes`, { offset: start });
    return e.offset === undefined ? e : new SuyuanError(e.code, e.detail, { offset: this.win.base + e.offset, ...(e.path !== undefined ? { path: e.path } : {}) });
  }

  /** Reads the next record (the body only if `body`); returns it and its bytes (a view valid until the next read). */
  record(body: boolean): { rec: ParsedRecord; bytes: Uint8Array } {
    const start = this.pos;
    const r = this.recordReader();
    try {
      const rec = readRecord(r, body);
      this.pos = this.win.base + r.pos;
      return { rec, bytes: this.win.buf.subarray(rec.start, r.pos) };
    } catch (e) {
      throw e instanceof SuyuanError ? this.recordError(e, start) : e;
    }
  }
}
