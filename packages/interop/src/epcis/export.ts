import { toHex, type RecordRef } from '@suyuan/core';
import { isFoodKind, validateEvent, type EventBodies, type FoodKind } from '@suyuan/food';
import { InteropError, type InteropCode } from '../errors.js';
import { eventHashId, prefixesOf, type Sha256 } from '../hash/event-hash.js';
import type { Json } from '../hash/values.js';
import { writeJson } from './json-writer.js';
import { fromStandard, toStandard, type Obj } from './mapping.js';
import { DOCUMENT_CONTEXT, SUYUAN_PREFIX } from './namespace.js';
import { difference, toExtension } from './residue.js';

/** A record to export: a decoded Suyuan record, with where it sits when it is in a log. */
export interface ExportRecord {
  kind: string;
  body: unknown;
  refs?: readonly RecordRef[];
  /** The record's log id, seq and leaf hash (bytes or hex): travels as `suyuan:record`. */
  logId?: Uint8Array | string;
  seq?: number;
  leafHash?: Uint8Array | string;
  /** The record's own time (ms): becomes `recordTime`. */
  time?: number;
  /** The 统一社会信用代码 of the log's business (scopes its location and container URNs). */
  enterprise: string;
}

/** A record that did not become an event, and why. */
export interface ExportIssue {
  code: InteropCode;
  message: string;
  logId?: string;
  seq?: number;
  path?: string;
}

export interface ExportOptions {
  /** Finds a record a correction voids (a correction re-states it with an errorDeclaration). */
  lookup?: (ref: RecordRef) => ExportRecord | undefined | Promise<ExportRecord | undefined>;
  /** Called for every record left out (genesis and other non-food records are left out silently). */
  onIssue?: (issue: ExportIssue) => void;
  /** Called with each exported event's Event Hash ID. */
  onEvent?: (eventId: string, record: ExportRecord) => void;
  sha256?: Sha256;
  /** The document's creationDate (default: now). */
  creationDate?: string;
}

const PREFIXES = prefixesOf(DOCUMENT_CONTEXT);
const hex = (v: Uint8Array | string): string => (typeof v === 'string' ? v : toHex(v));
const S = (k: string): string => `${SUYUAN_PREFIX}:${k}`;

/** Provenance an imported event keeps in `ext.epcis` (so a re-export gives the same Event Hash ID). */
export interface EpcisOrigin {
  log?: string;
  seq?: number;
  leaf?: string;
  enterprise?: string;
  eventID?: string;
  /** The refs the event was exported with (`log/seq/leaf` hex), which a re-export repeats. */
  refs?: string[];
}

function position(log: string, seq: number, leaf: string, enterprise?: string): Obj {
  return { [S('log')]: log, [S('seq')]: seq, [S('leaf')]: leaf, ...(enterprise !== undefined ? { [S('enterprise')]: enterprise } : {}) };
}

/**
 * The record's identity as exported (`suyuan:record`): its business, and its position when it
 * is in a log; for an imported event, the business and position it was first recorded with.
 */
function identity(rec: ExportRecord): { record: Obj; enterprise: string } {
  const origin = (rec.body as { ext?: { epcis?: EpcisOrigin } }).ext?.epcis;
  if (origin !== undefined) {
    const enterprise = origin.enterprise ?? rec.enterprise;
    return origin.log !== undefined && origin.seq !== undefined && origin.leaf !== undefined
      ? { record: position(origin.log, origin.seq, origin.leaf, enterprise), enterprise }
      : { record: { [S('enterprise')]: enterprise }, enterprise };
  }
  if (rec.logId !== undefined && rec.seq !== undefined && rec.leafHash !== undefined) return { record: position(hex(rec.logId), rec.seq, hex(rec.leafHash), rec.enterprise), enterprise: rec.enterprise };
  return { record: { [S('enterprise')]: rec.enterprise }, enterprise: rec.enterprise };
}

function checkJson(v: unknown, path: string): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InteropError('EXPORT_UNSUPPORTED_VALUE', 'a number JSON cannot hold', { path });
    return;
  }
  if (Array.isArray(v)) return v.forEach((x, i) => checkJson(x, `${path}[${i}]`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v as object)) checkJson(x, `${path}.${k}`);
    return;
  }
  throw new InteropError('EXPORT_UNSUPPORTED_VALUE', `a ${v instanceof Uint8Array ? 'byte string' : typeof v} has no JSON form`, { path });
}

/** One food record as an EPCIS event (eventID first), or an InteropError saying why not. */
export function toEpcisEvent(rec: ExportRecord, opts: { sha256?: Sha256 } = {}): Obj {
  if (!isFoodKind(rec.kind) || rec.kind === 'food.correction') throw new InteropError('EXPORT_NOT_FOOD', `${rec.kind} is not exported as an event of its own`);
  const findings = validateEvent(rec.kind, rec.body);
  if (findings.length > 0) throw new InteropError('EXPORT_INVALID_BODY', findings.map((f) => `${f.code} ${f.path ?? ''}`).join('; '), { path: findings[0]!.path ?? '' });
  const { ext, ...body } = rec.body as EventBodies[FoodKind] & { ext?: Record<string, unknown> };
  const { epcis: _origin, ...ownExt } = ext ?? {};
  checkJson(ownExt, 'ext');
  checkJson(body, 'body');
  const who = identity(rec);
  const std = toStandard(rec.kind, body as EventBodies[FoodKind], { enterprise: who.enterprise });
  const detail = difference(body, fromStandard(rec.kind, std));
  const ev: Obj = { ...std };
  // a harvest's own attributes are Instance/Lot Master Data: they go in ILMD
  if (detail !== undefined) ev[rec.kind === 'food.harvest' ? 'ilmd' : S('detail')] = toExtension(detail as never);
  if (Object.keys(ownExt).length > 0) ev[S('ext')] = JSON.stringify(ownExt);
  ev[S('record')] = who.record;
  const origin = (rec.body as { ext?: { epcis?: EpcisOrigin } }).ext?.epcis;
  const refs = origin?.refs !== undefined ? origin.refs.map((r) => r.split('/')).map(([l, q, f]) => position(l!, Number(q), f!))
    : origin === undefined ? (rec.refs ?? []).map((r) => position(hex(r.logId), r.seq, hex(r.leafHash))) : [];
  if (refs.length > 0) ev[S('refs')] = refs;
  return withId(ev, rec, opts);
}

function withId(ev: Obj, rec: ExportRecord, opts: { sha256?: Sha256 }): Obj {
  const id = eventHashId(ev, PREFIXES, opts.sha256 ? { sha256: opts.sha256 } : {});
  const out: Obj = { type: ev.type!, eventID: id };
  for (const [k, v] of Object.entries(ev)) if (k !== 'type') out[k] = v;
  if (rec.time !== undefined) out.recordTime = new Date(rec.time).toISOString();
  return out;
}

/** A correction as EPCIS: each record it voids, re-stated with an errorDeclaration (same eventID). */
async function correctionEvents(rec: ExportRecord, opts: ExportOptions): Promise<Obj[]> {
  const findings = validateEvent(rec.kind, rec.body);
  if (findings.length > 0) throw new InteropError('EXPORT_INVALID_BODY', findings.map((f) => `${f.code} ${f.path ?? ''}`).join('; '));
  const { eventTime, ext, ...rest } = rec.body as EventBodies['food.correction'];
  const { epcis: _origin, ...ownExt } = (ext ?? {}) as Record<string, unknown>;
  checkJson(rest, 'body');
  checkJson(ownExt, 'ext');
  const who = identity(rec);
  const declaration: Obj = { declarationTime: eventTime, reason: 'incorrect_data', [S('detail')]: toExtension(rest as never) };
  if (Object.keys(ownExt).length > 0) declaration[S('ext')] = JSON.stringify(ownExt);
  declaration[S('record')] = who.record;
  const out: Obj[] = [];
  for (const ref of rec.refs ?? []) {
    const target = opts.lookup ? await opts.lookup(ref) : undefined;
    if (target === undefined) throw new InteropError('EXPORT_CORRECTION_TARGET', `the voided record ${toHex(ref.logId)}/${ref.seq} was not found (pass a lookup)`);
    const ev = toEpcisEvent(target, opts);
    out.push({ ...ev, errorDeclaration: declaration });
  }
  if (out.length === 0) throw new InteropError('EXPORT_CORRECTION_TARGET', 'a correction without refs voids nothing');
  return out;
}

/** The events of one record: none (not food), one, or one per voided record (a correction). */
export async function recordToEvents(rec: ExportRecord, opts: ExportOptions = {}): Promise<Obj[]> {
  if (rec.kind === 'food.correction') return correctionEvents(rec, opts);
  return [toEpcisEvent(rec, opts)];
}

function documentHead(creationDate: string): string {
  return `{"@context":${writeJson(DOCUMENT_CONTEXT as Json)},"type":"EPCISDocument","schemaVersion":"2.0","creationDate":${JSON.stringify(creationDate)},"epcisBody":{"eventList":[`;
}

/**
 * An EPCIS 2.0 JSON-LD document of the given records, as pieces of text to write one after
 * another (memory stays that of one record, whatever the number of records). Records that are
 * not food events are left out; food records that cannot be exported go to `onIssue`.
 */
export async function* exportEpcis(records: Iterable<ExportRecord> | AsyncIterable<ExportRecord>, opts: ExportOptions = {}): AsyncGenerator<string> {
  yield documentHead(opts.creationDate ?? new Date().toISOString());
  let first = true;
  let batch = '';
  for await (const rec of records) {
    if (!rec.kind.startsWith('food.')) continue;
    let events: Obj[];
    try {
      events = await recordToEvents(rec, opts);
    } catch (e) {
      if (!(e instanceof InteropError)) throw e;
      opts.onIssue?.({ code: e.code, message: e.detail, ...(rec.logId !== undefined ? { logId: hex(rec.logId) } : {}), ...(rec.seq !== undefined ? { seq: rec.seq } : {}), ...(e.where.path !== undefined ? { path: e.where.path } : {}) });
      continue;
    }
    for (const ev of events) {
      batch += (first ? '' : ',') + writeJson(ev);
      first = false;
      opts.onEvent?.(ev.eventID as string, rec);
    }
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}]}}`;
}

/** The whole document as one string, with the issues; for records already in memory. */
export async function exportEpcisDocument(records: readonly ExportRecord[], opts: Omit<ExportOptions, 'lookup'> = {}): Promise<{ text: string; issues: ExportIssue[]; eventIds: string[] }> {
  const issues: ExportIssue[] = [];
  const eventIds: string[] = [];
  const byPos = new Map(records.filter((r) => r.logId !== undefined && r.seq !== undefined).map((r) => [`${hex(r.logId!)}/${r.seq}`, r]));
  let text = '';
  for await (const piece of exportEpcis(records, {
    ...opts,
    lookup: (ref) => byPos.get(`${toHex(ref.logId)}/${ref.seq}`),
    onIssue: (i) => { issues.push(i); opts.onIssue?.(i); },
    onEvent: (id, r) => { eventIds.push(id); opts.onEvent?.(id, r); },
  })) text += piece;
  return { text, issues, eventIds };
}
