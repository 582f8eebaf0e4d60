import { describe, expect, it } from 'vitest';
import { LotGraph, LotQueries, type FoodFinding } from '../src/index.js';
import { permutations } from './answers.js';
import { Business, line, USCC } from './chain.js';
import { buildScenario } from './scenario.js';

const errors = (g: LotGraph) => g.findings.filter((f) => f.severity === 'error');
const codesOf = (fs: FoodFinding[]) => fs.map((f) => f.code).sort();
const lots = (ids: { enterprise: string; lot: string }[]) => ids.map((l) => `${l.enterprise}/${l.lot}`).sort();

describe('the lot graph of a hand-built chain', () => {
  const s = buildScenario();
  const g = LotGraph.build(s.logs);
  const q = new LotQueries(g);
  const { farmA, farmB, wholesaler, processor, market2, restaurant } = s.businesses;

  it('builds without findings', () => {
    expect(g.findings).toEqual([]);
  });

  it('traces a market-2 sale (split, merge, pallet) back to both farms, with the pesticide and the test', () => {
    const t = q.traceBack({ traceCode: 'M2-1' });
    expect(lots(t.start)).toEqual([`${USCC.market2}/P-MIX-1`]);
    expect(lots(t.origins.map((o) => o.lot))).toEqual([`${USCC.farmA}/QK-A1`, `${USCC.farmB}/QK-B1`].sort());
    const a = t.origins.find((o) => o.lot.lot === 'QK-A1')!;
    expect(a.created).toEqual([{ logId: farmA.hex, seq: s.records.harvestA.seq }]);
    expect(a.inputs).toEqual([{ logId: farmA.hex, seq: s.records.pesticide.seq }]);
    expect(a.tests).toEqual([{ record: { logId: farmA.hex, seq: s.records.testA.seq }, result: 'pass' }]);
    expect(a.certificates).toHaveLength(1);
    expect(t.gaps).toEqual([]);
    // market 2 P-MIX-1; processor P-MIX-1, W-A1-2, QK-B1; wholesaler W-A1-2, QK-A1, QK-B1; the two farm lots
    expect(t.lots).toHaveLength(9);
  });

  it('traces from a record: the restaurant cooking record goes back to both farms too', () => {
    const t = q.traceBack({ logId: restaurant.logId, seq: 2 });
    expect(t.origins.map((o) => o.lot.enterprise).sort()).toEqual([USCC.farmA, USCC.farmB].sort());
  });

  it('traces farm A forward to every end point with quantities', () => {
    const t = q.traceForward({ logId: farmA.logId, lot: 'QK-A1' });
    const ends = Object.fromEntries(t.endpoints.map((e) => [`${e.lot.enterprise}/${e.lot.lot}`, e]));
    // Market 2 sold some of P-MIX-1 and holds the rest, though it shipped 100 kg on: an end point too;
    // so is the farm, which still holds 200 kg of QK-A1.
    expect(Object.keys(ends).sort()).toEqual([`${USCC.farmA}/QK-A1`, `${USCC.market1}/W-A1-1`, `${USCC.market2}/P-MIX-1`, `${USCC.restaurant}/P-MIX-1`].sort());
    expect(ends[`${USCC.farmA}/QK-A1`]!.onHand).toEqual({ mass: '200' });
    expect(ends[`${USCC.market2}/P-MIX-1`]!.sold).toEqual({ mass: '20' });
    expect(ends[`${USCC.market2}/P-MIX-1`]!.onHand).toEqual({ mass: '730' });
    expect(ends[`${USCC.market1}/W-A1-1`]!.sold).toEqual({ mass: '25' });
    expect(ends[`${USCC.market1}/W-A1-1`]!.onHand).toEqual({ mass: '375' });
    expect(ends[`${USCC.restaurant}/P-MIX-1`]!.catered).toEqual({ mass: '30' });
    expect(ends[`${USCC.restaurant}/P-MIX-1`]!.onHand).toEqual({ mass: '70' });
  });

  it('recalls farm B lot: every affected lot and business downstream, what was sold and what is on hand', () => {
    const r = q.recall([{ logId: farmB.logId, lot: 'QK-B1' }]);
    expect(r.businesses.map((b) => b.enterprise).sort()).toEqual([USCC.farmB, USCC.wholesaler, USCC.processor, USCC.market2, USCC.restaurant].sort());
    const m2 = r.businesses.find((b) => b.enterprise === USCC.market2)!;
    expect(m2.sold).toEqual({ mass: '20' });
    expect(m2.onHand).toEqual({ mass: '730' }); // 850 − 20 sold − 100 shipped on
    expect(r.totals.catered).toEqual({ mass: '30' });
    expect(r.affected.find((a) => a.lot.enterprise === USCC.farmB)!.onHand).toEqual({ mass: '0' });
  });

  it('answers one step back and one step forward for the wholesaler', () => {
    const back = q.oneStepBack(wholesaler.logId);
    expect(back.map((x) => `${x.enterprise} ${x.lot} ${x.quantity.value}`).sort()).toEqual([`${USCC.farmA} QK-A1 800`, `${USCC.farmB} QK-B1 500`].sort());
    expect(back.every((x) => x.ship !== undefined && x.receive !== undefined)).toBe(true);
    const fwd = q.oneStepForward(wholesaler.logId);
    expect(fwd.map((x) => `${x.enterprise} ${x.lot} ${x.quantity.value}`).sort()).toEqual([`${USCC.market1} W-A1-1 400`, `${USCC.processor} W-A1-2 400`, `${USCC.processor} QK-B1 500`].sort());
    expect(fwd.every((x) => x.receive !== undefined)).toBe(true);
  });

  it('opens containers in one step back and forward: the pallet stands for what was packed on it', () => {
    expect(q.oneStepForward(processor.logId).map((x) => `${x.enterprise} ${x.lot} ${x.quantity.value}`)).toEqual([`${USCC.market2} P-MIX-1 850`]);
    expect(q.oneStepBack(market2.logId).map((x) => `${x.enterprise} ${x.lot} ${x.quantity.value}`)).toEqual([`${USCC.processor} P-MIX-1 850`]);
  });

  it('keeps a mass balance per lot per business', () => {
    expect(q.massBalance({ logId: farmA.logId, lot: 'QK-A1' })).toMatchObject({ created: '1000', shipped: '800', balance: '200', overdrawn: false });
    expect(q.massBalance({ logId: wholesaler.logId, lot: 'QK-A1' })).toMatchObject({ received: '800', used: '800', balance: '0' });
    expect(q.massBalance({ logId: market2.logId, lot: 'P-MIX-1' })).toMatchObject({ received: '850', sold: '20', shipped: '100', balance: '730' });
    expect(q.massBalance({ logId: processor.logId, lot: 'nope' })).toBeUndefined();
  });

  it('keeps bodies only when asked (keepBodies), and trace codes unless asked not to', () => {
    expect(g.event(0).body).toBeUndefined();
    const kept = LotGraph.build(s.logs, { keepBodies: true });
    const harvest = kept.eventIdAt(kept.logNumber(farmA.logId)!, s.records.harvestA.seq)!;
    expect(kept.event(harvest).body).toEqual(farmA.records[s.records.harvestA.seq]!.body);
    const noCodes = LotGraph.build(s.logs, { traceCodes: false });
    expect(noCodes.findings).toEqual(g.findings);
    expect(new LotQueries(noCodes).traceBack({ traceCode: 'M2-1' }).lots).toEqual([]);
    expect(q.traceBack({ traceCode: 'M2-1' }).lots.length).toBeGreaterThan(0);
  });

  it('returns nothing for unknown starts', () => {
    expect(q.traceBack({ traceCode: 'no-such-code' }).lots).toEqual([]);
    expect(q.traceForward({ logId: new Uint8Array(32), lot: 'QK-A1' }).lots).toEqual([]);
    expect(q.oneStepBack(new Uint8Array(32))).toEqual([]);
  });
});

describe('rules across records', () => {
  function twoParty() {
    const farm = new Business(USCC.farmA, 'farm');
    const market = new Business(USCC.market1, 'market');
    farm.add('food.harvest', { ...line('L1', '100'), method: 'harvest' });
    const ship = farm.add('food.ship', { items: [line('L1', '100')], destination: { enterprise: USCC.market1 } });
    return { farm, market, ship };
  }

  it('a lot sold beyond what was received is a counterfeit signal, with the records that prove it', () => {
    const { farm, market, ship } = twoParty();
    market.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    for (let i = 0; i < 3; i++) market.add('food.sale', { ...line('L1', '40') });
    const g = LotGraph.build([farm.log(), market.log()]);
    const f = g.findings.filter((x) => x.code === 'FOOD_OVERDRAWN');
    expect(f).toHaveLength(1);
    expect(f[0]!.logId).toBe(market.hex);
    expect(f[0]!.evidence!.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(new LotQueries(g).massBalance({ logId: market.logId, lot: 'L1' })).toMatchObject({ balance: '-20', overdrawn: true });
  });

  it('a sale before the lot was received, or of a lot never received, breaks stage order', () => {
    const { farm, market, ship } = twoParty();
    market.add('food.sale', { ...line('L1', '1') });
    market.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    market.add('food.sale', { ...line('GHOST', '1') });
    const g = LotGraph.build([farm.log(), market.log()]);
    expect(g.findings.filter((x) => x.code === 'FOOD_STAGE_ORDER').map((x) => x.seq)).toEqual([1, 3]);
  });

  it('a receipt must match its shipment: lot, quantity within tolerance, destination', () => {
    const { farm, market, ship } = twoParty();
    market.add('food.receive', { items: [line('L1', '99')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    market.add('food.receive', { items: [line('L1', '99')], source: { enterprise: USCC.farmA }, status: 'accepted', tolerance: '0.02' }, [ship]);
    market.add('food.receive', { items: [line('L1', '90')], source: { enterprise: USCC.farmA }, status: 'partial', discrepancy: '10 kg short' }, [ship]);
    market.add('food.receive', { items: [line('L2', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    const other = new Business(USCC.market2, 'other market');
    other.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    const g = LotGraph.build([farm.log(), market.log(), other.log()]);
    const mismatches = g.findings.filter((x) => x.code === 'FOOD_RECEIVE_MISMATCH').map((x) => `${x.logId === market.hex ? 'market' : 'other'}#${x.seq}`);
    expect(mismatches).toEqual(['market#1', 'market#4', 'other#1']);
  });

  it('a receipt without a ship record is refused; one whose shipper log is missing leaves a gap', () => {
    const { farm, market, ship } = twoParty();
    market.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' });
    market.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [{ ...ship, seq: 1 }]); // the harvest, not a ship
    const onlyMarket = LotGraph.build([market.log()]);
    const withFarm = LotGraph.build([farm.log(), market.log()]);
    expect(codesOf(withFarm.findings)).toEqual(['FOOD_RECEIVE_WITHOUT_SHIP', 'FOOD_RECEIVE_WITHOUT_SHIP']);
    const m = new Business(USCC.market1, 'm');
    m.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    m.add('food.sale', line('L1', '1'));
    const gap = LotGraph.build([m.log()]);
    expect(codesOf(gap.findings)).toEqual(['FOOD_REF_MISSING']);
    const t = new LotQueries(gap).traceBack({ logId: m.logId, lot: 'L1' });
    expect(t.gaps).toEqual([{ logId: farm.hex, seq: ship.seq }]);
    expect(t.origins[0]!.created).toEqual([]); // the trail ends: known so far, plus the gap
    expect(onlyMarket.findings.length).toBeGreaterThan(0);
  });

  it('a transformation outside its declared yield is reported', () => {
    const p = new Business(USCC.processor, 'p');
    p.add('food.harvest', { ...line('IN', '100'), method: 'harvest' });
    p.add('food.transform', { inputs: [line('IN', '100')], outputs: [line('OUT', '70')], yield: { ratio: '0.9', tolerance: '0.05' } });
    p.add('food.transform', { inputs: [line('OUT', '70')], outputs: [line('OUT2', '66.5')], yield: { ratio: '0.9', tolerance: '0.05' } });
    p.add('food.transform', { inputs: [line('OUT2', '66.5')], outputs: [line('JARS', '100', 'H87')], yield: { ratio: '1', tolerance: '0' } });
    const g = LotGraph.build([p.log()]);
    expect(g.findings.map((f) => [f.code, f.seq])).toEqual([['FOOD_YIELD', 2]]); // 66.5/70 = 0.95 is inside; kg → pieces is not checked
  });

  it('a correction voids an earlier record; one pointing forward or elsewhere is refused', () => {
    const { farm, market, ship } = twoParty();
    market.add('food.receive', { items: [line('L1', '100')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [ship]);
    const wrong = market.add('food.sale', line('L1', '150'));
    market.add('food.correction', { reason: 'typed 150 for 15', action: 'void' }, [wrong]);
    market.add('food.sale', line('L1', '15'));
    market.add('food.correction', { reason: 'elsewhere', action: 'void' }, [ship]);
    // A writer refuses forward references, so this record is made by hand, as a forger would.
    const last = market.records[market.records.length - 1]!;
    market.records.push({ ...last, seq: last.seq + 1, refs: [{ ...wrong, seq: last.seq + 5 }] });
    const g = LotGraph.build([farm.log(), market.log()]);
    expect(codesOf(g.findings)).toEqual(['FOOD_CORRECTION_TARGET', 'FOOD_CORRECTION_TARGET']);
    expect(new LotQueries(g).massBalance({ logId: market.logId, lot: 'L1' })).toMatchObject({ sold: '15', balance: '85' });
  });

  it('lots that are their own ancestors are reported, and queries still end', () => {
    const a = new Business(USCC.farmA, 'a');
    const b = new Business(USCC.wholesaler, 'b');
    a.add('food.harvest', { ...line('X', '10'), method: 'harvest' });
    const s1 = a.add('food.ship', { items: [line('X', '10')], destination: { enterprise: USCC.wholesaler } });
    b.add('food.receive', { items: [line('X', '10')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [s1]);
    const s2 = b.add('food.ship', { items: [line('X', '10')], destination: { enterprise: USCC.farmA } });
    a.add('food.receive', { items: [line('X', '10')], source: { enterprise: USCC.wholesaler }, status: 'accepted' }, [s2]);
    const g = LotGraph.build([a.log(), b.log()]);
    expect(codesOf(g.findings)).toContain('FOOD_CYCLE');
    expect(new LotQueries(g).traceBack({ logId: a.logId, lot: 'X' }).lots).toHaveLength(2);
  });

  it('one FOOD_CYCLE per strongly connected set of lots, at its smallest lot\'s log, whatever the order of the logs', () => {
    // Lot X goes both ways between every two of three businesses (a knot of cycles: a depth-first
    // search meets several back edges in it), and lot Y once round a simple cycle between two.
    const bs = [new Business(USCC.farmA, 'a'), new Business(USCC.wholesaler, 'b'), new Business(USCC.processor, 'c')];
    bs[0]!.add('food.harvest', { ...line('X', '60'), method: 'harvest' });
    bs[0]!.add('food.harvest', { ...line('Y', '10'), method: 'harvest' });
    const move = (from: Business, to: Business, lot: string) => {
      const s = from.add('food.ship', { items: [line(lot, '1')], destination: { enterprise: to.enterprise } });
      to.add('food.receive', { items: [line(lot, '1')], source: { enterprise: from.enterprise }, status: 'accepted' }, [s]);
    };
    for (const [i, j] of [[0, 1], [1, 2], [2, 0], [1, 0], [2, 1], [0, 2]] as const) move(bs[i]!, bs[j]!, 'X');
    move(bs[0]!, bs[1]!, 'Y');
    move(bs[1]!, bs[0]!, 'Y');
    const smallest = (xs: Business[]) => xs.map((b) => b.hex).sort()[0];
    const expected = [
      { logId: smallest(bs), lot: 'X' },
      { logId: smallest(bs.slice(0, 2)), lot: 'Y' },
    ].sort((x, y) => (x.logId! < y.logId! ? -1 : x.logId! > y.logId! ? 1 : x.lot < y.lot ? -1 : 1));
    for (const order of permutations(3)) {
      const g = LotGraph.build(order.map((i) => bs[i]!.log()));
      const cycles = g.findings.filter((f) => f.code === 'FOOD_CYCLE');
      expect(cycles.map((f) => ({ logId: f.logId, lot: /lot (\S+)/.exec(f.message)![1] }))).toEqual(expected);
      expect(cycles.every((f) => f.seq === undefined)).toBe(true);
    }
  });

  it('bad events are reported with their record and left out; other domains are ignored; mixed units are flagged', () => {
    const f = new Business(USCC.farmA, 'f');
    f.add('food.teleport', { lot: 'X' });
    f.add('food.harvest', { ...line('X', 'ten'), method: 'harvest' });
    f.add('iot.temperature', { celsius: 4 });
    f.add('food.harvest', { ...line('Y', '10'), method: 'harvest' });
    f.add('food.sale', line('Y', '2', 'H87'));
    const g = LotGraph.build([f.log(), f.log()]);
    expect(g.findings.map((x) => [x.code, x.seq])).toEqual([['FOOD_UNKNOWN_KIND', 1], ['FOOD_BAD_QUANTITY', 2], ['FOOD_UNIT_MISMATCH', 4]]);
    expect(g.eventCount).toBe(2);
    expect(errors(g)).toHaveLength(2);
  });
});
