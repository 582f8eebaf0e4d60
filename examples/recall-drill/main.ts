/**
 * Recall drill: a lab result comes back positive for a farm lot that has already been
 * distributed. Within seconds: every affected lot downstream, every business holding it,
 * how much was already sold or served and how much is still on hand; then the recall
 * notices are written into the farm's log and the regulator's.
 */
import { LogWriter, decodeRecord, type RecordRef } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { LotGraph, LotQueries, validateEvent } from '@suyuan/food';

const T = (h: number) => `2025-11-26T${String(h).padStart(2, '0')}:00:00+08:00`;
const line = (lot: string, value: string) => ({ lot, product: { description: '韭菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
let seed = 60;

function business(enterprise: string) {
  const w = LogWriter.create(nodeSigner(new Uint8Array(32).fill(seed++)), { enterprise }, { crypto: nodeCrypto });
  const records = [w.genesis];
  const add = (kind: string, body: object, refs: RecordRef[] = []): RecordRef => {
    if (validateEvent(kind, body).length > 0) throw new Error(`invalid ${kind}`);
    const r = w.append({ kind, body: body as Record<string, unknown>, refs });
    records.push(r.bytes);
    return { logId: w.logId, seq: r.seq, leafHash: r.leafHash };
  };
  return { w, records, add, enterprise };
}

const farm = business('91350100M000100Y43');
const wholesaler = business('91350100MA2XN8KX46');
const markets = ['92350102MA2MKT0013', '92350103MA2MKT002L'].map(business);
const restaurant = business('92350105MA2RTN0038');
const regulator = business('12350100MB0000000Q');

// The day's trade: harvest, a passed rapid test, distribution through a wholesaler to two markets and a restaurant.
farm.add('food.harvest', { eventTime: T(6), ...line('JC-1126', '900'), method: 'harvest' });
farm.add('food.test', { eventTime: T(7), lot: 'JC-1126', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } });
const s = farm.add('food.ship', { eventTime: T(8), items: [line('JC-1126', '900')], destination: { enterprise: wholesaler.enterprise } });
wholesaler.add('food.receive', { eventTime: T(9), items: [line('JC-1126', '900')], source: { enterprise: farm.enterprise }, status: 'accepted' }, [s]);
wholesaler.add('food.transform', { eventTime: T(10), inputs: [line('JC-1126', '900')], outputs: [line('JC-1126-A', '400'), line('JC-1126-B', '400'), line('JC-1126-C', '100')], yield: { ratio: '1', tolerance: '0' } });
const outs = [[markets[0]!, 'JC-1126-A', '400'], [markets[1]!, 'JC-1126-B', '400'], [restaurant, 'JC-1126-C', '100']] as const;
for (const [to, lot, kg] of outs) {
  const ship = wholesaler.add('food.ship', { eventTime: T(11), items: [line(lot, kg)], destination: { enterprise: to.enterprise } });
  to.add('food.receive', { eventTime: T(12), items: [line(lot, kg)], source: { enterprise: wholesaler.enterprise }, status: 'accepted' }, [ship]);
}
for (let i = 0; i < 37; i++) markets[0]!.add('food.sale', { eventTime: T(13), ...line('JC-1126-A', '2'), traceCode: `A-${i}` });
for (let i = 0; i < 12; i++) markets[1]!.add('food.sale', { eventTime: T(13), ...line('JC-1126-B', '3'), traceCode: `B-${i}` });
restaurant.add('food.catering-use', { eventTime: T(13), ...line('JC-1126-C', '15'), dish: '韭菜炒蛋' });

// 15:00: the lab reports the farm lot over the limit for 腐霉利 (procymidone).
farm.add('food.test', { eventTime: T(15), lot: 'JC-1126', test: { type: 'lab', method: 'GB 23200.113', analyte: '腐霉利', result: 'fail', value: '0.82', limit: '0.2', unit: 'mg/kg', lab: '福建省食品检验所' } });

const started = process.hrtime.bigint();
const graph = LotGraph.build([farm, wholesaler, ...markets, restaurant].map((b) => ({ logId: b.w.logId, enterprise: b.enterprise, records: b.records.map((r) => decodeRecord(r)) })));
const recall = new LotQueries(graph).recall([{ logId: farm.w.logId, lot: 'JC-1126' }]);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`recall of ${farm.enterprise}/JC-1126 computed in ${ms.toFixed(1)} ms: ${recall.affected.length} lots at ${recall.businesses.length} businesses`);
for (const b of recall.businesses) console.log(`  ${b.enterprise}: ${b.lots} lot(s); sold ${b.sold.mass ?? '0'} kg, served ${b.catered.mass ?? '0'} kg, still on hand ${b.onHand.mass ?? '0'} kg`);
console.log(`  already with consumers: ${recall.totals.sold.mass} kg sold, ${recall.totals.catered.mass} kg served; to pull from shelves and kitchens: ${recall.totals.onHand.mass} kg`);

// The notices: the farm recalls its lot; the regulator's log records the recall of every affected lot.
const lots = recall.affected.map((a) => ({ lot: a.lot.lot, enterprise: a.lot.enterprise }));
farm.add('food.recall', { eventTime: T(15), lots: [{ lot: 'JC-1126' }], reason: '腐霉利 0.82 mg/kg over the 0.2 limit (GB 2763)', level: 'II', action: 'return' });
const notice = regulator.add('food.recall', { eventTime: T(16), lots, reason: 'lab result over the limit at the farm; every lot downstream', level: 'II', action: 'stop-sale' });
console.log(`recall notices written: the farm's (seq ${farm.records.length - 1}) and the regulator's (seq ${notice.seq}) naming ${lots.length} lots`);
