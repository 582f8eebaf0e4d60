import { describe, expect, it } from 'vitest';
import { LotGraph, LotQueries, type FoodFinding } from '../src/index.js';
import { Business, line, USCC } from './chain.js';
import { buildScenario } from './scenario.js';

const codesOf = (fs: readonly FoodFinding[]) => fs.map((f) => f.code).sort();

describe('gaps are visible', () => {
  it('a farm-only recall lists the shipment to the wholesaler whose log is absent, and says it is incomplete', () => {
    const farm = new Business(USCC.farmA, 'farm');
    farm.add('food.harvest', { ...line('L1', '1200'), method: 'harvest' });
    const ship = farm.add('food.ship', { items: [line('L1', '1000')], destination: { enterprise: USCC.wholesaler } });
    const q = new LotQueries(LotGraph.build([farm.log()]));
    const gap = { ship: { logId: farm.hex, seq: ship.seq }, lot: { logId: farm.hex, enterprise: USCC.farmA, lot: 'L1' }, quantity: { value: '1000', unit: 'KGM' }, destination: USCC.wholesaler, reason: 'log-absent' };
    const recall = q.recall([{ logId: farm.logId, lot: 'L1' }]);
    expect(recall.gaps).toEqual([gap]);
    expect(recall.incomplete).toBe(true);
    expect(recall.gapCount).toBe(1);
    expect(recall.totals.inGaps).toEqual({ mass: '1000' });
    const forward = q.traceForward({ logId: farm.logId, lot: 'L1' });
    expect(forward.gaps).toEqual([gap]);
    expect(forward.incomplete).toBe(true);
    expect(forward.gapCount).toBe(1);
  });

  it('a complete chain has no gaps: every shipment was received in the bundle', () => {
    const s = buildScenario();
    const q = new LotQueries(LotGraph.build(s.logs));
    const recall = q.recall([{ logId: s.businesses.farmA.logId, lot: 'QK-A1' }]);
    expect(recall.gaps).toEqual([]);
    expect(recall.incomplete).toBe(false);
    expect(q.traceForward({ logId: s.businesses.farmB.logId, lot: 'QK-B1' }).incomplete).toBe(false);
    expect(q.traceBack({ traceCode: 'M2-1' }).incomplete).toBe(false);
  });

  it('a pallet to a market whose log is absent is a gap with what was packed on it', () => {
    const s = buildScenario();
    const { market2, processor, farmB } = s.businesses;
    const logs = s.logs.filter((l) => l.logId !== market2.logId);
    const recall = new LotQueries(LotGraph.build(logs)).recall([{ logId: farmB.logId, lot: 'QK-B1' }]);
    expect(recall.gaps).toEqual([{ ship: { logId: processor.hex, seq: s.records.shipP.seq }, lot: { logId: processor.hex, enterprise: USCC.processor, lot: 'P-MIX-1' }, quantity: { value: '850', unit: 'KGM' }, destination: USCC.market2, reason: 'log-absent' }]);
    expect(recall.incomplete).toBe(true);
  });

  it('says why a shipment is a gap: the log is absent, it was not received, or it was rejected', () => {
    const farm = new Business(USCC.farmA, 'farm');
    const market = new Business(USCC.market1, 'market');
    farm.add('food.harvest', { ...line('L1', '100'), method: 'harvest' });
    const s1 = farm.add('food.ship', { items: [line('L1', '10')], destination: { enterprise: USCC.market1 } });
    farm.add('food.ship', { items: [line('L1', '20')], destination: { enterprise: USCC.market1 } });
    farm.add('food.ship', { items: [line('L1', '30')], destination: { enterprise: USCC.market2 } });
    market.add('food.receive', { items: [line('L1', '10')], source: { enterprise: USCC.farmA }, status: 'rejected', discrepancy: 'wilted' }, [s1]);
    const r = new LotQueries(LotGraph.build([farm.log(), market.log()])).recall([{ logId: farm.logId, lot: 'L1' }]);
    expect(r.gaps.map((g) => [g.quantity.value, g.destination, g.reason])).toEqual([['10', USCC.market1, 'rejected'], ['20', USCC.market1, 'not-received'], ['30', USCC.market2, 'log-absent']]);
    expect(r.gapCount).toBe(3);
  });

  it('trace back: a pallet received from a processor whose log is absent is a gap, not a stage-order error', () => {
    const s = buildScenario();
    const { processor, market2 } = s.businesses;
    const g = LotGraph.build([market2.log()]);
    expect(codesOf(g.findings)).toEqual(['FOOD_REF_MISSING']); // the pallet's receive: the processor's log is absent
    const t = new LotQueries(g).traceBack({ traceCode: 'M2-1' });
    expect(t.gaps).toEqual([{ logId: processor.hex, seq: s.records.shipP.seq }]);
    expect(t.incomplete).toBe(true);
  });

  it('trace back: every receive whose shipper log is absent is a gap, once, in canonical order', () => {
    const farmA = new Business(USCC.farmA, 'a');
    const farmB = new Business(USCC.farmB, 'b');
    const w = new Business(USCC.wholesaler, 'w');
    for (const f of [farmA, farmB]) f.add('food.harvest', { ...line('L', '100'), method: 'harvest' });
    const sa = farmA.add('food.ship', { items: [line('L', '50')], destination: { enterprise: USCC.wholesaler } });
    const sb = farmB.add('food.ship', { items: [line('L', '50')], destination: { enterprise: USCC.wholesaler } });
    w.add('food.receive', { items: [line('L', '50')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [sa]);
    w.add('food.receive', { items: [line('L', '50')], source: { enterprise: USCC.farmB }, status: 'accepted' }, [sb]);
    const t = new LotQueries(LotGraph.build([w.log()])).traceBack({ logId: w.logId, lot: 'L' });
    expect(t.gaps).toEqual([{ logId: farmA.hex, seq: sa.seq }, { logId: farmB.hex, seq: sb.seq }].sort((x, y) => (x.logId < y.logId ? -1 : 1)));
    expect(t.incomplete).toBe(true);
  });

  it('an excerpt without the ship record a receipt names is a gap, not a receipt without a shipment', () => {
    const farm = new Business(USCC.farmA, 'farm');
    const market = new Business(USCC.market1, 'market');
    farm.add('food.harvest', { ...line('L1', '100'), method: 'harvest' });
    const ship = farm.add('food.ship', { items: [line('L1', '100')], destination: { enterprise: USCC.market1 } });
    market.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    market.add('food.sale', line('L1', '5'));
    const excerpt = { ...farm.log(), records: farm.records.filter((r) => r.seq !== ship.seq), partial: true };
    const g = LotGraph.build([excerpt, market.log()]);
    expect(codesOf(g.findings)).toEqual(['FOOD_REF_MISSING']);
    expect(new LotQueries(g).traceBack({ logId: market.logId, lot: 'L1' }).gaps).toEqual([{ logId: farm.hex, seq: ship.seq }]);
  });
});
