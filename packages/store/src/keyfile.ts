import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { SuyuanError, isAcceptablePublicKey, type Signer } from '@suyuan/core';
import { nodeSigner } from '@suyuan/core/node';

// DER prefixes of RFC 8410 PKCS#8 (private) and SPKI (public) Ed25519 keys.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

function unpem(text: string, label: string, prefix: Buffer, file: string): Uint8Array {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(text);
  const der = m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : undefined;
  if (der === undefined || der.length !== prefix.length + 32 || !der.subarray(0, prefix.length).equals(prefix)) {
    throw new SuyuanError('KEY_FILE', `not an Ed25519 ${label} in PEM`, { file });
  }
  return Uint8Array.from(der.subarray(prefix.length));
}

/**
 * Writes an Ed25519 secret key as PKCS#8 PEM (what `openssl pkey` reads), mode 0600, never
 * over an existing file. The key's bytes are not returned, logged or kept.
 */
export function writeSecretKeyFile(path: string, secretKey: Uint8Array): void {
  if (secretKey.length !== 32) throw new SuyuanError('KEY_INVALID', 'an Ed25519 secret key is 32 bytes');
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    throw new SuyuanError('KEY_FILE', `cannot create the key file: ${(e as NodeJS.ErrnoException).code}`, { file: path });
  }
  try {
    chmodSync(path, 0o600); // whatever the umask
    writeSync(fd, pem('PRIVATE KEY', Buffer.concat([PKCS8_PREFIX, secretKey])));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads a secret key file into a Signer. Refuses a file others can read, as ssh does. */
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
  const secret = unpem(readFileSync(path, 'utf8'), 'PRIVATE KEY', PKCS8_PREFIX, path);
  const signer = nodeSigner(secret);
  secret.fill(0);
  return signer;
}

/** Writes a public key as SPKI PEM; public keys may be read by anyone. */
export function writePublicKeyFile(path: string, publicKey: Uint8Array): void {
  if (!isAcceptablePublicKey(publicKey)) throw new SuyuanError('KEY_INVALID', 'not an acceptable Ed25519 public key');
  try {
    const fd = openSync(path, 'wx', 0o644);
    try {
      writeSync(fd, pem('PUBLIC KEY', Buffer.concat([SPKI_PREFIX, publicKey])));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof SuyuanError) throw e;
    throw new SuyuanError('KEY_FILE', `cannot create the key file: ${(e as NodeJS.ErrnoException).code}`, { file: path });
  }
}

export function readPublicKeyFile(path: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SuyuanError('KEY_FILE', `cannot read the key file: ${(e as NodeJS.ErrnoException).code}`, { file: path });
  }
  const key = unpem(text, 'PUBLIC KEY', SPKI_PREFIX, path);
  if (!isAcceptablePublicKey(key)) throw new SuyuanError('KEY_INVALID', 'not an acceptable Ed25519 public key (small order or not on the curve)', { file: path });
  return key;
}


