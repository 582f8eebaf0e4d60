/**
 * Verifies a trace excerpt held in memory and opens it for the journey: what
 * `openVerifiedBundle` does in Node, with the portable crypto and nothing from node:*.
 *
 * WORKAROUND (issue 18): `@suyuan/verify/portable` exports `verifyBundleBytes` (the report
 * only); the journey also needs the lot graph, the signed records' bodies and the
 * cosignatures, so this file reaches into verify's sources for the same steps. It is the one
 * place that does; it goes when the portable entry exports an `openVerifiedBundleBytes`.
 */
import { LotQueries, type RecordId } from '@suyuan/food';
import { decodeRecord, nobleCrypto, toHex, type LogRecord } from '@suyuan/core';
import { readHead } from '../../../verify/src/heads.js';
import { ItemCursor } from '../../../verify/src/items.js';
import { runVerification } from '../../../verify/src/run.js';
import type { SectionRef } from '../../../verify/src/section.js';
import { memorySource } from '../../../verify/src/source.js';
import { MemorySpill } from '../../../verify/src/spill-store.js';
import { walkRecords } from '../../../verify/src/walk.js';
import type { OpenedTrace, Witnessing } from './journey.js';

export async function openTrace(bytes: Uint8Array, trust: readonly Uint8Array[]): Promise<OpenedTrace & { cosignatures: Witnessing[] }> {
  const source = memorySource(bytes);
  const host = { crypto: nobleCrypto, newSpill: () => new MemorySpill(), workers: 0 };
  const v = await runVerification(source, { trust: [...trust], food: true }, true, host);
  const verified = v.report.verdict !== 'invalid';
  const records = (ids: readonly RecordId[]) => readRecords(bytes, v.sections, ids);
  if (!verified || v.graph === undefined) return { report: v.report, verified: false, records, cosignatures: [] };
  return { report: v.report, verified, graph: v.graph, queries: new LotQueries(v.graph), records, cosignatures: cosignatures(bytes, v.sections) };
}

function readRecords(bytes: Uint8Array, sections: readonly SectionRef[], ids: readonly RecordId[]): Map<string, LogRecord> {
  const wanted = new Map<string, Set<number>>();
  for (const id of ids) (wanted.get(id.logId) ?? wanted.set(id.logId, new Set()).get(id.logId)!).add(id.seq);
  const out = new Map<string, LogRecord>();
  const source = memorySource(bytes);
  for (const sec of sections) {
    const hex = toHex(sec.header.logId);
    const seqs = wanted.get(hex);
    if (seqs === undefined) continue;
    let left = seqs.size;
    walkRecords(source, sec, (b, seq) => {
      if (!seqs.has(seq)) return true;
      out.set(`${hex}:${seq}`, decodeRecord(Uint8Array.from(b)));
      return --left > 0;
    });
  }
  return out;
}

/** The cosignatures of each section (read after verification, which judged every one of them). */
function cosignatures(bytes: Uint8Array, sections: readonly SectionRef[]): Witnessing[] {
  const out: Witnessing[] = [];
  const source = memorySource(bytes);
  for (const sec of sections) {
    const cur = new ItemCursor(source, sec.bodyStart, sec.bodyStart + sec.header.bytes);
    for (let h = readHead(cur); h !== undefined; h = readHead(cur)) {
      if (h.type === 'cosignature') out.push({ logId: toHex(h.head.logId), witness: toHex(h.head.witness), time: h.head.time });
    }
  }
  return out;
}
