import { decodeRecord, type LogRecord, type ParsedRecord } from '@suyuan/core';
import { ItemCursor } from './items.js';
import type { SectionRef } from './section.js';
import { readSignedRecord, type SignedRecord } from './signed-record.js';
import type { ByteSource } from './source.js';

/**
 * Reads the records of a section in order (bodies built only if `body`), calling `visit` with
 * each record and its bytes, at most `count` records, until `visit` returns false. The bytes
 * and every byte string in the record (log id, prev, refs, byte strings of the body) are views
 * of the read window, valid during the call only. Proof items of an excerpt are skipped.
 * Throws on an item that cannot be read: callers walk sections already verified, or catch.
 */
function eachRecord(source: ByteSource, sec: SectionRef, body: boolean, visit: (rec: ParsedRecord, bytes: Uint8Array) => boolean | void, count: number): void {
  const cur = new ItemCursor(source, sec.bodyStart, sec.bodyStart + sec.header.bytes);
  cur.skipHeads();
  const excerpt = sec.header.mode === 'excerpt';
  for (let i = 0; i < sec.header.records && i < count && !cur.atEnd; i++) {
    const { rec, bytes } = cur.record(body);
    if (visit(rec, bytes) === false) return;
    if (excerpt && i > 0) cur.tagged('proof', 2);
  }
}

/**
 * Walks the records of a section in order, calling `visit` with each record's bytes (a view,
 * valid during the call) and seq, at most `count` records, until `visit` returns false. Proof items of an excerpt are
 * skipped. Throws on an item that cannot be read: callers walk sections already verified, or
 * catch.
 */
export function walkRecords(source: ByteSource, sec: SectionRef, visit: (bytes: Uint8Array, seq: number, kind: string) => boolean | void, count = Infinity): void {
  eachRecord(source, sec, false, (rec, bytes) => visit(bytes, rec.seq, rec.kind), count);
}

/**
 * Each record of a verified section that its author signed, decoded with its body: records
 * [0, limit) of a full log, every record of an excerpt (each is proven); only those of the
 * `kinds` asked for. Each record is read once, in place: its byte strings (log id, prev, refs,
 * byte strings of the body) are views of the read window, valid during the call only, so a
 * visitor that keeps one copies it (the lot graph and the enrolments keep strings and numbers
 * only: hex ids, names, keys as hex).
 */
export function walkSigned(source: ByteSource, sec: SectionRef, limit: number, visit: (rec: LogRecord) => void, kinds?: (kind: string) => boolean): void {
  const count = sec.header.mode === 'full' ? limit : Infinity; // a sound full log holds seq i at position i
  eachRecord(source, sec, true, (rec) => { if (kinds === undefined || kinds(rec.kind)) visit(rec as LogRecord); }, count);
}

/**
 * `walkSigned` with the bodies left encoded: each record's seq, kind and refs and its bytes,
 * the body at [rec.bodyStart, rec.bodyEnd) of `bytes` (a view of the read window, valid during
 * the call only). The section was read strictly when it was verified, so a lean reader does
 * (signed-record.ts); a record it does not read (e.g. an integer past 2^53 in the kind's
 * place) is read strictly and given to `decoded` instead, with its body.
 */
export function walkSignedEncoded(source: ByteSource, sec: SectionRef, limit: number, kinds: (kind: string) => boolean, encoded: (rec: SignedRecord, bytes: Uint8Array) => void, decoded: (rec: LogRecord) => void): void {
  const cur = new ItemCursor(source, sec.bodyStart, sec.bodyStart + sec.header.bytes);
  cur.skipHeads();
  const excerpt = sec.header.mode === 'excerpt';
  const count = excerpt ? Infinity : limit;
  for (let i = 0; i < sec.header.records && i < count && !cur.atEnd; i++) {
    const r = cur.recordReader();
    const rec = readSignedRecord(r.bytes, r.pos, r.end);
    if (rec !== undefined) {
      cur.pos = cur.win.base + rec.end;
      if (kinds(rec.kind)) encoded(rec, r.bytes);
    } else {
      const strict = cur.record(true).rec;
      if (kinds(strict.kind)) decoded(strict as LogRecord);
    }
    if (excerpt && i > 0) cur.tagged('proof', 2);
  }
}

/** Every record of a section, decoded with its body (copied: the records outlive the read window). */
export function decodeSection(source: ByteSource, sec: SectionRef): LogRecord[] {
  const out: LogRecord[] = [];
  walkRecords(source, sec, (bytes) => { out.push(decodeRecord(Uint8Array.from(bytes))); });
  return out;
}
