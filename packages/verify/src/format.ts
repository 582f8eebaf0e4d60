import {
  CborReader, SuyuanError, decodeSequenceItem, encode, type CborValue, type Checkpoint, type Cosignature, type ErrorCode,
} from '@suyuan/core';
import type { VerifyCode } from './findings.js';

/**
 * Bundle items (docs/FORMAT.md §11). A bundle is a CBOR sequence: a header, log sections, an
 * end item. Every item except a record is an array whose first element is a text tag; a
 * record is an array whose first element is its version (an integer), so the two cannot be
 * confused.
 */
export const BUNDLE_TAG = 'suyuan-bundle';
export const BUNDLE_VERSION = 1;
/** Items other than records are small; anything bigger is refused before it is read. */
export const ITEM_MAX_BYTES = 64 * 1024;
const ITEM_LIMITS = { maxItemBytes: ITEM_MAX_BYTES, maxDepth: 4 };
/** The header's metadata keys, all of them: anything else is refused. */
const HEADER_KEYS = new Set(['created', 'description']);

export interface BundleHeader {
  created: number;
  description?: string;
}

export type SectionMode = 'full' | 'excerpt';

/** `bytes` is the length of everything in the section after its header item. */
export interface SectionHeader {
  logId: Uint8Array;
  mode: SectionMode;
  records: number;
  bytes: number;
}

export class ItemError extends Error {
  constructor(readonly code: VerifyCode | ErrorCode, message: string, readonly offset: number) {
    super(message);
  }
}

export const encodeHeader = (h: BundleHeader): Uint8Array =>
  encode([BUNDLE_TAG, BUNDLE_VERSION, { created: h.created, ...(h.description !== undefined ? { description: h.description } : {}) }]);
export const encodeSectionHeader = (s: SectionHeader): Uint8Array => encode(['log', s.logId, s.mode, s.records, s.bytes]);
export const encodeCheckpointItem = (c: Checkpoint): Uint8Array => encode(['checkpoint', c.logId, c.size, c.root, c.time, c.signature]);
export const encodeCosignatureItem = (c: Cosignature): Uint8Array => encode(['cosignature', c.logId, c.size, c.root, c.time, c.witness, c.signature]);
export const encodeProofItem = (size: number, hashes: readonly Uint8Array[]): Uint8Array => encode(['proof', size, hashes]);
export const encodeEnd = (sections: number, records: number): Uint8Array => encode(['end', sections, records]);

/** The tag of the item at `pos`: its text tag, or 'record' for a record, without consuming it. */
export function peekTag(bytes: Uint8Array, pos: number, end: number): string | undefined {
  if (pos >= end) return undefined;
  const r = new CborReader(bytes, pos, end);
  try {
    if (r.peekMajor() !== 4) return '?';
    r.head();
    if (r.pos >= end) return '?';
    const major = r.peekMajor();
    if (major === 0) return 'record';
    if (major !== 3) return '?';
    return r.readText();
  } catch {
    return '?';
  }
}

/** Decodes the tagged item at `offset`; returns its fields (tag removed) and where it ends. */
export function readTagged(bytes: Uint8Array, offset: number, tag: string, arity: number): { fields: CborValue[]; end: number } {
  let value: CborValue;
  let end: number;
  try {
    ({ value, end } = decodeSequenceItem(bytes, offset, ITEM_LIMITS));
  } catch (e) {
    if (e instanceof SuyuanError) throw new ItemError(e.code, `${tag} item: ${e.detail}`, e.offset ?? offset);
    throw e;
  }
  if (!Array.isArray(value) || value[0] !== tag || value.length !== arity + 1) throw new ItemError('BUNDLE_ITEM', `expected a ${tag} item of ${arity} fields`, offset);
  return { fields: value.slice(1), end };
}

const isHash = (v: CborValue): v is Uint8Array => v instanceof Uint8Array && v.length === 32;
const isUint = (v: CborValue): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isBytes = (n: number) => (v: CborValue): v is Uint8Array => v instanceof Uint8Array && v.length === n;

/**
 * The header: a bundle version the verifier reads (else ItemError), then metadata that is
 * reported as given and never trusted. Metadata that breaks the rules (unknown keys, wrong
 * types) is a `problem`, reported while the rest of the bundle is still verified.
 */
export function parseHeader(fields: CborValue[], offset: number): { header?: BundleHeader; problem?: string } {
  const [version, meta] = fields;
  if (version !== BUNDLE_VERSION) throw new ItemError('BUNDLE_HEADER', `bundle version ${String(version)} is not ${BUNDLE_VERSION}`, offset);
  const m = meta as Record<string, CborValue> | null;
  if (m === null || typeof m !== 'object' || Array.isArray(m) || m instanceof Uint8Array) return { problem: 'the header\'s metadata is not a map' };
  const unknown = Object.keys(m).filter((k) => !HEADER_KEYS.has(k));
  const header = isUint(m.created ?? -1) ? { created: m.created as number, ...(typeof m.description === 'string' ? { description: m.description } : {}) } : undefined;
  const problem = unknown.length > 0 ? `unknown header keys: ${unknown.slice(0, 8).map((k) => JSON.stringify(k.slice(0, 64))).join(', ')}`
    : header === undefined ? 'header metadata needs a creation time (ms)'
      : m.description !== undefined && typeof m.description !== 'string' ? 'the header\'s description is not text' : undefined;
  return { ...(header !== undefined ? { header } : {}), ...(problem !== undefined ? { problem } : {}) };
}

export function parseSectionHeader(fields: CborValue[], offset: number): SectionHeader {
  const [logId, mode, records, bytes] = fields;
  if (!isHash(logId!) || (mode !== 'full' && mode !== 'excerpt') || !isUint(records!) || records < 1 || !isUint(bytes!)) {
    throw new ItemError('BUNDLE_ITEM', 'a log item is ["log", logId, "full" | "excerpt", records ≥ 1, bytes]', offset);
  }
  return { logId: copy(logId), mode, records, bytes };
}

/*
 * Parsed items copy their byte strings: decoding gives views into the input, and a verifier
 * reading through a window reuses that buffer for what comes next.
 */
const copy = (b: Uint8Array) => Uint8Array.from(b);

export function parseCheckpointItem(fields: CborValue[], offset: number): Checkpoint {
  const [logId, size, root, time, signature] = fields;
  if (!isHash(logId!) || !isUint(size!) || !isHash(root!) || !isUint(time!) || !isBytes(64)(signature!)) throw new ItemError('CHECKPOINT_SHAPE', 'malformed checkpoint item', offset);
  return { logId: copy(logId), size, root: copy(root), time, signature: copy(signature) };
}

export function parseCosignatureItem(fields: CborValue[], offset: number): Cosignature {
  const [logId, size, root, time, witness, signature] = fields;
  if (!isHash(logId!) || !isUint(size!) || !isHash(root!) || !isUint(time!) || !(isBytes(32)(witness!) || isBytes(65)(witness!)) || !isBytes(64)(signature!)) throw new ItemError('CHECKPOINT_SHAPE', 'malformed cosignature item', offset);
  return { logId: copy(logId), size, root: copy(root), time, witness: copy(witness), signature: copy(signature) };
}

export function parseProofItem(fields: CborValue[], offset: number): { size: number; hashes: Uint8Array[] } {
  const [size, hashes] = fields;
  if (!isUint(size!) || !Array.isArray(hashes) || hashes.length > 64 || !hashes.every(isHash)) throw new ItemError('EXCERPT_PROOF', 'a proof item is ["proof", size, [32-byte hashes]]', offset);
  return { size, hashes: (hashes as Uint8Array[]).map(copy) };
}

export function parseEnd(fields: CborValue[], offset: number): { sections: number; records: number } {
  const [sections, records] = fields;
  if (!isUint(sections!) || !isUint(records!)) throw new ItemError('BUNDLE_END', 'an end item is ["end", sections, records]', offset);
  return { sections, records };
}
