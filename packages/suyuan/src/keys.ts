import { randomBytes } from 'node:crypto';
import { linkSync, lstatSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ed25519PublicKey, generateSecretKey, generateSm2SecretKey, sm2PublicKey, type SuiteName } from '@suyuan/core';
import { nodeFileIo, writePublicKeyFile, writeSecretKeyFile } from '@suyuan/store';
import { SdkError } from './errors.js';

/** A fresh secret key of `suite` (32 bytes in both suites). */
export function newSecretKey(suite: SuiteName = 'ed25519-sha256'): Uint8Array {
  return suite === 'sm2-sm3' ? generateSm2SecretKey() : generateSecretKey();
}

/** Refuses a path that names anything, a dangling symbolic link included. */
function mustBeFree(path: string): void {
  try {
    lstatSync(path);
  } catch {
    return; // nothing there
  }
  throw new SdkError('KEY_EXISTS', 'a key file is never replaced', { file: path });
}

/**
 * Writes a new key pair: the secret key (PKCS#8 PEM, mode 0600) at `key` and the public key
 * at `pub`, both or neither. Neither file is ever replaced (`KEY_EXISTS`, also when one appears
 * meanwhile): a secret key lost is a log that can no longer be continued. Returns the public key.
 */
export async function writeKeyPair(key: string, pub: string, suite: SuiteName = 'ed25519-sha256'): Promise<Uint8Array> {
  mustBeFree(key);
  mustBeFree(pub);
  const nonce = randomBytes(6).toString('hex');
  const [tmpKey, tmpPub] = [`${key}.${nonce}.tmp`, `${pub}.${nonce}.tmp`]; // beside each, so a link never crosses file systems
  const secret = newSecretKey(suite);
  try {
    const publicKey = suite === 'sm2-sm3' ? sm2PublicKey(secret) : ed25519PublicKey(secret);
    writeSecretKeyFile(tmpKey, secret, suite);
    writePublicKeyFile(tmpPub, publicKey, suite);
    linkSync(tmpPub, pub); // link, unlike rename, never replaces a file that appeared meanwhile
    try {
      linkSync(tmpKey, key);
    } catch (e) {
      rmSync(pub, { force: true });
      throw e;
    }
    for (const d of new Set([dirname(key), dirname(pub)])) await nodeFileIo.syncDirectory(d);
    return publicKey;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new SdkError('KEY_EXISTS', 'a key file appeared meanwhile; nothing was written', { file: key });
    throw e;
  } finally {
    secret.fill(0);
    rmSync(tmpKey, { force: true });
    rmSync(tmpPub, { force: true });
  }
}

