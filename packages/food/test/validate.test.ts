import { describe, expect, it } from 'vitest';
import { FOOD_KINDS, validateEvent, type FoodCode } from '../src/index.js';
import { VALID } from './bodies.js';
import { USCC } from './chain.js';

const codes = (kind: string, body: unknown) => validateEvent(kind, body).map((f) => [f.code, f.path]);

describe('event validation', () => {
  it('every kind has a sound example that passes', () => {
    expect(Object.keys(VALID).sort()).toEqual([...FOOD_KINDS].sort());
    for (const [kind, body] of Object.entries(VALID)) expect(validateEvent(kind, body), kind).toEqual([]);
  });

  it.each(FOOD_KINDS)('%s: refuses a missing eventTime, an unknown field and a non-map body', (kind) => {
    const { eventTime: _, ...rest } = VALID[kind]!;
    expect(codes(kind, rest)).toContainEqual(['FOOD_MISSING_FIELD', 'eventTime']);
    expect(codes(kind, { ...VALID[kind], colour: 'red' })).toContainEqual(['FOOD_UNKNOWN_FIELD', 'colour']);
    expect(codes(kind, [])).toEqual([['FOOD_WRONG_TYPE', '']]);
    expect(validateEvent(kind, { ...VALID[kind], ext: { erp: { id: 7 } } })).toEqual([]);
  });

  it.each<[string, string, (b: Record<string, unknown>) => unknown, FoodCode, string]>([
    ['food.harvest', 'quantity with a comma', (b) => ({ ...b, quantity: { value: '12,5', unit: 'KGM' } }), 'FOOD_BAD_QUANTITY', 'quantity.value'],
    ['food.harvest', 'zero quantity', (b) => ({ ...b, quantity: { value: '0', unit: 'KGM' } }), 'FOOD_BAD_QUANTITY', 'quantity.value'],
    ['food.harvest', 'negative quantity', (b) => ({ ...b, quantity: { value: '-1', unit: 'KGM' } }), 'FOOD_BAD_QUANTITY', 'quantity.value'],
    ['food.harvest', 'quantity as a number', (b) => ({ ...b, quantity: { value: 12, unit: 'KGM' } }), 'FOOD_WRONG_TYPE', 'quantity.value'],
    ['food.harvest', 'seven decimals', (b) => ({ ...b, quantity: { value: '1.0000001', unit: 'KGM' } }), 'FOOD_BAD_QUANTITY', 'quantity.value'],
    ['food.harvest', 'unit "kg"', (b) => ({ ...b, quantity: { value: '1', unit: 'kg' } }), 'FOOD_BAD_UNIT', 'quantity.unit'],
    ['food.harvest', 'time without offset', (b) => ({ ...b, eventTime: '2025-11-26T08:30:00' }), 'FOOD_BAD_TIME', 'eventTime'],
    ['food.harvest', 'time on 30 February', (b) => ({ ...b, eventTime: '2025-02-30T08:30:00Z' }), 'FOOD_BAD_TIME', 'eventTime'],
    ['food.harvest', 'lot with a space', (b) => ({ ...b, lot: 'QK 01' }), 'FOOD_BAD_LOT', 'lot'],
    ['food.harvest', 'lot of 21 characters', (b) => ({ ...b, lot: 'A'.repeat(21) }), 'FOOD_BAD_LOT', 'lot'],
    ['food.harvest', 'GTIN with a wrong check digit', (b) => ({ ...b, product: { description: 'x', gtin: '4006381333932' } }), 'FOOD_BAD_GTIN', 'product.gtin'],
    ['food.harvest', 'product with neither GTIN nor category', (b) => ({ ...b, product: { description: 'x' } }), 'FOOD_MISSING_FIELD', 'product.gtin'],
    ['food.harvest', 'unknown method', (b) => ({ ...b, method: 'picking' }), 'FOOD_BAD_VALUE', 'method'],
    ['food.ship', 'destination with a bad USCC', (b) => ({ ...b, destination: { enterprise: '91350100M000100Y44' } }), 'FOOD_BAD_USCC', 'destination.enterprise'],
    ['food.ship', 'GLN with a wrong check digit', (b) => ({ ...b, destination: { enterprise: USCC.wholesaler, location: { id: 'x', gln: '0614141000013' } } }), 'FOOD_BAD_GLN', 'destination.location.gln'],
    ['food.ship', 'SSCC with a wrong check digit', (b) => ({ ...b, items: [{ sscc: '106141411234567890' }] }), 'FOOD_BAD_SSCC', 'items[0].sscc'],
    ['food.ship', 'no items', (b) => ({ ...b, items: [] }), 'FOOD_BAD_VALUE', 'items'],
    ['food.ship', 'unknown business document type', (b) => ({ ...b, bizTransactions: [{ type: 'fax', id: '1' }] }), 'FOOD_BAD_VALUE', 'bizTransactions[0].type'],
    ['food.input-use', 'pesticide without its safety interval', (b) => { const { safetyIntervalDays: _, ...r } = b; return r; }, 'FOOD_MISSING_FIELD', 'safetyIntervalDays'],
    ['food.input-use', 'neither lot nor field', (b) => ({ ...b, target: {} }), 'FOOD_MISSING_FIELD', 'target.lot'],
    ['food.input-use', 'safety interval of 1.5 days', (b) => ({ ...b, safetyIntervalDays: 1.5 }), 'FOOD_WRONG_TYPE', 'safetyIntervalDays'],
    ['food.receive', 'partial without a discrepancy', (b) => { const { discrepancy: _, ...r } = b; return r; }, 'FOOD_MISSING_FIELD', 'discrepancy'],
    ['food.receive', 'status "ok"', (b) => ({ ...b, status: 'ok' }), 'FOOD_BAD_VALUE', 'status'],
    ['food.test', 'result "good"', (b) => ({ ...b, test: { ...(b.test as object), result: 'good' } }), 'FOOD_BAD_VALUE', 'test.result'],
    ['food.certificate', 'issued on a bad date', (b) => ({ ...b, certificate: { ...(b.certificate as object), issuedOn: '2025-13-01' } }), 'FOOD_BAD_TIME', 'certificate.issuedOn'],
    ['food.pack', 'container without SSCC or id', (b) => ({ ...b, container: { type: 'pallet' } }), 'FOOD_MISSING_FIELD', 'container.sscc'],
    ['food.transform', 'no yield declared', (b) => { const { yield: _, ...r } = b; return r; }, 'FOOD_MISSING_FIELD', 'yield'],
    ['food.sale', 'trace code with a slash', (b) => ({ ...b, traceCode: 'SY/1' }), 'FOOD_BAD_VALUE', 'traceCode'],
    ['food.recall', 'level IV', (b) => ({ ...b, level: 'IV' }), 'FOOD_BAD_VALUE', 'level'],
    ['food.correction', 'action "edit"', (b) => ({ ...b, action: 'edit' }), 'FOOD_BAD_VALUE', 'action'],
  ])('%s: %s → %s at %s', (kind, _name, mutate, code, path) => {
    expect(codes(kind, mutate(VALID[kind]!))).toContainEqual([code, path]);
  });

  it('counts text lengths in code points: 200 emoji fit a 200-character field, 201 do not', () => {
    expect(codes('food.sale', { ...VALID['food.sale'], product: { description: '🥬'.repeat(200), category: '0101' } })).toEqual([]);
    expect(codes('food.sale', { ...VALID['food.sale'], product: { description: '🥬'.repeat(201), category: '0101' } })).toEqual([['FOOD_BAD_VALUE', 'product.description']]);
  });

  it('reports every bad field at once', () => {
    const body = { ...VALID['food.sale'], lot: '', quantity: { value: 'x', unit: 'kg' }, eventTime: 'yesterday' };
    expect(codes('food.sale', body)).toEqual(expect.arrayContaining([['FOOD_BAD_LOT', 'lot'], ['FOOD_BAD_QUANTITY', 'quantity.value'], ['FOOD_BAD_UNIT', 'quantity.unit'], ['FOOD_BAD_TIME', 'eventTime']]));
  });

  it('refuses unknown kinds with FOOD_UNKNOWN_KIND', () => {
    expect(codes('food.teleport', {})).toEqual([['FOOD_UNKNOWN_KIND', 'kind']]);
  });

  it('never throws, whatever the body', () => {
    for (const kind of FOOD_KINDS) for (const body of [null, undefined, 1, 'x', new Uint8Array(2), { eventTime: null }, { items: 'x' }, { quantity: [] }]) {
      expect(() => validateEvent(kind, body)).not.toThrow();
      expect(validateEvent(kind, body).length).toBeGreaterThan(0);
    }
  });
});
