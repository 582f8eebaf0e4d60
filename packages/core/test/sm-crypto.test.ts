import fc from 'fast-check';
import { sm2 as smV2, sm3 as sm3V2 } from 'sm-crypto-v2';
import { sm2 as smV1 } from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import {
  SM2_CURVE, fromHex, generateSm2SecretKey, isAcceptableSm2PublicKey, nobleCrypto, signSm2, sm2PublicKey, sm2Signer,
  sm2Sm3Crypto, sm2Z, sm3, suiteCrypto, toHex, verifySm2,
} from '../src/index.js';
import { nodeCrypto, nodeSm2Sm3Crypto, nodeSm3 } from '../src/node/index.js';
import { expectCode } from './helpers.js';

const providers = [sm2Sm3Crypto, nodeSm2Sm3Crypto];
const utf8ForTests = (s: string) => new TextEncoder().encode(s);
const { n, p, a, b } = SM2_CURVE;

// GM/T 0003.5-2012 (GB/T 32918.5-2017) worked example on the recommended curve sm2p256v1:
// the message "message digest", the default user id, a fixed k; with the intermediate Z and e.
const EXAMPLE = {
  d: fromHex('3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8'),
  publicKey: fromHex('04' + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13'),
  message: utf8ForTests('message digest'),
  k: 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n,
  z: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  e: 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
  signature: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3' + 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

function bigHex(v: bigint): string {
  return v.toString(16).padStart(64, '0');
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  base %= m;
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % m;
    base = (base * base) % m;
    exp >>= 1n;
  }
  return r;
}

const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => {
  const d = BigInt('0x' + toHex(k));
  return d >= 1n && d <= n - 2n;
});

describe('SM3 (GB/T 32905-2016)', () => {
  it('gives the standard examples, portable and node:crypto alike', () => {
    for (const h of [sm3, nodeSm3]) {
      expect(toHex(h(utf8ForTests('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
      expect(toHex(h(utf8ForTests('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
    }
  });

  it('portable SM3 equals node:crypto\'s at every length around the block and padding boundaries', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let len = 0; len <= 300; len++) expect(toHex(sm3(data.subarray(0, len))), `length ${len}`).toBe(toHex(nodeSm3(data.subarray(0, len))));
  });

  it('leaf and node hashes are SM3 with the RFC 9162 prefixes, the same bytes from both providers', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (entry, right) => {
      const leaf = toHex(sm3(Uint8Array.from([0, ...entry])));
      const node = toHex(sm3(Uint8Array.from([1, ...right, ...right])));
      for (const c of providers) {
        expect(toHex(c.hash(entry))).toBe(sm3V2(entry));
        expect(toHex(c.leafHash(entry))).toBe(leaf);
        expect(toHex(c.nodeHash(right, right))).toBe(node);
      }
      expect(leaf).not.toBe(toHex(nobleCrypto.leafHash(entry)));
    }), { numRuns: 200 });
  });
});

describe('SM2 signatures (GB/T 32918.2, default user id)', () => {
  it('reproduce the GM/T 0003.5 worked example: key, Z, e and, with its k, r and s', () => {
    expect(toHex(sm2PublicKey(EXAMPLE.d))).toBe(toHex(EXAMPLE.publicKey));
    expect(toHex(sm2Z(EXAMPLE.publicKey))).toBe(EXAMPLE.z);
    expect(toHex(sm3(Uint8Array.from([...fromHex(EXAMPLE.z), ...EXAMPLE.message])))).toBe(EXAMPLE.e);
    expect(toHex(signSm2(EXAMPLE.d, EXAMPLE.message, { k: EXAMPLE.k }))).toBe(EXAMPLE.signature);
    for (const c of providers) expect(c.verify(fromHex(EXAMPLE.signature), EXAMPLE.message, EXAMPLE.publicKey)).toBe(true);
  });

  it('sign with the user id in Z: the other libraries agree only when told to hash with it', () => {
    const sig = EXAMPLE.signature;
    const pk = toHex(EXAMPLE.publicKey);
    expect(smV2.doVerifySignature(EXAMPLE.message, sig, pk, { hash: true, userId: '1234567812345678' })).toBe(true);
    // sm-crypto-v2's default (hash: false) would check the raw message as the digest.
    expect(smV2.doVerifySignature(EXAMPLE.message, sig, pk)).toBe(false);
    expect(smV1.doVerifySignature(Array.from(EXAMPLE.message), sig, pk, { hash: true })).toBe(true);
  });

  it('the curve is sm2p256v1 as sm-crypto-v2 has it (same public key for any secret key)', () => {
    fc.assert(fc.property(keyArb, (sk) => {
      expect(toHex(sm2PublicKey(sk))).toBe(smV2.getPublicKeyFromPrivateKey(toHex(sk)));
    }), { numRuns: 20 });
  });

  it('cross-check: our signatures verify in sm-crypto-v2 and sm-crypto, theirs in both our providers', () => {
    fc.assert(fc.property(keyArb, fc.uint8Array({ maxLength: 200 }), (sk, msg) => {
      const pk = toHex(sm2PublicKey(sk));
      const ours = toHex(signSm2(sk, msg));
      expect(smV2.doVerifySignature(msg, ours, pk, { hash: true, userId: '1234567812345678' })).toBe(true);
      expect(smV1.doVerifySignature(Array.from(msg), ours, pk, { hash: true, userId: '1234567812345678' })).toBe(true);
      const theirs = [
        smV2.doSignature(msg, toHex(sk), { hash: true, userId: '1234567812345678' }),
        smV1.doSignature(Array.from(msg), toHex(sk), { hash: true, userId: '1234567812345678' }),
      ];
      for (const sig of theirs) {
        for (const c of providers) expect(c.verify(fromHex(sig), msg, fromHex(pk))).toBe(true);
      }
    }), { numRuns: 12 });
  });

  it('both providers give the same verdict on valid and altered signatures, messages and keys', async () => {
    const signer = sm2Signer(fromHex('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20'));
    const other = sm2PublicKey(EXAMPLE.d);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 120 }), fc.nat(63), fc.integer({ min: 1, max: 255 }), async (msg, at, x) => {
      const sig = await signer.sign(msg);
      const flipped = Uint8Array.from(sig);
      flipped[at] = flipped[at]! ^ x;
      const cases: [Uint8Array, Uint8Array, Uint8Array, boolean][] = [
        [sig, msg, signer.publicKey, true],
        [flipped, msg, signer.publicKey, false],
        [sig, Uint8Array.from([...msg, 0]), signer.publicKey, false],
        [sig, msg, other, false],
      ];
      for (const [s, m, k, want] of cases) {
        expect(sm2Sm3Crypto.verify(s, m, k)).toBe(want);
        expect(nodeSm2Sm3Crypto.verify(s, m, k)).toBe(want);
      }
    }), { numRuns: 15 });
  });

  it('a fresh random k each time: two signatures of one message differ and both verify', () => {
    const s1 = signSm2(EXAMPLE.d, EXAMPLE.message);
    const s2 = signSm2(EXAMPLE.d, EXAMPLE.message);
    expect(toHex(s1)).not.toBe(toHex(s2));
    for (const s of [s1, s2]) expect(verifySm2(s, EXAMPLE.message, EXAMPLE.publicKey)).toBe(true);
  });

  it('generated secret keys are in [1, n − 2] and usable', async () => {
    const sk = generateSm2SecretKey();
    expect(sk.length).toBe(32);
    const signer = sm2Signer(sk);
    expect(signer.suite).toBe('sm2-sm3');
    expect(sm2Sm3Crypto.verify(await signer.sign(EXAMPLE.message), EXAMPLE.message, signer.publicKey)).toBe(true);
  });
});

describe('SM2 strictness (FORMAT.md §15)', () => {
  const sig = fromHex(EXAMPLE.signature);
  const r = BigInt('0x' + EXAMPLE.signature.slice(0, 64));
  const s = BigInt('0x' + EXAMPLE.signature.slice(64));
  const withRS = (rr: bigint, ss: bigint) => fromHex(bigHex(rr) + bigHex(ss));
  const refuse = (signature: Uint8Array, publicKey = EXAMPLE.publicKey, message = EXAMPLE.message) => {
    for (const c of providers) expect(c.verify(signature, message, publicKey)).toBe(false);
  };

  it('r or s outside [1, n − 1] is refused', () => {
    refuse(withRS(0n, s));
    refuse(withRS(r, 0n));
    refuse(withRS(n, s));
    refuse(withRS(r, n));
    refuse(withRS(2n ** 256n - 1n, s));
    refuse(withRS(r, 2n ** 256n - 1n));
  });

  it('a signature that is not exactly 64 bytes is refused', () => {
    refuse(sig.subarray(0, 63));
    refuse(Uint8Array.from([...sig, 0]));
    refuse(Uint8Array.from([0, ...sig]));
    refuse(new Uint8Array(0));
  });

  it('t = r + s ≡ 0 (mod n) is refused', () => {
    refuse(withRS(r, n - r));
  });

  it('[s]G + [t]P at infinity is refused, even when r = e mod n would pass the final comparison', () => {
    const d = BigInt('0x' + toHex(EXAMPLE.d));
    const e = BigInt('0x' + EXAMPLE.e) % n;
    // s + (e + s)·d ≡ 0  ⇔  s ≡ −e·d / (1 + d) (mod n)
    const inv = modPow(1n + d, n - 2n, n);
    const s0 = (((n - e) * d) % n * inv) % n;
    refuse(withRS(e, s0));
    // Why the rule is ours: sm-crypto-v2 takes the point at infinity's x as 0 and accepts this.
    expect(smV2.doVerifySignature(EXAMPLE.message, bigHex(e) + bigHex(s0), toHex(EXAMPLE.publicKey), { hash: true })).toBe(true);
  });

  it('public keys: only 65-byte uncompressed points on the curve with x, y < p', () => {
    const pk = EXAMPLE.publicKey;
    const compressed = Uint8Array.from([2 + (pk[64]! & 1), ...pk.subarray(1, 33)]);
    const hybrid = Uint8Array.from([6 + (pk[64]! & 1), ...pk.subarray(1)]);
    const offCurve = Uint8Array.from(pk); offCurve[64] = offCurve[64]! ^ 1;
    // A point with a small x, so that x + p still fits in 32 bytes: its x ≥ p encoding is refused.
    let x = 1n;
    let y = 0n;
    for (;; x++) {
      const c = (((x * x * x + a * x + b) % p) + p) % p;
      y = modPow(c, (p + 1n) / 4n, p);
      if ((y * y) % p === c) break;
    }
    const canonical = fromHex('04' + bigHex(x) + bigHex(y));
    const xPlusP = fromHex('04' + bigHex(x + p) + bigHex(y));
    expect(isAcceptableSm2PublicKey(canonical)).toBe(true);
    const bad = [
      compressed, hybrid, offCurve, xPlusP,
      Uint8Array.of(0), // the point at infinity's SEC 1 encoding
      new Uint8Array(65), // no prefix, all zero
      Uint8Array.from([4, ...new Uint8Array(64)]), // (0, 0) is not on the curve
      pk.subarray(1), // x ‖ y without the 04
      Uint8Array.from([...pk, 0]),
      fromHex('04' + bigHex(p) + bigHex(y)),
    ];
    for (const k of bad) {
      expect(isAcceptableSm2PublicKey(k)).toBe(false);
      for (const c of providers) expect(c.isAcceptablePublicKey(k)).toBe(false);
      refuse(sig, k);
    }
    for (const c of providers) expect(c.isAcceptablePublicKey(pk)).toBe(true);
  });

  it('secret keys: 32 bytes, d in [1, n − 2], else KEY_INVALID', () => {
    expectCode(() => sm2PublicKey(new Uint8Array(31)), 'KEY_INVALID');
    expectCode(() => sm2PublicKey(new Uint8Array(32)), 'KEY_INVALID');
    expectCode(() => sm2PublicKey(fromHex(bigHex(n - 1n))), 'KEY_INVALID');
    expectCode(() => sm2PublicKey(fromHex(bigHex(n))), 'KEY_INVALID');
    expectCode(() => sm2Signer(new Uint8Array(33)), 'KEY_INVALID');
    expect(sm2PublicKey(fromHex(bigHex(n - 2n))).length).toBe(65);
  });

  it('never throws on garbage', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), fc.uint8Array({ maxLength: 70 }), (s1, k1) => {
      for (const c of providers) expect(c.verify(s1, EXAMPLE.message, k1)).toBe(false);
    }), { numRuns: 200 });
  });

  it('an Ed25519 signature or key never passes as SM2, nor the reverse', async () => {
    const ed = await import('../src/index.js').then((m) => m.nobleSigner(new Uint8Array(32).fill(7)));
    const edSig = await ed.sign(EXAMPLE.message);
    refuse(edSig);
    refuse(edSig, ed.publicKey);
    expect(nodeCrypto.verify(sig, EXAMPLE.message, EXAMPLE.publicKey)).toBe(false);
    expect(nobleCrypto.verify(sig, EXAMPLE.message, EXAMPLE.publicKey)).toBe(false);
  });
});

describe('suiteCrypto', () => {
  it('picks the family member for the suite, portable by default', () => {
    expect(suiteCrypto('ed25519-sha256')).toBe(nobleCrypto);
    expect(suiteCrypto('sm2-sm3')).toBe(sm2Sm3Crypto);
    expect(suiteCrypto('ed25519-sha256', nodeCrypto)).toBe(nodeCrypto);
    expect(suiteCrypto('sm2-sm3', nodeCrypto)).toBe(nodeSm2Sm3Crypto);
    expect(suiteCrypto('sm2-sm3', nodeSm2Sm3Crypto)).toBe(nodeSm2Sm3Crypto);
    expect(suiteCrypto('ed25519-sha256', nodeSm2Sm3Crypto)).toBe(nobleCrypto);
    // A wrapper around an Ed25519 provider is used as such; its SM siblings carry over.
    const wrapped = { ...nodeCrypto, name: 'wrapped' };
    expect(suiteCrypto('ed25519-sha256', wrapped)).toBe(wrapped);
    expect(suiteCrypto('sm2-sm3', wrapped)).toBe(nodeSm2Sm3Crypto);
  });
});
