/**
 * Food-layer vectors (docs/FOOD.md §5–8): small bundles of an authority, a farm and a market,
 * one case per food rule, each with the verdict and the codes (FOOD_* among them) the
 * reference verifier gives with the food rules on. Test keys only.
 */
import type { EventInput } from '@suyuan/core';
import { BundleWriter } from '@suyuan/verify';
import {
  FARM_SECRET, MARKET_SECRET, T0, authorityLog, buildLog, bundleCase, enrol, full, proofOf, refTo, type LogEvent, type LogFixture,
} from './fixtures.js';

const FARM = { enterprise: '91350100M000100Y43', name: '闽侯县青口镇蔬菜种植基地' };
const MARKET = { enterprise: '91350100MA2XN8KX46', name: '福州海峡农产品批发市场' };
const A = 'QK-20251126-01';
const B = 'QK-20251126-02';

/** Event times: a day in November 2025 (before the certificate rule) at an hour, Beijing time. */
const at = (hour: number, day = 26, month = '2025-11') => `${month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const line = (lot: string, value: string, unit = 'KGM') => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit } });
const harvest = (eventTime: string, lot: string, value: string, unit = 'KGM', field?: string): EventInput =>
  ({ kind: 'food.harvest', body: { eventTime, ...line(lot, value, unit), method: 'harvest', ...(field ? { origin: { region: '福建省福州市闽侯县', field } } : {}) } });
const ship = (eventTime: string, items: object[], to = MARKET.enterprise): EventInput => ({ kind: 'food.ship', body: { eventTime, items, destination: { enterprise: to } } });
const transform = (eventTime: string, inputs: object[], outputs: object[], ratio: string, tolerance: string): EventInput =>
  ({ kind: 'food.transform', body: { eventTime, inputs, outputs, yield: { ratio, tolerance } } });

/** The GS1 mod 10 check digit appended to `digits` (FOOD.md §2.2). */
function gs1(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return digits + String((10 - (sum % 10)) % 10);
}
const SSCC = gs1('06901234000000001');

const farmLog = (events: LogEvent[]) => buildLog(FARM_SECRET, FARM.enterprise, FARM.name, [...events, 'checkpoint'], T0);
const marketLog = (events: (farm: LogFixture) => EventInput[]) => async (farm: LogFixture) => buildLog(MARKET_SECRET, MARKET.enterprise, MARKET.name, [...events(farm), 'checkpoint'], T0 + 3_600_000);
const correction = (eventTime: string, seqs: number[]): LogEvent => (self) => ({ kind: 'food.correction', body: { eventTime, reason: '录入错误', action: 'void' }, refs: seqs.map((s) => refTo(self, s)) });
const receive = (farm: LogFixture, seq: number, eventTime: string, items: object[], status = 'accepted'): EventInput =>
  ({ kind: 'food.receive', body: { eventTime, items, source: { enterprise: FARM.enterprise }, status }, refs: [refTo(farm, seq)] });

async function foodBundle(farmEvents: LogEvent[], market?: (farm: LogFixture) => Promise<LogFixture>, excerptOfFarm?: number[]): Promise<Uint8Array> {
  const authority = await authorityLog([
    enrol(FARM_SECRET, FARM.enterprise, FARM.name, ['farm', 'processor']),
    enrol(MARKET_SECRET, MARKET.enterprise, MARKET.name, ['market']),
  ]);
  const farm = await farmLog(farmEvents);
  const w = BundleWriter.toMemory({ created: T0 + 7_200_000, description: 'food vector' });
  w.addLog(full(authority));
  const size = farm.records.length;
  if (excerptOfFarm === undefined) w.addLog(full(farm));
  else w.addExcerpt({ logId: farm.writer.logId, genesis: farm.records[0]!, checkpoints: farm.checkpoints, records: excerptOfFarm.map((seq) => ({ seq, record: farm.records[seq]!, size, proof: proofOf(farm, seq, size) })) });
  if (market !== undefined) w.addLog(full(await market(farm)));
  return w.finish()!;
}

export async function foodBundleVectors() {
  const cases: [string, Promise<Uint8Array>][] = [
    ['a farm harvests, ships to the market, which receives and sells: valid', foodBundle([harvest(at(8), A, '100'), ship(at(9), [line(A, '80')])],
      marketLog((f) => [receive(f, 2, at(11), [line(A, '80')]), { kind: 'food.sale', body: { eventTime: at(12), ...line(A, '2.5'), traceCode: 'SY1A2B3C' } }]))],
    ['a shipment before the harvest of its lot', foodBundle([ship(at(8), [line(A, '5')]), harvest(at(9), A, '10')])],
    ['more shipped than harvested', foodBundle([harvest(at(8), A, '10'), ship(at(9), [line(A, '8')]), ship(at(10), [line(A, '8')])])],
    ['the same shipments in an excerpt: mass balance is not applied to excerpts', foodBundle([harvest(at(8), A, '10'), ship(at(9), [line(A, '8')]), ship(at(10), [line(A, '8')])], undefined, [2, 3])],
    ['a correction voids the second shipment: no longer overdrawn', foodBundle([harvest(at(8), A, '10'), ship(at(9), [line(A, '8')]), ship(at(10), [line(A, '8')]), correction(at(11), [3])])],
    ['the market accepts 90 kg of a shipment of 80 kg', foodBundle([harvest(at(8), A, '100'), ship(at(9), [line(A, '80')])], marketLog((f) => [receive(f, 2, at(11), [line(A, '90')])]))],
    ['the market receives a lot the shipment does not hold', foodBundle([harvest(at(8), A, '100'), ship(at(9), [line(A, '80')])], marketLog((f) => [receive(f, 2, at(11), [line(B, '80')])]))],
    ["the market's receipt refers to the farm's harvest, not a shipment", foodBundle([harvest(at(8), A, '100'), ship(at(9), [line(A, '80')])], marketLog((f) => [receive(f, 1, at(11), [line(A, '80')])]))],
    ['a transformation of 100 kg into 10 kg declared at a yield of 0.5 ± 0.1', foodBundle([harvest(at(8), A, '100'), transform(at(9), [line(A, '100')], [line(B, '10')], '0.5', '0.1')])],
    ['a lot counted in kilograms and in litres', foodBundle([harvest(at(8), A, '10'), ship(at(9), [line(A, '5', 'LTR')])])],
    ['a lot harvested twice', foodBundle([harvest(at(8), A, '10'), harvest(at(9), A, '10')])],
    ['lot A made into B and B back into A: a cycle', foodBundle([harvest(at(8), A, '10'), transform(at(9), [line(A, '10')], [line(B, '10')], '1', '0'), transform(at(10), [line(B, '10')], [line(A, '10')], '1', '0')])],
    ['a pallet shipped that was never packed', foodBundle([harvest(at(8), A, '10'), ship(at(9), [{ sscc: SSCC }])])],
    ['a pallet packed, shipped and received: valid', foodBundle([harvest(at(8), A, '10'), { kind: 'food.pack', body: { eventTime: at(9), container: { sscc: SSCC, type: 'pallet' }, contents: [line(A, '10')] } }, ship(at(10), [{ sscc: SSCC }])],
      marketLog((f) => [receive(f, 3, at(11), [{ sscc: SSCC }])]))],
    ['a pesticide with a 7-day interval on field F-03, and a harvest there the next day', foodBundle([
      { kind: 'food.input-use', body: { eventTime: at(8, 25), input: { type: 'pesticide', name: '吡虫啉', registration: 'PD20080127', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'F-03' }, safetyIntervalDays: 7 } },
      harvest(at(8), A, '10', 'KGM', 'F-03')])],
    ['a lot shipped after a failed test', foodBundle([harvest(at(8), A, '10'), { kind: 'food.test', body: { eventTime: at(9), lot: A, test: { type: 'rapid', method: 'GB/T 5009.199', result: 'fail' } } }, ship(at(10), [line(A, '5')])])],
    ['a lot harvested and shipped in March 2026 without a 承诺达标合格证', foodBundle([harvest(at(8, 1, '2026-03'), A, '10'), ship(at(9, 1, '2026-03'), [line(A, '5')])])],
    ['the farm recalls lot A, then ships more of it; the market sells what it had received', foodBundle([
      harvest(at(8), A, '100'), ship(at(9), [line(A, '50')]),
      { kind: 'food.recall', body: { eventTime: at(12), lots: [{ lot: A }], reason: '农药残留超标', level: 'I', action: 'stop-sale' } },
      ship(at(13), [line(A, '20')])],
    marketLog((f) => [receive(f, 2, at(11), [line(A, '50')]), { kind: 'food.sale', body: { eventTime: at(14), ...line(A, '2.5') } }]))],
    ['a correction without refs, and one of the genesis (not a food event)', foodBundle([harvest(at(8), A, '10'), correction(at(9), []), correction(at(10), [0])])],
    ['a harvest with the unit "kg", and an unknown food kind', foodBundle([harvest(at(8), A, '10', 'kg'), { kind: 'food.weigh', body: { eventTime: at(9), lot: A } }])],
  ];
  return {
    description: 'Food-layer bundles (docs/FOOD.md) verified with the food rules on against the trusted authority key given; expect is the verdict and the finding codes in order.',
    cases: await Promise.all(cases.map(async ([description, bytes]) => bundleCase(description, await bytes))),
  };
}
