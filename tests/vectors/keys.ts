/**
 * Key files (FORMAT.md §14, §15.5): PEM files `--trust`, `--pub` and `--key` accept, with the
 * suite and kind they hold, and files that must be refused, with the code. Test keys only.
 */
import { encodePublicKeyPem, encodeSecretKeyPem, nobleSigner, sm2PublicKey, toHex } from '@suyuan/core';
import { FARM_SECRET, fromHexStr } from './fixtures.js';
import { SM_FARM_SECRET } from './sm.js';

const pemOf = (label: 'PUBLIC KEY' | 'PRIVATE KEY', der: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64')}\n-----END ${label}-----\n`;
const derOf = (pem: string) => Uint8Array.from(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'));

export function keyVectors() {
  const edPublic = encodePublicKeyPem('ed25519-sha256', nobleSigner(fromHexStr(FARM_SECRET)).publicKey);
  const edSecret = encodeSecretKeyPem('ed25519-sha256', fromHexStr(FARM_SECRET));
  const smPublic = encodePublicKeyPem('sm2-sm3', sm2PublicKey(fromHexStr(SM_FARM_SECRET)));
  const smSecret = encodeSecretKeyPem('sm2-sm3', fromHexStr(SM_FARM_SECRET));
  const edDer = derOf(edPublic);
  const smDer = derOf(smPublic);
  const smSecretDer = derOf(smSecret);
  const offCurve = Uint8Array.from(smDer);
  offCurve[offCurve.length - 1]! ^= 1;
  const wrongPublic = Uint8Array.from(smSecretDer);
  wrongPublic[wrongPublic.length - 1]! ^= 1;
  const smallOrder = Uint8Array.from(edDer);
  smallOrder.set(fromHexStr('0100000000000000000000000000000000000000000000000000000000000000'), edDer.length - 32);
  return {
    description: 'Key files (FORMAT.md §14, §15.5): each valid file with the suite, kind and key bytes it holds; each invalid file with the code a reader gives.',
    valid: [
      { description: 'Ed25519 public key (SPKI)', pem: edPublic, suite: 'ed25519-sha256', kind: 'public', key: toHex(edDer.subarray(-32)) },
      { description: 'Ed25519 secret key (PKCS#8)', pem: edSecret, suite: 'ed25519-sha256', kind: 'secret', key: FARM_SECRET },
      { description: 'SM2 public key (SPKI, id-ecPublicKey on sm2p256v1)', pem: smPublic, suite: 'sm2-sm3', kind: 'public', key: toHex(smDer.subarray(-65)) },
      { description: 'SM2 secret key (PKCS#8 wrapping an RFC 5915 ECPrivateKey with the public key)', pem: smSecret, suite: 'sm2-sm3', kind: 'secret', key: SM_FARM_SECRET },
    ],
    invalid: [
      { description: 'not PEM', pem: 'hello', code: 'KEY_FILE' },
      { description: 'an Ed25519 public key with a byte after it', pem: pemOf('PUBLIC KEY', Uint8Array.from([...edDer, 0])), code: 'KEY_FILE' },
      { description: 'an Ed25519 public key under the PRIVATE KEY label', pem: pemOf('PRIVATE KEY', edDer), code: 'KEY_FILE' },
      { description: 'an SM2 public key in compressed form', pem: pemOf('PUBLIC KEY', Uint8Array.from([...smDer.subarray(0, smDer.length - 65), 0x02, ...smDer.subarray(-64, -32)])), code: 'KEY_FILE' },
      { description: 'an Ed25519 public key of small order (the identity)', pem: pemOf('PUBLIC KEY', smallOrder), code: 'KEY_INVALID' },
      { description: 'an SM2 public key off the curve', pem: pemOf('PUBLIC KEY', offCurve), code: 'KEY_INVALID' },
      { description: 'an SM2 secret key file whose public key is not d·G', pem: pemOf('PRIVATE KEY', wrongPublic), code: 'KEY_INVALID' },
    ],
  };
}
