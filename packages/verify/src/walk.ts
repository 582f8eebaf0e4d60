import { CborReader, MAX_RECORD_BYTES, RECORD_LIMITS, decodeRecord, readRecord, type LogRecord } from '@suyuan/core';
import { peekTag, readTagged } from './format.js';
import type { SectionRef } from './section.js';
import { Window, type ByteSource } from './source.js';

const ROOM = MAX_RECORD_BYTES + 4096;

/**
 * Walks the records of a section that has already been verified (so its structure is known
 * to be sound), calling `visit` with each record's bytes and seq. Used to look records up a
 * second time: leaf hashes for references, bodies for the food rules.
 */
export function walkRecords(source: ByteSource, sec: SectionRef, visit: (bytes: Uint8Array, seq: number) => void): void {
  const end = sec.bodyStart + sec.header.bytes;
  const win = new Window(source, sec.bodyStart, end);
  let pos = sec.bodyStart;
  for (let i = 0; i < sec.header.records && pos < end; i++) {
    win.ensure(pos, ROOM);
    let rel = pos - win.base;
    for (let tag = peekTag(win.buf, rel, win.limit); tag === 'checkpoint' || tag === 'cosignature' || tag === 'proof'; tag = peekTag(win.buf, rel, win.limit)) {
      rel = readTagged(win.buf, rel, tag, tag === 'checkpoint' ? 5 : tag === 'cosignature' ? 6 : 2).end;
    }
    const r = new CborReader(win.buf, rel, win.limit, RECORD_LIMITS);
    const rec = readRecord(r, false);
    visit(win.buf.subarray(rel, r.pos), rec.seq);
    pos = win.base + r.pos;
  }
}

/** Every record of a section, decoded with its body. */
export function decodeSection(source: ByteSource, sec: SectionRef): LogRecord[] {
  const out: LogRecord[] = [];
  walkRecords(source, sec, (bytes) => out.push(decodeRecord(Uint8Array.from(bytes))));
  return out;
}
