import { bytesEqual, toHex, type LogRecord } from '@suyuan/core';
import { validateEvent, type FoodKind, type ItemLine, type LotLine, type Receive, type Ship, type Transform } from '../events.js';
import type { FoodCode, FoodFinding } from '../findings.js';
import { normalise, toMicro, type Quantity } from '../quantity.js';
import { balance, describeAmount, emptyLedger, inflow, outflow, post } from './ledger.js';
import type { GraphEvent, GraphLog, LotNode, RecordId } from './types.js';

export interface GraphOptions {
  /** Default accepted difference between shipped and received quantities, as a fraction. Default "0". */
  receiveTolerance?: string;
}

interface LogEntry {
  logId: Uint8Array;
  hex: string;
  enterprise: string;
  /** Its events are `events[firstEvent, endEvent)`: events are filed log by log. */
  firstEvent: number;
  endEvent: number;
  /** Event id by seq, -1 where the record is not a food event. */
  eventBySeq: Int32Array;
}

/**
 * The lot graph of a set of logs: a node per (business, lot), edges along shipments,
 * transformations and packing, every event attached to the lots it touches, and each lot's
 * ledger at each business. Building it also checks the rules that span records; the
 * problems are in `findings`. Queries are in queries.ts.
 */
export class LotGraph {
  readonly logs: LogEntry[] = [];
  readonly nodes: LotNode[] = [];
  readonly events: GraphEvent[] = [];
  readonly findings: FoodFinding[] = [];
  readonly traceCodes = new Map<string, number>();
  readonly recalls: number[] = [];
  private readonly nodeIndex = new Map<string, number>();
  private readonly logIndex = new Map<string, number>();
  /** Container contents by `${log}\0${sscc or id}`, from the latest pack event. */
  private readonly containers = new Map<string, LotLine[]>();
  /** Input uses on a field (plot, pen, pond), by `${log}\0${field}`: a harvest from that field inherits them. */
  readonly fieldInputs = new Map<string, number[]>();
  /** Receive events by the ship event they receive, and the reverse. */
  readonly receipts = new Map<number, number[]>();
  readonly shipOf = new Map<number, number>();
  private readonly tolerance: bigint;

  private constructor(opts: GraphOptions) {
    this.tolerance = toMicro(opts.receiveTolerance ?? '0');
  }

  static build(logs: readonly GraphLog[], opts: GraphOptions = {}): LotGraph {
    const g = new LotGraph(opts);
    const fresh = logs.filter((log) => g.registerLog(log)); // a log supplied twice counts once
    for (const log of fresh) g.readEvents(g.logNumber(log.logId)!, log.records);
    for (const ev of g.events) if (!ev.voided) g.apply(ev);
    g.checkStageOrder();
    g.checkBalances();
    g.findCycles();
    return g;
  }

  // ---- lookups ----

  logNumber(logId: Uint8Array | string): number | undefined {
    return this.logIndex.get(typeof logId === 'string' ? logId : toHex(logId));
  }

  /** The node of `lot` at the business whose log is `log`, if any. */
  node(log: number, lot: string): LotNode | undefined {
    const id = this.nodeIndex.get(`${log}\0${lot}`);
    return id === undefined ? undefined : this.nodes[id];
  }

  /** The event of a record, if it is a food event in the graph. */
  eventAt(log: number, seq: number): GraphEvent | undefined {
    const entry = this.logs[log];
    if (entry === undefined || seq < 0 || seq >= entry.eventBySeq.length) return undefined;
    const id = entry.eventBySeq[seq]!;
    return id < 0 ? undefined : this.events[id];
  }

  recordId(ev: { log: number; seq: number }): RecordId {
    return { logId: this.logs[ev.log]!.hex, seq: ev.seq };
  }

  // ---- building ----

  private registerLog(log: GraphLog): boolean {
    const hex = toHex(log.logId);
    if (this.logIndex.has(hex)) return false;
    this.logIndex.set(hex, this.logs.length);
    this.logs.push({ logId: log.logId, hex, enterprise: log.enterprise, firstEvent: 0, endEvent: 0, eventBySeq: new Int32Array(log.records.reduce((m, r) => Math.max(m, r.seq + 1), 0)).fill(-1) }); // sized by seq: an excerpt skips seqs
    return true;
  }

  private finding(code: FoodCode, severity: 'error' | 'warning', message: string, ev?: { log: number; seq: number }, extra: Partial<FoodFinding> = {}): void {
    this.findings.push({ code, severity, message, ...(ev ? this.recordId(ev) : {}), ...extra });
  }

  /** Validates each food record, files it as an event, and applies corrections (voids). */
  private readEvents(log: number, records: readonly LogRecord[]): void {
    const entry = this.logs[log]!;
    entry.firstEvent = this.events.length;
    for (const rec of records) {
      if (!rec.kind.startsWith('food.')) continue;
      const where = { log, seq: rec.seq };
      const problems = validateEvent(rec.kind, rec.body);
      if (problems.length > 0) {
        for (const p of problems) this.findings.push({ ...p, ...this.recordId(where) });
        continue;
      }
      const ev: GraphEvent = { id: this.events.length, log, seq: rec.seq, kind: rec.kind as FoodKind, body: rec.body, refs: rec.refs, voided: false, nodes: [] };
      this.events.push(ev);
      if (rec.seq < entry.eventBySeq.length) entry.eventBySeq[rec.seq] = ev.id;
      if (ev.kind === 'food.correction') this.applyCorrection(ev, entry);
    }
    entry.endEvent = this.events.length;
  }

  /** The events of one log, in seq order. */
  eventsOf(log: number): GraphEvent[] {
    const e = this.logs[log];
    return e === undefined ? [] : this.events.slice(e.firstEvent, e.endEvent);
  }

  private applyCorrection(ev: GraphEvent, entry: LogEntry): void {
    if (ev.refs.length === 0) this.finding('FOOD_CORRECTION_TARGET', 'error', 'a correction names the records it corrects in its refs', ev);
    for (const ref of ev.refs) {
      if (!bytesEqual(ref.logId, entry.logId) || ref.seq >= ev.seq) {
        this.finding('FOOD_CORRECTION_TARGET', 'error', `a correction may only point at earlier records of its own log (seq ${ref.seq})`, ev);
        continue;
      }
      const target = this.eventAt(ev.log, ref.seq);
      if (target === undefined) this.finding('FOOD_CORRECTION_TARGET', 'warning', `record ${ref.seq} is not a food event`, ev);
      else target.voided = true;
    }
  }

  private nodeFor(log: number, lot: string): LotNode {
    const key = `${log}\0${lot}`;
    let id = this.nodeIndex.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodeIndex.set(key, id);
      this.nodes.push({ id, log, lot, upstream: [], downstream: [], events: [], sources: [], ledger: emptyLedger(), gaps: [] });
    }
    return this.nodes[id]!;
  }

  private link(from: LotNode, to: LotNode): void {
    if (!to.upstream.includes(from.id)) to.upstream.push(from.id);
    if (!from.downstream.includes(to.id)) from.downstream.push(to.id);
  }

  private touch(node: LotNode, ev: GraphEvent): void {
    if (node.events[node.events.length - 1] !== ev.id) node.events.push(ev.id);
    if (!ev.nodes.includes(node.id)) ev.nodes.push(node.id);
  }

  private apply(ev: GraphEvent): void {
    const b = ev.body as Record<string, unknown>;
    switch (ev.kind) {
      case 'food.harvest': {
        const node = this.nodeFor(ev.log, b.lot as string);
        if (node.sources.some((s) => this.events[s]!.kind === 'food.harvest')) this.finding('FOOD_LOT_REDEFINED', 'warning', `lot ${node.lot} was already harvested here`, ev);
        node.sources.push(ev.id);
        this.touch(node, ev);
        post(node.ledger, 'created', b.quantity as Quantity);
        break;
      }
      case 'food.input-use': {
        const target = b.target as { lot?: string; field?: string };
        if (target.lot !== undefined) this.touch(this.nodeFor(ev.log, target.lot), ev);
        if (target.field !== undefined) {
          const key = `${ev.log}\0${target.field}`;
          this.fieldInputs.set(key, [...(this.fieldInputs.get(key) ?? []), ev.id]);
        }
        break;
      }
      case 'food.test':
      case 'food.certificate':
        this.touch(this.nodeFor(ev.log, b.lot as string), ev);
        break;
      case 'food.pack': {
        const container = b.container as { sscc?: string; id?: string };
        const contents = b.contents as LotLine[];
        this.containers.set(`${ev.log}\0${container.sscc ?? container.id}`, contents);
        for (const line of contents) this.touch(this.nodeFor(ev.log, line.lot), ev);
        break;
      }
      case 'food.transform':
        this.applyTransform(ev, b as unknown as Transform);
        break;
      case 'food.ship':
        for (const line of this.expand(ev.log, (b as unknown as Ship).items, ev)) {
          const node = this.nodeFor(ev.log, line.lot);
          this.touch(node, ev);
          post(node.ledger, 'shipped', line.quantity);
        }
        break;
      case 'food.receive':
        this.applyReceive(ev, b as unknown as Receive);
        break;
      case 'food.sale':
      case 'food.catering-use':
      case 'food.disposal': {
        const node = this.nodeFor(ev.log, b.lot as string);
        this.touch(node, ev);
        post(node.ledger, ev.kind === 'food.sale' ? 'sold' : ev.kind === 'food.disposal' ? 'disposed' : 'catered', b.quantity as Quantity);
        if (typeof b.traceCode === 'string') this.traceCodes.set(b.traceCode, ev.id);
        break;
      }
      case 'food.recall':
        this.recalls.push(ev.id);
        break;
      case 'food.correction':
        break;
    }
  }

  private applyTransform(ev: GraphEvent, t: Transform): void {
    const inputs = t.inputs.map((line) => {
      const node = this.nodeFor(ev.log, line.lot);
      this.touch(node, ev);
      post(node.ledger, 'used', line.quantity);
      return node;
    });
    for (const line of t.outputs) {
      const out = this.nodeFor(ev.log, line.lot);
      out.sources.push(ev.id);
      this.touch(out, ev);
      post(out.ledger, 'created', line.quantity);
      for (const input of inputs) this.link(input, out);
    }
    // Declared yield: outputs ÷ inputs within ratio ± tolerance, when both are in one dimension.
    const sum = (lines: LotLine[]) => {
      const dims = new Set<string>();
      let micro = 0n;
      for (const l of lines) { const n = normalise(l.quantity); dims.add(n.dimension); micro += n.micro; }
      return dims.size === 1 ? { dim: [...dims][0]!, micro } : undefined;
    };
    const i = sum(t.inputs);
    const o = sum(t.outputs);
    if (i === undefined || o === undefined || i.dim !== o.dim) return; // e.g. kilograms in, pieces out: the ratio has no unit to check in
    const ratio = toMicro(t.yield.ratio);
    const tol = toMicro(t.yield.tolerance);
    // o / i within [ratio - tol, ratio + tol], in millionths: o * 10^6 compared with i * (ratio ± tol)
    if (o.micro * 1_000_000n < i.micro * (ratio - tol) || o.micro * 1_000_000n > i.micro * (ratio + tol)) {
      this.finding('FOOD_YIELD', 'error', `outputs are ${(Number(o.micro) / Number(i.micro)).toFixed(4)} of inputs; declared ${t.yield.ratio} ± ${t.yield.tolerance}`, ev);
    }
  }

  private applyReceive(ev: GraphEvent, r: Receive): void {
    const ship = this.findShip(ev);
    const lines = ship === undefined ? this.expand(ev.log, r.items, ev) : this.expand(ship.log, r.items, ev);
    if (r.status === 'rejected') {
      for (const line of lines) this.touch(this.nodeFor(ev.log, line.lot), ev);
      return; // nothing entered this business
    }
    const shipped = ship === undefined ? undefined : this.expand(ship.log, (ship.body as unknown as Ship).items, ship);
    if (ship !== undefined) {
      this.receipts.set(ship.id, [...(this.receipts.get(ship.id) ?? []), ev.id]);
      this.shipOf.set(ev.id, ship.id);
      const destination = ((ship.body as unknown as Ship).destination).enterprise;
      if (destination !== this.logs[ev.log]!.enterprise) this.finding('FOOD_RECEIVE_MISMATCH', 'error', `the shipment was sent to ${destination}, not to this business (${this.logs[ev.log]!.enterprise})`, ev);
    }
    const tolerance = r.tolerance === undefined ? this.tolerance : toMicro(r.tolerance);
    for (const line of lines) {
      const node = this.nodeFor(ev.log, line.lot);
      node.sources.push(ev.id);
      this.touch(node, ev);
      post(node.ledger, 'received', line.quantity);
      if (ship === undefined) {
        for (const ref of ev.refs) if (this.logNumber(ref.logId) === undefined) node.gaps.push({ logId: toHex(ref.logId), seq: ref.seq });
        continue;
      }
      const match = shipped!.find((s) => s.lot === line.lot);
      if (match === undefined) {
        this.finding('FOOD_RECEIVE_MISMATCH', 'error', `lot ${line.lot} is not in the shipment ${this.logs[ship.log]!.hex.slice(0, 12)}…#${ship.seq}`, ev);
        continue;
      }
      this.link(this.nodeFor(ship.log, match.lot), node);
      if (r.status === 'accepted') {
        const a = normalise(match.quantity);
        const b = normalise(line.quantity);
        const diff = a.micro > b.micro ? a.micro - b.micro : b.micro - a.micro;
        if (a.dimension !== b.dimension || diff * 1_000_000n > a.micro * tolerance) {
          this.finding('FOOD_RECEIVE_MISMATCH', 'error', `lot ${line.lot}: received ${line.quantity.value} ${line.quantity.unit}, shipped ${match.quantity.value} ${match.quantity.unit}, beyond the accepted tolerance`, ev, { evidence: [this.recordId(ship)] });
        }
      }
    }
  }

  /** The ship record a receive refers to; reports a receive without one. */
  private findShip(ev: GraphEvent): GraphEvent | undefined {
    let missing = false;
    for (const ref of ev.refs) {
      const log = this.logNumber(ref.logId);
      if (log === undefined) { missing = true; continue; }
      const target = this.eventAt(log, ref.seq);
      if (target?.kind === 'food.ship' && !target.voided) return target;
    }
    if (missing) this.finding('FOOD_REF_MISSING', 'warning', "the shipment this receipt refers to is in a log that was not supplied: the trace stops here", ev);
    else this.finding('FOOD_RECEIVE_WITHOUT_SHIP', 'error', 'a receipt must refer to the ship record it receives', ev);
    return undefined;
  }

  /** The lot lines a ship or receive moved, containers opened into what was packed on them. */
  lotLines(ev: GraphEvent): LotLine[] {
    if (ev.kind !== 'food.ship' && ev.kind !== 'food.receive') return [];
    const ship = ev.kind === 'food.receive' ? this.shipOf.get(ev.id) : undefined;
    return this.expand(ship === undefined ? ev.log : this.events[ship]!.log, (ev.body as unknown as Ship).items, ev, false);
  }

  /** Lot lines of a ship or receive; a container (SSCC) stands for the contents it was packed with at `packedAt`. */
  private expand(packedAt: number, items: readonly ItemLine[], ev: GraphEvent, report = true): LotLine[] {
    const out: LotLine[] = [];
    for (const item of items) {
      if ('sscc' in item) {
        const contents = this.containers.get(`${packedAt}\0${item.sscc}`);
        if (contents === undefined && report) this.finding('FOOD_REF_MISSING', 'warning', `container ${item.sscc} has no pack record at its shipper`, ev);
        else if (contents !== undefined) out.push(...contents);
      } else out.push(item);
    }
    return out;
  }

  // ---- rules over the whole graph ----

  /** Nothing leaves a business (shipped, used, sold, served, disposed) before it came in. */
  private checkStageOrder(): void {
    for (const node of this.nodes) {
      const firstIn = Math.min(...node.sources.map((s) => this.events[s]!.seq));
      for (const id of node.events) {
        const ev = this.events[id]!;
        if (!isOutflow(ev, node)) continue;
        if (ev.seq < firstIn || !Number.isFinite(firstIn)) {
          this.finding('FOOD_STAGE_ORDER', 'error', `${ev.kind} of lot ${node.lot} ${Number.isFinite(firstIn) ? 'before it was received or produced here' : 'which was never received or produced here'}`, ev);
        }
      }
    }
  }

  /** received − shipped − used − sold − disposed ≥ 0 for every lot at every business. */
  private checkBalances(): void {
    for (const node of this.nodes) {
      const l = node.ledger;
      if (l.mixed) {
        this.finding('FOOD_UNIT_MISMATCH', 'warning', `lot ${node.lot} is counted in units of different dimensions here; its balance cannot be checked`, { log: node.log, seq: this.events[node.events[0]!]!.seq });
        continue;
      }
      if (balance(l) < 0n && node.sources.length > 0) {
        const evidence = node.events.map((id) => this.recordId(this.events[id]!));
        this.finding('FOOD_OVERDRAWN', 'error', `lot ${node.lot}: ${describeAmount(l, outflow(l))} went out but only ${describeAmount(l, inflow(l))} came in (a counterfeit signal)`, { log: node.log, seq: this.events[node.events[node.events.length - 1]!]!.seq }, { evidence });
      }
    }
  }

  /** Lots that are their own ancestors: impossible in a real chain, so a sign of bad records. */
  private findCycles(): void {
    const state = new Uint8Array(this.nodes.length); // 0 new, 1 on the stack, 2 done
    for (const root of this.nodes) {
      if (state[root.id] !== 0) continue;
      const stack: [number, number][] = [[root.id, 0]];
      state[root.id] = 1;
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const node = this.nodes[top[0]]!;
        if (top[1] < node.upstream.length) {
          const next = node.upstream[top[1]++]!;
          if (state[next] === 1) {
            const n = this.nodes[next]!;
            this.findings.push({ code: 'FOOD_CYCLE', severity: 'error', message: `lot ${n.lot} at ${this.logs[n.log]!.enterprise} is upstream of itself`, logId: this.logs[n.log]!.hex });
          } else if (state[next] === 0) {
            state[next] = 1;
            stack.push([next, 0]);
          }
        } else {
          state[top[0]] = 2;
          stack.pop();
        }
      }
    }
  }
}

function isOutflow(ev: GraphEvent, node: LotNode): boolean {
  switch (ev.kind) {
    case 'food.ship': case 'food.sale': case 'food.catering-use': case 'food.disposal': case 'food.pack':
      return true;
    case 'food.transform':
      return !node.sources.includes(ev.id);
    default:
      return false;
  }
}

