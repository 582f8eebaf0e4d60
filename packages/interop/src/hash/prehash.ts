import { canonicalTime, canonicalValue, keyName, RawNumber, scalarText, type Json, type Prefixes } from './values.js';
import { VOCAB, type Vocabulary } from './vocabulary.js';

/**
 * The CBV 2.0 Event Hash ID pre-hash string of one EPCIS event (CBV 2.0 §8.9), our own
 * implementation from the standard's rules:
 * - standard fields in the canonical property order, `key=value` without separators;
 * - list members (and list elements that are structures) sorted as strings, a list's name
 *   written once, before its members; empty lists and absent fields leave no trace;
 * - values canonicalised (see `canonicalValue`), timestamps in UTC with milliseconds;
 * - ILMD and user extensions as `{namespace}name=value`, sorted; extensions inside readPoint,
 *   bizLocation and sensor elements after their parent's own fields;
 * - eventID, recordTime, errorDeclaration and comments are not part of the event's identity.
 */

type Obj = { [key: string]: Json };
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber);
const asList = (v: Json | undefined): Json[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const sortJoin = (parts: string[]): string => parts.sort(byCodeUnit).join('');
/** Sorting by UTF-16 code units agrees with UTF-8 byte order except across surrogates; keys and values here are within the BMP in practice. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Ctx {
  prefixes: Prefixes;
}

function value(ctx: Ctx, v: Json | undefined, vocab?: Vocabulary): string | undefined {
  if (v === undefined) return undefined;
  const text = canonicalValue(v, ctx.prefixes, vocab);
  return text === undefined || text === '' ? undefined : text;
}

function field(ctx: Ctx, name: string, v: Json | undefined, vocab?: Vocabulary): string {
  const text = value(ctx, v, vocab);
  return text === undefined ? '' : `${name}=${text}`;
}

function timeField(name: string, v: Json | undefined): string {
  const text = v === undefined ? undefined : scalarText(v);
  return text === undefined || text.trim() === '' ? '' : `${name}=${canonicalTime(text)}`;
}

/** A list of plain values: `epcList` + sorted `epc=…`. */
function valueList(ctx: Ctx, listName: string, itemName: string, v: Json | undefined, vocab?: Vocabulary): string {
  const parts = asList(v).map((x) => field(ctx, itemName, x, vocab)).filter((s) => s !== '');
  return parts.length === 0 ? '' : listName + sortJoin(parts);
}

function quantityList(ctx: Ctx, name: string, v: Json | undefined): string {
  const parts = asList(v).filter(isObj).map((q) => {
    const inner = field(ctx, 'epcClass', q.epcClass) + field(ctx, 'quantity', q.quantity) + field(ctx, 'uom', q.uom);
    return inner === '' ? '' : `quantityElement${inner}`;
  }).filter((s) => s !== '');
  return parts.length === 0 ? '' : name + sortJoin(parts);
}

/** Keys handled by position inside a structure; everything else there is an extension. */
function extensions(ctx: Ctx, obj: Obj, known: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(obj)) if (!known.has(k) && !IGNORED_ANYWHERE.has(k)) parts.push(...generic(ctx, k, v));
  return sortJoin(parts);
}

/** An ILMD element or user extension: `{ns}name=value`, nested structures sorted inside. */
function generic(ctx: Ctx, key: string, v: Json): string[] {
  const name = keyName(key, ctx.prefixes);
  if (Array.isArray(v)) return v.flatMap((x) => generic(ctx, key, x));
  if (isObj(v)) {
    const inner: string[] = [];
    for (const [k, x] of Object.entries(v)) if (!IGNORED_ANYWHERE.has(k)) inner.push(...generic(ctx, k, x));
    return [name + sortJoin(inner)];
  }
  const text = value(ctx, v);
  return v === null ? [] : [text === undefined ? name : `${name}=${text}`];
}

function location(ctx: Ctx, name: string, v: Json | undefined): string {
  if (!isObj(v)) return '';
  const inner = field(ctx, 'id', v.id) + extensions(ctx, v, ID_ONLY);
  return inner === '' ? '' : name + inner;
}

function typedList(ctx: Ctx, listName: string, itemName: string, vocab: Vocabulary, v: Json | undefined): string {
  const parts = asList(v).filter(isObj).map((x) => field(ctx, 'type', x.type, vocab) + field(ctx, itemName, x[itemName])).filter((s) => s !== '');
  return parts.length === 0 ? '' : listName + sortJoin(parts);
}

const METADATA_ORDER = ['time', 'startTime', 'endTime', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules'];
const REPORT_ORDER = ['type', 'exception', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'time', 'microorganism',
  'chemicalSubstance', 'value', 'component', 'stringValue', 'booleanValue', 'hexBinaryValue', 'uriValue', 'minValue', 'maxValue',
  'meanValue', 'sDev', 'percRank', 'percValue', 'uom', 'coordinateReferenceSystem'];
const REPORT_VOCAB: Readonly<Record<string, Vocabulary>> = { type: VOCAB.measurementType, exception: VOCAB.sensorAlert, component: VOCAB.component };
const TIME_KEYS = new Set(['time', 'startTime', 'endTime']);

function ordered(ctx: Ctx, obj: Obj, order: string[], vocabs: Readonly<Record<string, Vocabulary>> = {}): string {
  return order.map((k) => (TIME_KEYS.has(k) ? timeField(k, obj[k]) : field(ctx, k, obj[k], vocabs[k]))).join('') + extensions(ctx, obj, new Set(order));
}

function sensorElementList(ctx: Ctx, v: Json | undefined): string {
  const parts = asList(v).filter(isObj).map((el) => {
    const meta = isObj(el.sensorMetadata) ? ordered(ctx, el.sensorMetadata, METADATA_ORDER) : '';
    const reports = asList(el.sensorReport).filter(isObj).map((r) => ordered(ctx, r, REPORT_ORDER, REPORT_VOCAB)).filter((s) => s !== '').map((s) => `sensorReport${s}`);
    const inner = (meta === '' ? '' : `sensorMetadata${meta}`) + sortJoin(reports) + extensions(ctx, el, SENSOR_ELEMENT_KEYS);
    return inner === '' ? '' : `sensorElement${inner}`;
  }).filter((s) => s !== '');
  return parts.length === 0 ? '' : `sensorElementList${sortJoin(parts)}`;
}

function persistentDisposition(ctx: Ctx, v: Json | undefined): string {
  if (!isObj(v)) return '';
  const inner = sortJoin(asList(v.set).map((x) => field(ctx, 'set', x, VOCAB.disposition))) + sortJoin(asList(v.unset).map((x) => field(ctx, 'unset', x, VOCAB.disposition)));
  return inner === '' ? '' : `persistentDisposition${inner}`;
}

const ID_ONLY = new Set(['id']);
const SENSOR_ELEMENT_KEYS = new Set(['sensorMetadata', 'sensorReport']);
/** Never part of an event's identity (JSON-LD bookkeeping and comments). */
const IGNORED_ANYWHERE = new Set(['@context', 'rdfs:comment', 'comment']);
const NOT_HASHED = new Set(['type', 'eventID', 'recordTime', 'errorDeclaration']);

/** The fields with a place in the canonical order (CBV 2.0 §8.9.2), each written by its rule. */
const ORDER: [string, (ctx: Ctx, v: Json | undefined) => string][] = [
  ['eventTime', (_c, v) => timeField('eventTime', v)],
  ['eventTimeZoneOffset', (c, v) => field(c, 'eventTimeZoneOffset', v)],
  ['certificationInfo', (c, v) => sortJoin(asList(v).map((x) => field(c, 'certificationInfo', x)))],
  ['parentID', (c, v) => field(c, 'parentID', v)],
  ['epcList', (c, v) => valueList(c, 'epcList', 'epc', v)],
  ['inputEPCList', (c, v) => valueList(c, 'inputEPCList', 'epc', v)],
  ['childEPCs', (c, v) => valueList(c, 'childEPCs', 'epc', v)],
  ['quantityList', (c, v) => quantityList(c, 'quantityList', v)],
  ['childQuantityList', (c, v) => quantityList(c, 'childQuantityList', v)],
  ['inputQuantityList', (c, v) => quantityList(c, 'inputQuantityList', v)],
  ['outputEPCList', (c, v) => valueList(c, 'outputEPCList', 'epc', v)],
  ['outputQuantityList', (c, v) => quantityList(c, 'outputQuantityList', v)],
  ['action', (c, v) => field(c, 'action', v)],
  ['transformationID', (c, v) => field(c, 'transformationID', v)],
  ['bizStep', (c, v) => field(c, 'bizStep', v, VOCAB.bizStep)],
  ['disposition', (c, v) => field(c, 'disposition', v, VOCAB.disposition)],
  ['persistentDisposition', persistentDisposition],
  ['readPoint', (c, v) => location(c, 'readPoint', v)],
  ['bizLocation', (c, v) => location(c, 'bizLocation', v)],
  ['sensorElementList', sensorElementList],
];
/**
 * The three typed lists are written by their rule but sorted in with ILMD and the extensions,
 * not at their place in CBV's table: that is what the reference implementation does, and its
 * vectors are the authority (docs/INTEROP.md).
 */
const SORTED_WITH_EXTENSIONS: [string, (ctx: Ctx, v: Json | undefined) => string][] = [
  ['bizTransactionList', (c, v) => typedList(c, 'bizTransactionList', 'bizTransaction', VOCAB.bizTransactionType, v)],
  ['sourceList', (c, v) => typedList(c, 'sourceList', 'source', VOCAB.sourceDestType, v)],
  ['destinationList', (c, v) => typedList(c, 'destinationList', 'destination', VOCAB.sourceDestType, v)],
];
const ORDERED_KEYS = new Set([...ORDER, ...SORTED_WITH_EXTENSIONS].map(([k]) => k));

export interface PrehashOptions {
  /** Extra top-level keys to leave out (as written in the document, e.g. `ex:captureID`): the reference tool's prototype `ignoreFields`, not CBV 2.0. */
  ignoreFields?: readonly string[];
}

/** The pre-hash string of one event; `prefixes` are the document's JSON-LD prefixes (standard ones included). */
export function prehash(event: Obj, prefixes: Prefixes, opts: PrehashOptions = {}): string {
  const ctx: Ctx = { prefixes };
  const type = scalarText(event.type ?? null) ?? '';
  let out = `eventType=${type}`;
  for (const [k, write] of ORDER) out += write(ctx, event[k]);
  const ignore = new Set(opts.ignoreFields ?? []);
  const rest: string[] = [];
  for (const [k, write] of SORTED_WITH_EXTENSIONS) {
    const text = write(ctx, event[k]);
    if (text !== '') rest.push(text);
  }
  for (const [k, v] of Object.entries(event)) {
    if (ORDERED_KEYS.has(k) || NOT_HASHED.has(k) || IGNORED_ANYWHERE.has(k) || ignore.has(k)) continue;
    rest.push(...generic(ctx, k, v));
  }
  return out + sortJoin(rest);
}
