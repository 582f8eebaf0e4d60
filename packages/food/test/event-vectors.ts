import { checkAppend, validateEvent } from '../src/index.js';
import { VALID } from './bodies.js';
import { USCC } from './chain.js';

/**
 * The cases of tests/vectors/food-events.json: event bodies with the (code, path) pairs
 * validateEvent must give, and what checkAppend gives with `refs` references. Regenerate the
 * file with `node --conditions=@suyuan/source --import tsx packages/food/test/event-vectors.ts`.
 */
type Case = [description: string, kind: string, body: unknown, refs?: number];

const v = (kind: string, change: Record<string, unknown> = {}) => ({ ...VALID[kind]!, ...change });
const without = (kind: string, field: string) => Object.fromEntries(Object.entries(VALID[kind]!).filter(([k]) => k !== field));

export const CASES: Case[] = [
  ...Object.keys(VALID).sort().map((kind): Case => [`a sound ${kind}`, kind, VALID[kind], kind === 'food.receive' || kind === 'food.correction' ? 1 : 0]),
  ['an unknown food kind', 'food.teleport', { eventTime: '2025-11-26T08:30:00+08:00' }],
  ['a kind outside food.*, authority.*, ext.*', 'iot.temperature', { celsius: 4 }],
  ['an extension kind: its body is free', 'ext.iot.temperature', { celsius: 4 }],
  ['a body that is not a map', 'food.sale', ['QK-01']],
  ['no eventTime', 'food.sale', without('food.sale', 'eventTime')],
  ['an unknown field (a typo)', 'food.sale', v('food.sale', { quantiy: '1' })],
  ['ext is not a map', 'food.sale', v('food.sale', { ext: 'x' })],
  ['ext is free', 'food.sale', v('food.sale', { ext: { erp: { id: 7, tags: ['a'] } } })],
  ['time without an offset', 'food.sale', v('food.sale', { eventTime: '2025-11-26T08:30:00' })],
  ['time on 29 February of a common year', 'food.sale', v('food.sale', { eventTime: '2025-02-29T08:30:00+08:00' })],
  ['time with an offset beyond 14 hours', 'food.sale', v('food.sale', { eventTime: '2025-11-26T08:30:00+15:00' })],
  ['time with milliseconds and Z', 'food.sale', v('food.sale', { eventTime: '2024-02-29T23:59:59.123Z' })],
  ['quantity as a number', 'food.sale', v('food.sale', { quantity: { value: 2.5, unit: 'KGM' } })],
  ['quantity as a string, not a map', 'food.sale', v('food.sale', { quantity: '2.5' })],
  ['quantity zero', 'food.sale', v('food.sale', { quantity: { value: '0.000', unit: 'KGM' } })],
  ['quantity with a leading zero', 'food.sale', v('food.sale', { quantity: { value: '02.5', unit: 'KGM' } })],
  ['quantity with seven decimals', 'food.sale', v('food.sale', { quantity: { value: '1.0000001', unit: 'KGM' } })],
  ['quantity of 13 integer digits', 'food.sale', v('food.sale', { quantity: { value: '1000000000000', unit: 'KGM' } })],
  ['unit "kg"', 'food.sale', v('food.sale', { quantity: { value: '2.5', unit: 'kg' } })],
  ['lot with a space', 'food.sale', v('food.sale', { lot: 'QK 01' })],
  ['lot of 21 characters', 'food.sale', v('food.sale', { lot: 'A'.repeat(21) })],
  ['lot with a Chinese character', 'food.sale', v('food.sale', { lot: '批次1' })],
  ['product with neither GTIN nor category', 'food.sale', v('food.sale', { product: { description: '青菜' } })],
  ['GTIN-13 with a wrong check digit', 'food.sale', v('food.sale', { product: { description: '青菜', gtin: '4006381333932' } })],
  ['GTIN-13 with its check digit', 'food.sale', v('food.sale', { product: { description: '青菜', gtin: '4006381333931' } })],
  ['description of 200 code points (emoji)', 'food.sale', v('food.sale', { product: { description: '🥬'.repeat(200), category: '0101' } })],
  ['description of 201 code points', 'food.sale', v('food.sale', { product: { description: '青'.repeat(201), category: '0101' } })],
  ['empty description', 'food.sale', v('food.sale', { product: { description: '', category: '0101' } })],
  ['trace code with a slash', 'food.sale', v('food.sale', { traceCode: 'SY/1' })],
  ['destination with a wrong USCC check character', 'food.ship', v('food.ship', { destination: { enterprise: '91350100M000100Y44' } })],
  ['destination USCC in lower case', 'food.ship', v('food.ship', { destination: { enterprise: '91350100m000100Y43' } })],
  ['GLN with a wrong check digit', 'food.ship', v('food.ship', { destination: { enterprise: USCC.wholesaler, location: { id: 'DC-1', gln: '0614141000013' } } })],
  ['SSCC with a wrong check digit', 'food.ship', v('food.ship', { items: [{ sscc: '106141411234567890' }] })],
  ['a container line with another key', 'food.ship', v('food.ship', { items: [{ sscc: '106141411234567897', lot: 'X' }] })],
  ['no items', 'food.ship', v('food.ship', { items: [] })],
  ['an unknown business document type', 'food.ship', v('food.ship', { bizTransactions: [{ type: 'fax', id: '1' }] })],
  ['a receipt without its shipment reference', 'food.receive', VALID['food.receive'], 0],
  ['a partial receipt without a discrepancy', 'food.receive', without('food.receive', 'discrepancy'), 1],
  ['status "ok"', 'food.receive', v('food.receive', { status: 'ok' }), 1],
  ['a pesticide without its safety interval', 'food.input-use', without('food.input-use', 'safetyIntervalDays')],
  ['a safety interval of 1.5 days', 'food.input-use', v('food.input-use', { safetyIntervalDays: 1.5 })],
  ['a safety interval of 3651 days', 'food.input-use', v('food.input-use', { safetyIntervalDays: 3651 })],
  ['neither lot nor field as target', 'food.input-use', v('food.input-use', { target: {} })],
  ['unknown harvest method', 'food.harvest', v('food.harvest', { method: 'picking' })],
  ['test result "good"', 'food.test', v('food.test', { test: { ...(VALID['food.test']!.test as object), result: 'good' } })],
  ['certificate issued on 2025-13-01', 'food.certificate', v('food.certificate', { certificate: { ...(VALID['food.certificate']!.certificate as object), issuedOn: '2025-13-01' } })],
  ['container without SSCC or id', 'food.pack', v('food.pack', { container: { type: 'pallet' } })],
  ['no yield declared', 'food.transform', without('food.transform', 'yield')],
  ['recall level IV', 'food.recall', v('food.recall', { level: 'IV' })],
  ['a correction without the records it voids', 'food.correction', VALID['food.correction'], 0],
  ['correction action "edit"', 'food.correction', v('food.correction', { action: 'edit' }), 1],
  ['every bad field at once', 'food.sale', v('food.sale', { lot: '', quantity: { value: 'x', unit: 'kg' }, eventTime: 'yesterday' })],
];

const pairs = (fs: { code: string; path?: string }[]) => fs.map((f) => [f.code, f.path ?? '']).sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1));

/** The vectors file's content. */
export function eventVectors() {
  return {
    description: 'Food event bodies (docs/FOOD.md §1-4) with the (code, path) pairs validateEvent(kind, body) must give, and checkAppend(kind, body, refs) with `refs` references. Order of pairs is not significant; here they are sorted.',
    cases: CASES.map(([description, kind, body, refs = 0]) => ({
      description, kind, body, refs,
      validate: kind.startsWith('food.') ? pairs(validateEvent(kind, body)) : null,
      append: pairs(checkAppend(kind, body, Array.from({ length: refs }, () => ({})))),
    })),
  };
}

if (process.argv[1] === import.meta.filename) {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  writeFileSync(join(import.meta.dirname, '../../../tests/vectors/food-events.json'), `${JSON.stringify(eventVectors(), null, 2)}\n`);
  console.log('wrote tests/vectors/food-events.json');
}
