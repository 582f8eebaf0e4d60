import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMicroNumber } from '../src/quantity.js';
import { codePoints } from '../src/schema.js';
import { UNITS, eventTimeMs, fromMicro, isKnownUnit, isValidDecimal, isValidEventTime, isValidGln, isValidGtin, isValidLotCode, isValidSscc, isValidUscc, normalise, toMicro } from '../src/index.js';

/** Every single-character change of a valid code must be caught by its check digit or character. */
function everyTypoCaught(valid: string, alphabet: string, check: (s: string) => boolean): void {
  expect(check(valid)).toBe(true);
  for (let i = 0; i < valid.length; i++) for (const c of alphabet) {
    if (c === valid[i]) continue;
    const typo = valid.slice(0, i) + c + valid.slice(i + 1);
    expect(check(typo), typo).toBe(false);
  }
}

describe('identifiers', () => {
  it('GTIN-8/12/13/14 check digits (GS1 examples)', () => {
    for (const g of ['96385074', '036000291452', '4006381333931', '10614141000019']) everyTypoCaught(g, '0123456789', isValidGtin);
    expect(isValidGtin('400638133393')).toBe(false); // 12 digits of a 13-digit code
    expect(isValidGtin('4006381333931 ')).toBe(false);
  });

  it('GLN and SSCC check digits', () => {
    everyTypoCaught('0614141000012', '0123456789', isValidGln);
    everyTypoCaught('106141411234567897', '0123456789', isValidSscc);
    expect(isValidGln('06141410000123')).toBe(false);
  });

  it('统一社会信用代码 (GB 32100) check character', () => {
    everyTypoCaught('91350100M000100Y43', '0123456789ABCDEFGHJKLMNPQRTUWXY', isValidUscc);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M0001O0Y43')).toBe(false); // O is not in the code's alphabet
    expect(isValidUscc('91350100m000100Y43')).toBe(false);
  });

  it('lot codes: GS1 CSET 82, 1 to 20 characters', () => {
    for (const ok of ['A', 'QK-20251126-01', "a!\"%&'()*+,-./:;<=>?", 'under_score', '12345678901234567890']) expect(isValidLotCode(ok), ok).toBe(true);
    for (const bad of ['', 'a b', '批次1', 'x'.repeat(21), 'a#b', 'a@b', 'a\nb']) expect(isValidLotCode(bad), bad).toBe(false);
  });
});

describe('quantities', () => {
  it('decimal grammar', () => {
    for (const ok of ['0', '1', '12.5', '0.000001', '999999999999.999999']) expect(isValidDecimal(ok), ok).toBe(true);
    for (const bad of ['', '01', '1.', '.5', '1e3', '-1', '+1', '1.0000001', '1000000000000', '1,5', ' 1']) expect(isValidDecimal(bad), bad).toBe(false);
  });

  it('exact arithmetic in millionths', () => {
    expect(toMicro('12.5')).toBe(12_500_000n);
    expect(fromMicro(toMicro('0.1') + toMicro('0.2'))).toBe('0.3');
    expect(fromMicro(-1_500_000n)).toBe('-1.5');
    expect(normalise({ value: '250', unit: 'GRM' })).toEqual({ dimension: 'mass', micro: 250_000n });
    expect(normalise({ value: '1.2', unit: 'TNE' })).toEqual({ dimension: 'mass', micro: 1_200_000_000n });
    expect(normalise({ value: '2', unit: 'DZN' })).toEqual({ dimension: 'count', micro: 24_000_000n });
    expect(normalise({ value: '3', unit: 'XBX' }).dimension).toBe('count:XBX');
  });
});

describe('fast paths agree with the exact definitions (property)', () => {
  it('toMicroNumber equals toMicro wherever a number is exact, and is NaN beyond 999,999,999 units', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }), (i, f, d) => {
      const s = d === 0 ? String(i) : `${i}.${String(f).padStart(6, '0').slice(0, d)}`;
      expect(BigInt(toMicroNumber(s))).toBe(toMicro(s));
    }), { numRuns: 2000 });
    expect(toMicroNumber('1000000000')).toBeNaN();
  });

  it('event times: the instant is what Date.parse gives, for every valid time', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), (d, off, withMs) => {
      const local = new Date(d.getTime() + off * 60_000);
      const iso = local.toISOString().slice(0, withMs ? 23 : 19);
      const s = `${iso}${off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${two(Math.floor(Math.abs(off) / 60))}:${two(Math.abs(off) % 60)}`}`;
      expect(isValidEventTime(s)).toBe(true);
      expect(eventTimeMs(s)).toBe(Date.parse(s));
    }), { numRuns: 2000 });
  });

  it('identifier and decimal checks read by char code accept exactly what their grammars (regular expressions) do', () => {
    const grammar = {
      lot: /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/,
      decimal: /^(0|[1-9]\d{0,11})(\.\d{1,6})?$/,
      gtin: /^(\d{8}|\d{12}|\d{13}|\d{14})$/,
      gln: /^\d{13}$/,
      sscc: /^\d{18}$/,
      uscc: /^[0-9A-HJ-NPQRTUWXY]{18}$/,
    };
    // Strings from the characters that matter (and a few that must not pass), of every length around the limits.
    const from = (chars: string, max: number) => fc.array(fc.constantFrom(...chars), { maxLength: max }).map((cs) => cs.join(''));
    const lotChars = '!"%&\'()*+,-./09:;<=>?AZ_az #@\n青é\u0000\u007f';
    fc.assert(fc.property(from(lotChars, 22), (s) => { expect(isValidLotCode(s), s).toBe(grammar.lot.test(s)); }), { numRuns: 3000 });
    fc.assert(fc.property(from('0123456789.0.', 15), (s) => { expect(isValidDecimal(s), s).toBe(grammar.decimal.test(s)); }), { numRuns: 3000 });
    fc.assert(fc.property(from('0123456789', 19), (s) => {
      // Off the grammar never passes; on it, exactly one last digit passes (below).
      if (!grammar.gtin.test(s)) expect(isValidGtin(s)).toBe(false);
      if (!grammar.gln.test(s)) expect(isValidGln(s)).toBe(false);
      if (!grammar.sscc.test(s)) expect(isValidSscc(s)).toBe(false);
    }), { numRuns: 3000 });
    fc.assert(fc.property(from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZa青 ', 19), (s) => {
      if (!grammar.uscc.test(s)) expect(isValidUscc(s)).toBe(false);
    }), { numRuns: 3000 });
    for (const [check, n] of [[isValidGtin, 8], [isValidGtin, 12], [isValidGtin, 13], [isValidGtin, 14], [isValidGln, 13], [isValidSscc, 18]] as const) {
      // Every digit string of the length with each possible last digit: exactly one passes.
      fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n - 1, maxLength: n - 1 }), (ds) => {
        const passing = [...'0123456789'].filter((d) => check(ds.join('') + d));
        expect(passing).toHaveLength(1);
      }), { numRuns: 300 });
    }
  });

  it('unit codes are known exactly as the table lists them', () => {
    const codes = Object.keys(UNITS);
    fc.assert(fc.property(fc.oneof(fc.constantFrom(...codes), fc.array(fc.constantFrom(...'KGMTNELRHX87ABCDZ \u00ffĀ'), { maxLength: 4 }).map((cs) => cs.join(''))), (u) => {
      expect(isKnownUnit(u), u).toBe(Object.hasOwn(UNITS, u));
    }), { numRuns: 3000 });
    for (const u of ['__proto__', 'toString', 'kgm', 'KG', 'KGMM', '']) expect(isKnownUnit(u), u).toBe(false);
  });

  it('text lengths count code points: 200 CJK characters or emoji fit a 200 limit, 201 do not', () => {
    for (const c of ['青', '🥬', 'a']) {
      expect(codePoints(c.repeat(200), 200)).toBe(200);
      expect(codePoints(c.repeat(201), 200)).toBe(201);
    }
  });
});

describe('event times', () => {
  it('need seconds and an offset, and a real date', () => {
    for (const ok of ['2025-11-26T08:30:00+08:00', '2025-11-26T00:30:00Z', '2024-02-29T23:59:59.123-05:00']) expect(isValidEventTime(ok), ok).toBe(true);
    for (const bad of ['2025-11-26T08:30+08:00', '2025-11-26 08:30:00+08:00', '2025-11-26T08:30:00', '2025-02-29T00:00:00Z', '2025-11-26T24:00:00Z', '2025-11-26T08:30:00+15:00']) expect(isValidEventTime(bad), bad).toBe(false);
  });
});
