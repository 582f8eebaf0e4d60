import { line, USCC } from './chain.js';

const T = '2025-11-26T08:30:00+08:00';
const L = line('QK-01', '12.5');

/** One sound body per kind. */
export const VALID: Record<string, Record<string, unknown>> = {
  'food.input-use': { eventTime: T, input: { type: 'pesticide', name: '吡虫啉', registration: 'PD20080127', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'F-03' }, safetyIntervalDays: 7 },
  'food.harvest': { eventTime: T, ...L, method: 'harvest', origin: { region: '福建省福州市闽侯县', field: 'F-03' } },
  'food.test': { eventTime: T, lot: 'QK-01', test: { type: 'rapid', method: 'GB/T 5009.199', analyte: '有机磷和氨基甲酸酯类农药', result: 'pass', value: '12.3', limit: '50', unit: '%' } },
  'food.certificate': { eventTime: T, ...L, certificate: { type: '承诺达标合格证', number: 'HGZ-2025-0001', issuer: { name: '青口蔬菜基地', enterprise: USCC.farmA }, issuedOn: '2025-11-26' }, origin: '福建省福州市闽侯县' },
  'food.pack': { eventTime: T, container: { sscc: '106141411234567897', type: 'pallet' }, contents: [L] },
  'food.transform': { eventTime: T, inputs: [L], outputs: [line('QK-01-A', '6'), line('QK-01-B', '6')], yield: { ratio: '0.96', tolerance: '0.05' } },
  'food.ship': { eventTime: T, items: [L, { sscc: '106141411234567897' }], destination: { enterprise: USCC.wholesaler, location: { id: 'DC-1', gln: '0614141000012' } }, bizTransactions: [{ type: 'desadv', id: 'DN-88' }] },
  'food.receive': { eventTime: T, items: [L], source: { enterprise: USCC.farmA }, status: 'partial', discrepancy: '0.5 kg damaged', tolerance: '0.02' },
  'food.sale': { eventTime: T, ...line('QK-01', '2.5'), traceCode: 'SY-0001' },
  'food.catering-use': { eventTime: T, ...line('QK-01', '1.2'), dish: '清炒青菜' },
  'food.disposal': { eventTime: T, ...line('QK-01', '0.8'), reason: 'wilted' },
  'food.recall': { eventTime: T, lots: [{ lot: 'QK-01', enterprise: USCC.farmA }], reason: 'residue over the limit', level: 'II', action: 'return' },
  'food.correction': { eventTime: T, reason: 'sale entered twice', action: 'void' },
};
