import { fromHex, type RecordRef } from '@suyuan/core';
import { validateEvent, type FoodFinding, type FoodKind } from '@suyuan/food';
import { InteropError, type InteropCode } from '../errors.js';
import { eventHashId, type Sha256 } from '../hash/event-hash.js';
import { RawNumber, scalarText, type Json } from '../hash/values.js';
import { readEpcisDocument, type TextSource } from './document-reader.js';
import type { EpcisOrigin } from './export.js';
import { bare, fromStandard, kindOf, STANDARD_KEYS, type Obj } from './mapping.js';
import { SUYUAN_PREFIX } from './namespace.js';
import { fromExtension, overlay } from './residue.js';

/** A Suyuan event made from an EPCIS event: ready to be validated-appended by the caller. */
export interface ImportedEvent {
  /** Index of the (first) EPCIS event it came from. */
  index: number;
  kind: FoodKind;
  body: Record<string, unknown>;
  /** Upstream records, where the document names them (`suyuan:refs`, or a correction's target). */
  refs: RecordRef[];
  /** The EPCIS event's Event Hash ID as computed on import. */
  eventId: string;
  /**
   * Where the event was first recorded, when it came from a Suyuan log (`suyuan:record`). An
   * appender that appends several imported events keeps origin → new position, and rewrites
   * refs naming an origin (a correction of an imported event) to the new record.
   */
  origin?: RecordRef;
}

/** An EPCIS event that cannot become a Suyuan event: its index and why. */
export interface ImportReject {
  index: number;
  code: InteropCode;
  message: string;
  path?: string;
  findings?: FoodFinding[];
}

export interface ImportOptions {
  /** The SHA-256 for Event Hash IDs (default @noble/hashes; `nodeCrypto.sha256` is faster). */
  sha256?: Sha256;
  /** Resolves an eventID (of an event this document corrects) to a record of the caller's ledger. */
  resolveEventId?: (eventId: string) => RecordRef | undefined;
}

const S = (k: string): string => `${SUYUAN_PREFIX}:${k}`;
const isObj = (v: Json | undefined): v is Obj => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber);

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function refOf(v: Json | undefined, path: string): RecordRef {
  if (!isObj(v)) throw new InteropError('EPCIS_EVENT_SHAPE', 'a Suyuan position is an object', { path });
  const log = scalarText(v[S('log')] ?? null);
  const leaf = scalarText(v[S('leaf')] ?? null);
  const seq = Number(scalarText(v[S('seq')] ?? null));
  if (!log || !/^[0-9a-f]{64}$/.test(log) || !leaf || !/^[0-9a-f]{64}$/.test(leaf) || !Number.isSafeInteger(seq) || seq < 0) {
    throw new InteropError('EPCIS_EVENT_SHAPE', 'a Suyuan position has log, seq and leaf (hex)', { path });
  }
  return { logId: fromHex(log), seq, leafHash: fromHex(leaf) };
}

function originOf(v: Json | undefined, path: string): EpcisOrigin {
  if (!isObj(v)) throw new InteropError('EPCIS_EVENT_SHAPE', 'suyuan:record is an object', { path });
  const enterprise = scalarText(v[S('enterprise')] ?? null);
  if (v[S('log')] === undefined && v[S('seq')] === undefined && v[S('leaf')] === undefined) return enterprise !== undefined ? { enterprise } : {};
  const r = refOf(v, path);
  return { log: hexOf(r.logId), seq: r.seq, leaf: hexOf(r.leafHash), ...(enterprise !== undefined ? { enterprise } : {}) };
}

/** The record position in a `suyuan:record`, if it has one. */
function positionOf(v: Json | undefined, path: string): RecordRef | undefined {
  return isObj(v) && v[S('log')] !== undefined ? refOf(v, path) : undefined;
}

function extOf(v: Json | undefined, path: string): Record<string, unknown> {
  if (v === undefined) return {};
  try {
    const parsed = JSON.parse(scalarText(v) ?? '') as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch { /* fall through */ }
  throw new InteropError('EPCIS_EVENT_SHAPE', 'suyuan:ext is the JSON text of a map', { path });
}

const EVENT_EXTENSIONS = new Set([S('detail'), S('ext'), S('record'), S('refs')]);

/** One EPCIS event → one Suyuan event (a correction's target is given back in `correctionOf`). */
export function fromEpcisEvent(event: Json, prefixes: Readonly<Record<string, string>>, index: number, opts: ImportOptions = {}): ImportedEvent & { correctionOf?: RecordRef; declaration?: Obj } {
  if (!isObj(event) || typeof event.type !== 'string') throw new InteropError('EPCIS_EVENT_SHAPE', 'an event is an object with a type', { index });
  for (const k of Object.keys(event)) {
    if (!STANDARD_KEYS.has(k) && !EVENT_EXTENSIONS.has(k)) throw new InteropError('EPCIS_UNMAPPED_FIELD', `${k} has no place in a Suyuan event (importing it would lose it)`, { index, path: k });
  }
  const eventId = eventHashId(event, prefixes, opts.sha256 ? { sha256: opts.sha256 } : {});
  const record = event[S('record')];
  const origin: EpcisOrigin = record !== undefined ? originOf(record, S('record')) : { eventID: scalarText(event.eventID ?? null) ?? eventId };
  const recordPosition = positionOf(record, S('record'));
  const refs = Array.isArray(event[S('refs')]) ? (event[S('refs')] as Json[]).map((r, i) => refOf(r, `${S('refs')}[${i}]`)) : [];

  if (event.errorDeclaration !== undefined) {
    const d = event.errorDeclaration;
    if (!isObj(d)) throw new InteropError('EPCIS_EVENT_SHAPE', 'errorDeclaration is an object', { index, path: 'errorDeclaration' });
    const target = recordPosition ?? opts.resolveEventId?.(scalarText(event.eventID ?? null) ?? eventId);
    if (!target) throw new InteropError('EPCIS_UNRESOLVED', 'the corrected event is not a Suyuan record here (no suyuan:record, and resolveEventId did not find it)', { index });
    const detail = d[S('detail')];
    const rest = detail === undefined ? { reason: bare(d.reason) ?? 'incorrect_data', action: 'void' } : fromExtension(detail, 'errorDeclaration.suyuan:detail');
    const ext: Record<string, unknown> = { ...extOf(d[S('ext')], 'errorDeclaration.suyuan:ext') };
    ext.epcis = d[S('record')] !== undefined ? originOf(d[S('record')], 'errorDeclaration.suyuan:record') : { eventID: eventId };
    const body = { eventTime: scalarText(d.declarationTime ?? null), ...(rest as object), ext };
    const ownPosition = positionOf(d[S('record')], 'errorDeclaration.suyuan:record');
    const own = ownPosition ? { origin: ownPosition } : {};
    return { index, kind: 'food.correction', body, refs: [target], eventId, correctionOf: target, declaration: d, ...own };
  }

  const kind = kindOf(event);
  if (kind === undefined) throw new InteropError('EPCIS_UNSUPPORTED', `no Suyuan event kind for a ${event.type} with bizStep ${JSON.stringify(bare(event.bizStep))}`, { index, path: 'bizStep' });
  let body = fromStandard(kind, event);
  const residue = kind === 'food.harvest' ? 'ilmd' : S('detail');
  if (event[residue] !== undefined) body = overlay(body, fromExtension(event[residue]!, residue)) as Record<string, unknown>;
  else if (kind !== 'food.harvest' && event.ilmd !== undefined) throw new InteropError('EPCIS_UNMAPPED_FIELD', 'ILMD is only read on a harvest (commissioning)', { index, path: 'ilmd' });
  if (refs.length > 0) origin.refs = refs.map((r) => `${hexOf(r.logId)}/${r.seq}/${hexOf(r.leafHash)}`);
  const ext = { ...extOf(event[S('ext')], S('ext')), epcis: origin };
  body.ext = ext;
  return { index, kind, body, refs, eventId, ...(recordPosition ? { origin: recordPosition } : {}) };
}

function check(ev: ImportedEvent): void {
  const findings = validateEvent(ev.kind, ev.body);
  if (findings.length > 0) {
    const err = new InteropError('EPCIS_INVALID_BODY', findings.map((f) => `${f.code} at ${f.path ?? ''}`).join('; '), { index: ev.index, ...(findings[0]!.path !== undefined ? { path: findings[0]!.path } : {}) });
    (err as InteropError & { findings?: FoodFinding[] }).findings = findings;
    throw err;
  }
}

/**
 * Every event of an EPCIS 2.0 JSON-LD document as a Suyuan event or a reject, in document
 * order, read incrementally. Consecutive re-statements of voided events that carry the same
 * error declaration become one correction with all their targets as refs.
 */
export async function* importEpcis(source: TextSource, opts: ImportOptions = {}): AsyncGenerator<{ event: ImportedEvent } | { reject: ImportReject }> {
  let pending: (ImportedEvent & { declaration?: Obj }) | undefined;
  for await (const { index, event, prefixes } of readEpcisDocument(source)) {
    let ev: ReturnType<typeof fromEpcisEvent>;
    try {
      ev = fromEpcisEvent(event, prefixes, index, opts);
    } catch (e) {
      if (!(e instanceof InteropError)) throw e;
      if (pending) { yield* settle(pending); pending = undefined; }
      yield { reject: { index, code: e.code, message: e.detail, ...(e.where.path !== undefined ? { path: e.where.path } : {}) } };
      continue;
    }
    if (ev.correctionOf && pending?.declaration && JSON.stringify(pending.declaration) === JSON.stringify(ev.declaration)) {
      pending.refs.push(ev.correctionOf);
      continue;
    }
    if (pending) yield* settle(pending);
    pending = ev.correctionOf ? { ...ev, refs: [...ev.refs] } : undefined;
    if (!pending) yield* settle(ev);
  }
  if (pending) yield* settle(pending);
}

function* settle(ev: ImportedEvent & { declaration?: Obj; correctionOf?: RecordRef }): Generator<{ event: ImportedEvent } | { reject: ImportReject }> {
  const { declaration: _d, correctionOf: _c, ...clean } = ev;
  try {
    check(clean);
    yield { event: clean };
  } catch (e) {
    const err = e as InteropError & { findings?: FoodFinding[] };
    yield { reject: { index: ev.index, code: err.code, message: err.detail, ...(err.where.path !== undefined ? { path: err.where.path } : {}), ...(err.findings ? { findings: err.findings } : {}) } };
  }
}

/**
 * The whole document at once: `{ events }` only if every event maps; otherwise `{ rejects }`
 * (every failing event with its index and reason) and no events, unless `partial` is set,
 * when the good events come back with the rejects.
 */
export async function importEpcisDocument(source: TextSource, opts: ImportOptions & { partial?: boolean } = {}): Promise<{ events: ImportedEvent[]; rejects: ImportReject[] }> {
  const events: ImportedEvent[] = [];
  const rejects: ImportReject[] = [];
  for await (const r of importEpcis(source, opts)) {
    if ('event' in r) events.push(r.event);
    else rejects.push(r.reject);
  }
  return { events: rejects.length > 0 && !opts.partial ? [] : events, rejects };
}
