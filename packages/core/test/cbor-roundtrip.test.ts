import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, fromHex, toHex, type CborValue } from '../src/index.js';
import { expectCode } from './helpers.js';

/** Values the profile can carry, including integers around every head-size boundary. */
const boundaryInts = fc.constantFrom(
  0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1,
  -1, -24, -25, -256, -257, -65536, -65537, -(2 ** 32), -(2 ** 32) - 1, -(2 ** 53 - 1),
);
const bigInts = fc.bigInt({ min: -(2n ** 64n) + 1n, max: 2n ** 64n - 1n });
const leaf: fc.Arbitrary<CborValue> = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  boundaryInts,
  bigInts,
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.uint8Array({ maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<CborValue> = fc.letrec<{ v: CborValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', '10', '2', 'b', 'aa')), tie('v'), { maxKeys: 6 }),
  ),
})).v;

/** The value a decode gives back: bigints that are safe integers come back as numbers. */
function normalised(v: CborValue): CborValue {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (Array.isArray(v)) return v.map(normalised);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, CborValue> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: normalised(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

describe('canonical encoding', () => {
  it('decode(encode(v)) gives v back, and the bytes are the only canonical encoding of it', () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encode(v);
        const back = decode(bytes); // strict: throws unless bytes are canonical
        expect(normalised(back)).toEqual(normalised(v));
        expect(toHex(encode(back))).toBe(toHex(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes the same map identically whatever the insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer(), { maxKeys: 12 }), (d) => {
        const entries = Object.entries(d);
        const reversed = new Map(entries.reverse());
        expect(toHex(encode(reversed))).toBe(toHex(encode(d)));
      }),
    );
  });

  it('avoids each cbor-x trap', () => {
    // Integers of 2^32 and beyond: cbor-x would write float64.
    expect(toHex(encode(2 ** 32))).toBe('1b0000000100000000');
    const ms = encode(1732600000000); // a timestamp in ms
    expect(ms.length).toBe(9);
    expect(ms[0]).toBe(0x1b);
    expect(decode(ms)).toBe(1732600000000);
    expect(toHex(encode(-(2 ** 32) - 1))).toBe('3b0000000100000000');
    expect(toHex(encode(Number.MAX_SAFE_INTEGER))).toBe('1b001fffffffffffff');
    // Small bigints: cbor-x would always use 8 bytes.
    expect(toHex(encode(1n))).toBe('01');
    expect(toHex(encode(-1n))).toBe('20');
    expect(toHex(encode(2n ** 64n - 1n))).toBe('1bffffffffffffffff');
    // Map keys: cbor-x keeps insertion order, and JS puts integer-like keys first.
    expect(toHex(encode({ b: 1, 10: 2, 2: 3, a: 4 }))).toBe('a4' + '613203' + '616104' + '616201' + '62313002');
    // Typed arrays and Buffers: no tag 64.
    expect(toHex(encode(Uint8Array.of(1, 2)))).toBe('420102');
    expect(toHex(encode(Buffer.from([1, 2])))).toBe('420102');
    // Maps: no tag 259, exact-size heads.
    expect(toHex(encode(new Map([['a', 1]])))).toBe('a1616101');
    expect(toHex(encode({}))).toBe('a0');
  });

  it('orders keys by their UTF-8 bytes, not by UTF-16 code units', () => {
    // Same UTF-8 length: U+E000 (ee 80 80) before U+FFFD (ef bf bd).
    const a = '\u{E000}';
    const b = '\u{FFFD}';
    expect(toHex(encode({ [b]: 1, [a]: 2 }))).toBe('a263ee808002' + '63efbfbd01');
    // Surrogate pair (4 bytes) after a 3-byte character whatever their UTF-16 order.
    expect(Object.keys(decode(encode({ '\u{1F600}': 1, '\u{FFFD}': 2 })) as object)).toEqual(['\u{FFFD}', '\u{1F600}']);
  });

  it('refuses values outside the profile, naming where', () => {
    expect(expectCode(() => encode({ a: [1, 1.5] }), 'CBOR_UNSUPPORTED_VALUE').path).toBe('$.a[1]');
    expectCode(() => encode(NaN), 'CBOR_UNSUPPORTED_VALUE');
    expectCode(() => encode(Infinity), 'CBOR_UNSUPPORTED_VALUE');
    expectCode(() => encode(2 ** 53), 'CBOR_INT_RANGE');
    expectCode(() => encode(2n ** 64n), 'CBOR_INT_RANGE');
    expectCode(() => encode(-(2n ** 64n)), 'CBOR_INT_RANGE');
    expect(expectCode(() => encode({ x: undefined }), 'CBOR_UNDEFINED').path).toBe('$.x');
    expectCode(() => encode('\uD800'), 'CBOR_INVALID_UTF8');
    expectCode(() => encode({ ['\uDC00']: 1 }), 'CBOR_INVALID_UTF8');
    expectCode(() => encode(new Date(0)), 'CBOR_UNSUPPORTED_VALUE');
    expectCode(() => encode(new Set([1])), 'CBOR_UNSUPPORTED_VALUE');
    expectCode(() => encode(Symbol('x')), 'CBOR_UNSUPPORTED_VALUE');
    expectCode(() => encode(() => 1), 'CBOR_UNSUPPORTED_VALUE');
    expectCode(() => encode(new Map([[1, 2]])), 'CBOR_MAP_KEY_TYPE');
    expectCode(() => encode(new Uint16Array(2)), 'CBOR_UNSUPPORTED_VALUE');
  });

  it('reads map keys seen before (the key cache) exactly: other bytes of the same length, invalid UTF-8 and order are still checked', () => {
    expect(decode(encode({ ab: 1 }))).toEqual({ ab: 1 });
    expect(decode(encode({ ac: 2 }))).toEqual({ ac: 2 });
    expect(decode(encode({ ab: { ab: 3 } }))).toEqual({ ab: { ab: 3 } });
    expectCode(() => decode(fromHex('a162c32801')), 'CBOR_INVALID_UTF8'); // a two-byte key, like "ab", that is not UTF-8
    expectCode(() => decode(fromHex('a26261620162616202')), 'CBOR_DUPLICATE_KEY');
    expectCode(() => decode(fromHex('a26261630162616202')), 'CBOR_MAP_KEY_ORDER');
    const keys = Array.from({ length: 2000 }, (_, i) => `k${i}`); // far more keys than the cache holds: slots are overwritten
    for (const k of keys) expect(Object.keys(decode(encode({ [k]: 0, x: 1 })) as object)).toEqual([k, 'x'].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)));
  });

  it('keeps results of successive encodes intact (cbor-x reuses its buffer)', () => {
    const a = encode({ a: 'x'.repeat(100) });
    const copy = toHex(a);
    for (let i = 0; i < 2000; i++) encode({ b: 'y'.repeat(200), i });
    expect(toHex(a)).toBe(copy);
    expect(fromHex(copy)).toEqual(Uint8Array.from(a));
  });
});
