/**
 * Encoding rules of strict RFC 8032 verification that both providers apply before any
 * curve arithmetic, so the noble and node:crypto paths accept exactly the same signatures.
 */

// Group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

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

/** A point encoding's y (low 255 bits, little-endian) must be below p = 2^255 - 19. */
export function isCanonicalPointEncoding(enc: Uint8Array, offset = 0): boolean {
  // y >= p only when y is in [2^255 - 19, 2^255 - 1]: top byte 0x7f, bytes 30..1 all 0xff, byte 0 >= 0xed.
  if ((enc[offset + 31]! & 0x7f) !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (enc[offset + i] !== 0xff) return true;
  return enc[offset]! < 0xed;
}

export function hasValidEd25519Shapes(signature: Uint8Array, publicKey: Uint8Array): boolean {
  return (
    signature.length === 64 &&
    publicKey.length === 32 &&
    isCanonicalScalar(signature) &&
    isCanonicalPointEncoding(publicKey) &&
    isCanonicalPointEncoding(signature)
  );
}
