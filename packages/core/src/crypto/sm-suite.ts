import type { Signer, SuiteCrypto } from './provider.js';
import { isAcceptableSm2PublicKey, signSm2, sm2PublicKey, verifySm2 } from './sm2.js';
import { prefixedHash, sm3 } from './sm3.js';

/**
 * The portable `sm2-sm3` provider: SM3 on @noble/hashes, SM2 on @noble/curves. Runs in
 * browsers; `@suyuan/core/node` has one with node:crypto's SM3, same bytes and verdicts.
 */
export const sm2Sm3Crypto: SuiteCrypto = {
  name: 'sm-portable',
  suite: 'sm2-sm3',
  hash: sm3,
  leafHash: (entry) => prefixedHash(sm3, 0, entry),
  nodeHash: (left, right) => prefixedHash(sm3, 1, left, right),
  verify: (signature, message, publicKey) => verifySm2(signature, message, publicKey, sm3),
  isAcceptablePublicKey: isAcceptableSm2PublicKey,
};

/** An in-process SM2 signer (default user id, a fresh random k per signature). */
export function sm2Signer(secretKey: Uint8Array): Signer {
  const sk = Uint8Array.from(secretKey);
  const publicKey = sm2PublicKey(sk);
  return {
    suite: 'sm2-sm3',
    publicKey,
    sign: async (message) => signSm2(sk, message, { publicKey }),
  };
}
