import { FOOD_KINDS } from '../events.js';
import { compareFindings, type FoodCode, type FoodFinding } from '../findings.js';
import { toMicro } from '../quantity.js';
import { permute } from './columns.js';
import { LotGraph, type LogEntry } from './graph.js';
import { VOIDED, type EventStore, type IntakeLog } from './intake.js';
import { emptyLedger } from './ledger.js';
import { Linker } from './link.js';
import { checkRules } from './rules.js';
import { checkSafety } from './safety.js';
import type { GraphOptions, LotNode, RecordId } from './types.js';

/** How phase two reports a finding: at an event (by id), or at no record. */
export type Report = (code: FoodCode, severity: 'error' | 'warning', message: string, at?: number, extra?: { evidence?: RecordId[]; logId?: string }) => void;

/** What the rules need beyond the graph. */
export interface Context {
  graph: LotGraph;
  report: Report;
  /** Lots that may have come in a container nobody can open (its shipper's log is absent). */
  blind: Set<number>;
  opts: GraphOptions;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Phase two: puts logs, events and lots in canonical order (logs by id, events by log and
 * seq, lots by business and lot code), so that nothing below depends on the order records
 * arrived in; then voids corrected records, indexes, links, and checks the rules.
 */
export function assemble(intake: IntakeLog[], store: EventStore, early: FoodFinding[], opts: GraphOptions): LotGraph {
  const findings: FoodFinding[] = [];
  const graph = canonical(intake, store, findings);
  const report: Report = (code, severity, message, at, extra = {}) => {
    findings.push({ code, severity, message, ...(at === undefined ? {} : graph.recordOf(at)), ...extra });
  };
  const ctx: Context = { graph, report, blind: new Set(), opts };
  voidCorrected(graph, report);
  index(graph);
  new Linker(ctx, toMicro(opts.receiveTolerance ?? '0')).run();
  checkRules(ctx);
  checkSafety(ctx);
  if (opts.onFinding !== undefined) {
    findings.sort(compareFindings);
    for (const f of findings) opts.onFinding(f);
    findings.length = 0;
  } else {
    findings.push(...early);
    findings.sort(compareFindings);
  }
  return graph;
}

function canonical(intake: IntakeLog[], store: EventStore, findings: FoodFinding[]): LotGraph {
  // Logs by id.
  const order = intake.map((_, i) => i).sort((x, y) => cmp(intake[x]!.hex, intake[y]!.hex));
  const rank = new Int32Array(intake.length);
  order.forEach((old, r) => (rank[old] = r));

  // Events by log, then seq: a counting sort, since each log's events arrived in seq order.
  const n = store.count;
  const oldLog = store.log.take();
  const starts = new Int32Array(intake.length + 1);
  for (let i = 0; i < n; i++) starts[rank[oldLog[i]!]! + 1]!++;
  for (let r = 0; r < intake.length; r++) starts[r + 1]! += starts[r]!;
  const next = starts.slice(0, intake.length);
  let to: Int32Array | null = new Int32Array(n);
  let identity = true;
  for (let i = 0; i < n; i++) {
    to[i] = next[rank[oldLog[i]!]!]!++;
    if (to[i] !== i) identity = false;
  }
  const log = new Int32Array(n);
  for (let i = 0; i < n; i++) log[to[i]!] = rank[oldLog[i]!]!;
  if (identity) to = null; // logs came whole and in id order: nothing to move

  // Lots by business, then lot code.
  const nodeCount = store.nodeLog.length;
  const nodeOrder = Array.from({ length: nodeCount }, (_, i) => i).sort((x, y) => rank[store.nodeLog[x]!]! - rank[store.nodeLog[y]!]! || cmp(store.nodeLot[x]!, store.nodeLot[y]!));
  const nodeTo = new Int32Array(nodeCount);
  nodeOrder.forEach((old, i) => (nodeTo[old] = i));
  const lineNode = store.lineNode.take();
  for (let i = 0; i < lineNode.length; i++) if (lineNode[i]! >= 0) lineNode[i] = nodeTo[lineNode[i]!]!;

  const logs: LogEntry[] = order.map((old, r) => {
    const l = intake[old]!;
    return { logId: l.logId, hex: l.hex, enterprise: l.enterprise, name: l.name, partial: l.partial, firstEvent: starts[r]!, endEvent: starts[r + 1]!, size: l.lastSeq + 1, seen: l.seen, lots: new Map() };
  });
  const nodes: LotNode[] = nodeOrder.map((old, id) => {
    const node = { id, log: rank[store.nodeLog[old]!]!, lot: store.nodeLot[old]!, upstream: [], downstream: [], events: [], sources: [], ledger: emptyLedger(), gaps: [] };
    logs[node.log]!.lots.set(node.lot, id);
    return node;
  });

  const reorder = <T>(xs: T[]): T[] => {
    if (to === null) return xs;
    const sorted = new Array<T>(n);
    for (let i = 0; i < n; i++) sorted[to[i]!] = xs[i]!;
    xs.length = 0;
    return sorted;
  };
  const bodies = store.bodies === undefined ? undefined : reorder(store.bodies);
  const flags = permute(store.flags, to);
  const graph = new LotGraph({
    logs, nodes, findings, bodies,
    ev: {
      kind: permute(store.kind, to), log, seq: permute(store.seq, to), time: permute(store.time, to), flags,
      aux: permute(store.aux, to), lineStart: permute(store.lineStart, to), lineEnd: permute(store.lineEnd, to), extraIndex: permute(store.extraIndex, to),
    },
    extras: store.extras,
    lines: { node: lineNode, container: store.lineContainer.take(), unit: store.lineUnit.take(), micro: store.lineMicro.take(), big: store.bigMicro },
    evNodeStart: new Int32Array(n + 1), evNodes: new Int32Array(0),
    containers: new Map(), containerNames: [...store.containers.keys()], fields: store.fields,
    traceCodeOf: store.traceCodeOf.length === 0 ? [] : reorder(store.traceCodeOf),
    recalls: [], fieldInputs: new Map(), fieldHarvests: new Map(), receipts: new Map(), rejections: new Map(), shipOf: new Map(),
  });
  return graph;
}

/** Corrections, in seq order within each log: a correction voids earlier records of its own log. */
function voidCorrected(g: LotGraph, report: Report): void {
  const correction = FOOD_KINDS.indexOf('food.correction');
  for (let id = 0; id < g.eventCount; id++) {
    if (g.ev.kind[id] !== correction) continue;
    const log = g.ev.log[id]!;
    const seq = g.ev.seq[id]!;
    const refs = g.extra(id, 'correction').refs;
    if (refs.length === 0) report('FOOD_CORRECTION_TARGET', 'error', 'a correction names the records it corrects in its refs', id);
    for (const ref of refs) {
      if (ref.logId !== g.logs[log]!.hex || ref.seq >= seq) {
        report('FOOD_CORRECTION_TARGET', 'error', `a correction may only point at earlier records of its own log (seq ${ref.seq})`, id);
        continue;
      }
      const target = g.eventIdAt(log, ref.seq);
      if (target !== undefined) g.ev.flags[target]! |= VOIDED;
      else if (g.recordPresent(log, ref.seq)) report('FOOD_CORRECTION_TARGET', 'warning', `record ${ref.seq} is not a food event`, id);
      // else: an excerpt without the record; nothing can be said
    }
  }
}

/** Packs by container, input uses and harvests by field, recall notices: of events not voided, in canonical order. */
function index(g: LotGraph): void {
  const add = (m: Map<string, number[]>, key: string, id: number) => {
    const list = m.get(key);
    if (list === undefined) m.set(key, [id]);
    else list.push(id);
  };
  for (let id = 0; id < g.eventCount; id++) {
    if (g.voided(id)) continue;
    const aux = g.ev.aux[id]!;
    const log = g.ev.log[id]!;
    switch (g.kindOf(id)) {
      case 'food.pack': add(g.containers, `${log}:${aux}`, id); break;
      case 'food.input-use': if (aux >= 0) add(g.fieldInputs, g.fieldKey(log, aux), id); break;
      case 'food.harvest': if (aux >= 0) add(g.fieldHarvests, g.fieldKey(log, aux), id); break;
      case 'food.recall': g.recalls.push(id); break;
      default: break;
    }
  }
}
