import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LotGraph, LotQueries, type GraphLog, type TraceStart } from '../src/index.js';
import { VALID } from './bodies.js';
import { Business, line, USCC } from './chain.js';
import { buildChain, CODES, plan, type Plan } from './generator.js';
import { ReferenceQueries } from './reference-queries.js';

/** What is added to a generated chain: a farm lot sold kilo by kilo, tests, inputs, a cycle, dark shipments, a missing log. */
const extras = fc.record({
  sales: fc.integer({ min: 0, max: 150 }),
  tests: fc.array(fc.constantFrom('pass', 'fail'), { maxLength: 3 }),
  certificate: fc.boolean(),
  cycle: fc.boolean(),
  lost: fc.boolean(),
  rejected: fc.boolean(),
  voidSome: fc.boolean(),
  partialMarket: fc.boolean(),
  drop: fc.nat({ max: 6 }),
});

type Extras = typeof extras extends fc.Arbitrary<infer T> ? T : never;

function test(b: Business, lot: string, result: string) {
  return b.add('food.test', { ...VALID['food.test'], lot, test: { ...(VALID['food.test']!.test as object), result } });
}

function enrich(p: Plan, x: Extras) {
  const chain = buildChain(p);
  const farm = chain.farms[0]!;
  const [mid0, mid1] = chain.middles as [Business, Business];
  const codes: string[] = [];
  farm.add('food.input-use', VALID['food.input-use']!); // on the field before the harvest: an input of the lot
  farm.add('food.harvest', { ...line('G', String(x.sales + 10)), method: 'harvest', origin: { region: '350102', field: 'F-03' } });
  farm.add('food.input-use', VALID['food.input-use']!); // after it: not an input of the lot
  farm.add('food.input-use', { ...VALID['food.input-use'], target: { lot: 'G' } });
  if (x.certificate) farm.add('food.certificate', { ...VALID['food.certificate'], ...line('G', '1') });
  x.tests.forEach((r) => test(farm, 'G', r));
  const sales = [];
  for (let i = 0; i < x.sales; i++) {
    codes.push(`G-${i}`);
    sales.push(farm.add('food.sale', { ...line('G', '1'), traceCode: `G-${i}` }));
  }
  const move = (from: Business, to: Business, lot: string, status = 'accepted') => {
    const ship = from.add('food.ship', { items: [line(lot, '1')], destination: { enterprise: to.enterprise } });
    to.add('food.receive', { items: [line(lot, '1')], source: { enterprise: from.enterprise }, status, ...(status === 'rejected' ? { discrepancy: 'wilted' } : {}) }, [ship]);
  };
  move(farm, mid0, 'G');
  test(mid0, 'G', 'pass');
  if (x.cycle) move(mid0, farm, 'G'); // G at the farm is upstream of itself
  if (x.rejected) move(farm, mid1, 'G', 'rejected');
  if (x.lost) {
    mid0.add('food.ship', { items: [line('G', '1')], destination: { enterprise: chain.markets[1]!.enterprise } }); // never received (an excerpt of its log may be all there is)
    farm.add('food.ship', { items: [line('G', '1')], destination: { enterprise: CODES[2]! } }); // perhaps to a log not given
  }
  if (x.voidSome && sales.length > 0) farm.add('food.correction', { reason: 'entered twice', action: 'void' }, [sales[sales.length - 1]!]);
  for (const m of chain.markets) m.records.slice(1).forEach((r) => {
    const code = (r.body as { traceCode?: string }).traceCode;
    if (code !== undefined) codes.push(code);
  });
  const logs: GraphLog[] = chain.all.map((b) => ({ ...b.log(), ...(x.partialMarket && b === chain.markets[1] ? { partial: true } : {}) }));
  // Sometimes one log is missing (not the enriched farm's): receipts there point at nothing.
  const given = x.drop > 0 && x.drop < logs.length ? logs.filter((_, i) => i !== x.drop) : logs;
  return { graph: LotGraph.build(given), codes };
}

/** Every start a user can give: each lot, each trace code (voided ones too), each record. */
function starts(g: LotGraph, codes: string[]): TraceStart[] {
  const out: TraceStart[] = g.nodes.map((n) => ({ logId: g.logs[n.log]!.hex, lot: n.lot }));
  for (const code of [...codes, 'NO-SUCH-CODE']) out.push({ traceCode: code });
  for (const l of g.logs) for (let seq = 0; seq <= l.size; seq++) out.push({ logId: l.hex, seq });
  out.push({ logId: '00', lot: 'G' });
  return out;
}

describe('trace queries from per-lot summaries', () => {
  it('answer exactly as the walk over every event did, on generated chains with many sales, cycles and gaps', () => {
    const seen = new Set<string>(); // what the answers held, so the comparison is known to cover it
    fc.assert(
      fc.property(plan, extras, (p, x) => {
        const { graph, codes } = enrich(p, x);
        const fast = new LotQueries(graph);
        const ref = new ReferenceQueries(graph);
        const all = starts(graph, codes);
        for (const s of all) {
          const back = fast.traceBack(s);
          const forward = fast.traceForward(s);
          expect(back).toEqual(ref.traceBack(s));
          expect(forward).toEqual(ref.traceForward(s));
          if (back.origins.some((o) => o.inputs.length > 1 && o.certificates.length > 0 && o.tests.some((t) => t.result === 'fail'))) seen.add('origin');
          if (back.lots.length > 0 && back.origins.length === 0) seen.add('cycle');
          if (back.gaps.length > 0) seen.add('gaps');
          for (const gap of forward.gaps) seen.add(gap.reason);
          expect(fast.recall([s])).toEqual(ref.recall([s]));
        }
        const lots = all.slice(0, graph.nodes.length);
        expect(fast.recall(lots)).toEqual(ref.recall(lots));
      }),
      { numRuns: 40 },
    );
    expect([...seen].sort()).toEqual(['cycle', 'excerpt', 'gaps', 'log-absent', 'not-received', 'origin', 'rejected']);
  });

  it('a query from one sale of a lot sold many times reads no lot\'s list of events (its cost follows the answer, not the sales)', () => {
    const farm = new Business(USCC.farmA, 'farm');
    const market = new Business(USCC.market1, 'market');
    farm.add('food.harvest', { ...line('G', '400'), method: 'harvest' });
    test(farm, 'G', 'fail');
    for (let i = 0; i < 200; i++) farm.add('food.sale', { ...line('G', '1'), traceCode: `G-${i}` });
    const ship = farm.add('food.ship', { items: [line('G', '100')], destination: { enterprise: USCC.market1 } });
    market.add('food.receive', { items: [line('G', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    for (let i = 0; i < 50; i++) market.add('food.sale', { ...line('G', '1'), traceCode: `M-${i}` });
    farm.add('food.ship', { items: [line('G', '1')], destination: { enterprise: USCC.market2 } }); // never received
    const g = LotGraph.build([farm.log(), market.log()]);
    const q = new LotQueries(g);
    let reads = 0;
    for (const node of g.nodes) {
      node.events = new Proxy(node.events, { get: (t, k, r) => ((typeof k === 'symbol' || /^\d+$/.test(k)) && reads++, Reflect.get(t, k, r)) });
    }
    const back = q.traceBack({ traceCode: 'M-7' });
    const forward = q.traceForward({ traceCode: 'G-7' });
    const recall = q.recall([{ logId: farm.logId, lot: 'G' }]);
    expect(reads).toBe(0);
    expect(back.lots).toHaveLength(2);
    expect(back.origins[0]!.tests).toEqual([{ record: { logId: farm.hex, seq: 2 }, result: 'fail' }]);
    expect(forward.gaps.map((x) => x.reason)).toEqual(['log-absent']);
    expect(recall.affected).toHaveLength(2);
  });
});
