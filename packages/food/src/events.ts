import type { FoodFinding } from './findings.js';
import type { Quantity } from './quantity.js';
import {
  array, date, decimal, eventTime, gln, gtin, integer, lotCode, object, oneOf, opt, req, sscc, text, unit, uscc, type Check, type Field,
} from './schema.js';

// ---- shapes shared by the events (names follow EPCIS 2.0 where it has one) ----

export interface Product {
  description: string;
  gtin?: string;
  /** A category code where there is no GTIN (e.g. a national product classification). */
  category?: string;
}

/** One lot and how much of it: EPCIS's quantity element with the lot (FSMA's traceability lot code). */
export interface LotLine {
  lot: string;
  product: Product;
  quantity: Quantity;
}

/** A shipped or received line: a lot line, or a whole container by its SSCC. */
export type ItemLine = LotLine | { sscc: string };

export interface Location {
  id: string;
  gln?: string;
  name?: string;
  address?: string;
}

export interface Party {
  /** 统一社会信用代码 of the business. */
  enterprise: string;
  name?: string;
  location?: Location;
}

export interface BizTransaction {
  /** CBV 2.0 business transaction type: po, desadv, inv, recadv, bol, cert, prodorder, … */
  type: string;
  id: string;
}

/** Fields every event may carry. */
export interface Common {
  /** When it happened, with the local UTC offset: "2025-11-26T08:30:00+08:00". */
  eventTime: string;
  bizLocation?: Location;
  bizTransactions?: BizTransaction[];
  note?: string;
  ext?: Record<string, unknown>;
}

export interface InputUse extends Common {
  input: { type: 'seed' | 'feed' | 'fertiliser' | 'veterinary-drug' | 'pesticide' | 'other'; name: string; registration?: string; lot?: string; quantity: Quantity };
  target: { lot?: string; field?: string };
  /** Pre-harvest interval (pesticide) or withdrawal period (veterinary drug), in days. */
  safetyIntervalDays?: number;
}
export interface Harvest extends Common, LotLine {
  method: 'harvest' | 'slaughter' | 'catch' | 'collect';
  origin?: { region: string; field?: string };
}
export interface TestResult extends Common {
  lot: string;
  product?: Product;
  test: { type: 'rapid' | 'lab'; method: string; analyte?: string; result: 'pass' | 'fail'; value?: string; limit?: string; unit?: string; lab?: string; sampleId?: string };
}
export interface Certificate extends Common, LotLine {
  certificate: { type: string; number: string; issuer: { name: string; enterprise?: string }; issuedOn: string };
  origin: string;
}
export interface Pack extends Common {
  container: { sscc?: string; id?: string; type: 'case' | 'pallet' | 'crate' | 'other' };
  contents: LotLine[];
}
export interface Transform extends Common {
  inputs: LotLine[];
  outputs: LotLine[];
  /** Expected output ÷ input (in comparable units) and the tolerance either side. */
  yield: { ratio: string; tolerance: string };
}
export interface Ship extends Common {
  items: ItemLine[];
  destination: Party;
  carrier?: string;
}
export interface Receive extends Common {
  items: ItemLine[];
  source: Party;
  status: 'accepted' | 'partial' | 'rejected';
  /** What did not match, required when the status is partial or rejected. */
  discrepancy?: string;
  /** Accepted difference from the shipped quantity, as a fraction ("0.02" = 2%). */
  tolerance?: string;
}
export interface Sale extends Common, LotLine {
  /** The code printed on the receipt, for a consumer's trace back. */
  traceCode?: string;
}
export interface CateringUse extends Common, LotLine {
  dish?: string;
}
export interface Disposal extends Common, LotLine {
  reason: string;
}
export interface RecallNotice extends Common {
  lots: { lot: string; enterprise?: string; product?: Product }[];
  reason: string;
  /** 召回级别: I (一级, most serious) to III. */
  level?: 'I' | 'II' | 'III';
  action: 'stop-sale' | 'return' | 'destroy';
}
export interface Correction extends Common {
  /** The records it corrects are its refs (earlier records of the same log). */
  reason: string;
  action: 'void';
}

export interface EventBodies {
  'food.input-use': InputUse;
  'food.harvest': Harvest;
  'food.test': TestResult;
  'food.certificate': Certificate;
  'food.pack': Pack;
  'food.transform': Transform;
  'food.ship': Ship;
  'food.receive': Receive;
  'food.sale': Sale;
  'food.catering-use': CateringUse;
  'food.disposal': Disposal;
  'food.recall': RecallNotice;
  'food.correction': Correction;
}
export type FoodKind = keyof EventBodies;

// ---- schemas ----

const BIZ_TRANSACTION_TYPES = ['po', 'poc', 'bol', 'cert', 'desadv', 'inv', 'pedigree', 'prodorder', 'recadv', 'rma', 'testprd', 'testres', 'upevt'];

const quantity = object({ value: req(decimal({ positive: true })), unit: req(unit) });
const product = object({ description: req(text()), gtin: opt(gtin), category: opt(text({ max: 64 })) }, (v, path, out) => {
  if (v.gtin === undefined && v.category === undefined) out.push({ code: 'FOOD_MISSING_FIELD', severity: 'error', message: 'a product needs a GTIN or a category code', path: `${path}.gtin` });
});
const lotLineFields = { lot: req(lotCode), product: req(product), quantity: req(quantity) };
const lotLine = object(lotLineFields);
const location = object({ id: req(text({ max: 100 })), gln: opt(gln), name: opt(text()), address: opt(text({ max: 300 })) });
const party = object({ enterprise: req(uscc), name: opt(text()), location: opt(location) });
const containerLine = object({ sscc: req(sscc) });
const itemLine: Check = (v, parent, key, out) => {
  const isContainer = v !== null && typeof v === 'object' && !Array.isArray(v) && 'sscc' in v;
  (isContainer ? containerLine : lotLine)(v, parent, key, out);
};
const common: Record<string, Field> = {
  eventTime: req(eventTime),
  bizLocation: opt(location),
  bizTransactions: opt(array(object({ type: req(oneOf(BIZ_TRANSACTION_TYPES)), id: req(text({ max: 100 })) }), { max: 20 })),
  note: opt(text({ max: 1000 })),
};

const needs = (cond: (v: Record<string, unknown>) => boolean, field: string, why: string) =>
  (v: Record<string, unknown>, path: string, out: FoodFinding[]) => {
    if (cond(v) && v[field] === undefined) out.push({ code: 'FOOD_MISSING_FIELD', severity: 'error', message: why, path: path === '' ? field : `${path}.${field}` });
  };

const SCHEMAS: Record<FoodKind, Check> = {
  'food.input-use': object({
    ...common,
    input: req(object({
      type: req(oneOf(['seed', 'feed', 'fertiliser', 'veterinary-drug', 'pesticide', 'other'])),
      name: req(text()), registration: opt(text({ max: 64 })), lot: opt(text({ max: 64 })), quantity: req(quantity),
    })),
    target: req(object({ lot: opt(lotCode), field: opt(text({ max: 100 })) }, (v, path, out) => {
      if (v.lot === undefined && v.field === undefined) out.push({ code: 'FOOD_MISSING_FIELD', severity: 'error', message: 'name the lot or the field (plot, pen, pond) it was used on', path: `${path}.lot` });
    })),
    safetyIntervalDays: opt(integer(0, 3650)),
  }, needs((v) => ['pesticide', 'veterinary-drug'].includes((v.input as { type?: string } | undefined)?.type ?? ''), 'safetyIntervalDays', 'a pesticide or veterinary drug needs its safety interval (pre-harvest interval or withdrawal period)')),
  'food.harvest': object({
    ...common, ...lotLineFields,
    method: req(oneOf(['harvest', 'slaughter', 'catch', 'collect'])),
    origin: opt(object({ region: req(text()), field: opt(text({ max: 100 })) })),
  }),
  'food.test': object({
    ...common, lot: req(lotCode), product: opt(product),
    test: req(object({
      type: req(oneOf(['rapid', 'lab'])), method: req(text({ max: 100 })), analyte: opt(text()), result: req(oneOf(['pass', 'fail'])),
      value: opt(decimal()), limit: opt(decimal()), unit: opt(text({ max: 20 })), lab: opt(text()), sampleId: opt(text({ max: 64 })),
    })),
  }),
  'food.certificate': object({
    ...common, ...lotLineFields,
    certificate: req(object({ type: req(text({ max: 64 })), number: req(text({ max: 64 })), issuer: req(object({ name: req(text()), enterprise: opt(uscc) })), issuedOn: req(date) })),
    origin: req(text()),
  }),
  'food.pack': object({
    ...common,
    container: req(object({ sscc: opt(sscc), id: opt(text({ max: 64 })), type: req(oneOf(['case', 'pallet', 'crate', 'other'])) }, (v, path, out) => {
      if (v.sscc === undefined && v.id === undefined) out.push({ code: 'FOOD_MISSING_FIELD', severity: 'error', message: 'a container needs an SSCC or an id', path: `${path}.sscc` });
    })),
    contents: req(array(lotLine, { min: 1 })),
  }),
  'food.transform': object({
    ...common,
    inputs: req(array(lotLine, { min: 1 })),
    outputs: req(array(lotLine, { min: 1 })),
    yield: req(object({ ratio: req(decimal({ positive: true })), tolerance: req(decimal()) })),
  }),
  'food.ship': object({ ...common, items: req(array(itemLine, { min: 1 })), destination: req(party), carrier: opt(text()) }),
  'food.receive': object({
    ...common, items: req(array(itemLine, { min: 1 })), source: req(party),
    status: req(oneOf(['accepted', 'partial', 'rejected'])), discrepancy: opt(text({ max: 1000 })), tolerance: opt(decimal()),
  }, needs((v) => v.status === 'partial' || v.status === 'rejected', 'discrepancy', 'a partial or rejected receipt says what did not match')),
  'food.sale': object({ ...common, ...lotLineFields, traceCode: opt(text({ max: 64, pattern: /^[A-Za-z0-9_-]+$/, what: 'letters, digits, - and _' })) }),
  'food.catering-use': object({ ...common, ...lotLineFields, dish: opt(text()) }),
  'food.disposal': object({ ...common, ...lotLineFields, reason: req(text({ max: 1000 })) }),
  'food.recall': object({
    ...common,
    lots: req(array(object({ lot: req(lotCode), enterprise: opt(uscc), product: opt(product) }), { min: 1 })),
    reason: req(text({ max: 1000 })), level: opt(oneOf(['I', 'II', 'III'])), action: req(oneOf(['stop-sale', 'return', 'destroy'])),
  }),
  'food.correction': object({ ...common, reason: req(text({ max: 1000 })), action: req(oneOf(['void'])) }),
};

export const FOOD_KINDS = Object.keys(SCHEMAS) as FoodKind[];

export function isFoodKind(kind: string): kind is FoodKind {
  return Object.hasOwn(SCHEMAS, kind);
}

/** Every problem with one event's body, each with its code and field path; empty if it is sound. */
export function validateEvent(kind: string, body: unknown): FoodFinding[] {
  if (!isFoodKind(kind)) return [{ code: 'FOOD_UNKNOWN_KIND', severity: 'error', message: `unknown event kind ${JSON.stringify(kind)}; known: ${FOOD_KINDS.join(', ')}`, path: 'kind' }];
  const out: FoodFinding[] = [];
  SCHEMAS[kind](body, '', '', out);
  return out;
}

/** Stages of the food chain (食品安全法: 种植养殖, 生产, 流通, 销售, 餐饮服务) each kind belongs to. */
export const STAGE: Record<FoodKind, 'primary' | 'production' | 'circulation' | 'retail' | 'catering' | 'any'> = {
  'food.input-use': 'primary',
  'food.harvest': 'primary',
  'food.test': 'any',
  'food.certificate': 'any',
  'food.pack': 'production',
  'food.transform': 'production',
  'food.ship': 'circulation',
  'food.receive': 'circulation',
  'food.sale': 'retail',
  'food.catering-use': 'catering',
  'food.disposal': 'any',
  'food.recall': 'any',
  'food.correction': 'any',
};

/**
 * How each kind maps to EPCIS 2.0: event type and CBV business step. `other` marks kinds CBV
 * has no step for; a correction becomes an error declaration on the events it voids.
 */
export const EPCIS_MAPPING: Record<FoodKind, { eventType: string; bizStep: string }> = {
  'food.input-use': { eventType: 'ObjectEvent', bizStep: 'other' },
  'food.harvest': { eventType: 'ObjectEvent', bizStep: 'commissioning' },
  'food.test': { eventType: 'ObjectEvent', bizStep: 'inspecting' },
  'food.certificate': { eventType: 'ObjectEvent', bizStep: 'other' },
  'food.pack': { eventType: 'AggregationEvent', bizStep: 'packing' },
  'food.transform': { eventType: 'TransformationEvent', bizStep: 'commissioning' },
  'food.ship': { eventType: 'ObjectEvent', bizStep: 'shipping' },
  'food.receive': { eventType: 'ObjectEvent', bizStep: 'receiving' },
  'food.sale': { eventType: 'ObjectEvent', bizStep: 'retail_selling' },
  'food.catering-use': { eventType: 'ObjectEvent', bizStep: 'other' },
  'food.disposal': { eventType: 'ObjectEvent', bizStep: 'destroying' },
  'food.recall': { eventType: 'ObjectEvent', bizStep: 'holding' },
  'food.correction': { eventType: 'ErrorDeclaration', bizStep: 'other' },
};
