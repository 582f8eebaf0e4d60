import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFindings, LotGraph, LotQueries, type FoodFinding } from '../src/index.js';
import { answers, buildInterleaved, permutations } from './answers.js';
import { Business, line, USCC } from './chain.js';
import { buildChain, CODES, plan } from './generator.js';
import { buildScenario } from './scenario.js';

const sorted = (fs: readonly FoodFinding[]) => fs.slice().sort(compareFindings);

describe('order never matters', () => {
  const s = buildScenario();
  const reference = answers(LotGraph.build(s.logs));
  const { farmA, farmB, market2 } = s.businesses;

  it('the hand-built chain in alphabetical order (what a shell glob gives) answers as in supply-chain order', () => {
    // farm A, farm B, market 1, market 2, processor, restaurant, wholesaler
    const b = s.businesses;
    const glob = [b.farmA, b.farmB, b.market1, b.market2, b.processor, b.restaurant, b.wholesaler].map((x) => x.log());
    const g = LotGraph.build(glob);
    expect(g.findings).toEqual([]);
    const q = new LotQueries(g);
    expect(q.traceBack({ traceCode: 'M2-1' }).origins.map((o) => o.lot.enterprise).sort()).toEqual([USCC.farmA, USCC.farmB].sort());
    const recall = q.recall([{ logId: farmB.logId, lot: 'QK-B1' }]);
    expect(recall.affected).toHaveLength(6);
    expect(recall.totals.onHand).toEqual({ mass: '800' }); // 730 at market 2, 70 at the restaurant
    expect(answers(g)).toEqual(reference);
  });

  it('every one of the 5,040 orders of its seven logs gives the same graph, findings and answers', () => {
    const logs = s.logs;
    const shape = (g: LotGraph) => g.nodes.map((n) => `${g.logs[n.log]!.hex}/${n.lot}<${n.upstream.join(',')}:${n.events.join(',')}`).join(' ');
    const expected = shape(LotGraph.build(logs));
    for (const order of permutations(logs.length)) {
      const g = LotGraph.build(order.map((i) => logs[i]!));
      expect(g.findings).toEqual([]);
      expect(shape(g)).toBe(expected);
    }
    for (const order of permutations(logs.length).filter((_, i) => i % 97 === 0)) expect(answers(LotGraph.build(order.map((i) => logs[i]!)))).toEqual(reference);
  });

  it('the streaming builder gives the same answers with logs interleaved record by record', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 7 }), fc.array(fc.nat(), { maxLength: 40 }), (order, picks) => {
        expect(answers(buildInterleaved(s.logs, order, picks))).toEqual(reference);
      }),
      { numRuns: 80 },
    );
  });

  it('generated chains (with reused pallets) give identical findings and answers for every order and interleaving', () => {
    fc.assert(
      fc.property(plan, fc.array(fc.nat(), { maxLength: 30 }), fc.infiniteStream(fc.nat()), (p, picks, seeds) => {
        const chain = buildChain(p);
        const ref = answers(LotGraph.build(chain.logs));
        expect(ref.findings).toEqual([]);
        const order = chain.logs.map((_, i) => i).sort((a, b) => (seeds.next().value! % 7) - 3 || a - b);
        expect(answers(LotGraph.build(order.map((i) => chain.logs[i]!)))).toEqual(ref);
        expect(answers(LotGraph.build(chain.logs.slice().reverse()))).toEqual(ref);
        expect(answers(buildInterleaved(chain.logs, order, picks))).toEqual(ref);
      }),
      { numRuns: 60 },
    );
  });

  it('generated chains with bad records give identical findings for every order and interleaving', () => {
    fc.assert(
      fc.property(plan, fc.nat(), fc.array(fc.nat(), { maxLength: 30 }), (p, pick, picks) => {
        const chain = buildChain(p);
        const m = chain.markets[pick % 2]!;
        const mid = chain.middles[pick % 2]!;
        m.add('food.sale', line('GHOST', '1')); // never received
        const lots = [...chain.stock(m).entries()];
        if (lots.length > 0) m.add('food.sale', line(lots[pick % lots.length]![0], String(lots[pick % lots.length]![1] + 5))); // overdrawn
        mid.add('food.receive', { items: [line('X', '1')], source: { enterprise: CODES[0]! }, status: 'accepted' }); // no shipment named
        const logs = chain.all.map((b) => b.log());
        const ref = answers(LotGraph.build(logs));
        expect(ref.findings.length).toBeGreaterThanOrEqual(2);
        expect(ref.findings).toEqual(sorted(ref.findings));
        expect(answers(LotGraph.build(logs.slice().reverse()))).toEqual(ref);
        expect(answers(buildInterleaved(logs, logs.map((_, i) => logs.length - 1 - i), picks))).toEqual(ref);
      }),
      { numRuns: 40 },
    );
  });

  it('findings come out in canonical order (log id, seq, code), not in the order logs were given', () => {
    const farm = new Business(USCC.farmA, 'farm');
    const market = new Business(USCC.market1, 'market');
    farm.add('food.harvest', { ...line('L1', '10'), method: 'harvest' });
    farm.add('food.sale', line('GHOST', '1'));
    const ship = farm.add('food.ship', { items: [line('L1', '10')], destination: { enterprise: USCC.market1 } });
    market.add('food.sale', line('L1', '1'));
    market.add('food.receive', { items: [line('L1', '12')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    market.add('food.harvest', { ...line('BAD', 'x'), method: 'harvest' });
    const a = LotGraph.build([farm.log(), market.log()]).findings;
    const b = LotGraph.build([market.log(), farm.log()]).findings;
    expect(a.length).toBeGreaterThanOrEqual(4);
    expect(a).toEqual(sorted(a));
    expect(b).toEqual(a);
  });

  it('a pallet reused for a second shipment opens into what was packed just before each shipment', () => {
    const p = new Business(USCC.processor, 'processor');
    const m = new Business(USCC.market2, 'market');
    const PALLET = '106141411234567897';
    p.add('food.harvest', { ...line('A', '100'), method: 'harvest' });
    p.add('food.harvest', { ...line('B', '100'), method: 'harvest' });
    p.add('food.pack', { container: { sscc: PALLET, type: 'pallet' }, contents: [line('A', '60')] });
    const s1 = p.add('food.ship', { items: [{ sscc: PALLET }], destination: { enterprise: USCC.market2 } });
    p.add('food.pack', { container: { sscc: PALLET, type: 'pallet' }, contents: [line('B', '40')] });
    const s2 = p.add('food.ship', { items: [{ sscc: PALLET }], destination: { enterprise: USCC.market2 } });
    m.add('food.receive', { items: [{ sscc: PALLET }], source: { enterprise: USCC.processor }, status: 'accepted' }, [s1]);
    m.add('food.receive', { items: [{ sscc: PALLET }], source: { enterprise: USCC.processor }, status: 'accepted' }, [s2]);
    m.add('food.sale', line('A', '10'));
    m.add('food.sale', line('B', '10'));
    for (const logs of [[p.log(), m.log()], [m.log(), p.log()]]) {
      const g = LotGraph.build(logs);
      expect(g.findings).toEqual([]);
      const q = new LotQueries(g);
      expect(q.massBalance({ logId: m.logId, lot: 'A' })).toMatchObject({ received: '60', balance: '50' });
      expect(q.massBalance({ logId: m.logId, lot: 'B' })).toMatchObject({ received: '40', balance: '30' });
      expect(q.massBalance({ logId: p.logId, lot: 'A' })).toMatchObject({ shipped: '60', balance: '40' });
    }
  });

  it('the same log given twice counts once, whichever copy comes first', () => {
    const g1 = LotGraph.build([farmA.log(), market2.log(), farmA.log(), ...s.logs]);
    expect(answers(g1)).toEqual(reference);
  });
});
