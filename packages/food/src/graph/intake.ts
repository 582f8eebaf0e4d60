import { toHex, type CborMap, type RecordRef } from '@suyuan/core';
import { FOOD_KINDS, type FoodKind, type LotLine } from '../events.js';
import { normalise, toMicro, toMicroNumber, unitIndex, type Quantity } from '../quantity.js';
import { eventTimeMs } from '../time.js';
import { Column } from './columns.js';
import type { LotEvent } from './fast-body.js';
import type { RecordId } from './types.js';

/**
 * Phase one of building a graph: each valid food record becomes a compact event (a few
 * numbers in columns) and its lot lines rows of the line columns. Nothing here looks at
 * another record, so the order records arrive in cannot change what is stored; linking is
 * phase two (assemble.ts).
 */

export const KIND_INDEX = new Map<string, number>(FOOD_KINDS.map((k, i) => [k, i]));

/** Event flags. */
export const FAIL = 1; // a test whose result is fail
export const PROMISE = 2; // a certificate that is a 承诺达标合格证
export const VOIDED = 4; // voided by a correction

/** A 承诺达标合格证, by the names it goes by. */
const PROMISE_CERTIFICATES = new Set(['承诺达标合格证', '食用农产品承诺达标合格证']);

/** The unit byte of a line without a quantity (a test's or an input's target lot, a container). */
export const NO_QUANTITY = 255;
const DAY_MS = 86_400_000;

/** What some kinds need beyond their lines, kept per event of that kind only. */
export type Extra =
  | { kind: 'input-use'; type: string; intervalMs: number }
  | { kind: 'ship'; destination: string }
  | { kind: 'receive'; source: string; status: 'accepted' | 'partial' | 'rejected'; tolerance: bigint | undefined; refs: RecordId[] }
  | { kind: 'transform'; inputs: number; yieldProblem: string | undefined }
  | { kind: 'recall'; lots: { lot: string; enterprise?: string }[] }
  | { kind: 'correction'; refs: RecordId[] };

/** Per log while records arrive. */
export interface IntakeLog {
  logId: Uint8Array;
  hex: string;
  enterprise: string;
  name: string | undefined;
  partial: boolean;
  /** Lot code → node id, for this business. */
  lots: Map<string, number>;
  /** The last seq added: records of one log arrive in seq order. */
  lastSeq: number;
  /** Seqs added (excerpts only): whether a record is absent or merely not a food event. */
  seen: Set<number> | undefined;
}

export class EventStore {
  readonly kind = new Column(Uint8Array);
  readonly log = new Column(Int32Array);
  readonly seq = new Column(Float64Array);
  readonly time = new Column(Float64Array);
  readonly flags = new Column(Uint8Array);
  /** Harvest and input-use: the field id; pack: the container id; else -1. */
  readonly aux = new Column(Int32Array);
  readonly lineStart = new Column(Int32Array);
  readonly lineEnd = new Column(Int32Array);
  readonly extraIndex = new Column(Int32Array);
  readonly extras: Extra[] = [];
  /** Lines: the lot's node at the event's business (-1 for a container), the container id (or -1), the quantity. */
  readonly lineNode = new Column(Int32Array);
  readonly lineContainer = new Column(Int32Array);
  readonly lineUnit = new Column(Uint8Array);
  readonly lineMicro = new Column(Float64Array);
  /** Quantities too large for an exact number, by line. */
  readonly bigMicro = new Map<number, bigint>();
  /** Nodes: (business, lot). */
  readonly nodeLog: number[] = [];
  readonly nodeLot: string[] = [];
  /** Field (plot, pen, pond) and container names, interned. */
  readonly fields = new Map<string, number>();
  readonly containers = new Map<string, number>();
  /** The trace code each event printed (most print none), when codes are kept: indexed when first asked for. */
  readonly traceCodeOf: (string | undefined)[] = [];
  readonly bodies: CborMap[] | undefined;

  constructor(keepBodies: boolean, private readonly keepCodes: boolean) {
    this.bodies = keepBodies ? [] : undefined;
  }

  get count(): number {
    return this.kind.length;
  }

  node(log: number, entry: IntakeLog, lot: string): number {
    let id = entry.lots.get(lot);
    if (id === undefined) {
      id = this.nodeLog.length;
      entry.lots.set(lot, id);
      this.nodeLog.push(log);
      this.nodeLot.push(lot);
    }
    return id;
  }

  /** Adds one valid food event (its body checked by validateEvent). */
  add(log: number, entry: IntakeLog, kind: FoodKind, seq: number, body: CborMap, refs: readonly RecordRef[]): void {
    const b = body as Record<string, unknown>;
    this.kind.push(KIND_INDEX.get(kind)!);
    this.log.push(log);
    this.seq.push(seq);
    this.time.push(eventTimeMs(b.eventTime as string));
    this.lineStart.push(this.lineNode.length);
    this.bodies?.push(body);
    let flags = 0;
    let aux = -1;
    let extra: Extra | undefined;
    let code: string | undefined;
    switch (kind) {
      case 'food.harvest':
        this.lotLine(log, entry, b as unknown as LotLine);
        aux = this.field((b.origin as { field?: string } | undefined)?.field);
        break;
      case 'food.input-use': {
        const target = b.target as { lot?: string; field?: string };
        if (target.lot !== undefined) this.line(this.node(log, entry, target.lot), -1, undefined);
        aux = this.field(target.field);
        extra = { kind: 'input-use', type: (b.input as { type: string }).type, intervalMs: ((b.safetyIntervalDays as number | undefined) ?? 0) * DAY_MS };
        break;
      }
      case 'food.test':
        this.line(this.node(log, entry, b.lot as string), -1, undefined);
        if ((b.test as { result: string }).result === 'fail') flags |= FAIL;
        break;
      case 'food.certificate':
        this.lotLine(log, entry, b as unknown as LotLine);
        if (PROMISE_CERTIFICATES.has((b.certificate as { type: string }).type)) flags |= PROMISE;
        break;
      case 'food.pack': {
        const c = b.container as { sscc?: string; id?: string };
        aux = this.container(c.sscc ?? `#${c.id}`);
        for (const l of b.contents as LotLine[]) this.lotLine(log, entry, l);
        break;
      }
      case 'food.transform': {
        const inputs = b.inputs as LotLine[];
        const outputs = b.outputs as LotLine[];
        for (const l of inputs) this.lotLine(log, entry, l);
        for (const l of outputs) this.lotLine(log, entry, l);
        extra = { kind: 'transform', inputs: inputs.length, yieldProblem: yieldProblem(inputs, outputs, b.yield as { ratio: string; tolerance: string }) };
        break;
      }
      case 'food.ship':
      case 'food.receive':
        for (const item of b.items as (LotLine | { sscc: string })[]) {
          if ('sscc' in item) this.line(-1, this.container(item.sscc), undefined);
          else this.lotLine(log, entry, item);
        }
        if (kind === 'food.ship') extra = { kind: 'ship', destination: (b.destination as { enterprise: string }).enterprise };
        else {
          const tolerance = b.tolerance as string | undefined;
          extra = { kind: 'receive', source: (b.source as { enterprise: string }).enterprise, status: b.status as 'accepted', tolerance: tolerance === undefined ? undefined : toMicro(tolerance), refs: refs.map(recordId) };
        }
        break;
      case 'food.sale':
      case 'food.catering-use':
      case 'food.disposal': {
        this.lotLine(log, entry, b as unknown as LotLine);
        if (this.keepCodes) code = b.traceCode as string | undefined;
        break;
      }
      case 'food.recall':
        extra = { kind: 'recall', lots: (b.lots as { lot: string; enterprise?: string }[]).map((l) => (l.enterprise === undefined ? { lot: l.lot } : { lot: l.lot, enterprise: l.enterprise })) };
        break;
      case 'food.correction':
        extra = { kind: 'correction', refs: refs.map(recordId) };
        break;
    }
    this.flags.push(flags);
    this.aux.push(aux);
    this.lineEnd.push(this.lineNode.length);
    this.extraIndex.push(extra === undefined ? -1 : this.extras.push(extra) - 1);
    if (this.keepCodes) this.traceCodeOf.push(code);
  }

  /**
   * Adds a lot-line event (sale, catering use, disposal) read by fast-body.ts: what `add` stores
   * for one of those kinds from its decoded body, without the body.
   */
  addLotEvent(log: number, entry: IntakeLog, kind: FoodKind, seq: number, e: LotEvent): void {
    this.kind.push(KIND_INDEX.get(kind)!);
    this.log.push(log);
    this.seq.push(seq);
    this.time.push(e.time);
    this.lineStart.push(this.lineNode.length);
    this.line(this.node(log, entry, e.lot), -1, e);
    this.flags.push(0);
    this.aux.push(-1);
    this.lineEnd.push(this.lineNode.length);
    this.extraIndex.push(-1);
    if (this.keepCodes) this.traceCodeOf.push(e.code);
  }

  private lotLine(log: number, entry: IntakeLog, l: LotLine): void {
    this.line(this.node(log, entry, l.lot), -1, l.quantity);
  }

  private line(node: number, container: number, q: Quantity | undefined): void {
    const i = this.lineNode.push(node);
    this.lineContainer.push(container);
    if (q === undefined) {
      this.lineUnit.push(NO_QUANTITY);
      this.lineMicro.push(0);
      return;
    }
    this.lineUnit.push(unitIndex(q.unit));
    const micro = toMicroNumber(q.value);
    this.lineMicro.push(micro);
    if (Number.isNaN(micro)) this.bigMicro.set(i, toMicro(q.value));
  }

  private field(name: string | undefined): number {
    return name === undefined ? -1 : intern(this.fields, name);
  }

  private container(key: string): number {
    return intern(this.containers, key);
  }
}

function intern(m: Map<string, number>, s: string): number {
  let id = m.get(s);
  if (id === undefined) m.set(s, (id = m.size));
  return id;
}

function recordId(ref: RecordRef): RecordId {
  return { logId: toHex(ref.logId), seq: ref.seq };
}

/** Declared yield: outputs ÷ inputs within ratio ± tolerance, when both are in one dimension; a message if not. */
function yieldProblem(inputs: LotLine[], outputs: LotLine[], y: { ratio: string; tolerance: string }): string | undefined {
  const sum = (lines: LotLine[]) => {
    const dims = new Set<string>();
    let micro = 0n;
    for (const l of lines) {
      const n = normalise(l.quantity);
      dims.add(n.dimension);
      micro += n.micro;
    }
    return dims.size === 1 ? { dim: [...dims][0]!, micro } : undefined;
  };
  const i = sum(inputs);
  const o = sum(outputs);
  if (i === undefined || o === undefined || i.dim !== o.dim) return undefined; // e.g. kilograms in, pieces out: the ratio has no unit to check in
  const ratio = toMicro(y.ratio);
  const tol = toMicro(y.tolerance);
  // o / i within [ratio - tol, ratio + tol], in millionths: o × 10^6 compared with i × (ratio ± tol)
  if (o.micro * 1_000_000n >= i.micro * (ratio - tol) && o.micro * 1_000_000n <= i.micro * (ratio + tol)) return undefined;
  return `outputs are ${(Number(o.micro) / Number(i.micro)).toFixed(4)} of inputs; declared ${y.ratio} ± ${y.tolerance}`;
}
