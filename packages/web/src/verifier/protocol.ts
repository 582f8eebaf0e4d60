/**
 * The verifier worker's messages (docs/WEB.md). The page posts one `VerifyRequest`; the worker
 * answers with `progress` messages, then exactly one `report`, `refused` or `failed` of the
 * same id. A worker takes one request at a time, in the order posted.
 */
import type { BundleReport } from '@suyuan/verify/portable';

export type { BundleReport };

/**
 * A trusted authority key: the text of a public key file as `suyuan verify --trust` takes it
 * (SPKI PEM of either suite), or the key's bytes (or hex): 32 bytes Ed25519, 65 bytes SM2.
 */
export type TrustInput = { pem: string } | { publicKey: Uint8Array | string; suite?: 'ed25519-sha256' | 'sm2-sm3' };

export interface VerifyRequest {
  type: 'verify';
  /** Echoed in every answer. */
  id: number;
  /** The bundle's bytes; transfer it (postMessage's second argument) rather than copy it. */
  bundle: ArrayBuffer;
  trust: TrustInput[];
  /** Check the food rules (default true), as `suyuan verify` does unless --no-food. */
  food?: boolean;
}

export type VerifierMessage =
  /** `done` of `total` logs verified (authority logs apart); `total` is 0 until the bundle's outline is read. */
  | { type: 'progress'; id: number; done: number; total: number }
  /** The verdict and findings, as `suyuan verify --json` prints them. */
  | { type: 'report'; id: number; report: BundleReport }
  /** Not a bundle at all (`suyuan verify` exits 2): BUNDLE_NOT_A_BUNDLE or BUNDLE_UNREADABLE. */
  | { type: 'refused'; id: number; code: string; message: string }
  /** The request itself is wrong: a trust key that is no public key (KEY_FILE, KEY_INVALID), no key at all (WEB_NO_TRUST), a malformed message (WEB_BAD_REQUEST), or a fault (WEB_INTERNAL). */
  | { type: 'failed'; id: number; code: string; message: string };
