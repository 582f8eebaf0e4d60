import { describe, expect, it } from 'vitest';
import { decode, fromHex, type ErrorCode } from '../src/index.js';
import { expectCode } from './helpers.js';

// Each row: input hex, the code strict decoding must give, the byte offset it must name, why.
const TABLE: [string, ErrorCode, number, string][] = [
  ['', 'CBOR_TRUNCATED', 0, 'empty input'],
  ['18', 'CBOR_TRUNCATED', 0, 'one-byte argument missing'],
  ['1901', 'CBOR_TRUNCATED', 0, 'two-byte argument cut'],
  ['1a000100', 'CBOR_TRUNCATED', 0, 'four-byte argument cut'],
  ['1b00000001000000', 'CBOR_TRUNCATED', 0, 'eight-byte argument cut'],
  ['430102', 'CBOR_TRUNCATED', 0, 'byte string shorter than its length'],
  ['63616263ff', 'CBOR_TRAILING_BYTES', 4, 'extra byte after a text string'],
  ['82010203', 'CBOR_TRAILING_BYTES', 3, 'array of 2 followed by a third item'],
  ['830102', 'CBOR_TRUNCATED', 0, 'array of 3 with room for 2'],
  ['83010218', 'CBOR_TRUNCATED', 3, 'last item of an array cut'],
  ['9bffffffffffffffff', 'CBOR_TRUNCATED', 0, 'array count far beyond the input'],
  ['bbffffffffffffffff', 'CBOR_TRUNCATED', 0, 'map count far beyond the input'],
  ['5bffffffffffffffff', 'CBOR_TOO_LARGE', 0, 'byte string length far beyond the item limit'],
  ['1817', 'CBOR_NON_SHORTEST', 0, '23 in two bytes'],
  ['190017', 'CBOR_NON_SHORTEST', 0, '23 in three bytes'],
  ['1900ff', 'CBOR_NON_SHORTEST', 0, '255 in three bytes'],
  ['1a0000ffff', 'CBOR_NON_SHORTEST', 0, '65535 in five bytes'],
  ['1b00000000ffffffff', 'CBOR_NON_SHORTEST', 0, '2^32-1 in nine bytes'],
  ['3817', 'CBOR_NON_SHORTEST', 0, '-24 in two bytes'],
  ['5801ff', 'CBOR_NON_SHORTEST', 0, 'byte string length 1 in two bytes'],
  ['7801', 'CBOR_NON_SHORTEST', 0, 'text length in two bytes'],
  ['980100', 'CBOR_NON_SHORTEST', 0, 'array count in two bytes'],
  ['b80100', 'CBOR_NON_SHORTEST', 0, 'map count in two bytes'],
  ['5f4101ff', 'CBOR_INDEFINITE_LENGTH', 0, 'indefinite byte string'],
  ['7f6161ff', 'CBOR_INDEFINITE_LENGTH', 0, 'indefinite text string'],
  ['9f01ff', 'CBOR_INDEFINITE_LENGTH', 0, 'indefinite array'],
  ['bf616101ff', 'CBOR_INDEFINITE_LENGTH', 0, 'indefinite map'],
  ['ff', 'CBOR_INDEFINITE_LENGTH', 0, 'stray break'],
  ['1c', 'CBOR_RESERVED_INFO', 0, 'additional information 28'],
  ['5d', 'CBOR_RESERVED_INFO', 0, 'additional information 29'],
  ['fe', 'CBOR_RESERVED_INFO', 0, 'additional information 30'],
  ['f93c00', 'CBOR_FLOAT', 0, 'half float 1.0'],
  ['fa3fc00000', 'CBOR_FLOAT', 0, 'single float 1.5'],
  ['fb3ff8000000000000', 'CBOR_FLOAT', 0, 'double float 1.5'],
  ['f97e00', 'CBOR_FLOAT', 0, 'half NaN'],
  ['c11a5f5e1000', 'CBOR_TAG', 0, 'tag 1 (epoch time)'],
  ['d8404101', 'CBOR_TAG', 0, 'tag 64 that cbor-x puts on typed arrays'],
  ['d9d9f7a0', 'CBOR_TAG', 0, 'self-describe tag'],
  ['c249010000000000000000', 'CBOR_TAG', 0, 'bignum 2^64'],
  ['f7', 'CBOR_UNDEFINED', 0, 'undefined'],
  ['e0', 'CBOR_SIMPLE_VALUE', 0, 'simple value 0'],
  ['f3', 'CBOR_SIMPLE_VALUE', 0, 'simple value 19'],
  ['f820', 'CBOR_SIMPLE_VALUE', 0, 'simple value 32, two-byte form'],
  ['f814', 'CBOR_SIMPLE_VALUE', 0, 'false in the two-byte form'],
  ['61ff', 'CBOR_INVALID_UTF8', 0, 'byte 0xff in text'],
  ['62c0af', 'CBOR_INVALID_UTF8', 0, 'overlong "/"'],
  ['63eda080', 'CBOR_INVALID_UTF8', 0, 'UTF-8 encoded surrogate U+D800'],
  ['64f4908080', 'CBOR_INVALID_UTF8', 0, 'code point above U+10FFFF'],
  ['62e282', 'CBOR_INVALID_UTF8', 0, 'three-byte sequence cut short'],
  ['a10101', 'CBOR_MAP_KEY_TYPE', 1, 'integer map key'],
  ['a1410101', 'CBOR_MAP_KEY_TYPE', 1, 'byte-string map key'],
  ['a2616201616101', 'CBOR_MAP_KEY_ORDER', 4, 'keys b, a'],
  ['a262616101616201', 'CBOR_MAP_KEY_ORDER', 5, 'longer key before shorter'],
  ['a2616101616102', 'CBOR_DUPLICATE_KEY', 4, 'key a twice'],
  ['a1616181f7', 'CBOR_UNDEFINED', 4, 'undefined nested in a map'],
  ['3bffffffffffffffff', 'CBOR_INT_RANGE', 0, '-2^64: valid CBOR, outside the profile'],
];

describe('strict decoding refuses every malformed input with its code and offset', () => {
  it.each(TABLE)('%s → %s at byte %d (%s)', (hex, code, offset) => {
    const e = expectCode(() => decode(fromHex(hex)), code);
    expect(e.offset).toBe(offset);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = fromHex('81'.repeat(17) + '00');
    expect(expectCode(() => decode(deep), 'CBOR_TOO_DEEP').offset).toBe(16);
    expect(decode(fromHex('81'.repeat(16) + '00'))).toBeDefined();
    expectCode(() => decode(fromHex('818100'), { maxDepth: 1 }), 'CBOR_TOO_DEEP');
  });

  it('refuses an item larger than the limit', () => {
    expectCode(() => decode(new Uint8Array(2000).fill(0), { maxItemBytes: 1000 }), 'CBOR_TOO_LARGE');
    expectCode(() => decode(fromHex('5903e8' + '00'.repeat(1000)), { maxItemBytes: 999 }), 'CBOR_TOO_LARGE');
  });

  it('accepts the canonical forms next to each refused one', () => {
    expect(decode(fromHex('17'))).toBe(23);
    expect(decode(fromHex('1818'))).toBe(24);
    expect(decode(fromHex('190100'))).toBe(256);
    expect(decode(fromHex('1a00010000'))).toBe(65536);
    expect(decode(fromHex('1b0000000100000000'))).toBe(2 ** 32);
    expect(decode(fromHex('1bffffffffffffffff'))).toBe(2n ** 64n - 1n);
    expect(decode(fromHex('1b001fffffffffffff'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decode(fromHex('1b0020000000000000'))).toBe(2n ** 53n);
    expect(decode(fromHex('3bfffffffffffffffe'))).toBe(-(2n ** 64n) + 1n);
    expect(decode(fromHex('3b001ffffffffffffe'))).toBe(-Number.MAX_SAFE_INTEGER);
    expect(decode(fromHex('3b001fffffffffffff'))).toBe(-(2n ** 53n));
    expect(decode(fromHex('f4'))).toBe(false);
    expect(decode(fromHex('f5'))).toBe(true);
    expect(decode(fromHex('f6'))).toBe(null);
    expect(decode(fromHex('a2616101616201'))).toEqual({ a: 1, b: 1 });
    expect(decode(fromHex('a261620162616101'))).toEqual({ b: 1, aa: 1 });
    expect(decode(fromHex('66e6baafe6ba90'))).toBe('溯源');
  });

  it('makes a "__proto__" key an own property, never the prototype', () => {
    const v = decode(fromHex('a1695f5f70726f746f5f5fa0')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });
});
