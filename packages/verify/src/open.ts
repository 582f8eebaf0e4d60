import { decodeRecord, type LogRecord } from '@suyuan/core';
import { LotQueries, type LotGraph, type RecordId } from '@suyuan/food';
import type { SectionRef } from './section.js';
import { fileSource } from './file-source.js';
import { memorySource } from './source.js';
import { verify, type BundleReport, type VerifyBundleOptions } from './verifier.js';
import { walkRecords } from './walk.js';

export interface OpenOptions extends Omit<VerifyBundleOptions, 'food'> {
  /** Answer even when the bundle is invalid; the caller must then mark every answer as unverified. */
  unverified?: boolean;
}

export interface OpenedBundle {
  report: BundleReport;
  /** True when the bundle is not invalid (valid, valid with warnings, or unsigned): its answers are verified facts. */
  verified: boolean;
  /**
   * The lot graph of the signed records of every log whose chain verified; records no verified
   * checkpoint covers are never in it. Absent when the bundle is invalid and `unverified` was not asked.
   */
  graph?: LotGraph;
  queries?: LotQueries;
  /** Each log's enrolled name, by hex log id. */
  names: Map<string, string>;
  /** Reads records back (with their bodies) by id, for reports: one pass over each log concerned. Keys are `${logId}:${seq}`. */
  records(ids: readonly RecordId[]): Map<string, LogRecord>;
}

/**
 * What trace, recall and report stand on: verifies the bundle first (food rules on), then
 * gives the lot graph only if the bundle is not invalid, or if the caller asks for
 * `unverified` answers (and says so to its user).
 */
export async function openVerifiedBundle(input: string | Uint8Array, opts: OpenOptions): Promise<OpenedBundle> {
  const v = await verify(input, { ...opts, food: true }, true);
  const verified = v.report.verdict !== 'invalid';
  const names = new Map(v.report.logs.flatMap((l) => (l.name !== undefined ? [[l.logId, l.name] as const] : [])));
  const records = (ids: readonly RecordId[]) => readRecords(input, v.sections, ids);
  if (!verified && opts.unverified !== true) return { report: v.report, verified, names, records };
  const graph = v.graph!;
  return { report: v.report, verified, graph, queries: new LotQueries(graph), names, records };
}

function readRecords(input: string | Uint8Array, sections: readonly SectionRef[], ids: readonly RecordId[]): Map<string, LogRecord> {
  const wanted = new Map<string, Set<number>>();
  for (const id of ids) (wanted.get(id.logId) ?? wanted.set(id.logId, new Set()).get(id.logId)!).add(id.seq);
  const out = new Map<string, LogRecord>();
  const source = typeof input === 'string' ? fileSource(input) : memorySource(input);
  try {
    for (const sec of sections) {
      const hex = Buffer.from(sec.header.logId).toString('hex');
      const seqs = wanted.get(hex);
      if (seqs === undefined) continue;
      let left = seqs.size;
      walkRecords(source, sec, (bytes, seq) => {
        if (!seqs.has(seq)) return true;
        out.set(`${hex}:${seq}`, decodeRecord(Uint8Array.from(bytes)));
        return --left > 0;
      });
    }
    return out;
  } finally {
    source.close();
  }
}
