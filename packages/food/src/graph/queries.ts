import { normalise, type Quantity } from '../quantity.js';
import type { LotGraph } from './graph.js';
import { FAIL } from './intake.js';
import { addAmounts, amounts, balance, inflow, toAmounts } from './ledger.js';
import type { Amounts, LotId, LotNode, RecordId } from './types.js';
import { pushTo } from './multimap.js';
import { LotSummaries } from './summaries.js';

/** Where a query starts: a lot at a business, a record, or the trace code printed on a receipt. */
export type TraceStart = { logId: string | Uint8Array; lot: string } | { logId: string | Uint8Array; seq: number } | { traceCode: string };

export interface Origin {
  lot: LotId;
  /** The records that created the lot (harvest, slaughter, catch); empty where the trail ends for lack of records. */
  created: RecordId[];
  /** Inputs used on the lot or on the field it was harvested from. */
  inputs: RecordId[];
  tests: { record: RecordId; result: string }[];
  certificates: RecordId[];
}

export interface TraceBack {
  start: LotId[];
  /** Every lot upstream of the start, the start included. */
  lots: LotId[];
  origins: Origin[];
  /** Tests anywhere along the way. */
  tests: { record: RecordId; lot: LotId; result: string }[];
  /** Records referenced upstream that are not in the graph (their log, or the record, was not supplied): the trace is incomplete there. */
  gaps: RecordId[];
  incomplete: boolean;
}

export interface EndPoint {
  lot: LotId;
  in: Amounts;
  sold: Amounts;
  catered: Amounts;
  disposed: Amounts;
  onHand: Amounts;
}

/**
 * A shipment whose receipt is not in the graph: where the forward trail goes dark. `reason`
 * says why: no log of the destination is in the graph (`log-absent`), only excerpts of it
 * are (`excerpt`), its log is there without a receipt (`not-received`: in transit, or not
 * recorded), or every receipt rejected it (`rejected`: the goods went back or elsewhere).
 */
export interface ForwardGap {
  ship: RecordId;
  /** The lot as it left the shipper. */
  lot: LotId;
  quantity: Quantity;
  /** 统一社会信用代码 of the business it was shipped to. */
  destination: string;
  reason: 'log-absent' | 'excerpt' | 'not-received' | 'rejected';
}

export interface TraceForward {
  start: LotId[];
  lots: LotId[];
  /** Lots where goods stopped: that went no further, or sold, served, disposed or still hold some there (even if they shipped some on). */
  endpoints: EndPoint[];
  gaps: ForwardGap[];
  /** Some shipment's receipt is not in the graph: there may be more lots downstream than listed. */
  incomplete: boolean;
  gapCount: number;
}

export interface AffectedLot extends EndPoint {
  shipped: Amounts;
  used: Amounts;
}

export interface Recall {
  start: LotId[];
  affected: AffectedLot[];
  businesses: { enterprise: string; logId: string; lots: number; onHand: Amounts; sold: Amounts; catered: Amounts }[];
  /** `inGaps`: shipped to businesses whose receipts are not in the graph (see `gaps`). */
  totals: { onHand: Amounts; sold: Amounts; catered: Amounts; inGaps: Amounts };
  gaps: ForwardGap[];
  /** Some affected goods went where the graph cannot follow: the recall list is not complete. */
  incomplete: boolean;
  gapCount: number;
}

export interface Step {
  /** The other business: the supplier for one step back, the customer for one step forward. */
  enterprise: string;
  lot: string;
  quantity: { value: string; unit: string };
  ship?: RecordId;
  receive?: RecordId;
}

export interface MassBalance {
  lot: LotId;
  dimension: string | undefined;
  created: string; received: string; shipped: string; used: string; sold: string; catered: string; disposed: string;
  balance: string;
  overdrawn: boolean;
  /** Quantities in different dimensions: no balance can be computed. */
  mixed: boolean;
}

const hexOf = (v: string | Uint8Array) => (typeof v === 'string' ? v : Buffer.from(v).toString('hex'));

export class LotQueries {
  /** Logs by the enterprise they belong to. */
  private readonly logsOf = new Map<string, number[]>();
  /** Per lot, the events the trace queries list (the graph does not change after build). */
  private readonly summaries: LotSummaries;
  /** Lots a closure has reached: `seen[id] === pass` (a new pass per closure, so nothing is cleared per query). */
  private readonly seen: Uint32Array;
  private pass = 0;

  constructor(readonly graph: LotGraph) {
    graph.logs.forEach((l, i) => pushTo(this.logsOf, l.enterprise, i));
    this.summaries = new LotSummaries(graph);
    this.seen = new Uint32Array(graph.nodes.length);
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
    const seen = this.seen;
    if (++this.pass === 0xffffffff) {
      seen.fill(0);
      this.pass = 1;
    }
    const pass = this.pass;
    const out: LotNode[] = [];
    const queue = starts.slice();
    for (const s of starts) seen[s.id] = pass;
    while (queue.length > 0) {
      const node = queue.pop()!;
      out.push(node);
      for (const next of node[direction]) {
        if (seen[next] !== pass) {
          seen[next] = pass;
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
    const { start: from, items } = this.summaries.tests;
    for (const node of lots) {
      for (const gap of node.gaps) gaps.push(gap);
      for (let i = from[node.id]!; i < from[node.id + 1]!; i++) tests.push({ record: g.recordOf(items[i]!), lot: this.lotId(node), result: testResult(g, items[i]!) });
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
    const { start, items } = this.summaries.origin;
    for (let i = start[node.id]!; i < start[node.id + 1]!; i++) {
      const id = items[i]!;
      const kind = g.kindOf(id);
      if (kind === 'food.harvest') {
        created.push(g.recordOf(id));
        const field = g.ev.aux[id]!;
        const uses = field < 0 ? undefined : g.fieldInputs.get(g.fieldKey(node.log, field));
        if (uses !== undefined) for (let u = 0, end = usesBefore(g, uses, g.ev.seq[id]!); u < end; u++) inputs.push(g.recordOf(uses[u]!));
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
      endpoints: lots.filter(isEndPoint).map((n) => this.endPoint(n)),
      gaps, incomplete: gaps.length > 0, gapCount: gaps.length,
    };
  }

  /** Every shipment of these lots whose receipt is not in the graph, with the lot and quantity, in record order. */
  private forwardGaps(lots: LotNode[]): ForwardGap[] {
    const g = this.graph;
    const out: ForwardGap[] = [];
    const { start, items } = this.summaries.unreceived;
    for (const node of lots) {
      for (let i = start[node.id]!; i < start[node.id + 1]!; i++) {
        const id = items[i]!;
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

  /** EU 178/2002 Art. 18 / FSMA 204 "one step back": whom this business received what from. */
  oneStepBack(logId: string | Uint8Array): Step[] {
    const g = this.graph;
    return this.steps(logId, 'food.receive', (id) => g.extra(id, 'receive').source, (id) => {
      const ship = g.shipOf.get(id);
      return { receive: g.recordOf(id), ...(ship !== undefined ? { ship: g.recordOf(ship) } : {}) };
    });
  }

  /** "One step forward": whom this business shipped what to. */
  oneStepForward(logId: string | Uint8Array): Step[] {
    const g = this.graph;
    return this.steps(logId, 'food.ship', (id) => g.extra(id, 'ship').destination, (id) => {
      const receive = g.receipts.get(id)?.[0];
      return { ship: g.recordOf(id), ...(receive !== undefined ? { receive: g.recordOf(receive) } : {}) };
    });
  }

  /** Each lot line of each ship or receive of one business, with the other business and the records. */
  private steps(logId: string | Uint8Array, kind: 'food.ship' | 'food.receive', other: (id: number) => string, records: (id: number) => Pick<Step, 'ship' | 'receive'>): Step[] {
    const g = this.graph;
    const log = g.logNumber(hexOf(logId));
    if (log === undefined) return [];
    const out: Step[] = [];
    for (let id = g.logs[log]!.firstEvent; id < g.logs[log]!.endEvent; id++) {
      if (g.kindOf(id) !== kind || g.voided(id) || (kind === 'food.receive' && g.extra(id, 'receive').status === 'rejected')) continue;
      for (const line of g.lotLines(id)) out.push({ enterprise: other(id), lot: line.lot, quantity: line.quantity, ...records(id) });
    }
    return out;
  }

  /** The ledger of one lot at one business. */
  massBalance(start: { logId: string | Uint8Array; lot: string }): MassBalance | undefined {
    const node = this.resolve(start)[0];
    if (node === undefined) return undefined;
    const l = node.ledger;
    const f = (m: bigint) => amounts(l, m)[l.dimension ?? ''] ?? '0';
    const b = balance(l);
    return {
      lot: this.lotId(node), dimension: l.dimension, mixed: l.mixed,
      created: f(l.created), received: f(l.received), shipped: f(l.shipped), used: f(l.used), sold: f(l.sold), catered: f(l.catered), disposed: f(l.disposed),
      balance: f(b), overdrawn: !l.mixed && b < 0n,
    };
  }
}

/** How many of a field's input uses (in seq order, as indexed) came before seq `before`. */
function usesBefore(g: LotGraph, uses: readonly number[], before: number): number {
  let lo = 0;
  let hi = uses.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g.ev.seq[uses[mid]!]! < before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where goods of the lot stopped: it went no further, or some of it was sold, served or
 * disposed here or is still on hand, even if the rest was shipped on (a market that sells a
 * lot and sends part of it to a restaurant is an end point of it, as the restaurant is).
 */
function isEndPoint(node: LotNode): boolean {
  const l = node.ledger;
  return node.downstream.length === 0 || l.sold !== 0n || l.catered !== 0n || l.disposed !== 0n || balance(l) > 0n;
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
