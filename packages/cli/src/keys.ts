import { readFileSync } from 'node:fs';
import type { Signer } from '@suyuan/core';
import { readPublicKeyFile, readSecretKeyFile } from '@suyuan/store';
import { CliError } from './io.js';

/** The PEM label of a key file, read only to tell the two kinds apart (nothing is kept or printed). */
function label(path: string): string | undefined {
  try {
    return /-----BEGIN ([A-Z ]+)-----/.exec(readFileSync(path, 'latin1').slice(0, 200))?.[1];
  } catch {
    return undefined; // the key reader says why it cannot be read
  }
}

/** A secret key file for signing; a public key given by mistake is named as such first. */
export function loadSigner(path: string, option = '--key'): Signer {
  if (label(path) === 'PUBLIC KEY') throw new CliError('CLI_WRONG_KEY_TYPE', `${path} is a public key; ${option} takes the secret key file (NAME.key, written by suyuan keygen NAME)`, { file: path, option });
  return readSecretKeyFile(path);
}

/** A public key file; a secret key given by mistake is refused without being read further. */
export function loadPublicKey(path: string, option: string): Uint8Array {
  if (label(path) === 'PRIVATE KEY') throw new CliError('CLI_WRONG_KEY_TYPE', `${path} is a secret key; ${option} takes a public key file (NAME.pub)`, { file: path, option });
  return readPublicKeyFile(path);
}
