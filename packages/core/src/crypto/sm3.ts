import { sm3 as sm3Hex } from 'sm-crypto-v2';

// Value of each lowercase hex digit by char code (sm-crypto-v2 answers in lowercase hex).
const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 16; i++) NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * Portable SM3 (GB/T 32905) from sm-crypto-v2. Its API answers in hex, decoded here with a
 * table (the generic `fromHex` costs as much as a native SM3 call); node:crypto's SM3
 * replaces it where it exists.
 */
export function sm3(data: Uint8Array): Uint8Array {
  const hex = sm3Hex(data);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (NIBBLE[hex.charCodeAt(2 * i)]! << 4) | NIBBLE[hex.charCodeAt(2 * i + 1)]!;
  return out;
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
