/**
 * The hashing and signature primitives a suite needs. Two implementations produce identical
 * bytes: `nobleCrypto` (pure JS, runs anywhere) and `nodeCrypto` from `@suyuan/core/node`
 * (node:crypto, several times faster). Tests hold them to the same answers.
 */
export interface CryptoProvider {
  readonly name: string;
  sha256(data: Uint8Array): Uint8Array;
  /** RFC 9162 leaf hash: SHA-256(0x00 ‖ entry). */
  leafHash(entry: Uint8Array): Uint8Array;
  /** RFC 9162 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** Strict RFC 8032 Ed25519 verification (cofactorless, canonical encodings); never throws on bad input. */
  verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/**
 * Signs checkpoints. The key may live anywhere (process memory, an HSM, a KMS, a phone's
 * keystore): only `sign` touches it.
 */
export interface Signer {
  readonly suite: SuiteName;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Suites a log may name in its genesis. Only the first is implemented; SM2/SM3 has room. */
export const SUITES = ['ed25519-sha256'] as const;
export type SuiteName = (typeof SUITES)[number];

export const HASH_BYTES = 32;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SECRET_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

export function isSuiteName(s: unknown): s is SuiteName {
  return (SUITES as readonly unknown[]).includes(s);
}
