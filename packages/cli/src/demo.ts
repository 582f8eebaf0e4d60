import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LotLine } from '@suyuan/food';
import { BundleWriter, ENROL_KIND, formatReport, openVerifiedBundle } from '@suyuan/verify';
import { FileLogStore, Ledger, newSecretKey, readSecretKeyFile, writeKeyPair, writeSecretKeyFile } from 'suyuan';
import { optional, type Flags } from './args.js';
import { inspectDemoTarget, installDemo, markDemo, scratchDir } from './demo-dir.js';
import { EXIT, toJson, type Io } from './io.js';
import { suiteOption } from './suite.js';

/** The demo's businesses: name, 统一社会信用代码, display name, role. */
const BUSINESSES = [
  ['farm-a', '91350100M000100Y43', '闽侯青口蔬菜基地', 'farm'],
  ['farm-b', '91350121MA31ABCD1Q', '长乐蔬菜合作社', 'farm'],
  ['wholesaler', '91350100MA2XN8KX46', '海峡农产品批发市场', 'wholesaler'],
  ['processor', '91350104MA8PRC002R', '榕城净菜加工厂', 'processor'],
  ['market-1', '92350102MA2MKT0013', '鼓楼农贸市场', 'market'],
  ['market-2', '92350103MA2MKT002L', '仓山生鲜超市', 'market'],
  ['restaurant', '92350105MA2RTN0038', '三坊七巷闽菜馆', 'restaurant'],
] as const;
type Name = (typeof BUSINESSES)[number][0];
const AUTHORITY = '12350100MB0000000Q';

const T = (h: number) => `2025-11-26T${String(h).padStart(2, '0')}:00:00+08:00`;
const line = (lot: string, value: string, description = '青菜', category = '0101'): LotLine => ({ lot, product: { description, category }, quantity: { value, unit: 'KGM' } });

/**
 * `suyuan demo [--dir DIR]`: a realistic chain on the embedded file store, from two farms to a
 * restaurant, enrolled by an authority; checkpointed, exported, verified, traced, recalled.
 * It is built beside DIR and moved into place when done; DIR must be new, empty, or an
 * earlier demo's (nothing else is ever deleted).
 */
export async function demo(_pos: string[], f: Flags, io: Io): Promise<number> {
  const dir = resolve(optional(f, 'dir') ?? '.demo');
  const target = inspectDemoTarget(dir);
  const work = scratchDir(dir);
  try {
    mkdirSync(join(work, 'keys'), { recursive: true });
    const result = await build(work, dir, f, io);
    markDemo(work);
    installDemo(work, dir, target);
    return result;
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

/** Builds the chain in `work`; says what it does in terms of `dir`, where it will be. */
async function build(work: string, dir: string, f: Flags, io: Io): Promise<number> {
  const say = (s: string) => { if (!f.json && !f.quiet) io.out(s); };
  const key = (name: string) => join(work, 'keys', `${name}.key`);
  const suite = suiteOption(f); // every log of the demo, the authority's too, is of this suite

  say(`1. keys and logs in ${dir}`);
  // Each business is an SDK ledger on the file store (the command line's layout: logs/NAME, keys/NAME.key).
  const stores = {} as Record<Name | 'authority', FileLogStore>;
  const open = async (name: Name | 'authority', enterprise: string, display: string, authority = false) => {
    if (authority) await writeKeyPair(key(name), join(work, 'authority.pub'), suite); // what the regulator trusts
    else writeSecretKeyFile(key(name), newSecretKey(suite), suite); // keys/ holds secret keys only; the enrolment carries the public ones
    stores[name] = await FileLogStore.open(join(work, 'logs', name), { mode: 'batched' });
    return Ledger.open({ store: stores[name], signer: readSecretKeyFile(key(name)), enterprise, name: display, authority, checkpointOnClose: false });
  };
  const authority = await open('authority', AUTHORITY, '市场监督管理局', true);
  const logs = {} as Record<Name, Ledger>;
  for (const [name, uscc, display, role] of BUSINESSES) {
    logs[name] = await open(name, uscc, display);
    await authority.appendRecords([{ kind: ENROL_KIND, body: { key: readSecretKeyFile(key(name)).publicKey, enterprise: uscc, name: display, roles: [role], validFrom: Date.now() - 86_400_000 } }]);
  }
  await authority.checkpoint();
  say(`   an authority enrolled ${BUSINESSES.length} businesses: ${BUSINESSES.map((b) => b[0]).join(', ')}`);

  say('2. two farms: pesticide use, harvest, residue test, 承诺达标合格证, shipment');
  for (const [farm, lot, qty, field] of [['farm-a', 'QK-20251126-A', '1200', 'F-03'], ['farm-b', 'CL-20251126-B', '600', 'N-07']] as const) {
    await logs[farm].inputUse({ eventTime: '2025-11-18T06:00:00+08:00', input: { type: 'pesticide', name: '吡虫啉', registration: 'PD20080127', quantity: { value: '0.5', unit: 'KGM' } }, target: { field }, safetyIntervalDays: 7 });
    await logs[farm].harvest({ eventTime: T(7), ...line(lot, qty), method: 'harvest', origin: { region: '福建省福州市', field } });
    await logs[farm].test({ eventTime: T(8), lot, test: { type: 'rapid', method: 'GB/T 5009.199', analyte: '有机磷和氨基甲酸酯类农药', result: 'pass' } });
    await logs[farm].certificate({ eventTime: T(8), ...line(lot, qty), certificate: { type: '承诺达标合格证', number: `HGZ-${lot}`, issuer: { name: farm }, issuedOn: '2025-11-26' }, origin: '福建省福州市' });
  }
  const shipA = await logs['farm-a'].ship({ eventTime: T(9), items: [line('QK-20251126-A', '1000')], destination: { enterprise: '91350100MA2XN8KX46' } });
  const shipB = await logs['farm-b'].ship({ eventTime: T(9), items: [line('CL-20251126-B', '600')], destination: { enterprise: '91350100MA2XN8KX46' } });

  say('3. wholesaler: receives both, splits farm A\'s lot, ships on');
  await logs.wholesaler.receive({ eventTime: T(10), items: [line('QK-20251126-A', '1000')], source: { enterprise: '91350100M000100Y43' }, status: 'accepted', shipment: shipA.ref });
  await logs.wholesaler.receive({ eventTime: T(10), items: [line('CL-20251126-B', '600')], source: { enterprise: '91350121MA31ABCD1Q' }, status: 'accepted', shipment: shipB.ref });
  await logs.wholesaler.transform({ eventTime: T(11), inputs: [line('QK-20251126-A', '1000')], outputs: [line('W-A-1', '500'), line('W-A-2', '500')], yield: { ratio: '1', tolerance: '0.01' } });
  const toMarket1 = await logs.wholesaler.ship({ eventTime: T(12), items: [line('W-A-1', '500')], destination: { enterprise: '92350102MA2MKT0013' } });
  const toProcessor = await logs.wholesaler.ship({ eventTime: T(12), items: [line('W-A-2', '300'), line('CL-20251126-B', '600')], destination: { enterprise: '91350104MA8PRC002R' } });

  say('4. processor: washes and cuts two inputs into a packed product, ships a pallet');
  await logs.processor.receive({ eventTime: T(13), items: [line('W-A-2', '300'), line('CL-20251126-B', '600')], source: { enterprise: '91350100MA2XN8KX46' }, status: 'accepted', shipment: toProcessor.ref });
  await logs.processor.transform({ eventTime: T(14), inputs: [line('W-A-2', '300'), line('CL-20251126-B', '600')], outputs: [line('P-MIX-1', '810', '净菜 (mixed greens)', '0102')], yield: { ratio: '0.9', tolerance: '0.05' } });
  await logs.processor.pack({ eventTime: T(14), container: { sscc: '106141411234567897', type: 'pallet' }, contents: [line('P-MIX-1', '810', '净菜 (mixed greens)', '0102')] });
  const toMarket2 = await logs.processor.ship({ eventTime: T(15), items: [{ sscc: '106141411234567897' }], destination: { enterprise: '92350103MA2MKT002L' } });

  say('5. markets: receive and sell at the counter, a trace code on every receipt');
  await logs['market-1'].receive({ eventTime: T(13), items: [line('W-A-1', '500')], source: { enterprise: '91350100MA2XN8KX46' }, status: 'accepted', shipment: toMarket1.ref });
  await logs['market-2'].receive({ eventTime: T(16), items: [{ sscc: '106141411234567897' }], source: { enterprise: '91350104MA8PRC002R' }, status: 'accepted', shipment: toMarket2.ref });
  const sales = [];
  for (let i = 0; i < 40; i++) sales.push(logs['market-1'].sale({ eventTime: T(17), ...line('W-A-1', '1.5'), traceCode: `SY-M1-${String(i).padStart(4, '0')}` }));
  for (let i = 0; i < 30; i++) sales.push(logs['market-2'].sale({ eventTime: T(17), ...line('P-MIX-1', '0.5', '净菜 (mixed greens)', '0102'), traceCode: `SY-M2-${String(i).padStart(4, '0')}` }));
  await Promise.all(sales); // batched durability: the sales share fsyncs
  const toRestaurant = await logs['market-2'].ship({ eventTime: T(18), items: [line('P-MIX-1', '50', '净菜 (mixed greens)', '0102')], destination: { enterprise: '92350105MA2RTN0038' } });
  say(`   ${sales.length} sales recorded (batched durability)`);

  say('6. restaurant: receives and cooks');
  await logs.restaurant.receive({ eventTime: T(19), items: [line('P-MIX-1', '50', '净菜 (mixed greens)', '0102')], source: { enterprise: '92350103MA2MKT002L' }, status: 'accepted', shipment: toRestaurant.ref });
  await logs.restaurant.cateringUse({ eventTime: T(20), ...line('P-MIX-1', '12', '净菜 (mixed greens)', '0102'), dish: '清炒时蔬' });

  say('7. every business checkpoints; everything is exported into one bundle');
  for (const name of Object.keys(logs) as Name[]) await logs[name].checkpoint();
  const bundlePath = join(dir, 'demo.bundle');
  const writer = BundleWriter.toFile(join(work, 'demo.bundle'), { created: Date.now(), description: 'suyuan demo: two farms to a restaurant' });
  await writer.addStore(stores.authority, authority.logId);
  for (const name of Object.keys(logs) as Name[]) await writer.addStore(stores[name], logs[name].logId);
  writer.finish();
  await authority.close();
  for (const name of Object.keys(logs) as Name[]) await logs[name].close();

  say(`8. the regulator verifies ${bundlePath} against the authority key`);
  // Verified first: the trace and the recall below come from the signed records of a valid bundle only.
  const opened = await openVerifiedBundle(join(work, 'demo.bundle'), { trust: [readSecretKeyFile(key('authority')).publicKey] });
  const report = opened.report;
  say(formatReport(report).split('\n').map((l) => `   ${l}`).join('\n'));
  if (opened.queries === undefined) {
    io.err(`demo check failed: the demo's own bundle is ${report.verdict}`);
    return EXIT.INVALID;
  }
  const q = opened.queries;
  say('9. a consumer\'s receipt SY-M2-0007 traced back to its farms');
  const back = q.traceBack({ traceCode: 'SY-M2-0007' });
  for (const o of back.origins) say(`   ${o.lot.enterprise} lot ${o.lot.lot}: harvest #${o.created.map((r) => r.seq).join(',')}, ${o.inputs.length} pesticide record(s), tests ${o.tests.map((t) => t.result).join(', ')}, ${o.certificates.length} 合格证`);

  say('10. recall of farm B\'s lot CL-20251126-B');
  const recall = q.recall([{ logId: logs['farm-b'].logId, lot: 'CL-20251126-B' }]);
  for (const b of recall.businesses) say(`   ${b.enterprise}: ${b.lots} lot(s), sold ${b.sold.mass ?? '0'} kg, served ${b.catered.mass ?? '0'} kg, on hand ${b.onHand.mass ?? '0'} kg`);

  const cli = ['demo', 'suyuan'].includes(process.env.npm_lifecycle_event ?? '') ? 'pnpm suyuan' : 'suyuan'; // the repository's scripts, or installed
  const trust = join(dir, 'authority.pub');
  const tryNext = [
    `${cli} verify ${bundlePath} --trust ${trust}`,
    `${cli} trace back ${bundlePath} --trust ${trust} --code SY-M1-0003`,
    `${cli} recall ${bundlePath} --trust ${trust} --lot 91350100M000100Y43:QK-20251126-A`,
    `${cli} show ${bundlePath} 91350100M000100Y43 1`,
    `${cli} inspect ${join(dir, 'logs', 'market-1')}`,
  ];
  say(`\nfiles: ${dir}/logs/* (one store per business), ${dir}/keys/*.key (mode 0600), ${bundlePath}, ${join(dir, 'authority.pub')}`);
  say('try next:');
  for (const t of tryNext) say(`  ${t}`);
  const ok = report.verdict === 'valid' && back.origins.length === 2 && recall.businesses.length === 5;
  if (f.json) io.out(toJson({ dir, bundle: bundlePath, trust: join(dir, 'authority.pub'), verdict: report.verdict, findings: report.findings, traceBack: { traceCode: 'SY-M2-0007', origins: back.origins }, recall: { lot: 'CL-20251126-B', businesses: recall.businesses }, tryNext }));
  if (!ok) io.err(`demo check failed: verdict ${report.verdict}, ${back.origins.length} origins, ${recall.businesses.length} businesses in the recall`);
  return ok ? EXIT.OK : EXIT.INVALID;
}
