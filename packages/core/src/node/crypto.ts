import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { passesEd25519EncodingRules } from '../crypto/ed25519-rules.js';
import { checkSecretKey, ed25519PublicKey, isAcceptablePublicKey } from '../crypto/noble.js';
import type { CryptoProvider, Signer } from '../crypto/provider.js';
import { digest } from './digest.js';
import { nodeSm2Sm3Crypto } from './sm.js';

// DER prefixes that wrap a raw 32-byte Ed25519 key (RFC 8410).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Importing a key costs as much as a verification, so imported keys are kept (bounded). */
const KEY_CACHE_LIMIT = 4096;
const publicKeys = new Map<string, KeyObject>();

function publicKeyObject(raw: Uint8Array): KeyObject {
  const id = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('latin1');
  let key = publicKeys.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    if (publicKeys.size >= KEY_CACHE_LIMIT) publicKeys.delete(publicKeys.keys().next().value!);
    publicKeys.set(id, key);
  }
  return key;
}

const sha256 = (data: Uint8Array): Uint8Array => digest('sha256', data);

// Scratch buffers: one copy into a reused buffer is cheaper than hashing in two updates.
let leafScratch = new Uint8Array(1024);
const nodeScratch = new Uint8Array(65);
nodeScratch[0] = 1;

/** node:crypto provider: same bytes and verdicts as `nobleCrypto`, several times faster. */
export const nodeCrypto: CryptoProvider = {
  name: 'node:crypto',
  suite: 'ed25519-sha256',
  sha256,
  hash: sha256,
  leafHash(entry) {
    if (entry.length + 1 > leafScratch.length) leafScratch = new Uint8Array(Math.max(entry.length + 1, leafScratch.length * 2));
    leafScratch[0] = 0;
    leafScratch.set(entry, 1);
    return sha256(new Uint8Array(leafScratch.buffer, 0, entry.length + 1));
  },
  nodeHash(left, right) {
    nodeScratch.set(left, 1);
    nodeScratch.set(right, 33);
    return sha256(nodeScratch);
  },
  verifyEd25519: verifyEd25519Node,
  verify: verifyEd25519Node,
  isAcceptablePublicKey: (publicKey) => isAcceptablePublicKey(publicKey),
  suites: { 'sm2-sm3': nodeSm2Sm3Crypto },
};

function verifyEd25519Node(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!passesEd25519EncodingRules(signature, publicKey)) return false;
  try {
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

/** An in-process Ed25519 signer on node:crypto; its signatures equal `nobleSigner`'s byte for byte. */
export function nodeSigner(secretKey: Uint8Array): Signer {
  checkSecretKey(secretKey);
  const publicKey = ed25519PublicKey(secretKey);
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
  return {
    suite: 'ed25519-sha256',
    publicKey,
    sign: async (message) => new Uint8Array(sign(null, message, key)),
  };
}
