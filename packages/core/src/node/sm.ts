import type { SuiteCrypto } from '../crypto/provider.js';
import { isAcceptableSm2PublicKey, verifySm2 } from '../crypto/sm2.js';
import { prefixedHash } from '../crypto/sm3.js';
import { digest } from './digest.js';

/** node:crypto's SM3 (OpenSSL; correct on Node 20, GB/T 32905 vectors in the tests). */
export function nodeSm3(data: Uint8Array): Uint8Array {
  return digest('sm3', data);
}

/**
 * The fast `sm2-sm3` provider: node:crypto's SM3 for hashes; SM2 verification on
 * @noble/curves as in the portable provider, because node:crypto has no standard SM2 (its
 * SM2-curve keys sign ECDSA, without the Z value), so there is no correct faster path.
 */
export const nodeSm2Sm3Crypto: SuiteCrypto = {
  name: 'sm-node',
  suite: 'sm2-sm3',
  hash: nodeSm3,
  leafHash: (entry) => prefixedHash(nodeSm3, 0, entry),
  nodeHash: (left, right) => prefixedHash(nodeSm3, 1, left, right),
  verify: (signature, message, publicKey) => verifySm2(signature, message, publicKey, nodeSm3),
  isAcceptablePublicKey: isAcceptableSm2PublicKey,
};
