import { decodeRecord, type LogRecord } from '@suyuan/core';
import { ItemCursor } from './items.js';
import type { SectionRef } from './section.js';
import type { ByteSource } from './source.js';

/**
 * Walks the records of a section in order, calling `visit` with each record's bytes (a view,
 * valid during the call) and seq, at most `count` records, until `visit` returns false. Proof items of an excerpt are
 * skipped. Throws on an item that cannot be read: callers walk sections already verified, or
 * catch.
 */
export function walkRecords(source: ByteSource, sec: SectionRef, visit: (bytes: Uint8Array, seq: number, kind: string) => boolean | void, count = Infinity): void {
  const cur = new ItemCursor(source, sec.bodyStart, sec.bodyStart + sec.header.bytes);
  cur.skipHeads();
  for (let i = 0; i < sec.header.records && i < count && !cur.atEnd; i++) {
    const { rec, bytes } = cur.record(false);
    if (visit(bytes, rec.seq, rec.kind) === false) return;
    if (sec.header.mode === 'excerpt' && i > 0) cur.tagged('proof', 2);
  }
}

/**
 * Each record of a verified section that its author signed, decoded with its body: records
 * [0, limit) of a full log, every record of an excerpt (each is proven); only those of the
 * `kinds` asked for. Bodies are decoded from a copy, so they outlive the read window.
 */
export function walkSigned(source: ByteSource, sec: SectionRef, limit: number, visit: (rec: LogRecord) => void, kinds?: (kind: string) => boolean): void {
  const count = sec.header.mode === 'full' ? limit : Infinity; // a sound full log holds seq i at position i
  walkRecords(source, sec, (bytes, _seq, kind) => { if (kinds === undefined || kinds(kind)) visit(decodeRecord(Uint8Array.from(bytes))); }, count);
}

/** Every record of a section, decoded with its body. */
export function decodeSection(source: ByteSource, sec: SectionRef): LogRecord[] {
  const out: LogRecord[] = [];
  walkRecords(source, sec, (bytes) => { out.push(decodeRecord(Uint8Array.from(bytes))); });
  return out;
}
