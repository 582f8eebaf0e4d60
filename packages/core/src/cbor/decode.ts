import { SuyuanError } from '../errors.js';
import { CborReader } from './reader.js';
import { DEFAULT_LIMITS, type CborLimits, type CborValue } from './value.js';

function limitsOf(partial?: Partial<CborLimits>): Readonly<CborLimits> {
  return partial === undefined ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, ...partial };
}

/**
 * Strictly decodes exactly one canonical item. Throws `SuyuanError` (a `CBOR_*` code with
 * the byte offset) unless `bytes` is exactly the canonical encoding of the returned value.
 * Byte strings in the result are views into `bytes`.
 */
export function decode(bytes: Uint8Array, limits?: Partial<CborLimits>): CborValue {
  const lim = limitsOf(limits);
  if (bytes.length > lim.maxItemBytes) throw new SuyuanError('CBOR_TOO_LARGE', `${bytes.length} bytes exceed the item limit of ${lim.maxItemBytes}`, { offset: 0 });
  const r = new CborReader(bytes, 0, bytes.length, lim);
  const value = r.readItem(0, true)!;
  if (r.pos !== bytes.length) throw new SuyuanError('CBOR_TRAILING_BYTES', `${bytes.length - r.pos} bytes after the item`, { offset: r.pos });
  return value;
}

/**
 * Decodes the item of a CBOR sequence (RFC 8742) that starts at `offset`; returns it with
 * the offset just past it. Offsets in errors are absolute.
 */
export function decodeSequenceItem(bytes: Uint8Array, offset: number, limits?: Partial<CborLimits>): { value: CborValue; end: number } {
  const lim = limitsOf(limits);
  const r = new CborReader(bytes, offset, bytes.length, lim);
  const value = r.readItem(0, true)!;
  if (r.pos - offset > lim.maxItemBytes) throw new SuyuanError('CBOR_TOO_LARGE', `item of ${r.pos - offset} bytes exceeds the limit`, { offset });
  return { value, end: r.pos };
}

/** Every item of a CBOR sequence, strictly decoded. */
export function* decodeSequence(bytes: Uint8Array, limits?: Partial<CborLimits>): Generator<CborValue> {
  let offset = 0;
  while (offset < bytes.length) {
    const { value, end } = decodeSequenceItem(bytes, offset, limits);
    offset = end;
    yield value;
  }
}
