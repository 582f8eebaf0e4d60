import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SMALL_ORDER_ENCODINGS } from '../src/crypto/ed25519-rules.js';
import { ed25519PublicKey, fromHex, isAcceptablePublicKey, nobleCrypto, nobleSigner, toHex } from '../src/index.js';
import { nodeCrypto, nodeSigner } from '../src/node/index.js';
import { expectCode } from './helpers.js';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (b: Uint8Array) => { let n = 0n; for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!); return n; };
const toLe = (n: bigint) => { const out = new Uint8Array(32); for (let i = 0; i < 32; i++) { out[i] = Number(n & 0xffn); n >>= 8n; } return out; };
const both = (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array) => [nobleCrypto.verifyEd25519(sig, msg, pk), nodeCrypto.verifyEd25519(sig, msg, pk)];

describe('the noble and node:crypto providers are interchangeable', () => {
  it('sign identical bytes and agree on valid and tampered signatures (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), fc.nat(), async (sk, msg, flip) => {
        const a = nobleSigner(sk);
        const b = nodeSigner(sk);
        expect(toHex(b.publicKey)).toBe(toHex(a.publicKey));
        const sig = await a.sign(msg);
        expect(toHex(await b.sign(msg))).toBe(toHex(sig));
        expect(both(sig, msg, a.publicKey)).toEqual([true, true]);
        const bad = Uint8Array.from(sig);
        bad[flip % 64]! ^= 1 << (flip % 8);
        expect(both(bad, msg, a.publicKey)).toEqual([false, false]);
        const badKey = Uint8Array.from(a.publicKey);
        badKey[flip % 32]! ^= 1 << (flip % 8);
        const verdicts = both(sig, msg, badKey);
        expect(verdicts[0]).toBe(verdicts[1]);
        expect(verdicts[0]).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('hash identically', () => {
    const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), hash32, hash32, (data, left, right) => {
        expect(toHex(nodeCrypto.sha256(data))).toBe(toHex(nobleCrypto.sha256(data)));
        expect(toHex(nodeCrypto.leafHash(data))).toBe(toHex(nobleCrypto.leafHash(data)));
        expect(toHex(nodeCrypto.nodeHash(left, right))).toBe(toHex(nobleCrypto.nodeHash(left, right)));
        // Plain 32-byte Uint8Arrays like noble's (not Buffers, not views of a shared scratch buffer).
        for (const h of [nodeCrypto.sha256(data), nodeCrypto.hash(data), nodeCrypto.leafHash(data), nodeCrypto.nodeHash(left, right)]) {
          expect(Object.getPrototypeOf(h)).toBe(Uint8Array.prototype);
          expect([h.length, h.byteOffset, h.buffer.byteLength]).toEqual([32, 0, 32]);
        }
      }),
    );
  });
});

describe('strict verification: cases where libraries disagree are refused by both providers', () => {
  const msg = new TextEncoder().encode('溯源');
  const sk = new Uint8Array(32).fill(7);
  const pk = ed25519PublicKey(sk);
  const identity = fromHex('0100000000000000000000000000000000000000000000000000000000000000');
  const sigWith = (r: Uint8Array, s: Uint8Array) => { const out = new Uint8Array(64); out.set(r, 0); out.set(s, 32); return out; };

  it('the small-order list is exactly the 8-torsion subgroup', () => {
    const p8 = ed.Point.fromBytes(SMALL_ORDER_ENCODINGS[4]!, false);
    expect(p8.multiply(8n, false).is0()).toBe(true);
    const subgroup = new Set<string>();
    for (let k = 0n; k < 8n; k++) subgroup.add(toHex(k === 0n ? ed.Point.ZERO.toBytes() : p8.multiply(k, false).toBytes()));
    expect(new Set(SMALL_ORDER_ENCODINGS.map(toHex))).toEqual(subgroup);
    for (const e of SMALL_ORDER_ENCODINGS) expect(isAcceptablePublicKey(e)).toBe(false);
  });

  it('a key\'s acceptance is the same on every call, remembered or not, past the cache\'s limit (property)', () => {
    // The rule itself, without the cache: canonical, not of small order, decodes to a curve point.
    const rule = (k: Uint8Array) => {
      if (SMALL_ORDER_ENCODINGS.some((e) => toHex(e) === toHex(k))) return false;
      if (toHex(k) === '0100000000000000000000000000000000000000000000000000000000000080' || toHex(k) === 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff') return false;
      if ((le(k) & ((1n << 255n) - 1n)) >= 2n ** 255n - 19n) return false;
      try { ed.Point.fromBytes(k, false); return true; } catch { return false; }
    };
    const keys = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }).map((sk) => ed25519PublicKey(sk)), fc.constantFrom(...SMALL_ORDER_ENCODINGS));
    fc.assert(fc.property(fc.array(keys, { minLength: 1, maxLength: 40 }), (ks) => {
      for (const k of [...ks, ...ks]) expect(isAcceptablePublicKey(k)).toBe(rule(k));
    }), { numRuns: 60 });
    // More distinct keys than the cache holds, then the first ones again.
    const many = Array.from({ length: 1100 }, (_, i) => nodeSigner(Uint8Array.from({ length: 32 }, (_, k) => (i * 7 + k) & 255)).publicKey);
    const tampered = many.map((k) => { const t = Uint8Array.from(k); t[0]! ^= 1; return t; });
    for (const k of [...many, ...tampered, ...many.slice(0, 50), ...tampered.slice(0, 50)]) expect(isAcceptablePublicKey(k)).toBe(rule(k));
  });

  it.each([
    ['small-order key, identity R, S = 0 (OpenSSL alone accepts)', sigWith(identity, new Uint8Array(32)), identity],
    ['order-2 key (OpenSSL alone accepts)', sigWith(SMALL_ORDER_ENCODINGS[1]!, new Uint8Array(32)), SMALL_ORDER_ENCODINGS[1]!],
    ['key encoded as negative zero (RFC 8032 decoding refuses; OpenSSL accepts)', sigWith(identity, new Uint8Array(32)), fromHex('0100000000000000000000000000000000000000000000000000000000000080')],
    ['non-canonical key y = p + 1', sigWith(identity, new Uint8Array(32)), fromHex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')],
  ])('%s', (_name, sig, key) => {
    expect(both(sig, msg, key)).toEqual([false, false]);
  });

  it('S + L (a malleated signature) is refused', async () => {
    const sig = await nobleSigner(sk).sign(msg);
    const s = le(sig.subarray(32)) + L;
    expect(both(sigWith(sig.subarray(0, 32), toLe(s)), msg, pk)).toEqual([false, false]);
  });

  it('an R with a small-order component is refused (cofactored verifiers, noble strict among them, accept it)', () => {
    const { scalar: a } = ed.utils.getExtendedPublicKey(sk);
    const r = 12345678901234567890n;
    const T = ed.Point.fromBytes(SMALL_ORDER_ENCODINGS[4]!, false);
    const R = ed.Point.BASE.multiply(r).add(T).toBytes();
    const k = ed.etc.mod(le(sha512.create().update(R).update(pk).update(msg).digest()), L);
    const sig = sigWith(R, toLe(ed.etc.mod(r + k * a, L)));
    expect(ed.verify(sig, msg, pk, { zip215: false })).toBe(true); // noble's own strict mode says yes
    expect(both(sig, msg, pk)).toEqual([false, false]);
    // The same construction without the torsion point is an ordinary valid signature.
    const R0 = ed.Point.BASE.multiply(r).toBytes();
    const k0 = ed.etc.mod(le(sha512.create().update(R0).update(pk).update(msg).digest()), L);
    expect(both(sigWith(R0, toLe(ed.etc.mod(r + k0 * a, L))), msg, pk)).toEqual([true, true]);
  });

  it('wrong lengths are refused, never thrown', () => {
    expect(both(new Uint8Array(63), msg, pk)).toEqual([false, false]);
    expect(both(new Uint8Array(64), msg, pk.subarray(1))).toEqual([false, false]);
  });

  it('secret keys of the wrong size are refused with KEY_INVALID', () => {
    expectCode(() => nobleSigner(new Uint8Array(31)), 'KEY_INVALID');
    expectCode(() => nodeSigner(new Uint8Array(33)), 'KEY_INVALID');
  });

  it('RFC 8032 §7.1 TEST 1 (empty message) signs to the published signature', async () => {
    const secret = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const expected = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
    expect(toHex(ed25519PublicKey(secret))).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(toHex(await nobleSigner(secret).sign(new Uint8Array(0)))).toBe(expected);
    expect(toHex(await nodeSigner(secret).sign(new Uint8Array(0)))).toBe(expected);
  });
});
