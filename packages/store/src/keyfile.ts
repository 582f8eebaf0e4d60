import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { SuyuanError, decodeKeyPem, encodePublicKeyPem, encodeSecretKeyPem, sm2Signer, type PemKey, type Signer, type SuiteName } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';

/** `decodeKeyPem` with the file named in its error. */
function decodeKeyFile(text: string, file: string): PemKey {
  try {
    return decodeKeyPem(text);
  } catch (e) {
    if (e instanceof SuyuanError) throw new SuyuanError(e.code, e.message, { file });
    throw e;
  }
}

/**
 * Writes a secret key of `suite` as PKCS#8 PEM (what `openssl pkey` reads; FORMAT.md §14),
 * mode 0600, never over an existing file. The key's bytes are not returned, logged or kept.
 */
export function writeSecretKeyFile(path: string, secretKey: Uint8Array, suite: SuiteName = 'ed25519-sha256'): void {
  const text = encodeSecretKeyPem(suite, secretKey); // KEY_INVALID before any file is made
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    throw new SuyuanError('KEY_FILE', `cannot create the key file: ${(e as NodeJS.ErrnoException).code}`, { file: path });
  }
  try {
    chmodSync(path, 0o600); // whatever the umask
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a secret key file of either suite into its Signer (Ed25519 on node:crypto, SM2 on
 * core's signer). Refuses a file others can read, as ssh does. */
export function readSecretKeyFile(path: string): Signer {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (e) {
    throw new SuyuanError('KEY_FILE', `cannot read the key file: ${(e as NodeJS.ErrnoException).code}`, { file: path });
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new SuyuanError('KEY_FILE', `permissions ${(mode & 0o777).toString(8)} let others read the key; chmod 600 it`, { file: path });
  }
  const { kind, suite, key } = decodeKeyFile(readFileSync(path, 'utf8'), path);
  if (kind !== 'secret') throw new SuyuanError('KEY_FILE', 'a public key where a secret key file is expected', { file: path });
  const signer = suite === 'sm2-sm3' ? sm2Signer(key) : nodeSigner(key);
  key.fill(0);
  return signer;
}

/**
 * Writes a public key as SPKI PEM; public keys may be read by anyone. The suite defaults to
 * the one the key's length names (65 bytes SM2, else Ed25519).
 */
export function writePublicKeyFile(path: string, publicKey: Uint8Array, suite: SuiteName = publicKey.length === 65 ? 'sm2-sm3' : 'ed25519-sha256'): void {
  const text = encodePublicKeyPem(suite, publicKey); // KEY_INVALID before any file is made
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof SuyuanError) throw e;
    throw new SuyuanError('KEY_FILE', `cannot create the key file: ${(e as NodeJS.ErrnoException).code}`, { file: path });
  }
}

/** A public key file of either suite: the key as a genesis carries it (65-byte SM2 point or 32-byte Ed25519). */
export function readPublicKeyFile(path: string): Uint8Array {
  return readPublicKeyFileWithSuite(path).key;
}

/** A public key file with the suite its OID names. */
export function readPublicKeyFileWithSuite(path: string): { suite: SuiteName; key: Uint8Array } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SuyuanError('KEY_FILE', `cannot read the key file: ${(e as NodeJS.ErrnoException).code}`, { file: path });
  }
  const { kind, suite, key } = decodeKeyFile(text, path);
  if (kind !== 'public') {
    key.fill(0);
    throw new SuyuanError('KEY_FILE', 'a secret key where a public key file is expected', { file: path });
  }
  return { suite, key };
}


