import type { EventInput, RecordRef } from '@suyuan/core';
import {
  validateEvent, type CateringUse, type Certificate, type Correction, type Disposal, type FoodKind, type Harvest, type InputUse, type Pack,
  type Receive, type RecallNotice, type Sale, type Ship, type TestResult, type Transform,
} from '@suyuan/food';
import { SdkError } from './errors.js';
import { parseRef } from './ref.js';
import { newTraceCode } from './trace-code.js';

// The bodies are @suyuan/food's types, with the names of docs/FOOD.md. Only a receive and a
// correction take something more: the references that go into the record's refs.

/** 种植养殖: seed, feed, fertiliser, veterinary drug or pesticide used on a lot or a field. */
export type InputUseEvent = InputUse;
/** A lot comes into being: harvest, slaughter, catch, collect. */
export type HarvestEvent = Harvest;
/** A rapid or lab test of a lot. */
export type TestEvent = TestResult;
/** 承诺达标合格证 or another certificate for a lot. */
export type CertificateEvent = Certificate;
/**
 * Lots packed into a container. Without `container.id`, the SDK issues a trace code and
 * records it as the container's id (what the case label prints).
 */
export type PackEvent = Pack;
/** Input lots → output lots, with the declared yield. */
export type TransformEvent = Transform;
/** Lots or containers sent to a business. */
export type ShipEvent = Ship;
/** Lots received against the supplier's ship record. */
export interface ReceiveEvent extends Receive {
  /** The shipment reference the supplier's system gave (`SY1-…`, the `ref` its `ship()` returned). */
  shipment: string;
}
/** A retail sale. Without `traceCode`, the SDK issues one. */
export type SaleEvent = Sale;
/** A lot used in a kitchen. */
export type CateringUseEvent = CateringUse;
/** A quantity destroyed, with the reason. */
export type DisposalEvent = Disposal;
/** A recall notice: lots, reason, level, action. */
export type RecallEvent = RecallNotice;
/** Voids earlier records of this ledger; nothing is edited. */
export interface CorrectionEvent extends Correction {
  /** The records it voids: seqs of this ledger, or their references (`SY1-…`). */
  corrects: (number | string)[];
}

/** The event of each method, by method name. */
export interface LedgerEvents {
  inputUse: InputUseEvent;
  harvest: HarvestEvent;
  test: TestEvent;
  certificate: CertificateEvent;
  pack: PackEvent;
  transform: TransformEvent;
  ship: ShipEvent;
  receive: ReceiveEvent;
  sale: SaleEvent;
  cateringUse: CateringUseEvent;
  disposal: DisposalEvent;
  recallNotice: RecallEvent;
  correction: CorrectionEvent;
}

/** A method name: one per event kind. */
export type EventName = keyof LedgerEvents;

/** One event of an `appendBatch`: the method's name and what the method takes. */
export type BatchEvent = { [K in EventName]: { kind: K; event: LedgerEvents[K] } }[EventName];

/** The record kind each method writes. */
export const KIND_OF: Readonly<Record<EventName, FoodKind>> = {
  inputUse: 'food.input-use',
  harvest: 'food.harvest',
  test: 'food.test',
  certificate: 'food.certificate',
  pack: 'food.pack',
  transform: 'food.transform',
  ship: 'food.ship',
  receive: 'food.receive',
  sale: 'food.sale',
  cateringUse: 'food.catering-use',
  disposal: 'food.disposal',
  recallNotice: 'food.recall',
  correction: 'food.correction',
};

/** The method that records `kind` (e.g. `food.sale` → `sale`), for callers that read kinds from files; undefined if none. */
export function eventNameOf(kind: string): EventName | undefined {
  return (Object.keys(KIND_OF) as EventName[]).find((name) => KIND_OF[name] === kind);
}

/** An event made ready to append: the record's input, and the trace code it carries, if any. */
export interface Prepared {
  input: EventInput;
  /** The code, and the lot and GTIN its URI is formed from (read now: the caller may reuse its object). */
  traceCode?: { code: string; line: { lot: string; gtin?: string } | undefined };
}

/** What preparing needs from the ledger: its own references, for corrections. */
export interface PrepareContext {
  /** The ref of this ledger's stored record at seq (looked up beforehand: see `correctionSeqs`), or undefined. */
  ownRef(seq: number): RecordRef | undefined;
}

/** The seqs of this ledger that the corrections among `events` name, to look up before preparing. */
export function correctionSeqs(events: readonly BatchEvent[]): number[] {
  const seqs: number[] = [];
  for (const e of events) {
    if (e.kind !== 'correction' || !Array.isArray(e.event?.corrects)) continue;
    for (const c of e.event.corrects) {
      if (typeof c === 'number') seqs.push(c);
      else {
        try {
          seqs.push(parseRef(c).seq);
        } catch {
          // prepare() reports it
        }
      }
    }
  }
  return seqs;
}

/** Where a problem is: the field, and the event's position in a batch. (Not a closure in \`prepare\`: one fewer allocation a sale.) */
function where(path: string, index: number | undefined): { path: string; index?: number } {
  return index === undefined ? { path } : { path, index };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Turns a method's event into a record input, issuing a trace code where one is due, and
 * validates it: every problem is found before anything is written, and the first is thrown
 * with its code and field path (all of them in `problems`).
 */
export function prepare(name: EventName, event: unknown, index: number | undefined, ctx: PrepareContext): Prepared {
  const kind = Object.hasOwn(KIND_OF, name) ? KIND_OF[name] : undefined;
  if (kind === undefined) throw new SdkError('FOOD_UNKNOWN_KIND', `no event method ${JSON.stringify(name)}`, { path: 'kind', ...(index !== undefined ? { index } : {}) });
  if (!isMap(event)) throw new SdkError('FOOD_WRONG_TYPE', 'an event is an object', { path: '', ...(index !== undefined ? { index } : {}) });
  // The caller's object is copied only where the SDK changes it. A field set to undefined is
  // absent (as validation and JSON see it), so it is left out rather than refused by the encoder.
  const defined = withoutUndefined(event) as Record<string, unknown>;
  const changes = defined === event && (name === 'receive' || name === 'correction' || name === 'pack' || (name === 'sale' && event.traceCode === undefined));
  const body: Record<string, unknown> = changes ? { ...event } : defined;
  const refs: RecordRef[] = [];
  let traceCode: Prepared['traceCode'];

  if (name === 'receive') {
    const shipment = body.shipment;
    delete body.shipment;
    if (shipment === undefined || shipment === '') throw new SdkError('RECEIVE_WITHOUT_SHIPMENT', 'a receive names the shipment reference the supplier gave', where('shipment', index));
    try {
      refs.push(parseRef(shipment as string));
    } catch (e) {
      throw e instanceof SdkError ? new SdkError(e.code, e.detail, where('shipment', index)) : e;
    }
  } else if (name === 'correction') {
    const corrects = body.corrects;
    delete body.corrects;
    if (!Array.isArray(corrects) || corrects.length === 0) throw new SdkError('FOOD_CORRECTION_TARGET', 'a correction names the records it voids in `corrects`', where('corrects', index));
    corrects.forEach((c, i) => refs.push(correctionTarget(c, ctx, where(`corrects[${i}]`, index))));
  } else if (name === 'sale') {
    if (body.traceCode === undefined) body.traceCode = newTraceCode();
    if (typeof body.traceCode === 'string') traceCode = { code: body.traceCode, line: lineOf(body) };
  } else if (name === 'pack' && isMap(body.container)) {
    const container = { ...body.container };
    if (container.id === undefined) container.id = newTraceCode();
    body.container = container;
    const contents = Array.isArray(body.contents) ? body.contents : [];
    if (typeof container.id === 'string') traceCode = { code: container.id, line: contents.length === 1 ? lineOf(contents[0]) : undefined };
  }

  const problems = validateEvent(kind, body);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new SdkError(first.code, first.message, where(first.path ?? '', index), problems);
  }
  const input: EventInput = { kind, body };
  if (refs.length > 0) input.refs = refs;
  return traceCode === undefined ? { input } : { input, traceCode };
}

/** `v` without properties whose value is undefined, at any depth; `v` itself if it has none. */
function withoutUndefined(v: unknown): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = withoutUndefined(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  let out: Record<string, unknown> | undefined;
  for (const k in v as Record<string, unknown>) {
    if (!Object.hasOwn(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    const y = x === undefined ? undefined : withoutUndefined(x);
    if (x === undefined || y !== x) {
      out ??= { ...(v as Record<string, unknown>) };
      if (x === undefined) delete out[k];
      else out[k] = y;
    }
  }
  return out ?? v;
}

function lineOf(v: unknown): { lot: string; gtin?: string } | undefined {
  if (!isMap(v) || typeof v.lot !== 'string') return undefined;
  const gtin = isMap(v.product) && typeof v.product.gtin === 'string' ? v.product.gtin : undefined;
  return gtin === undefined ? { lot: v.lot } : { lot: v.lot, gtin };
}

function correctionTarget(c: unknown, ctx: PrepareContext, where: { path: string; index?: number }): RecordRef {
  let ref: RecordRef | undefined;
  if (typeof c === 'number') {
    ref = Number.isInteger(c) && c > 0 ? ctx.ownRef(c) : undefined;
    if (ref === undefined) throw new SdkError('FOOD_CORRECTION_TARGET', `this ledger has no event at seq ${c} to correct`, where);
    return ref;
  }
  try {
    ref = parseRef(c as string, where.path);
  } catch (e) {
    throw e instanceof SdkError ? new SdkError(e.code, e.detail, where) : e;
  }
  const own = ref.seq > 0 ? ctx.ownRef(ref.seq) : undefined;
  if (own === undefined || !sameBytes(own.logId, ref.logId) || !sameBytes(own.leafHash, ref.leafHash)) {
    throw new SdkError('FOOD_CORRECTION_TARGET', 'a correction voids earlier records of its own ledger only', where);
  }
  return own;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
