import { bytesEqual, concatBytes, fromHex } from '../bytes.js';
import { SuyuanError } from '../errors.js';
import { isAcceptablePublicKey } from './noble.js';
import type { SuiteName } from './provider.js';
import { isAcceptableSm2PublicKey, sm2PublicKey } from './sm2.js';

/**
 * Key files as PEM, for both suites, as pure functions of bytes and text (no file access, no
 * node:crypto), so the store, the CLI and a browser share them:
 *
 * - Ed25519: SPKI and PKCS#8 of RFC 8410 (OID 1.3.101.112);
 * - SM2: SPKI with id-ecPublicKey (1.2.840.10045.2.1) and the curve sm2p256v1
 *   (1.2.156.10197.1.301) as GB/T 35276 names them, the key an uncompressed point; PKCS#8
 *   wrapping an RFC 5915 ECPrivateKey with the public key, exactly as OpenSSL 3 writes it
 *   (`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2`).
 *
 * Decoding accepts exactly these DER layouts (each key has one encoding): anything else is
 * `KEY_FILE`; a key that is not acceptable for its suite is `KEY_INVALID`.
 */

interface Layout { suite: SuiteName; kind: 'public' | 'secret'; prefix: Uint8Array; keyBytes: number }

const ED25519_SPKI = fromHex('302a300506032b6570032100');
const ED25519_PKCS8 = fromHex('302e020100300506032b657004220420');
const SM2_ALGORITHM = '301306072a8648ce3d020106082a811ccf5501822d';
const SM2_SPKI = fromHex(`3059${SM2_ALGORITHM}034200`);
// PKCS#8 { version 0, algorithm, OCTET STRING { ECPrivateKey { 1, d, [1] publicKey } } }.
const SM2_PKCS8 = fromHex(`308187020100${SM2_ALGORITHM}046d306b0201010420`);
const SM2_PKCS8_PUBLIC = fromHex('a144034200');

const LAYOUTS: readonly Layout[] = [
  { suite: 'ed25519-sha256', kind: 'public', prefix: ED25519_SPKI, keyBytes: 32 },
  { suite: 'ed25519-sha256', kind: 'secret', prefix: ED25519_PKCS8, keyBytes: 32 },
  { suite: 'sm2-sm3', kind: 'public', prefix: SM2_SPKI, keyBytes: 65 },
  { suite: 'sm2-sm3', kind: 'secret', prefix: SM2_PKCS8, keyBytes: 32 },
];

const LABEL = { public: 'PUBLIC KEY', secret: 'PRIVATE KEY' } as const;

export interface PemKey {
  suite: SuiteName;
  kind: 'public' | 'secret';
  /** The raw key: a public key as the genesis carries it, or a 32-byte secret key. */
  key: Uint8Array;
}

function toBase64(der: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < der.length; i++) bin += String.fromCharCode(der[i]!);
  return btoa(bin);
}

function pem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${toBase64(der).replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

/** The public key as SPKI PEM. */
export function encodePublicKeyPem(suite: SuiteName, publicKey: Uint8Array): string {
  const ok = suite === 'sm2-sm3' ? isAcceptableSm2PublicKey(publicKey) : isAcceptablePublicKey(publicKey);
  if (!ok) throw new SuyuanError('KEY_INVALID', `not an acceptable ${suite} public key`);
  return pem(LABEL.public, concatBytes([layout(suite, 'public').prefix, publicKey]));
}

/** The secret key as PKCS#8 PEM (for SM2 with its public key, as OpenSSL writes it). */
export function encodeSecretKeyPem(suite: SuiteName, secretKey: Uint8Array): string {
  if (suite === 'sm2-sm3') {
    const publicKey = sm2PublicKey(secretKey); // checks the key
    return pem(LABEL.secret, concatBytes([SM2_PKCS8, secretKey, SM2_PKCS8_PUBLIC, publicKey]));
  }
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) throw new SuyuanError('KEY_INVALID', 'an Ed25519 secret key is 32 bytes');
  return pem(LABEL.secret, concatBytes([ED25519_PKCS8, secretKey]));
}

/** Reads one PEM key of either suite and kind; the label must match the DER inside. */
export function decodeKeyPem(text: string): PemKey {
  const m = /^\s*-----BEGIN (PUBLIC KEY|PRIVATE KEY)-----([A-Za-z0-9+/=\s]+)-----END \1-----\s*$/.exec(text);
  if (m === null) throw new SuyuanError('KEY_FILE', 'not one PEM public or private key');
  let der: Uint8Array;
  try {
    der = Uint8Array.from(atob(m[2]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    throw new SuyuanError('KEY_FILE', 'the PEM body is not base64');
  }
  const kind = m[1] === LABEL.public ? 'public' : 'secret';
  for (const l of LAYOUTS) {
    if (l.kind !== kind || !startsWith(der, l.prefix)) continue;
    const key = der.slice(l.prefix.length, l.prefix.length + l.keyBytes);
    const rest = der.subarray(l.prefix.length + l.keyBytes);
    if (key.length !== l.keyBytes) break;
    if (l.suite === 'sm2-sm3' && kind === 'secret') return { suite: l.suite, kind, key: checkSm2Secret(key, rest) };
    if (rest.length !== 0) break;
    if (kind === 'public') {
      const ok = l.suite === 'sm2-sm3' ? isAcceptableSm2PublicKey(key) : isAcceptablePublicKey(key);
      if (!ok) throw new SuyuanError('KEY_INVALID', `not an acceptable ${l.suite} public key (not canonical, not on the curve or of small order)`);
    }
    return { suite: l.suite, kind, key };
  }
  throw new SuyuanError('KEY_FILE', `not an Ed25519 or SM2 ${m[1]} in the encodings Suyuan writes`);
}

/** An SM2 PKCS#8 ends with the public key; it must be d·G, else the file is damaged or forged. */
function checkSm2Secret(secretKey: Uint8Array, rest: Uint8Array): Uint8Array {
  if (rest.length !== SM2_PKCS8_PUBLIC.length + 65 || !startsWith(rest, SM2_PKCS8_PUBLIC)) throw new SuyuanError('KEY_FILE', 'not an SM2 PRIVATE KEY in the encoding Suyuan writes');
  const publicKey = sm2PublicKey(secretKey); // KEY_INVALID for d outside [1, n − 2]
  if (!bytesEqual(publicKey, rest.subarray(SM2_PKCS8_PUBLIC.length))) throw new SuyuanError('KEY_INVALID', 'the public key in the SM2 key file is not the secret key\'s');
  return secretKey;
}

function startsWith(der: Uint8Array, prefix: Uint8Array): boolean {
  return der.length >= prefix.length && bytesEqual(der.subarray(0, prefix.length), prefix);
}

function layout(suite: SuiteName, kind: 'public' | 'secret'): Layout {
  return LAYOUTS.find((l) => l.suite === suite && l.kind === kind)!;
}
