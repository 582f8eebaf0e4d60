/**
 * Market-system example: a farmers' market's till embeds Suyuan through the `suyuan` SDK
 * alone. Vendors stock in against their supplier's shipment references, then a day of sales
 * at counter speed is recorded in batched durability, each with a trace code and its URI,
 * with an automatic checkpoint every simulated minute. Once the till has acknowledged a few
 * thousand sales its process is killed (SIGKILL) and restarted: every sale that was
 * acknowledged is still there. The day ends with a bundle a regulator verifies.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, verifyBundle, type LotLine } from 'suyuan';

const MARKET = '92350102MA2MKT0013';
const SUPPLIER = '91350100MA2XN8KX46';
const HUB = 'trace.example.cn'; // serves https://trace.example.cn/t/{code}, what the receipt's QR code opens
const VENDORS = ['V01', 'V02', 'V03', 'V04'];
const SALES = 20_000;
const PER_MINUTE = 500; // sales in a simulated minute: an automatic checkpoint after each
const KILL_AFTER = 3_000; // acknowledged sales before the till is killed
const IN_FLIGHT = 200; // sales the counters have under way at once
const T = '2025-11-26T08:00:00+08:00';
const line = (lot: string, value: string): LotLine => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
const lotOf = (i: number) => `${VENDORS[i % VENDORS.length]}-L1`;

/** The market's ledger, as the till opens it: batched durability, a checkpoint every 500 sales. */
const openMarket = (dir: string) => Ledger.open({ dir, enterprise: MARKET, hub: HUB, durability: 'batched', autoCheckpoint: { records: PER_MINUTE } });

/**
 * The till: records sales `from`…SALES-1, printing `ack <sale> <seq> <trace code> <uri>` once
 * each is durable, until killed or done.
 */
async function till(dir: string, from: number): Promise<void> {
  const ledger = await openMarket(dir);
  const pending: Promise<void>[] = [];
  for (let i = from; i < SALES; i++) {
    pending.push(ledger.sale({ eventTime: T, ...line(lotOf(i), '0.5') }).then((s) => {
      process.stdout.write(`ack ${i} ${s.seq} ${s.traceCode.code} ${s.traceCode.uri}\n`);
    }));
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  await Promise.all(pending);
  await ledger.close(); // signs a checkpoint over the rest of the day
}

if (process.argv[2] === '--till') {
  await till(process.argv[3]!, Number(process.argv[4]));
  process.exit(0);
}

interface Ack { sale: number; seq: number; code: string; uri: string }

const dir = mkdtempSync(join(tmpdir(), 'suyuan-market-'));
try {
  // The supplier's system ships each vendor's lot and prints the shipment reference on the
  // dispatch note; the market receives (stock-in) against it.
  const supplier = await Ledger.open({ dir: join(dir, 'supplier'), enterprise: SUPPLIER });
  const market = await openMarket(join(dir, 'market'));
  for (const v of VENDORS) {
    const shipped = await supplier.ship({ eventTime: T, items: [line(`${v}-L1`, '4000')], destination: { enterprise: MARKET } });
    await market.receive({ eventTime: T, items: [line(`${v}-L1`, '4000')], source: { enterprise: SUPPLIER }, status: 'accepted', shipment: shipped.ref });
  }
  const stocked = market.size; // the genesis and the receipts; sales come after
  await market.close();
  await supplier.close();
  console.log(`stock-in: ${VENDORS.length} vendor lots received against the supplier's shipment references`);

  // The till runs in its own process; it is killed once it has acknowledged KILL_AFTER sales
  // (counted from its own output, so never before it has really started).
  const started = Date.now();
  const run = (from: number, killAfterAcks?: number) => new Promise<Ack[]>((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--till', join(dir, 'market'), String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: Ack[] = [];
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const [tag, sale, seq, code, uri] = l.split(' ');
        if (tag === 'ack') acked.push({ sale: Number(sale), seq: Number(seq), code: code!, uri: uri! });
      }
      if (killAfterAcks !== undefined && acked.length >= killAfterAcks) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve(acked));
  });
  const beforeCrash = await run(0, KILL_AFTER);
  const last = beforeCrash.at(-1)!;
  console.log(`receipt of sale ${last.sale}: trace code ${last.code}, QR code for ${last.uri}`);

  // Reopening recovers the store; every acknowledged sale is in the ledger at the seq it was given.
  const reopened = await openMarket(join(dir, 'market'));
  const afterCrash = reopened.size - stocked; // sales now in the ledger (sale i is at seq stocked + i)
  const survived = beforeCrash.filter((a) => a.seq === stocked + a.sale && a.seq < reopened.size).length;
  // The last acknowledged sale's trace code leads back to the supplier's lot it was received from.
  const back = await reopened.trace(last.code);
  const { recovery } = reopened.inspect();
  await reopened.close();
  console.log(`crash: the till was killed after ${beforeCrash.length} acknowledged sales; after restart the ledger holds ${afterCrash} sales (reopening found ${recovery.records} records${recovery.tornTail ? `, cut a torn tail of ${recovery.tornTail.bytesDropped} bytes` : ''})`);
  console.log(`survived: ${survived} of ${beforeCrash.length} acknowledged sales (and ${afterCrash - survived} written but not yet acknowledged)`);
  console.log(`acknowledged sales lost: ${beforeCrash.length - survived}`);
  console.log(`trace ${last.code}: lot ${[...new Set(back.lots.map((l) => `${l.enterprise}/${l.lot}`))].join(', ')}, received against ${back.gaps.length} shipment record(s) in the supplier's ledger`);

  const afterRestart = await run(afterCrash);
  const seconds = (Date.now() - started) / 1000;

  // The regulator's copy: the whole day as a bundle, verified offline.
  const day = await openMarket(join(dir, 'market'));
  const sales = day.size - stocked;
  const bundle = await day.exportBundle(join(dir, 'market-day.bundle'));
  await day.close();
  const report = await verifyBundle(bundle.path, { trust: [] });
  const log = report.logs[0]!;
  console.log(`day done: ${sales} sales with trace codes in ${seconds.toFixed(1)} s including the crash and two process starts (${Math.round(SALES / seconds)} sales/s); ${afterRestart.length} after the restart`);
  // The market's bundle alone proves its own log: framing, chain, signatures and checkpoints.
  // The supplier's log (the receipts' references) and the authority that enrols the market are
  // in the regulator's bundle of the whole chain, not here: those findings are left to it.
  const own = report.layers.bundle === 'ok' && report.layers.log === 'ok';
  console.log(`verification: the market's log ${own ? 'valid' : 'INVALID'} (its chain, signatures and checkpoints), ${log.signedSize} of ${log.records} records under a signed checkpoint`);
  console.log(`left to the regulator's bundle of the whole chain: ${[...new Set(report.findings.map((f) => f.code))].join(', ') || 'nothing'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
