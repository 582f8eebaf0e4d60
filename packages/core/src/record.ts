import { encode } from './cbor/encode.js';
import { CborReader, MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_TEXT, MAJOR_UINT } from './cbor/reader.js';
import { DEFAULT_LIMITS, type CborLimits, type CborMap } from './cbor/value.js';
import { HASH_BYTES, isSuiteName, PUBLIC_KEY_BYTES, type SuiteName } from './crypto/provider.js';
import { isAcceptableSuiteKey } from './crypto/suites.js';
import { SuyuanError, type ErrorCode } from './errors.js';

export const RECORD_VERSION = 1;
export const GENESIS_KIND = 'genesis';
/** Records larger than this are refused by encoder and decoder alike. */
export const MAX_RECORD_BYTES = 64 * 1024;
export const MAX_REFS = 256;
export const MAX_KIND_BYTES = 64;
/** The genesis `enterprise` is 1–256 Unicode code points (FORMAT.md §2.1). */
export const MAX_ENTERPRISE_CHARS = 256;
export const RECORD_LIMITS: Readonly<CborLimits> = Object.freeze({ ...DEFAULT_LIMITS, maxItemBytes: MAX_RECORD_BYTES });

/** 32 zero bytes: the log id and `prev` a genesis record carries (it has neither yet). */
export const ZERO_HASH = new Uint8Array(HASH_BYTES);

/** A pointer at a record of some log (often another business's). */
export interface RecordRef {
  logId: Uint8Array;
  seq: number;
  leafHash: Uint8Array;
}

/** A record, position by position as it is encoded. */
export interface LogRecord {
  version: number;
  logId: Uint8Array;
  seq: number;
  prev: Uint8Array;
  time: number;
  kind: string;
  body: CborMap;
  refs: RecordRef[];
}

/** What a genesis record's body says. */
export interface GenesisInfo {
  suite: SuiteName;
  author: Uint8Array;
  enterprise: string;
  meta: CborMap;
}

const KIND_PATTERN = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;

export function isValidKind(kind: string): boolean {
  return kind.length <= MAX_KIND_BYTES && KIND_PATTERN.test(kind);
}

function fail(code: ErrorCode, detail: string, path: string, offset?: number): never {
  throw new SuyuanError(code, detail, { path, offset });
}

/** Encodes a record after checking every field the way the decoder will. */
export function encodeRecord(rec: LogRecord): Uint8Array {
  if (rec.version !== RECORD_VERSION) fail('RECORD_VERSION', `version ${rec.version} is not ${RECORD_VERSION}`, 'version');
  checkHash(rec.logId, 'logId');
  checkUint(rec.seq, 'seq');
  checkHash(rec.prev, 'prev');
  checkUint(rec.time, 'time');
  if (typeof rec.kind !== 'string' || !isValidKind(rec.kind)) fail('RECORD_KIND', `kind ${JSON.stringify(rec.kind)} does not match ${KIND_PATTERN}`, 'kind');
  if (rec.body === null || typeof rec.body !== 'object' || Array.isArray(rec.body) || rec.body instanceof Uint8Array) fail('RECORD_SHAPE', 'body must be a map', 'body');
  if (!Array.isArray(rec.refs) || rec.refs.length > MAX_REFS) fail('RECORD_REF', `refs must be an array of at most ${MAX_REFS}`, 'refs');
  rec.refs.forEach((ref, i) => {
    const path = `refs[${i}]`;
    if (ref === null || typeof ref !== 'object') fail('RECORD_REF', 'a ref is { logId, seq, leafHash }', path);
    checkHash(ref.logId, `${path}.logId`, 'RECORD_REF');
    checkUint(ref.seq, `${path}.seq`, 'RECORD_REF');
    checkHash(ref.leafHash, `${path}.leafHash`, 'RECORD_REF');
  });
  const bytes = encode([rec.version, rec.logId, rec.seq, rec.prev, rec.time, rec.kind, rec.body, rec.refs.map((r) => [r.logId, r.seq, r.leafHash])]);
  if (bytes.length > MAX_RECORD_BYTES) fail('CBOR_TOO_LARGE', `record of ${bytes.length} bytes exceeds ${MAX_RECORD_BYTES}`, '$');
  return bytes;
}

function checkHash(v: unknown, path: string, code: ErrorCode = 'RECORD_SHAPE'): void {
  if (!(v instanceof Uint8Array) || v.length !== HASH_BYTES) fail(code, 'must be 32 bytes', path);
}

function checkUint(v: unknown, path: string, code: ErrorCode = 'RECORD_SHAPE'): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(code, 'must be an unsigned integer below 2^53', path);
}

/**
 * A record as the verifier reads it: `body` is only materialised when asked for (and always
 * for a genesis); otherwise it is checked for canonical form and skipped.
 */
export interface ParsedRecord {
  start: number;
  end: number;
  version: number;
  logId: Uint8Array;
  seq: number;
  prev: Uint8Array;
  time: number;
  kind: string;
  body: CborMap | undefined;
  /** Where the body's map starts in the bytes read (for `bodyText` when the body was not built). */
  bodyAt: number;
  refs: RecordRef[];
}

/**
 * Reads one record at the reader's position: canonical CBOR and the record's shape. Chain
 * rules (log id, seq, prev, time) are the caller's, since they need the previous record.
 */
export function readRecord(r: CborReader, buildBody: boolean): ParsedRecord {
  const start = r.pos;
  expectMajor(r, MAJOR_ARRAY, '$', 'a record is an array');
  r.head();
  if (r.arg !== 8) fail('RECORD_SHAPE', `a record has 8 fields, not ${r.arg}`, '$', start);
  const version = readUint(r, 'version');
  if (version !== RECORD_VERSION) fail('RECORD_VERSION', `version ${version} is not ${RECORD_VERSION}`, 'version', start);
  const logId = readHash(r, 'logId');
  const seq = readUint(r, 'seq');
  const prev = readHash(r, 'prev');
  const time = readUint(r, 'time');
  const kind = readKind(r);
  const bodyAt = r.pos;
  expectMajor(r, MAJOR_MAP, 'body', 'body is a map');
  const body = r.readItem(1, buildBody || seq === 0) as CborMap | undefined;
  const refs = readRefs(r);
  if (r.pos - start > MAX_RECORD_BYTES) fail('CBOR_TOO_LARGE', `record of ${r.pos - start} bytes exceeds ${MAX_RECORD_BYTES}`, '$', start);
  return { start, end: r.pos, version, logId, seq, prev, time, kind, body, bodyAt, refs };
}

/**
 * A log uses a handful of kinds, so the bytes of kinds already validated are remembered:
 * a match skips decoding and the pattern check, a measurable share of verification.
 */
const knownKinds: { bytes: Uint8Array; kind: string }[] = [];
const KNOWN_KINDS_LIMIT = 32;

function readKind(r: CborReader): string {
  const at = r.pos;
  expectMajor(r, MAJOR_TEXT, 'kind', 'kind is a text string');
  r.head();
  const len = r.arg;
  if (len >= 0 && len <= MAX_KIND_BYTES && r.pos + len <= r.end) {
    const b = r.bytes;
    const p = r.pos;
    for (const k of knownKinds) {
      const kb = k.bytes;
      if (kb.length !== len) continue;
      let i = 0;
      while (i < len && kb[i] === b[p + i]) i++;
      if (i === len) {
        r.pos = p + len;
        return k.kind;
      }
    }
  }
  r.pos = at;
  const kind = r.readText();
  if (!isValidKind(kind)) fail('RECORD_KIND', `kind ${JSON.stringify(kind)} does not match ${KIND_PATTERN}`, 'kind', at);
  if (knownKinds.length < KNOWN_KINDS_LIMIT) knownKinds.push({ bytes: r.bytes.slice(r.pos - len, r.pos), kind });
  return kind;
}

function readRefs(r: CborReader): RecordRef[] {
  const at = r.pos;
  expectMajor(r, MAJOR_ARRAY, 'refs', 'refs is an array', 'RECORD_REF');
  r.head();
  const n = r.arg;
  if (n > MAX_REFS) fail('RECORD_REF', `more than ${MAX_REFS} refs`, 'refs', at);
  const refs: RecordRef[] = [];
  for (let i = 0; i < n; i++) {
    const path = `refs[${i}]`;
    expectMajor(r, MAJOR_ARRAY, path, 'a ref is [logId, seq, leafHash]', 'RECORD_REF');
    const refAt = r.pos;
    r.head();
    if (r.arg !== 3) fail('RECORD_REF', 'a ref is [logId, seq, leafHash]', path, refAt);
    refs.push({ logId: readHash(r, `${path}.logId`, 'RECORD_REF'), seq: readUint(r, `${path}.seq`, 'RECORD_REF'), leafHash: readHash(r, `${path}.leafHash`, 'RECORD_REF') });
  }
  return refs;
}

function expectMajor(r: CborReader, major: number, path: string, detail: string, code: ErrorCode = 'RECORD_SHAPE'): void {
  if (r.peekMajor() !== major) fail(code, detail, path, r.pos);
}

function readUint(r: CborReader, path: string, code: ErrorCode = 'RECORD_SHAPE'): number {
  const at = r.pos;
  expectMajor(r, MAJOR_UINT, path, 'must be an unsigned integer', code);
  r.head();
  if (r.arg < 0) fail(code, 'must be below 2^53', path, at);
  return r.arg;
}

function readHash(r: CborReader, path: string, code: ErrorCode = 'RECORD_SHAPE'): Uint8Array {
  const at = r.pos;
  expectMajor(r, MAJOR_BYTES, path, 'must be a byte string', code);
  const h = r.readBytes();
  if (h.length !== HASH_BYTES) fail(code, `must be 32 bytes, not ${h.length}`, path, at);
  return h;
}

/** Strictly decodes exactly one record. */
export function decodeRecord(bytes: Uint8Array): LogRecord {
  const p = readWholeRecord(bytes, true);
  return { version: p.version, logId: p.logId, seq: p.seq, prev: p.prev, time: p.time, kind: p.kind, body: p.body!, refs: p.refs };
}

/**
 * Checks a record's bytes exactly as `decodeRecord` does (canonical CBOR, shape, size, nothing
 * after it) without building its body, except a genesis's: for callers that need the header
 * and at most a few body fields (`bodyText`), such as a hub taking in pushes.
 */
export function checkRecord(bytes: Uint8Array): ParsedRecord {
  return readWholeRecord(bytes, false);
}

function readWholeRecord(bytes: Uint8Array, buildBody: boolean): ParsedRecord {
  if (bytes.length > MAX_RECORD_BYTES) fail('CBOR_TOO_LARGE', `record of ${bytes.length} bytes exceeds ${MAX_RECORD_BYTES}`, '$', 0);
  const r = new CborReader(bytes, 0, bytes.length, RECORD_LIMITS);
  const p = readRecord(r, buildBody);
  if (r.pos !== bytes.length) throw new SuyuanError('CBOR_TRAILING_BYTES', `${bytes.length - r.pos} bytes after the record`, { offset: r.pos });
  return p;
}

/**
 * The text value of a top-level body field of a record already checked by `checkRecord` or
 * `readRecord` (`rec` is what it returned for `bytes`); undefined when the field is absent or
 * not text. Only heads are read on the way: the bytes were checked, so nothing is checked twice.
 */
export function bodyText(bytes: Uint8Array, rec: Pick<ParsedRecord, 'bodyAt'>, key: string): string | undefined {
  const r = new CborReader(bytes, rec.bodyAt, bytes.length, RECORD_LIMITS);
  r.head();
  const want = utf8(key);
  for (let n = r.arg; n > 0; n--) {
    // Keys are compared as bytes: decoding each key's text would cost more than the rest.
    skipChecked(r);
    if (r.major === MAJOR_TEXT && r.arg === want.length && sameBytes(bytes, r.pos - want.length, want)) {
      return r.peekMajor() === MAJOR_TEXT ? r.readText() : undefined;
    }
    skipChecked(r); // the key's value
  }
  return undefined;
}

const utf8Keys = new Map<string, Uint8Array>();
function utf8(key: string): Uint8Array {
  let b = utf8Keys.get(key);
  if (b === undefined && utf8Keys.size < 64) utf8Keys.set(key, (b = new TextEncoder().encode(key)));
  return b ?? new TextEncoder().encode(key);
}

function sameBytes(bytes: Uint8Array, at: number, want: Uint8Array): boolean {
  for (let i = 0; i < want.length; i++) if (bytes[at + i] !== want[i]) return false;
  return true;
}

/** Steps over the items at the reader's position of already-checked bytes: one, with what it holds. */
function skipChecked(r: CborReader): void {
  for (let pending = 1; pending > 0; pending--) {
    r.head();
    if (r.major === MAJOR_BYTES || r.major === MAJOR_TEXT) r.pos += r.arg;
    else if (r.major === MAJOR_ARRAY) pending += r.arg;
    else if (r.major === MAJOR_MAP) pending += 2 * r.arg;
  }
}

/** Checks what only a genesis must satisfy and returns what it declares. */
export function genesisInfo(rec: Pick<LogRecord, 'seq' | 'logId' | 'prev' | 'kind' | 'body' | 'refs'>): GenesisInfo {
  const bad = (detail: string, path: string): never => fail('RECORD_GENESIS', detail, path);
  if (rec.seq !== 0) bad('a log starts with seq 0', 'seq');
  if (rec.kind !== GENESIS_KIND) bad(`the first record's kind is "${GENESIS_KIND}"`, 'kind');
  if (!isZero(rec.logId)) bad('a genesis carries an all-zero log id', 'logId');
  if (!isZero(rec.prev)) bad('a genesis carries an all-zero prev', 'prev');
  if (rec.refs.length !== 0) bad('a genesis has no refs', 'refs');
  const body = rec.body;
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'author,enterprise,meta,suite') bad(`body has keys {${keys}}, not {author, enterprise, meta, suite}`, 'body');
  if (!isSuiteName(body.suite)) fail('RECORD_SUITE', `unknown suite ${JSON.stringify(body.suite)}`, 'body.suite');
  const suite = body.suite as SuiteName;
  const keyName = suite === 'sm2-sm3' ? 'SM2' : 'Ed25519';
  const author = body.author;
  if (!(author instanceof Uint8Array) || author.length !== PUBLIC_KEY_BYTES[suite]) bad(`author is a ${PUBLIC_KEY_BYTES[suite]}-byte ${keyName} public key`, 'body.author');
  // A weak key (small order, off the curve) or a non-canonical encoding would let anyone forge this log's checkpoints.
  if (!isAcceptableSuiteKey(suite, author as Uint8Array)) bad(`author is not an acceptable ${keyName} public key (not canonical, not on the curve or of small order)`, 'body.author');
  const enterprise = body.enterprise;
  const length = typeof enterprise === 'string' ? codePoints(enterprise) : 0;
  if (length === 0 || length > MAX_ENTERPRISE_CHARS) bad('enterprise is a non-empty text of at most 256 characters (code points)', 'body.enterprise');
  const meta = body.meta;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta) || meta instanceof Uint8Array) bad('meta is a map', 'body.meta');
  return { suite, author: author as Uint8Array, enterprise: enterprise as string, meta: meta as CborMap };
}

/** Length in Unicode code points: every text limit in the format counts these, not UTF-16 units. */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function isZero(h: Uint8Array): boolean {
  for (let i = 0; i < h.length; i++) if (h[i] !== 0) return false;
  return true;
}
