import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { SuyuanError } from '../errors.js';
import { isCanonicalPointEncoding, isSmallOrderEncoding, passesEd25519EncodingRules } from './ed25519-rules.js';
import { ED25519_SECRET_KEY_BYTES, type CryptoProvider, type Signer } from './provider.js';
import { sm2Sm3Crypto } from './sm-suite.js';

// noble's synchronous API needs a SHA-512 implementation plugged in.
ed.hashes.sha512 = sha512;

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

/** Pure-JS provider (@noble/hashes, @noble/ed25519): portable to browsers and other runtimes. */
export const nobleCrypto: CryptoProvider = {
  name: 'noble',
  suite: 'ed25519-sha256',
  sha256: (data) => sha256(data),
  hash: (data) => sha256(data),
  leafHash: (entry) => sha256.create().update(LEAF_PREFIX).update(entry).digest(),
  nodeHash: (left, right) => sha256.create().update(NODE_PREFIX).update(left).update(right).digest(),
  verifyEd25519: verifyEd25519Noble,
  verify: verifyEd25519Noble,
  isAcceptablePublicKey: (publicKey) => isAcceptablePublicKey(publicKey),
  suites: { 'sm2-sm3': sm2Sm3Crypto },
};

function verifyEd25519Noble(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!passesEd25519EncodingRules(signature, publicKey)) return false;
  try {
    return verifyCofactorless(signature, message, publicKey);
  } catch {
    return false; // a y with no point on the curve
  }
}

const G = ed.Point.BASE;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndianToBigInt(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/**
 * RFC 8032 §5.1.7 with the cofactorless equation, checked as OpenSSL checks it: the encoding
 * of [S]B - [k]A must equal R's bytes. (noble's own strict verify is cofactored, which
 * accepts a few signatures OpenSSL refuses.)
 */
function verifyCofactorless(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const r = signature.subarray(0, 32);
  const A = ed.Point.fromBytes(publicKey, false);
  const s = littleEndianToBigInt(signature.subarray(32));
  const k = ed.etc.mod(littleEndianToBigInt(sha512.create().update(r).update(publicKey).update(message).digest()), L);
  const expectedR = G.multiply(s, false).subtract(A.multiply(k, false));
  const got = expectedR.toBytes();
  for (let i = 0; i < 32; i++) if (got[i] !== r[i]) return false;
  return true;
}

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

/** True if the key is a canonical encoding of a curve point not of small order; enrolment refuses others. */
export function isAcceptablePublicKey(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32 || !isCanonicalPointEncoding(publicKey) || isSmallOrderEncoding(publicKey)) return false;
  const id = keyId(publicKey);
  let ok = onCurve.get(id);
  if (ok === undefined) {
    ok = decodesToPoint(publicKey);
    if (onCurve.size >= ON_CURVE_CACHE_LIMIT) onCurve.delete(onCurve.keys().next().value!);
    onCurve.set(id, ok);
  }
  return ok;
}

/*
 * Decoding a point takes a square root in bigint arithmetic (about 0.1–0.3 ms), and a bundle
 * may hold any number of logs whose genesis names the same key: the answers for the last
 * keys seen are remembered. Only the answer of this pure function of the 32 bytes is kept,
 * so the rule is exactly the same; memory is bounded by the limit.
 */
const ON_CURVE_CACHE_LIMIT = 1024;
const onCurve = new Map<string, boolean>();

function keyId(publicKey: Uint8Array): string {
  let id = '';
  for (let i = 0; i < 32; i++) id += String.fromCharCode(publicKey[i]!);
  return id;
}

function decodesToPoint(publicKey: Uint8Array): boolean {
  try {
    ed.Point.fromBytes(publicKey, false);
    return true;
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
