import { bytesEqual, toHex, verifyCheckpointSignature, verifyCosignatureSignature, type Checkpoint, type Cosignature, type CryptoProvider } from '@suyuan/core';
import type { BundleFinding } from './findings.js';
import { parseCheckpointItem, parseCosignatureItem } from './format.js';
import type { ItemCursor } from './items.js';

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

/** What a first pass over a section's heads finds: where they end, the largest checkpoint claimed, repeats and disorder. */
export interface HeadsOutline {
  end: number;
  count: number;
  maxClaimed: number;
  duplicates: number;
  outOfOrder: { at: number; size: number }[];
}

/**
 * Skims the heads (FORMAT.md §11: in non-decreasing size order) without judging them. Memory:
 * the items of one size (at most SEEN_PER_SIZE remembered) and the first few out of order.
 */
export function outlineHeads(cur: ItemCursor): HeadsOutline {
  const o: HeadsOutline = { end: cur.pos, count: 0, maxClaimed: 0, duplicates: 0, outOfOrder: [] };
  let size = 0;
  let seen = new Set<string>();
  for (let h = readHead(cur); h !== undefined; h = readHead(cur)) {
    o.count++;
    if (h.head.size < size) {
      if (o.outOfOrder.length < 8) o.outOfOrder.push({ at: h.at, size: h.head.size });
      continue;
    }
    if (h.head.size !== size) { size = h.head.size; seen = new Set(); }
    const k = keyOf(h);
    if (seen.has(k)) o.duplicates++;
    else if (seen.size < SEEN_PER_SIZE) seen.add(k);
    if (h.type === 'checkpoint') o.maxClaimed = Math.max(o.maxClaimed, h.head.size);
  }
  o.end = cur.pos;
  return o;
}

/**
 * Judges a section's heads as the log's records reach their sizes, reading them a second time
 * from their own cursor: memory stays at the heads of one size, however many the section has.
 * Each head: another log id, a bad signature, a root other than the records', or verified;
 * validly signed checkpoints of one size with different roots are equivocation.
 */
export class HeadJudge {
  private next: Head | undefined;
  private size = 0;
  private judged = new Map<string, boolean>();
  private signedRoot: Uint8Array | undefined;
  /** Largest verified checkpoint size. */
  signedSize = 0;
  equivocation = false;

  constructor(private readonly cur: ItemCursor, private readonly crypto: CryptoProvider, private readonly logId: Uint8Array, private readonly report: (f: Omit<BundleFinding, 'logId' | 'layer'>) => void) {
    this.advance();
  }

  private advance(): void {
    for (;;) {
      this.next = this.cur.atEnd ? undefined : readHead(this.cur);
      if (this.next === undefined) return;
      if (this.next.head.size < 1) {
        this.report({ code: 'CHECKPOINT_SHAPE', severity: 'error', message: `${this.next.type} has size ${this.next.head.size}; sizes start at 1`, offset: this.next.at });
        continue;
      }
      if (this.next.head.size >= this.size) return; // out of order: reported by the outline, skipped here
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
    if (ok === undefined) {
      ok = h.type === 'checkpoint' ? verifyCheckpointSignature(this.crypto, h.head, author) : verifyCosignatureSignature(this.crypto, h.head);
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
