import { weierstrass, type WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { utf8 } from '../bytes.js';
import { SuyuanError } from '../errors.js';
import { SM2_PUBLIC_KEY_BYTES, SM2_SECRET_KEY_BYTES, SM2_SIGNATURE_BYTES } from './provider.js';
import { sm3 } from './sm3.js';

/**
 * SM2 signatures (GB/T 32918.2) on the recommended curve sm2p256v1 (GB/T 32918.5), with the
 * point arithmetic of @noble/curves and the standard's own steps written out here, so every
 * strictness rule of FORMAT.md §15 is visible in one place:
 *
 * - e = SM3(Z ‖ M), Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ID the default user id
 *   `1234567812345678` (libraries differ: sm-crypto-v2 signs the raw message unless told
 *   `hash: true`, node:crypto signs without Z);
 * - r, s in [1, n − 1]; t = r + s mod n ≠ 0; [s]G + [t]P not the point at infinity;
 * - public keys 65 bytes 04 ‖ x ‖ y, x and y below p, on the curve (the cofactor is 1, so
 *   every such point has order n; the point at infinity has no 65-byte encoding).
 */

export const SM2_DEFAULT_USER_ID = '1234567812345678';

const p = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const a = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
const b = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const n = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const Gx = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const Gy = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

/** The curve's parameters (GB/T 32918.5), for tests and documentation. */
export const SM2_CURVE = Object.freeze({ p, a, b, n, Gx, Gy });

const Point = weierstrass<bigint>({ p, n, h: 1n, a, b, Gx, Gy });
type Sm2Point = WeierstrassPoint<bigint>;
const G = Point.BASE;

function toBigInt(bytes: Uint8Array, offset: number, length = 32): bigint {
  let v = 0n;
  for (let i = 0; i < length; i++) v = (v << 8n) | BigInt(bytes[offset + i]!);
  return v;
}

function to32Bytes(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}

const CURVE_BYTES = [a, b, Gx, Gy].map(to32Bytes);

/** The 64 bytes r ‖ s, each below n and not zero. */
export function isSm2SignatureInRange(signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== SM2_SIGNATURE_BYTES) return false;
  const r = toBigInt(signature, 0);
  const s = toBigInt(signature, 32);
  return r >= 1n && r < n && s >= 1n && s < n;
}

/** The point a strict 65-byte encoding names, or undefined (compressed, x or y ≥ p, not on the curve). */
function decodePublicKey(publicKey: Uint8Array): Sm2Point | undefined {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== SM2_PUBLIC_KEY_BYTES || publicKey[0] !== 0x04) return undefined;
  const x = toBigInt(publicKey, 1);
  const y = toBigInt(publicKey, 33);
  if (x >= p || y >= p) return undefined;
  // y² = x³ + ax + b (mod p); checked here rather than trusting a library's decoder to refuse.
  if (mod(y * y - (x * x * x + a * x + b), p) !== 0n) return undefined;
  return Point.fromAffine({ x, y });
}

export function isAcceptableSm2PublicKey(publicKey: Uint8Array): boolean {
  return decodePublicKey(publicKey) !== undefined;
}

/** Per key: its point and Z, both costly to derive and the same for every signature of a log. */
interface KeyEntry { point: Sm2Point; z: Uint8Array; uses: number }
/** After this many verifications with one key, its multiples are precomputed (costs about ten verifications, then each is about twice as fast). */
const PRECOMPUTE_AFTER = 8;
const KEY_CACHE_LIMIT = 1024;
const keys = new Map<string, KeyEntry>();

function keyEntry(publicKey: Uint8Array, hash: (d: Uint8Array) => Uint8Array): KeyEntry | undefined {
  let id = '';
  for (let i = 0; i < publicKey.length; i++) id += String.fromCharCode(publicKey[i]!);
  let entry = keys.get(id);
  if (entry === undefined) {
    const point = decodePublicKey(publicKey);
    if (point === undefined) return undefined;
    entry = { point, z: sm2Z(publicKey, SM2_DEFAULT_USER_ID, hash), uses: 0 };
    if (keys.size >= KEY_CACHE_LIMIT) keys.delete(keys.keys().next().value!);
    keys.set(id, entry);
  }
  return entry;
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ENTL the id's length in bits (2 bytes, big-endian). */
export function sm2Z(publicKey: Uint8Array, userId: string | Uint8Array = SM2_DEFAULT_USER_ID, hash: (d: Uint8Array) => Uint8Array = sm3): Uint8Array {
  const id = typeof userId === 'string' ? utf8(userId) : userId;
  if (id.length > 0x1fff) throw new SuyuanError('ARGUMENT_INVALID', 'an SM2 user id is at most 8191 bytes');
  const bits = id.length * 8;
  const buf = new Uint8Array(2 + id.length + 4 * 32 + 64);
  buf[0] = bits >>> 8;
  buf[1] = bits & 0xff;
  buf.set(id, 2);
  let o = 2 + id.length;
  for (const c of CURVE_BYTES) { buf.set(c, o); o += 32; }
  buf.set(publicKey.subarray(1, 65), o);
  return hash(buf);
}

function digest(z: Uint8Array, message: Uint8Array, hash: (d: Uint8Array) => Uint8Array): bigint {
  const buf = new Uint8Array(z.length + message.length);
  buf.set(z, 0);
  buf.set(message, z.length);
  return toBigInt(hash(buf), 0);
}

/**
 * Strict SM2 verification with the default user id (GB/T 32918.2 §7.1, FORMAT.md §15);
 * never throws. `hash` is SM3 from whichever implementation the provider uses.
 */
export function verifySm2(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, hash: (d: Uint8Array) => Uint8Array = sm3): boolean {
  if (!isSm2SignatureInRange(signature)) return false;
  try {
    const key = keyEntry(publicKey, hash);
    if (key === undefined) return false;
    const r = toBigInt(signature, 0);
    const s = toBigInt(signature, 32);
    const t = (r + s) % n;
    if (t === 0n) return false;
    const e = digest(key.z, message, hash);
    if (++key.uses === PRECOMPUTE_AFTER) key.point.precompute(6, false);
    // Two wNAF multiplications on precomputed tables beat one Strauss–Shamir pass without them.
    const sum = G.multiplyUnsafe(s).add(key.point.multiplyUnsafe(t));
    if (sum.is0()) return false;
    return (e + sum.x) % n === r;
  } catch {
    return false;
  }
}

/** d as a number, after checking it is a usable SM2 secret key: 32 bytes, 1 ≤ d ≤ n − 2. */
function secretScalar(secretKey: Uint8Array): bigint {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== SM2_SECRET_KEY_BYTES) {
    throw new SuyuanError('KEY_INVALID', `an SM2 secret key is ${SM2_SECRET_KEY_BYTES} bytes`);
  }
  const d = toBigInt(secretKey, 0);
  // d = n − 1 would make 1 + d non-invertible (GB/T 32918.1 §6.1 asks for d in [1, n − 2]).
  if (d < 1n || d > n - 2n) throw new SuyuanError('KEY_INVALID', 'an SM2 secret key is a number in [1, n − 2]');
  return d;
}

export function sm2PublicKey(secretKey: Uint8Array): Uint8Array {
  return G.multiply(secretScalar(secretKey)).toBytes(false);
}

/** A uniformly random scalar in [1, max] (48 random bytes reduced: bias below 2^-128). */
function randomScalar(max: bigint): bigint {
  return mod(toBigInt(randomBytes(48), 0, 48), max) + 1n;
}

/** A fresh random SM2 secret key (d in [1, n − 2], 32 bytes big-endian). */
export function generateSm2SecretKey(): Uint8Array {
  return to32Bytes(randomScalar(n - 2n));
}

/**
 * SM2 signature r ‖ s over `message` with the default user id (GB/T 32918.2 §6.1). `k` is for
 * the standard's worked example only: a fixed k used twice reveals the key.
 */
export function signSm2(secretKey: Uint8Array, message: Uint8Array, options: { k?: bigint; publicKey?: Uint8Array } = {}): Uint8Array {
  const d = secretScalar(secretKey);
  const publicKey = options.publicKey ?? G.multiply(d).toBytes(false);
  const e = digest(sm2Z(publicKey), message, sm3);
  const dInv = invert(1n + d, n);
  for (;;) {
    const k = options.k ?? randomScalar(n - 1n);
    if (k < 1n || k >= n) throw new SuyuanError('ARGUMENT_INVALID', 'k is in [1, n − 1]');
    const r = mod(e + G.multiply(k).x, n);
    const s = mod(dInv * (k - r * d), n);
    if (r !== 0n && r + k !== n && s !== 0n) {
      const out = new Uint8Array(SM2_SIGNATURE_BYTES);
      out.set(to32Bytes(r), 0);
      out.set(to32Bytes(s), 32);
      return out;
    }
    if (options.k !== undefined) throw new SuyuanError('ARGUMENT_INVALID', 'this k gives no signature; the standard asks for another');
  }
}
