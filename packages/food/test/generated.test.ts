import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LotGraph, LotQueries } from '../src/index.js';
import { line } from './chain.js';
import { buildChain, plan } from './generator.js';

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
          // A lot that went no further, or sold, served, disposed or still holds some, is an end point, even if it shipped some on.
          const ends = new Set(forward.endpoints.map((e) => `${e.lot.logId}/${e.lot.lot}`));
          for (const l of forward.lots) {
            const m = q.massBalance(l)!;
            const stays = [m.sold, m.catered, m.disposed].some((v) => v !== '0') || Number(m.balance) > 0;
            const last = g.nodes[g.logs[g.logNumber(l.logId)!]!.lots.get(l.lot)!]!.downstream.length === 0;
            expect(ends.has(`${l.logId}/${l.lot}`)).toBe(stays || last);
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
