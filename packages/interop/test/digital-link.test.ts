import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIdentifier, formatDigitalLink, parseDigitalLink, productLink, type InteropCode } from '../src/index.js';

const codeOf = (f: () => unknown): InteropCode | undefined => {
  try { f(); } catch (e) { return (e as { code?: InteropCode }).code; }
  return undefined;
};
const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;

describe('GS1 Digital Link for trace codes', () => {
  it('productLink prints /01/{gtin14}/10/{lot} or /21/{serial} on any resolver', () => {
    expect(productLink({ gtin: '6901234567892', lot: 'QK-01' })).toBe('https://id.gs1.org/01/06901234567892/10/QK-01');
    expect(productLink({ gtin: '06901234567892', serial: 'A/1', resolver: 'trace.example.cn' })).toBe('https://trace.example.cn/01/06901234567892/21/A%2F1');
  });
  it('any CSET 82 lot code survives format → parse, and the URI uses only unreserved characters and %XX', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...CSET82), { minLength: 1, maxLength: 20 }).map((a) => a.join('')), (lot) => {
      const uri = productLink({ gtin: '06901234567892', lot });
      expect(uri.slice('https://id.gs1.org'.length)).toMatch(/^[/A-Za-z0-9\-._~%]+$/);
      const dl = parseDigitalLink(uri);
      expect(dl).toEqual({ stem: 'https://id.gs1.org', key: { ai: '01', value: '06901234567892' }, qualifiers: [{ ai: '10', value: lot }], attributes: [] });
      // the hash's canonical form of the same lot decodes to the same value
      expect(parseDigitalLink(canonicalIdentifier(uri)!).qualifiers[0]!.value).toBe(lot);
    }));
  });
  it('refuses with a code saying why', () => {
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/01/06901234567891/10/A'))).toBe('DL_CHECK_DIGIT');
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/01/06901234567892/10/ABCDEFGHIJKLMNOPQRSTU'))).toBe('DL_BAD_VALUE');
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/01/06901234567892/21/A/10/B'))).toBe('DL_KEY_QUALIFIER');
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/01/06901234567892?10=A'))).toBe('DL_KEY_QUALIFIER');
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/01/06901234567892?21=A'))).toBe('DL_NOT_ATTRIBUTE');
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/01/06901234567892?17=251231&17=251231'))).toBe('DL_DUPLICATE_AI');
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/01/06901234567892?89=X'))).toBe('DL_UNKNOWN_AI');
    expect(codeOf(() => parseDigitalLink('https://id.gs1.org/t/SY-1001'))).toBe('DL_NO_PRIMARY_KEY');
    expect(codeOf(() => parseDigitalLink('ftp://id.gs1.org/01/06901234567892'))).toBe('DL_SYNTAX');
    expect(codeOf(() => formatDigitalLink([{ ai: '10', value: 'A' }]))).toBe('DL_NO_PRIMARY_KEY');
    expect(codeOf(() => formatDigitalLink([{ ai: '01', value: '06901234567892' }, { ai: '21', value: 'a' }, { ai: '21', value: 'b' }]))).toBe('DL_DUPLICATE_AI');
  });
  it('the hub routes /01/{gtin}/10/{lot}: parse gives the GTIN and lot from any resolver and stem', () => {
    const dl = parseDigitalLink('https://market.example.cn/t/01/06901234567892/10/QK-01?17=251231');
    expect([dl.stem, dl.key.value, dl.qualifiers[0]!.value, dl.attributes]).toEqual(['https://market.example.cn/t', '06901234567892', 'QK-01', [{ ai: '17', value: '251231' }]]);
  });
});
