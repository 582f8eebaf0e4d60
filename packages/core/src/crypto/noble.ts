import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { SuyuanError } from '../errors.js';
import { hasValidEd25519Shapes } from './ed25519-rules.js';
import { ED25519_SECRET_KEY_BYTES, type CryptoProvider, type Signer } from './provider.js';

// noble's synchronous API needs a SHA-512 implementation plugged in.
ed.hashes.sha512 = sha512;

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

/** Pure-JS provider (@noble/hashes, @noble/ed25519): portable to browsers and other runtimes. */
export const nobleCrypto: CryptoProvider = {
  name: 'noble',
  sha256: (data) => sha256(data),
  leafHash: (entry) => sha256.create().update(LEAF_PREFIX).update(entry).digest(),
  nodeHash: (left, right) => sha256.create().update(NODE_PREFIX).update(left).update(right).digest(),
  verifyEd25519(signature, message, publicKey) {
    if (!hasValidEd25519Shapes(signature, publicKey)) return false;
    try {
      return ed.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
};

export function checkSecretKey(secretKey: Uint8Array): void {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== ED25519_SECRET_KEY_BYTES) {
    throw new SuyuanError('KEY_INVALID', `an Ed25519 secret key is ${ED25519_SECRET_KEY_BYTES} bytes`);
  }
}

export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  checkSecretKey(secretKey);
  return ed.getPublicKey(secretKey);
}

/** A fresh random 32-byte Ed25519 secret key (the RFC 8032 seed). */
export function generateSecretKey(): Uint8Array {
  return ed.utils.randomSecretKey();
}

/** True if the key is a canonical encoding of a point of large order; enrolment refuses others. */
export function isAcceptablePublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  try {
    const p = ed.Point.fromBytes(publicKey, false);
    return !p.isSmallOrder();
  } catch {
    return false;
  }
}

/** An in-process Ed25519 signer on noble. */
export function nobleSigner(secretKey: Uint8Array): Signer {
  const sk = Uint8Array.from(secretKey);
  const publicKey = ed25519PublicKey(sk);
  return {
    suite: 'ed25519-sha256',
    publicKey,
    sign: async (message) => ed.sign(message, sk),
  };
}
