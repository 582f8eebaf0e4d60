import type { Harvest, Ship } from '../events.js';
import { addAmounts, amounts, balance, inflow, toAmounts } from './ledger.js';
import type { LotGraph } from './build.js';
import type { Amounts, GraphEvent, LotId, LotNode, RecordId } from './types.js';

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
  /** Records referenced upstream whose logs were not supplied: the trace is incomplete there. */
  gaps: RecordId[];
}

export interface EndPoint {
  lot: LotId;
  in: Amounts;
  sold: Amounts;
  catered: Amounts;
  disposed: Amounts;
  onHand: Amounts;
}

export interface TraceForward {
  start: LotId[];
  lots: LotId[];
  /** Lots that went no further: sold, served, disposed or still on hand there. */
  endpoints: EndPoint[];
}

export interface AffectedLot extends EndPoint {
  shipped: Amounts;
  used: Amounts;
}

export interface Recall {
  start: LotId[];
  affected: AffectedLot[];
  businesses: { enterprise: string; logId: string; lots: number; onHand: Amounts; sold: Amounts; catered: Amounts }[];
  totals: { onHand: Amounts; sold: Amounts; catered: Amounts };
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
  constructor(readonly graph: LotGraph) {}

  lotId(node: LotNode): LotId {
    const log = this.graph.logs[node.log]!;
    return { logId: log.hex, enterprise: log.enterprise, lot: node.lot };
  }

  /** The lots a query starts from; empty if the start is unknown. */
  resolve(start: TraceStart): LotNode[] {
    const g = this.graph;
    if ('traceCode' in start) {
      const id = g.traceCodes.get(start.traceCode);
      return id === undefined ? [] : g.events[id]!.nodes.map((n) => g.nodes[n]!);
    }
    const log = g.logNumber(hexOf(start.logId));
    if (log === undefined) return [];
    if ('lot' in start) {
      const node = g.node(log, start.lot);
      return node === undefined ? [] : [node];
    }
    return (g.eventAt(log, start.seq)?.nodes ?? []).map((n) => g.nodes[n]!);
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
      for (const id of node.events) {
        const ev = g.events[id]!;
        if (ev.kind === 'food.test' && !ev.voided) tests.push({ record: g.recordId(ev), lot: this.lotId(node), result: (ev.body.test as { result: string }).result });
      }
      if (node.upstream.length === 0) origins.push(this.origin(node));
    }
    return { start: starts.map((n) => this.lotId(n)), lots: lots.map((n) => this.lotId(n)), origins, tests, gaps };
  }

  private origin(node: LotNode): Origin {
    const g = this.graph;
    const created: RecordId[] = [];
    const inputs: RecordId[] = [];
    const tests: Origin['tests'] = [];
    const certificates: RecordId[] = [];
    for (const id of node.events) {
      const ev = g.events[id]!;
      if (ev.voided) continue;
      if (ev.kind === 'food.harvest') {
        created.push(g.recordId(ev));
        const field = (ev.body as unknown as Harvest).origin?.field;
        for (const input of field === undefined ? [] : g.fieldInputs.get(`${node.log}\0${field}`) ?? []) {
          const use = g.events[input]!;
          if (!use.voided && use.seq < ev.seq) inputs.push(g.recordId(use));
        }
      } else if (ev.kind === 'food.input-use') inputs.push(g.recordId(ev));
      else if (ev.kind === 'food.test') tests.push({ record: g.recordId(ev), result: (ev.body.test as { result: string }).result });
      else if (ev.kind === 'food.certificate') certificates.push(g.recordId(ev));
    }
    return { lot: this.lotId(node), created, inputs, tests, certificates };
  }

  /** Forward to every end point (stalls, restaurants), with what was sold, served, disposed and is still on hand. */
  traceForward(start: TraceStart): TraceForward {
    const starts = this.resolve(start);
    const lots = this.closure(starts, 'downstream');
    return {
      start: starts.map((n) => this.lotId(n)),
      lots: lots.map((n) => this.lotId(n)),
      endpoints: lots.filter((n) => n.downstream.length === 0).map((n) => this.endPoint(n)),
    };
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
    const totals = { onHand: new Map<string, bigint>(), sold: new Map<string, bigint>(), catered: new Map<string, bigint>() };
    const affected: AffectedLot[] = lots.map((node) => {
      const l = node.ledger;
      const b = byLog.get(node.log) ?? { lots: 0, onHand: new Map(), sold: new Map(), catered: new Map() };
      byLog.set(node.log, b);
      b.lots++;
      const onHand = balance(l) > 0n ? balance(l) : 0n;
      for (const [m, v] of [[b.onHand, onHand], [b.sold, l.sold], [b.catered, l.catered], [totals.onHand, onHand], [totals.sold, l.sold], [totals.catered, l.catered]] as const) addAmounts(m, l, v);
      return { ...this.endPoint(node), shipped: amounts(l, l.shipped), used: amounts(l, l.used) };
    });
    return {
      start: startNodes.map((n) => this.lotId(n)),
      affected,
      businesses: [...byLog.entries()].map(([log, b]) => ({
        enterprise: g.logs[log]!.enterprise, logId: g.logs[log]!.hex, lots: b.lots, onHand: toAmounts(b.onHand), sold: toAmounts(b.sold), catered: toAmounts(b.catered),
      })),
      totals: { onHand: toAmounts(totals.onHand), sold: toAmounts(totals.sold), catered: toAmounts(totals.catered) },
    };
  }

  /** EU 178/2002 Art. 18 / FSMA 204 "one step back": whom this business received what from. */
  oneStepBack(logId: string | Uint8Array): Step[] {
    return this.steps(logId, 'food.receive', (ev) => (ev.body.source as { enterprise: string }).enterprise, (ev) => {
      const ship = this.graph.shipOf.get(ev.id);
      return { receive: this.graph.recordId(ev), ...(ship !== undefined ? { ship: this.graph.recordId(this.graph.events[ship]!) } : {}) };
    });
  }

  /** "One step forward": whom this business shipped what to. */
  oneStepForward(logId: string | Uint8Array): Step[] {
    return this.steps(logId, 'food.ship', (ev) => (ev.body as unknown as Ship).destination.enterprise, (ev) => {
      const receive = this.graph.receipts.get(ev.id)?.[0];
      return { ship: this.graph.recordId(ev), ...(receive !== undefined ? { receive: this.graph.recordId(this.graph.events[receive]!) } : {}) };
    });
  }

  /** Each lot line of each ship or receive of one business, with the other business and the records. */
  private steps(logId: string | Uint8Array, kind: 'food.ship' | 'food.receive', other: (ev: GraphEvent) => string, records: (ev: GraphEvent) => Pick<Step, 'ship' | 'receive'>): Step[] {
    const g = this.graph;
    const log = g.logNumber(hexOf(logId));
    if (log === undefined) return [];
    const out: Step[] = [];
    for (const ev of g.eventsOf(log)) {
      if (ev.kind !== kind || ev.voided || ev.body.status === 'rejected') continue;
      for (const line of g.lotLines(ev)) out.push({ enterprise: other(ev), lot: line.lot, quantity: line.quantity, ...records(ev) });
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

export type { GraphEvent };
