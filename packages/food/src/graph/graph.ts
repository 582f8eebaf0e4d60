import type { CborMap } from '@suyuan/core';
import { FOOD_KINDS, type FoodKind } from '../events.js';
import type { FoodFinding } from '../findings.js';
import { fromMicro, UNIT_CODES, type Quantity } from '../quantity.js';
import { LotGraphBuilder } from './builder.js';
import { NO_QUANTITY, VOIDED, type Extra } from './intake.js';
import type { GraphEvent, GraphLog, GraphOptions, LotNode, RecordId } from './types.js';
import { pushTo } from './multimap.js';

/** A log in the graph. Logs are numbered in the order of their ids, whatever order they were given in. */
export interface LogEntry {
  logId: Uint8Array;
  hex: string;
  enterprise: string;
  name: string | undefined;
  partial: boolean;
  /** Its events are `[firstEvent, endEvent)`, in seq order. */
  firstEvent: number;
  endEvent: number;
  /** One more than the highest seq given (for a whole log: how many records it has). */
  size: number;
  /** Seqs given, for an excerpt. */
  seen: Set<number> | undefined;
  /** Lot code → node id. */
  lots: Map<string, number>;
}

/** Events as columns, in canonical order: by log (by log id), then seq. */
export interface EventColumns {
  kind: Uint8Array;
  log: Int32Array;
  seq: Float64Array;
  time: Float64Array;
  flags: Uint8Array;
  aux: Int32Array;
  lineStart: Int32Array;
  lineEnd: Int32Array;
  extraIndex: Int32Array;
}

export interface LineColumns {
  node: Int32Array;
  container: Int32Array;
  unit: Uint8Array;
  micro: Float64Array;
  big: Map<number, bigint>;
}

export interface GraphParts {
  logs: LogEntry[];
  nodes: LotNode[];
  ev: EventColumns;
  extras: Extra[];
  lines: LineColumns;
  evNodeStart: Int32Array;
  evNodes: Int32Array;
  bodies: CborMap[] | undefined;
  containers: Map<string, number[]>;
  containerNames: string[];
  fields: Map<string, number>;
  traceCodeOf: (string | undefined)[];
  recalls: number[];
  fieldInputs: Map<string, number[]>;
  fieldHarvests: Map<string, number[]>;
  receipts: Map<number, number[]>;
  rejections: Map<number, number[]>;
  shipOf: Map<number, number>;
  findings: FoodFinding[];
}

/**
 * The lot graph of a set of logs: a node per (business, lot), edges along shipments,
 * transformations and packing, every event attached to the lots it touches, and each lot's
 * ledger at each business. Events are kept compact (a few numbers each, no bodies unless
 * `keepBodies`); queries (queries.ts) answer with record ids. Build it with
 * `LotGraph.build(logs)` or, streaming, with `LotGraphBuilder`.
 */
export class LotGraph {
  readonly logs: LogEntry[];
  readonly nodes: LotNode[];
  /** Problems found, in canonical order (empty when an `onFinding` callback took them). */
  readonly findings: FoodFinding[];
  readonly recalls: number[];
  /** Input uses on a field (plot, pen, pond), by `fieldKey(log, field)`. */
  readonly fieldInputs: Map<string, number[]>;
  /** Harvests from a field, by `fieldKey(log, field)`. */
  readonly fieldHarvests: Map<string, number[]>;
  /** Receive events (accepted or partial) by the ship event they receive, and the reverse; rejected receipts apart. */
  readonly receipts: Map<number, number[]>;
  readonly rejections: Map<number, number[]>;
  readonly shipOf: Map<number, number>;
  /** Compact storage (internal to the package; the layout may change). */
  readonly ev: EventColumns;
  readonly lines: LineColumns;
  readonly extras: Extra[];
  private evNodeStart: Int32Array;
  private evNodes: Int32Array;
  private readonly bodies: CborMap[] | undefined;
  /** Pack events by `${log}:${container}`, in seq order. */
  readonly containers: Map<string, number[]>;
  readonly containerNames: string[];
  private readonly fields: Map<string, number>;
  private readonly traceCodeOf: (string | undefined)[];
  private codes: { first: Map<string, number>; repeats: Map<string, number[]> } | undefined;
  private readonly logIndex: Map<string, number>;

  /** Internal: graphs are made by `LotGraph.build` or `LotGraphBuilder`. */
  constructor(p: GraphParts) {
    this.logs = p.logs;
    this.nodes = p.nodes;
    this.findings = p.findings;
    this.recalls = p.recalls;
    this.fieldInputs = p.fieldInputs;
    this.fieldHarvests = p.fieldHarvests;
    this.receipts = p.receipts;
    this.rejections = p.rejections;
    this.shipOf = p.shipOf;
    this.ev = p.ev;
    this.lines = p.lines;
    this.extras = p.extras;
    this.evNodeStart = p.evNodeStart;
    this.evNodes = p.evNodes;
    this.bodies = p.bodies;
    this.containers = p.containers;
    this.containerNames = p.containerNames;
    this.fields = p.fields;
    this.traceCodeOf = p.traceCodeOf;
    this.logIndex = new Map(p.logs.map((l, i) => [l.hex, i]));
  }

  /** The graph of whole logs (or excerpts, `partial: true`), given in any order; a log given twice counts once. */
  static build(logs: readonly GraphLog[], opts: GraphOptions = {}): LotGraph {
    const b = new LotGraphBuilder(opts);
    for (const log of logs) {
      const n = b.addLog(log);
      for (const r of log.records) b.addRecord(n, r);
    }
    return b.build();
  }

  /** Internal: the assembler sets which lots each event touches once it has linked them. */
  setEventNodes(start: Int32Array, nodes: Int32Array): void {
    this.evNodeStart = start;
    this.evNodes = nodes;
  }

  // ---- lookups ----

  get eventCount(): number {
    return this.ev.kind.length;
  }

  logNumber(logId: Uint8Array | string): number | undefined {
    return this.logIndex.get(typeof logId === 'string' ? logId : Buffer.from(logId).toString('hex'));
  }

  /** The node of `lot` at the business whose log is `log`, if any. */
  node(log: number, lot: string): LotNode | undefined {
    const id = this.logs[log]?.lots.get(lot);
    return id === undefined ? undefined : this.nodes[id];
  }

  kindOf(id: number): FoodKind {
    return FOOD_KINDS[this.ev.kind[id]!]!;
  }

  voided(id: number): boolean {
    return (this.ev.flags[id]! & VOIDED) !== 0;
  }

  /** The event id of a record, if it is a food event in the graph (binary search in its log's range). */
  eventIdAt(log: number, seq: number): number | undefined {
    const entry = this.logs[log];
    if (entry === undefined) return undefined;
    let lo = entry.firstEvent;
    let hi = entry.endEvent;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ev.seq[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo < entry.endEvent && this.ev.seq[lo] === seq ? lo : undefined;
  }

  /** Whether a record (food event or not) of a log in the graph was given. */
  recordPresent(log: number, seq: number): boolean {
    const entry = this.logs[log]!;
    return entry.seen === undefined ? seq >= 0 && seq < entry.size : entry.seen.has(seq);
  }

  /** The event of a record, if it is a food event in the graph. */
  eventAt(log: number, seq: number): GraphEvent | undefined {
    const id = this.eventIdAt(log, seq);
    return id === undefined ? undefined : this.event(id);
  }

  /** One event as an object (made on demand: the graph stores columns). */
  event(id: number): GraphEvent {
    const body = this.bodies?.[id];
    return {
      id, log: this.ev.log[id]!, seq: this.ev.seq[id]!, kind: this.kindOf(id), time: this.ev.time[id]!, voided: this.voided(id), nodes: this.nodesOf(id),
      ...(body !== undefined ? { body } : {}),
    };
  }

  /** The lots (node ids) an event touches. */
  nodesOf(id: number): number[] {
    return Array.from(this.evNodes.subarray(this.evNodeStart[id]!, this.evNodeStart[id + 1]!));
  }

  /** The events of one log, in seq order. */
  eventsOf(log: number): GraphEvent[] {
    const e = this.logs[log];
    const out: GraphEvent[] = [];
    if (e !== undefined) for (let id = e.firstEvent; id < e.endEvent; id++) out.push(this.event(id));
    return out;
  }

  recordId(ev: { log: number; seq: number }): RecordId {
    return { logId: this.logs[ev.log]!.hex, seq: ev.seq };
  }

  /** The record id of an event. */
  recordOf(id: number): RecordId {
    return { logId: this.logs[this.ev.log[id]!]!.hex, seq: this.ev.seq[id]! };
  }

  extra<T extends Extra['kind']>(id: number, kind: T): Extract<Extra, { kind: T }> {
    const x = this.extras[this.ev.extraIndex[id]!];
    if (x?.kind !== kind) throw new Error(`internal: event ${id} has no ${kind} data`);
    return x as Extract<Extra, { kind: T }>;
  }

  fieldKey(log: number, field: number): string {
    return `${log}:${field}`;
  }

  fieldId(name: string): number | undefined {
    return this.fields.get(name);
  }

  /**
   * Trace code → the first event (in canonical order, not voided) that printed it. Indexed on
   * first use: verification never asks, and a million codes need not be hashed for nothing.
   */
  get traceCodes(): Map<string, number> {
    return this.codeIndex().first;
  }

  /** Every event printing a trace code (a code printed twice resolves to every sale that printed it). */
  traceCodeEvents(code: string): number[] {
    const { first, repeats } = this.codeIndex();
    const id = first.get(code);
    return id === undefined ? [] : [id, ...(repeats.get(code) ?? [])];
  }

  private codeIndex(): { first: Map<string, number>; repeats: Map<string, number[]> } {
    if (this.codes !== undefined) return this.codes;
    const first = new Map<string, number>();
    const repeats = new Map<string, number[]>();
    for (let id = 0; id < this.traceCodeOf.length; id++) {
      const code = this.traceCodeOf[id];
      if (code === undefined || this.voided(id)) continue;
      if (!first.has(code)) first.set(code, id);
      else pushTo(repeats, code, id);
    }
    return (this.codes = { first, repeats });
  }

  // ---- lines ----

  lineLot(line: number): string {
    return this.nodes[this.lines.node[line]!]!.lot;
  }

  /** A line's quantity as written (in the shortest decimal form), if it has one. */
  lineQuantity(line: number): Quantity | undefined {
    const u = this.lines.unit[line]!;
    if (u === NO_QUANTITY) return undefined;
    return { value: fromMicro(this.lineMicro(line)), unit: UNIT_CODES[u]! };
  }

  lineMicro(line: number): bigint {
    const m = this.lines.micro[line]!;
    return Number.isNaN(m) ? this.lines.big.get(line)! : BigInt(m);
  }

  /**
   * The lot lines (line ids) a ship, receive or pack moved; a container stands for the contents
   * of the last pack for it at `packedAt` before seq `before` (the shipment). `missing` hears
   * of containers that were never packed there.
   */
  expand(id: number, packedAt: number, before: number, missing?: (container: number) => void): number[] {
    const out: number[] = [];
    for (let i = this.ev.lineStart[id]!; i < this.ev.lineEnd[id]!; i++) {
      const c = this.lines.container[i]!;
      if (c < 0) {
        out.push(i);
        continue;
      }
      const pack = this.packBefore(packedAt, c, before);
      if (pack === undefined) missing?.(c);
      else for (let j = this.ev.lineStart[pack]!; j < this.ev.lineEnd[pack]!; j++) out.push(j);
    }
    return out;
  }

  /** The last (not voided) pack of a container at a business before a seq (binary search: a pallet may be reused many times). */
  packBefore(log: number, container: number, before: number): number | undefined {
    const packs = this.containers.get(`${log}:${container}`);
    if (packs === undefined) return undefined;
    let lo = 0;
    let hi = packs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ev.seq[packs[mid]!]! < before) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : packs[lo - 1];
  }

  /** The lot lines a ship or receive moved, containers opened into what was packed on them. */
  lotLines(ev: number | { id: number }): { lot: string; quantity: Quantity }[] {
    const id = typeof ev === 'number' ? ev : ev.id;
    const kind = this.kindOf(id);
    if (kind !== 'food.ship' && kind !== 'food.receive') return [];
    const ship = kind === 'food.receive' ? this.shipOf.get(id) : id;
    // A receipt whose shipment is not in the graph cannot open its containers: only its lot lines count.
    const lines = ship === undefined ? this.expand(id, -1, 0) : this.expand(id, this.ev.log[ship]!, this.ev.seq[ship]!);
    return lines.flatMap((l) => {
      const quantity = this.lineQuantity(l);
      return quantity === undefined ? [] : [{ lot: this.lineLot(l), quantity }];
    });
  }
}
