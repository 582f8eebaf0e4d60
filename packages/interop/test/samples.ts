import type { ExportRecord } from '../src/index.js';

/** One valid body of every food kind, with most optional fields used. */
export const FARM = '91350100M000100Y43';
export const MARKET = '91350100MA2XN8KX46';
const t = '2025-11-26T08:30:00+08:00';
const veg = { description: '青菜', category: '0101' };
const rice = { description: '大米 5kg', gtin: '6901234567892' };
const kg = (value: string) => ({ value, unit: 'KGM' });
const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

export const SAMPLES: Record<string, unknown> = {
  'food.input-use': { eventTime: t, input: { type: 'pesticide', name: '吡虫啉 10% WP', registration: 'PD20050001', lot: 'P-7', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'A-3' }, safetyIntervalDays: 7, bizLocation: { id: 'field-A3', name: '三号田' } },
  'food.harvest': { eventTime: t, lot: 'QK-01', product: veg, quantity: kg('1200'), method: 'harvest', origin: { region: '福建省福州市', field: 'A-3' }, bizLocation: { id: 'farm-1', gln: '6901234000009', address: '福州市闽侯县' } },
  'food.test': { eventTime: t, lot: 'QK-01', product: veg, test: { type: 'rapid', method: 'GB/T 5009.199', analyte: '有机磷', result: 'pass', value: '12.5', limit: '50', unit: '%', lab: '市场快检室', sampleId: 'S-2025-001' } },
  'food.certificate': { eventTime: t, lot: 'QK-01', product: veg, quantity: kg('800'), certificate: { type: '承诺达标合格证', number: 'HG-0001', issuer: { name: '闽侯某合作社', enterprise: FARM }, issuedOn: '2025-11-26' }, origin: '福建省福州市' },
  'food.pack': { eventTime: t, container: { sscc: '069012340000000016', type: 'pallet' }, contents: [{ lot: 'QK-01', product: veg, quantity: kg('400') }, { lot: 'R-9', product: rice, quantity: { value: '20', unit: 'XBG' } }] },
  'food.transform': { eventTime: t, inputs: [{ lot: 'QK-01', product: veg, quantity: kg('100') }], outputs: [{ lot: 'JC-1', product: { description: '净菜', category: '0102' }, quantity: kg('85.500') }], yield: { ratio: '0.85', tolerance: '0.05' }, bizTransactions: [{ type: 'prodorder', id: 'MO-17' }] },
  'food.ship': { eventTime: t, items: [{ lot: 'QK-01', product: veg, quantity: kg('800') }, { sscc: '069012340000000016' }], destination: { enterprise: MARKET, name: '海峡农批', location: { id: 'stall-17', name: '17号摊' } }, carrier: '顺丰冷运', bizLocation: { id: 'farm-1' }, bizTransactions: [{ type: 'desadv', id: 'ASN-1' }, { type: 'po', id: 'https://erp.example.com/po/9' }] },
  'food.receive': { eventTime: t, items: [{ lot: 'QK-01', product: veg, quantity: kg('790') }], source: { enterprise: FARM, location: { id: 'farm-1', gln: '6901234000009' } }, status: 'partial', discrepancy: '短少10公斤', tolerance: '0.02', bizLocation: { id: 'stall-17' } },
  'food.sale': { eventTime: t, lot: 'QK-01', product: veg, quantity: kg('2.5'), traceCode: 'SY-1001', note: '零售' },
  'food.catering-use': { eventTime: t, lot: 'QK-01', product: veg, quantity: kg('3'), dish: '清炒青菜' },
  'food.disposal': { eventTime: t, lot: 'QK-01', product: veg, quantity: kg('5'), reason: '腐烂' },
  'food.recall': { eventTime: t, lots: [{ lot: 'QK-01', enterprise: FARM, product: veg }, { lot: 'R-9' }], reason: '农残超标', level: 'II', action: 'return' },
  'food.correction': { eventTime: '2025-11-27T09:00:00+08:00', reason: '录入错误', action: 'void', note: '数量写错' },
};

/** The samples as a log: positions, refs (the correction voids the sale, the receive refs the ship). */
export function sampleLog(): ExportRecord[] {
  const kinds = Object.keys(SAMPLES);
  const logId = hex(0xab);
  const recs: ExportRecord[] = kinds.map((kind, i) => ({ kind, body: structuredClone(SAMPLES[kind]), logId, seq: i + 1, leafHash: hex(i + 1), time: Date.UTC(2025, 10, 26, 1, i), enterprise: FARM }));
  const at = (k: string) => recs[kinds.indexOf(k)]!;
  const ref = (r: ExportRecord) => ({ logId: Uint8Array.from(Buffer.from(r.logId as string, 'hex')), seq: r.seq!, leafHash: Uint8Array.from(Buffer.from(r.leafHash as string, 'hex')) });
  at('food.receive').refs = [ref(at('food.ship'))];
  at('food.correction').refs = [ref(at('food.sale')), ref(at('food.disposal'))];
  return recs;
}
