import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { nodeCrypto } from '@suyuan/core/node';
import { INDEX_MAGIC, MAGIC_BYTES, SEGMENT_MAGIC, scanFrames } from './frame.js';
import { INDEX_ENTRY_BYTES, SEGMENT_PATTERN, indexPath, segmentName } from './layout.js';

export interface ScannedRecord {
  segment: number;
  offset: number;
  length: number;
  leafHash: Uint8Array;
}

export interface SegmentState {
  number: number;
  name: string;
  /** Bytes of whole frames (and the header): where the next frame goes. */
  validEnd: number;
  /** Actual file size on disk. */
  fileSize: number;
}

export interface StoreScan {
  segments: SegmentState[];
  records: ScannedRecord[];
  /** Index entries that agree with the segments; the rest must be rewritten. */
  indexValidEntries: number;
  indexFileEntries: number;
  tornTail?: { segment: SegmentState; offset: number; bytes: Buffer };
  corruption?: { file: string; offset: number; detail: string };
}

/**
 * Reads a log directory completely and decides what is whole, what is a torn tail and what
 * is damage. Segments are the truth (every frame has a CRC); the index is a cache that is
 * checked against them. Changes nothing on disk.
 */
export function scanStore(dir: string): StoreScan {
  const names = readdirSync(dir).filter((n) => SEGMENT_PATTERN.test(n)).sort();
  const segments: SegmentState[] = [];
  const records: ScannedRecord[] = [];
  const scan: StoreScan = { segments, records, indexValidEntries: 0, indexFileEntries: 0 };
  const payloads: Buffer[] = [];
  let stopped = false;
  for (let i = 0; i < names.length && !stopped; i++) {
    const name = names[i]!;
    const number = Number(SEGMENT_PATTERN.exec(name)![1]);
    if (number !== i + 1) {
      scan.corruption = { file: segmentName(i + 1), offset: 0, detail: `segment ${i + 1} is missing (found ${name})` };
      break;
    }
    const buf = readFileSync(join(dir, name));
    const isLast = i === names.length - 1;
    const seg: SegmentState = { number, name, validEnd: MAGIC_BYTES, fileSize: buf.length };
    const header = buf.subarray(0, MAGIC_BYTES);
    if (!header.equals(SEGMENT_MAGIC)) {
      // Segments are created whole (header written, then renamed into place), so a bad
      // header is damage, never a crash during creation.
      scan.corruption = { file: name, offset: 0, detail: 'not a Suyuan segment (bad header)' };
      break;
    }
    const frames = scanFrames(buf, MAGIC_BYTES, buf.length);
    for (const f of frames.frames) {
      records.push({ segment: number, offset: f.offset, length: f.end - f.payloadStart, leafHash: new Uint8Array(0) });
      payloads.push(buf.subarray(f.payloadStart, f.end));
    }
    seg.validEnd = frames.validEnd;
    segments.push(seg);
    if (frames.problem !== undefined) {
      const p = frames.problem;
      if (!isLast || p.validFrameAfter) {
        scan.corruption = { file: name, offset: p.offset, detail: `frame at byte ${p.offset} is damaged (${p.reason}) and whole frames follow it` };
      } else {
        scan.tornTail = { segment: seg, offset: p.offset, bytes: buf.subarray(p.offset) };
      }
      stopped = true;
    }
  }
  checkIndex(dir, scan, payloads);
  return scan;
}

/** Takes leaf hashes from index entries that agree with the segments; hashes the rest. */
function checkIndex(dir: string, scan: StoreScan, payloads: Buffer[]): void {
  let index: Buffer;
  try {
    index = readFileSync(indexPath(dir));
  } catch {
    index = Buffer.alloc(0);
  }
  const headerOk = index.length >= MAGIC_BYTES && index.subarray(0, MAGIC_BYTES).equals(INDEX_MAGIC);
  const entries = headerOk ? Math.floor((index.length - MAGIC_BYTES) / INDEX_ENTRY_BYTES) : 0;
  scan.indexFileEntries = entries;
  const records = scan.records;
  let valid = 0;
  for (; valid < Math.min(entries, records.length); valid++) {
    const at = MAGIC_BYTES + valid * INDEX_ENTRY_BYTES;
    const e = index.subarray(at, at + INDEX_ENTRY_BYTES);
    const r = records[valid]!;
    if (crc32(e.subarray(0, 40)) !== e.readUInt32BE(40) || e.readUInt32BE(0) !== r.segment || e.readUInt32BE(4) !== r.offset) break;
    r.leafHash = Uint8Array.from(e.subarray(8, 40));
  }
  scan.indexValidEntries = valid;
  for (let i = valid; i < records.length; i++) records[i]!.leafHash = nodeCrypto.leafHash(payloads[i]!);
  // Index entries are written only after their frames were made durable, so whole entries
  // beyond the whole frames mean durable records were lost or damaged.
  if (scan.corruption === undefined && valid === records.length && entries > records.length) {
    for (let i = records.length; i < entries; i++) {
      const at = MAGIC_BYTES + i * INDEX_ENTRY_BYTES;
      const e = index.subarray(at, at + INDEX_ENTRY_BYTES);
      if (crc32(e.subarray(0, 40)) !== e.readUInt32BE(40)) continue;
      const file = segmentName(e.readUInt32BE(0));
      scan.corruption = { file, offset: e.readUInt32BE(4), detail: `the index records ${entries} records but only ${records.length} are whole: record ${records.length} was stored and is now damaged or missing` };
      break;
    }
  }
}
