import { describe, expect, it } from 'vitest';
import { checkAppend } from '../src/index.js';
import { VALID } from './bodies.js';

const ref = { logId: new Uint8Array(32).fill(7), seq: 3, leafHash: new Uint8Array(32) };
const codes = (kind: string, body: unknown, refs: readonly unknown[] = []) => checkAppend(kind, body, refs).map((f) => [f.code, f.path]);

describe('checkAppend: what the CLI and SDK check before writing', () => {
  it('accepts every sound food event (a receipt with its shipment reference)', () => {
    for (const [kind, body] of Object.entries(VALID)) {
      const refs = kind === 'food.receive' || kind === 'food.correction' ? [ref] : [];
      expect(checkAppend(kind, body, refs), kind).toEqual([]);
    }
  });

  it('refuses kinds outside food.*, authority.* and ext.*', () => {
    for (const kind of ['iot.temperature', 'genesis', 'sale', 'foo.bar', 'extension.x', 'foodx.sale']) expect(codes(kind, {}), kind).toEqual([['FOOD_KIND_NAMESPACE', 'kind']]);
    expect(checkAppend('ext.iot.temperature', { celsius: 4 }, [])).toEqual([]);
    expect(checkAppend('authority.enrol', { anything: true }, [])).toEqual([]); // its body is the verifier's, its log the CLI's to check
  });

  it('refuses unknown food kinds and bad bodies with their codes', () => {
    expect(codes('food.teleport', {})).toEqual([['FOOD_UNKNOWN_KIND', 'kind']]);
    // The README's second example, as it stood: a sale body that fails four rules.
    const readme = { lot: 'QK-01', quantity: '2.5', unit: 'KGM', traceCode: 'SY-1' };
    expect(codes('food.sale', readme)).toEqual(expect.arrayContaining([
      ['FOOD_MISSING_FIELD', 'eventTime'], ['FOOD_MISSING_FIELD', 'product'], ['FOOD_WRONG_TYPE', 'quantity'], ['FOOD_UNKNOWN_FIELD', 'unit'],
    ]));
  });

  it('refuses a receipt without a shipment reference, and a correction without the records it corrects', () => {
    expect(codes('food.receive', VALID['food.receive'])).toEqual([['FOOD_RECEIVE_WITHOUT_SHIP', 'refs']]);
    expect(codes('food.correction', VALID['food.correction'])).toEqual([['FOOD_CORRECTION_TARGET', 'refs']]);
    expect(codes('food.receive', VALID['food.receive'], [ref])).toEqual([]);
  });

  it('never throws, whatever it is given', () => {
    for (const kind of ['', 'food.', 'food.sale', 'ext.', 'authority.']) for (const body of [null, undefined, 1, [], {}]) {
      expect(() => checkAppend(kind, body, [])).not.toThrow();
      expect(() => checkAppend(kind, body, null as never)).not.toThrow();
    }
  });
});
