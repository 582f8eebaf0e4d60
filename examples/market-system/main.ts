/**
 * Market-system example: a farmers' market embeds Suyuan. Vendors stock in against their
 * suppliers' ship records, then a day of sales at counter speed is recorded in batched
 * durability, each with a trace code, with a checkpoint every simulated minute. Once the till
 * has acknowledged a few thousand sales its process is killed (SIGKILL) and restarted: every
 * sale that was acknowledged is still there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWriter, concatBytes, verifyLog, type RecordRef } from '@suyuan/core';
import { nodeCrypto, nodeSigner } from '@suyuan/core/node';
import { DurableLog, FileLogStore } from '@suyuan/store';

const MARKET = '92350102MA2MKT0013';
const SUPPLIER = '91350100MA2XN8KX46';
const MARKET_KEY = new Uint8Array(32).fill(42); // in production: readSecretKeyFile('market.key')
const VENDORS = ['V01', 'V02', 'V03', 'V04'];
const SALES = 20_000;
const PER_MINUTE = 500; // sales in a simulated minute: a checkpoint after each
const KILL_AFTER = 3_000; // acknowledged sales before the till is killed
const T = '2025-11-26T08:00:00+08:00';
const line = (lot: string, value: string) => ({ lot, product: { description: '青菜', category: '0101' }, quantity: { value, unit: 'KGM' } });
const lotOf = (i: number) => `${VENDORS[i % VENDORS.length]}-L1`;

/** The till: appends sales from `from` on, printing each acknowledged trace code, until killed or done. */
async function till(dir: string, from: number): Promise<void> {
  const log = await DurableLog.open(await FileLogStore.open(dir, { mode: 'batched' }), nodeSigner(MARKET_KEY));
  const pending: Promise<void>[] = [];
  for (let i = from; i < SALES; i++) {
    const traceCode = `SY-${String(i).padStart(6, '0')}`;
    pending.push(log.append({ kind: 'food.sale', body: { eventTime: T, ...line(lotOf(i), '0.5'), traceCode } }).then(() => { process.stdout.write(`ack ${i}\n`); }));
    if (pending.length >= 200) await pending.shift();
    if ((i + 1) % PER_MINUTE === 0) await log.checkpoint();
  }
  await Promise.all(pending);
  await log.checkpoint();
  await log.close();
}

if (process.argv[2] === '--till') {
  await till(process.argv[3]!, Number(process.argv[4]));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'suyuan-market-'));
try {
  // A supplier ships each vendor's lot; the market receives them (stock-in) against the ship records.
  const supplier = LogWriter.create(nodeSigner(new Uint8Array(32).fill(41)), { enterprise: SUPPLIER }, { crypto: nodeCrypto });
  const market = await DurableLog.create(await FileLogStore.open(join(dir, 'market'), { mode: 'batched' }), nodeSigner(MARKET_KEY), { enterprise: MARKET });
  for (const v of VENDORS) {
    const ship = supplier.append({ kind: 'food.ship', body: { eventTime: T, items: [line(`${v}-L1`, '4000')], destination: { enterprise: MARKET } } });
    const ref: RecordRef = { logId: supplier.logId, seq: ship.seq, leafHash: ship.leafHash };
    await market.append({ kind: 'food.receive', body: { eventTime: T, items: [line(`${v}-L1`, '4000')], source: { enterprise: SUPPLIER }, status: 'accepted' }, refs: [ref] });
  }
  await market.checkpoint();
  await market.close();
  console.log(`stock-in: ${VENDORS.length} vendor lots received against the supplier's ship records`);

  // The till runs in its own process; it is killed once it has acknowledged KILL_AFTER sales
  // (counted from its own output, so never before it has really started).
  const started = Date.now();
  const run = (from: number, killAfterAcks?: number) => new Promise<number[]>((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--till', join(dir, 'market'), String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: number[] = [];
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) if (l.startsWith('ack ')) acked.push(Number(l.slice(4)));
      if (killAfterAcks !== undefined && acked.length >= killAfterAcks) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve(acked));
  });
  const beforeCrash = await run(0, KILL_AFTER);
  const reopened = await FileLogStore.open(join(dir, 'market'));
  const afterCrash = reopened.size - 1 - VENDORS.length; // sales now in the log (sale i is at seq 5 + i)
  await reopened.close();
  const survived = beforeCrash.filter((i) => i < afterCrash).length;
  console.log(`crash: the till was killed after ${beforeCrash.length} acknowledged sales; after restart the log holds ${afterCrash} sales`);
  console.log(`survived: ${survived} of ${beforeCrash.length} acknowledged sales (and ${afterCrash - survived} written but not yet acknowledged)`);
  console.log(`acknowledged sales lost: ${beforeCrash.length - survived}`);

  await run(afterCrash);
  const seconds = (Date.now() - started) / 1000;
  const store = await FileLogStore.open(join(dir, 'market'), { readOnly: true });
  const records = await store.readRange(0, store.size);
  const report = verifyLog(concatBytes(records), { crypto: nodeCrypto, checkpoints: await store.checkpoints() });
  await store.close();
  console.log(`day done: ${store.size - 1 - VENDORS.length} sales with trace codes in ${seconds.toFixed(1)} s including the crash and two process starts (${Math.round(SALES / seconds)} sales/s)`);
  console.log(`verification: ${report.verdict}, ${report.signedSize} of ${report.records} records under a signed checkpoint`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
