import { describe, expect, it } from 'vitest';
import { MALFORMED_CBOR } from '../../../tests/vectors/cbor-cases.js';
import { decode, fromHex } from '../src/index.js';
import { expectCode } from './helpers.js';

describe('strict decoding refuses every malformed input with its code and offset', () => {
  it.each(MALFORMED_CBOR)('%s → %s at byte %d (%s)', (hex, code, offset) => {
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
