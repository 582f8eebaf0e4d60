/** Small byte helpers shared by every module; no dependencies. */

const DIGITS = new TextEncoder().encode('0123456789abcdef');
const decoder = new TextDecoder();
let scratch = new Uint8Array(130);

/**
 * Lower-case hex as one flat string. Adding two characters at a time would leave V8 a rope of
 * one node per byte (about 1 KB for a 32-byte log id) until something flattens it, and
 * verifiers and the lot graph keep a few ids per log, for any number of logs.
 */
export function toHex(bytes: Uint8Array): string {
  if (scratch.length < 2 * bytes.length) scratch = new Uint8Array(2 * bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    scratch[2 * i] = DIGITS[bytes[i]! >> 4]!;
    scratch[2 * i + 1] = DIGITS[bytes[i]! & 15]!;
  }
  return decoder.decode(scratch.subarray(0, 2 * bytes.length));
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError(`not a hex string: ${hex.slice(0, 40)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic comparison of a[aStart, aEnd) with b[bStart, bEnd): negative, 0 or positive. */
export function compareRanges(
  a: Uint8Array, aStart: number, aEnd: number,
  b: Uint8Array, bStart: number, bEnd: number,
): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d;
  }
  return (aEnd - aStart) - (bEnd - bStart);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Writes an unsigned integer below 2^53 as 8 big-endian bytes. */
export function writeU64BE(out: Uint8Array, offset: number, value: number): void {
  const hi = Math.floor(value / 0x1_0000_0000);
  const lo = value >>> 0;
  out[offset] = hi >>> 24; out[offset + 1] = hi >>> 16; out[offset + 2] = hi >>> 8; out[offset + 3] = hi;
  out[offset + 4] = lo >>> 24; out[offset + 5] = lo >>> 16; out[offset + 6] = lo >>> 8; out[offset + 7] = lo;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
