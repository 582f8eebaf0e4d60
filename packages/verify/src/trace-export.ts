import { MerkleTree, decodeRecord, toHex, type Checkpoint, type Cosignature } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { LotGraph, LotQueries, type RecordId, type TraceStart } from '@suyuan/food';
import type { BundleWriter } from './writer.js';

export interface TraceExportInput {
  logs: readonly { logId: Uint8Array; enterprise: string; records: readonly Uint8Array[]; checkpoints: readonly Checkpoint[]; cosignatures?: readonly Cosignature[] }[];
  start: TraceStart;
}

/**
 * Writes what a trace back needs and nothing else: for each business on the way, an excerpt
 * with its genesis and the records of the lots upstream of `start` (how they came in, what
 * was done to them, their tests and inputs), each with an inclusion proof against the
 * business's latest checkpoint. Records newer than that checkpoint cannot be proven and are
 * left out (listed in `omitted`).
 */
export function exportTrace(writer: BundleWriter, input: TraceExportInput): { included: number; omitted: RecordId[] } {
  const decoded = input.logs.map((l) => ({ logId: l.logId, enterprise: l.enterprise, records: l.records.map((r) => decodeRecord(r)) }));
  const graph = LotGraph.build(decoded);
  const trace = new LotQueries(graph).traceBack(input.start);
  const wanted = new Map<string, Set<number>>();
  const want = (logId: string, seq: number) => (wanted.get(logId) ?? wanted.set(logId, new Set()).get(logId)!).add(seq);
  for (const lot of trace.lots) {
    const node = graph.node(graph.logNumber(lot.logId)!, lot.lot)!;
    for (const id of node.events) {
      const ev = graph.event(id);
      want(lot.logId, ev.seq);
      for (const c of ev.kind === 'food.receive' ? [graph.shipOf.get(ev.id)] : []) if (c !== undefined) want(graph.recordOf(c).logId, graph.recordOf(c).seq);
    }
  }
  for (const o of trace.origins) for (const r of o.inputs) want(r.logId, r.seq);
  let included = 0;
  const omitted: RecordId[] = [];
  for (const log of input.logs) {
    const hex = toHex(log.logId);
    const seqs = [...(wanted.get(hex) ?? [])].filter((s) => s > 0).sort((a, b) => a - b);
    if (seqs.length === 0) continue;
    const cp = [...log.checkpoints].sort((a, b) => b.size - a.size)[0];
    const tree = new MerkleTree(nodeCrypto);
    for (const r of log.records) tree.append(nodeCrypto.leafHash(r));
    const provable = cp === undefined ? [] : seqs.filter((s) => s < cp.size);
    for (const s of seqs) if (!provable.includes(s)) omitted.push({ logId: hex, seq: s });
    if (cp === undefined || provable.length === 0) continue;
    writer.addExcerpt({
      logId: log.logId, genesis: log.records[0]!, checkpoints: [cp], cosignatures: (log.cosignatures ?? []).filter((c) => c.size === cp.size),
      records: provable.map((seq) => ({ seq, record: log.records[seq]!, size: cp.size, proof: tree.inclusionProof(seq, cp.size) })),
    });
    included += provable.length;
  }
  return { included, omitted };
}
