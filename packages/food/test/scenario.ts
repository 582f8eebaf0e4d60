import { Business, line, USCC } from './chain.js';

/**
 * A hand-built chain: two farms; a wholesaler that splits farm A's lot; a processor that
 * merges a split with farm B's lot, packs it onto a pallet and ships the pallet; two markets
 * selling with trace codes; a restaurant cooking with it.
 *
 *   farm A: QK-A1 1000 kg ─ship 800─▶ wholesaler ─split─▶ W-A1-1 400 ─ship─▶ market 1 (sells)
 *                                              └────────▶ W-A1-2 400 ─ship─▶ processor ─┐
 *   farm B: QK-B1  500 kg ─ship 500─▶ wholesaler ──────────── ship 500 ────▶ processor ─┴▶ merge P-MIX-1 850
 *   processor: pack P-MIX-1 onto pallet SSCC ─ship pallet─▶ market 2 (sells; ships 100 kg on) ─▶ restaurant (serves 30)
 */
export function buildScenario() {
  const farmA = new Business(USCC.farmA, '青口蔬菜基地');
  const farmB = new Business(USCC.farmB, '南通蔬菜合作社');
  const wholesaler = new Business(USCC.wholesaler, '海峡农产品批发市场');
  const processor = new Business(USCC.processor, '净菜加工厂');
  const market1 = new Business(USCC.market1, '鼓楼农贸市场');
  const market2 = new Business(USCC.market2, '仓山超市');
  const restaurant = new Business(USCC.restaurant, '闽菜馆');
  const PALLET = '106141411234567897';

  const pesticide = farmA.add('food.input-use', { input: { type: 'pesticide', name: '吡虫啉', quantity: { value: '0.5', unit: 'KGM' } }, target: { field: 'F-03' }, safetyIntervalDays: 7, eventTime: '2025-11-18T08:00:00+08:00' }); // 8 days before the harvest
  const harvestA = farmA.add('food.harvest', { ...line('QK-A1', '1000'), method: 'harvest', origin: { region: '闽侯县', field: 'F-03' } });
  const testA = farmA.add('food.test', { lot: 'QK-A1', test: { type: 'rapid', method: 'GB/T 5009.199', result: 'pass' } });
  farmA.add('food.certificate', { ...line('QK-A1', '1000'), certificate: { type: '承诺达标合格证', number: 'HGZ-1', issuer: { name: '青口蔬菜基地' }, issuedOn: '2025-11-26' }, origin: '闽侯县' });
  const shipA = farmA.add('food.ship', { items: [line('QK-A1', '800')], destination: { enterprise: USCC.wholesaler } });

  const harvestB = farmB.add('food.harvest', { ...line('QK-B1', '500'), method: 'harvest' });
  const shipB = farmB.add('food.ship', { items: [line('QK-B1', '500')], destination: { enterprise: USCC.wholesaler } });

  wholesaler.add('food.receive', { items: [line('QK-A1', '800')], source: { enterprise: USCC.farmA }, status: 'accepted' }, [shipA]);
  wholesaler.add('food.receive', { items: [line('QK-B1', '500')], source: { enterprise: USCC.farmB }, status: 'accepted' }, [shipB]);
  wholesaler.add('food.transform', { inputs: [line('QK-A1', '800')], outputs: [line('W-A1-1', '400'), line('W-A1-2', '400')], yield: { ratio: '1', tolerance: '0.01' } });
  const shipW1 = wholesaler.add('food.ship', { items: [line('W-A1-1', '400')], destination: { enterprise: USCC.market1 } });
  const shipW2 = wholesaler.add('food.ship', { items: [line('W-A1-2', '400'), line('QK-B1', '500')], destination: { enterprise: USCC.processor } });

  processor.add('food.receive', { items: [line('W-A1-2', '400'), line('QK-B1', '500')], source: { enterprise: USCC.wholesaler }, status: 'accepted' }, [shipW2]);
  processor.add('food.transform', { inputs: [line('W-A1-2', '400'), line('QK-B1', '500')], outputs: [line('P-MIX-1', '850')], yield: { ratio: '0.95', tolerance: '0.05' } });
  processor.add('food.pack', { container: { sscc: PALLET, type: 'pallet' }, contents: [line('P-MIX-1', '850')] });
  const shipP = processor.add('food.ship', { items: [{ sscc: PALLET }], destination: { enterprise: USCC.market2 } });

  market1.add('food.receive', { items: [line('W-A1-1', '400')], source: { enterprise: USCC.wholesaler }, status: 'accepted' }, [shipW1]);
  for (let i = 0; i < 10; i++) market1.add('food.sale', { ...line('W-A1-1', '2.5'), traceCode: `M1-${i}` });

  market2.add('food.receive', { items: [{ sscc: PALLET }], source: { enterprise: USCC.processor }, status: 'accepted' }, [shipP]);
  for (let i = 0; i < 4; i++) market2.add('food.sale', { ...line('P-MIX-1', '5'), traceCode: `M2-${i}` });
  const shipM2 = market2.add('food.ship', { items: [line('P-MIX-1', '100')], destination: { enterprise: USCC.restaurant } });

  restaurant.add('food.receive', { items: [line('P-MIX-1', '100')], source: { enterprise: USCC.market2 }, status: 'accepted' }, [shipM2]);
  restaurant.add('food.catering-use', { ...line('P-MIX-1', '30'), dish: '清炒青菜' });

  return {
    businesses: { farmA, farmB, wholesaler, processor, market1, market2, restaurant },
    records: { pesticide, harvestA, testA, harvestB, shipA, shipB, shipW1, shipW2, shipP, shipM2 },
    logs: [farmA, farmB, wholesaler, processor, market1, market2, restaurant].map((b) => b.log()),
  };
}
