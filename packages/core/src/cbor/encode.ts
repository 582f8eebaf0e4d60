import { Encoder } from 'cbor-x';
import { SuyuanError, type ErrorCode } from '../errors.js';
import { MAX_UINT64, type CborValue } from './value.js';

/**
 * cbor-x set to plain RFC 8949 output: no record extension, no tags on byte strings or maps,
 * map heads sized to their entries.
 */
const cborx = new Encoder({
  useRecords: false,
  mapsAsObjects: true,
  variableMapSize: true,
  tagUint8Array: false,
  useTag259ForMaps: false, // honoured by cbor-x 1.6.9, missing from its type declarations
  pack: false,
  structuredClone: false,
  largeBigIntToFloat: false,
} as ConstructorParameters<typeof Encoder>[0]);

const TWO_32 = 0x1_0000_0000;
const MIN_INT = -MAX_UINT64; // -(2^64 - 1): the profile's smallest integer

/**
 * Encodes a value in the canonical profile. cbor-x writes the bytes; `normalize` first
 * removes every way cbor-x would leave the profile: it sorts map keys bytewise (cbor-x never
 * sorts), turns integers of 2^32 and beyond into bigints (cbor-x writes them as float64) and
 * small bigints into numbers (cbor-x always gives a bigint 8 bytes), and rejects what the
 * profile cannot carry (floats, undefined, lone surrogates, other objects) with a path.
 */
export function encode(value: unknown): Uint8Array {
  const out = cborx.encode(normalize(value, [], 0));
  // A plain Uint8Array view: cbor-x hands back a Buffer, which serialises differently.
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** Largest nesting the encoder accepts; far above the decoder's default so that limits are the decoder's call. */
const MAX_ENCODE_DEPTH = 256;

/**
 * `path` is the stack of keys and indices down to `v`; it becomes a string only when an
 * error is thrown, so encoding a valid value builds no path strings.
 */
function normalize(v: unknown, path: (string | number)[], depth: number): unknown {
  switch (typeof v) {
    case 'number':
      if (!Number.isInteger(v)) throw fail('CBOR_UNSUPPORTED_VALUE', `${v} is not an integer; the profile has no floats`, path);
      if (!Number.isSafeInteger(v)) throw fail('CBOR_INT_RANGE', `${v} is not a safe integer; pass a bigint`, path);
      return v >= TWO_32 || v < -TWO_32 ? BigInt(v) : v;
    case 'bigint':
      if (v > MAX_UINT64 || v < MIN_INT) throw fail('CBOR_INT_RANGE', `${v} is outside [-(2^64-1), 2^64-1]`, path);
      return v < BigInt(TWO_32) && v >= -BigInt(TWO_32) ? Number(v) : v;
    case 'string':
      if (!v.isWellFormed()) throw fail('CBOR_INVALID_UTF8', 'string has a lone surrogate', path);
      return v;
    case 'boolean':
      return v;
    case 'object': {
      if (v === null) return null;
      if (depth >= MAX_ENCODE_DEPTH) throw fail('CBOR_TOO_DEEP', 'value nested too deeply', path);
      if (v instanceof Uint8Array) return v;
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          out[i] = normalize(v[i], path, depth + 1);
          path.pop();
        }
        return out;
      }
      if (v instanceof Map) return normalizeMap([...v.entries()], path, depth);
      if (isPlainObject(v)) return normalizeMap(Object.entries(v), path, depth);
      throw fail('CBOR_UNSUPPORTED_VALUE', `${Object.prototype.toString.call(v)} has no encoding in the profile`, path);
    }
    case 'undefined':
      throw fail('CBOR_UNDEFINED', 'undefined is not allowed', path);
    default:
      throw fail('CBOR_UNSUPPORTED_VALUE', `a ${typeof v} has no encoding in the profile`, path);
  }
}

function fail(code: ErrorCode, detail: string, path: (string | number)[]): SuyuanError {
  return new SuyuanError(code, detail, { path: `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}` });
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function normalizeMap(entries: [unknown, unknown][], path: (string | number)[], depth: number): Map<string, unknown> {
  for (const [k] of entries) {
    if (typeof k !== 'string') throw fail('CBOR_MAP_KEY_TYPE', 'map keys must be strings', path);
    if (!k.isWellFormed()) throw fail('CBOR_INVALID_UTF8', 'map key has a lone surrogate', path);
  }
  const keyed = entries as [string, unknown][];
  if (keyed.length > 1) keyed.sort(compareKeys);
  const out = new Map<string, unknown>();
  for (const [k, val] of keyed) {
    path.push(k);
    out.set(k, normalize(val, path, depth + 1));
    path.pop();
  }
  return out;
}

const utf8 = new TextEncoder();

/**
 * Canonical key order is the bytewise order of the encoded keys. For text keys the head
 * grows with the length, so that is: shorter UTF-8 first, then bytewise.
 */
function compareKeys(a: [string, unknown], b: [string, unknown]): number {
  const x = a[0];
  const y = b[0];
  if (isAscii(x) && isAscii(y)) {
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const xb = utf8.encode(x);
  const yb = utf8.encode(y);
  if (xb.length !== yb.length) return xb.length - yb.length;
  for (let i = 0; i < xb.length; i++) if (xb[i] !== yb[i]) return xb[i]! - yb[i]!;
  return 0;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

export type { CborValue };
