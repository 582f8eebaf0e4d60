import { describe, expect, it } from 'vitest';
import { LotGraph, type FoodFinding, type GraphLog } from '../src/index.js';
import { Business, line, USCC } from './chain.js';

/** A time on a day of November 2025 (before 合格证 became mandatory), Beijing time. */
const nov = (day: number, hh = '08', mm = '00', ss = '00') => `2025-11-${String(day).padStart(2, '0')}T${hh}:${mm}:${ss}+08:00`;
const found = (logs: GraphLog[], code: string) => LotGraph.build(logs).findings.filter((f) => f.code === code);
const at = (fs: FoodFinding[]) => fs.map((f) => [f.severity, f.seq, (f.evidence ?? []).map((e) => e.seq)]);

const pesticide = (days: number, target: { field?: string; lot?: string }, eventTime: string, type = 'pesticide') =>
  ({ eventTime, input: { type, name: '吡虫啉', quantity: { value: '0.5', unit: 'KGM' } }, target, safetyIntervalDays: days });
const harvest = (lot: string, eventTime: string, field?: string, method = 'harvest') =>
  ({ eventTime, ...line(lot, '100'), method, ...(field ? { origin: { region: '闽侯县', field } } : {}) });

describe('FOOD_SAFETY_INTERVAL: harvest inside a pesticide\'s safety interval (安全间隔期) or a drug\'s withdrawal period (休药期)', () => {
  it('the demo\'s case: a 7-day pesticide on the field, harvested one hour later', () => {
    const f = new Business(USCC.farmA, 'farm');
    const use = f.add('food.input-use', pesticide(7, { field: 'F-03' }, nov(26, '06')));
    const h = f.add('food.harvest', harvest('QK-1', nov(26, '07'), 'F-03'));
    expect(at(found([f.log()], 'FOOD_SAFETY_INTERVAL'))).toEqual([['error', h.seq, [use.seq]]]);
  });

  it('compares instants: the interval ends exactly 7 × 24 h after the use, whatever the offsets', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.input-use', pesticide(7, { field: 'F-03' }, '2025-11-19T00:00:00Z'));
    const inside = f.add('food.harvest', harvest('A', '2025-11-26T07:59:59+08:00', 'F-03')); // 2025-11-25T23:59:59Z
    f.add('food.harvest', harvest('B', '2025-11-26T08:00:00+08:00', 'F-03')); // exactly 7 days: allowed
    f.add('food.harvest', harvest('C', nov(18), 'F-03')); // before the use: a different crop
    f.add('food.harvest', harvest('D', nov(20), 'F-04')); // another field
    f.add('food.harvest', harvest('E', nov(20))); // no field named
    expect(found([f.log()], 'FOOD_SAFETY_INTERVAL').map((x) => x.seq)).toEqual([inside.seq]);
  });

  it('a veterinary drug on a herd (the lot), slaughtered inside its withdrawal period', () => {
    const f = new Business(USCC.farmA, 'farm');
    const use = f.add('food.input-use', pesticide(28, { lot: 'PIG-7' }, nov(1), 'veterinary-drug'));
    const s = f.add('food.harvest', harvest('PIG-7', nov(11), undefined, 'slaughter'));
    f.add('food.harvest', harvest('PIG-8', nov(11), undefined, 'slaughter'));
    expect(at(found([f.log()], 'FOOD_SAFETY_INTERVAL'))).toEqual([['error', s.seq, [use.seq]]]);
  });

  it('a lot treated after harvest may not be sold, shipped or served before its interval ends', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('L', nov(10)));
    f.add('food.input-use', pesticide(3, { lot: 'L' }, nov(10, '12')));
    const early = f.add('food.sale', { ...line('L', '1'), eventTime: nov(11) });
    const ship = f.add('food.ship', { eventTime: nov(12), items: [line('L', '10')], destination: { enterprise: USCC.market1 } });
    f.add('food.sale', { ...line('L', '1'), eventTime: nov(13, '12') }); // exactly 3 days later
    expect(found([f.log()], 'FOOD_SAFETY_INTERVAL').map((x) => x.seq)).toEqual([early.seq, ship.seq]);
  });

  it('a voided use, an interval of 0 days, and another farm\'s field of the same name do not count', () => {
    const f = new Business(USCC.farmA, 'farm');
    const g = new Business(USCC.farmB, 'other farm');
    const wrong = f.add('food.input-use', pesticide(7, { field: 'F-03' }, nov(20)));
    f.add('food.correction', { reason: 'entered for the wrong farm', action: 'void' }, [wrong]);
    f.add('food.input-use', { ...pesticide(0, { field: 'F-03' }, nov(20)), input: { type: 'fertiliser', name: '有机肥', quantity: { value: '10', unit: 'KGM' } } });
    g.add('food.input-use', pesticide(7, { field: 'F-03' }, nov(20)));
    f.add('food.harvest', harvest('L', nov(21), 'F-03'));
    expect(found([f.log(), g.log()], 'FOOD_SAFETY_INTERVAL')).toEqual([]);
  });

  it('holds in an excerpt too: both records are there', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.input-use', pesticide(7, { field: 'F-03' }, nov(26, '06')));
    f.add('food.test', { eventTime: nov(26, '06', '30'), lot: 'X', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } });
    f.add('food.harvest', harvest('QK-1', nov(26, '07'), 'F-03'));
    const excerpt = { ...f.log(), records: f.records.filter((r) => r.seq !== 2), partial: true };
    expect(found([excerpt], 'FOOD_SAFETY_INTERVAL')).toHaveLength(1);
  });
});

describe('FOOD_FAILED_TEST: shipped, sold or served after a failed test, with no later passing test or disposal', () => {
  const test = (lot: string, result: 'pass' | 'fail', eventTime: string) => ({ eventTime, lot, test: { type: 'lab', method: 'GB 2763', analyte: '毒死蜱', result } });

  it('a farm ships a lot after it failed a residue test', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('L', nov(10)));
    const fail = f.add('food.test', test('L', 'fail', nov(10, '09')));
    const ship = f.add('food.ship', { eventTime: nov(10, '10'), items: [line('L', '100')], destination: { enterprise: USCC.market1 } });
    expect(at(found([f.log()], 'FOOD_FAILED_TEST'))).toEqual([['error', ship.seq, [fail.seq]]]);
  });

  it('a later passing test or a disposal clears it; a sale before the test is not affected', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('L', nov(10)));
    f.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '08', '30') });
    f.add('food.test', test('L', 'fail', nov(10, '09')));
    f.add('food.test', test('L', 'pass', nov(11)));
    f.add('food.sale', { ...line('L', '1'), eventTime: nov(11, '10') });
    f.add('food.harvest', harvest('M', nov(10)));
    f.add('food.test', test('M', 'fail', nov(10, '09')));
    f.add('food.disposal', { ...line('M', '40'), eventTime: nov(10, '10'), reason: 'residue over the limit' });
    f.add('food.sale', { ...line('M', '1'), eventTime: nov(10, '11') });
    expect(found([f.log()], 'FOOD_FAILED_TEST')).toEqual([]);
  });

  it('a market\'s own failed test on a received lot: every later sale and kitchen use is reported', () => {
    const farm = new Business(USCC.farmA, 'farm');
    const m = new Business(USCC.market1, 'market');
    farm.add('food.harvest', harvest('L', nov(10)));
    const ship = farm.add('food.ship', { eventTime: nov(10, '09'), items: [line('L', '100')], destination: { enterprise: USCC.market1 } });
    m.add('food.receive', { eventTime: nov(10, '12'), items: [line('L', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    const fail = m.add('food.test', test('L', 'fail', nov(10, '13')));
    const s1 = m.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '14') });
    const s2 = m.add('food.catering-use', { ...line('L', '1'), eventTime: nov(10, '15') });
    expect(at(found([farm.log(), m.log()], 'FOOD_FAILED_TEST'))).toEqual([['error', s1.seq, [fail.seq]], ['error', s2.seq, [fail.seq]]]);
  });

  it('goes by event time: a lab result logged after a sale but sampled before it still counts', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('L', nov(10)));
    const sale = f.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '10') });
    f.add('food.test', test('L', 'fail', nov(10, '09')));
    expect(found([f.log()], 'FOOD_FAILED_TEST').map((x) => x.seq)).toEqual([sale.seq]);
  });

  it('is not applied to an excerpt: the passing retest may be outside it', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('L', nov(10)));
    f.add('food.test', test('L', 'fail', nov(10, '09')));
    f.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '10') });
    expect(found([{ ...f.log(), partial: true }], 'FOOD_FAILED_TEST')).toEqual([]);
  });
});

describe('FOOD_NO_CERTIFICATE: a producer\'s first sale or shipment without a 承诺达标合格证 (from 2026-02-01)', () => {
  const cert = (lot: string, eventTime: string, type = '承诺达标合格证') =>
    ({ eventTime, ...line(lot, '100'), certificate: { type, number: `HGZ-${lot}`, issuer: { name: '青口蔬菜基地' }, issuedOn: eventTime.slice(0, 10) }, origin: '闽侯县' });

  it('a farm sells a harvested lot in February 2026 without one', () => {
    const f = new Business(USCC.farmA, 'farm');
    const h = f.add('food.harvest', harvest('L', '2026-02-02T07:00:00+08:00'));
    const sale = f.add('food.sale', { ...line('L', '1'), eventTime: '2026-02-02T10:00:00+08:00' });
    f.add('food.sale', { ...line('L', '1'), eventTime: '2026-02-02T11:00:00+08:00' });
    expect(at(found([f.log()], 'FOOD_NO_CERTIFICATE'))).toEqual([['warning', sale.seq, [h.seq]]]);
  });

  it('a 合格证 issued before the first shipment satisfies it; another certificate or one issued after does not', () => {
    const f = new Business(USCC.farmA, 'farm');
    const T = '2026-03-01T08:00:00+08:00';
    for (const lot of ['OK', 'ORGANIC', 'LATE']) f.add('food.harvest', harvest(lot, T));
    f.add('food.certificate', cert('OK', T));
    f.add('food.certificate', cert('ORGANIC', T, '有机产品认证'));
    const ships = ['OK', 'ORGANIC', 'LATE'].map((lot) => f.add('food.ship', { eventTime: '2026-03-01T09:00:00+08:00', items: [line(lot, '10')], destination: { enterprise: USCC.wholesaler } }));
    f.add('food.certificate', cert('LATE', '2026-03-01T10:00:00+08:00'));
    expect(found([f.log()], 'FOOD_NO_CERTIFICATE').map((x) => x.seq)).toEqual([ships[1]!.seq, ships[2]!.seq]);
  });

  it('applies from 2026-02-01 00:00 Beijing time, to the first sale only', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('BEFORE', '2026-01-31T07:00:00+08:00'));
    f.add('food.sale', { ...line('BEFORE', '1'), eventTime: '2026-01-31T23:59:59+08:00' });
    f.add('food.sale', { ...line('BEFORE', '1'), eventTime: '2026-02-05T10:00:00+08:00' });
    f.add('food.harvest', harvest('FROM', '2026-01-31T07:00:00+08:00'));
    const first = f.add('food.sale', { ...line('FROM', '1'), eventTime: '2026-01-31T16:00:00Z' }); // 2026-02-01T00:00:00+08:00
    expect(found([f.log()], 'FOOD_NO_CERTIFICATE').map((x) => x.seq)).toEqual([first.seq]);
  });

  it('does not apply to lots a business received, nor to an excerpt', () => {
    const farm = new Business(USCC.farmA, 'farm');
    const m = new Business(USCC.market1, 'market');
    farm.add('food.harvest', harvest('L', '2026-03-01T07:00:00+08:00'));
    farm.add('food.certificate', cert('L', '2026-03-01T07:30:00+08:00'));
    const ship = farm.add('food.ship', { eventTime: '2026-03-01T08:00:00+08:00', items: [line('L', '100')], destination: { enterprise: USCC.market1 } });
    m.add('food.receive', { eventTime: '2026-03-01T09:00:00+08:00', items: [line('L', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    m.add('food.sale', { ...line('L', '1'), eventTime: '2026-03-01T10:00:00+08:00' });
    expect(found([farm.log(), m.log()], 'FOOD_NO_CERTIFICATE')).toEqual([]);
    const f = new Business(USCC.farmB, 'farm b');
    f.add('food.harvest', harvest('X', '2026-03-01T07:00:00+08:00'));
    f.add('food.sale', { ...line('X', '1'), eventTime: '2026-03-01T10:00:00+08:00' });
    expect(found([{ ...f.log(), partial: true }], 'FOOD_NO_CERTIFICATE')).toEqual([]);
  });
});

describe('FOOD_AFTER_RECALL: shipped, sold or served after a recall notice for the lot', () => {
  const recall = (eventTime: string, lots: { lot: string; enterprise?: string }[]) => ({ eventTime, lots, reason: '农药残留超标', level: 'II', action: 'stop-sale' });

  it('the business\'s own notice: later sales and shipments are errors; earlier ones and disposals are not', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('L', nov(10)));
    f.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '09') });
    const r = f.add('food.recall', recall(nov(10, '10'), [{ lot: 'L' }]));
    const sale = f.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '11') });
    const ship = f.add('food.ship', { eventTime: nov(10, '12'), items: [line('L', '10')], destination: { enterprise: USCC.market1 } });
    f.add('food.disposal', { ...line('L', '50'), eventTime: nov(10, '13'), reason: 'recalled' });
    expect(at(found([f.log()], 'FOOD_AFTER_RECALL'))).toEqual([['error', sale.seq, [r.seq]], ['error', ship.seq, [r.seq]]]);
  });

  it('a regulator\'s notice naming the business: its later sales are errors, a return to its supplier is not', () => {
    const w = new Business(USCC.wholesaler, 'wholesaler');
    const m = new Business(USCC.market1, 'market');
    const regulator = new Business('12350100MB0000000Q', 'regulator');
    w.add('food.harvest', harvest('L', nov(10)));
    const ship = w.add('food.ship', { eventTime: nov(10, '09'), items: [line('L', '50')], destination: { enterprise: USCC.market1 } });
    m.add('food.receive', { eventTime: nov(10, '10'), items: [line('L', '50')], source: { enterprise: USCC.wholesaler }, status: 'accepted' }, [ship]);
    const r = regulator.add('food.recall', recall(nov(10, '11'), [{ lot: 'L', enterprise: USCC.market1 }]));
    const sale = m.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '12') });
    m.add('food.ship', { eventTime: nov(10, '13'), items: [line('L', '20')], destination: { enterprise: USCC.wholesaler } }); // returned
    const f = found([w.log(), m.log(), regulator.log()], 'FOOD_AFTER_RECALL');
    expect(f.map((x) => [x.logId, x.seq, x.evidence])).toEqual([[m.hex, sale.seq, [{ logId: regulator.hex, seq: r.seq }]]]);
  });

  it('downstream lots derived from a recalled lot: sold after the notice is a warning (FOOD_AFTER_RECALL_UPSTREAM)', () => {
    const farm = new Business(USCC.farmA, 'farm');
    const w = new Business(USCC.wholesaler, 'wholesaler');
    farm.add('food.harvest', harvest('L', nov(10)));
    const ship = farm.add('food.ship', { eventTime: nov(10, '09'), items: [line('L', '100')], destination: { enterprise: USCC.wholesaler } });
    w.add('food.receive', { eventTime: nov(10, '10'), items: [line('L', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    w.add('food.transform', { eventTime: nov(10, '11'), inputs: [line('L', '100')], outputs: [line('W1', '100')], yield: { ratio: '1', tolerance: '0' } });
    w.add('food.sale', { ...line('W1', '1'), eventTime: nov(10, '12') });
    const r = farm.add('food.recall', recall(nov(10, '13'), [{ lot: 'L' }]));
    const late = w.add('food.sale', { ...line('W1', '1'), eventTime: nov(10, '14') });
    const g = LotGraph.build([farm.log(), w.log()]);
    expect(g.findings.filter((x) => x.code === 'FOOD_AFTER_RECALL')).toEqual([]);
    expect(g.findings.filter((x) => x.code === 'FOOD_AFTER_RECALL_UPSTREAM').map((x) => [x.severity, x.logId, x.seq, x.evidence])).toEqual([['warning', w.hex, late.seq, [{ logId: farm.hex, seq: r.seq }]]]);
  });

  it('a voided notice does not count', () => {
    const f = new Business(USCC.farmA, 'farm');
    f.add('food.harvest', harvest('L', nov(10)));
    const r = f.add('food.recall', recall(nov(10, '10'), [{ lot: 'L' }]));
    f.add('food.correction', { eventTime: nov(10, '10'), reason: 'wrong lot', action: 'void' }, [r]);
    f.add('food.sale', { ...line('L', '1'), eventTime: nov(10, '11') });
    expect(found([f.log()], 'FOOD_AFTER_RECALL')).toEqual([]);
  });
});
