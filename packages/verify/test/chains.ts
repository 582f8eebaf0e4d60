/**
 * Generated supply chains as bundles, for property tests: farms harvest, two middle businesses
 * receive (one may merge its lots, one may pack onto a pallet and ship the pallet), two
 * markets receive and sell with trace codes. Honest by construction: nothing leaves a business
 * that it does not hold. Every business is enrolled under its genesis name and checkpointed.
 */
import fc from 'fast-check';
import { LogWriter } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { AUTHORITY_ROLE, BundleWriter, ENROL_KIND } from '../src/index.js';
import { Business, line } from '../../food/test/chain.js';
import { AUTHORITY_SECRET } from './fixture.js';

const CODES = ['91350100M000100Y43', '91350121MA31ABCD1Q', '91350100MA2XN8KX46', '91350104MA8PRC002R', '92350102MA2MKT0013', '92350103MA2MKT002L', '92350105MA2RTN0038'];
const PALLET = '106141411234567897';

export interface Plan {
  farms: number[];
  toMiddle: [number, number, number][];
  merge: boolean[];
  pallet: boolean;
  toMarket: [number, number, number][];
  sales: [number, number][];
}

export const plan: fc.Arbitrary<Plan> = fc.record({
  farms: fc.array(fc.integer({ min: 10, max: 1000 }), { minLength: 1, maxLength: 3 }),
  toMiddle: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 5 }),
  merge: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  pallet: fc.boolean(),
  toMarket: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 6 }),
  sales: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: 8 }),
});

export interface Chain {
  farms: Business[];
  all: Business[];
  roles: Map<Business, string>;
  traceCodes: string[];
  /** Farm lots, for recalls. */
  lots: { logId: Uint8Array; lot: string }[];
}

export function buildChain(p: Plan): Chain {
  const farms = p.farms.map((_, i) => new Business(CODES[i]!, `farm ${i}`));
  const middles = [0, 1].map((i) => new Business(CODES[3 + i]!, `middle ${i}`));
  const markets = [0, 1].map((i) => new Business(CODES[5 + i]!, `market ${i}`));
  const held = new Map<Business, Map<string, number>>();
  const stock = (b: Business) => held.get(b) ?? held.set(b, new Map()).get(b)!;
  const traceCodes: string[] = [];
  const move = (from: Business, to: Business, lot: string, kg: number, pallet = false) => {
    if (pallet) from.add('food.pack', { container: { sscc: PALLET, type: 'pallet' }, contents: [line(lot, String(kg))] });
    const items = pallet ? [{ sscc: PALLET }] : [line(lot, String(kg))];
    const ship = from.add('food.ship', { items, destination: { enterprise: to.enterprise } });
    to.add('food.receive', { items, source: { enterprise: from.enterprise }, status: 'accepted' }, [ship]);
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
  let palletUsed = false;
  for (const [m, k, pct] of p.toMarket) {
    const mid = middles[m % 2]!;
    const lots = [...stock(mid).entries()].filter(([, kg]) => kg > 0);
    if (lots.length === 0) continue;
    const [lot, have] = lots[k % lots.length]!;
    const kg = Math.floor((have * pct) / 100);
    const pallet: boolean = p.pallet && !palletUsed && mid === middles[0];
    if (kg > 0) {
      move(mid, markets[k % 2]!, lot, kg, pallet);
      palletUsed ||= pallet;
    }
  }
  p.sales.forEach(([k, pct], n) => {
    const market = markets[k % 2]!;
    const lots = [...stock(market).entries()].filter(([, kg]) => kg > 0);
    if (lots.length === 0) return;
    const [lot, have] = lots[k % lots.length]!;
    const kg = Math.max(1, Math.floor((have * pct) / 100));
    const traceCode = `T${k % 2}-${n}`;
    market.add('food.sale', { ...line(lot, String(kg)), traceCode });
    traceCodes.push(traceCode);
    stock(market).set(lot, have - kg);
  });
  const all = [...farms, ...middles, ...markets];
  const roles = new Map<Business, string>([...farms.map((b) => [b, 'farm'] as const), ...middles.map((b) => [b, 'wholesaler'] as const), ...markets.map((b) => [b, 'market'] as const)]);
  return { farms, all, roles, traceCodes, lots: farms.map((f, i) => ({ logId: f.logId, lot: `F${i}` })) };
}

/** An authority log enrolling every business of the chain (role, genesis name), checkpointed. */
export async function authorityFor(businesses: Iterable<[Business, string]>) {
  const a = LogWriter.create(nodeSigner(AUTHORITY_SECRET), { enterprise: '12350000MB0000000K', meta: { role: AUTHORITY_ROLE } }, { crypto: nodeCrypto, clock: () => 1_764_000_000_000 });
  const records = [a.genesis];
  for (const [b, role] of businesses) records.push(a.append({ kind: ENROL_KIND, body: { key: nodeSigner(b.secret).publicKey, enterprise: b.enterprise, name: b.name, roles: [role], validFrom: 0 } }).bytes);
  return { logId: a.logId, records, checkpoints: [await a.checkpoint()] };
}

/** The chain's logs, each checkpointed, with the authority log, as a bundle; and the inputs `exportTrace` takes. */
export async function chainBundle(chain: Chain) {
  const authority = await authorityFor(chain.roles);
  const logs = await Promise.all(chain.all.map(async (b) => ({ logId: b.logId, enterprise: b.enterprise, records: [b.writer.genesis, ...b.appended], checkpoints: [await b.writer.checkpoint()] })));
  const w = BundleWriter.toMemory({ created: 1 });
  w.addLog(authority);
  for (const l of logs) w.addLog(l);
  return { bytes: w.finish()!, authority, logs };
}
