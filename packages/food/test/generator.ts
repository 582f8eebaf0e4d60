import fc from 'fast-check';
import { Business, line } from './chain.js';

/** Valid 统一社会信用代码, one per generated business. */
export const CODES = ['91350100M000100Y43', '91350121MA31ABCD1Q', '91350100MA2XN8KX46', '91350104MA8PRC002R', '92350102MA2MKT0013', '92350103MA2MKT002L', '92350105MA2RTN0038'];

/** An SSCC with its GS1 mod-10 check digit: extension digit 1, company prefix 0614141, serial `n`. */
export function sscc(n: number): string {
  const body = `10614141${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
  return body + String((10 - (sum % 10)) % 10);
}

export interface Plan {
  farms: number[]; // harvest quantities (kg)
  toMiddle: [number, number, number][]; // farm, middle, percentage of what the farm has left
  merge: boolean[]; // per middle business: merge everything received into one lot first
  /** Per middle business: ship to markets on a pallet (one SSCC, packed again before every shipment) instead of by lot. */
  pallet: boolean[];
  toMarket: [number, number, number][]; // middle, market, percentage of a lot's remainder
  sales: [number, number][]; // market, percentage of a lot's remainder
}

export const plan: fc.Arbitrary<Plan> = fc.record({
  farms: fc.array(fc.integer({ min: 10, max: 1000 }), { minLength: 1, maxLength: 3 }),
  toMiddle: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 6 }),
  merge: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  pallet: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  toMarket: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 8 }),
  sales: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 12 }),
});

/**
 * Builds an honest chain from a plan: nothing leaves a business that it does not hold.
 * Farms → two middle businesses (which may merge lots, and may ship on a pallet whose SSCC
 * is reused for every shipment, so only the pack just before a shipment says what it held)
 * → two markets, which sell.
 */
export function buildChain(p: Plan) {
  const farms = p.farms.map((_, i) => new Business(CODES[i]!, `farm ${i}`));
  const middles = [0, 1].map((i) => new Business(CODES[3 + i]!, `middle ${i}`));
  const markets = [0, 1].map((i) => new Business(CODES[5 + i]!, `market ${i}`));
  const held = new Map<Business, Map<string, number>>(); // business → lot → kg on hand
  const stock = (b: Business) => held.get(b) ?? held.set(b, new Map()).get(b)!;
  const take = (from: Business, to: Business, lot: string, kg: number) => {
    stock(from).set(lot, stock(from).get(lot)! - kg);
    stock(to).set(lot, (stock(to).get(lot) ?? 0) + kg);
  };
  const move = (from: Business, to: Business, lot: string, kg: number) => {
    const ship = from.add('food.ship', { items: [line(lot, String(kg))], destination: { enterprise: to.enterprise } });
    to.add('food.receive', { items: [line(lot, String(kg))], source: { enterprise: from.enterprise }, status: 'accepted' }, [ship]);
    take(from, to, lot, kg);
  };
  const moveOnPallet = (from: Business, to: Business, pallet: string, lot: string, kg: number) => {
    from.add('food.pack', { container: { sscc: pallet, type: 'pallet' }, contents: [line(lot, String(kg))] });
    const ship = from.add('food.ship', { items: [{ sscc: pallet }], destination: { enterprise: to.enterprise } });
    to.add('food.receive', { items: [{ sscc: pallet }], source: { enterprise: from.enterprise }, status: 'accepted' }, [ship]);
    take(from, to, lot, kg);
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
    if (kg <= 0) continue;
    if (p.pallet[m % 2]) moveOnPallet(mid, markets[k % 2]!, sscc(m % 2), lot, kg);
    else move(mid, markets[k % 2]!, lot, kg);
  }
  for (const [k, pct] of p.sales) {
    const market = markets[k % 2]!;
    const lots = [...stock(market).entries()].filter(([, kg]) => kg > 0);
    if (lots.length === 0) continue;
    const [lot, have] = lots[k % lots.length]!;
    const kg = Math.max(1, Math.floor((have * pct) / 100));
    market.add('food.sale', { ...line(lot, String(kg)), traceCode: `T${market.records.length}-${k % 2}` });
    stock(market).set(lot, have - kg);
  }
  const all = [...farms, ...middles, ...markets];
  return { farms, middles, markets, all, stock, logs: all.map((b) => b.log()) };
}
