/**
 * What one suite needs: its hash (for leaves, nodes, the log id, the roots) and its
 * signature check. A log uses exactly one suite, named in its genesis (FORMAT.md §2.1);
 * `suiteCrypto` (crypto/suites.ts) gives the provider for a suite.
 */
export interface SuiteCrypto {
  readonly name: string;
  readonly suite: SuiteName;
  /** The suite's hash: SHA-256 or SM3, 32 bytes. */
  hash(data: Uint8Array): Uint8Array;
  /** RFC 9162 leaf hash: H(0x00 ‖ entry). */
  leafHash(entry: Uint8Array): Uint8Array;
  /** RFC 9162 interior node hash: H(0x01 ‖ left ‖ right). */
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** The suite's strict signature check (FORMAT.md §6, §15); never throws on bad input. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** A public key the suite accepts for an author or witness (canonical, on the curve, not weak). */
  isAcceptablePublicKey(publicKey: Uint8Array): boolean;
}

/**
 * The `ed25519-sha256` provider, as callers have always passed it (`nobleCrypto`,
 * `nodeCrypto`). It is also a *family*: `suites` holds its siblings for the other suites
 * (portable ones for `nobleCrypto`, node:crypto-backed ones for `nodeCrypto`), so an option
 * `crypto: nodeCrypto` keeps meaning "the fast providers" for logs of every suite.
 */
export interface CryptoProvider extends SuiteCrypto {
  sha256(data: Uint8Array): Uint8Array;
  /** Strict RFC 8032 Ed25519 verification (cofactorless, canonical encodings); never throws on bad input. */
  verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** Providers of the same family for other suites; a suite missing here gets the portable one. */
  readonly suites?: { readonly [S in SuiteName]?: SuiteCrypto };
}

/** The hashes a Merkle tree needs; every `SuiteCrypto` (and so every `CryptoProvider`) has them. */
export type TreeHasher = Pick<SuiteCrypto, 'hash' | 'leafHash' | 'nodeHash'>;

/**
 * Signs checkpoints. The key may live anywhere (process memory, an HSM, a KMS, a phone's
 * keystore): only `sign` touches it.
 */
export interface Signer {
  readonly suite: SuiteName;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Suites a log may name in its genesis (FORMAT.md §2.1, §6, §15). */
export const SUITES = ['ed25519-sha256', 'sm2-sm3'] as const;
export type SuiteName = (typeof SUITES)[number];

export const HASH_BYTES = 32;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SECRET_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
/** SM2 public keys are uncompressed points 04 ‖ x ‖ y; secret keys and r, s are 32 bytes. */
export const SM2_PUBLIC_KEY_BYTES = 65;
export const SM2_SECRET_KEY_BYTES = 32;
export const SM2_SIGNATURE_BYTES = 64;
/** Every suite's signature is 64 bytes (Ed25519 R ‖ S, SM2 r ‖ s), so heads keep one shape. */
export const SIGNATURE_BYTES = 64;

/** The length of a suite's public keys: 32 for Ed25519, 65 for SM2. */
export const PUBLIC_KEY_BYTES: { readonly [S in SuiteName]: number } = { 'ed25519-sha256': 32, 'sm2-sm3': 65 };

export function isSuiteName(s: unknown): s is SuiteName {
  return (SUITES as readonly unknown[]).includes(s);
}
