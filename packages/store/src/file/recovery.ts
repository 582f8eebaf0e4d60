import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { HASH_BYTES, bytesEqual } from '@suyuan/core';
import { INDEX_MAGIC, MAGIC_BYTES, scanFrames } from './frame.js';
import { INDEX, INDEX_ENTRY_BYTES, SEGMENT_PATTERN, TEMPORARY_PATTERN, indexPath, segmentName } from './layout.js';
import { readSegmentHeader } from './segment-file.js';

export interface Damage {
  /** File name inside the log directory. */
  file: string;
  offset: number;
  detail: string;
}

export interface SegmentState {
  number: number;
  name: string;
  headerBytes: number;
  /** Bytes of whole frames (and the header): where the next frame goes. */
  validEnd: number;
}

/** Where each whole record is, and its leaf hash, in typed arrays (no object per record). */
export interface Placement {
  count: number;
  segOf: Uint32Array;
  offOf: Uint32Array;
  lenOf: Uint32Array;
  /** Leaf hashes computed from the records, 32 bytes each. */
  leaves: Uint8Array;
}

export interface StoreScan extends Placement {
  segments: SegmentState[];
  /** Index entries, from the start, that agree with the segments; the rest must be rewritten. */
  indexValidEntries: number;
  /** Whole entries in the index file (0 without a usable index). */
  indexFileEntries: number;
  /** False if the index is missing or has no valid header: it must be written afresh. */
  indexUsable: boolean;
  tornTail?: { segment: SegmentState; offset: number; bytes: Buffer };
  corruption?: Damage;
  /** Temporary files a crash left behind. */
  temporary: string[];
  /** Damage to the index alone (the records are whole and in place): reported once the segments are read. */
  indexDamage?: Damage;
}

type LeafHash = (record: Uint8Array) => Uint8Array;
/** The leaf hash of a log, chosen from its first record (a genesis names its suite). */
export type LeafHashFor = (first: Uint8Array) => LeafHash;

/**
 * Reads a log directory completely and decides what is whole, what is a torn tail and what
 * is damage. Segments are the truth (every frame has a CRC, every segment header the seq of
 * its first record); the index is a cache that is checked entry by entry against them,
 * leaf hashes included, which are recomputed from the records. Changes nothing on disk.
 */
export function scanStore(dir: string, leafHashFor: LeafHashFor): StoreScan {
  let leafHash: LeafHash | undefined;
  const scan: StoreScan = {
    segments: [], count: 0, segOf: new Uint32Array(1024), offOf: new Uint32Array(1024), lenOf: new Uint32Array(1024), leaves: new Uint8Array(1024 * HASH_BYTES),
    indexValidEntries: 0, indexFileEntries: 0, indexUsable: false, temporary: [],
  };
  // The index before the listing, the listing before the segments: with a writer still
  // running (read-only opens), every entry read names a frame in a segment listed and read.
  const index = readIndex(dir, scan);
  const names = readdirSync(dir);
  scan.temporary = names.filter((n) => TEMPORARY_PATTERN.test(n));
  const check = new IndexCheck(index, scan);
  const segmentNames = names.filter((n) => SEGMENT_PATTERN.test(n)).sort();
  for (let i = 0; i < segmentNames.length && scan.corruption === undefined; i++) {
    const name = segmentNames[i]!;
    const number = Number(SEGMENT_PATTERN.exec(name)![1]);
    if (number !== i + 1) {
      scan.corruption = { file: segmentName(i + 1), offset: 0, detail: `segment ${i + 1} is missing (the next one is ${name})` };
      break;
    }
    const buf = readRegularFile(dir, name, scan);
    if (buf === undefined) break;
    const header = readSegmentHeader(buf);
    if (header === undefined) {
      // Segments are created whole (written, then renamed into place): a bad header is damage.
      scan.corruption = { file: name, offset: 0, detail: 'not a Suyuan segment (bad header)' };
      break;
    }
    if (header.firstSeq !== undefined && header.firstSeq !== scan.count) {
      scan.corruption = misplaced(scan, name, header.firstSeq);
      break;
    }
    const seg: SegmentState = { number, name, headerBytes: header.headerBytes, validEnd: header.headerBytes };
    scan.segments.push(seg);
    const frames = scanFrames(buf, header.headerBytes, buf.length);
    for (const f of frames.frames) {
      const payload = buf.subarray(f.payloadStart, f.end);
      leafHash ??= leafHashFor(payload);
      const leaf = leafHash(payload);
      if (!check.record(scan.count, number, f.offset, leaf)) break;
      place(scan, number, f.offset, f.end - f.payloadStart, leaf);
    }
    seg.validEnd = frames.validEnd;
    const p = frames.problem;
    if (p !== undefined && scan.corruption === undefined) {
      if (i < segmentNames.length - 1 || p.validFrameAfter) {
        scan.corruption = { file: name, offset: p.offset, detail: `frame at byte ${p.offset} is damaged (${p.reason}) and ${p.validFrameAfter ? 'whole frames follow it' : 'later segments follow it'}` };
      } else {
        scan.tornTail = { segment: seg, offset: p.offset, bytes: buf.subarray(p.offset) };
      }
    }
  }
  if (scan.corruption === undefined) check.finish();
  if (scan.corruption === undefined && scan.indexDamage !== undefined) scan.corruption = scan.indexDamage;
  return scan;
}

/** A version 2 segment that does not start where the segments before it end. */
function misplaced(scan: StoreScan, name: string, firstSeq: number): Damage {
  const previous = scan.segments.at(-1);
  if (firstSeq > scan.count && previous !== undefined) {
    return { file: previous.name, offset: previous.validEnd, detail: `${previous.name} ends at byte ${previous.validEnd} after record ${scan.count - 1}, but ${name} starts at record ${firstSeq}: records ${scan.count}..${firstSeq - 1} were cut off` };
  }
  return { file: name, offset: 0, detail: `${name} starts at record ${firstSeq}, but the segments before it hold ${scan.count} records (segments moved, swapped or replaced)` };
}

function place(p: Placement, segment: number, offset: number, length: number, leaf: Uint8Array): void {
  if (p.count === p.segOf.length) {
    const grow = <T extends Uint32Array | Uint8Array>(a: T, n: number): T => { const b = new (a.constructor as new (n: number) => T)(n); b.set(a); return b; };
    p.segOf = grow(p.segOf, p.count * 2);
    p.offOf = grow(p.offOf, p.count * 2);
    p.lenOf = grow(p.lenOf, p.count * 2);
    p.leaves = grow(p.leaves, p.count * 2 * HASH_BYTES);
  }
  p.segOf[p.count] = segment;
  p.offOf[p.count] = offset;
  p.lenOf[p.count] = length;
  p.leaves.set(leaf, p.count * HASH_BYTES);
  p.count++;
}

/** A store file's bytes, or undefined (and the damage noted) if it is not a regular file. */
function readRegularFile(dir: string, name: string, scan: StoreScan): Buffer | undefined {
  const path = join(dir, name);
  if (!statSync(path).isFile()) {
    scan.corruption = { file: name, offset: 0, detail: `${name} is not a regular file` };
    return undefined;
  }
  return readFileSync(path);
}

function readIndex(dir: string, scan: StoreScan): Buffer | undefined {
  let st;
  try {
    st = statSync(indexPath(dir));
  } catch {
    return undefined; // no index: rebuilt from the segments
  }
  if (!st.isFile()) {
    scan.indexDamage = { file: INDEX, offset: 0, detail: 'index is not a regular file' };
    return undefined;
  }
  const index = readFileSync(indexPath(dir));
  if (index.length < MAGIC_BYTES || !index.subarray(0, MAGIC_BYTES).equals(INDEX_MAGIC)) return undefined;
  scan.indexUsable = true;
  scan.indexFileEntries = Math.floor((index.length - MAGIC_BYTES) / INDEX_ENTRY_BYTES);
  return index;
}

/**
 * Index entries are written only after their frames were synced, and whole (with a CRC):
 * an entry with a bad CRC is a damaged cache entry and is rewritten, but an entry with a
 * good CRC that disagrees with the segments (another place, another leaf hash) or names a
 * record the segments no longer hold is damage.
 */
class IndexCheck {
  private firstBad = -1;

  constructor(private readonly index: Buffer | undefined, private readonly scan: StoreScan) {}

  private entry(i: number): Buffer | undefined {
    if (this.index === undefined || i >= this.scan.indexFileEntries) return undefined;
    const at = MAGIC_BYTES + i * INDEX_ENTRY_BYTES;
    const e = this.index.subarray(at, at + INDEX_ENTRY_BYTES);
    return crc32(e.subarray(0, 40)) === e.readUInt32BE(40) ? e : undefined;
  }

  /** Checks record i (found in `segment` at `offset`) against its entry; false if its place disagrees: stop there. */
  record(i: number, segment: number, offset: number, leaf: Uint8Array): boolean {
    const e = this.entry(i);
    const s = this.scan;
    if (e === undefined) {
      if (this.firstBad < 0) this.firstBad = i;
      return true;
    }
    const at = MAGIC_BYTES + i * INDEX_ENTRY_BYTES;
    if (e.readUInt32BE(0) !== segment || e.readUInt32BE(4) !== offset) {
      s.corruption = { file: INDEX, offset: at, detail: `index entry ${i} puts record ${i} in ${segmentName(e.readUInt32BE(0))} at byte ${e.readUInt32BE(4)}, but the segments hold it in ${segmentName(segment)} at byte ${offset} (a segment was cut, moved or replaced)` };
      return false;
    }
    if (!bytesEqual(e.subarray(8, 40), leaf)) {
      s.indexDamage ??= { file: INDEX, offset: at, detail: `index entry ${i} holds a leaf hash that is not record ${i}'s (its CRC is good: not a torn write)` };
    }
    return true;
  }

  finish(): void {
    const s = this.scan;
    s.indexValidEntries = this.firstBad < 0 ? Math.min(s.count, s.indexFileEntries) : this.firstBad;
    for (let i = s.count; i < s.indexFileEntries; i++) {
      const e = this.entry(i);
      if (e === undefined) continue;
      const file = segmentName(e.readUInt32BE(0));
      s.corruption = { file, offset: e.readUInt32BE(4), detail: `the index lists record ${i}, but only ${s.count} records are whole: record ${s.count} was stored and is now damaged or missing` };
      return;
    }
  }
}
