import { FOOD_KINDS, STAGE, type FoodKind } from '@suyuan/food';

const T = '2025-11-26T08:30:00+08:00';
const greens = { description: '青菜', category: '0101' };
const line = (lot: string, value: string) => ({ lot, product: greens, quantity: { value, unit: 'KGM' } });
/** Where a receive's "refs" go: `suyuan show LOGDIR SEQ` prints the shipment's reference. */
const SHIPMENT_REF = { logId: '<64 hex: the shipper\'s log id>', seq: 5, leafHash: '<64 hex: the ship record\'s leaf hash>' };

/** For each food event: what it records, and a line of JSON Lines that `suyuan append` takes. */
export const EVENT_SAMPLES: Record<FoodKind, { what: string; sample: { kind: FoodKind; body: object; refs?: object[] } }> = {
  'food.input-use': { what: 'a pesticide, fertiliser, feed or veterinary drug used on a field or lot', sample: { kind: 'food.input-use', body: { eventTime: T, input: { type: 'pesticide', name: '吡虫啉', registration: 'PD20080127', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'F-03' }, safetyIntervalDays: 7 } } },
  'food.harvest': { what: 'a lot comes into being: harvest, slaughter, catch or collection', sample: { kind: 'food.harvest', body: { eventTime: T, ...line('QK-20251126-A', '1200'), method: 'harvest', origin: { region: '福建省福州市', field: 'F-03' } } } },
  'food.test': { what: 'a rapid or lab test of a lot, with its method and result', sample: { kind: 'food.test', body: { eventTime: T, lot: 'QK-20251126-A', test: { type: 'rapid', method: 'GB/T 5009.199', analyte: '有机磷和氨基甲酸酯类农药', result: 'pass' } } } },
  'food.certificate': { what: 'a certificate for a lot (承诺达标合格证 and others)', sample: { kind: 'food.certificate', body: { eventTime: T, ...line('QK-20251126-A', '1200'), certificate: { type: '承诺达标合格证', number: 'HGZ-QK-20251126-A', issuer: { name: '闽侯青口蔬菜基地' }, issuedOn: '2025-11-26' }, origin: '福建省福州市' } } },
  'food.pack': { what: 'lots put into a container (case, pallet) shipped as one', sample: { kind: 'food.pack', body: { eventTime: T, container: { sscc: '106141411234567897', type: 'pallet' }, contents: [line('P-MIX-1', '810')] } } },
  'food.transform': { what: 'lots made into other lots: split, mixed, washed and cut, cooked', sample: { kind: 'food.transform', body: { eventTime: T, inputs: [line('QK-20251126-A', '1000')], outputs: [line('W-A-1', '500'), line('W-A-2', '500')], yield: { ratio: '1', tolerance: '0.01' } } } },
  'food.ship': { what: 'lots (or containers) sent to another business', sample: { kind: 'food.ship', body: { eventTime: T, items: [line('QK-20251126-A', '1000')], destination: { enterprise: '91350100MA2XN8KX46' }, bizTransactions: [{ type: 'desadv', id: 'DN-20251126-001' }] } } },
  'food.receive': { what: 'a shipment received; "refs" names the shipper\'s ship record (suyuan show prints it)', sample: { kind: 'food.receive', body: { eventTime: T, items: [line('QK-20251126-A', '1000')], source: { enterprise: '91350100M000100Y43' }, status: 'accepted' }, refs: [SHIPMENT_REF] } },
  'food.sale': { what: 'a sale to a consumer, with the trace code printed on the receipt', sample: { kind: 'food.sale', body: { eventTime: T, ...line('W-A-1', '1.5'), traceCode: 'SY-M1-0001' } } },
  'food.catering-use': { what: 'a lot used in a kitchen, for a dish', sample: { kind: 'food.catering-use', body: { eventTime: T, ...line('P-MIX-1', '12'), dish: '清炒时蔬' } } },
  'food.disposal': { what: 'a quantity thrown away, and why', sample: { kind: 'food.disposal', body: { eventTime: T, ...line('W-A-1', '3'), reason: 'wilted leaves' } } },
  'food.recall': { what: 'a recall notice for lots, with its level and action', sample: { kind: 'food.recall', body: { eventTime: T, lots: [{ lot: 'QK-20251126-A', enterprise: '91350100M000100Y43' }], reason: '毒死蜱 over the limit (lab report 2025-118)', level: 'II', action: 'stop-sale' } } },
  'food.correction': { what: 'voids earlier records of the same log (named in "refs")', sample: { kind: 'food.correction', body: { eventTime: T, reason: 'entered twice by mistake', action: 'void' }, refs: [{ logId: '<64 hex: this log\'s id>', seq: 7, leafHash: '<64 hex: that record\'s leaf hash>' }] } },
};

/** `suyuan help events [KIND]`: each event's stage, what it records, and a line to copy. */
export function eventsHelp(kind?: string): string | undefined {
  const kinds = kind === undefined ? FOOD_KINDS : FOOD_KINDS.filter((k) => k === kind || k === `food.${kind}`);
  if (kinds.length === 0) return undefined;
  const out = kind === undefined ? [
    'Events for suyuan append: JSON Lines, one {"kind", "body", "refs"?} per line. Unknown body',
    'fields are refused; put your own data under "ext" (e.g. "ext": {"eventId": "ERP-123"}).',
    'Quantities are decimal strings with UN/CEFACT units (KGM, LTR, H87…); times are ISO 8601',
    'with an offset. Files for every stage: examples/events/ in the repository.',
    '',
  ] : [];
  for (const k of kinds) {
    const { what, sample } = EVENT_SAMPLES[k];
    out.push(`${k} (${STAGE[k]}): ${what}`, JSON.stringify(sample), '');
  }
  return out.join('\n');
}
