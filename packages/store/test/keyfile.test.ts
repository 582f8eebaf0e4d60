import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateSecretKey, generateSm2SecretKey, nobleSigner, sm2PublicKey, SuyuanError, toHex, verifySm2 } from '@suyuan/core';
import { readPublicKeyFile, readSecretKeyFile, writePublicKeyFile, writeSecretKeyFile } from '../src/index.js';
import { tempDir } from './helpers.js';

const hasOpenssl = (() => { try { execFileSync('openssl', ['version']); return true; } catch { return false; } })();
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

describe('SM2 key files (sm2-sm3, GB/T 35276 OIDs)', () => {
  it('a secret key is written as PKCS#8 PEM, mode 0600, and reads back as an sm2 signer whose signatures verify', async () => {
    const dir = tempDir('keys');
    const path = join(dir, 'sm.key');
    const secret = generateSm2SecretKey();
    const old = process.umask(0o000);
    try {
      writeSecretKeyFile(path, secret, 'sm2-sm3');
    } finally {
      process.umask(old);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const signer = readSecretKeyFile(path);
    expect(signer.suite).toBe('sm2-sm3');
    expect(toHex(signer.publicKey)).toBe(toHex(sm2PublicKey(secret)));
    const msg = new TextEncoder().encode('check');
    expect(verifySm2(await signer.sign(msg), msg, signer.publicKey)).toBe(true);
    expect(inspect(signer, { showHidden: true, depth: 5 })).not.toContain(toHex(secret));
    expect(code(() => writeSecretKeyFile(path, generateSm2SecretKey(), 'sm2-sm3'))).toBe('KEY_FILE');
    expect(code(() => writeSecretKeyFile(join(dir, 'zero.key'), new Uint8Array(32), 'sm2-sm3'))).toBe('KEY_INVALID');
  });

  it('an Ed25519 key file still reads as an Ed25519 signer', () => {
    const dir = tempDir('keys');
    writeSecretKeyFile(join(dir, 'ed.key'), generateSecretKey());
    expect(readSecretKeyFile(join(dir, 'ed.key')).suite).toBe('ed25519-sha256');
  });

  it('public keys of both suites round-trip (65-byte SM2 point, 32-byte Ed25519)', () => {
    const dir = tempDir('keys');
    const sm = sm2PublicKey(generateSm2SecretKey());
    writePublicKeyFile(join(dir, 'sm.pub'), sm);
    expect(toHex(readPublicKeyFile(join(dir, 'sm.pub')))).toBe(toHex(sm));
    const ed = nobleSigner(generateSecretKey()).publicKey;
    writePublicKeyFile(join(dir, 'ed.pub'), ed, 'ed25519-sha256');
    expect(readPublicKeyFile(join(dir, 'ed.pub')).length).toBe(32);
    expect(code(() => writePublicKeyFile(join(dir, 'x.pub'), sm, 'ed25519-sha256'))).toBe('KEY_INVALID');
  });

  it('wrong and damaged files are refused with KEY_FILE or KEY_INVALID', () => {
    const dir = tempDir('keys');
    const keyPath = join(dir, 'sm.key');
    const pubPath = join(dir, 'sm.pub');
    const secret = generateSm2SecretKey();
    writeSecretKeyFile(keyPath, secret, 'sm2-sm3');
    writePublicKeyFile(pubPath, sm2PublicKey(secret));
    // A public key where a secret key is expected, and the reverse.
    chmodSync(pubPath, 0o600);
    expect(code(() => readSecretKeyFile(pubPath))).toBe('KEY_FILE');
    expect(code(() => readPublicKeyFile(keyPath))).toBe('KEY_FILE');
    chmodSync(pubPath, 0o644);
    const der = (path: string) => Buffer.from(readFileSync(path, 'utf8').replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const write = (name: string, label: string, bytes: Buffer, mode = 0o600) => {
      const p = join(dir, name);
      writeFileSync(p, `-----BEGIN ${label}-----\n${bytes.toString('base64')}\n-----END ${label}-----\n`, { mode });
      return p;
    };
    // A public point moved off the curve.
    const offCurve = der(pubPath); offCurve[offCurve.length - 1]! ^= 1;
    expect(code(() => readPublicKeyFile(write('off.pub', 'PUBLIC KEY', offCurve, 0o644)))).toBe('KEY_INVALID');
    // A compressed point (not the encoding Suyuan writes).
    const spki = der(pubPath);
    expect(code(() => readPublicKeyFile(write('short.pub', 'PUBLIC KEY', spki.subarray(0, spki.length - 32), 0o644)))).toBe('KEY_FILE');
    // The secret key whose embedded public key is not its own.
    const pk = der(keyPath); pk[pk.length - 1]! ^= 1;
    expect(code(() => readSecretKeyFile(write('mismatch.key', 'PRIVATE KEY', pk)))).toBe('KEY_INVALID');
    // Truncated, trailing bytes, a secret of zero.
    const full = der(keyPath);
    expect(code(() => readSecretKeyFile(write('trunc.key', 'PRIVATE KEY', full.subarray(0, full.length - 1))))).toBe('KEY_FILE');
    expect(code(() => readSecretKeyFile(write('trail.key', 'PRIVATE KEY', Buffer.concat([full, Buffer.from([0])]))))).toBe('KEY_FILE');
    // Others may read it: refused before it is parsed.
    chmodSync(keyPath, 0o644);
    expect(code(() => readSecretKeyFile(keyPath))).toBe('KEY_FILE');
  });

  it.runIf(hasOpenssl)('reads an SM2 key OpenSSL wrote, and OpenSSL reads ours', async () => {
    const dir = tempDir('keys');
    const path = join(dir, 'openssl.key');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', path]);
    chmodSync(path, 0o600);
    const signer = readSecretKeyFile(path);
    expect(signer.suite).toBe('sm2-sm3');
    const spki = execFileSync('openssl', ['pkey', '-in', path, '-pubout', '-outform', 'DER']);
    expect(toHex(spki.subarray(-65))).toBe(toHex(signer.publicKey));
    const pubPath = join(dir, 'openssl.pub');
    execFileSync('openssl', ['pkey', '-in', path, '-pubout', '-out', pubPath]);
    expect(toHex(readPublicKeyFile(pubPath))).toBe(toHex(signer.publicKey));
    const ours = join(dir, 'ours.key');
    const secret = generateSm2SecretKey();
    writeSecretKeyFile(ours, secret, 'sm2-sm3');
    const theirs = execFileSync('openssl', ['pkey', '-in', ours, '-pubout', '-outform', 'DER']);
    expect(toHex(theirs.subarray(-65))).toBe(toHex(sm2PublicKey(secret)));
  });
});
