import { normalise } from '../src/quantity.js';
import type { LotGraph } from '../src/graph/graph.js';
import { FAIL } from '../src/graph/intake.js';
import { addAmounts, amounts, balance, inflow, toAmounts } from '../src/graph/ledger.js';
import type { AffectedLot, EndPoint, ForwardGap, Origin, Recall, TraceBack, TraceForward, TraceStart } from '../src/graph/queries.js';
import type { LotId, LotNode, RecordId } from '../src/graph/types.js';
import { pushTo } from '../src/graph/multimap.js';

/**
 * The trace queries as they were before per-lot summaries (issue 17), kept verbatim as the
 * reference the fast ones must agree with: they walk every event of every lot they pass.
 */
const hexOf = (v: string | Uint8Array) => (typeof v === 'string' ? v : Buffer.from(v).toString('hex'));

export class ReferenceQueries {
  /** Logs by the enterprise they belong to. */
  private readonly logsOf = new Map<string, number[]>();

  constructor(readonly graph: LotGraph) {
    graph.logs.forEach((l, i) => pushTo(this.logsOf, l.enterprise, i));
  }

  lotId(node: LotNode): LotId {
    const log = this.graph.logs[node.log]!;
    return { logId: log.hex, enterprise: log.enterprise, lot: node.lot };
  }

  /** The lots a query starts from; empty if the start is unknown. */
  resolve(start: TraceStart): LotNode[] {
    const g = this.graph;
    if ('traceCode' in start) return unique(g.traceCodeEvents(start.traceCode).flatMap((id) => g.nodesOf(id))).map((n) => g.nodes[n]!);
    const log = g.logNumber(hexOf(start.logId));
    if (log === undefined) return [];
    if ('lot' in start) {
      const node = g.node(log, start.lot);
      return node === undefined || node.events.length === 0 ? [] : [node]; // a lot only named by voided records is not there
    }
    const id = g.eventIdAt(log, start.seq);
    return id === undefined ? [] : g.nodesOf(id).map((n) => g.nodes[n]!);
  }

  /** Every lot reachable along upstream (or downstream) edges, starts included; each visited once, so cycles end. */
  private closure(starts: LotNode[], direction: 'upstream' | 'downstream'): LotNode[] {
    const g = this.graph;
    const seen = new Uint8Array(g.nodes.length);
    const out: LotNode[] = [];
    const queue = starts.slice();
    for (const s of starts) seen[s.id] = 1;
    while (queue.length > 0) {
      const node = queue.pop()!;
      out.push(node);
      for (const next of node[direction]) {
        if (seen[next] === 0) {
          seen[next] = 1;
          queue.push(g.nodes[next]!);
        }
      }
    }
    return out;
  }

  /** Back to every origin: the farms (or the last known business where records end), with their inputs and tests. */
  traceBack(start: TraceStart): TraceBack {
    const g = this.graph;
    const starts = this.resolve(start);
    const lots = this.closure(starts, 'upstream');
    const tests: TraceBack['tests'] = [];
    const gaps: RecordId[] = [];
    const origins: Origin[] = [];
    for (const node of lots) {
      gaps.push(...node.gaps);
      for (const id of node.events) if (g.kindOf(id) === 'food.test') tests.push({ record: g.recordOf(id), lot: this.lotId(node), result: testResult(g, id) });
      if (node.upstream.length === 0) origins.push(this.origin(node));
    }
    const sortedGaps = uniqueRecords(gaps);
    return { start: starts.map((n) => this.lotId(n)), lots: lots.map((n) => this.lotId(n)), origins, tests, gaps: sortedGaps, incomplete: sortedGaps.length > 0 };
  }

  private origin(node: LotNode): Origin {
    const g = this.graph;
    const created: RecordId[] = [];
    const inputs: RecordId[] = [];
    const tests: Origin['tests'] = [];
    const certificates: RecordId[] = [];
    for (const id of node.events) {
      const kind = g.kindOf(id);
      if (kind === 'food.harvest') {
        created.push(g.recordOf(id));
        const field = g.ev.aux[id]!;
        for (const use of field < 0 ? [] : g.fieldInputs.get(g.fieldKey(node.log, field)) ?? []) if (g.ev.seq[use]! < g.ev.seq[id]!) inputs.push(g.recordOf(use));
      } else if (kind === 'food.input-use') inputs.push(g.recordOf(id));
      else if (kind === 'food.test') tests.push({ record: g.recordOf(id), result: testResult(g, id) });
      else if (kind === 'food.certificate') certificates.push(g.recordOf(id));
    }
    return { lot: this.lotId(node), created, inputs, tests, certificates };
  }

  /** Forward to every end point (stalls, restaurants), with what was sold, served, disposed and is still on hand. */
  traceForward(start: TraceStart): TraceForward {
    const starts = this.resolve(start);
    const lots = this.closure(starts, 'downstream');
    const gaps = this.forwardGaps(lots);
    return {
      start: starts.map((n) => this.lotId(n)),
      lots: lots.map((n) => this.lotId(n)),
      // The end-point rule as fixed with the summaries (a lot that sold or holds stock and shipped some on is one): not what is compared here.
      endpoints: lots.filter((n) => n.downstream.length === 0 || n.ledger.sold !== 0n || n.ledger.catered !== 0n || n.ledger.disposed !== 0n || balance(n.ledger) > 0n).map((n) => this.endPoint(n)),
      gaps, incomplete: gaps.length > 0, gapCount: gaps.length,
    };
  }

  /** Every shipment of these lots whose receipt is not in the graph, with the lot and quantity, in record order. */
  private forwardGaps(lots: LotNode[]): ForwardGap[] {
    const g = this.graph;
    const out: ForwardGap[] = [];
    for (const node of lots) {
      for (const id of node.events) {
        if (g.kindOf(id) !== 'food.ship' || g.receipts.has(id)) continue;
        const destination = g.extra(id, 'ship').destination;
        const reason = this.gapReason(id, destination);
        for (const l of g.expand(id, g.ev.log[id]!, g.ev.seq[id]!)) {
          if (g.lines.node[l] !== node.id) continue;
          out.push({ ship: g.recordOf(id), lot: this.lotId(node), quantity: g.lineQuantity(l)!, destination, reason });
        }
      }
    }
    return out.sort((a, b) => cmp(a.ship.logId, b.ship.logId) || a.ship.seq - b.ship.seq || cmp(a.lot.lot, b.lot.lot));
  }

  private gapReason(ship: number, destination: string): ForwardGap['reason'] {
    if (this.graph.rejections.has(ship)) return 'rejected';
    const logs = this.logsOf.get(destination) ?? [];
    if (logs.length === 0) return 'log-absent';
    return logs.every((l) => this.graph.logs[l]!.partial) ? 'excerpt' : 'not-received';
  }

  private endPoint(node: LotNode): EndPoint {
    const l = node.ledger;
    const onHand = balance(l);
    return {
      lot: this.lotId(node), in: amounts(l, inflow(l)), sold: amounts(l, l.sold), catered: amounts(l, l.catered), disposed: amounts(l, l.disposed),
      onHand: amounts(l, onHand > 0n ? onHand : 0n),
    };
  }

  /** Every lot affected downstream of `starts`, by business, with what was already sold or served and what is still on hand. */
  recall(starts: TraceStart[]): Recall {
    const g = this.graph;
    const startNodes = starts.flatMap((s) => this.resolve(s));
    const lots = this.closure(startNodes, 'downstream');
    const byLog = new Map<number, { lots: number; onHand: Map<string, bigint>; sold: Map<string, bigint>; catered: Map<string, bigint> }>();
    const totals = { onHand: new Map<string, bigint>(), sold: new Map<string, bigint>(), catered: new Map<string, bigint>(), inGaps: new Map<string, bigint>() };
    const affected: AffectedLot[] = lots.map((node) => {
      const l = node.ledger;
      const b = byLog.get(node.log) ?? { lots: 0, onHand: new Map(), sold: new Map(), catered: new Map() };
      byLog.set(node.log, b);
      b.lots++;
      const onHand = balance(l) > 0n ? balance(l) : 0n;
      for (const [m, v] of [[b.onHand, onHand], [b.sold, l.sold], [b.catered, l.catered], [totals.onHand, onHand], [totals.sold, l.sold], [totals.catered, l.catered]] as const) addAmounts(m, l, v);
      return { ...this.endPoint(node), shipped: amounts(l, l.shipped), used: amounts(l, l.used) };
    });
    const gaps = this.forwardGaps(lots);
    for (const gap of gaps) {
      const { dimension, micro } = normalise(gap.quantity);
      totals.inGaps.set(dimension, (totals.inGaps.get(dimension) ?? 0n) + micro);
    }
    return {
      start: startNodes.map((n) => this.lotId(n)),
      affected,
      businesses: [...byLog.entries()].map(([log, b]) => ({
        enterprise: g.logs[log]!.enterprise, logId: g.logs[log]!.hex, lots: b.lots, onHand: toAmounts(b.onHand), sold: toAmounts(b.sold), catered: toAmounts(b.catered),
      })),
      totals: { onHand: toAmounts(totals.onHand), sold: toAmounts(totals.sold), catered: toAmounts(totals.catered), inGaps: toAmounts(totals.inGaps) },
      gaps, incomplete: gaps.length > 0, gapCount: gaps.length,
    };
  }
}

function testResult(g: LotGraph, id: number): 'pass' | 'fail' {
  return (g.ev.flags[id]! & FAIL) !== 0 ? 'fail' : 'pass';
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}

/** Record ids sorted by log id and seq, each once. */
function uniqueRecords(ids: RecordId[]): RecordId[] {
  const sorted = ids.slice().sort((a, b) => cmp(a.logId, b.logId) || a.seq - b.seq);
  return sorted.filter((r, i) => i === 0 || r.logId !== sorted[i - 1]!.logId || r.seq !== sorted[i - 1]!.seq);
}
