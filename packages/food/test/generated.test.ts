import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LotGraph, LotQueries } from '../src/index.js';
import { Business, line } from './chain.js';

/** Valid 统一社会信用代码, one per generated business. */
const CODES = ['91350100M000100Y43', '91350121MA31ABCD1Q', '91350100MA2XN8KX46', '91350104MA8PRC002R', '92350102MA2MKT0013', '92350103MA2MKT002L', '92350105MA2RTN0038'];

interface Plan {
  farms: number[]; // harvest quantities (kg)
  toMiddle: [number, number, number][]; // farm, middle, percentage of what the farm has left
  merge: boolean[]; // per middle business: merge everything received into one lot first
  toMarket: [number, number, number][]; // middle, market, percentage of a lot's remainder
  sales: [number, number][]; // market, percentage of a lot's remainder
}

const plan: fc.Arbitrary<Plan> = fc.record({
  farms: fc.array(fc.integer({ min: 10, max: 1000 }), { minLength: 1, maxLength: 3 }),
  toMiddle: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 6 }),
  merge: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  toMarket: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 8 }),
  sales: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 12 }),
});

/** Builds an honest chain from a plan: nothing leaves a business that it does not hold. */
function buildChain(p: Plan) {
  const farms = p.farms.map((_, i) => new Business(CODES[i]!, `farm ${i}`));
  const middles = [0, 1].map((i) => new Business(CODES[3 + i]!, `middle ${i}`));
  const markets = [0, 1].map((i) => new Business(CODES[5 + i]!, `market ${i}`));
  const held = new Map<Business, Map<string, number>>(); // business → lot → kg on hand
  const stock = (b: Business) => held.get(b) ?? held.set(b, new Map()).get(b)!;
  const move = (from: Business, to: Business, lot: string, kg: number) => {
    const ship = from.add('food.ship', { items: [line(lot, String(kg))], destination: { enterprise: to.enterprise } });
    to.add('food.receive', { items: [line(lot, String(kg))], source: { enterprise: from.enterprise }, status: 'accepted' }, [ship]);
    stock(from).set(lot, stock(from).get(lot)! - kg);
    stock(to).set(lot, (stock(to).get(lot) ?? 0) + kg);
  };
  p.farms.forEach((kg, i) => {
    farms[i]!.add('food.harvest', { ...line(`F${i}`, String(kg)), method: 'harvest' });
    stock(farms[i]!).set(`F${i}`, kg);
  });
  for (const [f, m, pct] of p.toMiddle) {
    const farm = farms[f % farms.length]!;
    const lot = `F${farms.indexOf(farm)}`;
    const kg = Math.floor((stock(farm).get(lot)! * pct) / 100);
    if (kg > 0) move(farm, middles[m % 2]!, lot, kg);
  }
  middles.forEach((mid, i) => {
    const lots = [...stock(mid).entries()].filter(([, kg]) => kg > 0);
    if (!p.merge[i] || lots.length < 2) return;
    const total = lots.reduce((s, [, kg]) => s + kg, 0);
    mid.add('food.transform', { inputs: lots.map(([lot, kg]) => line(lot, String(kg))), outputs: [line(`MIX${i}`, String(total))], yield: { ratio: '1', tolerance: '0' } });
    for (const [lot] of lots) stock(mid).set(lot, 0);
    stock(mid).set(`MIX${i}`, total);
  });
  for (const [m, k, pct] of p.toMarket) {
    const mid = middles[m % 2]!;
    const lots = [...stock(mid).entries()].filter(([, kg]) => kg > 0);
    if (lots.length === 0) continue;
    const [lot, have] = lots[k % lots.length]!;
    const kg = Math.floor((have * pct) / 100);
    if (kg > 0) move(mid, markets[k % 2]!, lot, kg);
  }
  for (const [k, pct] of p.sales) {
    const market = markets[k % 2]!;
    const lots = [...stock(market).entries()].filter(([, kg]) => kg > 0);
    if (lots.length === 0) continue;
    const [lot, have] = lots[k % lots.length]!;
    const kg = Math.max(1, Math.floor((have * pct) / 100));
    market.add('food.sale', line(lot, String(kg)));
    stock(market).set(lot, have - kg);
  }
  const all = [...farms, ...middles, ...markets];
  return { farms, markets, all, stock, logs: all.map((b) => b.log()) };
}

describe('generated supply chains (property)', () => {
  it('an honest chain has no findings, and every end point traces back to the farm it came from', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const chain = buildChain(p);
        const g = LotGraph.build(chain.logs);
        expect(g.findings).toEqual([]);
        const q = new LotQueries(g);
        chain.farms.forEach((farm, i) => {
          const forward = q.traceForward({ logId: farm.logId, lot: `F${i}` });
          for (const end of forward.endpoints) {
            const back = q.traceBack({ logId: end.lot.logId, lot: end.lot.lot });
            expect(back.origins.map((o) => `${o.lot.logId}/${o.lot.lot}`)).toContain(`${farm.hex}/F${i}`);
          }
          // The recall of a farm lot reaches exactly the lots its forward trace reaches.
          expect(q.recall([{ logId: farm.logId, lot: `F${i}` }]).affected.length).toBe(forward.lots.length);
        });
        // Every lot's ledger agrees with what the generator knows is on hand.
        for (const b of chain.all) for (const [lot, kg] of chain.stock(b)) {
          expect(q.massBalance({ logId: b.logId, lot })!.balance).toBe(String(kg));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('selling one kilogram more than a market holds is caught as an overdrawn lot at that market', () => {
    fc.assert(
      fc.property(plan, fc.nat(), (p, pick) => {
        const chain = buildChain(p);
        const candidates = chain.markets.flatMap((m) => [...chain.stock(m).entries()].map(([lot, kg]) => ({ m, lot, kg })));
        fc.pre(candidates.length > 0);
        const { m, lot, kg } = candidates[pick % candidates.length]!;
        m.add('food.sale', line(lot, String(kg + 1)));
        const g = LotGraph.build(chain.all.map((b) => b.log()));
        const overdrawn = g.findings.filter((f) => f.code === 'FOOD_OVERDRAWN');
        expect(overdrawn).toHaveLength(1);
        expect(overdrawn[0]!.logId).toBe(m.hex);
        expect(new LotQueries(g).massBalance({ logId: m.logId, lot })!.balance).toBe('-1');
      }),
      { numRuns: 60 },
    );
  });
});
