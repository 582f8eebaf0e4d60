import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateSecretKey, nobleSigner, SuyuanError, toHex } from '@suyuan/core';
import { readPublicKeyFile, readSecretKeyFile, writePublicKeyFile, writeSecretKeyFile } from '../src/index.js';
import { tempDir } from './helpers.js';

const code = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as SuyuanError).code; } return 'no error'; };

describe('key files', () => {
  it('a secret key is written as PKCS#8 PEM with mode 0600 and reads back as the same signer', async () => {
    const dir = tempDir('keys');
    const path = join(dir, 'author.key');
    const secret = generateSecretKey();
    const reference = nobleSigner(secret);
    const old = process.umask(0o000); // even with a permissive umask
    try {
      writeSecretKeyFile(path, secret);
    } finally {
      process.umask(old);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const signer = readSecretKeyFile(path);
    expect(toHex(signer.publicKey)).toBe(toHex(reference.publicKey));
    const msg = new TextEncoder().encode('check');
    expect(toHex(await signer.sign(msg))).toBe(toHex(await reference.sign(msg)));
    expect(inspect(signer, { showHidden: true, depth: 5 })).not.toContain(toHex(secret));
    expect(JSON.stringify(signer)).not.toContain(toHex(secret).slice(0, 16));
  });

  it('openssl reads our files (the format is the standard one; openssl is part of the machine image)', () => {
    const dir = tempDir('keys');
    const secret = generateSecretKey();
    writeSecretKeyFile(join(dir, 'k.pem'), secret);
    const pub = execFileSync('openssl', ['pkey', '-in', join(dir, 'k.pem'), '-pubout', '-outform', 'DER']);
    expect(toHex(pub.subarray(-32))).toBe(toHex(nobleSigner(secret).publicKey));
  });

  it('refuses to overwrite, to read a key others can read, and malformed files, with KEY_FILE', () => {
    const dir = tempDir('keys');
    const path = join(dir, 'a.key');
    writeSecretKeyFile(path, generateSecretKey());
    expect(code(() => writeSecretKeyFile(path, generateSecretKey()))).toBe('KEY_FILE');
    chmodSync(path, 0o640);
    expect(code(() => readSecretKeyFile(path))).toBe('KEY_FILE');
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', { mode: 0o600 });
    expect(code(() => readSecretKeyFile(bad))).toBe('KEY_FILE');
    expect(code(() => readSecretKeyFile(join(dir, 'missing.key')))).toBe('KEY_FILE');
    expect(code(() => writeSecretKeyFile(join(dir, 'short.key'), new Uint8Array(31)))).toBe('KEY_INVALID');
  });

  it('public keys round-trip; small-order keys are refused', () => {
    const dir = tempDir('keys');
    const pub = nobleSigner(generateSecretKey()).publicKey;
    writePublicKeyFile(join(dir, 'a.pub'), pub);
    expect(toHex(readPublicKeyFile(join(dir, 'a.pub')))).toBe(toHex(pub));
    const identity = new Uint8Array(32); identity[0] = 1;
    expect(code(() => writePublicKeyFile(join(dir, 'b.pub'), identity))).toBe('KEY_INVALID');
  });
});
