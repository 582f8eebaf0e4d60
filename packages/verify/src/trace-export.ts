import { MerkleTree, decodeRecord, genesisInfo, suiteCrypto, toHex, type Checkpoint, type Cosignature } from '@suyuan/core';
import { nodeCrypto } from '@suyuan/core/node';
import { LotQueries, type GraphEvent, type LotGraph, type LotNode, type RecordId, type TraceStart } from '@suyuan/food';
import type { CborMap } from '@suyuan/core';
import { graphFeed } from './graph.js';
import { ENROL_KIND, REVOKE_KIND } from './policy.js';
import type { BundleWriter } from './writer.js';

interface LogInput {
  logId: Uint8Array;
  records: readonly Uint8Array[];
  checkpoints: readonly Checkpoint[];
  cosignatures?: readonly Cosignature[];
}

export interface TraceExportInput {
  logs: readonly (LogInput & { enterprise: string })[];
  /**
   * Authority logs to carry as excerpts: their genesis and every enrolment and revocation of
   * the keys of the logs exported. Leave out to add authority logs whole yourself.
   */
  authorities?: readonly LogInput[];
  start: TraceStart;
  /**
   * 'back' (default for a trace code): what a trace back from the start needs. 'both'
   * (default for a lot): trace back, trace forward and recall of the start.
   */
  direction?: 'back' | 'both';
}

/**
 * Writes the excerpt a trace needs, and nothing else, each record with an inclusion proof
 * against its business's latest checkpoint (records after it cannot be proven and are listed
 * in `omitted`). The excerpt holds the closure needed to check the trace (docs/FORMAT.md §11.1):
 * for every lot upstream of the start, the records that brought it into its business (harvest,
 * receive with its shipment, transformation) and its tests, certificates and input uses; with
 * 'both', every record of every lot downstream; and, repeatedly, the sources of every lot an
 * included record touches, the packing of every container shipped, corrections of included
 * records and recall notices naming included lots. So the excerpt verifies valid on its own and
 * a trace on it equals the trace on the whole logs.
 */
export function exportTrace(writer: BundleWriter, input: TraceExportInput): { included: number; omitted: RecordId[] } {
  const latest = input.logs.map((l) => [...l.checkpoints].sort((a, b) => b.size - a.size)[0]);
  const feed = graphFeed({ keepBodies: true }); // the closure reads containers, fields and recall notices from bodies
  input.logs.forEach((l, i) => {
    const n = feed.addLog({ logId: l.logId, enterprise: l.enterprise });
    const signed = Math.min(latest[i]?.size ?? 0, l.records.length);
    for (let s = 0; s < signed; s++) feed.addRecord(n, decodeRecord(l.records[s]!));
  });
  const graph = feed.build();
  const wanted = closure(graph, input.start, input.direction ?? ('traceCode' in input.start ? 'back' : 'both'));
  let included = 0;
  const omitted: RecordId[] = [];
  const authors = new Set<string>();
  input.logs.forEach((log, i) => {
    const hex = toHex(log.logId);
    const seqs = [...(wanted.get(hex) ?? [])].filter((s) => s > 0).sort((a, b) => a - b);
    const cp = latest[i];
    if (seqs.length === 0 || cp === undefined) return;
    for (let s = cp.size; s < log.records.length; s++) omitted.push({ logId: hex, seq: s });
    writeExcerpt(writer, log, cp, seqs);
    authors.add(toHex(decodeRecord(log.records[0]!).body.author as Uint8Array));
    included += seqs.length;
  });
  for (const a of input.authorities ?? []) {
    const cp = [...a.checkpoints].sort((x, y) => y.size - x.size)[0];
    if (cp === undefined) continue;
    const seqs: number[] = [];
    for (let s = 1; s < Math.min(cp.size, a.records.length); s++) {
      const rec = decodeRecord(a.records[s]!);
      if ((rec.kind === ENROL_KIND || rec.kind === REVOKE_KIND) && rec.body.key instanceof Uint8Array && authors.has(toHex(rec.body.key))) seqs.push(s);
    }
    writeExcerpt(writer, a, cp, seqs);
  }
  return { included, omitted };
}

function writeExcerpt(writer: BundleWriter, log: LogInput, cp: Checkpoint, seqs: number[]): void {
  // The proofs are in the log's own suite (SM3 for an sm2-sm3 log), as its checkpoints are.
  const crypto = suiteCrypto(genesisInfo(decodeRecord(log.records[0]!)).suite, nodeCrypto);
  const tree = new MerkleTree(crypto);
  for (let s = 0; s < cp.size; s++) tree.append(crypto.leafHash(log.records[s]!));
  writer.addExcerpt({
    logId: log.logId, genesis: log.records[0]!, checkpoints: [cp], cosignatures: (log.cosignatures ?? []).filter((c) => c.size === cp.size),
    records: seqs.map((seq) => ({ seq, record: log.records[seq]!, size: cp.size, proof: tree.inclusionProof(seq, cp.size) })),
  });
}

/** The records (by hex log id, seqs) a trace from `start` needs, closed under what checking them needs. */
function closure(graph: LotGraph, start: TraceStart, direction: 'back' | 'both'): Map<string, Set<number>> {
  const q = new LotQueries(graph);
  const events = new Set<number>();
  const queue: number[] = [];
  const add = (id: number | undefined) => {
    if (id === undefined || events.has(id)) return;
    events.add(id);
    queue.push(id);
  };
  const nodeOf = (l: { logId: string; lot: string }) => graph.node(graph.logNumber(l.logId)!, l.lot)!;
  if ('traceCode' in start) add(graph.traceCodes.get(start.traceCode));
  else if ('seq' in start) add(graph.eventAt(graph.logNumber(start.logId)!, start.seq)?.id);
  const describe = new Set(['food.test', 'food.certificate', 'food.input-use']);
  for (const lot of q.traceBack(start).lots) {
    const node = nodeOf(lot);
    for (const id of node.events) if (node.sources.includes(id) || describe.has(graph.kindOf(id))) add(id);
    for (const id of fieldInputs(graph, node)) add(id);
  }
  if (direction === 'both') for (const lot of q.traceForward(start).lots) for (const id of nodeOf(lot).events) add(id);
  const lotsIn = new Set<number>();
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const ev = graph.event(id);
    for (const n of ev.nodes) {
      lotsIn.add(n);
      for (const s of graph.nodes[n]!.sources) add(s);
    }
    if (ev.kind === 'food.receive') add(graph.shipOf.get(ev.id));
    if (ev.kind === 'food.ship' || ev.kind === 'food.receive') for (const p of packsOf(graph, ev)) add(p);
    if (ev.kind === 'food.harvest') for (const u of fieldInputs(graph, graph.nodes[ev.nodes[0]!]!)) add(u);
    if (queue.length === 0) for (const extra of corrections(graph, events).concat(recalls(graph, lotsIn))) add(extra);
  }
  const out = new Map<string, Set<number>>();
  for (const id of events) {
    const r = graph.recordOf(id);
    (out.get(r.logId) ?? out.set(r.logId, new Set()).get(r.logId)!).add(r.seq);
  }
  return out;
}

/** Input uses on the field a lot was harvested from, before the harvest (what trace back reports as its inputs). */
function fieldInputs(graph: LotGraph, node: LotNode): number[] {
  const out: number[] = [];
  for (const id of node.sources) {
    const ev = graph.event(id);
    const field = ev.kind === 'food.harvest' ? (body(ev).origin as { field?: string } | undefined)?.field : undefined;
    const fid = field === undefined ? undefined : graph.fieldId(field);
    if (fid !== undefined) for (const u of graph.fieldInputs.get(graph.fieldKey(node.log, fid)) ?? []) if (graph.event(u).seq < ev.seq) out.push(u);
  }
  return out;
}

const body = (ev: GraphEvent): CborMap => ev.body ?? {};

/** Pack records of the containers a ship or receive moved, at the shipper. */
function packsOf(graph: LotGraph, ev: GraphEvent): number[] {
  const shipId = ev.kind === 'food.receive' ? graph.shipOf.get(ev.id) : ev.id;
  if (shipId === undefined) return [];
  const ship = graph.event(shipId);
  const ssccs = new Set(((body(ship).items ?? []) as { sscc?: string }[]).flatMap((i) => (i.sscc !== undefined ? [i.sscc] : [])));
  if (ssccs.size === 0) return [];
  return graph.eventsOf(ship.log).filter((e) => e.kind === 'food.pack' && ssccs.has((body(e).container as { sscc?: string } | undefined)?.sscc ?? '')).map((e) => e.id);
}

/**
 * Corrections in the logs the excerpt draws from (a correction voids records, so a trace
 * without it could differ). The graph does not keep which records a correction names, so
 * every correction of those logs goes: they are few.
 */
function corrections(graph: LotGraph, events: ReadonlySet<number>): number[] {
  const logs = new Set([...events].map((id) => graph.event(id).log));
  const out: number[] = [];
  for (const log of logs) for (const ev of graph.eventsOf(log)) if (ev.kind === 'food.correction' && !events.has(ev.id)) out.push(ev.id);
  return out;
}

/** Recall notices that name an included lot (by lot code, and enterprise when given). */
function recalls(graph: LotGraph, lots: ReadonlySet<number>): number[] {
  const named = new Set([...lots].map((n) => `${graph.logs[graph.nodes[n]!.log]!.enterprise}\0${graph.nodes[n]!.lot}`));
  const codes = new Set([...lots].map((n) => graph.nodes[n]!.lot));
  return graph.recalls.filter((id) => ((body(graph.event(id)).lots ?? []) as { lot: string; enterprise?: string }[]).some((l) => (l.enterprise === undefined ? codes.has(l.lot) : named.has(`${l.enterprise}\0${l.lot}`))));
}
