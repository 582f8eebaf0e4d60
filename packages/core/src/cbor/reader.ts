import { compareRanges } from '../bytes.js';
import { SuyuanError, type ErrorCode } from '../errors.js';
import { checkUtf8, decodeUtf8 } from './utf8.js';
import { DEFAULT_LIMITS, type CborLimits, type CborMap, type CborValue } from './value.js';

export const MAJOR_UINT = 0;
export const MAJOR_NINT = 1;
export const MAJOR_BYTES = 2;
export const MAJOR_TEXT = 3;
export const MAJOR_ARRAY = 4;
export const MAJOR_MAP = 5;
export const MAJOR_TAG = 6;
export const MAJOR_SIMPLE = 7;

const TWO_32 = 0x1_0000_0000;

/** Map keys up to this length are cached by their bytes (see `keyText`); 256 slots, module-wide. */
const KEY_CACHE_MAX_BYTES = 32;
const KEY_CACHE_SLOTS = 256;
const keyBytes: (Uint8Array | undefined)[] = new Array(KEY_CACHE_SLOTS).fill(undefined);
const keyStrings: (string | undefined)[] = new Array(KEY_CACHE_SLOTS).fill(undefined);

/**
 * A strict cursor over canonical CBOR. Every head is checked as it is read: shortest form,
 * definite length, no reserved values; strings are checked for length and UTF-8; map keys
 * for type, order and uniqueness. So reading an item *is* the canonicity check: an input is
 * accepted only if it is exactly the canonical encoding of what it decodes to, without
 * re-encoding it.
 */
export class CborReader {
  pos: number;
  /** Major type of the last head read. */
  major = 0;
  /** Argument of the last head read when it is a safe integer; -1 when it is larger. */
  arg = 0;
  /** Argument of the last head read as a bigint when `arg` is -1. */
  bigArg = 0n;

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    readonly end = bytes.length,
    readonly limits: Readonly<CborLimits> = DEFAULT_LIMITS,
  ) {
    this.pos = pos;
  }

  fail(code: ErrorCode, detail: string, at = this.pos): never {
    throw new SuyuanError(code, detail, { offset: at });
  }

  /** Major type of the next head without consuming it. */
  peekMajor(): number {
    if (this.pos >= this.end) this.fail('CBOR_TRUNCATED', 'input ends where an item was expected');
    return this.bytes[this.pos]! >> 5;
  }

  /**
   * Reads one head. What the initial byte alone decides comes first (FORMAT.md §1.2): reserved
   * additional information, indefinite length, tags, then the simple values (floats, undefined,
   * other simple values); only then are the argument bytes read (truncation, then shortest form).
   */
  head(): void {
    // Most heads have a major type of 0–5 and an argument in the initial byte or the one after
    // (32-byte hashes, short strings): the checks those need are made here; the rest below.
    const start = this.pos;
    if (start < this.end) {
      const b = this.bytes;
      const ib = b[start]!;
      if (ib < 0xc0) {
        const info = ib & 31;
        if (info < 24) {
          this.major = ib >> 5;
          this.arg = info;
          this.pos = start + 1;
          return;
        }
        if (info === 24 && start + 1 < this.end && b[start + 1]! >= 24) {
          this.major = ib >> 5;
          this.arg = b[start + 1]!;
          this.pos = start + 2;
          return;
        }
      }
    }
    this.fullHead(start);
  }

  /** Every head, checked step by step; `head` takes the common cases first (tests compare the two). */
  protected fullHead(start: number): void {
    const b = this.bytes;
    if (start >= this.end) this.fail('CBOR_TRUNCATED', 'input ends where an item was expected');
    const ib = b[start]!;
    const major = ib >> 5;
    const info = ib & 31;
    this.major = major;
    if (info >= 28) {
      if (info === 31) this.fail('CBOR_INDEFINITE_LENGTH', major === MAJOR_SIMPLE ? 'break code outside an indefinite-length item' : 'indefinite lengths are not allowed', start);
      this.fail('CBOR_RESERVED_INFO', `reserved additional information ${info}`, start);
    }
    if (major === MAJOR_TAG) this.fail('CBOR_TAG', 'tags are not allowed', start);
    if (major === MAJOR_SIMPLE) {
      if (info >= 25) this.fail('CBOR_FLOAT', 'floating-point values are not allowed', start);
      if (info === 24) this.fail('CBOR_SIMPLE_VALUE', 'two-byte simple values are not allowed', start);
      if (info === 23) this.fail('CBOR_UNDEFINED', 'undefined is not allowed', start);
      if (info < 20) this.fail('CBOR_SIMPLE_VALUE', `simple value ${info} is not allowed`, start);
    }
    let p = start + 1;
    if (info < 24) {
      this.arg = info;
    } else if (info === 24) {
      if (p + 1 > this.end) this.fail('CBOR_TRUNCATED', 'head argument cut short', start);
      const v = b[p]!;
      if (v < 24) this.fail('CBOR_NON_SHORTEST', `argument ${v} fits in the initial byte`, start);
      this.arg = v;
      p += 1;
    } else if (info === 25) {
      if (p + 2 > this.end) this.fail('CBOR_TRUNCATED', 'head argument cut short', start);
      const v = (b[p]! << 8) | b[p + 1]!;
      if (v < 0x100) this.fail('CBOR_NON_SHORTEST', `argument ${v} fits in one byte`, start);
      this.arg = v;
      p += 2;
    } else if (info === 26) {
      if (p + 4 > this.end) this.fail('CBOR_TRUNCATED', 'head argument cut short', start);
      const v = b[p]! * 0x100_0000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
      if (v < 0x1_0000) this.fail('CBOR_NON_SHORTEST', `argument ${v} fits in two bytes`, start);
      this.arg = v;
      p += 4;
    } else {
      if (p + 8 > this.end) this.fail('CBOR_TRUNCATED', 'head argument cut short', start);
      const hi = b[p]! * 0x100_0000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
      const lo = b[p + 4]! * 0x100_0000 + ((b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!);
      if (hi === 0) this.fail('CBOR_NON_SHORTEST', `argument ${lo} fits in four bytes`, start);
      if (hi < 0x20_0000) {
        this.arg = hi * TWO_32 + lo;
      } else {
        this.arg = -1;
        this.bigArg = (BigInt(hi) << 32n) | BigInt(lo);
      }
      p += 8;
    }
    this.pos = p;
  }

  /** After a string head: checks the length against the input and the limit. */
  private stringLength(start: number): number {
    const len = this.arg;
    if (len < 0 || len > this.limits.maxItemBytes) this.fail('CBOR_TOO_LARGE', 'string longer than the item limit', start);
    if (this.pos + len > this.end) this.fail('CBOR_TRUNCATED', `string of ${len} bytes runs past the end`, start);
    return len;
  }

  /** After an array or map head: each element takes at least one byte, so a count larger than what is left is truncated input. */
  private containerCount(start: number, perEntry: number): number {
    const n = this.arg;
    if (n < 0 || n * perEntry > this.end - this.pos) this.fail('CBOR_TRUNCATED', `${n} entries cannot fit in what is left`, start);
    return n;
  }

  readBytes(): Uint8Array {
    const start = this.pos;
    this.head();
    if (this.major !== MAJOR_BYTES) this.fail('CBOR_UNSUPPORTED_VALUE', 'expected a byte string', start);
    const len = this.stringLength(start);
    const out = this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  readText(): string {
    const start = this.pos;
    this.head();
    if (this.major !== MAJOR_TEXT) this.fail('CBOR_UNSUPPORTED_VALUE', 'expected a text string', start);
    return this.textBody(start);
  }

  private textBody(start: number): string {
    const len = this.stringLength(start);
    const p = this.pos;
    const kind = checkUtf8(this.bytes, p, p + len);
    if (kind === 0) this.fail('CBOR_INVALID_UTF8', 'text string is not valid UTF-8', start);
    this.pos = p + len;
    return decodeUtf8(this.bytes, p, p + len, kind === 1);
  }

  /**
   * A map key's text: bodies repeat a handful of keys, so the strings of short keys are
   * remembered by their bytes (a direct-mapped cache); a hit skips the UTF-8 check (the
   * bytes were checked when cached) and building the string.
   */
  private keyText(start: number): string {
    const len = this.stringLength(start);
    if (len > KEY_CACHE_MAX_BYTES) return this.textBody(start);
    const b = this.bytes;
    const p = this.pos;
    let h = len;
    for (let i = 0; i < len; i++) h = (Math.imul(h, 31) + b[p + i]!) | 0;
    const slot = h & (KEY_CACHE_SLOTS - 1);
    const kb = keyBytes[slot];
    if (kb !== undefined && kb.length === len) {
      let i = 0;
      while (i < len && kb[i] === b[p + i]) i++;
      if (i === len) {
        this.pos = p + len;
        return keyStrings[slot]!;
      }
    }
    const key = this.textBody(start);
    keyBytes[slot] = b.slice(p, p + len);
    keyStrings[slot] = key;
    return key;
  }

  /**
   * Reads one whole item at nesting `depth` (0 for a top-level item). With `build` false the
   * item is only checked, which is cheaper: nothing is allocated.
   */
  readItem(depth: number, build: boolean): CborValue | undefined {
    const start = this.pos;
    this.head();
    switch (this.major) {
      case MAJOR_UINT:
        return build ? (this.arg >= 0 ? this.arg : this.bigArg) : undefined;
      case MAJOR_NINT:
        // -2^64 is valid CBOR but outside the profile: cbor-x cannot encode it without a tag.
        if (this.arg === -1 && this.bigArg === 0xffff_ffff_ffff_ffffn) this.fail('CBOR_INT_RANGE', '-2^64 is outside the profile', start);
        if (!build) return undefined;
        return this.arg >= 0 && this.arg < Number.MAX_SAFE_INTEGER ? -1 - this.arg : -1n - (this.arg >= 0 ? BigInt(this.arg) : this.bigArg);
      case MAJOR_BYTES: {
        const len = this.stringLength(start);
        const out = build ? this.bytes.subarray(this.pos, this.pos + len) : undefined;
        this.pos += len;
        return out;
      }
      case MAJOR_TEXT: {
        if (build) return this.textBody(start);
        const len = this.stringLength(start);
        if (checkUtf8(this.bytes, this.pos, this.pos + len) === 0) this.fail('CBOR_INVALID_UTF8', 'text string is not valid UTF-8', start);
        this.pos += len;
        return undefined;
      }
      case MAJOR_ARRAY: {
        if (depth >= this.limits.maxDepth) this.fail('CBOR_TOO_DEEP', `nesting deeper than ${this.limits.maxDepth}`, start);
        const n = this.containerCount(start, 1);
        if (!build) {
          for (let i = 0; i < n; i++) this.readItem(depth + 1, false);
          return undefined;
        }
        const out: CborValue[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.readItem(depth + 1, true)!;
        return out;
      }
      case MAJOR_MAP:
        if (depth >= this.limits.maxDepth) this.fail('CBOR_TOO_DEEP', `nesting deeper than ${this.limits.maxDepth}`, start);
        return this.mapBody(start, depth, build);
      default: {
        // MAJOR_SIMPLE: head() let only false (20), true (21) and null (22) through.
        const info = this.bytes[start]! & 31;
        return build ? (info === 22 ? null : info === 21) : undefined;
      }
    }
  }

  private mapBody(start: number, depth: number, build: boolean): CborMap | undefined {
    const n = this.containerCount(start, 2);
    const out: CborMap | undefined = build ? {} : undefined;
    let prevStart = -1;
    let prevEnd = -1;
    for (let i = 0; i < n; i++) {
      const keyStart = this.pos;
      if (this.peekMajor() !== MAJOR_TEXT) this.fail('CBOR_MAP_KEY_TYPE', 'map keys must be text strings', keyStart);
      this.head();
      // When only checking, the key is validated as UTF-8 but not turned into a string.
      let key: string | undefined;
      if (build) key = this.keyText(keyStart);
      else {
        const len = this.stringLength(keyStart);
        if (checkUtf8(this.bytes, this.pos, this.pos + len) === 0) this.fail('CBOR_INVALID_UTF8', 'text string is not valid UTF-8', keyStart);
        this.pos += len;
      }
      const keyEnd = this.pos;
      if (prevStart >= 0) {
        const c = compareRanges(this.bytes, prevStart, prevEnd, this.bytes, keyStart, keyEnd);
        if (c >= 0) {
          const name = key ?? new TextDecoder().decode(this.bytes.subarray(keyEnd - this.arg, keyEnd));
          this.fail(c === 0 ? 'CBOR_DUPLICATE_KEY' : 'CBOR_MAP_KEY_ORDER', `map key "${name}" is ${c === 0 ? 'a duplicate' : 'out of canonical order'}`, keyStart);
        }
      }
      prevStart = keyStart;
      prevEnd = keyEnd;
      const value = this.readItem(depth + 1, build);
      if (out !== undefined && key !== undefined) {
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value!;
      }
    }
    return out;
  }
}
