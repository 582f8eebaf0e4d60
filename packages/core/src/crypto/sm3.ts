import { HashMD } from '@noble/hashes/_md.js';
import { clean, createHasher } from '@noble/hashes/utils.js';

/**
 * Portable SM3 (GB/T 32905-2016), on @noble/hashes' Merkle–Damgård base (the padding and
 * block handling SHA-256 uses), so only the compression function below is ours. Tests hold
 * it to the standard's examples, to node:crypto's SM3 (OpenSSL) on random inputs and to
 * sm-crypto-v2's. (sm-crypto-v2 itself would double core's browser bundle: it brings a second
 * @noble/curves, SM4 and a hex API.) node:crypto's SM3 replaces this where it exists.
 */

const IV = Uint32Array.from([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e]);

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

/** T_j <<< (j mod 32), for the 64 rounds (T_j = 79cc4519 for j < 16, 7a879d8a after). */
const TJ = Uint32Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32) >>> 0);

/** The expanded message W_0 … W_67 (W'_j = W_j ^ W_{j+4} is computed in the round). */
const W = new Uint32Array(68);

class SM3 extends HashMD<SM3> {
  // Numeric initialisers keep V8's fields as small integers (as @noble/hashes' SHA-256 does).
  private A = 0;
  private B = 0;
  private C = 0;
  private D = 0;
  private E = 0;
  private F = 0;
  private G = 0;
  private H = 0;

  constructor() {
    super(64, 32, 8, false);
    this.set(IV[0]!, IV[1]!, IV[2]!, IV[3]!, IV[4]!, IV[5]!, IV[6]!, IV[7]!);
  }

  protected get(): number[] {
    return [this.A, this.B, this.C, this.D, this.E, this.F, this.G, this.H];
  }

  protected set(A: number, B: number, C: number, D: number, E: number, F: number, G: number, H: number): void {
    this.A = A | 0; this.B = B | 0; this.C = C | 0; this.D = D | 0;
    this.E = E | 0; this.F = F | 0; this.G = G | 0; this.H = H | 0;
  }

  _cloneInto(to?: SM3): SM3 {
    const t = to ?? new SM3();
    t.set(this.A, this.B, this.C, this.D, this.E, this.F, this.G, this.H);
    return this._cloneIntoMeta(t);
  }

  /** GB/T 32905 §5.3: message expansion, then 64 rounds of CF. */
  protected process(view: DataView, offset: number): void {
    for (let i = 0; i < 16; i++, offset += 4) W[i] = view.getUint32(offset, false);
    for (let j = 16; j < 68; j++) {
      const x = W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15);
      W[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]!;
    }
    let { A, B, C, D, E, F, G, H } = this;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(A, 12);
      const ss1 = rotl((a12 + E + TJ[j]!) | 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? A ^ B ^ C : (A & B) | (A & C) | (B & C);
      const gg = j < 16 ? E ^ F ^ G : (E & F) | (~E & G);
      const tt1 = (ff + D + ss2 + (W[j]! ^ W[j + 4]!)) | 0;
      const tt2 = (gg + H + ss1 + W[j]!) | 0;
      D = C;
      C = rotl(B, 9);
      B = A;
      A = tt1;
      H = G;
      G = rotl(F, 19);
      F = E;
      E = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
    }
    this.set(A ^ this.A, B ^ this.B, C ^ this.C, D ^ this.D, E ^ this.E, F ^ this.F, G ^ this.G, H ^ this.H);
  }

  protected roundClean(): void {
    clean(W);
  }

  destroy(): void {
    this.destroyed = true;
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
}

const sm3Hasher = createHasher(() => new SM3());

/** SM3 of `data` (32 bytes). */
export function sm3(data: Uint8Array): Uint8Array {
  return sm3Hasher(data);
}

let scratch = new Uint8Array(1024);

/** H(prefix ‖ a ‖ b) through one scratch buffer, so leaf and node hashes allocate one result only. */
export function prefixedHash(hash: (data: Uint8Array) => Uint8Array, prefix: number, a: Uint8Array, b?: Uint8Array): Uint8Array {
  const len = 1 + a.length + (b?.length ?? 0);
  if (len > scratch.length) scratch = new Uint8Array(Math.max(len, scratch.length * 2));
  scratch[0] = prefix;
  scratch.set(a, 1);
  if (b !== undefined) scratch.set(b, 1 + a.length);
  return hash(scratch.subarray(0, len));
}
