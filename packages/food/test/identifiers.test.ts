import { describe, expect, it } from 'vitest';
import { fromMicro, isValidDecimal, isValidEventTime, isValidGln, isValidGtin, isValidLotCode, isValidSscc, isValidUscc, normalise, toMicro } from '../src/index.js';

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

describe('event times', () => {
  it('need seconds and an offset, and a real date', () => {
    for (const ok of ['2025-11-26T08:30:00+08:00', '2025-11-26T00:30:00Z', '2024-02-29T23:59:59.123-05:00']) expect(isValidEventTime(ok), ok).toBe(true);
    for (const bad of ['2025-11-26T08:30+08:00', '2025-11-26 08:30:00+08:00', '2025-11-26T08:30:00', '2025-02-29T00:00:00Z', '2025-11-26T24:00:00Z', '2025-11-26T08:30:00+15:00']) expect(isValidEventTime(bad), bad).toBe(false);
  });
});
