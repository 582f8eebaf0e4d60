import { nobleCrypto } from './noble.js';
import type { CryptoProvider, SuiteCrypto, SuiteName } from './provider.js';
import { sm2Sm3Crypto } from './sm-suite.js';

const PORTABLE: { readonly [S in SuiteName]: SuiteCrypto } = { 'ed25519-sha256': nobleCrypto, 'sm2-sm3': sm2Sm3Crypto };

/**
 * The provider for a suite within a family: `family` itself if it is of that suite, else its
 * sibling (`family.suites`), else the portable one. `suiteCrypto('sm2-sm3', nodeCrypto)` is
 * the node:crypto-backed SM provider; `suiteCrypto('sm2-sm3')` the portable one.
 */
export function suiteCrypto(suite: SuiteName, family: SuiteCrypto | CryptoProvider = nobleCrypto): SuiteCrypto {
  if (family.suite === suite) return family;
  const sibling = 'suites' in family ? family.suites?.[suite] : undefined;
  return sibling ?? PORTABLE[suite];
}

/** True if `publicKey` is an acceptable author or witness key of `suite` (FORMAT.md §6, §15). */
export function isAcceptableSuiteKey(suite: SuiteName, publicKey: Uint8Array): boolean {
  return PORTABLE[suite].isAcceptablePublicKey(publicKey);
}
