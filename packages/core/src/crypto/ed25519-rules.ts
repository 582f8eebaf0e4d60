import { fromHex } from '../bytes.js';

/**
 * The one definition of a valid Ed25519 signature in Suyuan, applied by both providers so the
 * noble and node:crypto paths accept exactly the same signatures:
 *
 * - RFC 8032 §5.1.7 with the cofactorless equation [S]B = R + [k]A, checked by comparing
 *   encodings (what OpenSSL does; the noble path computes the same, not noble's cofactored
 *   check);
 * - S < L; A and R canonical (y < p) and not "negative zero" (x = 0 with the sign bit set),
 *   which RFC 8032 decoding refuses but OpenSSL lets through;
 * - A not of small order (as libsodium and noble's strict mode do; OpenSSL does not check).
 *
 * Everything here is a byte test, so the node:crypto path pays nothing measurable for it.
 */

// Group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/**
 * Canonical encodings of the eight points of small order (the 8-torsion subgroup), and the
 * "negative zero" forms of the two with x = 0. Tests derive the subgroup with noble and check
 * this list against it.
 */
export const SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = [
  '0100000000000000000000000000000000000000000000000000000000000000', // identity (order 1)
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // order 2
  '0000000000000000000000000000000000000000000000000000000000000000', // order 4
  '0000000000000000000000000000000000000000000000000000000000000080', // order 4
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85', // order 8
].map(fromHex);

const NEGATIVE_ZERO_ENCODINGS: readonly Uint8Array[] = [
  '0100000000000000000000000000000000000000000000000000000000000080',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
].map(fromHex);

function equalAt(a: Uint8Array, offset: number, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[offset + i] !== b[i]) return false;
  return true;
}

/** S (the second half of a signature) must be below L. */
export function isCanonicalScalar(sig: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = sig[32 + i]!;
    const l = L[i]!;
    if (s < l) return true;
    if (s > l) return false;
  }
  return false; // S == L
}

/** y (the low 255 bits, little-endian) below p = 2^255 - 19, and not a negative zero. */
export function isCanonicalPointEncoding(enc: Uint8Array, offset = 0): boolean {
  for (const z of NEGATIVE_ZERO_ENCODINGS) if (equalAt(enc, offset, z)) return false;
  // y >= p only when y is in [2^255 - 19, 2^255 - 1]: top byte 0x7f, bytes 30..1 all 0xff, byte 0 >= 0xed.
  if ((enc[offset + 31]! & 0x7f) !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (enc[offset + i] !== 0xff) return true;
  return enc[offset]! < 0xed;
}

export function isSmallOrderEncoding(enc: Uint8Array): boolean {
  for (const s of SMALL_ORDER_ENCODINGS) if (equalAt(enc, 0, s)) return true;
  return false;
}

/** Everything about a signature and key that is decided before any curve arithmetic. */
export function passesEd25519EncodingRules(signature: Uint8Array, publicKey: Uint8Array): boolean {
  return (
    signature.length === 64 &&
    publicKey.length === 32 &&
    isCanonicalScalar(signature) &&
    isCanonicalPointEncoding(publicKey) &&
    isCanonicalPointEncoding(signature) &&
    !isSmallOrderEncoding(publicKey)
  );
}
