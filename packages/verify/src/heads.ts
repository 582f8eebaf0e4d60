import { bytesEqual, toHex, verifyCheckpointSignature, verifyCosignatureSignature, type Checkpoint, type Cosignature, type SuiteCrypto } from '@suyuan/core';
import type { BundleFinding } from './findings.js';
import { parseCheckpointItem, parseCosignatureItem } from './format.js';
import { ItemCursor } from './items.js';
import type { ByteSource } from './source.js';

export type Head = { type: 'checkpoint'; head: Checkpoint; at: number } | { type: 'cosignature'; head: Cosignature; at: number };

/** Distinct items remembered at one size, to judge a repeated item once. */
const SEEN_PER_SIZE = 64;

/** Reads the head item at the cursor, if the next item is one. */
export function readHead(cur: ItemCursor): Head | undefined {
  const tag = cur.peek();
  if (tag !== 'checkpoint' && tag !== 'cosignature') return undefined;
  const at = cur.pos;
  const fields = cur.tagged(tag, tag === 'checkpoint' ? 5 : 6);
  return tag === 'checkpoint' ? { type: tag, head: parseCheckpointItem(fields, at), at } : { type: tag, head: parseCosignatureItem(fields, at), at };
}

const keyOf = (h: Head) => `${h.type}:${h.head.time}:${toHex(h.head.root)}:${toHex(h.head.logId)}:${toHex(h.head.signature)}:${h.type === 'cosignature' ? toHex(h.head.witness) : ''}`;

/** Runs of heads in size order read side by side; heads past this many runs are kept in memory, up to SIDE_LIMIT. */
const MAX_RUNS = 16;
const SIDE_LIMIT = 65_536;
/** A run's read window: several head items at once (a read makes room for the largest item, 64 KiB). */
const RUN_CHUNK = 256 * 1024;

/** What a first pass over a section's heads finds: where they end, the runs in size order, the largest checkpoint claimed, repeats. */
export interface HeadsOutline {
  end: number;
  maxClaimed: number;
  duplicates: number;
  /** Byte ranges of runs of heads in non-decreasing size order (a round-1 writer gave every checkpoint, then every cosignature: two runs). */
  runs: { start: number; end: number }[];
  /** Heads after MAX_RUNS runs, kept in memory. */
  side: Head[];
  /** Heads beyond even that: not judged (BUNDLE_HEAD_ORDER). */
  unjudged: number;
}

/**
 * Skims the heads without judging them. FORMAT.md §11 asks writers for size order; heads in
 * another order are still judged, from up to MAX_RUNS sorted runs read side by side and a
 * bounded list for the rest. Memory: the items of one size, the run bounds, the side list.
 */
export function outlineHeads(cur: ItemCursor): HeadsOutline {
  const o: HeadsOutline = { end: cur.pos, maxClaimed: 0, duplicates: 0, runs: [], side: [], unjudged: 0 };
  let size = 0;
  let seen = new Set<string>();
  let runStart = cur.pos;
  let sideMode = false;
  for (let h = readHead(cur); h !== undefined; h = readHead(cur)) {
    if (h.type === 'checkpoint') o.maxClaimed = Math.max(o.maxClaimed, h.head.size);
    if (!sideMode && h.head.size < size) {
      o.runs.push({ start: runStart, end: h.at });
      runStart = h.at;
      if (o.runs.length === MAX_RUNS) sideMode = true;
    }
    if (sideMode) {
      if (o.side.length < SIDE_LIMIT) o.side.push(h);
      else o.unjudged++;
      continue;
    }
    if (h.head.size !== size) { size = h.head.size; seen = new Set(); }
    const k = keyOf(h);
    if (seen.has(k)) o.duplicates++;
    else if (seen.size < SEEN_PER_SIZE) seen.add(k);
  }
  o.end = cur.pos;
  if (!sideMode && cur.pos > runStart) o.runs.push({ start: runStart, end: cur.pos });
  o.side.sort((a, b) => a.head.size - b.head.size);
  return o;
}

/** A sorted stream of heads: one run read from the bundle, or the side list. */
interface HeadStream {
  peek: Head | undefined;
  pop(): void;
}

function runStream(cur: ItemCursor): HeadStream {
  const s = { peek: undefined as Head | undefined, pop: () => { s.peek = cur.atEnd ? undefined : readHead(cur); } };
  s.pop();
  return s;
}

function listStream(list: Head[]): HeadStream {
  let i = 0;
  const s = { peek: list[0], pop: () => { s.peek = list[++i]; } };
  return s;
}

/**
 * Judges a section's heads as the log's records reach their sizes, reading them a second time
 * (each run from its own cursor, merged by size): memory stays at the heads of one size and
 * the outline's side list, however many heads the section has. Each head: another log id, a
 * bad signature, a root other than the records', or verified; validly signed checkpoints of
 * one size with different roots are equivocation.
 */
export class HeadJudge {
  private next: Head | undefined;
  private readonly streams: HeadStream[];
  private size = 0;
  private judged = new Map<string, boolean>();
  private signedRoot: Uint8Array | undefined;
  /** Largest verified checkpoint size. */
  signedSize = 0;
  equivocation = false;
  /** Heads that repeat one of their size byte for byte. */
  repeats = 0;
  /** The log's suite provider: set when its genesis is read, before any head is judged. */
  crypto: SuiteCrypto | undefined;

  constructor(source: ByteSource, outline: HeadsOutline, private readonly logId: Uint8Array, private readonly report: (f: Omit<BundleFinding, 'logId' | 'layer'>) => void) {
    this.streams = [...outline.runs.map((r) => runStream(new ItemCursor(source, r.start, r.end, RUN_CHUNK))), listStream(outline.side)];
    this.advance();
  }

  private advance(): void {
    for (;;) {
      let best: HeadStream | undefined;
      for (const s of this.streams) if (s.peek !== undefined && (best === undefined || s.peek.head.size < best.peek!.head.size)) best = s;
      this.next = best?.peek;
      best?.pop();
      if (this.next === undefined || this.next.head.size >= 1) return;
      this.report({ code: 'CHECKPOINT_SHAPE', severity: 'error', message: `${this.next.type} has size ${this.next.head.size}; sizes start at 1`, offset: this.next.at });
    }
  }
  /** The size of the next head to judge, or Infinity. */
  get nextSize(): number {
    return this.next?.head.size ?? Infinity;
  }

  /**
   * Judges every head of size `size` against `root` (undefined: the log does not reach that
   * size; `broken`: because a record failed, so nothing is said of missing records).
   */
  judge(size: number, root: Uint8Array | undefined, author: Uint8Array, broken: boolean, recordsHere: number): void {
    while (this.next !== undefined && this.next.head.size === size) {
      const h = this.next;
      if (h.head.size !== this.size) { this.size = h.head.size; this.judged = new Map(); this.signedRoot = undefined; }
      this.one(h, root, author, broken, recordsHere);
      this.advance();
    }
  }

  private one(h: Head, root: Uint8Array | undefined, author: Uint8Array, broken: boolean, recordsHere: number): void {
    const label = h.type;
    const where = { seq: h.head.size - 1, offset: h.at };
    if (!bytesEqual(h.head.logId, this.logId)) {
      this.report({ code: 'CHECKPOINT_LOG_ID', severity: 'error', message: `${label} at size ${h.head.size} names another log`, ...where });
      return;
    }
    const key = keyOf(h);
    let ok = this.judged.get(key);
    const repeat = ok !== undefined;
    if (repeat) this.repeats++;
    if (ok === undefined) {
      ok = h.type === 'checkpoint' ? verifyCheckpointSignature(this.crypto!, h.head, author) : verifyCosignatureSignature(this.crypto!, h.head);
      if (this.judged.size < SEEN_PER_SIZE) this.judged.set(key, ok);
    }
    if (!ok) {
      this.report({ code: h.type === 'checkpoint' ? 'CHECKPOINT_SIGNATURE' : 'COSIGNATURE_SIGNATURE', severity: 'error', message: `${label} at size ${h.head.size} has an invalid signature`, ...where });
      return;
    }
    if (repeat) return; // a byte-for-byte repeat of a head already judged valid
    if (h.type === 'checkpoint') {
      if (this.signedRoot === undefined) this.signedRoot = h.head.root;
      else if (!bytesEqual(this.signedRoot, h.head.root)) {
        this.equivocation = true;
        this.report({ code: 'CHECKPOINT_EQUIVOCATION', severity: 'error', message: `two different roots are signed for size ${h.head.size}`, ...where });
      }
    }
    if (root === undefined) {
      if (!broken) this.report({ code: 'CHECKPOINT_BEYOND_LOG', severity: 'warning', message: `${label} signs ${h.head.size} records but the log has ${recordsHere}: records are missing`, ...where });
      return;
    }
    if (!bytesEqual(h.head.root, root)) {
      this.report({ code: 'CHECKPOINT_ROOT_MISMATCH', severity: 'error', message: `${label} at size ${h.head.size} signs a root the log's records do not give`, ...where });
      return;
    }
    if (h.type === 'checkpoint') this.signedSize = Math.max(this.signedSize, h.head.size);
  }
}
