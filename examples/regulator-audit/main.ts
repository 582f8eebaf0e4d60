/**
 * Regulator-audit example: three businesses each send the regulator a bundle of their log.
 * The regulator verifies each against the authority key only (nothing inside a bundle is
 * trusted by itself), sees exactly what is wrong with a tampered one, then joins the logs
 * to trace a lot back and forward and check mass balance: a market that sold more of a lot
 * than it ever received is caught.
 */
import { LogWriter, type Checkpoint, type RecordRef } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { LotGraph, LotQueries } from '@suyuan/food';
import { BundleWriter, ENROL_KIND, readBundleLogs, verifyBundle } from '@suyuan/verify';

const T = '2025-11-26T08:00:00+08:00';
const line = (lot: string, value: string) => ({ lot, product: { description: '草鱼', category: '0301' }, quantity: { value, unit: 'KGM' } });
const clock = () => 1_764_115_200_000;
const authorityKey = nodeSigner(new Uint8Array(32).fill(90));
const authority = LogWriter.create(authorityKey, { enterprise: '12350100MB0000000Q', meta: { role: 'authority' } }, { crypto: nodeCrypto, clock });
const authorityRecords = [authority.genesis];

function business(seed: number, enterprise: string, roles: string[]) {
  const signer = nodeSigner(new Uint8Array(32).fill(seed));
  authorityRecords.push(authority.append({ kind: ENROL_KIND, body: { key: signer.publicKey, enterprise, name: enterprise, roles, validFrom: 0 } }).bytes);
  const w = LogWriter.create(signer, { enterprise }, { crypto: nodeCrypto, clock });
  const records = [w.genesis];
  const add = (kind: string, body: object, refs: RecordRef[] = []): RecordRef => {
    const r = w.append({ kind, body: { eventTime: T, ...body }, refs });
    records.push(r.bytes);
    return { logId: w.logId, seq: r.seq, leafHash: r.leafHash };
  };
  return { w, records, add, enterprise };
}

const farm = business(91, '91350100M000100Y43', ['farm']);
const market = business(92, '92350102MA2MKT0013', ['market']);
const canteen = business(93, '92350105MA2RTN0038', ['restaurant']);
farm.add('food.harvest', { ...line('FISH-7', '300'), method: 'catch' });
const toMarket = farm.add('food.ship', { items: [line('FISH-7', '200')], destination: { enterprise: market.enterprise } });
const toCanteen = farm.add('food.ship', { items: [line('FISH-7', '100')], destination: { enterprise: canteen.enterprise } });
market.add('food.receive', { items: [line('FISH-7', '200')], source: { enterprise: farm.enterprise }, status: 'accepted' }, [toMarket]);
for (let i = 0; i < 9; i++) market.add('food.sale', { ...line('FISH-7', '25'), traceCode: `FM-${i}` }); // 225 kg sold of 200 received
canteen.add('food.receive', { items: [line('FISH-7', '100')], source: { enterprise: farm.enterprise }, status: 'accepted' }, [toCanteen]);
canteen.add('food.catering-use', { ...line('FISH-7', '40'), dish: '酸菜鱼' });

const authorityCp = await authority.checkpoint();
async function bundleOf(b: ReturnType<typeof business>): Promise<Uint8Array> {
  const cp: Checkpoint = await b.w.checkpoint();
  const writer = BundleWriter.toMemory({ created: Date.now(), description: `sent by ${b.enterprise}` });
  writer.addLog({ logId: authority.logId, records: authorityRecords, checkpoints: [authorityCp] });
  writer.addLog({ logId: b.w.logId, records: b.records, checkpoints: [cp] });
  return writer.finish()!;
}
const received = { farm: await bundleOf(farm), market: await bundleOf(market), canteen: await bundleOf(canteen) };

// The canteen's bundle was altered on the way: one byte of its catering record.
const tampered = Uint8Array.from(received.canteen);
tampered[Buffer.from(tampered).indexOf('酸菜鱼')]! ^= 0x01;

// Each bundle holds one business's log: its references to the others' logs cannot be
// resolved inside it (REF_LOG_ABSENT, a warning) until the logs are joined below.
for (const [name, bytes] of [...Object.entries(received), ['canteen (as received, altered)', tampered] as const]) {
  const r = await verifyBundle(bytes, { trust: [authorityKey.publicKey], food: false });
  const where = (f: (typeof r.findings)[number]) => [f.logId && `log ${f.logId.slice(0, 8)}…`, f.seq !== undefined && `seq ${f.seq}`, f.offset !== undefined && `byte ${f.offset}`].filter(Boolean).join(', ');
  console.log(`${name.padEnd(32)} ${r.verdict}${r.findings.length ? `: ${r.findings.map((f) => `${f.code} (${where(f)})`).join('; ')}` : ''}`);
}

// The genuine bundles joined: trace and mass balance across businesses.
const logs = Object.values(received).flatMap((b) => readBundleLogs(b).logs);
const unique = logs.filter((l, i) => logs.findIndex((m) => Buffer.compare(m.logId, l.logId) === 0) === i);
const graph = LotGraph.build(unique);
const q = new LotQueries(graph);
const back = q.traceBack({ traceCode: 'FM-3' });
console.log(`trace back from receipt FM-3: origin ${back.origins.map((o) => `${o.lot.enterprise}/${o.lot.lot}`).join(', ')}`);
const fwd = q.traceForward({ logId: farm.w.logId, lot: 'FISH-7' });
console.log(`trace forward from the farm's FISH-7: ${fwd.endpoints.map((e) => `${e.lot.enterprise} (sold ${e.sold.mass ?? 0} kg, served ${e.catered.mass ?? 0} kg)`).join('; ')}`);
for (const f of graph.findings.filter((x) => x.code === 'FOOD_OVERDRAWN')) {
  console.log(`mass balance: ${f.code} at ${graph.logs[graph.logNumber(f.logId!)!]!.enterprise}: ${f.message}; evidence: ${f.evidence!.length} records`);
}
