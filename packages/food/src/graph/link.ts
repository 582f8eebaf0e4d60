import { normaliseMicro, UNIT_DIMENSIONS, UNIT_SCALE } from '../quantity.js';
import type { Context, Report } from './assemble.js';
import { Column } from './columns.js';
import type { LotGraph } from './graph.js';
import { NO_QUANTITY } from './intake.js';
import { emptyLedger, LEDGER_ENTRIES, post, type LedgerEntry } from './ledger.js';
import type { LotNode, RecordId } from './types.js';
import { pushTo } from './multimap.js';

/**
 * Applies every event (not voided) to the lots it touches, in canonical order: ledgers,
 * edges along shipments and transformations, receipts matched to their shipments. Every
 * record is already present, so a receipt always finds its shipment and a container the
 * pack just before its shipment, whatever order the logs came in.
 */
export class Linker {
  private readonly g: LotGraph;
  private readonly report: Report;
  private readonly evNodes = new Column(Int32Array, 1024);
  private readonly evNodeStart: Int32Array;
  private current = 0;
  /**
   * Ledger sums as plain numbers while they are exact (millionths below 2^53), by node and
   * entry: a BigInt per posting was most of linking's cost. Added to the ledgers at the end.
   */
  private sums = new Float64Array(1024 * LEDGER_ENTRIES.length);
  /** Receipts of containers whose shipment is not in the graph: by log, their missing refs. */
  private readonly blindReceipts = new Map<number, RecordId[]>();

  constructor(private readonly ctx: Context, private readonly tolerance: bigint) {
    this.g = ctx.graph;
    this.report = ctx.report;
    this.evNodeStart = new Int32Array(this.g.eventCount + 1);
  }

  run(): void {
    const g = this.g;
    for (let id = 0; id < g.eventCount; id++) {
      this.current = this.evNodeStart[id] = this.evNodes.length;
      if (!g.voided(id)) this.apply(id);
    }
    this.evNodeStart[g.eventCount] = this.evNodes.length;
    g.setEventNodes(this.evNodeStart, this.evNodes.done());
    this.settleSums();
    this.openBlindReceipts();
  }

  private apply(id: number): void {
    const g = this.g;
    const first = g.ev.lineStart[id]!;
    const end = g.ev.lineEnd[id]!;
    switch (g.kindOf(id)) {
      case 'food.harvest': {
        const node = this.nodeOfLine(first);
        if (node.sources.some((s) => g.kindOf(s) === 'food.harvest')) this.report('FOOD_LOT_REDEFINED', 'warning', `lot ${node.lot} was already harvested here`, id);
        node.sources.push(id);
        this.touch(node, id);
        this.post(node, 'created', first);
        break;
      }
      case 'food.input-use':
      case 'food.test':
      case 'food.certificate':
      case 'food.pack':
        for (let l = first; l < end; l++) this.touch(this.nodeOfLine(l), id);
        break;
      case 'food.transform':
        this.applyTransform(id, first, end);
        break;
      case 'food.ship':
        for (const l of g.expand(id, g.ev.log[id]!, g.ev.seq[id]!, (c) => this.unpacked(id, c))) {
          const node = this.nodeOfLine(l);
          this.touch(node, id);
          this.post(node, 'shipped', l);
        }
        break;
      case 'food.receive':
        this.applyReceive(id);
        break;
      case 'food.sale':
      case 'food.catering-use':
      case 'food.disposal': {
        const node = this.nodeOfLine(first);
        this.touch(node, id);
        this.post(node, g.kindOf(id) === 'food.sale' ? 'sold' : g.kindOf(id) === 'food.disposal' ? 'disposed' : 'catered', first);
        break;
      }
      default:
        break; // recall notices and corrections touch no lot here
    }
  }

  private applyTransform(id: number, first: number, end: number): void {
    const { inputs, yieldProblem } = this.g.extra(id, 'transform');
    const ins: LotNode[] = [];
    for (let l = first; l < first + inputs; l++) {
      const node = this.nodeOfLine(l);
      this.touch(node, id);
      this.post(node, 'used', l);
      ins.push(node);
    }
    for (let l = first + inputs; l < end; l++) {
      const out = this.nodeOfLine(l);
      if (out.sources[out.sources.length - 1] !== id) out.sources.push(id);
      this.touch(out, id);
      this.post(out, 'created', l);
      for (const input of ins) this.link(input, out);
    }
    if (yieldProblem !== undefined) this.report('FOOD_YIELD', 'error', yieldProblem, id);
  }

  private applyReceive(id: number): void {
    const g = this.g;
    const r = g.extra(id, 'receive');
    const log = g.ev.log[id]!;
    const { ship, missing } = this.findShip(id, r.refs);
    let blind = false;
    const lines = ship === undefined
      ? g.expand(id, -1, 0, () => (blind = true)) // the shipper's packs are not here: only lot lines count
      : g.expand(id, g.ev.log[ship]!, g.ev.seq[ship]!, (c) => this.unpacked(id, c));
    if (r.status === 'rejected') {
      for (const l of lines) this.touch(this.nodeFor(log, g.lineLot(l)), id);
      if (ship !== undefined) pushTo(g.rejections, ship, id);
      return; // nothing entered this business
    }
    if (blind && missing.length > 0) pushTo(this.blindReceipts, log, ...missing);
    const shipped = ship === undefined ? [] : g.expand(ship, g.ev.log[ship]!, g.ev.seq[ship]!);
    if (ship !== undefined) {
      pushTo(g.receipts, ship, id);
      g.shipOf.set(id, ship);
      const destination = g.extra(ship, 'ship').destination;
      const here = g.logs[log]!.enterprise;
      if (destination !== here) this.report('FOOD_RECEIVE_MISMATCH', 'error', `the shipment was sent to ${destination}, not to this business (${here})`, id);
    }
    const tolerance = r.tolerance ?? this.tolerance;
    for (const l of lines) {
      const lot = g.lineLot(l);
      const node = this.nodeFor(log, lot);
      if (node.sources[node.sources.length - 1] !== id) node.sources.push(id);
      this.touch(node, id);
      this.post(node, 'received', l);
      if (ship === undefined) {
        for (const gap of missing) addGap(node, gap);
        continue;
      }
      const match = shipped.find((s) => g.lineLot(s) === lot);
      if (match === undefined) {
        this.report('FOOD_RECEIVE_MISMATCH', 'error', `lot ${lot} is not in the shipment ${g.logs[g.ev.log[ship]!]!.hex.slice(0, 12)}…#${g.ev.seq[ship]}`, id);
        continue;
      }
      this.link(this.nodeOfLine(match), node);
      if (r.status !== 'accepted') continue;
      const a = normaliseMicro(g.lines.unit[match]!, g.lineMicro(match));
      const b = normaliseMicro(g.lines.unit[l]!, g.lineMicro(l));
      const diff = a.micro > b.micro ? a.micro - b.micro : b.micro - a.micro;
      if (a.dimension !== b.dimension || diff * 1_000_000n > a.micro * tolerance) {
        const got = g.lineQuantity(l)!;
        const sent = g.lineQuantity(match)!;
        this.report('FOOD_RECEIVE_MISMATCH', 'error', `lot ${lot}: received ${got.value} ${got.unit}, shipped ${sent.value} ${sent.unit}, beyond the accepted tolerance`, id, { evidence: [g.recordOf(ship)] });
      }
    }
  }

  /**
   * The ship record a receipt refers to. Refs to records that are not in the graph (their
   * log absent, or an excerpt without them) are gaps; refs only to records that are there
   * but are not a shipment make a receipt without a shipment.
   */
  private findShip(id: number, refs: readonly RecordId[]): { ship: number | undefined; missing: RecordId[] } {
    const g = this.g;
    const missing: RecordId[] = [];
    for (const ref of refs) {
      const log = g.logNumber(ref.logId);
      if (log === undefined) {
        missing.push(ref);
        continue;
      }
      const target = g.eventIdAt(log, ref.seq);
      if (target !== undefined && g.kindOf(target) === 'food.ship' && !g.voided(target)) return { ship: target, missing: [] };
      if (target === undefined && !g.recordPresent(log, ref.seq)) missing.push(ref);
    }
    if (missing.length > 0) this.report('FOOD_REF_MISSING', 'warning', 'the shipment this receipt refers to is not in the bundle (its log, or that record of it, is absent): the trace stops here', id);
    else this.report('FOOD_RECEIVE_WITHOUT_SHIP', 'error', 'a receipt must refer to the ship record it receives', id);
    return { ship: undefined, missing };
  }

  private unpacked(id: number, container: number): void {
    this.report('FOOD_REF_MISSING', 'warning', `container ${this.g.containerNames[container]} has no pack record at its shipper before the shipment`, id);
  }

  /**
   * A lot sold at a business that received containers nobody can open may have come in one
   * of them: such lots get those receipts' missing shipments as gaps, and stage order does
   * not call them never received.
   */
  private openBlindReceipts(): void {
    for (const [log, gaps] of this.blindReceipts) {
      for (const id of this.g.logs[log]!.lots.values()) {
        const node = this.g.nodes[id]!;
        if (node.sources.length > 0) continue;
        this.ctx.blind.add(id);
        for (const gap of gaps) addGap(node, gap);
      }
    }
  }

  // ---- helpers ----

  private nodeOfLine(line: number): LotNode {
    return this.g.nodes[this.g.lines.node[line]!]!;
  }

  /** The node of a lot at a business, made if a container brought it there. */
  private nodeFor(log: number, lot: string): LotNode {
    const entry = this.g.logs[log]!;
    const known = entry.lots.get(lot);
    if (known !== undefined) return this.g.nodes[known]!;
    const node: LotNode = { id: this.g.nodes.length, log, lot, upstream: [], downstream: [], events: [], sources: [], ledger: emptyLedger(), gaps: [] };
    this.g.nodes.push(node);
    entry.lots.set(lot, node.id);
    return node;
  }

  private touch(node: LotNode, id: number): void {
    if (node.events[node.events.length - 1] !== id) node.events.push(id);
    const d = this.evNodes.data;
    for (let i = this.current; i < this.evNodes.length; i++) if (d[i] === node.id) return;
    this.evNodes.push(node.id);
  }

  private post(node: LotNode, entry: LedgerEntry, line: number): void {
    const unit = this.g.lines.unit[line]!;
    if (unit === NO_QUANTITY) return;
    const l = node.ledger;
    const dimension = UNIT_DIMENSIONS[unit]!;
    if (l.dimension !== dimension && l.dimension !== undefined) {
      l.mixed = true; // as post() does: a second dimension is not summed
      return;
    }
    l.dimension = dimension;
    const micro = this.g.lines.micro[line]!;
    const scale = UNIT_SCALE[unit]!;
    // In the base unit: × a whole factor, or ÷ 1000 rounded down, as normaliseMicro does in BigInt.
    const base = scale >= 1 ? micro * scale : (micro - (micro % 1000)) / 1000;
    const slot = node.id * LEDGER_ENTRIES.length + LEDGER_ENTRIES.indexOf(entry);
    if (slot >= this.sums.length) this.growSums(slot);
    const sum = this.sums[slot]! + base;
    if (Number.isSafeInteger(sum)) this.sums[slot] = sum;
    else {
      const q = normaliseMicro(unit, this.g.lineMicro(line)); // too large for a number: exact in BigInt
      post(l, entry, q.dimension, q.micro);
    }
  }

  private growSums(slot: number): void {
    let n = this.sums.length;
    while (n <= slot) n *= 2;
    const next = new Float64Array(n);
    next.set(this.sums);
    this.sums = next;
  }

  /** Adds the number sums to the ledgers (BigInt), once per node and entry. */
  private settleSums(): void {
    const k = LEDGER_ENTRIES.length;
    for (const node of this.g.nodes) {
      const l = node.ledger;
      for (let e = 0; e < k; e++) {
        const v = node.id * k + e < this.sums.length ? this.sums[node.id * k + e]! : 0;
        if (v !== 0) l[LEDGER_ENTRIES[e]!] += BigInt(v);
      }
    }
    this.sums = new Float64Array(0);
  }

  private link(from: LotNode, to: LotNode): void {
    if (!to.upstream.includes(from.id)) to.upstream.push(from.id);
    if (!from.downstream.includes(to.id)) from.downstream.push(to.id);
  }
}

function addGap(node: LotNode, gap: RecordId): void {
  if (!node.gaps.some((x) => x.logId === gap.logId && x.seq === gap.seq)) node.gaps.push(gap);
}
