import { bytesEqual, toHex } from '@suyuan/core';
import type { BundleFinding } from './findings.js';
import { EXCERPT_LEAF_BYTES, REF_ENTRY_BYTES, type SectionResult } from './section.js';
import type { SpillStore as Spill } from './spill-store.js';

/** Refs are read back this many at a time. */
const BATCH = 4096;

/**
 * Every reference between logs must name a record that is in the bundle, with the leaf hash
 * it states, under a signed checkpoint. The references and the leaf hashes were spilled while
 * the sections were verified; here each reference is looked up by position (a full log's
 * leaves are indexed by seq; an excerpt's are searched), so memory does not grow with either.
 */
export function checkRefs(results: readonly SectionResult[], threads: readonly { leaves: Spill; refs: Spill }[], report: (f: BundleFinding) => void): void {
  const byLog = new Map<string, SectionResult>();
  for (const r of results) byLog.set(r.logId, r);
  for (const t of threads) {
    for (let at = 0; at < t.refs.size; at += BATCH * REF_ENTRY_BYTES) {
      const n = Math.min(BATCH * REF_ENTRY_BYTES, t.refs.size - at);
      const chunk = Uint8Array.from(t.refs.read(at, n)); // a copy: leaf lookups below reuse the spills' read buffers
      const view = new DataView(chunk.buffer);
      for (let o = 0; o < n; o += REF_ENTRY_BYTES) {
        const from = results[view.getUint32(o)]!;
        const fromSeq = view.getFloat64(o + 4);
        const to = toHex(chunk.subarray(o + 12, o + 44));
        const seq = view.getFloat64(o + 44);
        const leafHash = chunk.subarray(o + 52, o + 84);
        checkOne(from.logId, fromSeq, to, seq, leafHash, byLog.get(to), threads, report);
      }
    }
  }
}

function checkOne(from: string, fromSeq: number, to: string, seq: number, leafHash: Uint8Array, target: SectionResult | undefined, threads: readonly { leaves: Spill }[], report: (f: BundleFinding) => void): void {
  const at = { logId: from, seq: fromSeq };
  const name = `${to.slice(0, 12)}…#${seq}`;
  if (target === undefined) {
    report({ code: 'REF_LOG_ABSENT', severity: 'warning', layer: 'refs', message: `refers to ${name}, whose log is not in the bundle`, ...at });
    return;
  }
  const leaf = leafOf(target, seq, threads);
  if (leaf === undefined) {
    report({ code: 'REF_TARGET_ABSENT', severity: 'error', layer: 'refs', message: `refers to ${name}, which the bundle does not hold (or which did not verify)`, ...at });
  } else if (!bytesEqual(leaf, leafHash)) {
    report({ code: 'REF_HASH_MISMATCH', severity: 'error', layer: 'refs', message: `refers to ${name} with a leaf hash that is not that record's`, ...at });
  } else if (target.mode === 'full' && seq >= target.signedSize) {
    report({ code: 'REF_UNSIGNED', severity: 'warning', layer: 'refs', message: `refers to ${name}, which no verified checkpoint covers yet`, ...at });
  }
}

/** The leaf hash of record `seq` of a verified section, if the section holds it sound (full) or proven (excerpt). */
function leafOf(t: SectionResult, seq: number, threads: readonly { leaves: Spill }[]): Uint8Array | undefined {
  const spill = threads[t.leaves.thread]!.leaves;
  if (t.mode === 'full') return seq < t.leaves.count ? spill.read(t.leaves.offset + seq * 32, 32) : undefined;
  let lo = 0;
  let hi = t.leaves.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const e = spill.read(t.leaves.offset + mid * EXCERPT_LEAF_BYTES, EXCERPT_LEAF_BYTES);
    const s = new DataView(e.buffer, e.byteOffset, 8).getFloat64(0);
    if (s === seq) return e.subarray(8, 40);
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
