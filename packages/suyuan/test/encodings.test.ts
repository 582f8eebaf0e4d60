import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidGtin } from '@suyuan/food';
import { SdkError, formatRef, formatTraceUri, parseRef, parseTraceUri, type TraceTarget } from '../src/index.js';

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const ref = fc.record({ logId: hash, seq: fc.oneof(fc.nat(200), fc.maxSafeNat()), leafHash: hash });
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof SdkError ? e.code : `not an SdkError: ${String(e)}`;
  }
  return 'none';
};

describe('shipment references (SY1-…)', () => {
  it('round-trip: parse(format(r)) = r, in either letter case; only A–Z, 2–7 and - are used', () => {
    fc.assert(fc.property(ref, (r) => {
      const s = formatRef(r);
      expect(s).toMatch(/^SY1-[A-Z2-7]+$/);
      expect(s.length).toBeLessThanOrEqual(4 + Math.ceil((64 + 8 + 4) * 8 / 5));
      expect(parseRef(s)).toEqual(r);
      expect(parseRef(s.toLowerCase())).toEqual(r);
    }), { numRuns: 500 });
  });

  it('every string that parses is the canonical form of what it parses to', () => {
    fc.assert(fc.property(ref, fc.nat(120), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), (r, at, c) => {
      const s = formatRef(r);
      const i = 4 + (at % (s.length - 4));
      const t = s.slice(0, i) + c + s.slice(i + 1);
      let parsed;
      try {
        parsed = parseRef(t);
      } catch (e) {
        expect(['REF_CHECK', 'REF_FORMAT']).toContain((e as SdkError).code);
        return;
      }
      expect(formatRef(parsed)).toBe(t);
    }), { numRuns: 1000 });
  });

  it('a change of one character is caught by the check', () => {
    fc.assert(fc.property(ref, fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'), (r, at, c) => {
      const s = formatRef(r);
      const i = 4 + (at % (s.length - 4));
      fc.pre(s[i] !== c);
      expect(['REF_CHECK', 'REF_FORMAT']).toContain(codeOf(() => parseRef(s.slice(0, i) + c + s.slice(i + 1))));
    }), { numRuns: 1000 });
  });

  it('refuses what is not a reference', () => {
    for (const [s, code] of [['', 'REF_FORMAT'], ['SY2-AAAA', 'REF_FORMAT'], ['SY1-', 'REF_FORMAT'], ['SY1-AAAA', 'REF_FORMAT'], ['SY1-18', 'REF_FORMAT'], ['PO 4711', 'REF_FORMAT']] as const) {
      expect(codeOf(() => parseRef(s))).toBe(code);
    }
  });
});

const LOT_CHARS = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`; // GS1 CSET 82
const gtin = fc.stringMatching(/^\d{13}$/).map((d) => {
  for (let c = 0; c < 10; c++) if (isValidGtin(`${d}${c}`)) return `${d}${c}`;
  throw new Error('unreachable');
});
const target: fc.Arbitrary<TraceTarget> = fc.oneof(
  fc.record({ kind: fc.constant('gtin-lot' as const), host: fc.constantFrom('id.gs1.org', 'example.com', 'resolver.example.cn:8443'), gtin, lot: fc.string({ unit: fc.constantFrom(...LOT_CHARS), minLength: 1, maxLength: 20 }) }),
  fc.record({ kind: fc.constant('hub' as const), host: fc.constantFrom('trace.example.cn', 'localhost:8080'), code: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) }),
);

describe('trace code URIs (GS1 Digital Link or the hub\'s /t/)', () => {
  it('round-trip: parse(format(t)) = t', () => {
    fc.assert(fc.property(target, (t) => {
      expect(parseTraceUri(formatTraceUri(t))).toEqual(t);
    }), { numRuns: 1000 });
  });

  it('writes the cases of GS1\'s syntax engine (gs1-syntax-engine dl.c tests, Apache-2.0): 14-digit GTIN, percent-encoded lot', () => {
    // "(01)12312312312333(10)ABC+123…" → "https://example.com/01/12312312312333/10/ABC%2B123…"
    expect(formatTraceUri({ kind: 'gtin-lot', host: 'example.com', gtin: '12312312312333', lot: 'ABC+123' })).toBe('https://example.com/01/12312312312333/10/ABC%2B123');
    expect(formatTraceUri({ kind: 'gtin-lot', host: 'example.com', gtin: '12312312312326', lot: 'DEF' })).toBe('https://example.com/01/12312312312326/10/DEF');
    // A GTIN-13 is written as the 14-digit GTIN with a leading zero.
    expect(formatTraceUri({ kind: 'gtin-lot', host: 'id.gs1.org', gtin: '6901234567892', lot: 'QK-01' })).toBe('https://id.gs1.org/01/06901234567892/10/QK-01');
  });

  it('refuses URIs it does not write', () => {
    for (const uri of [
      'http://example.com/01/12312312312333/10/ABC', 'https://example.com/01/12312312312334/10/ABC', 'https://example.com/01/12312312312333/10/ABC+123',
      'https://example.com/01/12312312312333', 'https://example.com/t/', 'https://example.com/t/a b', 'https://example.com/t/X?x=1', 'https:///t/X',
    ]) expect(codeOf(() => parseTraceUri(uri))).toBe('TRACE_URI_FORMAT');
  });
});
