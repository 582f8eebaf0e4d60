import { sm3 as sm3Hex } from 'sm-crypto-v2';
import { fromHex } from '../bytes.js';

/**
 * Portable SM3 (GB/T 32905) from sm-crypto-v2. Its API answers in hex; the conversion costs
 * little next to the compression function, and node:crypto's SM3 replaces it where it exists.
 */
export function sm3(data: Uint8Array): Uint8Array {
  return fromHex(sm3Hex(data));
}

let scratch = new Uint8Array(1024);

/** H(prefix ‖ a ‖ b) through one scratch buffer, so leaf and node hashes allocate one result only. */
export function prefixedHash(hash: (data: Uint8Array) => Uint8Array, prefix: number, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const len = 1 + a.length + (b?.length ?? 0);
  if (len > scratch.length) scratch = new Uint8Array(Math.max(len, scratch.length * 2));
  scratch[0] = prefix;
  scratch.set(a, 1);
  if (b !== undefined) scratch.set(b, 1 + a.length);
  return hash(scratch.subarray(0, len));
}
